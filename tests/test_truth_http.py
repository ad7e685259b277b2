"""Issue 16's contract through the HTTP service: risk, connectivity and contact paths.

One service on a real SQLite file serves every random document in turn (each written with
``replace``), so its projection and path caches live across requests exactly as in
production: several people ask for paths in random order on one cached projection, and
every answer must equal a fresh projection's. The risk rows are held to the oracle, claim
by claim.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from graph.analysis.projection import collaboration_graph
from graph.core.access import AccessLog, Role
from graph.reports.paths import k_best_paths, resolve
from graph.store.sqlite_store import SQLiteStore
from tests.test_truth_oracle import (
    DAY,
    check_risk_rows,
    documents,
    exact_kappa,
    load,
    partition,
    separates,
    target_people,
)
from tests.test_truth_properties import _targets, askers_in_random_order, check_answer

Service = tuple[TestClient, SQLiteStore, dict[str, str]]
HTTP = settings(deadline=None, derandomize=True, database=None, max_examples=60,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    db = tmp_path_factory.mktemp("truth") / "truth.db"
    store = SQLiteStore(db)
    access = AccessLog(db)
    headers = {"Authorization": f"Bearer {access.add_user('Helena', Role.DIRECTOR)}",
               "X-Purpose": "analys"}
    yield TestClient(create_app(store, access)), store, headers
    store.close()


def _get(client: TestClient, path: str, headers: dict[str, str], **params: Any) -> Any:
    response = client.get(path, params={"as_of": DAY.isoformat(), **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


@HTTP
@given(data=documents(max_people=22))
def test_risk_and_connectivity_over_http_hold_to_the_oracle(service: Service,
                                                            data: dict[str, Any]) -> None:
    client, store, headers = service
    store.write(data, replace=True)
    G = collaboration_graph(load(data), as_of=DAY)
    rows = _get(client, "/api/v1/analyses/risk", headers, top=1000)
    check_risk_rows(data, G, rows, 0)
    part = partition(data, G, 0)
    for row in _get(client, "/api/v1/analyses/connectivity", headers):
        pair = tuple(row["organisations"])
        assert row["connectivity"] == exact_kappa(G, part, pair)
        assert len(row["cut"]) == row["connectivity"] and separates(G, part, pair, row["cut"])
        if row["cut_is_all_of"] is not None:
            assert {part[p] for p in row["cut"]} == {row["cut_is_all_of"]}


@HTTP
@given(data=documents(max_people=22), choice=st.data())
def test_paths_over_http_do_not_depend_on_who_asked_before(
        service: Service, data: dict[str, Any], choice: st.DataObject) -> None:
    client, store, headers = service
    store.write(data, replace=True)
    doc = load(data)
    G = collaboration_graph(doc, as_of=DAY)
    targets = _targets(data, G)
    if not targets:
        return
    rnd = choice.draw(st.randoms(use_true_random=False))
    # all on the service's one projection, in random order
    for ref, asker in askers_in_random_order(rnd, data, G, targets):
        got = _get(client, "/api/v1/paths", headers, **{"from": asker, "to": ref, "k": 3})
        fresh = collaboration_graph(doc, as_of=DAY)
        want = json.loads(json.dumps(k_best_paths(fresh, asker, resolve(fresh, ref), k=3)))
        assert got == want, (ref, asker)
        check_answer(G, asker, target_people(G, data, ref), got)

"""Scoped contact paths: a search limited to a förbund stays inside its people.

The oracle is networkx's k shortest simple paths on the subgraph induced by the people the
construction puts in the förbund (tests/test_scope.py's national documents: AF, FK and a
region staff several förbund, ties cross förbund), made harder here with leavers, ended and
dated ties, a one-person unit and fragmented networks. Claims are checked both ways: every
scoped answer equals the oracle, and the scope changes some answers (a path through
another förbund is cheaper), so a search that ignored the scope would fail here.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Hashable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analysis.projection import collaboration_graph
from graph.core.access import AccessLog, Role
from graph.model.document import load_document
from graph.reports.contact_answer import contact_answer
from graph.reports.paths import hop_cost
from graph.store.sqlite_store import SQLiteStore
from tests.test_cli import run
from tests.test_scope import national

DAY = date(2026, 1, 1)  # tests/conftest.py freezes today here


def harder(seed: int) -> tuple[dict[str, Any], dict[str, set[str]]]:
    """A national document with leavers, ended and dated ties, a one-person unit in f1,
    and (odd seeds) a third of the ties dropped, so that förbund fall apart."""
    data, members = national(seed)
    rnd = random.Random(seed)
    data["organisations"].append({"id": "f1-ensam", "name": "f1-ensam", "kind": "unit",
                                  "parent": "f1"})
    data["people"].append({"id": "f1-ensam.0", "name": "Ensam", "organisation": "f1-ensam"})
    members["f1"].add("f1-ensam.0")
    f1 = sorted(members["f1"] - {"f1-ensam.0"})
    data["ties"].append({"a": "f1-ensam.0", "b": rnd.choice(f1), "strength": 3})
    for person in data["people"]:
        # Seat holders (".0") stay: a förbund's units are in its scope through their seats.
        if not person["id"].endswith(".0") and rnd.random() < 0.08:
            person["until"] = "2025-06-30"
    ties = [t for t in data["ties"] if not (seed % 2 and rnd.random() < 0.33)]
    for tie in ties:
        tie["last_contact"] = rnd.choice([None, "2025-12-01", "2025-05-01", "2023-01-01"])
        if rnd.random() < 0.05:
            tie["until"] = "2025-01-31"
    data["ties"] = [{k: v for k, v in t.items() if v is not None} for t in ties]
    return data, members


def oracle(G: nx.Graph, people: set[str], source: str, target: str, k: int = 3
           ) -> list[float]:
    """Costs of the k cheapest simple paths inside the induced subgraph (networkx)."""
    sub = nx.Graph(G.subgraph(people & set(G)))
    for _, _, data in sub.edges(data=True):
        data["w"] = hop_cost(data, DAY)[0]
    if not nx.has_path(sub, source, target):
        return []
    found = itertools.islice(nx.shortest_simple_paths(sub, source, target, weight="w"), k)
    return [nx.path_weight(sub, p, "w") for p in found]


def pairs(rnd: random.Random, people: list[Hashable], n: int) -> list[tuple[str, str]]:
    return [(str(a), str(b)) for a, b in (rnd.sample(people, 2) for _ in range(n))]


@pytest.mark.parametrize("seed", range(8))
def test_scoped_paths_equal_networkx_on_the_induced_subgraph(seed: int) -> None:
    data, members = harder(seed)
    G = collaboration_graph(load_document(data))
    rnd = random.Random(seed)
    differs = 0
    for f in ("f0", "f1"):
        inside = sorted(members[f] & set(G))
        for source, target in pairs(rnd, list(inside), 12):
            answer = contact_answer(G, source, target=target, k=3, scope=(f,))
            want = oracle(G, members[f], source, target)
            assert [p["cost"] for p in answer["paths"]] == pytest.approx(want, abs=1e-3)
            assert all(set(p["people"]) <= members[f] for p in answer["paths"])
            if not want:
                assert answer["reason"]["code"] in {"no_tie", "other_federation"}
            everywhere = contact_answer(G, source, target=target, k=3)
            differs += [p["cost"] for p in everywhere["paths"]] != [
                p["cost"] for p in answer["paths"]]
    # The scope is not a no-op on these graphs: some answers change when it is dropped.
    assert differs


@pytest.mark.parametrize("seed", range(4))
def test_an_asker_or_target_outside_the_scope_is_told_so(seed: int) -> None:
    data, members = harder(seed)
    G = collaboration_graph(load_document(data))
    rnd = random.Random(seed)
    inside = rnd.choice(sorted(members["f1"] & set(G)))
    outside = rnd.choice(sorted(set(G) - members["f1"]))
    for source, target in ((outside, inside), (inside, outside)):
        answer = contact_answer(G, source, target=target, scope=("f1",))
        assert answer["paths"] == [] and answer["reason"]["code"] == "outside_scope"
        assert "hör inte till Förbund 1, som sökningen är begränsad till" in \
            answer["reason"]["text"]
    # An organisation whose people are all outside: the same reason, named.
    answer = contact_answer(G, inside, target="f2-fk", kind="org", scope=("f1",))
    assert answer["reason"]["code"] == "outside_scope"
    assert answer["reason"]["text"].startswith("Organisationen f2-fk hör inte till")
    # Unscoped, the same questions are asked across förbund as before.
    unscoped = contact_answer(G, outside, target=inside)["reason"]
    assert unscoped is None or unscoped["code"] != "outside_scope"


@pytest.fixture
def national_service(tmp_path: Path
                     ) -> Iterator[tuple[str, TestClient, dict[str, str], dict[str, set[str]]]]:
    data, members = harder(4)
    db = tmp_path / "national.db"
    store = SQLiteStore(db)
    store.write(data, replace=True)
    access = AccessLog(db)
    headers = {"Authorization": f"Bearer {access.add_user('Sara', Role.STAFF)}",
               "X-Purpose": "kontakt"}
    yield str(db), TestClient(create_app(store, access)), headers, members
    store.close()
    access.close()


def test_cli_and_http_give_the_same_scoped_paths(
        capsys: pytest.CaptureFixture[str],
        national_service: tuple[str, TestClient, dict[str, str], dict[str, set[str]]]
        ) -> None:
    db, client, headers, members = national_service
    G = collaboration_graph(load_document(harder(4)[0]))
    rnd = random.Random(4)
    inside = sorted(members["f2"] & set(G))
    for source, target in pairs(rnd, list(inside), 6):
        code, out, _ = run(capsys, "--db", db, "paths", source, target, "--scope", "f2",
                           "--json")
        assert code == 0
        by_cli = json.loads(out)
        by_http = client.get("/api/v1/paths", params={
            "from": source, "to": target, "scope": "f2"}, headers=headers)
        assert by_http.status_code == 200, by_http.text
        assert by_http.json() == by_cli
        answer = client.get("/api/v1/contact-answer", params={
            "from": source, "to": target, "scope": "f2"}, headers=headers).json()
        assert answer["paths"] == by_cli
        assert [p["cost"] for p in by_cli] == pytest.approx(
            oracle(G, members["f2"], source, target), abs=1e-3)

    outside = next(p for p in sorted(G) if p not in members["f2"])
    got = client.get("/api/v1/paths", params={"from": outside, "to": inside[0],
                                              "scope": "f2"}, headers=headers)
    assert got.status_code == 404
    assert got.json()["detail"].startswith("Jag är: ") and "hör inte till Förbund 2" in got.text
    got = client.get("/api/v1/paths", params={"from": inside[0], "to": "org:f0-fk",
                                              "scope": "f2"}, headers=headers)
    assert got.status_code == 404, got.text
    code, out, err = run(capsys, "--db", db, "paths", inside[0], outside, "--scope", "f2")
    assert code != 0 and "to: " in out + err and "hör inte till Förbund 2" in out + err
    got = client.get("/api/v1/paths", params={"from": inside[0], "to": inside[1],
                                              "scope": "f2,nej"}, headers=headers)
    assert got.status_code == 422, got.text
    # The page's label in the sentence; the problem keeps the API's name for clients.
    assert got.json()["detail"] == "Samordningsförbund: okänd organisation 'nej'"
    assert got.json()["problems"][0]["path"] == "scope"
    got = client.get("/api/v1/contact-answer", params={"from": outside, "to": inside[0],
                                                       "scope": "f2"}, headers=headers)
    assert got.status_code == 200 and got.json()["reason"]["code"] == "outside_scope"

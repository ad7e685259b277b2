"""Scoped analyses equal the same analysis on the förbund's own subgraph.

The random documents here are national in miniature: AF, FK and a region staff several
förbund through units of their own trees, each förbund's forums seat people of those
units, and a share of ties cross förbund. Who belongs to which förbund is known from the
construction, so the oracle does not use the code under test: networkx on the subgraph
induced by those people.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analysis.connectivity import organisation_connectivity
from graph.analysis.projection import collaboration_graph
from graph.analysis.scope import parse_scope, scope_people, scoped
from graph.core.access import AccessLog, Role
from graph.core.errors import DocumentError
from graph.model.document import load_document
from graph.reports.key_persons import risk_report
from graph.reports.spanners import organisation_at_level, spanner_report
from graph.store.sqlite_store import SQLiteStore
from tests.test_cli import run
from tests.test_truth_oracle import exact_kappa

PARTIES = ("af", "fk", "reg")


def national(seed: int, federations: int = 3) -> tuple[dict[str, Any], dict[str, set[str]]]:
    """A document and, per förbund, the people the construction puts in it."""
    rnd = random.Random(seed)
    orgs: list[dict[str, Any]] = [{"id": p, "name": p.upper(), "kind": "agency"}
                                  for p in PARTIES]
    people: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    memberships: list[dict[str, Any]] = []
    members: dict[str, set[str]] = {}
    staff: dict[str, list[str]] = {}  # unit -> people
    for i in range(federations):
        f = f"f{i}"
        orgs.append({"id": f, "name": f"Förbund {i}", "kind": "federation"})
        units = [f] + [f"{f}-{p}" for p in PARTIES]
        orgs += [{"id": u, "name": u, "kind": "unit", "parent": u.split("-")[1]}
                 for u in units[1:]]
        for u in units:
            staff[u] = [f"{u}.{k}" for k in range(rnd.randint(2, 7))]
            people += [{"id": p, "name": p, "organisation": u} for p in staff[u]]
        members[f] = {p for u in units for p in staff[u]}
        groups.append({"id": f"{f}-strat", "name": "Samverkansgrupp", "organisation": f})
        memberships += [{"person": staff[u][0], "group": f"{f}-strat"} for u in units]
    # Head-office staff sit in a national forum of their own and must stay out of every
    # förbund; one of them also sits in f0's forum, which brings in AF's head office only.
    staff["af"] = ["af.0", "af.1"]
    people += [{"id": p, "name": p, "organisation": "af"} for p in staff["af"]]
    memberships.append({"person": "af.0", "group": "f0-strat"})
    members["f0"] |= {"af.0", "af.1"}
    everyone = [p["id"] for p in people]
    ties = set()
    for _ in range(len(everyone) * 2):
        a, b = rnd.sample(everyone, 2)
        ties.add((min(a, b), max(a, b)))
    doc = {"organisations": orgs, "people": people, "groups": groups,
           "memberships": memberships,
           "ties": [{"a": a, "b": b, "strength": rnd.randint(1, 5)} for a, b in sorted(ties)]}
    return doc, members


def _graph(seed: int) -> tuple[nx.Graph, dict[str, set[str]]]:
    data, members = national(seed)
    return collaboration_graph(load_document(data)), members


@pytest.mark.parametrize("seed", range(6))
def test_a_forbund_is_its_units_and_the_units_seated_in_its_forums(seed: int) -> None:
    G, members = _graph(seed)
    for f, people in members.items():
        H = scoped(G, (f,))
        assert set(H) == people
        oracle = G.subgraph(people)
        assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in oracle.edges}
        assert all(H.edges[e] == G.edges[e] for e in H.edges)
        assert [p for p in H] == [p for p in G if p in people]  # G's order, run to run
        # Formal positions name people in scope only (a seat is not held from outside).
        assert {p for seats in H.graph["seats"].values() for p in seats} == {
            p for seats in G.graph["seats"].values() for p in seats if p in people}


def test_an_organisation_subtree_is_that_subtree_only() -> None:
    G, _ = _graph(1)
    assert set(scoped(G, ("fk",))) == {p for p in G if p.split(".")[0].endswith("-fk")}
    assert set(scoped(G, ("f1-fk", "f2-af"))) == {
        p for p in G if p.split(".")[0] in ("f1-fk", "f2-af")}


@pytest.mark.parametrize("seed", range(6))
def test_scoped_spanners_equal_networkx_on_the_induced_subgraph(seed: int) -> None:
    G, members = _graph(seed)
    f = f"f{seed % 3}"
    sub = G.subgraph(members[f])
    report = spanner_report(scoped(G, (f,)))
    ref = nx.betweenness_centrality(sub)
    assert {r["person"] for r in report.rows} == set(sub)
    for row in report.rows:
        assert row["betweenness"] == pytest.approx(ref[row["person"]], abs=1e-12)
    part = organisation_at_level(G, 0)
    for pair in report.organisation_pairs:
        a, b = pair["organisations"]
        direct = sum(1 for u, v in sub.edges if {part[u], part[v]} == {a, b})
        assert pair["direct_ties"] == direct


@pytest.mark.parametrize("seed", range(6))
def test_scoped_risk_and_connectivity_equal_networkx_on_the_induced_subgraph(seed: int
                                                                          ) -> None:
    data, members = national(seed)
    doc = load_document(data)
    G = collaboration_graph(doc)
    f = f"f{seed % 3}"
    sub = nx.Graph(G.subgraph(members[f]))
    H = scoped(G, (f,))
    cut_points = set(nx.articulation_points(sub))
    rows = risk_report(doc, H)
    assert {r["person"] for r in rows} == set(sub)
    assert {r["person"] for r in rows if r["articulation_point"]} == cut_points
    part = organisation_at_level(G, 0)
    result = organisation_connectivity(H, organisation_at_level(H, 0))
    together = {tuple(sorted(p)) for piece in nx.connected_components(sub)
                for p in itertools.combinations({part[x] for x in piece}, 2)}
    assert {r.organisations for r in result} == together
    for r in result:
        assert r.connectivity == exact_kappa(sub, part, r.organisations)


def test_scope_is_kept_per_projection_and_none_is_the_whole_graph() -> None:
    G, _ = _graph(0)
    assert scoped(G, ()) is G
    assert scoped(G, ("f0",)) is scoped(G, ("f0",))
    assert parse_scope("f1, af,f1") == ("af", "f1")


def test_an_unknown_organisation_names_the_scope_field() -> None:
    G, _ = _graph(0)
    with pytest.raises(DocumentError) as err:
        scope_people(G, ["f0", "finns-inte"])
    assert str(err.value) == "scope: okänd organisation 'finns-inte'"


@pytest.fixture
def national_db(tmp_path: Path) -> Iterator[tuple[str, SQLiteStore, dict[str, set[str]]]]:
    data, members = national(3)
    db = tmp_path / "national.db"
    store = SQLiteStore(db)
    store.write(data, replace=True)
    yield str(db), store, members
    store.close()


def test_cli_scope_gives_the_forbund_alone(
        capsys: pytest.CaptureFixture[str],
        national_db: tuple[str, SQLiteStore, dict[str, set[str]]]) -> None:
    db, store, members = national_db
    sub = nx.Graph(store.collaboration_graph().subgraph(members["f1"]))
    code, out, _ = run(capsys, "--db", db, "analyze", "spanners", "--scope", "f1",
                        "--top", "1000", "--json")
    assert code == 0
    ref = nx.betweenness_centrality(sub)
    rows = json.loads(out)
    assert {r["person"]: r["betweenness"] for r in rows} == pytest.approx(ref, abs=1e-12)
    code, out, _ = run(capsys, "--db", db, "analyze", "risk", "--scope", "f1",
                        "--top", "1000", "--json")
    assert {r["person"] for r in json.loads(out) if r["articulation_point"]} == set(
        nx.articulation_points(sub))
    code, out, _ = run(capsys, "--db", db, "analyze", "connectivity", "--scope", "f1,f2",
                        "--json")
    assert code == 0
    both = nx.Graph(store.collaboration_graph().subgraph(members["f1"] | members["f2"]))
    part = organisation_at_level(both, 0)
    for row in json.loads(out):
        assert row["connectivity"] == exact_kappa(both, part, tuple(row["organisations"]))
    code, out, err = run(capsys, "--db", db, "analyze", "risk", "--scope", "f9", "--json")
    assert code != 0 and "scope: okänd organisation 'f9'" in out + err


def test_http_scope_gives_the_forbund_alone(
        tmp_path: Path, national_db: tuple[str, SQLiteStore, dict[str, set[str]]]) -> None:
    db, store, members = national_db
    access = AccessLog(Path(db))
    headers = {"Authorization": f"Bearer {access.add_user('Helena', Role.DIRECTOR)}",
               "X-Purpose": "analys"}
    client = TestClient(create_app(store, access))
    sub = nx.Graph(store.collaboration_graph().subgraph(members["f2"]))
    got = client.get("/api/v1/analyses/spanners", params={"scope": "f2", "top": 1000},
                     headers=headers)
    assert got.status_code == 200, got.text
    ref = nx.betweenness_centrality(sub)
    assert {r["person"]: r["betweenness"] for r in got.json()} == pytest.approx(ref, abs=1e-12)
    got = client.get("/api/v1/analyses/risk", params={"scope": "f2", "top": 1000},
                     headers=headers)
    assert {r["person"] for r in got.json() if r["articulation_point"]} == set(
        nx.articulation_points(sub))
    part = organisation_at_level(sub, 0)
    got = client.get("/api/v1/analyses/connectivity", params={"scope": "f2"}, headers=headers)
    assert [r["connectivity"] for r in got.json()] == [
        exact_kappa(sub, part, tuple(r["organisations"])) for r in got.json()]
    got = client.get("/api/v1/map", params={"scope": "f2"}, headers=headers)
    assert got.status_code == 200, got.text
    drawn = {n["id"] for n in got.json()["nodes"]}
    assert drawn == set(sub)
    got = client.get("/api/v1/analyses/risk", params={"scope": "f2,nej"}, headers=headers)
    assert got.status_code == 422
    assert got.json()["detail"] == "Samordningsförbund: okänd organisation 'nej'"


def test_turnover_analyses_take_the_scope(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """changes, bridging, seats and succession cut to a förbund (CLI --scope, HTTP
    ?scope=): nobody outside it is named, a handover outside it is left out and one inside
    kept, and the pairs' κ after equals networkx's on the förbund's induced subgraph."""
    data, members = national(5)
    inside = sorted(members["f1"])
    outside = sorted(members["f2"])
    # people leave and ties end between the two days, in both förbund
    for p in data["people"]:
        if p["id"] in (inside[1], inside[3], outside[1]):
            p["until"] = "2025-06-01"
    data["ties"] += [{"a": inside[0], "b": inside[2], "kind": "handover",
                      "since": "2025-05-01"},
                     {"a": outside[0], "b": outside[2], "kind": "handover",
                      "since": "2025-05-01"}]
    db = tmp_path / "national.db"
    store = SQLiteStore(db)
    store.write(data, replace=True)
    code, out, _ = run(capsys, "--db", str(db), "analyze", "changes", "--from", "2025-01-01",
                       "--to", "2026-01-01", "--scope", "f1", "--json")
    assert code == 0, out
    report = json.loads(out)
    named = {p for h in report["handovers"] for p in h["people"]}
    named |= {r["person"] for r in report["spanners"] + report["key_persons"]}
    named |= {p for r in report["pairs"] for p in r["cut_before"] + r["cut_after"]}
    assert named <= members["f1"]
    assert [h["people"] for h in report["handovers"]] == [[inside[0], inside[2]]]
    from datetime import date as day
    after = nx.Graph(store.collaboration_graph(day(2026, 1, 1)).subgraph(members["f1"]))
    part = organisation_at_level(after, 0)
    for row in report["pairs"]:
        if row["after"] < report["robust_from"]:
            assert row["after"] == exact_kappa(after, part, tuple(row["organisations"]))
    # the whole store names the other förbund's handover too
    code, out, _ = run(capsys, "--db", str(db), "analyze", "changes", "--from", "2025-01-01",
                       "--to", "2026-01-01", "--json")
    assert len(json.loads(out)["handovers"]) == 2
    access = AccessLog(db)
    headers = {"Authorization": f"Bearer {access.add_user('Helena', Role.DIRECTOR)}",
               "X-Purpose": "analys"}
    client = TestClient(create_app(store, access))
    got = client.get("/api/v1/analyses/changes",
                     params={"from": "2025-01-01", "to": "2026-01-01", "scope": "f1"},
                     headers=headers)
    assert got.status_code == 200, got.text
    assert got.json() == report
    for path in ("bridging", "seats"):
        got = client.get(f"/api/v1/analyses/{path}", params={"scope": "f1", "max_kappa": 3},
                         headers=headers)
        assert got.status_code == 200, got.text
        text = json.dumps(got.json())
        assert not any(f'"{p}"' in text for p in members["f2"] - members["f1"])
        code, out, _ = run(capsys, "--db", str(db), "analyze", path, "--scope", "f1",
                           "--max-kappa", "3", "--json")
        assert code == 0 and json.loads(out) == got.json()
    got = client.get(f"/api/v1/analyses/succession/{inside[0]}", params={"scope": "f1"},
                     headers=headers)
    assert got.status_code == 200, got.text
    assert {c["person"] for c in got.json()["candidates"]} <= members["f1"]
    store.close()


def test_the_directory_searches_inside_a_scope(
        tmp_path: Path, national_db: tuple[str, SQLiteStore, dict[str, set[str]]]) -> None:
    """``/people?scope=&q=``: the people of the scope whose name or id holds ``q``, so a
    picker searches a national store as it is typed."""
    db, store, members = national_db
    access = AccessLog(Path(db))
    headers = {"Authorization": f"Bearer {access.add_user('Helena', Role.DIRECTOR)}",
               "X-Purpose": "analys"}
    client = TestClient(create_app(store, access))
    G = store.collaboration_graph()
    for scope, q in (("f1", ".1"), ("f2", "F2-AF"), (None, "fk.0")):
        want = [p for p in G if (scope is None or p in members[scope])
                and q.casefold() in p.casefold()]
        got = client.get("/api/v1/people", params={"q": q, "limit": 500,
                                                   **({"scope": scope} if scope else {})},
                         headers=headers)
        assert got.status_code == 200, got.text
        assert [r["id"] for r in got.json()["items"]] == want and want
        assert got.json()["total"] == len(want)
    got = client.get("/api/v1/people", params={"scope": "nej"}, headers=headers)
    assert got.status_code == 422, got.text
    # The page's label in the sentence; the problem keeps the API's name for clients.
    assert got.json()["detail"] == "Samordningsförbund: okänd organisation 'nej'"
    assert got.json()["problems"][0]["path"] == "scope"
    access.close()

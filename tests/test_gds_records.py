"""What Neo4j's GDS streams, turned into report rows, without a server.

The records are built by brute force with networkx on the truth suite's random
collaborations (fragmented and connected, one-person units, leavers, dated ties), shaped
as the statements in graph/store/cypher.py return them: an articulation point with the
largest piece its departure leaves (``resultingComponents.max``), a bridge with the sizes
of its two sides (``remainingSizes``), Yen's paths with their cost. Fed to the mapping of
graph/analysis/gds_records.py and the decision of graph/store/gds_analyses.py, they must
give the embedded reports, and the reports the truth suite's oracle, both ways.

The stand-in backend below is a real SQLite store whose GDS answers are those brute-force
records (like test_usecases' _ComputingStore for betweenness): no driver is mocked, and
the Cypher itself is checked by Neo4j's linter in test_neo4j_backend.py.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Hashable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.analysis.departure import departure_impact
from graph.analysis.gds_records import cut_off_of, paths_of, sole_ties_of
from graph.analysis.indexed import Indexed
from graph.analysis.projection import collaboration_graph
from graph.analysis.sole_ties import sole_ties
from graph.model.schema import Document
from graph.reports.key_persons import risk_report
from graph.reports.paths import k_best_paths, path_rows, resolve
from graph.reports.spanners import organisation_at_level
from graph.store.gds_analyses import (
    database_paths,
    gds_version_at_least,
    in_database,
    structure_from,
    structure_source,
)
from graph.store.neo4j_store import Neo4jStore
from graph.store.open import open_spec
from graph.store.sqlite_store import SQLiteStore
from tests.test_truth_oracle import (
    DAY,
    FAMILIES,
    check_path,
    check_risk_rows,
    load,
    path_costs,
    random_document,
)

SEEDS = range(40)
NEO4J = os.environ.get("NEO4J_URI")
GDS_METHOD = {"name": "exact", "algorithm": "Neo4j GDS 2.16.0 gds.shortestPath.yens"}


def _collaboration(seed: int) -> tuple[dict[str, Any], Document, nx.Graph]:
    data = random_document(seed, 8 + seed % 30, FAMILIES[seed % len(FAMILIES)], 1 + seed % 4)
    doc = load(data)
    return data, doc, collaboration_graph(doc, as_of=DAY)


def articulation_records(G: nx.Graph) -> list[dict[str, Any]]:
    """Remove each person and recompute: the people whose departure splits their
    component, with the largest piece left and the number of pieces."""
    out = []
    for v in G:
        rest = nx.node_connected_component(G, v) - {v}
        pieces = [len(c) for c in nx.connected_components(G.subgraph(rest))]
        if len(pieces) > 1:
            out.append({"person": v, "largest": max(pieces), "pieces": len(pieces)})
    return out


def bridge_records(G: nx.Graph) -> list[dict[str, Any]]:
    """Remove each tie and recompute: the ties whose end splits a component, with both
    sides' sizes, the first end's first."""
    out = []
    for a, b in G.edges():
        H = G.copy()
        H.remove_edge(a, b)
        if not nx.has_path(H, a, b):
            out.append({"a": a, "b": b, "sizes": [len(nx.node_connected_component(H, a)),
                                                  len(nx.node_connected_component(H, b))]})
    return out


def yens_records(G: nx.Graph, source: Hashable, target: Hashable, k: int
                 ) -> list[dict[str, Any]]:
    """networkx's shortest simple paths by the embedded hop cost, as GDS's Yen rows."""
    H = path_costs(G, date.fromisoformat(G.graph["as_of"]))
    paths = itertools.islice(nx.shortest_simple_paths(H, source, target, "cost"), k)
    return [{"index": i, "cost": nx.path_weight(H, p, "cost"), "people": p}
            for i, p in enumerate(paths)]


class _BruteForceGds(SQLiteStore):
    """A real SQLite store whose 'GDS' answers are the brute-force records above."""

    def __init__(self, path: Path, version: str) -> None:
        super().__init__(path)
        self.version = version
        self.asked: list[str] = []

    def gds_structure(self, as_of: date, sample: int = 0) -> dict[str, Any] | None:
        self.asked.append("structure")
        G = self.collaboration_graph(as_of)
        at_least = gds_version_at_least(self.version)
        return {"version": self.version, "betweenness": {}, "method": None,
                "articulation_points": articulation_records(G) if at_least((2, 15)) else None,
                "bridges": bridge_records(G) if at_least((2, 14)) else None}

    def gds_paths(self, as_of: date, source: str, target: str, k: int
                  ) -> tuple[str, list[dict[str, Any]]] | None:
        self.asked.append("paths")
        return self.version, yens_records(self.collaboration_graph(as_of), source, target, k)


def _store(tmp_path: Path, data: dict[str, Any], version: str = "2.16.0") -> _BruteForceGds:
    store = _BruteForceGds(tmp_path / "g.db", version)
    store.write(data, replace=True)
    return store


def _without_method(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "method"} for row in rows]


@pytest.mark.parametrize("seed", SEEDS)
def test_bridge_records_give_the_embedded_sole_ties(seed: int) -> None:
    _, _, G = _collaboration(seed)
    records = bridge_records(G)
    assert {frozenset((r["a"], r["b"])) for r in records} == {
        frozenset(e) for e in nx.bridges(G)}
    assert sole_ties_of(records) == sole_ties(Indexed.of(G))


@pytest.mark.parametrize("seed", SEEDS)
def test_articulation_records_give_the_embedded_cut_off(seed: int) -> None:
    _, _, G = _collaboration(seed)
    records = articulation_records(G)
    assert {r["person"] for r in records} == set(nx.articulation_points(G))
    idx = Indexed.of(G)
    part = organisation_at_level(G, 0)
    here = {v: i.cut_off for v, i in departure_impact(G, part, indexed=idx).items()
            if i.cut_off}
    assert cut_off_of(records, idx) == here
    there = departure_impact(G, part, indexed=idx, cut_off=cut_off_of(records, idx))
    assert {v: i.cut_off for v, i in there.items() if i.cut_off} == here


@pytest.mark.parametrize("seed", SEEDS)
def test_risk_report_from_gds_records_equals_the_embedded_one(seed: int,
                                                              tmp_path: Path) -> None:
    data, doc, _ = _collaboration(seed)
    store = _store(tmp_path, data)
    G = store.collaboration_graph(DAY)
    here = risk_report(doc, G, path_lengths_for=0)
    there = risk_report(doc, G, path_lengths_for=0,
                        structure=structure_source(store, threshold=0))
    assert store.asked == ["structure"]
    assert _without_method(there) == _without_method(here)
    check_risk_rows(data, G, there, 0, path_lengths=False)
    for row in there:
        assert row["method"]["articulation_points"]["algorithm"] == \
            "Neo4j GDS 2.16.0 gds.articulationPoints"
        assert row["method"]["bridges"]["algorithm"] == "Neo4j GDS 2.16.0 gds.bridges"
    for row in here:
        assert "Neo4j" not in str(row["method"])
    # Every sole tie is a tie that alone joins its two sides, with the far side's size.
    bridges = {frozenset((r["a"], r["b"])): r for r in bridge_records(G)}
    named = {frozenset((row["person"], t["person"])) for row in there for t in row["sole_ties"]}
    assert named == set(bridges)


def test_old_gds_leaves_what_it_cannot_give_to_the_embedded_computation(
        tmp_path: Path) -> None:
    data, doc, _ = _collaboration(7)
    G = collaboration_graph(doc, as_of=DAY)
    idx = Indexed.of(G)
    bare = structure_from({"version": "2.13.2", "articulation_points": None,
                           "bridges": None}, idx)
    assert bare is not None and bare.cut_off is None
    assert bare.sole_ties == sole_ties(idx)
    assert "GDS 2.13.2 gives no piece sizes for articulation points before 2.15" in \
        bare.method["articulation_points"]["algorithm"]
    assert "before 2.14" in bare.method["bridges"]["algorithm"]
    store = _store(tmp_path, data, version="2.14.1")
    rows = risk_report(doc, store.collaboration_graph(DAY), path_lengths_for=0,
                       structure=structure_source(store, threshold=0))
    assert _without_method(rows) == _without_method(risk_report(doc, G, path_lengths_for=0))
    assert rows[0]["method"]["bridges"]["algorithm"] == "Neo4j GDS 2.14.1 gds.bridges"
    assert "embedded" in rows[0]["method"]["articulation_points"]["algorithm"]
    assert structure_from(None, idx) is None
    assert gds_version_at_least("2.15.0")((2, 15)) and not gds_version_at_least("2.9")((2, 14))
    assert not gds_version_at_least("dev")((2, 0))


def _pairs(G: nx.Graph, seed: int) -> list[tuple[Hashable, Hashable]]:
    people = sorted(G, key=str)
    pairs = [(a, b) for a, b in itertools.combinations(people, 2) if nx.has_path(G, a, b)]
    return pairs[seed % 3::7][:6]


@pytest.mark.parametrize("seed", SEEDS)
def test_yens_records_give_the_embedded_contact_paths(seed: int) -> None:
    _, _, G = _collaboration(seed)
    today = date.fromisoformat(G.graph["as_of"])
    for source, target in _pairs(G, seed):
        k = 1 + seed % 4
        records = yens_records(G, source, target, k)
        there = path_rows(G, paths_of(records)[:k], today, method=GDS_METHOD)
        here = k_best_paths(G, source, resolve(G, f"person:{target}"), k=k)
        assert [r["cost"] for r in there] == pytest.approx([r["cost"] for r in here],
                                                           abs=1e-3)
        for row in there:
            check_path(G, row, source, {target: 0.0})
            assert row["method"] == GDS_METHOD
        # Where no two paths cost the same, both give the same paths, hop for hop.
        costs = [round(r["cost"], 3) for r in yens_records(G, source, target, k + 1)]
        if len(set(costs)) == len(costs):
            assert _without_method(there) == _without_method(here)


@pytest.mark.parametrize("seed", range(0, 40, 4))
def test_database_paths_answer_person_to_person_only(seed: int, tmp_path: Path) -> None:
    data, _, _ = _collaboration(seed)
    store = _store(tmp_path, data)
    G = store.collaboration_graph(DAY)
    pairs = _pairs(G, seed)
    if not pairs:
        pytest.skip("no two people connected")
    source, target = pairs[0]
    goal = resolve(G, f"person:{target}")
    rows = database_paths(store, G, source, goal, k=3, threshold=0)
    assert rows is not None and store.asked == ["paths"]
    assert [r["cost"] for r in rows] == pytest.approx(
        [r["cost"] for r in k_best_paths(G, source, goal, k=3)], abs=1e-3)
    # Sets of people, people unavailable, the asker themself and small graphs: embedded.
    org = G.nodes[target]["organisation"]
    assert database_paths(store, G, source, resolve(G, f"org:{org}"), k=3, threshold=0) is None
    assert database_paths(store, G, source, goal, k=3, unavailable=[target],
                          threshold=0) is None
    assert database_paths(store, G, source, resolve(G, f"person:{source}"), k=3,
                          threshold=0) is None
    assert database_paths(store, G, source, goal, k=3) is None
    for alone in [v for v in G if not G.degree(v)][:1]:  # not in GDS's projected graph
        assert database_paths(store, G, source, resolve(G, f"person:{alone}"), k=3,
                              threshold=0) is None
    assert store.asked == ["paths"]
    assert not in_database(SQLiteStore(tmp_path / "plain.db"), G, 0)


@pytest.mark.skipif(not NEO4J, reason="NEO4J_URI is not set: no Neo4j server on this "
                    "machine (README: Run with Neo4j)")
@pytest.mark.parametrize("seed", range(0, 40, 5))
def test_a_server_streams_what_the_brute_force_gives(seed: int) -> None:
    """Never run here: on a server with GDS, its records and the reports made from them
    against the brute force and the embedded reports. It empties that database."""
    data, doc, _ = _collaboration(seed)
    store = open_spec(f"neo4j:{NEO4J}")
    assert isinstance(store, Neo4jStore)
    store.write(data, replace=True)
    G = store.collaboration_graph(DAY)
    result = store.gds_structure(DAY)
    if result is None:
        pytest.skip("the server has no Graph Data Science plugin")
    if result["articulation_points"] is not None:
        assert sorted((r["person"], r["largest"], r["pieces"])
                      for r in result["articulation_points"]) == sorted(
            (r["person"], r["largest"], r["pieces"]) for r in articulation_records(G))
    if result["bridges"] is not None:
        def sides(records: list[dict[str, Any]]) -> set[frozenset[tuple[Any, int]]]:
            return {frozenset({(r["a"], r["sizes"][0]), (r["b"], r["sizes"][1])})
                    for r in records}
        assert sides(result["bridges"]) == sides(bridge_records(G))
    there = risk_report(doc, G, path_lengths_for=0,
                        structure=structure_source(store, threshold=0))
    assert _without_method(there) == _without_method(risk_report(doc, G, path_lengths_for=0))
    for source, target in _pairs(G, seed):
        goal = resolve(G, f"person:{target}")
        rows = database_paths(store, G, source, goal, k=3, threshold=0)
        assert rows is not None
        assert [r["cost"] for r in rows] == pytest.approx(
            [r["cost"] for r in k_best_paths(G, source, goal, k=3)], abs=1e-3)

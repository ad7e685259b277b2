"""The path-length increase of one departure against removing the person and recomputing
(the truth suite's oracle), exact on small components and within its stated error on
sampled ones, over random graphs: connected and fragmented, with pendant people (so with
articulation points and people cut off) and one-person organisations."""

from __future__ import annotations

import random
from collections.abc import Hashable

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from graph.analysis.indexed import Indexed
from graph.analysis.path_increase import PathIncrease, hops, path_increases
from graph.analysis.projection import collaboration_graph
from graph.model.document import load_document
from graph.reports.key_persons import explain_risk, risk_claims, risk_report
from tests.test_truth_oracle import expected_path_increase


def random_graph(seed: int, people: int, parts: int) -> tuple[nx.Graph, dict[Hashable, str]]:
    """``parts`` small-world components with pendant chains, four organisations and a
    few people who are an organisation of their own."""
    rnd = random.Random(seed)
    G = nx.Graph()
    for c in range(parts):
        H = nx.connected_watts_strogatz_graph(people // parts, 4, 0.15, seed=seed * 7 + c)
        G.update(nx.relabel_nodes(H, {v: (c, v) for v in H}))
        for k in range(3):  # pendant chains: their anchors are articulation points
            anchor, tail = (c, rnd.randrange(len(H))), (c, "tail", k)
            G.add_edge(anchor, (c, "tail", k, 0))
            G.add_edge((c, "tail", k, 0), tail)
    part = {v: rnd.choice("ABCD") for v in G}
    for v in rnd.sample(list(G), 3):
        part[v] = f"own-{v}"
    return G, part


def increases(G: nx.Graph, part: dict[Hashable, str], people: list[Hashable], sources: int,
              seed: int = 0) -> dict[Hashable, PathIncrease | None]:
    idx = Indexed.of(G)
    codes: dict[str, int] = {}
    orgs = np.array([codes.setdefault(part[v], len(codes)) for v in idx.nodes])
    found = path_increases(idx, orgs, [idx.index[v] for v in people], sources=sources,
                           seed=seed)
    return {v: found[idx.index[v]] for v in people}


@pytest.mark.parametrize("parts", [1, 3])
def test_exact_when_every_source_is_used(parts: int) -> None:
    G, part = random_graph(parts, 90, parts)
    people = random.Random(parts).sample(list(G), 8)
    for v, got in increases(G, part, people, sources=200).items():
        want = expected_path_increase(G, part, v)
        assert (got is None) == (want is None), v
        if got is not None and want is not None:
            assert got.exact and got.error == 0
            assert got.mean == pytest.approx(want, abs=1e-9), v


@pytest.mark.parametrize("sources", [24, 64])
def test_sampled_within_stated_error(sources: int) -> None:
    """Measured coverage: the interval stated at 95 % holds the exact value in at least
    95 % of the sampled cases (the normal-theory interval at 95 % held it in 92-94 % of
    these and fails here), and the sampled figures are not exact by accident."""
    held = cases = inexact = 0
    for seed in range(12):
        G, part = random_graph(seed, 150, 1 + seed % 2)
        rnd = random.Random(seed)
        anchors = [v for v in G if G.degree(v) >= 5]
        people = rnd.sample(anchors, 4) + rnd.sample(list(G), 2)
        want = {v: expected_path_increase(G, part, v) for v in people}
        for run in range(4):
            for v, got in increases(G, part, people, sources=sources,
                                    seed=seed * 100 + run).items():
                if got is None or want[v] is None:
                    assert got is None and want[v] is None, v
                    continue
                assert not got.exact and 1 < got.sources <= sources
                cases += 1
                held += abs(got.mean - want[v]) <= got.error + 1e-9
                inexact += abs(got.mean - want[v]) > 1e-9
    assert cases >= 250
    assert held >= 0.95 * cases, (held, cases)
    assert inexact > 0


def test_more_sources_narrow_the_error() -> None:
    G, part = random_graph(3, 300, 1)
    v = max(G, key=G.degree)
    few, many = (increases(G, part, [v], sources=k)[v] for k in (16, 160))
    assert few is not None and many is not None
    assert 0 < many.error < few.error


def test_person_alone_or_in_a_pair_has_no_figure() -> None:
    G = nx.Graph([("a", "b")])
    G.add_node("c")
    got = increases(G, {"a": "A", "b": "B", "c": "C"}, ["a", "c"], sources=8)
    assert got == {"a": None, "c": None}


def test_risk_rows_state_a_sampled_figure_as_an_estimate() -> None:
    """Both ways: the sentence says "uppskattat, ± …" exactly when the figure was
    sampled, and the row carries the error, the sources and the confidence level."""
    row = {"disconnects": [["af", "fk"]], "people_cut_off": 0, "people_in_component": 99,
           "sole_participant_in": [], "seats_without_deputy": [],
           "roles_without_deputy": [], "reduced_to_one_link": [],
           "leaving_within_horizon": False, "handover_to": ["x"],
           "path_length_increase": 0.25, "path_length_error": 0.07}
    names = {"af": "Arbetsförmedlingen", "fk": "Försäkringskassan"}
    sampled = explain_risk(risk_claims(row, names, whole_network=True))
    assert "0,2 steg längre utan hen (uppskattat, ± 0,07 steg)" in sampled
    exact = explain_risk(risk_claims(row | {"path_length_error": 0.0}, names,
                                     whole_network=True))
    assert "steg längre utan hen" in exact and "uppskattat" not in exact


def test_risk_report_rows_carry_the_method() -> None:
    G, part = random_graph(5, 150, 1)
    names = {v: f"p{k}" for k, v in enumerate(G)}
    org = {o: f"o{k}" for k, o in enumerate(sorted(set(part.values())))}
    doc = load_document({
        "organisations": [{"id": o, "name": o} for o in org.values()],
        "people": [{"id": names[v], "name": names[v], "organisation": org[part[v]]}
                   for v in G],
        "ties": [{"a": names[a], "b": names[b]} for a, b in G.edges()]})
    rows = risk_report(doc, collaboration_graph(doc),
                       path_lengths_for=5)
    for row in rows[:5]:
        assert row["path_length_sources"] is not None and row["path_length_sources"] <= 64
        assert row["path_length_error"] > 0 and row["path_length_confidence"] == 0.95
    assert all(r["path_length_increase"] is None and r["path_length_error"] is None
               for r in rows[5:])


@pytest.mark.parametrize("seed", range(6))
def test_hops_are_breadth_first_distances(seed: int) -> None:
    """The layers read off scipy's breadth-first order equal networkx's distances, with
    -1 for people in other components."""
    G, _ = random_graph(seed, 120, 1 + seed % 3)
    idx = Indexed.of(G)
    graph = sp.csr_array(idx.adjacency(weighted=False), dtype=float)
    for s in random.Random(seed).sample(range(len(idx.nodes)), 5):
        want = nx.single_source_shortest_path_length(G, idx.nodes[s])
        got = hops(graph, s)
        assert {idx.nodes[t]: int(d) for t, d in enumerate(got) if d >= 0} == want
        assert np.count_nonzero(got < 0) == len(G) - len(want)

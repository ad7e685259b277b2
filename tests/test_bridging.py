"""Bridging suggestions: every κ a plan states is recomputed by networkx after adding
its ties, and the first introduction is the best single tie there is."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.introductions import greedy_introductions
from graph.analysis.projection import collaboration_graph
from graph.reports.bridging import bridging_report
from graph.reports.spanners import organisation_at_level
from tests.test_changes import D2, all_kappa, nx_kappa, random_document


@pytest.mark.parametrize("seed", range(50))
def test_every_stated_kappa_is_recomputed_after_adding_the_ties(seed: int) -> None:
    G = collaboration_graph(random_document(seed), D2)
    part = organisation_at_level(G, 0)
    truth = all_kappa(G, part)
    rows = bridging_report(G, max_kappa=2, per_pair=3, limit=1000)
    assert {tuple(r["organisations"]) for r in rows} == {
        p for p, k in truth.items() if 1 <= k <= 2}
    for row in rows:
        pair = tuple(row["organisations"])
        assert row["kappa"] == truth[pair]
        H = G.copy()
        before = row["kappa"]
        for intro in row["introductions"]:
            a, b = intro["people"]
            assert not G.has_edge(a, b)
            assert (part[a], part[b]) == pair
            B = [v for v in G if part[v] == pair[1]]
            assert intro["steps_today"] == min(
                (nx.shortest_path_length(G, a, v) for v in B if nx.has_path(G, a, v)),
                default=None)
            assert a not in row["cut"] and b not in row["cut"]
            H.add_edge(a, b)
            assert intro["kappa_before"] == before
            assert intro["kappa_after"] == nx_kappa(H, part, *pair) > before
            assert f"{before} → {intro['kappa_after']}" in intro["reason"]
            before = intro["kappa_after"]


@pytest.mark.parametrize("seed", range(30))
def test_the_first_introduction_is_the_best_single_tie(seed: int) -> None:
    G = collaboration_graph(random_document(seed), D2)
    part = organisation_at_level(G, 0)
    for row in bridging_report(G, max_kappa=2, per_pair=1, candidates=1000):
        pair = tuple(row["organisations"])
        cut = set(row["cut"])
        best = row["kappa"]
        for a in (v for v in G if part[v] == pair[0] and v not in cut):
            for b in (v for v in G if part[v] == pair[1] and v not in cut):
                if not G.has_edge(a, b):
                    H = G.copy()
                    H.add_edge(a, b)
                    best = max(best, nx_kappa(H, part, *pair))
        got = row["introductions"][0]["kappa_after"] if row["introductions"] else row["kappa"]
        assert got == best


def test_a_plan_stops_when_no_tie_helps() -> None:
    # Lars is Lomma's only member: no tie from AF to him can make κ 2.
    G = nx.Graph([("anna", "maria"), ("maria", "lars")])
    part = {"anna": "af", "maria": "af", "lars": "lomma"}
    start, plan = greedy_introductions(G, part, [("af", "lomma")], [("anna", "lars")])
    assert start == {("af", "lomma"): 1} and plan == []

"""Exact pair values from shared searches (graph.analysis.shared_searches) against the
brute-force networkx oracle: one search from a source serves several pairs with that
source, and each pair's value must still be networkx's."""

from __future__ import annotations

import itertools
import random
from collections.abc import Hashable

import networkx as nx
import numpy as np
import pytest

from graph.analysis import betweenness
from graph.analysis.betweenness import exact_pairs, pair_dependency
from graph.analysis.forked import can_fork
from graph.analysis.indexed import Indexed
from graph.analysis.shared_searches import ComponentSearches


def _oracle(G: nx.Graph, part: dict[Hashable, str], a: str, b: str) -> dict[Hashable, float]:
    S = [v for v in G if part[v] == a]
    T = [v for v in G if part[v] == b]
    # networkx halves subset sums on undirected graphs; a pair counts once.
    return {v: 2 * x for v, x in nx.betweenness_centrality_subset(G, S, T,
                                                                 normalized=False).items()}


def _graph(seed: int, connected: bool) -> tuple[nx.Graph, dict[Hashable, str]]:
    """A random graph, one component or several, with a small organisation "A" that
    many pairs share and people who are organisations of their own."""
    if connected:
        G = nx.connected_watts_strogatz_graph(70, 4, 0.3, seed=seed)
    else:
        G = nx.gnp_random_graph(70, 0.05, seed=seed)  # fragments and isolates
    rnd = random.Random(seed)
    part = {v: rnd.choice("ABBCCCDDDD") for v in G}
    for k, v in enumerate(rnd.sample(sorted(G), 4)):
        part[v] = f"solo{k}"  # one-person organisations
    return G, part


@pytest.mark.parametrize("split", [False, True])
@pytest.mark.parametrize("connected", [True, False])
@pytest.mark.parametrize("seed", range(4))
def test_shared_searches_give_every_pair_networkx_value(
        seed: int, connected: bool, split: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if split:
        if not can_fork():
            pytest.skip("needs fork and two cores")
        # The searches in chunks shared with a forked child, even on a small graph: the
        # seven targets of "A" through the numpy searches, the other pairs through igraph.
        monkeypatch.setattr(betweenness, "SPLIT_FROM_WORK", 0)
    G, part = _graph(seed, connected)
    # Sampled wherever there is work; components of one organisation stay exact.
    dep = pair_dependency(G, part, exact_work=0, seed=seed)
    assert not dep.exact.all()
    orgs = sorted(set(part.values()))
    # "A" first and with every other organisation: its searches are shared.
    pairs: list[tuple[Hashable, Hashable]] = list(itertools.combinations(orgs, 2))
    pairs.sort(key=lambda p: ("A" not in p, str(p)))
    exact = exact_pairs(dep, part, pairs, work=float("inf"), split=split)
    assert set(exact) == set(pairs)
    index = dep.indexed.index
    for a, b in pairs:
        ref = _oracle(G, part, str(a), str(b))
        for v in G:
            assert exact[(a, b)][index[v]] == pytest.approx(ref[v], abs=1e-9), (a, b, v)


def test_one_search_serves_several_target_organisations() -> None:
    G = nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=5)
    part = {v: "ABC"[v % 3] for v in G}
    idx = Indexed.of(G)
    comp = idx.components[0]
    sources = np.array([v for v in G if part[v] == "A"])
    classes = np.array([[part[v] == "B", part[v] == "C"] for v in idx.nodes], dtype=float)
    got = ComponentSearches(idx.adjacency(weighted=False)[comp][:, comp]).dependency(
        np.searchsorted(comp, sources), classes[comp])
    for j, other in enumerate("BC"):
        ref = _oracle(G, part, "A", other)
        assert np.allclose(got[:, j], [ref[idx.nodes[k]] for k in comp], atol=1e-9)


def test_a_shared_side_costs_less_than_searching_it_again() -> None:
    G = nx.connected_watts_strogatz_graph(70, 4, 0.3, seed=1)
    part = {v: "A" if v % 10 == 0 else "BCD"[v % 3] for v in G}  # A is the smallest side
    dep = pair_dependency(G, part, exact_work=0, seed=1)
    edges = G.number_of_edges()
    a_people = sum(1 for v in G if part[v] == "A")
    # Room for the searches from A and two further accumulations, not for a second
    # set of searches: ("A", "B") and ("A", "C") fit only because they share A's.
    work = a_people * edges * 1.6
    exact = exact_pairs(dep, part, [("A", "B"), ("A", "C"), ("A", "D")], work=work)
    assert set(exact) == {("A", "B"), ("A", "C"), ("A", "D")}
    assert set(exact_pairs(dep, part, [("A", "B"), ("A", "C")], work=a_people * edges)) == {
        ("A", "B")}


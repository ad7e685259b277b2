"""The graph's components and degrees from its arrays (graph.analysis.indexed), which the
spanner report reads before its KADABRA thread starts: the same as igraph's."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from graph.analysis.indexed import Indexed


@pytest.mark.parametrize("seed", range(6))
def test_components_and_degrees_equal_igraph(seed: int) -> None:
    # Fragments, isolates, a self-loop and node ids out of order.
    G = nx.gnp_random_graph(120, 0.012, seed=seed)
    G = nx.relabel_nodes(G, {v: f"p{(v * 37) % 120}" for v in G})
    G.add_edge("p5", "p5")
    idx = Indexed.of(G)
    got = idx.components
    fresh = Indexed(idx.nodes, idx.index, idx.src, idx.dst, idx.weight).igraph
    want = [sorted(c) for c in fresh.connected_components()]
    assert [c.tolist() for c in got] == want
    assert idx.degree().tolist() == fresh.degree()
    assert sorted(np.concatenate(got).tolist()) == list(range(len(G)))


def test_an_empty_graph_has_no_components() -> None:
    idx = Indexed.of(nx.Graph())
    assert idx.components == []
    assert idx.work() == 0

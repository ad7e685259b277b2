"""The cut before Yen's search (graph.analysis.paths_to_set._yen) gives igraph the same graph
as before it was worked out in scipy, so the same paths in the same order, ties included.

Before, igraph's own Dijkstra found each candidate's distances inside the candidates and
the edges of those too far were deleted from the whole subgraph; now one scipy run finds
them and igraph is given only the edges left. The reference below is the earlier code. On
random weighted graphs with many equal costs (ties are where Yen's choice depends on the
graph it is given), connected and in pieces, and with a few of the set's people, the two
must agree exactly, and the costs must be networkx's k cheapest simple paths.
"""

from __future__ import annotations

import itertools
import random

import igraph as ig
import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from graph.analysis.paths_to_set import _places, _Sub, _yen


def _earlier(sub: _Sub, k: int, bound: float) -> list[tuple[float, list[int]]]:
    """The cut and search as they were: igraph's distances on the whole subgraph, then its
    far edges deleted."""
    src, dst, weight = sub.src, sub.dst, sub.weight
    graph = ig.Graph(n=sub.sink + 1, directed=True)
    graph.add_edges(list(zip(src.tolist(), dst.tolist(), strict=True)))
    weights = weight.tolist()
    if np.isfinite(bound):
        through = (np.asarray(graph.distances(sub.origin, weights=weights, mode="out")[0])
                   + np.asarray(graph.distances(sub.sink, weights=weights, mode="in")[0]))
        near = through <= bound
        kept = near[src] & near[dst]
        if not kept.all():
            graph.delete_edges((~kept).nonzero()[0].tolist())
            dst, weight = dst[kept], weight[kept]
            weights = weight.tolist()
    found = graph.get_k_shortest_paths(sub.origin, sub.sink, k=k, weights=weights,
                                       mode="out", output="epath")
    return [(float(weight[e].sum()), [sub.s] + [int(sub.keep[dst[x]]) for x in e[:-1]])
            for e in found if e]


def _graph(rng: random.Random, n: int, p: float, pieces: int) -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from(range(n))
    size = n // pieces
    for u, v in itertools.combinations(range(n), 2):
        if u // size == v // size and rng.random() < p:
            # few distinct costs: many paths of equal cost
            G.add_edge(u, v, weight=rng.choice([1.2, 1.5, 1.5, 1.875, 2.25, 3.0]))
    return G


@pytest.mark.parametrize("seed", range(40))
def test_the_cut_gives_igraph_the_same_graph(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(8, 60)
    G = _graph(rng, n, rng.uniform(0.08, 0.3), rng.choice([1, 1, 2, 3]))
    rows, cols = zip(*[(u, v) for u, v in G.edges] + [(v, u) for u, v in G.edges],
                      strict=True) if G.number_of_edges() else ((), ())
    costs = [G[u][v]["weight"] for u, v in zip(rows, cols, strict=True)]
    matrix = sp.csr_array((np.asarray(costs, dtype=float),
                           (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
                          shape=(n, n))
    s = rng.randrange(n)
    ends = np.asarray(sorted(rng.sample([v for v in range(n) if v != s],
                                        rng.randint(1, 4))), dtype=np.int64)
    extra = np.asarray([rng.choice([0.0, 0.5]) for _ in ends])
    # the candidates: every vertex but a few (never the asker), sorted
    keep = np.asarray(sorted({s} | {v for v in range(n) if rng.random() < 0.9}),
                      dtype=np.int64)
    at, mine = _places(keep, ends)
    sub = _Sub(matrix, keep, s, (at[mine], extra[mine]))
    # networkx on the same subgraph: a sink joined to each end by its extra
    H = nx.DiGraph()
    kept = set(keep.tolist())
    for u, v in zip(rows, cols, strict=True):
        if u in kept and v in kept:
            H.add_edge(u, v, weight=G[u][v]["weight"])
    for t, x in zip(ends.tolist(), extra.tolist(), strict=True):
        if t in kept:
            H.add_edge(t, "z", weight=x)
    for k in (1, 3, 5):
        truth: list[float] = []
        if s in H and "z" in H and nx.has_path(H, s, "z"):
            for path in itertools.islice(nx.shortest_simple_paths(H, s, "z", weight="weight"),
                                         k):
                truth.append(nx.path_weight(H, path, "weight"))
        for bound in (np.inf, *(c * (1 + 1e-9) for c in truth), 4.0, 7.5):
            found = _yen(sub, k, bound)
            assert found == _earlier(sub, k, bound)
            if not np.isfinite(bound) or (len(truth) == k and truth[-1] <= bound):
                assert [c for c, _ in found] == pytest.approx(truth)

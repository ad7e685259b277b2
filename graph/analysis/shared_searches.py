"""Exact pair dependency for several organisation pairs from one set of searches.

Brandes' accumulation from a source ``s`` gives every vertex's dependency on the pairs
{s, t} for the targets ``t`` it is told about; its backward pass is linear in the
targets, so one breadth-first search from ``s`` can carry one accumulation per target
organisation. Pairs (A, B) and (A, C) then cost one search per person of A, not two:
:func:`graph.analysis.betweenness.exact_pairs` spends its budget of edges visited on
searches, and every pair whose side is already searched comes with them.

igraph's subset betweenness runs one accumulation per call, so it cannot share a search
between pairs; this module does the same arithmetic level by level in numpy (tests check
it against networkx's ``betweenness_centrality_subset``).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from graph.analysis.pair_sampling import _depths

__all__ = ["ComponentSearches"]


class ComponentSearches:
    """Searches in one connected component (local numbering 0..n-1 of ``adjacency``)."""

    def __init__(self, adjacency: sp.csr_array) -> None:
        self.adjacency = adjacency
        self.n = adjacency.shape[0]
        # Directed edges (row -> col), shared by every search of the component.
        self.rows = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(adjacency.indptr))
        self.cols = adjacency.indices.astype(np.int64)

    def dependency(self, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """``out[v, j]``: the pairs {s in sources, t of class j} whose shortest paths run
        through ``v``, each counted by the share of its shortest paths that do (Brandes'
        pair dependency). ``targets`` is an n x k 0/1 matrix of the k target classes,
        each disjoint from ``sources``: every pair is counted once, from its source."""
        out = np.zeros(targets.shape, dtype=float)
        for s in sources.tolist():
            out += self._from(int(s), targets)
        return out

    def _from(self, s: int, targets: np.ndarray) -> np.ndarray:
        n, k = self.n, targets.shape[1]
        order, pred = breadth_first_order(self.adjacency, s, directed=True,
                                          return_predecessors=True)
        dist = _depths(s, order, pred, n)
        # Vertices renumbered in breadth-first order, so each level is one slice.
        pos = np.empty(n, dtype=np.int64)
        pos[order] = np.arange(len(order))
        top = int(dist.max())
        starts = np.searchsorted(dist[order], np.arange(top + 2))
        # The shortest-path DAG as (child, parent) edges grouped by the child's level:
        # a stable sort on small integers is a radix sort.
        keep = dist[self.rows] == dist[self.cols] + 1
        child, parent = pos[self.rows[keep]], pos[self.cols[keep]]
        level = dist[self.rows[keep]]
        by_level = np.argsort(level.astype(np.int16) if top < 2**15 else level, kind="stable")
        child, parent = child[by_level], parent[by_level]
        bounds = np.searchsorted(child, starts[1:])  # edges whose child is at level d: d-1..d
        sigma = np.zeros(len(order))
        sigma[0] = 1.0
        for d in range(1, top + 1):
            a, b = bounds[d - 1], bounds[d]
            lo, hi = starts[d], starts[d + 1]
            sigma[lo:hi] = np.bincount(child[a:b] - lo, weights=sigma[parent[a:b]],
                                       minlength=hi - lo)
        share = sigma[parent] / sigma[child]
        mine = targets[order]
        delta = np.zeros((len(order), k))
        column = np.arange(k)
        for d in range(top, 0, -1):
            a, b = bounds[d - 1], bounds[d]
            lo, hi = starts[d - 1], starts[d]
            c, p = child[a:b], parent[a:b] - lo
            gained = share[a:b, None] * (mine[c] + delta[c])
            delta[lo:hi] += np.bincount((p[:, None] * k + column).ravel(),
                                        weights=gained.ravel(),
                                        minlength=(hi - lo) * k).reshape(hi - lo, k)
        delta[0] = 0.0
        out = np.zeros((n, k))
        out[order] = delta
        return out

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

from graph.analysis.shortest_path_dag import shortest_path_dag

__all__ = ["ComponentSearches"]


class ComponentSearches:
    """Searches in one connected component (local numbering 0..n-1 of ``adjacency``)."""

    def __init__(self, adjacency: sp.csr_array) -> None:
        self.adjacency = adjacency
        self.n = adjacency.shape[0]

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
        k = targets.shape[1]
        dag = shortest_path_dag(self.adjacency, s)
        child, parent, ptr, starts = dag.child, dag.parent, dag.ptr, dag.starts
        share = dag.sigma[parent] / dag.sigma[child]
        mine = targets[dag.order]
        delta = np.zeros((len(dag.order), k))
        column = np.arange(k)
        # Deepest level first: a level's edges (children at d, parents at d - 1) are one
        # slice of the DAG, its parents one slice of positions.
        for d in range(dag.depth, 0, -1):
            a, b = ptr[starts[d]], ptr[starts[d + 1]]
            lo, hi = starts[d - 1], starts[d]
            c, p = child[a:b], parent[a:b] - lo
            gained = share[a:b, None] * (mine[c] + delta[c])
            delta[lo:hi] += np.bincount((p[:, None] * k + column).ravel(),
                                        weights=gained.ravel(),
                                        minlength=(hi - lo) * k).reshape(hi - lo, k)
        delta[0] = 0.0
        out = np.zeros((self.n, k))
        out[dag.order] = delta
        return out

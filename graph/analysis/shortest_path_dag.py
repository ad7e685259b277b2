"""The shortest-path DAG of one breadth-first search and its path counts (sigma).

Both users of a search from a source read the same structure: pair sampling
(:mod:`graph.analysis.pair_sampling`) walks it backwards from targets, choosing each step
in proportion to the predecessor's path count; exact shared searches
(:mod:`graph.analysis.shared_searches`) run Brandes' accumulation over it level by level.
One builder serves both, so that the two cannot disagree on what a shortest path is.

Vertices are renumbered by their position in breadth-first order: each level is then one
slice of positions, and the DAG's edges sorted by child position are at once each
vertex's predecessor list (compressed rows) and grouped by level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

__all__ = ["PathDag", "shortest_path_dag"]


@dataclass(frozen=True)
class PathDag:
    """One search's DAG, in positions ``0..len(order)-1`` (the source is position 0).

    ``order[k]`` is the vertex at position ``k`` and ``pos`` its inverse (defined for
    reached vertices only); level ``d`` holds positions ``starts[d]:starts[d + 1]``. The
    predecessors of position ``k`` are ``parent[ptr[k]:ptr[k + 1]]`` (positions, in the
    adjacency's column order), ``child`` repeats ``k`` for each of them, and ``sigma[k]``
    counts the shortest paths from the source to position ``k``.
    """

    order: np.ndarray
    pos: np.ndarray
    starts: np.ndarray
    ptr: np.ndarray
    parent: np.ndarray
    child: np.ndarray
    sigma: np.ndarray

    @property
    def depth(self) -> int:
        """The deepest level."""
        return len(self.starts) - 2


def shortest_path_dag(adjacency: sp.csr_array, s: int) -> PathDag:
    """The DAG of shortest paths from ``s`` in an unweighted symmetric graph."""
    n = adjacency.shape[0]
    order, pred = breadth_first_order(adjacency, s, directed=True, return_predecessors=True)
    order = order.astype(np.int64)
    dist = _depths(s, order, pred, n)
    reached = len(order)
    pos = np.zeros(n, dtype=np.int64)
    pos[order] = np.arange(reached)
    # Every reached vertex's adjacency row, in breadth-first order (one ragged gather), so
    # the edges kept come out sorted by child position with no sort; all in positions,
    # where the level of a position is one more gather of a short array.
    level = dist[order]
    indptr = adjacency.indptr.astype(np.int64)
    lengths = indptr[order + 1] - indptr[order]
    offsets = np.cumsum(lengths) - lengths
    flat = np.repeat(indptr[order] - offsets, lengths) + np.arange(int(lengths.sum()))
    neighbour = pos[adjacency.indices[flat]]
    child = np.repeat(np.arange(reached), lengths)
    kept = np.flatnonzero(level[neighbour] == level[child] - 1)
    child, parent = child[kept], neighbour[kept]
    ptr = np.zeros(reached + 1, dtype=np.int64)
    np.cumsum(np.bincount(child, minlength=reached), out=ptr[1:])
    starts = np.searchsorted(level, np.arange(int(level[-1]) + 2))
    sigma = np.zeros(reached)
    sigma[0] = 1.0
    for d in range(1, len(starts) - 1):
        lo, hi = starts[d], starts[d + 1]
        # Every vertex below the source has a predecessor: no empty segment.
        sigma[lo:hi] = np.add.reduceat(sigma[parent[ptr[lo]:ptr[hi]]], ptr[lo:hi] - ptr[lo])
    return PathDag(order, pos, starts, ptr, parent, child, sigma)


def _depths(s: int, order: np.ndarray, pred: np.ndarray, n: int) -> np.ndarray:
    """Distance from ``s`` of every vertex (-2 where unreached), by pointer doubling over
    the breadth-first tree: log2(depth) vector steps instead of a loop over vertices."""
    reached = np.zeros(n, dtype=bool)
    reached[order] = True
    jump = np.where(reached, pred, s)
    jump[s] = s
    depth = reached.astype(np.int64)
    depth[s] = 0
    while True:
        far = jump != s
        if not far.any():
            break
        depth = depth + np.where(far, depth[jump], 0)
        jump = jump[jump]
    return np.where(reached, depth, -2)

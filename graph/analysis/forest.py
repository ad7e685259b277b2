"""Subtree sizes in a forest: the one pass under the block-cut tree (people a departure
cuts off, :mod:`graph.analysis.departure`) and the bridge tree (people beyond a sole tie,
:mod:`graph.analysis.sole_ties`)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components

__all__ = ["forest_sizes"]


def forest_sizes(tree: sp.csr_array, own: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per vertex of the forest ``tree`` (an undirected adjacency matrix) with weights
    ``own``: its parent (-1 at a root: each tree's lowest vertex), the weight of its
    subtree, and the weight of its whole tree.

    One breadth-first search from a virtual vertex joined to every root, so a forest of
    many small trees costs one search, not one per tree.

    Examples
    --------
    >>> path = sp.csr_array(np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 0],
    ...                               [0, 0, 0, 0]]))
    >>> parent, subtree, total = forest_sizes(path, np.array([1, 2, 3, 4]))
    >>> parent.tolist(), subtree.tolist(), total.tolist()
    ([-1, 0, 1, -1], [6, 5, 3, 4], [6, 6, 6, 4])
    """
    m = len(own)
    _, label = connected_components(tree, directed=False)
    _, roots = np.unique(label, return_index=True)
    edges = sp.coo_array(tree)
    top = np.full(len(roots), m)
    joined = sp.csr_array((np.ones(len(edges.row) + len(roots)),
                           (np.r_[edges.row, top], np.r_[edges.col, roots])),
                          shape=(m + 1, m + 1))
    order, pred = breadth_first_order(joined, m, directed=False)
    parent = pred[:m].astype(np.int64)
    parent[roots] = -1
    subtree = np.asarray(own, dtype=np.int64).tolist()
    up = parent.tolist()
    for v in order[:0:-1].tolist():  # leaves first; the roots' parent is the virtual one
        if up[v] >= 0:
            subtree[up[v]] += subtree[v]
    sizes = np.asarray(subtree, dtype=np.int64)
    return parent, sizes, sizes[roots][label]

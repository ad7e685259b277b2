"""Patching a cost matrix after a write instead of building it again.

A write changes a few pairs; the contact-path index and its target matrices hold 1.2
million entries at 200,000 people. Building them again from the projection (or reading
them back out of igraph) cost seconds of Python per write; here the changed entries are
set, removed or added in numpy, with the matrix's cheapest edge (the bucket width of
:class:`graph.analysis.ball.Ball`) carried over rather than searched for again where the
change cannot have lowered it below, or taken away, the old one.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from graph.analysis.ball import cheapest_edge, know_cheapest

__all__ = ["Entry", "cost_at", "int32_indices", "patched", "symmetric"]

# (row, column, cost): the entry's new cost, or ``None`` where it goes.
Entry = tuple[int, int, float | None]


def cost_at(matrix: sp.csr_array, a: int, b: int) -> float | None:
    """The entry at row ``a``, column ``b``; ``None`` where there is none (or ``a`` is past
    the matrix)."""
    if a >= matrix.shape[0]:
        return None
    lo, hi = int(matrix.indptr[a]), int(matrix.indptr[a + 1])
    at = np.flatnonzero(matrix.indices[lo:hi] == b)
    return float(matrix.data[lo + at[0]]) if len(at) else None


def symmetric(changes: list[Entry]) -> list[Entry]:
    """Each changed pair in both directions, as an undirected cost matrix holds it."""
    return [e for u, v, cost in changes for e in ((u, v, cost), (v, u, cost))]


def patched(matrix: sp.csr_array, n: int, entries: list[Entry]) -> sp.csr_array:
    """``matrix`` grown to ``n`` vertices with each entry set, added or (``None``) removed:
    the matrix a build from the changed graph gives, with 32-bit indices as scipy's
    Dijkstra wants. A real cost is never 0 (Ball needs every edge above 0), so 0 marks the
    removed entries for one ``eliminate_zeros``."""
    old_cheapest = cheapest_edge(matrix)
    indptr = matrix.indptr
    if n > matrix.shape[0]:
        indptr = np.r_[indptr, np.full(n - matrix.shape[0], indptr[-1])]
    indices, data = matrix.indices, matrix.data.copy()
    rows, cols, new = [], [], []
    lost_cheapest = False
    for a, b, cost in entries:
        lo, hi = (int(indptr[a]), int(indptr[a + 1]))
        at = lo + np.flatnonzero(indices[lo:hi] == b)
        if len(at):
            lost_cheapest |= bool((data[at] == old_cheapest).any())
            data[at] = 0.0 if cost is None else cost
        elif cost is not None:
            rows.append(a)
            cols.append(b)
            new.append(cost)
    gone = any(cost is None for _, _, cost in entries)
    # eliminate_zeros compacts the index arrays in place: they are the earlier matrix's,
    # which queries on the earlier projection still read, so it gets copies
    out = sp.csr_array((data, indices.copy() if gone else indices,
                        indptr.copy() if gone and indptr is matrix.indptr else indptr),
                       shape=(n, n))
    if gone:
        out.eliminate_zeros()
    if new:
        out = out + sp.csr_array((new, (rows, cols)), shape=(n, n))
    out = int32_indices(out)
    if not lost_cheapest:
        # no entry that held the old cheapest cost changed: it is still there, and only
        # what was written can be cheaper
        know_cheapest(out, min([old_cheapest] + [c for _, _, c in entries if c is not None]))
    return out


def int32_indices(matrix: sp.csr_array) -> sp.csr_array:
    """``matrix`` with 32-bit index arrays: scipy's Dijkstra takes no other, and would copy
    the whole matrix into them on every call (a third of a short search's time)."""
    if matrix.indices.dtype == np.int32 and matrix.indptr.dtype == np.int32:
        return matrix
    return sp.csr_array((matrix.data, matrix.indices.astype(np.int32),
                         matrix.indptr.astype(np.int32)), shape=matrix.shape)

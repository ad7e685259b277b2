"""A networkx graph as numbered arrays, shared by the C libraries and sparse algebra.

Every measure that hands work to igraph, networkit or scipy converts the graph once, here,
and reuses the conversion.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components


@dataclass
class Indexed:
    """A networkx graph numbered 0..n-1, as arrays the C libraries take directly."""

    nodes: list[Hashable]
    index: dict[Hashable, int]
    src: np.ndarray  # each undirected edge once, no self-loops
    dst: np.ndarray
    weight: np.ndarray
    # The last partition's organisation codes (:meth:`OrgMatrix.of`) and the partition
    # itself, held so that its identity stays its own: one report asks for them from
    # five places (pair dependency, exact pairs, brokerage roles and significance, the
    # rows), and each built them from a look-up per person.
    _orgs: tuple[Mapping[Hashable, Hashable], OrgMatrix] | None = field(
        default=None, repr=False, compare=False)

    # Built on first use: the sparse measures need only the arrays.
    @cached_property
    def igraph(self) -> ig.Graph:
        return ig.Graph(n=len(self.nodes), edges=np.column_stack([self.src, self.dst]).tolist())

    @cached_property
    def components(self) -> list[np.ndarray]:
        """Ascending vertex ids per connected component, in the order of their lowest
        vertex (igraph's order). From the arrays, not igraph: the spanner report needs
        them before its KADABRA thread starts, and igraph's graph takes longer to build
        than KADABRA's."""
        if not self.nodes:
            return []
        count, labels = connected_components(self.adjacency(weighted=False), directed=False)
        # Labels follow the lowest vertex of each component; a stable sort keeps the
        # vertices ascending within each.
        order = np.argsort(labels, kind="stable")
        bounds = np.searchsorted(labels[order], np.arange(count + 1))
        return [order[bounds[c]:bounds[c + 1]].astype(np.int64) for c in range(count)]

    @classmethod
    def of(cls, G: nx.Graph, weight: str = "weight") -> Indexed:
        nodes = list(G)
        index = {n: i for i, n in enumerate(nodes)}
        m = G.number_of_edges()
        src = np.empty(m, dtype=np.int64)
        dst = np.empty(m, dtype=np.int64)
        w = np.empty(m, dtype=float)
        k = 0
        for u, v, x in G.edges(data=weight, default=1.0):
            if u != v:
                src[k], dst[k], w[k] = index[u], index[v], x
                k += 1
        return cls(nodes, index, src[:k], dst[:k], w[:k])

    def adjacency(self, weighted: bool = True) -> sp.csr_array:
        n = len(self.nodes)
        data = self.weight if weighted else np.ones(len(self.src))
        A = sp.coo_array((np.concatenate([data, data]),
                          (np.concatenate([self.src, self.dst]),
                           np.concatenate([self.dst, self.src]))), shape=(n, n))
        return sp.csr_array(A)

    def networkit(self) -> Any:
        import networkit as nk

        return nk.GraphFromCoo((np.ones(len(self.src)), (self.src.astype(np.uint64),
                                                         self.dst.astype(np.uint64))),
                               n=len(self.nodes), directed=False, weighted=False)

    def degree(self) -> np.ndarray:
        """Each vertex's number of contacts (self-loops left out, as in the arrays)."""
        n = len(self.nodes)
        return np.bincount(self.src, minlength=n) + np.bincount(self.dst, minlength=n)

    def work(self) -> int:
        degree = self.degree()
        return int(sum(len(c) * int(degree[c].sum()) // 2 for c in self.components))


def org_key(partition: Mapping[Hashable, Hashable], n: Hashable) -> Hashable:
    """A person's organisation; someone without one counts as an organisation of their own."""
    return partition.get(n, ("\x00no organisation", n))



@dataclass
class OrgMatrix:
    """Organisations as codes, and ``counts[v, k]``: v's contacts in organisation k."""

    keys: list[Hashable]
    codes: np.ndarray
    counts: sp.csr_array

    @classmethod
    def of(cls, idx: Indexed, partition: Mapping[Hashable, Hashable]) -> OrgMatrix:
        """Codes in order of first appearance over ``idx.nodes``; the same partition
        object (not changed since: the reports build theirs and only read it) gets the
        same matrix back."""
        if idx._orgs is not None and idx._orgs[0] is partition:
            return idx._orgs[1]
        lookup: dict[Hashable, int] = {}
        codes = np.array([lookup.setdefault(org_key(partition, v), len(lookup))
                          for v in idx.nodes], dtype=np.int64)
        n = len(idx.nodes)
        onehot = sp.csr_array((np.ones(n), (np.arange(n), codes)), shape=(n, len(lookup)))
        counts = sp.csr_array(idx.adjacency(weighted=False) @ onehot)
        out = cls(list(lookup), codes, counts)
        idx._orgs = (partition, out)
        return out

    def of_vertices(self) -> list[Hashable]:
        """Each vertex's organisation key (:func:`org_key`), in vertex order."""
        return [self.keys[c] for c in self.codes.tolist()]




"""Sole ties: ties that are the only link between two parts of the network (bridges).

When such a tie ends, the people on its far side lose contact with the near side. Each
person's sole ties are named with the number of people beyond them: a tie to a colleague
who knows nobody else has one person beyond it, the tie that alone joins a municipality's
staff to the rest has all of them.

Linear: igraph finds the bridges, the 2-edge-connected components (the graph without its
bridges) form a forest joined by them, and one pass up that forest
(:func:`graph.analysis.forest.forest_sizes`) gives every bridge's side sizes.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from graph.analysis.forest import forest_sizes
from graph.analysis.indexed import Indexed

SoleTies = dict[Hashable, list[dict[str, Any]]]


def sole_ties(idx: Indexed) -> SoleTies:
    """Per person with a sole tie: ``{"person": the other end, "beyond": people on the
    other end's side}``, largest first (people without one are left out).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> sole_ties(Indexed.of(G))
    {'c': [{'person': 'd', 'beyond': 1}], 'd': [{'person': 'c', 'beyond': 3}]}
    """
    bridges = idx.igraph.bridges()
    if not bridges:
        return {}
    src, dst = idx.src[bridges], idx.dst[bridges]
    n = len(idx.nodes)
    keep = np.ones(len(idx.src), dtype=bool)
    keep[bridges] = False
    inner = sp.coo_array((np.ones(int(keep.sum())), (idx.src[keep], idx.dst[keep])),
                         shape=(n, n))
    _, label = connected_components(inner, directed=False)
    size = np.bincount(label)
    a, b = label[src], label[dst]
    # The bridge tree: one vertex per 2-edge-connected component, one edge per bridge.
    m = len(size)
    tree = sp.csr_array(sp.coo_array((np.ones(2 * len(a)), (np.r_[a, b], np.r_[b, a])),
                                     shape=(m, m)))
    parent, subtree, total = forest_sizes(tree, size)
    out: SoleTies = {}
    for u, v, cu, cv in zip(src.tolist(), dst.tolist(), a.tolist(), b.tolist(), strict=True):
        # The child end's side is its subtree; the other side is the rest of the tree.
        child = cv if parent[cv] == cu else cu
        below = int(subtree[child])
        beyond_v = below if child == cv else int(total[cu]) - below
        beyond_u = int(total[cu]) - beyond_v
        out.setdefault(idx.nodes[u], []).append({"person": idx.nodes[v], "beyond": beyond_v})
        out.setdefault(idx.nodes[v], []).append({"person": idx.nodes[u], "beyond": beyond_u})
    for ties in out.values():
        ties.sort(key=lambda t: (-t["beyond"], str(t["person"])))
    return out

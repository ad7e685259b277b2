"""What one person's departure breaks in the network, for everyone at once.

The claims follow the contract in the README, on the whole collaboration graph:

* ``disconnects``: organisation pairs (A, B) with κ(A, B) >= 1 today and κ = 0 once the
  person has left (an organisation whose last current member leaves has lost its
  contacts);
* ``reduced_to_one_link``: pairs with κ >= 2 today and κ = 1 once they have left.

Removing one person lowers κ by at most one, and by one exactly when they lie in some
minimum A-B cut, so both lists come from one capped maximum flow per organisation pair
(:func:`graph.analysis.connectivity.fragile_pairs`), not from recomputing per person.

``cut_off`` is read off the block-cut tree: removing articulation point ``v`` leaves one
piece per neighbouring block subtree plus the rest of the component, and the people
outside the largest piece lose contact with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.analysis.betweenness import Pair
from graph.analysis.connectivity import fragile_pairs
from graph.analysis.forest import forest_sizes
from graph.analysis.indexed import Indexed, org_key


@dataclass
class StructuralImpact:
    """``disconnects``: organisation pairs whose connectivity falls from 1 to 0;
    ``reduced_to_one_link``: pairs whose connectivity falls from 2 to 1;
    ``cut_off``: people of the person's component no longer connected to its largest
    remaining part."""

    disconnects: list[Pair] = field(default_factory=list)
    cut_off: int = 0
    reduced_to_one_link: list[Pair] = field(default_factory=list)


def departure_impact(G: nx.Graph, partition: Mapping[Hashable, Hashable], *,
                     indexed: Indexed | None = None,
                     cut_off: Mapping[Hashable, int] | None = None
                     ) -> dict[Hashable, StructuralImpact]:
    """Every person's structural impact of leaving (people with none are left out).

    ``cut_off`` (articulation point -> people cut off), when given, was computed elsewhere
    (in Neo4j, :mod:`graph.analysis.gds_records`) and replaces the block-cut tree.

    Examples
    --------
    Ike (8) is the only link to Jane (9) in Krackhardt's kite:

    >>> G = nx.krackhardt_kite_graph()
    >>> part = dict.fromkeys(G, "a") | {9: "b"}
    >>> impact = departure_impact(G, part)
    >>> impact[8].disconnects, impact[8].cut_off, impact[7].cut_off
    ([('a', 'b')], 1, 2)
    >>> impact[9].disconnects  # Jane is all of b
    [('a', 'b')]
    """
    idx = indexed or Indexed.of(G)
    orgs = [org_key(partition, v) for v in idx.nodes]
    out: dict[Hashable, StructuralImpact] = defaultdict(StructuralImpact)
    if cut_off is None:
        _articulation(idx, out)
    else:
        for v, n in cut_off.items():
            out[v].cut_off = n
    for pair in fragile_pairs(idx, orgs):
        for v in pair.critical:
            impact = out[idx.nodes[v]]
            claims = impact.disconnects if pair.connectivity == 1 else impact.reduced_to_one_link
            claims.append(pair.organisations)
    for impact in out.values():
        impact.disconnects.sort(key=str)
        impact.reduced_to_one_link.sort(key=str)
    return dict(out)


def _articulation(idx: Indexed, out: dict[Hashable, StructuralImpact]) -> None:
    """``cut_off`` of every articulation point, from the block-cut tree's subtree sizes."""
    blocks, aps = idx.igraph.biconnected_components(return_articulation_points=True)
    if not aps:
        return
    n_blocks = len(blocks)
    # Tree nodes 0..n_blocks-1 are blocks; n_blocks + k is articulation point aps[k].
    ap_node = {v: n_blocks + k for k, v in enumerate(aps)}
    m = n_blocks + len(aps)
    own = np.zeros(m, dtype=np.int64)  # each tree node's own people
    own[n_blocks:] = 1
    rows: list[int] = []
    cols: list[int] = []
    for j, block in enumerate(blocks):
        for v in block:
            if v in ap_node:
                rows.append(j)
                cols.append(ap_node[v])
            else:
                own[j] += 1
    tree = sp.csr_array((np.ones(2 * len(rows)), (rows + cols, cols + rows)), shape=(m, m))
    parent, subtree, total = forest_sizes(tree, own)
    # The pieces an articulation point leaves: each child's subtree and the rest of its
    # tree above it; all but the largest are cut off.
    child = np.flatnonzero(parent >= 0)
    largest = total - subtree
    np.maximum.at(largest, parent[child], subtree[child])
    for k, v in enumerate(aps):
        t = n_blocks + k
        out[idx.nodes[v]].cut_off = int(total[t] - 1 - largest[t])

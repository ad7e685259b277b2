"""What one person's departure breaks in the network, for everyone at once.

Only an articulation point can disconnect anything, and what it disconnects is read off
the block-cut tree: removing articulation point ``v`` leaves one piece per neighbouring
block subtree plus the rest of the component. With the number of people of each
organisation summed per subtree (one pass over the tree), every person's effect on every
pair of organisations follows without recomputing connectivity per person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from graph.analysis.betweenness import Pair
from graph.analysis.indexed import Indexed, org_key


@dataclass
class StructuralImpact:
    """``disconnects``: organisation pairs left with no path between them;
    ``cut_off``: people no longer connected to the largest remaining part;
    ``reduced_to_one_link``: pairs whose remaining direct ties would all run through at
    most one person (and that are still connected)."""

    disconnects: list[Pair] = field(default_factory=list)
    cut_off: int = 0
    reduced_to_one_link: list[Pair] = field(default_factory=list)


def _ordered(a: Hashable, b: Hashable) -> Pair:
    return (a, b) if str(a) <= str(b) else (b, a)


def departure_impact(G: nx.Graph, partition: Mapping[Hashable, Hashable], *,
                     indexed: Indexed | None = None) -> dict[Hashable, StructuralImpact]:
    """Every person's structural impact of leaving (people with none are left out).

    Examples
    --------
    Ike (8) is the only link to Jane (9) in Krackhardt's kite:

    >>> G = nx.krackhardt_kite_graph()
    >>> part = dict.fromkeys(G, "a") | {9: "b"}
    >>> impact = departure_impact(G, part)
    >>> impact[8].disconnects, impact[8].cut_off, impact[7].cut_off
    ([('a', 'b')], 1, 2)
    """
    idx = indexed or Indexed.of(G)
    orgs = [org_key(partition, v) for v in idx.nodes]
    out: dict[Hashable, StructuralImpact] = defaultdict(StructuralImpact)
    _articulation(idx, orgs, out)
    _direct_links(idx, orgs, out)
    return dict(out)


def _articulation(idx: Indexed, orgs: list[Hashable],
                  out: dict[Hashable, StructuralImpact]) -> None:
    blocks, aps = idx.igraph.biconnected_components(return_articulation_points=True)
    if not aps:
        return
    ap_set = set(aps)
    n_blocks = len(blocks)
    # Tree nodes 0..n_blocks-1 are blocks; n_blocks + k is articulation point aps[k].
    ap_node = {v: n_blocks + k for k, v in enumerate(aps)}
    adj: list[list[int]] = [[] for _ in range(n_blocks + len(aps))]
    members: list[list[int]] = []  # each tree node's own people
    for j, block in enumerate(blocks):
        members.append([v for v in block if v not in ap_set])
        for v in block:
            if v in ap_set:
                adj[j].append(ap_node[v])
                adj[ap_node[v]].append(j)
    members += [[v] for v in aps]
    seen = [False] * len(adj)
    for root in range(n_blocks):
        if not seen[root]:
            _tree(root, adj, members, orgs, idx, seen, aps, n_blocks, out)


def _tree(root: int, adj: list[list[int]], members: list[list[int]], orgs: list[Hashable],
          idx: Indexed, seen: list[bool], aps: list[int], n_blocks: int,
          out: dict[Hashable, StructuralImpact]) -> None:
    order, parent = [root], {root: -1}
    seen[root] = True
    for node in order:  # breadth-first; the list grows while we walk it
        for nxt in adj[node]:
            if not seen[nxt]:
                seen[nxt] = True
                parent[nxt] = node
                order.append(nxt)
    local = {o: k for k, o in enumerate(sorted({orgs[v] for t in order for v in members[t]},
                                               key=str))}
    keys = sorted(local, key=lambda o: local[o])
    counts = np.zeros((len(order), len(local)), dtype=np.int64)
    pos = {t: i for i, t in enumerate(order)}
    for i, t in enumerate(order):
        for v in members[t]:
            counts[i, local[orgs[v]]] += 1
    subtree = counts.copy()
    for t in reversed(order[1:]):
        subtree[pos[parent[t]]] += subtree[pos[t]]
    total = subtree[0]
    size = int(total.sum())
    for t in order:
        if t < n_blocks:
            continue
        v = aps[t - n_blocks]
        pieces = [subtree[pos[c]] for c in adj[t] if parent.get(c) == t]
        rest = total - subtree[pos[t]]
        if rest.sum() > 0:
            pieces.append(rest)
        present = (total - counts[pos[t]]) > 0
        P = (np.array(pieces) > 0).astype(np.int64)
        together = (P.T @ P) > 0
        broken = np.argwhere(np.triu(np.outer(present, present) & ~together, k=1))
        impact = out[idx.nodes[v]]
        impact.disconnects = sorted((_ordered(keys[a], keys[b]) for a, b in broken), key=str)
        impact.cut_off = size - 1 - int(max(p.sum() for p in pieces))


def _direct_links(idx: Indexed, orgs: list[Hashable],
                  out: dict[Hashable, StructuralImpact]) -> None:
    by_pair: dict[Pair, list[tuple[int, int]]] = defaultdict(list)
    for u, v in zip(idx.src.tolist(), idx.dst.tolist(), strict=True):
        if orgs[u] != orgs[v]:
            by_pair[_ordered(orgs[u], orgs[v])].append((u, v))
    for pair, edges in by_pair.items():
        degree: dict[int, int] = defaultdict(int)
        for u, v in edges:
            degree[u] += 1
            degree[v] += 1
        top = sorted(degree.values(), reverse=True)[:2]
        if sum(top) < len(edges):
            continue  # no two people hold every direct tie: nobody's leaving leaves one
        for person in degree:
            left = [e for e in edges if person not in e]
            holders = set(left[0]) if left else set()
            for e in left[1:]:
                holders &= set(e)
            if left and not holders:
                continue
            impact = out[idx.nodes[person]]
            if pair not in impact.disconnects:
                impact.reduced_to_one_link.append(pair)

"""How many people hold two organisations together: set-to-set vertex connectivity.

For organisations A and B, the connectivity is the smallest number of people whose
departure leaves no path from any remaining person of A to any remaining person of B
(Menger: the number of vertex-disjoint A-B paths). It is a maximum flow on the usual
node-split digraph: person ``v`` becomes ``v_in -> v_out`` with capacity 1, every tie
becomes two uncapacitated arcs, a source feeds every ``a_in`` of A and every ``b_out`` of
B drains to a sink. The saturated ``v_in -> v_out`` arcs of a minimum cut name one
smallest set of people. Paths in different components are independent, so the
connectivity over the whole graph is the sum over components and the cut their union.

networkx's ``node_connectivity`` / ``minimum_node_cut`` between two added super-nodes
define the same number; tests check against them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

import igraph as ig
import networkx as nx
import numpy as np

from graph.analysis.betweenness import Pair
from graph.analysis.indexed import Indexed, org_key

_BIG = float(2**40)


@dataclass
class PairConnectivity:
    organisations: Pair
    connectivity: int
    cut: list[Hashable] = field(default_factory=list)


def organisation_connectivity(G: nx.Graph, partition: Mapping[Hashable, Hashable], *,
                              pairs: Iterable[Pair] | None = None,
                              indexed: Indexed | None = None) -> list[PairConnectivity]:
    """Connectivity and one minimum cut for every pair of organisations (or ``pairs``).

    Pairs whose organisations never share a component have connectivity 0 and are listed
    only when asked for in ``pairs``.

    Examples
    --------
    Two AF colleagues reach Lomma only through Maria:

    >>> G = nx.Graph([("a1", "maria"), ("a2", "maria"), ("maria", "l1")])
    >>> part = {"a1": "af", "a2": "af", "maria": "af", "l1": "lomma"}
    >>> [(r.connectivity, r.cut) for r in organisation_connectivity(G, part)]
    [(1, ['l1'])]
    """
    idx = indexed or Indexed.of(G)
    orgs = [org_key(partition, v) for v in idx.nodes]
    wanted = None if pairs is None else {_ordered(p) for p in pairs}
    totals: dict[Pair, PairConnectivity] = {}
    if wanted:
        totals = {p: PairConnectivity(p, 0) for p in sorted(wanted, key=_key)}
    membership = np.empty(len(idx.nodes), dtype=np.int64)
    for c, comp in enumerate(idx.components):
        membership[comp] = c
    edge_comp = membership[idx.src] if len(idx.src) else np.zeros(0, dtype=np.int64)
    for c, comp in enumerate(idx.components):
        present = sorted({orgs[i] for i in comp.tolist()}, key=_key)
        todo = [p for p in combinations(present, 2) if wanted is None or p in wanted]
        if not todo:
            continue
        mask = edge_comp == c
        flow = _SplitGraph(comp, idx.src[mask], idx.dst[mask])
        for pair in todo:
            a_members = np.array([orgs[i] == pair[0] for i in comp.tolist()])
            b_members = np.array([orgs[i] == pair[1] for i in comp.tolist()])
            value, cut = flow.min_cut(a_members, b_members)
            result = totals.setdefault(pair, PairConnectivity(pair, 0))
            result.connectivity += value
            result.cut += [idx.nodes[comp[k]] for k in cut]
    return [totals[p] for p in sorted(totals, key=_key)]


def _key(x: Hashable | Pair) -> str:
    return str(x)


def _ordered(pair: Pair) -> Pair:
    a, b = pair
    return (a, b) if str(a) <= str(b) else (b, a)


class _SplitGraph:
    """The node-split digraph of one component; capacities change per pair."""

    def __init__(self, comp: np.ndarray, src: np.ndarray, dst: np.ndarray) -> None:
        n = len(comp)
        u, v = np.searchsorted(comp, src), np.searchsorted(comp, dst)
        self.n = n
        self.source, self.sink = 2 * n, 2 * n + 1
        people = np.arange(n)
        tails = np.concatenate([people, u + n, v + n, np.full(n, self.source), people + n])
        heads = np.concatenate([people + n, v, u, people, np.full(n, self.sink)])
        self.graph = ig.Graph(n=2 * n + 2, edges=np.column_stack([tails, heads]).tolist(),
                              directed=True)
        self.base = np.concatenate([np.ones(n), np.full(2 * len(u), _BIG), np.zeros(2 * n)])
        self.feed = n + 2 * len(u)  # first source arc; the sink arcs follow

    def min_cut(self, a: np.ndarray, b: np.ndarray) -> tuple[int, list[int]]:
        capacity = self.base.copy()
        capacity[self.feed:self.feed + self.n][a] = _BIG
        capacity[self.feed + self.n:][b] = _BIG
        flow = self.graph.maxflow(self.source, self.sink, capacity=capacity.tolist())
        value = round(flow.value)
        cut = sorted(e for e in flow.cut if e < self.n)  # person arcs come first
        return value, cut


def initiative_connectivity(G: nx.Graph, initiatives: Mapping[str, set[Hashable]],
                            partition: Mapping[Hashable, Hashable]
                            ) -> dict[str, list[PairConnectivity]]:
    """Connectivity between the parties of each initiative, inside the initiative.

    ``initiatives`` maps an initiative to its people (participants and the members of its
    styrgrupp); paths may only run through them, so a party that reaches the others
    through one colleague shows connectivity 1 with that colleague as the cut.
    """
    return {initiative: organisation_connectivity(G.subgraph(people), partition)
            for initiative, people in initiatives.items()}

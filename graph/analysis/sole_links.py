"""Party connectivity as a table, who alone holds a pair together, and κ after a change.

Everything here is κ(A, B) of :mod:`graph.analysis.connectivity` on the whole graph
(global across components): the fewest people whose departure leaves no path from any
remaining member of A to any remaining member of B. The reports on change, seats,
succession and bridging state their claims from these three functions only.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping

import networkx as nx

from graph.analysis.betweenness import Pair
from graph.analysis.connectivity import PairConnectivity, organisation_connectivity

Tie = tuple[Hashable, Hashable]


def kappa_table(G: nx.Graph, partition: Mapping[Hashable, Hashable], *,
                pairs: Iterable[Pair] | None = None,
                cap: int | None = None) -> dict[Pair, PairConnectivity]:
    """κ and one minimum cut per pair, keyed by the ordered pair (pairs with κ ≥ 1, or
    exactly ``pairs`` when given); with ``cap``, pairs with κ ≥ ``cap`` are only proved
    so (``at_least``, no cut).

    Examples
    --------
    >>> G = nx.Graph([("a1", "m"), ("a2", "m"), ("m", "l1")])
    >>> part = {"a1": "af", "a2": "af", "m": "af", "l1": "lomma"}
    >>> kappa_table(G, part)[("af", "lomma")].connectivity
    1
    """
    return {r.organisations: r
            for r in organisation_connectivity(G, partition, pairs=pairs, cap=cap)}


def kappa_after(G: nx.Graph, partition: Mapping[Hashable, Hashable], pairs: Iterable[Pair],
                *, remove: Iterable[Hashable] = (), add: Iterable[Tie] = ()
                ) -> dict[Pair, int]:
    """κ of ``pairs`` once ``remove`` have left and the ties ``add`` exist.

    Examples
    --------
    >>> G = nx.Graph([("a1", "m"), ("m", "l1")])
    >>> G.add_node("l2")
    >>> part = {"a1": "af", "m": "af", "l1": "lomma", "l2": "lomma"}
    >>> kappa_after(G, part, [("af", "lomma")], remove=["m"])
    {('af', 'lomma'): 0}
    >>> kappa_after(G, part, [("af", "lomma")], add=[("a1", "l2")])
    {('af', 'lomma'): 2}
    """
    wanted = list(pairs)
    if not wanted:
        return {}
    H = bare_graph(G, remove, add)
    return {r.organisations: r.connectivity
            for r in organisation_connectivity(H, partition, pairs=wanted)}


def bare_graph(G: nx.Graph, remove: Iterable[Hashable] = (), add: Iterable[Tie] = ()
               ) -> nx.Graph:
    """``G`` without ``remove`` and with the ties ``add`` between people still there.

    A bare copy: the flow needs people and ties only, and copying attributes (or a
    subgraph view's filters) cost more than the flow itself.
    """
    gone = set(remove)
    H = nx.Graph()
    H.add_nodes_from(v for v in G if v not in gone)
    H.add_edges_from((u, v) for u, v in G.edges() if u not in gone and v not in gone)
    H.add_edges_from(t for t in add if t[0] in H and t[1] in H)
    return H


def sole_links(G: nx.Graph, partition: Mapping[Hashable, Hashable],
               table: Mapping[Pair, PairConnectivity] | None = None
               ) -> dict[Pair, list[Hashable]]:
    """For each pair with κ = 1, every person whose departure alone leaves κ = 0.

    Such a person lies on every A–B path, so on any one of them: one breadth-first path,
    then one reachability test per person on it (a member of A or B counts as leaving
    too, and an organisation whose last member leaves has lost its contacts).

    Examples
    --------
    >>> G = nx.path_graph(["a", "x", "y", "b"])
    >>> part = {"a": "A", "x": "A", "y": "B", "b": "B"}
    >>> sole_links(G, part)
    {('A', 'B'): ['x', 'y']}
    """
    rows = table if table is not None else kappa_table(G, partition)
    members: dict[Hashable, set[Hashable]] = {}
    for v in G:
        members.setdefault(partition.get(v, v), set()).add(v)
    out: dict[Pair, list[Hashable]] = {}
    for pair, row in rows.items():
        if row.connectivity != 1 or row.at_least:
            continue
        a, b = members.get(pair[0], set()), members.get(pair[1], set())
        path = _path(G, a, b, blocked=None)
        if path is None:  # cannot happen when κ = 1; kept honest rather than asserted
            continue
        out[pair] = sorted((v for v in path if _path(G, a - {v}, b - {v}, blocked=v) is None),
                           key=str)
    return out


def _path(G: nx.Graph, sources: set[Hashable], targets: set[Hashable],
          blocked: Hashable | None) -> list[Hashable] | None:
    """One shortest path from any source to any target avoiding ``blocked``, or None."""
    parent: dict[Hashable, Hashable | None] = {s: None for s in sources}
    queue = deque(sources)
    while queue:
        u = queue.popleft()
        if u in targets:
            path = [u]
            while (p := parent[path[-1]]) is not None:
                path.append(p)
            return path[::-1]
        for w in G[u]:
            if w != blocked and w not in parent:
                parent[w] = u
                queue.append(w)
    return None


def around(G: nx.Graph, partition: Mapping[Hashable, Hashable], pairs: Iterable[Pair],
           nodes: Iterable[Hashable] = ()) -> nx.Graph:
    """The components that hold a member of an organisation of ``pairs`` or one of
    ``nodes``, as a subgraph view: κ of those pairs, with ties added among ``nodes``, is
    the same on it as on all of ``G`` (other components carry no path between them)."""
    orgs = {o for pair in pairs for o in pair}
    seeds = {v for v in G if partition.get(v, v) in orgs} | {v for v in nodes if v in G}
    keep: set[Hashable] = set()
    for comp in nx.connected_components(G):
        if not comp.isdisjoint(seeds):
            keep |= comp
    return G.subgraph(keep)

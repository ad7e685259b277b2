"""Contact paths (kontaktvägar): who can introduce me to the right person.

Cost of a hop
-------------
A hop costs the cheapest relation that carries it:

* a tie: ``1 + (5 - strength) / 4`` (1.0 for strength 5, 2.0 for strength 1), times 1.0 if
  the last contact was within 90 days, 1.2 within a year, 1.5 if older or unknown;
* a shared forum (group): 1.2; a shared running initiative: 1.3. Formal channels beat
  weak or stale ties, and a strong, recent tie beats them.

Reaching a target that is a set of people (an organisation, a group, a role) costs 0 more
for a role holder or chair there and 0.5 more for anyone else, so paths end with the
person whose job it is when one is near.

People who have left are not in the collaboration graph; people marked unavailable for
a query are taken out of it. The k best paths come from Yen's algorithm (igraph).
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from graph.errors import NotFoundError

TIE_TEXT = {"collaboration": "samarbetar", "meeting": "har regelbundna möten",
            "multiparty_meeting": "flerpartssamtal", "handover": "överlämning",
            "mentoring": "mentorskap", "other": "känner varandra"}
GROUP_COST, INITIATIVE_COST = 1.2, 1.3
NON_HOLDER_PENALTY = 0.5
KINDS = ("person", "role", "org", "group")


def hop_cost(data: dict[str, Any], today: date) -> tuple[float, str]:
    """Cost of one hop and the Swedish words for the relation that carries it."""
    best: tuple[float, str] = (float("inf"), "")
    for kind, strength, last in data.get("ties", []):
        age = (today - date.fromisoformat(last)).days if last else None
        fresh = 1.0 if age is not None and age <= 90 else 1.2 if (
            age is not None and age <= 365) else 1.5
        cost = (1 + (5 - strength) / 4) * fresh
        text = TIE_TEXT.get(kind, "känner varandra")
        text = f"{text} {last[:7]}" if kind == "handover" and last else (
            f"{text} (senast {last[:7]})" if last else text)
        best = min(best, (cost, text))
    names = data.get("_names", {})
    for g in data.get("groups", []):
        best = min(best, (GROUP_COST, f"sitter båda i {names.get(g, g)}"))
    for i in data.get("initiatives", []):
        best = min(best, (INITIATIVE_COST, f"arbetar båda i {names.get(i, i)}"))
    return best


@dataclass
class PathIndex:
    """The collaboration graph as a weighted igraph graph, built once per projection.

    Paths never leave a connected component, so queries run on the source's component,
    cut out when the index is built: a few thousand vertices instead of the whole graph.
    Each component's matrix is built here too, so no query pays for it.
    """

    G: nx.Graph
    nodes: list[Hashable]
    index: dict[Hashable, int]
    graph: ig.Graph
    today: date
    membership: list[int] = field(default_factory=list)
    parts: dict[int, tuple[ig.Graph, list[int], dict[int, int]]] = field(default_factory=dict)
    matrices: dict[int, sp.csr_array] = field(default_factory=dict)

    def __post_init__(self) -> None:
        comps = self.graph.connected_components()
        self.membership = comps.membership
        for c, members in enumerate(comps):
            sub = self.graph.induced_subgraph(members, implementation="copy_and_delete")
            self.parts[c] = (sub, list(members), {g: k for k, g in enumerate(members)})
            self.matrices[c] = _csr(sub)

    def component(self, vertex: int) -> tuple[ig.Graph, list[int], dict[int, int]]:
        """(component graph, its global vertex ids, global -> local id)."""
        return self.parts[self.membership[vertex]]

    def matrix(self, component: int) -> sp.csr_array:
        """The component's weighted adjacency matrix (for scipy's Dijkstra)."""
        return self.matrices[component]


_INDEXES: weakref.WeakKeyDictionary[nx.Graph, PathIndex] = weakref.WeakKeyDictionary()


def path_index(G: nx.Graph) -> PathIndex:
    found = _INDEXES.get(G)
    if found is None:
        today = date.fromisoformat(G.graph.get("as_of", date.today().isoformat()))
        nodes = list(G)
        index = {n: i for i, n in enumerate(nodes)}
        edges, weights = [], []
        for u, v, data in G.edges(data=True):
            edges.append((index[u], index[v]))
            weights.append(hop_cost(data, today)[0])
        graph = ig.Graph(n=len(nodes), edges=edges)
        graph.es["weight"] = weights
        found = PathIndex(G, nodes, index, graph, today)
        _INDEXES[G] = found
    return found


@dataclass(frozen=True)
class Target:
    kind: str
    id: str
    people: dict[Hashable, float]  # person -> extra cost of ending there


def resolve(G: nx.Graph, ref: str) -> Target:
    """``person:ID``, ``role:ID``, ``org:ID``, ``group:ID`` or a bare id of any of them."""
    kind, _, ident = ref.rpartition(":")
    orgs = G.graph.get("organisations", {})
    roles: dict[str, dict[str, Any]] = G.graph.get("roles", {})
    memberships: dict[str, dict[str, str]] = G.graph.get("seats", {})
    left = G.graph.get("not_current", {})
    if not kind:
        kind = ("person" if ident in G or ident in left else "role" if ident in roles else
                "org" if ident in orgs else "group" if ident in memberships else "")
        if not kind:
            raise NotFoundError(f"unknown person, role, organisation or group {ident!r}")
    if kind not in KINDS:
        raise NotFoundError(f"unknown kind {kind!r}: use person, role, org or group")
    if kind == "person":
        return Target(kind, ident, {current_person(G, ident): 0.0})
    if kind == "role":
        role = roles.get(ident)
        if role is None:
            raise NotFoundError(f"unknown role {ident!r}")
        people = {p: 0.0 for p in role["holders"] if p in G}
        people.update({p: NON_HOLDER_PENALTY / 2 for p in role["deputies"]
                       if p in G and p not in people})
        if not people:
            raise NotFoundError(f"role {ident!r} has no current holder or deputy")
        return Target(kind, ident, people)
    if kind == "org":
        if ident not in orgs:
            raise NotFoundError(f"unknown organisation {ident!r}")
        inside = _descendants(orgs, ident)
        holders = {p for r in roles.values() if r.get("scope") in inside for p in r["holders"]}
        people = {p: (0.0 if p in holders else NON_HOLDER_PENALTY)
                  for p, o in G.nodes(data="organisation") if o in inside}
        if not people:
            raise NotFoundError(f"nobody currently works at {ident!r}")
        return Target(kind, ident, people)
    seats = memberships.get(ident)
    if seats is None:
        raise NotFoundError(f"unknown group {ident!r}")
    people = {p: (0.0 if seat == "chair" else NON_HOLDER_PENALTY)
              for p, seat in seats.items() if p in G}
    if not people:
        raise NotFoundError(f"group {ident!r} has no current members")
    return Target(kind, ident, people)


def current_person(G: nx.Graph, ident: Hashable) -> Hashable:
    """``ident`` if it is a person in the network on the graph's day; else a clear error."""
    if ident in G:
        return ident
    left = G.graph.get("not_current", {})
    if ident in left:
        raise NotFoundError(f"{ident!r} is not in the network on {G.graph.get('as_of')} "
                            f"(left or not yet started: {left[ident]}); try their role")
    raise NotFoundError(f"unknown person {ident!r}")


def _descendants(orgs: dict[str, dict[str, Any]], root: str) -> set[str]:
    inside, changed = {root}, True
    while changed:
        changed = False
        for o, info in orgs.items():
            if o not in inside and info.get("parent") in inside:
                inside.add(o)
                changed = True
    return inside


def k_best_paths(G: nx.Graph, source: Hashable, target: Target, *, k: int = 3,
                 unavailable: Iterable[Hashable] = ()) -> list[dict[str, Any]]:
    """The ``k`` cheapest paths from ``source`` to any person of ``target``.

    The k best paths to a set are among the k best paths to its k nearest members: any
    path to a farther member costs at least its distance, which k paths already beat.
    Paths that pass another target person on the way are dropped (ask them instead).
    """
    current_person(G, source)
    idx = path_index(G)
    graph, members, local = idx.component(idx.index[source])
    s = local[idx.index[source]]
    blocked = {local[idx.index[p]] for p in unavailable
               if p in idx.index and idx.index[p] in local} - {s}
    if blocked:  # a copy: the cached graph serves every other query
        graph = graph.copy()
        graph.delete_edges([e for v in sorted(blocked) for e in graph.incident(v)])
    ends = {local[idx.index[p]]: extra for p, extra in target.people.items()
            if p in idx.index and idx.index[p] in local and local[idx.index[p]] not in blocked}
    if s in ends and len(ends) == 1:
        return [{"people": [source], "names": [G.nodes[source].get("name")], "cost": 0.0,
                 "hops": [], "target": source}]
    ends.pop(s, None)
    if not ends:
        return []
    order = list(ends)
    matrix = _csr(graph) if blocked else idx.matrix(idx.membership[idx.index[source]])
    dist = dijkstra(matrix, indices=s)[order].tolist()
    reachable = sorted((d + ends[t], t) for d, t in zip(dist, order, strict=True)
                       if d != float("inf"))
    found: list[tuple[float, list[int]]] = []
    for shortest, t in reachable[:k]:
        for cost, vertices in _k_shortest(graph, matrix, s, t, k, shortest - ends[t]):
            if any(v in ends for v in vertices[1:-1]):
                continue
            found.append((cost + ends[t], [members[v] for v in vertices]))
    found.sort(key=lambda cp: (cp[0], len(cp[1]), cp[1]))
    lookup = G.graph.get("forums", {})
    out: list[dict[str, Any]] = []
    for cost, path in found[:k]:
        people = [idx.nodes[v] for v in path]
        hops: list[dict[str, Any]] = []
        for a, b in pairwise(people):
            data = dict(G[a][b])
            data["_names"] = lookup
            hops.append({"from": a, "to": b, "explanation": hop_cost(data, idx.today)[1]})
        out.append({"people": people, "names": [G.nodes[p].get("name") for p in people],
                    "cost": round(cost, 4), "hops": hops, "target": people[-1]})
    return out


def _csr(graph: ig.Graph) -> sp.csr_array:
    """The weighted adjacency matrix, both directions, for scipy's Dijkstra."""
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    weight = np.asarray(graph.es["weight"], dtype=float)
    n = graph.vcount()
    return sp.csr_array((np.r_[weight, weight], (np.r_[edges[:, 0], edges[:, 1]],
                                                 np.r_[edges[:, 1], edges[:, 0]])),
                        shape=(n, n))


def _k_shortest(graph: ig.Graph, matrix: sp.csr_array, s: int, t: int, k: int,
                shortest: float) -> list[tuple[float, list[int]]]:
    """Yen's ``k`` shortest simple paths from ``s`` to ``t`` (``shortest`` apart), as
    (cost, vertices).

    Yen on the whole component spends its time in Dijkstra runs over vertices no good path
    comes near. Every vertex of a path of cost ``c`` has ``d(s, v) + d(v, t) <= c``, so
    all paths of cost at most ``bound`` lie in the subgraph induced by the vertices within
    ``bound``: when Yen there finds ``k`` paths within ``bound``, they are the ``k`` best
    of the whole graph. Otherwise the bound doubles, and at worst the subgraph is the
    whole component. Dijkstra with a ``limit`` visits only what lies within the bound.
    """
    if not np.isfinite(shortest):
        return []
    bound = shortest + 1.0
    while True:
        both = dijkstra(matrix, indices=[s, t], limit=bound)
        keep = np.flatnonzero(both[0] + both[1] <= bound).tolist()
        whole = len(keep) == graph.vcount()
        sub = graph if whole else graph.induced_subgraph(keep)
        local = {v: i for i, v in enumerate(keep)}
        weight = sub.es["weight"]
        paths = []
        for epath in sub.get_k_shortest_paths(local[s], local[t], k=k, weights="weight",
                                              output="epath"):
            vertices = [local[s]]
            for e in epath:
                a, b = sub.es[e].tuple
                vertices.append(b if a == vertices[-1] else a)
            paths.append((sum(weight[e] for e in epath), [keep[v] for v in vertices]))
        if whole or (len(paths) >= k and paths[k - 1][0] <= bound):
            return paths
        bound *= 2

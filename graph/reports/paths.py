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
a query are taken out of it. A path to a set stops at the first of its people it meets.
The k best paths come from a search from both ends, pruned with landmark bounds, and Yen's
algorithm on the few hundred people that can hold them
(:mod:`graph.analysis.paths_to_set`, :mod:`graph.analysis.landmarks`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from graph.analysis.csr_patch import cost_at, int32_indices, patched, symmetric
from graph.analysis.incremental import Patch, patch_of
from graph.analysis.landmarks import LandmarkStore
from graph.analysis.paths_to_set import SetSide, k_best_from
from graph.analysis.per_projection import PerProjection, remember
from graph.analysis.projection import organisation_tree
from graph.core.errors import NotFoundError
from graph.reports.presence import current_person

TIE_TEXT = {"collaboration": "samarbetar", "meeting": "har regelbundna möten",
            "multiparty_meeting": "flerpartssamtal", "handover": "överlämning",
            "mentoring": "mentorskap", "other": "känner varandra"}
GROUP_COST, INITIATIVE_COST = 1.2, 1.3
NON_HOLDER_PENALTY = 0.5
KINDS = ("person", "role", "org", "group")
# Targets are cached per projection (which changes on every write); this bounds the cache
# when clients ask for many different people.
MAX_CACHED_TARGETS = 4096
MAX_CACHED_TERMINALS = 64
EMBEDDED_METHOD = {"name": "exact",
                   "algorithm": "two-ended search with landmark (ALT) bounds, then Yen's k "
                                "shortest paths (igraph) on the people it leaves"}


# Kept: the index prices 570,000 ties at start-up at 200,000 people, and they have five
# strengths and a few thousand last-contact days between them; parsing the day and
# pricing it again for each was a quarter of the index's build. Bounded, for a service
# that runs for years of days.
@functools.lru_cache(maxsize=1 << 16)
def _tie_cost(strength: int, last: str | None, today: date) -> float:
    age = (today - date.fromisoformat(last)).days if last else None
    fresh = 1.0 if age is not None and age <= 90 else 1.2 if (
        age is not None and age <= 365) else 1.5
    return (1 + (5 - strength) / 4) * fresh


class _TieCosts(dict[tuple[str, int, str | None], float]):
    """One day's cost of each distinct tie entry of a projection, ``(kind, strength, last
    contact)``: a few tens of thousands at national scale."""

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def __missing__(self, entry: tuple[str, int, str | None]) -> float:
        cost = self[entry] = _tie_cost(entry[1], entry[2], self.today)
        return cost


# A lookup by the entry itself instead of _tie_cost's three arguments and a list per edge:
# half of hop_weight's time over the 600,000 edges of a national projection (0.25 against
# 0.50 CPU s, same run).
_tie_costs = functools.lru_cache(maxsize=8)(_TieCosts)


def hop_weight(data: dict[str, Any], today: date) -> float:
    """``hop_cost(data, today)[0]`` without the words: the index prices every edge of
    the projection at start-up (600,000 at 200,000 people), and the words were half of
    that work."""
    ties = data.get("ties")
    if ties:
        costs = _tie_costs(today)
        best = costs[ties[0]] if len(ties) == 1 else min([costs[e] for e in ties])
    else:
        best = float("inf")
    if best > GROUP_COST and data.get("groups"):
        best = GROUP_COST
    if best > INITIATIVE_COST and data.get("initiatives"):
        best = INITIATIVE_COST
    return best


def hop_cost(data: dict[str, Any], today: date) -> tuple[float, str]:
    """Cost of one hop and the Swedish words for the relation that carries it."""
    best: tuple[float, str] = (float("inf"), "")
    for kind, strength, last in data.get("ties", []):
        cost = _tie_cost(strength, last, today)
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

    It holds no reference to its projection: it is kept per projection with a weak key
    (:class:`PerProjection`), and a value that held its key would keep both forever, one
    projection per write (issue 17).
    """

    nodes: list[Hashable]
    index: dict[Hashable, int]
    # None in an index patched from one whose component holds every edge: that
    # component's matrix is the graph (see igraph()).
    graph: ig.Graph | None
    today: date
    # per component: its graph and its global vertex ids
    parts: dict[int, tuple[ig.Graph | None, list[int]]] = field(default_factory=dict)
    # per component: the weighted adjacency matrix, for scipy's Dijkstra
    matrices: dict[int, sp.csr_array] = field(default_factory=dict)
    # Per global vertex, its component and its number there. Arrays, so a target of
    # thousands of people (an agency) is placed without a Python loop per person.
    component_of: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    position: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    ends: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    target_parts: dict[tuple[str, str, int], TargetPart] = field(default_factory=dict)
    # When patched from an earlier index: that index, the vertices whose edges changed, and
    # the changed pairs as (vertex, vertex, new cost or None where the edge went).
    # Components without a changed vertex are the earlier index's, reused as they are.
    previous: PathIndex | None = None
    touched: np.ndarray | None = None
    changes: list[tuple[int, int, float | None]] = field(default_factory=list)
    # The component that holds every edge, when there is one (a connected national
    # network, with people who left as isolated vertices): its part is the whole graph in
    # global numbering, so a write patches its matrix instead of cutting it out again.
    whole: int | None = None
    # Landmark bounds per component matrix, shared with the indexes patched from this one:
    # a component no write touched keeps its matrix, and so its landmarks.
    landmarks: LandmarkStore = field(default_factory=LandmarkStore)
    # The whole graph's matrix, when the builder made it from the edges it had at hand:
    # the matrix of the component that holds every edge (see ``whole``).
    built: sp.csr_array | None = None
    # Made by a patch that worked out the components itself: nothing to cut.
    ready: bool = False
    # The target each entry of ``ends`` was made for, by kind and id.
    made_for: dict[tuple[str, str], Target] = field(default_factory=dict)
    # From the indexes this one was patched from: per target, what was made for it there
    # and the entries changed since, patched into this index's when the target is asked
    # for again (the same Target object: resolve carried it over). Never the earlier
    # index itself, which must not be kept alive.
    inherited: dict[tuple[str, str], Inherited] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.ready:  # patched: its components were worked out by the patch
            return
        assert self.graph is not None, "an index to be cut into components needs its graph"
        comps = self.graph.connected_components()
        membership = np.asarray(comps.membership, dtype=np.int64)
        n = len(self.nodes)
        self.component_of = membership
        sizes = np.bincount(membership)
        # Members of each component in ascending order, from one stable sort rather than
        # a Python list per component (a national graph is one of 200,000 people).
        order = np.argsort(membership, kind="stable")
        starts = np.r_[0, np.cumsum(sizes)]
        self.position = np.empty(n, dtype=np.int64)
        self.position[order] = np.arange(n) - starts[membership[order]]
        multi = np.flatnonzero(sizes > 1)
        self.whole = int(multi[0]) if len(multi) == 1 else None
        prev, changed = self.previous, self.touched
        for c in range(len(sizes)):
            members = order[starts[c]:starts[c + 1]]
            if c == self.whole:
                self.position[members] = members
                self.parts[c] = (self.graph, list(range(n)))
                self.matrices[c] = (
                    patched(prev.matrices[prev.whole], n, symmetric(self.changes))
                    if prev is not None and prev.whole is not None else
                    self.built if self.built is not None else _csr(self.graph))
                continue
            if len(members) == 1:  # nobody to reach: one shared empty part
                self.parts[c], self.matrices[c] = (_ALONE, [int(members[0])]), _ALONE_CSR
                continue
            if prev is not None and changed is not None and not changed[members].any():
                old = int(prev.component_of[members[0]])
                if old != prev.whole and len(prev.parts[old][1]) == len(members):
                    self.parts[c], self.matrices[c] = prev.parts[old], prev.matrices[old]
                    continue
            sub = self.graph.induced_subgraph(members.tolist(),
                                              implementation="copy_and_delete")
            self.parts[c] = (sub, members.tolist())
            self.matrices[c] = _csr(sub)
        self.previous = None  # an index never keeps a chain of earlier ones alive
        self.built = None  # the whole part's matrix now, or not needed

    def patched(self, G: nx.Graph, patch: Patch) -> PathIndex:
        """This index moved to ``G``, a projection patched from this one's by ``patch``.

        People who left stay as vertices without edges (no path passes them); new people
        are added at the end. Only the touched pairs are priced, only the components
        that hold a touched vertex are cut out again, and the component holding every
        edge has its matrix patched, not rebuilt.
        """
        if self.whole is not None:
            found = self._patched_whole(G, patch)
            if found is not None:
                return found
        nodes, index = list(self.nodes), dict(self.index)
        graph = self.igraph().copy()  # in C; queries on the earlier projection still use it
        fresh = [p for p in patch.appeared if p not in index]
        for p in fresh:
            index[p] = len(nodes)
            nodes.append(p)
        if fresh:
            graph.add_vertices(len(fresh))
        gone, added, added_weights = [], [], []
        changes: list[tuple[int, int, float | None]] = []
        touched = np.zeros(len(nodes), dtype=bool)
        touched[[index[p] for p in fresh]] = True
        for u, v in sorted(patch.pairs):
            iu, iv = index[u], index[v]
            touched[[iu, iv]] = True
            eid = graph.get_eid(iu, iv, directed=False, error=False)
            data = G._adj.get(u, {}).get(v)
            if data is None:
                if eid >= 0:
                    gone.append(eid)
                    changes.append((iu, iv, None))
                continue
            cost = hop_weight(data, self.today)
            changes.append((iu, iv, cost))
            if eid >= 0:  # one edge's attribute, not the whole list back and forth
                graph.es[eid]["weight"] = cost
            else:
                added.append((iu, iv))
                added_weights.append(cost)
        if added:
            graph.add_edges(added, attributes={"weight": added_weights})
        if gone:
            graph.delete_edges(gone)
        return PathIndex(nodes, index, graph, self.today, previous=self, touched=touched,
                         changes=changes, landmarks=self.landmarks)

    def _patched_whole(self, G: nx.Graph, patch: Patch) -> PathIndex | None:
        """:meth:`patched` for an index whose one component of more than one person holds
        every edge (a national network): that component's matrix patched in numpy, the
        components worked out again only where the write can have changed them (an edge
        gone, a person new or joined), and no igraph graph copied (0.15 s at 200,000
        people) or cut into components (0.12 s). ``None`` when the write splits the
        network in two: :meth:`patched`'s general way then."""
        assert self.whole is not None
        old = self.matrices[self.whole]
        nodes, index = self.nodes, self.index
        fresh = [p for p in patch.appeared if p not in index]
        if fresh:  # the earlier projection's queries still read the earlier tables
            nodes, index = list(nodes), dict(index)
            for p in fresh:
                index[p] = len(nodes)
                nodes.append(p)
        n = len(nodes)
        changes: list[tuple[int, int, float | None]] = []
        # Whether the components can have changed, and whether any distance can have
        # shrunk (which makes landmark bounds from the earlier matrix unsafe).
        regroup, rising = bool(fresh), not fresh
        inside = self.component_of == self.whole
        for u, v in sorted(patch.pairs):
            iu, iv = index[u], index[v]
            data = G._adj.get(u, {}).get(v)
            cost = None if data is None else hop_weight(data, self.today)
            before = cost_at(old, iu, iv)
            if cost == before:
                continue
            changes.append((iu, iv, cost))
            if cost is None or (before is None and not (
                    iu < len(inside) and iv < len(inside) and inside[iu] and inside[iv])):
                regroup = True
            if cost is not None and (before is None or cost < before):
                rising = False
        # nothing changed (a person's title, say): the same matrix, its landmarks with it
        matrix = old if not changes and not fresh else patched(old, n, symmetric(changes))
        whole, component_of, position = self.whole, self.component_of, self.position
        parts, matrices = self.parts, dict(self.matrices)
        if regroup:
            _, labels = connected_components(matrix, directed=False)
            sizes = np.bincount(labels)
            multi = np.flatnonzero(sizes > 1)
            if len(multi) != 1:
                return None
            whole = int(multi[0])
            component_of = labels.astype(np.int64)
            position = np.zeros(n, dtype=np.int64)
            alone = np.flatnonzero(labels != whole)
            parts = {int(c): (_ALONE, [int(v)]) for v, c in zip(
                alone.tolist(), labels[alone].tolist(), strict=True)}
            matrices = dict.fromkeys(parts, _ALONE_CSR)
            position[labels == whole] = np.flatnonzero(labels == whole)
            parts[whole] = (None, list(range(n)))
        matrices[whole] = matrix
        if rising and matrix is not old:
            self.landmarks.inherit(old, matrix)
        return PathIndex(nodes, index, None, self.today, parts=parts, matrices=matrices,
                         component_of=component_of, position=position, whole=whole,
                         landmarks=self.landmarks, ready=True,
                         inherited=self._handed_on(symmetric(changes)))

    def _handed_on(self, entries: list[tuple[int, int, float | None]]
                   ) -> dict[tuple[str, str], Inherited]:
        """What this index made per target (and what it inherited unused), for the index
        patched from it by ``entries``."""
        out: dict[tuple[str, str], Inherited] = {}
        changed = {(a, b): cost for a, b, cost in entries}
        for key, earlier in self.inherited.items():
            out[key] = Inherited(earlier.target, earlier.ends, earlier.part,
                                 earlier.changed | changed)
        for key, target in self.made_for.items():
            ends = self.ends.get(key)
            if ends is not None:
                part = self.target_parts.get((key[0], key[1], self.whole or 0))
                out[key] = Inherited(target, ends, part if self.whole is not None else None,
                                     changed)
        return out

    def igraph(self) -> ig.Graph:
        """The weighted graph of the index (igraph), made from the matrix of the component
        that holds every edge where a patch left none."""
        if self.graph is None:
            assert self.whole is not None
            upper = sp.triu(self.matrices[self.whole], k=1).tocoo()
            graph = ig.Graph(n=len(self.nodes), edges=np.column_stack(
                (upper.row, upper.col)).tolist())
            graph.es["weight"] = upper.data.tolist()
            self.graph = graph
        return self.graph

    def end_vertices(self, target: Target) -> tuple[np.ndarray, np.ndarray]:
        """The target's people as global vertex ids, and the extra cost of ending at each.

        Kept by the target's kind and id, which name the same people for as long as the
        projection (and so this index) lives.
        """
        key = (target.kind, target.id)

        def arrays() -> tuple[np.ndarray, np.ndarray]:
            self.made_for[key] = target
            earlier = self.inherited.get(key)
            if earlier is not None and earlier.target is target:
                return earlier.ends  # the same people, numbered as before
            people = [(self.index[p], extra) for p, extra in target.people.items()
                      if p in self.index]
            return (np.fromiter((v for v, _ in people), dtype=np.int64, count=len(people)),
                    np.fromiter((x for _, x in people), dtype=float, count=len(people)))

        return remember(self.ends, key, MAX_CACHED_TARGETS, arrays)

    def target_part(self, target: Target, component: int) -> TargetPart:
        """The target's people in ``component`` and what every search to them shares (its
        terminal matrices and the set's side of the search), kept for the next query.

        Everything here is the target's and the component's, never the asker's: the key
        names only those two. A few organisations and roles take most queries; each part
        holds matrices and an array the size of its component, so only a few are kept.
        """
        def part() -> TargetPart:
            vertices, extra = self.end_vertices(target)
            inside = self.component_of[vertices] == component
            ends = self.position[vertices[inside]]
            earlier = self.inherited.get((target.kind, target.id))
            if (earlier is not None and earlier.target is target and earlier.part is not None
                    and component == self.whole and np.array_equal(earlier.part.ends, ends)):
                # the same people in the component (none joined it or left it by the write)
                return _carried_part(earlier.part, earlier.changed, self.matrices[component])
            return _target_part(self.matrices[component], ends, extra[inside])

        if len(target.people) == 1:
            # Nothing costly to share (no terminal matrices, a set side like the asker's),
            # while a kept part holds arrays of the component's size: askers name many
            # different people, and 64 of those would be 200 MB at 200,000 people.
            return part()
        return remember(self.target_parts, (target.kind, target.id, component),
                        MAX_CACHED_TERMINALS, part)


@dataclass(frozen=True)
class TargetPart:
    """A target's people in one component, by their number there, and what every search to
    them shares."""

    ends: np.ndarray
    extra: np.ndarray
    is_end: np.ndarray  # per vertex of the component
    forward: sp.csr_array  # the matrix without edges out of the target's people
    side: SetSide  # the set's half of the search, on the matrix without edges into them


@dataclass(frozen=True)
class Inherited:
    """A target's end vertices and part of the component holding every edge, made by an
    earlier index, and the entries of that component's matrix changed since."""

    target: Target
    ends: tuple[np.ndarray, np.ndarray]
    part: TargetPart | None
    changed: dict[tuple[int, int], float | None]


def _carried_part(part: TargetPart, changed: dict[tuple[int, int], float | None],
                  matrix: sp.csr_array) -> TargetPart:
    """``part`` moved to ``matrix``, its matrix after the ``changed`` entries (numbered
    alike, with any new people last): the terminal matrices patched as the component's was,
    without the entries out of (forward) or into (backward) the target's people. Only a
    part whose matrices are unchanged keeps its set side's search."""
    n = matrix.shape[0]
    if len(part.ends) <= 1:  # its matrices are the component's own
        return _target_part(matrix, part.ends, part.extra)
    if not changed and n == len(part.is_end):
        return part
    is_end = np.r_[part.is_end, np.zeros(n - len(part.is_end), dtype=bool)]
    forward = patched(part.forward, n, [(a, b, c) for (a, b), c in changed.items()
                                        if not is_end[a]])
    backward = patched(part.side.backward, n, [(a, b, c) for (a, b), c in changed.items()
                                               if not is_end[b]])
    return TargetPart(part.ends, part.extra, is_end, forward,
                      SetSide(backward, part.ends, part.extra))


def _target_part(matrix: sp.csr_array, ends: np.ndarray, extra: np.ndarray) -> TargetPart:
    is_end = np.zeros(matrix.shape[0], dtype=bool)
    is_end[ends] = True
    # a simple path visits its end once, so to one person it passes no other member
    forward, backward = (matrix, matrix) if len(ends) <= 1 else _terminal(matrix, is_end)
    return TargetPart(ends, extra, is_end, forward, SetSide(backward, ends, extra))


# The part of a vertex alone in its component: no edges, nothing to reach.
_ALONE = ig.Graph(n=1)
_ALONE.es["weight"] = []
_ALONE_CSR = sp.csr_array((1, 1), dtype=float)


def _path_index(G: nx.Graph) -> PathIndex:
    patch = patch_of(G)
    base = patch.base() if patch is not None else None
    earlier = path_index.peek(base) if base is not None else None
    if patch is not None and earlier is not None:
        return earlier.patched(G, patch)
    today = date.fromisoformat(G.graph.get("as_of", date.today().isoformat()))
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    heads, tails, weights = [], [], []
    # The raw adjacency dicts rather than G.edges or G.adj views: a fifth of the time.
    for u, neighbours in G._adj.items():
        iu = index[u]
        for v, data in neighbours.items():
            iv = index[v]
            if iv > iu:
                heads.append(iu)
                tails.append(iv)
                weights.append(hop_weight(data, today))
    graph = ig.Graph(n=len(nodes), edges=list(zip(heads, tails, strict=True)))
    graph.es["weight"] = weights
    # The matrix from the lists at hand, not read back out of igraph (a second at 200,000
    # people): the same entries, which is all a CSR matrix keeps of the edge order.
    return PathIndex(nodes, index, graph, today,
                     built=_csr_of(len(nodes), heads, tails, weights))


path_index = PerProjection(_path_index)


@dataclass(frozen=True)
class Target:
    kind: str
    id: str
    people: dict[Hashable, float]  # person -> extra cost of ending there


# Targets per projection, by the reference asked for.
_targets: PerProjection[dict[str, Target]] = PerProjection(lambda G: {})


def resolve(G: nx.Graph, ref: str) -> Target:
    """``person:ID``, ``role:ID``, ``org:ID``, ``group:ID`` or a bare id of any of them.

    Kept per projection: an organisation's people are a scan of the whole graph (6 ms at
    20,000 people, 0.1-0.2 s at 200,000), and the same few organisations are asked for
    again and again. After a write the earlier projection's target is carried over where
    the write cannot have changed it (:func:`_carried`): the same object, so the path
    index's arrays and matrices for it are patched rather than made again.
    """
    return remember(_targets(G), ref, MAX_CACHED_TARGETS,
                    lambda: _carried(G, ref) or _resolved(G, ref))


def resolved_at_once(G: nx.Graph, ref: str) -> Target | None:
    """:func:`resolve` where it reads no more than a dict or two: a target already
    resolved on ``G``, or a current person. ``None`` for one that may take a scan of the
    graph (an organisation, a role or a group not asked for yet) or raise an error."""
    table = _targets.peek(G)
    if table is not None and ref in table:
        return resolve(G, ref)
    kind, _, ident = ref.rpartition(":")
    if kind in ("", "person") and ident in G:
        return resolve(G, ref)
    return None


# What each kind of target reads of the projection's tables.
_READS = {"org": ("organisations", "roles"), "role": ("roles",), "group": ("seats",)}


def _carried(G: nx.Graph, ref: str) -> Target | None:
    """The earlier projection's target for ``ref``, moved to ``G`` (patched from it), or
    ``None`` where it must be resolved again: a table it reads was replaced, or someone
    joins it (a fresh resolve puts them in graph order)."""
    patch = patch_of(G)
    base = patch.base() if patch is not None else None
    table = _targets.peek(base) if base is not None else None
    old = table.get(ref) if table is not None else None
    if old is None or patch is None or base is None or old.kind not in _READS or (
            ref.rpartition(":")[0] != old.kind):
        return None
    if any(G.graph.get(k) is not base.graph.get(k) for k in _READS[old.kind]):
        return None
    rule = _member_rule(G, old.kind, old.id)
    people = old.people
    for p in patch.people | set(patch.appeared):
        now, before = rule(p), people.get(p)
        if now == before:
            continue
        if before is None:
            return None
        if people is old.people:
            people = dict(people)
        if now is None:
            del people[p]
        else:
            people[p] = now
    if not people:
        return None  # resolved again, to say why there is no one
    return old if people is old.people else Target(old.kind, old.id, people)


def _member_rule(G: nx.Graph, kind: str, ident: str) -> Callable[[Hashable], float | None]:
    """For a set target: the extra cost of ending at a person, ``None`` for one outside it."""
    if kind == "org":
        inside = organisation_tree(G).descendants(ident)
        holders = {p for r in G.graph.get("roles", {}).values() if r.get("scope") in inside
                   for p in r["holders"]}
        nodes = G._node

        def org(p: Hashable) -> float | None:
            data = nodes.get(p)
            if data is None or data.get("organisation") not in inside:
                return None
            return 0.0 if p in holders else NON_HOLDER_PENALTY

        return org
    if kind == "role":
        role = G.graph.get("roles", {})[ident]
        holders, deputies = set(role["holders"]), set(role["deputies"])
        return lambda p: (None if p not in G else 0.0 if p in holders else
                          NON_HOLDER_PENALTY / 2 if p in deputies else None)
    seats = G.graph.get("seats", {})[ident]
    return lambda p: (None if p not in G or p not in seats else
                      0.0 if seats[p] == "chair" else NON_HOLDER_PENALTY)


def _resolved(G: nx.Graph, ref: str) -> Target:
    """:func:`resolve` worked out from the projection's tables."""
    kind, _, ident = ref.rpartition(":")
    orgs = G.graph.get("organisations", {})
    roles: dict[str, dict[str, Any]] = G.graph.get("roles", {})
    memberships: dict[str, dict[str, str]] = G.graph.get("seats", {})
    left = G.graph.get("not_current", {})
    if not kind:
        kind = ("person" if ident in G or ident in left else "role" if ident in roles else
                "org" if ident in orgs else "group" if ident in memberships else "")
        if not kind:
            raise NotFoundError(f"ingen person, roll, organisation eller grupp har "
                                f"id {ident!r}", field="to")
    if kind not in KINDS:
        raise NotFoundError(f"okänd sorts mål {kind!r}; skriv person:, role:, org: eller "
                            "group: före id:t", field="to")
    if kind == "person":
        return Target(kind, ident, {current_person(G, ident, "to"): 0.0})
    if kind == "role":
        role = roles.get(ident)
        if role is None:
            raise NotFoundError(f"okänd roll {ident!r}", field="to")
        people = {p: 0.0 for p in role["holders"] if p in G}
        people.update({p: NON_HOLDER_PENALTY / 2 for p in role["deputies"]
                       if p in G and p not in people})
        if not people:
            raise NotFoundError(f"rollen {ident!r} har ingen nuvarande innehavare "
                                "eller ersättare", field="to")
        return Target(kind, ident, people)
    if kind == "org":
        if ident not in orgs:
            raise NotFoundError(f"okänd organisation {ident!r}", field="to")
        inside = organisation_tree(G).descendants(ident)
        holders = {p for r in roles.values() if r.get("scope") in inside for p in r["holders"]}
        people = {p: (0.0 if p in holders else NON_HOLDER_PENALTY)
                  for p, o in G.nodes(data="organisation") if o in inside}
        if not people:
            raise NotFoundError(f"ingen arbetar just nu på {ident!r}", field="to")
        return Target(kind, ident, people)
    seats = memberships.get(ident)
    if seats is None:
        raise NotFoundError(f"okänd grupp {ident!r}", field="to")
    people = {p: (0.0 if seat == "chair" else NON_HOLDER_PENALTY)
              for p, seat in seats.items() if p in G}
    if not people:
        raise NotFoundError(f"gruppen {ident!r} har inga nuvarande ledamöter", field="to")
    return Target(kind, ident, people)


def k_best_paths(G: nx.Graph, source: Hashable, target: Target, *, k: int = 3,
                 unavailable: Iterable[Hashable] = ()) -> list[dict[str, Any]]:
    """The ``k`` cheapest paths from ``source`` to any person of ``target``.

    A path never passes another target person on the way (ask that one instead).
    """
    current_person(G, source, "from")
    idx = path_index(G)
    g_source = idx.index[source]
    component = int(idx.component_of[g_source])
    members = idx.parts[component][1]
    matrix = idx.matrices[component]
    n = matrix.shape[0]
    s = int(idx.position[g_source])
    away = [idx.index[p] for p in unavailable if p in idx.index]
    blocked = sorted({int(idx.position[v]) for v in away
                      if idx.component_of[v] == component} - {s})
    if blocked:  # their edges cut in a copy: the cached matrix serves every other query
        gone = np.zeros(n, dtype=bool)
        gone[blocked] = True
        matrix = _masked(matrix, rows=gone, cols=gone)
        vertices, extra = idx.end_vertices(target)
        inside = idx.component_of[vertices] == component
        ends, extra = idx.position[vertices[inside]], extra[inside]
        keep = ~np.isin(ends, blocked)
        part = _target_part(matrix, ends[keep], extra[keep])
    else:
        part = idx.target_part(target, component)
    # the set's side kept for later queries; any other is this query's alone
    kept = part.side if not blocked and len(target.people) > 1 else None
    ends, extra = part.ends, part.extra
    if part.is_end[s] and len(ends) == 1:
        return path_rows(G, [(0.0, [source])], idx.today, method=EMBEDDED_METHOD)
    forward, side = part.forward, part.side
    own_row: sp.csr_array | None = None
    # An asker who is one of the target's people looks for the others. The target's part
    # stops at *every* target person of the component, the asker too (defect 1 of issue
    # 16: matrices built without the asker answered the next asker with the previous
    # asker's), so the search reads the asker's own edges out from the component's
    # matrix (own_row), the shared forward matrix untouched. Its set side cannot enter
    # the asker, which a simple path from the asker never does anyway; only the ends
    # change.
    if part.is_end[s]:
        others = ends != s
        ends, extra = ends[others], extra[others]
        if len(ends) == 1:
            forward, side = matrix, SetSide(matrix, ends, extra)
        else:
            own_row = matrix
            side = SetSide(side.backward, ends, extra, within=side)
    if not len(ends):
        return []
    # Bounds from landmarks built on the component's own matrix: blocking people and
    # cutting the target people's edges only make paths dearer, so they stay lower bounds.
    # After a write the matrix is new and they are stale: the search runs without them.
    landmarks = idx.landmarks.get(idx.matrices[component])
    try:
        found = [(cost, [members[v] for v in path]) for cost, path in
                 k_best_from(forward, side, s, k, landmarks, own_row=own_row)]
    finally:
        if side is not kept:  # this query's own: its arrays go to the next one
            side.release()
    found.sort(key=lambda cp: (cp[0], len(cp[1]), cp[1]))
    return path_rows(G, [(cost, [idx.nodes[v] for v in path]) for cost, path in found[:k]],
                     idx.today, method=EMBEDDED_METHOD)


# Each hop's Swedish words, by its two people and the day, kept per projection: a hop's
# ties and forums change only with a write, which makes a new projection (and so a new
# table). The busy hops near an agency's people come up in answer after answer; their
# words (a copy of the hop's data, every tie priced and worded) cost 0.07-0.09 ms of a
# question's 3 ms at 200,000 people, 0.03 ms with the words kept (bench questions,
# in-process, under load 14).
_hop_words: PerProjection[dict[tuple[Hashable, Hashable, date], str]] = PerProjection(
    lambda G: {})
# ... up to this many hops per projection, then emptied (remember)
MAX_CACHED_HOPS = 50_000


def path_rows(G: nx.Graph, found: Iterable[tuple[float, list[Hashable]]], today: date, *,
              method: dict[str, Any]) -> list[dict[str, Any]]:
    """Answer rows for paths given as (cost, people), in their order: each hop with the
    Swedish words for the relation that carries it, and the ``method`` that found them
    (here, or Yen's in Neo4j: graph.store.gds_analyses)."""
    lookup = G.graph.get("forums", {})
    words = _hop_words(G)
    out: list[dict[str, Any]] = []
    for cost, people in found:
        hops: list[dict[str, Any]] = []
        for a, b in pairwise(people):
            def explain(a: Hashable = a, b: Hashable = b) -> str:
                data = dict(G[a][b])
                data["_names"] = lookup
                return hop_cost(data, today)[1]

            hops.append({"from": a, "to": b, "explanation": remember(
                words, (a, b, today), MAX_CACHED_HOPS, explain)})
        out.append({"people": list(people), "names": [G.nodes[p].get("name") for p in people],
                    "cost": round(cost, 4), "hops": hops, "target": people[-1],
                    "method": method})
    return out


def _csr(graph: ig.Graph) -> sp.csr_array:
    """The weighted adjacency matrix, both directions, for scipy's Dijkstra."""
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    return _csr_of(graph.vcount(), edges[:, 0], edges[:, 1], graph.es["weight"])


def _csr_of(n: int, heads: Sequence[int] | np.ndarray, tails: Sequence[int] | np.ndarray,
            weights: Sequence[float]) -> sp.csr_array:
    """:func:`_csr` of the graph on ``n`` vertices with edges ``heads[i]``-``tails[i]``."""
    u = np.asarray(heads, dtype=np.int64)
    v = np.asarray(tails, dtype=np.int64)
    weight = np.asarray(weights, dtype=float)
    return int32_indices(sp.csr_array((np.r_[weight, weight], (np.r_[u, v], np.r_[v, u])),
                               shape=(n, n)))


def _terminal(matrix: sp.csr_array, is_end: np.ndarray) -> tuple[sp.csr_array, sp.csr_array]:
    """The graph as seen by a path that stops at the first target person it reaches.

    ``forward`` has no edges out of a target person, so distances from the source reach
    each member without passing another. ``backward`` is its transpose (``matrix`` is
    symmetric: no edges into a target person): distances from one member back to every
    vertex, entering no other member on the way.
    """
    return _masked(matrix, rows=is_end), _masked(matrix, cols=is_end)


def _masked(matrix: sp.csr_array, rows: np.ndarray | None = None,
            cols: np.ndarray | None = None) -> sp.csr_array:
    """``matrix`` without the entries in the marked rows and columns: one pass over the
    entries in numpy (a transpose costs several times as much)."""
    n = matrix.shape[0]
    row_of = np.repeat(np.arange(n), np.diff(matrix.indptr))
    keep = np.ones(matrix.nnz, dtype=bool)
    if rows is not None:
        keep &= ~rows[row_of]
    if cols is not None:
        keep &= ~cols[matrix.indices]
    indptr = np.r_[0, np.cumsum(np.bincount(row_of[keep], minlength=n))]
    return int32_indices(sp.csr_array((matrix.data[keep], matrix.indices[keep], indptr),
                               shape=matrix.shape))

"""How many people hold two organisations together: set-to-set vertex connectivity.

For organisations A and B, the connectivity κ(A, B) is the smallest number of people whose
departure leaves no path from any remaining person of A to any remaining person of B, on
the whole collaboration graph (members of A and B may be among them). By Menger it is the
number of vertex-disjoint A-B paths. It is a maximum flow on the usual node-split digraph:
person ``v`` becomes ``v_in -> v_out`` with capacity 1, every tie becomes two uncapacitated
arcs, a source feeds every ``a_in`` of A and every ``b_out`` of B drains to a sink. Paths
in different components are independent, so κ over the whole graph is the sum over
components and a minimum cut the union of theirs.

Which people lie in *some* minimum cut follows from one maximum flow (Picard and Queyranne
1980): an arc lies in a minimum cut exactly when it is saturated and its ends lie in
different strongly connected components of the residual graph. Removing one person lowers
κ by at most one (a cut of the graph without them, plus them, is a cut of the graph), and
by exactly one when they lie in some minimum cut. So one flow per pair names everyone whose
departure disconnects the pair (κ = 1) or leaves it hanging on one person (κ = 2):
:func:`fragile_pairs`.

networkx's ``node_connectivity`` between two added super-nodes defines the same number;
tests check against it and against removing each person and recomputing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import DisjointSet
from scipy.sparse.csgraph import breadth_first_order, connected_components, maximum_flow

from graph.analysis.betweenness import Pair
from graph.analysis.indexed import Indexed, org_key

_BIG = 2**30  # "uncapacitated": more than any flow (at most one unit per person)
# Direct ties looked at per organisation pair and component when looking for three
# independent ones (enough to prove κ >= 3 without a flow); the flow decides the rest.
_MATCHING_EDGES = 16
# People the local flows of :class:`_LocalLinks` may touch, in multiples of the
# component's: the work of a few whole flows, against one whole flow per organisation.
# At 191,998 connected people three times the component linked 260 of 397 organisations
# before it ran out; the spanning tree of the organisation graph costs about 4.
_PIECES_VOLUME = 8


@dataclass
class PairConnectivity:
    """κ of one organisation pair, one minimum cut, and whether that cut is simply all of
    one organisation's people who reach the other (no smaller set of go-betweens)."""

    organisations: Pair
    connectivity: int
    cut: list[Hashable] = field(default_factory=list)
    cut_is_all_of: Hashable | None = None
    # True when the flows stopped at a cap: κ is at least ``connectivity`` and no cut is
    # known (a capped table proves robustness, it does not name who holds it)
    at_least: bool = False


def organisation_connectivity(G: nx.Graph, partition: Mapping[Hashable, Hashable], *,
                              pairs: Iterable[Pair] | None = None,
                              indexed: Indexed | None = None,
                              cap: int | None = None,
                              hints: Iterable[Iterable[Hashable]] = ()
                              ) -> list[PairConnectivity]:
    """κ and one minimum cut for every pair of organisations that reach each other (or for
    ``pairs``, κ = 0 included).

    With ``cap``, a pair with κ >= ``cap`` is proved so and reported as ``connectivity =
    cap`` with ``at_least`` set and no cut: the flows stop at ``cap`` units. Where a
    component has more pairs than organisations, one capped flow per organisation to a
    hub (:func:`_hub_bounds`) gives a lower bound for every pair at once, and a known
    separator of that size (:class:`_Separators`: the hub flows' cuts, earlier pairs'
    cuts and ``hints``, each checked on this graph) proves κ without the pair's own flow.
    Pairs below the cap are exact, with their cut.

    ``hints`` are sets of people that may separate pairs (say the cuts of a table on a
    graph this one was derived from); a wrong hint costs time, never exactness.

    The cut prefers go-betweens: when the cheapest way to separate the pair is to take
    away every person of one side who reaches the other, ``cut_is_all_of`` names that
    organisation.

    Examples
    --------
    Two AF colleagues reach Lomma only through Maria:

    >>> G = nx.Graph([("a1", "maria"), ("a2", "maria"), ("maria", "l1")])
    >>> part = {"a1": "af", "a2": "af", "maria": "af", "l1": "lomma"}
    >>> [(r.connectivity, r.cut, r.cut_is_all_of) for r in organisation_connectivity(G, part)]
    [(1, ['maria'], None)]
    """
    idx = indexed or Indexed.of(G)
    orgs = [org_key(partition, v) for v in idx.nodes]
    wanted = None if pairs is None else {_ordered(p) for p in pairs}
    hinted = [np.unique(np.fromiter((idx.index[v] for v in h if v in idx.index),
                                    dtype=np.int64)) for h in hints]
    totals: dict[Pair, PairConnectivity] = {}
    if wanted:
        totals = {p: PairConnectivity(p, 0) for p in sorted(wanted, key=_key)}
    # per pair: members of each side in components where the other side is present
    reaching: dict[Pair, list[int]] = defaultdict(lambda: [0, 0])
    for comp, (u, v) in _component_edges(idx):
        local = [orgs[i] for i in comp.tolist()]
        present = sorted(set(local), key=_key)
        todo = [p for p in combinations(present, 2) if wanted is None or p in wanted]
        if not todo:
            continue
        split = SplitComponent(len(comp), u, v)
        code_of = {_key(o): k for k, o in enumerate(present)}
        codes = np.fromiter((code_of[_key(o)] for o in local), dtype=np.int64,
                            count=len(local))
        known = _Separators(split, codes, len(present))
        for h in hinted:
            known.add(np.searchsorted(comp, h[np.isin(h, comp)]))
        coded = [(code_of[_key(p[0])], code_of[_key(p[1])]) for p in todo]
        room = {cp: cap - totals[p].connectivity if p in totals else cap
                for p, cp in zip(todo, coded, strict=True)} if cap is not None else {}
        bounds = (_hub_bounds(split, codes, room, cap, known) if cap is not None else {})
        for pair in todo:
            result = totals.setdefault(pair, PairConnectivity(pair, 0))
            if result.at_least:
                continue
            ca, cb = code_of[_key(pair[0])], code_of[_key(pair[1])]
            a, b = codes == ca, codes == cb
            if cap is not None:
                left = cap - result.connectivity
                low = bounds.get((ca, cb), 0)
                if low >= left:
                    result.connectivity, result.at_least = cap, True
                    continue
                proved = known.find(ca, cb, low)
                if proved is None:
                    flow = split.max_flow(a, b, cap=left)
                    if flow.value >= left:
                        result.connectivity, result.at_least = cap, True
                        continue
                    value, cut = flow.value, flow.preferred_cut(a, b)
                    known.add(np.asarray(cut, dtype=np.int64))
                else:
                    value, cut = low, proved.tolist()
            else:
                flow = split.max_flow(a, b)
                value, cut = flow.value, flow.preferred_cut(a, b)
            result.connectivity += value
            result.cut += [idx.nodes[comp[k]] for k in cut]
            counts = reaching[pair]
            counts[0] += int(a.sum())
            counts[1] += int(b.sum())
    for pair, result in totals.items():
        if result.at_least:
            result.cut = []
        result.cut.sort(key=_key)
        if result.connectivity == 0 or result.at_least:
            continue
        for side, org in enumerate(pair):
            if len(result.cut) == reaching[pair][side] and all(
                    org_key(partition, p) == org for p in result.cut):
                result.cut_is_all_of = org
    return [totals[p] for p in sorted(totals, key=_key)]


def _hub_bounds(split: SplitComponent, codes: np.ndarray, room: Mapping[tuple[int, int], int],
                cap: int, known: _Separators) -> dict[tuple[int, int], int]:
    """A lower bound on κ in this component for each pair of organisation codes in
    ``room`` (pair -> κ still to prove before the cap), from a few capped flows per
    organisation to hubs instead of one flow per pair.

    A hub Q is a clique of ``cap`` people. If κ(A, Q) >= k and κ(Q, B) >= k for some
    k <= cap then κ(A, B) >= k: a set S of fewer than k people leaves some of Q, still
    joined (a clique), reached from A and reaching B, so S does not separate A from B.
    Where a flow stops below the cap, its cuts nearest A and nearest Q separate A from
    Q and often A from many others (a förbund hanging on its two links to the rest):
    they go to ``known``, which proves a pair exact when one of them has the bound's size.

    The first hub is the anchor of :class:`_LocalLinks` that most organisations reach
    through small pieces (then their flows are the pieces' flows), if at least half of
    them reach it so, else a clique grown
    from the best-connected people; organisations the pieces leave get a flow on the
    whole component as before. Pairs it leaves open (bound below what is left and no
    known separator of that size: typically two parties of another förbund, far from the
    hub) get a hub grown from one of their own organisation's people, with flows for that
    organisation and its open partners, as long as that is fewer flows than the open
    pairs among them and all hub flows stay under half a flow per pair.
    """
    involved = sorted({c for pair in room for c in pair})
    # Hub flows are worth it while they stay well below one flow per pair.
    budget = len(room) // 2
    if len(involved) > budget:
        return {}
    low = dict.fromkeys(room, 0)
    adj, n = split.adjacency, split.n
    degree = np.diff(adj.indptr)[:n]

    # per hub (the same clique is often grown from several seeds): κ per organisation
    seen: dict[tuple[int, ...], dict[int, int]] = {}
    local = _LocalLinks(split, codes, cap)

    def through(hub: list[int], group: list[int]) -> None:
        q = np.zeros(n, dtype=bool)
        q[hub] = True
        value = seen.setdefault(tuple(sorted(hub)), {})
        nonlocal budget
        linked = local.linked(hub) if any(c not in value for c in group) else set()
        for c in group:
            if c in value:
                continue
            if c in linked:  # proved on small pieces: the whole flow would say cap too
                value[c] = cap
                continue
            budget -= 1
            flow = split.max_flow(codes == c, q, cap=cap)
            value[c] = flow.value
            if flow.value < cap:
                known.add(np.asarray(flow.cut_nearest_source(), dtype=np.int64))
                known.add(np.asarray(flow.cut_nearest_sink(), dtype=np.int64))
        for a, b in room:
            if a in value and b in value:
                low[(a, b)] = max(low[(a, b)], min(value[a], value[b]))

    hub = local.hub(involved) or _clique(adj, n, cap, np.argsort(-degree, kind="stable"))
    if hub is None:
        return low
    through(hub, involved)
    tried: set[int] = set()
    while True:
        open_ = [p for p, left in room.items()
                 if low[p] < left and known.find(*p, low[p]) is None]
        partners: dict[int, set[int]] = defaultdict(set)
        for a, b in open_:
            partners[a].add(b)
            partners[b].add(a)
        seeds = sorted((c for c in partners if c not in tried),
                       key=lambda c: (-len(partners[c]), c))
        if not seeds:
            return low
        seed = seeds[0]
        tried.add(seed)
        group = sorted({seed} | partners[seed])
        among = sum(1 for a, b in open_ if a in group and b in group)
        if among <= len(group) or len(group) > budget:
            return low  # the best seed saves no flow, or hubs have had their share
        members = np.flatnonzero(codes == seed)
        hub = _clique(adj, n, cap, members[np.argsort(-degree[members], kind="stable")])
        if hub is not None:
            through(hub, group)


class _LocalLinks:
    """Organisations proved κ(organisation, hub) >= ``cap`` by capped flows on small
    pieces of the component (the people of two organisations) instead of one flow on the
    whole component per organisation, which costs O(ties) however small the cap.

    Why it is sound: a flow on a subgraph is a set of disjoint paths of the whole graph,
    so it bounds κ from below; and κ >= k passes through a clique Y of k people: if
    κ(X, Y) >= k and κ(Y, Z) >= k, a set S of fewer than k people leaves some of Y, still
    joined, reached from X and reaching Z, so S separates nothing and κ(X, Z) >= k (the
    hub argument of :func:`_hub_bounds`, Menger's theorem on the node-split digraph).
    Each organisation with a ``cap``-clique among its own people is its own anchor
    (κ(A, clique in A) >= cap: every remaining member of the clique is in both); anchors
    of organisations with at least ``cap`` direct ties between them are joined when a
    flow on the two organisations' people alone reaches the cap, cheapest pairs first
    (Kruskal's order on the organisation graph, a union-find of anchors), and a hub is
    joined to the anchors of its own people's organisations the same way. What is not
    proved so is left to the whole-component flow: exactness never rests on this, and
    the local flows together touch at most ``_PIECES_VOLUME`` times the component's
    people.
    """

    def __init__(self, split: SplitComponent, codes: np.ndarray, cap: int) -> None:
        self._split, self._codes, self._cap = split, codes, cap
        self._volume = _PIECES_VOLUME * split.n
        self._anchors: dict[int, np.ndarray] | None = None
        self._classes: DisjointSet[int] = DisjointSet()
        self._width = int(codes.max()) + 1 if len(codes) else 1
        self._order = np.argsort(codes, kind="stable")
        self._bounds = np.searchsorted(codes[self._order], np.arange(self._width + 1))

    def _members(self, code: int) -> np.ndarray:
        lo, hi = self._bounds[code], self._bounds[code + 1]
        return self._order[lo:hi]

    def _build(self) -> dict[int, np.ndarray]:
        codes, cap, width = self._codes, self._cap, self._width
        adj = self._split.adjacency
        anchors: dict[int, np.ndarray] = {}
        for code in np.unique(codes).tolist():
            members = self._members(code)
            if len(members) < cap:
                continue
            found = _clique(adj[members][:, members].tocsr(), len(members), cap)
            if found is not None:
                anchors[code] = members[found]
                self._classes.add(code)
        u, v = self._split.edges
        cu, cv = codes[u], codes[v]
        cross = cu != cv
        lo, hi = np.minimum(cu, cv)[cross], np.maximum(cu, cv)[cross]
        key, ties = np.unique(lo * width + hi, return_counts=True)
        pairs = [divmod(k, width) for k in key[ties >= cap].tolist()]
        size = np.diff(self._bounds)
        pairs = sorted((p for p in pairs if p[0] in anchors and p[1] in anchors),
                       key=lambda p: (int(size[p[0]] + size[p[1]]), p))
        for a, b in pairs:
            if self._classes.n_subsets == 1:
                break
            if self._classes.connected(a, b):
                continue
            people = np.union1d(self._members(a), self._members(b))
            if self._reaches_cap(people, anchors[a], anchors[b]):
                self._classes.merge(a, b)
        return anchors

    def _reaches_cap(self, people: np.ndarray, x: np.ndarray, y: np.ndarray) -> bool:
        """Whether ``cap`` disjoint paths join ``x`` to ``y`` among ``people`` alone."""
        if len(people) > self._volume:
            return False
        self._volume -= len(people)
        sub = sp.triu(self._split.adjacency[people][:, people], k=1).tocoo()
        piece = SplitComponent(len(people), sub.row.astype(np.int64),
                               sub.col.astype(np.int64))
        flow = piece.max_flow(np.isin(people, x), np.isin(people, y), cap=self._cap)
        return flow.value >= self._cap

    def hub(self, involved: list[int]) -> list[int] | None:
        """The anchor of the largest organisation of the largest class of anchors: a hub
        that the whole class reaches ``cap`` times over with no further flow; ``None``
        unless that class holds at least half of the ``involved`` organisations (where
        förbund hang on one or two links the classes are small, and a clique of the
        best-connected people serves the whole flows better)."""
        anchors = self._anchored()
        if not anchors:
            return None
        size = np.diff(self._bounds)
        classes = sorted(self._classes.subsets(), key=lambda k: (-len(k), min(k)))
        if 2 * len(classes[0] & set(involved)) < len(involved):
            return None
        top = max(sorted(classes[0]), key=lambda c: int(size[c]))
        return [int(x) for x in anchors[top]]

    def _anchored(self) -> dict[int, np.ndarray]:
        if self._anchors is None:
            self._anchors = self._build()
        return self._anchors

    def linked(self, hub: list[int]) -> set[int]:
        """Organisation codes proved κ >= ``cap`` to the clique ``hub``."""
        anchors = self._anchored()
        out: set[int] = set()
        for code, anchor in anchors.items():
            if sorted(anchor.tolist()) == sorted(hub):
                return set(self._classes.subset(code))
        # the hub's people may belong to several organisations: all of them form the piece
        around = np.unique(self._codes[hub]).tolist()
        people = np.union1d(np.concatenate([self._members(c) for c in around]), hub)
        for code in around:
            if code in anchors and code not in out and self._reaches_cap(
                    people, np.asarray(hub), anchors[code]):
                out |= self._classes.subset(code)
        return out


class _Separators:
    """Sets of people of one component (local ids) known to be worth trying as cuts, and
    per set the organisation pairs it separates, worked out the first time it is asked
    (one connected-components pass of the component without the set)."""

    def __init__(self, split: SplitComponent, codes: np.ndarray, n_codes: int) -> None:
        self._split, self._codes, self._n_codes = split, codes, n_codes
        self._size = np.bincount(codes, minlength=n_codes)
        self._cuts: dict[tuple[int, ...], np.ndarray | None] = {}

    def add(self, cut: np.ndarray) -> None:
        if len(cut):
            self._cuts.setdefault(tuple(sorted(set(cut.tolist()))), None)

    def find(self, ca: int, cb: int, size: int) -> np.ndarray | None:
        """A known set of ``size`` people that separates organisations ``ca`` and ``cb``
        and is not simply all of one of them (the flow's preferred cut decides those)."""
        if size <= 0:
            return None
        for key, apart in self._cuts.items():
            if len(key) != size:
                continue
            if apart is None:
                apart = self._cuts[key] = self._apart(np.asarray(key, dtype=np.int64))
            if apart[ca, cb] and not any(self._is_all_of(key, c) for c in (ca, cb)):
                return np.asarray(key, dtype=np.int64)
        return None

    def _is_all_of(self, cut: tuple[int, ...], code: int) -> bool:
        return len(cut) == self._size[code] and bool((self._codes[list(cut)] == code).all())

    def _apart(self, cut: np.ndarray) -> np.ndarray:
        """Organisation pairs with no remaining member of one reaching one of the other
        once ``cut`` is gone."""
        split = self._split
        n = split.n
        alive = np.ones(n, dtype=bool)
        alive[cut] = False
        u, v = split.edges
        ok = alive[u] & alive[v]
        graph = sp.coo_array((np.ones(int(ok.sum()), dtype=np.int8), (u[ok], v[ok])),
                             shape=(n, n))
        _, label = connected_components(graph, directed=False)
        keep = np.flatnonzero(alive)
        member = sp.csr_array((np.ones(len(keep)), (self._codes[keep], label[keep])),
                              shape=(self._n_codes, n))
        shared: np.ndarray = (member @ member.T).toarray() > 0
        return ~shared


def _clique(adj: sp.csr_array, n: int, size: int, starts: np.ndarray | None = None,
            tries: int = 32) -> list[int] | None:
    """A clique of ``size`` people, grown greedily from the first few of ``starts``
    (default: the best-connected people; any clique will do as a hub, and the greedy one
    is found in a few neighbour scans)."""
    degree = np.diff(adj.indptr)[:n]
    if starts is None:
        starts = np.argsort(-degree, kind="stable")
    for v in starts[:tries].tolist():
        if degree[v] < size - 1:
            continue
        around = adj.indices[adj.indptr[v]:adj.indptr[v + 1]]
        clique = [v]
        members = {v}
        for u in around[np.argsort(-degree[around], kind="stable")].tolist():
            mine = adj.indices[adj.indptr[u]:adj.indptr[u + 1]]
            if u not in members and members <= set(mine.tolist()):
                clique.append(u)
                members.add(u)
                if len(clique) == size:
                    return clique
    return None


@dataclass
class FragilePair:
    """An organisation pair with κ = 1 or 2, and the people (vertex ids) in some minimum
    cut: each one's departure lowers κ by one."""

    organisations: Pair
    connectivity: int
    critical: list[int]


def fragile_pairs(idx: Indexed, orgs: list[Hashable], *, at_most: int = 2
                  ) -> list[FragilePair]:
    """Every organisation pair with 1 <= κ <= ``at_most``, on the whole graph, with the
    people whose departure lowers its κ.

    One capped maximum flow per pair and component (three units prove κ >= 3), skipped
    where κ >= 3 is evident: the pair shares more than ``at_most`` components, enough of
    its direct ties have no person in common, or both organisations reach a hub clique
    three times over (:func:`_hub_bounds`: one flow per organisation instead of
    one per pair, which on a connected national graph proves every pair).
    """
    limit = at_most + 1
    codes: dict[Hashable, int] = {}
    code = np.fromiter((codes.setdefault(o, len(codes)) for o in orgs), dtype=np.int64,
                       count=len(orgs))
    keys = sorted(codes, key=_key)
    rank = np.empty(len(keys), dtype=np.int64)
    rank[[codes[k] for k in keys]] = np.arange(len(keys))
    comps = idx.components
    comp_of = np.empty(len(orgs), dtype=np.int64)
    for c, comp in enumerate(comps):
        comp_of[comp] = c
    edges: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    splits: dict[int, SplitComponent] = {}

    def split_of(c: int) -> SplitComponent:
        if not edges:
            edges.update({k: e for k, (_, e) in enumerate(_component_edges(idx))})
        if c not in splits:
            splits[c] = SplitComponent(len(comps[c]), *edges[c])
        return splits[c]

    hubs: dict[int, set[tuple[int, int]]] = {}

    def robust_in(c: int) -> set[tuple[int, int]]:
        """Pairs proved κ >= 3 through a hub of component c (built on first need)."""
        if c not in hubs:
            local = rank[code[comps[c]]]
            present = np.unique(local).tolist()
            room = {(a, b): limit for a, b in combinations(present, 2)}
            split = split_of(c)
            bounds = _hub_bounds(split, local, room, limit,
                                 _Separators(split, local, len(keys)))
            hubs[c] = {pair for pair, low in bounds.items() if low >= limit}
        return hubs[c]

    where: dict[tuple[int, int], list[int]] = defaultdict(list)
    for c, comp in enumerate(comps):
        present = np.unique(rank[code[comp]]).tolist()
        for pair in combinations(present, 2):
            where[pair].append(c)
    matched = _disjoint_direct_ties(idx, rank[code], comp_of, len(keys), limit)
    out: list[FragilePair] = []
    for (ra, rb), found_in in sorted(where.items()):
        if len(found_in) >= limit:
            continue
        lower = sum(min(limit, matched.get((c, ra, rb), 0)) for c in found_in)
        if lower >= limit or any((ra, rb) in robust_in(c) for c in found_in):
            continue
        masks = {}
        for c in found_in:
            split_of(c)
            local = rank[code[comps[c]]]
            masks[c] = (local == ra, local == rb)
        # κ is at most the smaller side's head count; where that leaves room for three,
        # three disjoint routes found greedily prove κ >= 3 without a flow
        room = sum(min(int(a.sum()), int(b.sum())) for a, b in masks.values())
        if room >= limit and sum(splits[c].routes(*masks[c], limit)
                                 for c in found_in) >= limit:
            continue
        flows = []
        total = 0
        for c in found_in:
            flow = splits[c].max_flow(*masks[c], cap=limit)
            flows.append((c, flow))
            total += flow.value
            if total >= limit:
                break
        if not 1 <= total <= at_most:
            continue
        critical = sorted(int(comps[c][k]) for c, flow in flows if flow.value
                          for k in np.flatnonzero(flow.critical()).tolist())
        out.append(FragilePair((keys[ra], keys[rb]), total, critical))
    return out


def _disjoint_direct_ties(idx: Indexed, org: np.ndarray, comp_of: np.ndarray, n_orgs: int,
                          enough: int) -> dict[tuple[int, int, int], int]:
    """Per (component, org a, org b): direct a-b ties with no person in common, found
    greedily among the first few ties, up to ``enough``. A lower bound on κ."""
    a, b = org[idx.src], org[idx.dst]
    cross = np.flatnonzero(a != b)
    if not len(cross):
        return {}
    lo, hi = np.minimum(a, b)[cross], np.maximum(a, b)[cross]
    key = (comp_of[idx.src[cross]] * n_orgs + lo) * n_orgs + hi
    order = np.argsort(key, kind="stable")
    key = key[order]
    start = np.r_[0, np.flatnonzero(np.diff(key)) + 1]
    within = np.arange(len(key)) - np.repeat(start, np.diff(np.r_[start, len(key)]))
    keep = within < _MATCHING_EDGES
    found: dict[int, tuple[set[int], int]] = {}
    picked = order[keep]
    for k, u, v in zip(key[keep].tolist(), idx.src[cross][picked].tolist(),
                       idx.dst[cross][picked].tolist(), strict=True):
        used, count = found.get(k, (set(), 0))
        if count < enough and u not in used and v not in used:
            used.update((u, v))
            count += 1
        found[k] = (used, count)
    out = {}
    for k, (_, count) in found.items():
        c, rest = divmod(k, n_orgs * n_orgs)
        out[(c, *divmod(rest, n_orgs))] = count
    return out


def _component_edges(idx: Indexed) -> Iterable[tuple[np.ndarray, tuple[np.ndarray,
                                                                       np.ndarray]]]:
    """Each component's vertex ids and its edges in local numbering."""
    comps = idx.components
    membership = np.empty(len(idx.nodes), dtype=np.int64)
    for c, comp in enumerate(comps):
        membership[comp] = c
    edge_comp = membership[idx.src] if len(idx.src) else np.zeros(0, dtype=np.int64)
    order = np.argsort(edge_comp, kind="stable")
    bounds = np.searchsorted(edge_comp[order], np.arange(len(comps) + 1))
    for c, comp in enumerate(comps):
        mine = order[bounds[c]:bounds[c + 1]]
        yield comp, (np.searchsorted(comp, idx.src[mine]), np.searchsorted(comp, idx.dst[mine]))


def _key(x: Hashable | Pair) -> str:
    return str(x)


def _ordered(pair: Pair) -> Pair:
    a, b = pair
    return (a, b) if str(a) <= str(b) else (b, a)


class SplitComponent:
    """The node-split digraph of one component as a capacity matrix; per pair of
    organisations only the source and sink arcs change.

    Vertices: ``i`` is person i's in-node, ``n + i`` its out-node, then the source, the
    sink and a capping source in front of the source (a capped flow stops early).
    """

    def __init__(self, n: int, u: np.ndarray, v: np.ndarray) -> None:
        self.n = n
        self._u, self._v = u, v
        self.source, self.sink, self.cap_source = 2 * n, 2 * n + 1, 2 * n + 2
        self.size = 2 * n + 3

    @cached_property
    def _arcs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                             int]:
        """CSR layout and base capacities of the split digraph, and where the source,
        sink and cap arcs sit in it (built on the first flow)."""
        n, u, v = self.n, self._u, self._v
        people = np.arange(n)
        tails = np.concatenate([people, u + n, v + n, np.full(n, self.source), people + n,
                                [self.cap_source]])
        heads = np.concatenate([people + n, v, u, people, np.full(n, self.sink),
                                [self.source]])
        capacity = np.concatenate([np.ones(n), np.full(2 * len(u), _BIG), np.zeros(2 * n),
                                   [_BIG]]).astype(np.int32)
        order = np.lexsort((heads, tails))
        indices = heads[order].astype(np.int32)
        indptr = np.r_[0, np.cumsum(np.bincount(tails, minlength=self.size))].astype(np.int32)
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        feed = n + 2 * len(u)
        return (indices, indptr, capacity[order], position[feed:feed + n],
                position[feed + n:feed + 2 * n], int(position[-1]))

    @property
    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """The component's ties, once each, in local numbering."""
        return self._u, self._v

    @cached_property
    def adjacency(self) -> sp.csr_array:
        """The component's ties, both ways, with one extra row for a search's source."""
        n = self.n
        rows = np.concatenate([self._u, self._v])
        cols = np.concatenate([self._v, self._u])
        return sp.csr_array((np.ones(len(rows), dtype=np.int8), (rows, cols)),
                            shape=(n + 1, n + 1))

    def routes(self, a: np.ndarray, b: np.ndarray, want: int) -> int:
        """Vertex-disjoint A-B paths found greedily, shortest first, up to ``want``: a
        lower bound on κ that is usually tight, at the cost of a few searches."""
        n = self.n
        adj = self.adjacency
        degree = np.diff(adj.indptr)
        removed = np.zeros(n + 1, dtype=bool)
        found = 0
        while found < want:
            starts = np.flatnonzero(a & ~removed[:n])
            if not len(starts) or not (b & ~removed[:n]).any():
                break
            # no way on out of a removed person or out of B: a search stops at B
            stop = np.r_[removed[:n] | b, False]
            keep = np.repeat(~stop, degree)
            indptr = np.r_[0, np.cumsum(np.where(stop, 0, degree))]
            indptr[-1] = indptr[-2] + len(starts)
            graph = sp.csr_array((np.r_[adj.data[keep], np.ones(len(starts), dtype=np.int8)],
                                  np.r_[adj.indices[keep], starts], indptr), shape=adj.shape)
            order, before = breadth_first_order(graph, n, directed=True,
                                                return_predecessors=True)
            reached = order[order < n]
            hit = b[reached] & ~removed[reached]
            if not hit.any():
                break
            path = [int(reached[np.argmax(hit)])]
            while before[path[-1]] != n:
                path.append(int(before[path[-1]]))
            last_a = min(i for i, x in enumerate(path) if a[x])  # the A person nearest B
            removed[path[:last_a + 1]] = True
            found += 1
        return found

    def max_flow(self, a: np.ndarray, b: np.ndarray, cap: int | None = None) -> Flow:
        """A maximum flow from people ``a`` to people ``b`` (boolean masks), at most
        ``cap`` units when given."""
        indices, indptr, base, feeds, drains, cap_arc = self._arcs
        data = base.copy()
        data[feeds[a]] = _BIG
        data[drains[b]] = _BIG
        if cap is not None:
            data[cap_arc] = cap
        C = sp.csr_array((data, indices, indptr), shape=(self.size, self.size))
        result = maximum_flow(C, self.cap_source, self.sink)
        return Flow(self, int(result.flow_value), C, result.flow)


class Flow:
    """One maximum flow and what its residual graph tells about the minimum cuts."""

    def __init__(self, split: SplitComponent, value: int, capacity: sp.csr_array,
                 flow: sp.csr_array) -> None:
        self.split, self.value = split, value
        self._capacity, self._flow = capacity, flow

    @cached_property
    def residual(self) -> sp.csr_array:
        """Arcs with capacity left, and the reverse of arcs that carry flow."""
        residual = self._capacity - self._flow
        residual.data = (residual.data > 0).astype(np.int8)
        residual.eliminate_zeros()
        return residual

    def _reached(self, start: int | list[int], reverse: bool = False) -> np.ndarray:
        graph = self.residual.T.tocsr() if reverse else self.residual
        seen = np.zeros(self.split.size, dtype=bool)
        for s in [start] if isinstance(start, int) else start:
            if not seen[s]:
                seen[breadth_first_order(graph, s, directed=True,
                                         return_predecessors=False)] = True
        return seen

    def _cut_of(self, side: np.ndarray) -> list[int]:
        n = self.split.n
        return np.flatnonzero(side[:n] & ~side[n:2 * n]).tolist()

    def cut_nearest_source(self) -> list[int]:
        """The minimum cut nearest the source side (below a cap: one of people only)."""
        return self._cut_of(self._reached(self.split.cap_source))

    def cut_nearest_sink(self) -> list[int]:
        """The minimum cut nearest the sink side."""
        return self._cut_of(~self._reached(self.split.sink, reverse=True))

    def critical(self) -> np.ndarray:
        """People in some minimum cut: saturated person arcs whose ends lie in different
        strongly connected components of the residual graph."""
        n = self.split.n
        residual = self.residual
        _, label = connected_components(residual, directed=True, connection="strong")
        # a person arc carries flow when the residual graph has its reverse, out -> in
        tails = np.repeat(np.arange(residual.shape[0]), np.diff(residual.indptr))
        back = (tails >= n) & (tails < 2 * n) & (residual.indices == tails - n)
        carries = np.zeros(n, dtype=bool)
        carries[tails[back] - n] = True
        critical: np.ndarray = carries & (label[:n] != label[n:2 * n])
        return critical

    def preferred_cut(self, a: np.ndarray, b: np.ndarray) -> list[int]:
        """A minimum cut, preferring one that is not simply all of A or all of B: the
        cut nearest A, else the one nearest B, else one through a go-between."""
        if self.value == 0:
            return []
        near_a = self.cut_nearest_source()
        if not _all_of(near_a, a):
            return near_a
        near_b = self.cut_nearest_sink()
        if not _all_of(near_b, b):
            return near_b
        between = np.flatnonzero(self.critical() & ~a & ~b)
        if len(between):
            w = int(between[0])
            return self._cut_of(self._reached([self.split.cap_source, w]))
        return near_a


def _all_of(cut: list[int], members: np.ndarray) -> bool:
    return len(cut) == int(members.sum()) and bool(members[cut].all())


class TieJudge:
    """Which organisation pairs one new tie would raise, from one maximum flow per pair
    and component instead of one per pair and candidate tie.

    A new tie x–y adds the arcs x_out -> y_in and y_out -> x_in, uncapacitated. κ rises
    (by one: κ with the tie is at most κ + 1, since a cut plus x is still a cut) exactly
    when the residual graph with these arcs has a path from source to sink. Such a path
    uses a new arc; when it uses one, say x_out -> y_in, the parts before and after run
    in the old residual graph: x_out is reached from the source and y_in reaches the sink.
    A path through both arcs needs x_out reached and x_in reaching the sink (or the same
    for y); :meth:`gains` answers ``None`` then, and for ties between components, and the
    caller recomputes.
    """

    def __init__(self, G: nx.Graph, partition: Mapping[Hashable, Hashable],
                 pairs: Iterable[Pair]) -> None:
        idx = Indexed.of(G)
        self._index = {v: i for i, v in enumerate(idx.nodes)}
        self._comp = np.empty(len(idx.nodes), dtype=np.int64)
        orgs = [org_key(partition, v) for v in idx.nodes]
        self.pairs = sorted({_ordered(p) for p in pairs}, key=_key)
        # per pair: people whose out-node the source reaches, whose in-node reaches the sink
        self._reached: dict[Pair, tuple[np.ndarray, np.ndarray]] = {
            p: (np.zeros(len(idx.nodes), dtype=bool), np.zeros(len(idx.nodes), dtype=bool))
            for p in self.pairs}
        labels = np.array([_key(o) for o in orgs])
        for c, (comp, (u, v)) in enumerate(_component_edges(idx)):
            self._comp[comp] = c
            local = labels[comp]
            split: SplitComponent | None = None
            for pair in self.pairs:
                a, b = local == _key(pair[0]), local == _key(pair[1])
                if not a.any() or not b.any():
                    continue  # no A–B path can start in this component
                split = split or SplitComponent(len(comp), u, v)
                flow = split.max_flow(a, b)
                n = split.n
                out, into = self._reached[pair]
                out[comp] = flow._reached(split.cap_source)[n:2 * n]
                into[comp] = flow._reached(split.sink, reverse=True)[:n]

    def gains(self, tie: tuple[Hashable, Hashable]) -> dict[Pair, int] | None:
        """Per pair, 1 where the tie raises κ and 0 where not; ``None`` when one flow does
        not tell (ends in different components, or a path would use both new arcs)."""
        x, y = (self._index.get(t) for t in tie)
        if x is None or y is None or self._comp[x] != self._comp[y]:
            return None
        out: dict[Pair, int] = {}
        for pair, (reached, reaching) in self._reached.items():
            if (reached[x] and reaching[y]) or (reached[y] and reaching[x]):
                out[pair] = 1
            elif (reached[x] and reaching[x]) or (reached[y] and reaching[y]):
                return None
            else:
                out[pair] = 0
        return out


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

"""The k cheapest simple paths from one vertex to any of a set, searched from both ends.

A path to a set ``T`` costs its edges plus ``extra[t]`` at the member ``t`` it ends at. Think
of a sink ``z`` joined to each member by an edge of cost ``extra[t]``: the answer is the k
shortest simple paths from ``s`` to ``z``.

Why both ends
-------------
On a national graph the cheapest path to a person costs about 15, and the ball of radius 15
around the asker holds most of the 20,000 people; the balls of radius 8 around the asker
and around the set hold a few hundred each. So the search grows a ball around ``s``
(Dijkstra on ``forward``) and one around the set (on ``backward``) to the same radius ``r``,
each stopped there (scipy's ``limit``). The cheapest meeting ``d(s, v) + d(v, z)`` bounds the
cheapest path from above; ``bound`` is that plus a margin.

Every vertex ``v`` on a path of cost at most ``bound`` has ``d(s, v) + d(v, z) <= bound``. A
lower bound on each term: the exact distance inside its ball, ``r`` outside it (the search
stopped there), raised to the landmarks' triangle-inequality bound where landmarks are
given (:mod:`graph.analysis.landmarks`). With ``2 r >= bound``, a vertex outside both balls
is too far, so the candidates are the balls' vertices whose two lower bounds sum to at most
``bound``. All paths of cost at most ``bound`` lie among them; when Yen's algorithm (igraph)
there finds ``k`` paths of cost at most ``bound``, they are the ``k`` best of the whole
graph. Otherwise the margin doubles (and the radius with it, to ``bound / 2``); past
``MAX_RADIUS`` the searches run to the end, and the candidates are every vertex in reach.
Where ``k`` real paths are known, their k-th cost is the next bound instead: Yen's on the
candidates, or, for a set, the k-th cheapest path that ends by one edge into a member
(:func:`_last_edges`). An asker with one cheap path to ``org:fk`` and then detours got a
bound of 13.8 from Yen on the few candidates of the first round (its third path costs 7.0:
3,458 candidates and 20 ms of Yen at 20,000 people); the last edges gave 8.2 (279, 1 ms).

Which tied paths, and why the rounds stay as they are
-----------------------------------------------------
Yen's search runs on the candidates cut to the vertices ``v`` with
``d(s, v) + d(v, z) <= bound`` (:func:`_yen`). Every vertex on a shortest path from ``s``
to such a ``v``, or from ``v`` to the set, is such a vertex too, and each such vertex is
in one of the balls with lower bounds summing to at most ``bound``: all of them are among
the candidates, and the cut is the same set whatever else the candidates held. The graph
igraph searches depends on ``bound`` alone. Its k cheapest costs do not, but which of
several paths of equal cost it returns does (igraph breaks ties by its heap and the edges'
order): at 20,000 people 232 of 1,571 last rounds' answers named other tied paths when
the same search ran with the cut 15 % wider or without it (either). So the rounds that
find ``bound`` (the radii, the first meeting, the margins) are part of the answer: a
search that reached the same costs by other rounds would name other paths. A faster search
keeps the rounds and makes each one cheaper.

What a query pays for
---------------------
The set's side does not depend on who asks: a :class:`SetSide` keeps its ball (searched as
far as any query to the set has needed) and its landmark terms, and the caller keeps it
per target for the life of the projection (graph.reports.paths). At 200,000 people the
ball around ``org:fk`` (23,000 people) cost 7 ms a query before. Everything else a query
computes is sized to the balls (their vertices, the candidates among them), not to the
graph. The searches of both balls are :class:`graph.analysis.ball.Ball`, grown with their
radius: scipy's Dijkstra checked every weight and set up arrays of the graph's size on each
call (about 1 ms at 200,000 people, several calls a query as the radii grew, each from
scratch), most of a query's time there.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

import igraph as ig
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from graph.analysis.ball import Ball, usable
from graph.analysis.landmarks import Landmarks

START_RADIUS, MAX_RADIUS = 2.0, 128.0
# Rounds of widening or re-bounding after which the search gives up on being clever and
# runs Yen on everything the asker reaches (exact, slow). The rounds' own argument ends
# them well before this (margins and radii grow geometrically); this is the belt for a
# future bug in the candidate cut, which would otherwise loop inside a request.
MAX_ROUNDS = 200
# Lower bounds on the distance from the asker and to the set, for the vertices given.
BoundsOf = Callable[[np.ndarray], np.ndarray]
Bounds = tuple[BoundsOf, BoundsOf]
# Keeps a vertex on a path of cost exactly ``bound`` despite rounding in sums and bounds.
TOLERANCE = 1 + 1e-9
# A set's ball is searched again only when a query needs this much more than it holds:
# radii asked for differ a little from query to query, and each new search is a whole one.
REGROW = 1.25
# Sets of more people than this find theirs among a query's candidates by a lookup array
# (SetSide.among), not a binary search of each of them.
DIRECT_ABOVE = 256


class SetSide:
    """The set's half of the search: ``min_t d(v, t) + extra[t]`` on ``backward`` for the
    vertices within a radius, widened when a query needs more, and the landmarks' terms
    for the set. Shared by the queries of many threads to the same set."""

    def __init__(self, backward: sp.csr_array, ends: np.ndarray, extra: np.ndarray, *,
                 within: SetSide | None = None) -> None:
        """``within``: the side of a set that holds this one, on the same ``backward``;
        its landmark terms bound this set's distances from below too (the nearest of more
        ends is no farther), so they are taken instead of working out this set's own."""
        self.backward, self.ends, self.extra = backward, ends, extra
        self._within = within
        self.radius = -np.inf  # searched to this radius so far
        self._dist = np.empty(0)  # per vertex, infinite beyond the radius
        self._vertices = np.empty(0, dtype=np.int64)  # the ball, sorted by distance
        self._sorted = np.empty(0)
        self._toward: tuple[weakref.ref[Landmarks], BoundsOf] | None = None
        self._search: Ball | None = None
        self._rank: np.ndarray | None = None  # per vertex: its place in ``ends``, else -1
        self._lock = threading.Lock()

    def reach(self, limit: float) -> float:
        """Search to at least ``limit`` (past it when it grows: the radii asked for differ a
        little from query to query); the radius searched."""
        if limit <= self.radius:
            return self.radius
        with self._lock:
            if limit > self.radius:
                wider = limit if np.isinf(limit) else max(limit, REGROW * self.radius)
                if self._search is None and usable(self.backward):
                    self._search = Ball(self.backward, self.ends, self.extra)
                if self._search is not None:
                    # carries on where the last query's search stopped
                    self._search.grow(wider)
                    dist, vertices, ordered = (self._search.dist, self._search.vertices,
                                               self._search.distances)
                else:
                    dist = _to_set(self.backward, self.ends, self.extra, wider)
                    ball = np.flatnonzero(np.isfinite(dist))
                    order = np.argsort(dist[ball], kind="stable")
                    vertices, ordered = ball[order], dist[ball[order]]
                # published before the radius, which readers check first without the lock;
                # a grown search writes only distances above the radius they read within
                self._dist, self._vertices, self._sorted = dist, vertices, ordered
                self.radius = wider
            return self.radius

    def release(self) -> None:
        """For a side of one query only (not kept): hand its search's arrays back."""
        if self._search is not None:
            self._search.release()
            self._search = None

    def ball(self, limit: float) -> tuple[np.ndarray, np.ndarray]:
        """The vertices within ``limit`` of the set (searched: see :meth:`reach`) and their
        distances, nearest first: a prefix of the ball kept, however far it reaches."""
        vertices, dist = self._vertices, self._sorted
        cut = int(dist.searchsorted(limit, side="right"))
        return vertices[:cut], dist[:cut]

    def at(self, vertices: np.ndarray, limit: float) -> np.ndarray:
        """Distances to the set of ``vertices``: infinite beyond ``limit``."""
        found = self._dist[vertices]
        return np.where(found <= limit, found, np.inf)

    def among(self, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The set's people among the sorted ``keep``: their places there and their extras,
        in the order of ``ends``. A binary search of every end in ``keep`` costs what the
        set holds (23,000 people for org:fk at 200,000 people, 0.1 ms a call, twice a
        query); past :data:`DIRECT_ABOVE` ends, an array of each vertex's place in
        ``ends`` is made once and read at ``keep``'s few hundred vertices instead."""
        if len(self.ends) <= DIRECT_ABOVE:
            at, mine = _places(keep, self.ends)
            return at[mine], self.extra[mine]
        rank = self._rank
        if rank is None:
            rank = np.full(self.backward.shape[0], -1, dtype=np.int32)
            rank[self.ends] = np.arange(len(self.ends), dtype=np.int32)
            self._rank = rank
        found = rank[keep]
        places = (found >= 0).nonzero()[0]
        places = places[found[places].argsort(kind="stable")]
        return places, self.extra[found[places]]

    def toward(self, landmarks: Landmarks) -> BoundsOf:
        """:meth:`Landmarks.toward` for this set, worked out once per landmarks."""
        if self._within is not None:
            # An asker among the 23,000 people of org:fk at 200,000 people: the terms over
            # all but one of them cost 2 ms a query, and bound hardly less tightly.
            return self._within.toward(landmarks)
        kept = self._toward
        if kept is None or kept[0]() is not landmarks:
            kept = (weakref.ref(landmarks), landmarks.toward(self.ends, self.extra))
            self._toward = kept
        return kept[1]


def k_best_to_set(forward: sp.csr_array, backward: sp.csr_array, s: int, ends: np.ndarray,
                  extra: np.ndarray, k: int, landmarks: Landmarks | None = None
                  ) -> list[tuple[float, list[int]]]:
    """The ``k`` cheapest simple paths (cost with the end's extra, vertices) from ``s`` to
    any of ``ends``, cheapest first.

    ``forward`` holds the edges a path may take (a path that must not pass another member
    has none out of the members); ``backward`` is its transpose. ``landmarks`` must be
    built on a graph whose distances are at most these (the same component before
    blocking people or cutting members' edges); ``None`` searches without them.
    """
    return k_best_from(forward, SetSide(backward, ends, extra), s, k, landmarks)


def k_best_from(forward: sp.csr_array, side: SetSide, s: int, k: int,
                landmarks: Landmarks | None = None, *, own_row: sp.csr_array | None = None
                ) -> list[tuple[float, list[int]]]:
    """:func:`k_best_to_set` with the set's side given, kept from earlier queries.

    ``side``'s backward graph may also lack the edges into ``s`` (an asker who is one of
    the set's people, looking for the others): a simple path from ``s`` never returns to
    it, so its distances still bound every path's rest from below.

    ``own_row``: a matrix whose row ``s`` holds the asker's edges out, where ``forward``'s
    row ``s`` is empty (that same asker: the set's forward matrix has no edges out of any
    of its people). The search reads that row as if it were ``forward``'s: the same paths
    as on ``forward`` with the row put back (:func:`with_row`), without that copy of the
    whole matrix (1.5 ms at 200,000 people, for each asker inside ``org:fk``).
    """
    # the asker's search, grown with its radius (scipy's from scratch where it cannot run)
    asker = None
    if usable(forward):
        if own_row is None:
            asker = Ball(forward, np.asarray([s]), np.zeros(1))
        else:
            # The asker settles first at 0 and offers each neighbour 0 + its edge's cost:
            # those offers as the search's starts give the same distances.
            lo, hi = int(own_row.indptr[s]), int(own_row.indptr[s + 1])
            asker = Ball(forward, np.r_[s, own_row.indices[lo:hi]],
                         np.r_[0.0, own_row.data[lo:hi]])
    try:
        return _rounds(forward, side, s, k, landmarks, asker, own_row)
    finally:
        if asker is not None:
            asker.release()


def _rounds(forward: sp.csr_array, side: SetSide, s: int, k: int,
            landmarks: Landmarks | None, asker: Ball | None, own_row: sp.csr_array | None
            ) -> list[tuple[float, list[int]]]:
    """:func:`k_best_from`'s rounds: grow the balls, cut the candidates, run Yen."""
    ends, extra = side.ends, side.extra
    if not len(ends) or k < 1:
        return []
    total = 2 * START_RADIUS  # the two radii together
    bounds: Bounds | None = None
    if landmarks is not None:  # the cheapest path costs at least the bound at the asker
        bounds = (lambda among: landmarks.from_vertex(s, among), side.toward(landmarks))
        total = max(total, float(bounds[1](np.asarray([s]))[0]) + 1.0)
    # A set of thousands (an agency) has a wide ball at any radius: start it at its people
    # (each at its extra cost), and let the asker's side do the rest.
    set_radius = total / 2 if len(ends) == 1 else float(extra.max())
    radii = [max(total - set_radius, START_RADIUS), set_radius]
    limits = [np.nan, np.nan]
    from_s, near_s = np.empty(0), np.empty(0, dtype=np.int64)
    margin = room = 1.0
    rounds = 0
    while True:
        rounds += 1
        if rounds > MAX_ROUNDS:
            return _everything(with_row(forward, own_row, s), s, ends, extra, k)
        wanted = [r if r <= MAX_RADIUS else np.inf for r in radii]
        if wanted[0] != limits[0]:
            if asker is not None:
                asker.grow(wanted[0])
                from_s, near_s = asker.dist, asker.vertices
            else:
                from_s = dijkstra(with_row(forward, own_row, s), indices=s,
                                  limit=wanted[0])
                near_s = np.isfinite(from_s).nonzero()[0]
            limits[0] = wanted[0]
        side.reach(wanted[1])
        limits[1] = wanted[1]
        set_vertices, set_dist = side.ball(limits[1])
        meetings = from_s[set_vertices] + set_dist
        shortest = float(np.minimum.reduce(meetings)) if len(meetings) else np.inf
        sizes = (len(near_s), len(set_vertices))
        if not np.isfinite(shortest):
            if np.isinf(limits).all():
                return []  # nothing in reach
            # no meeting yet: widen by half (a doubling would take in the whole graph)
            _grow(radii, 1.5 * sum(radii) + 1.0, sizes, len(ends))
            continue
        while True:
            rounds += 1
            if rounds > MAX_ROUNDS:
                return _everything(with_row(forward, own_row, s), s, ends, extra, k)
            bound = (shortest + margin) * TOLERANCE
            if limits[0] + limits[1] < bound:  # a vertex outside both balls could count
                break
            keep, every = _candidates(from_s, near_s, side, s, limits, bound, bounds)
            sub = _Sub(forward, keep, s, side.among(keep), own_row)
            paths = _yen(sub, k, np.inf if every else bound)
            if every or (len(paths) >= k and paths[k - 1][0] <= bound):
                return paths
            # k paths, the k-th dearer than the bound: there are k paths of at most its
            # cost, so that is the bound that settles it; fewer than k: twice the margin.
            # Any k real paths settle it the same way (the next round's candidates hold
            # every path up to their k-th cost): the cheapest such bound wins.
            # a set's people reached by many last edges bound the k-th cost tightly; for
            # one person the bound rarely beats Yen's below, and growing for it costs
            settle = _last_edges(from_s, side, k) if len(ends) > 1 else np.inf
            if len(paths) < k and not settle < np.inf:
                # Fewer than k that cheap (one strong tie, then detours): Yen on all the
                # candidates, uncut, finds k real paths if there are any, and the k-th's
                # cost bounds the answer: the next round settles it, instead of
                # doubling the margin round after round.
                paths = _yen(sub, k, np.inf)
                if len(paths) >= k and asker is not None and len(ends) > 1:
                    settle = _reach_last_edges(asker, side, k, limits[0], margin,
                                               paths[k - 1][0])
                    from_s, near_s, limits[0] = asker.dist, asker.vertices, asker.radius
            if len(paths) >= k:
                settle = min(settle, paths[k - 1][0])
            if settle < np.inf:
                margin, room = settle - shortest, 0.0
            else:
                margin, room = 2 * margin, margin
        # Enough for the bound, and with room for one more doubling where it may come;
        # not a doubling of the radii: past about 8 each unit takes in thousands of people.
        _grow(radii, (shortest + margin + room) * TOLERANCE, sizes, len(ends))


def _last_edges(from_s: np.ndarray, side: SetSide, k: int) -> float:
    """The ``k``-th cheapest of the paths that reach a member ``t`` of the set by one edge
    from a vertex ``u`` the asker's ball reaches: the asker's cheapest path to ``u``, the
    edge, ``t``'s extra. Infinite when there are fewer than ``k``.

    Each is a simple path (a path on ``forward`` passes no member before its end, so the
    one to ``u`` avoids ``t``), and two with another last edge are two paths: so ``k`` of
    them bound the ``k``-th cheapest path from above. ``side.backward``'s row ``t`` holds
    the edges into ``t`` (a copy without the asker's own, for an asker inside the set:
    fewer paths, still a bound).
    """
    ends = side.ends
    reached = np.flatnonzero(np.isfinite(from_s[ends]))
    if not len(reached):
        return np.inf
    backward = side.backward
    starts = backward.indptr[ends[reached]].astype(np.int64)
    counts = backward.indptr[ends[reached] + 1] - starts
    total = np.cumsum(counts)
    at = np.repeat(starts - (total - counts), counts) + np.arange(int(total[-1]))
    before = from_s[backward.indices[at]]
    # ``u`` no farther than ``t``: its cheapest path does not pass ``t`` (through ``t`` it
    # would cost more), where ``forward`` keeps edges out of members (one member alone)
    fine = before <= np.repeat(from_s[ends[reached]], counts)
    cost = (before + backward.data[at] + np.repeat(side.extra[reached], counts))[fine]
    if len(cost) < k:
        return np.inf
    return float(np.partition(cost, k - 1)[k - 1]) * TOLERANCE


def _reach_last_edges(asker: Ball, side: SetSide, k: int, radius: float, step: float,
                      cap: float) -> float:
    """:func:`_last_edges` with the asker's ball grown, a doubling step at a time, until
    it gives ``k`` paths or reaches ``cap`` (the cost of ``k`` paths known already: no
    path past it can lower the bound)."""
    settle = np.inf
    while settle >= cap and radius < cap:
        radius = min(radius + step, cap)
        step *= 2
        asker.grow(radius)
        settle = _last_edges(asker.dist, side, k)
    return settle


def _everything(forward: sp.csr_array, s: int, ends: np.ndarray, extra: np.ndarray,
                k: int) -> list[tuple[float, list[int]]]:
    """Yen on every vertex the asker reaches: every path there is, without bounds."""
    reached = np.flatnonzero(np.isfinite(dijkstra(forward, indices=s)))
    at, mine = _places(reached, ends)
    return _yen(_Sub(forward, reached, s, (at[mine], extra[mine])), k, np.inf)


def _grow(radii: list[float], total: float, sizes: tuple[int, int], sources: int) -> None:
    """Radii summing to ``total``: each side's share of the growth is the other side's
    share of the vertices reached (``sizes``), so the smaller ball (the cheaper one to
    widen) grows more (the balance of a bidirectional search). The set's side counts at
    least its people: from thousands of starts, every step is wide."""
    # a little over: the two shares summed may round to just under ``total``
    need = total - radii[0] - radii[1] + 1e-6
    if need <= 1e-6:
        return
    asker, at_set = sizes[0], max(sizes[1], sources)
    for side in (0, 1):
        if radii[side] > MAX_RADIUS:  # run to the end already: the other side grows
            radii[1 - side] += need
            return
    # a side four times the other's size gets nothing: a sliver of growth costs a whole
    # new search of that side
    share = 1.0 if at_set > 4 * asker else 0.0 if asker > 4 * at_set else (
        at_set / (asker + at_set))
    radii[0] += need * share
    radii[1] += need * (1 - share)


def _to_set(backward: sp.csr_array, ends: np.ndarray, extra: np.ndarray,
            limit: float) -> np.ndarray:
    """``min_t d(v, t) + extra[t]`` for every ``v``, infinite where above ``limit``: one
    multi-source Dijkstra per distinct extra (a handful: holders, deputies, others)."""
    out = np.full(backward.shape[0], np.inf)
    for e in np.unique(extra):
        if e > limit:
            continue
        found = dijkstra(backward, indices=ends[extra == e], limit=limit - e, min_only=True)
        np.minimum(out, found + e, out=out)
    return out


def _candidates(from_s: np.ndarray, near_s: np.ndarray, side: SetSide, s: int,
                limits: list[float], bound: float, bounds: Bounds | None
                ) -> tuple[np.ndarray, bool]:
    """The vertices that can lie on a path of cost at most ``bound`` (sorted, the asker
    among them), and whether they are every vertex in reach (then nothing beyond them can
    add a path). Looks only at the two balls' vertices (``near_s``: the asker's), and
    takes a landmark bound only where a ball gives no exact distance.
    """
    # The asker's ball: distances from the asker exact; to the set exact inside its ball,
    # else above its limit (infinite: out of reach).
    near_a = from_s[near_s]
    far_a = side.at(near_s, limits[1])
    in_set = np.isfinite(far_a)
    far_a = np.where(in_set, far_a, limits[1])
    if bounds is not None and not in_set.all():
        out = ~in_set
        far_a[out] = np.maximum(far_a[out], bounds[1](near_s[out]))
    keep_a = (near_a + far_a <= bound) | (near_s == s)
    # The set's ball beyond the asker's: each at least ``limits[0]`` from the asker, so
    # only the part within ``bound - limits[0]`` of the set can count (a prefix: the ball
    # is sorted by distance).
    set_v, set_d = side.ball(min(limits[1], bound - limits[0]))
    outside = ~np.isfinite(from_s[set_v])
    set_v, set_d = set_v[outside], set_d[outside]
    near_b = np.full(len(set_v), limits[0])
    if bounds is not None and len(set_v):
        near_b = np.maximum(near_b, bounds[0](set_v))
    keep_b = near_b + set_d <= bound
    keep = np.sort(np.concatenate((near_s[keep_a], set_v[keep_b])))
    # A side searched to the end knows every vertex a path can use (one reached from the
    # asker, or one that reaches the set): when all of them are candidates, Yen there
    # finds every path there is.
    complete = bool(np.isinf(limits[0]) and keep_a.all()) or bool(
        np.isinf(limits[1]) and int((keep_a & in_set).sum()) + int(keep_b.sum())
        == len(side.ball(limits[1])[0]))
    return keep, complete


class _Sub:
    """The directed graph of ``forward``'s edges among ``keep`` (sorted) plus an edge from
    each of the set's people there (``members``: their places in ``keep`` and their
    extras) to a sink, as edge arrays in the order igraph is given them (:func:`_yen`):
    worked out once for a round's candidates, which may be searched twice (bounded, then
    uncut). The asker's edges out come from ``own_row`` where given
    (:func:`k_best_from`), in the place ``forward``'s would have: igraph's Yen breaks
    ties by the edges' order. Vertices are numbered by their place in ``keep`` (a binary
    search, not an array the size of the graph)."""

    __slots__ = ("dst", "keep", "origin", "s", "sink", "src", "weight")

    def __init__(self, forward: sp.csr_array, keep: np.ndarray, s: int,
                 members: tuple[np.ndarray, np.ndarray],
                 own_row: sp.csr_array | None = None) -> None:
        starts = forward.indptr[keep].astype(np.int64)
        counts = forward.indptr[keep + 1] - starts
        # positions of the kept rows' entries in ``forward.indices``, without a Python loop
        at = (starts - (counts.cumsum() - counts)).repeat(counts) + np.arange(counts.sum())
        rows = np.arange(len(keep)).repeat(counts)
        heads, costs = forward.indices[at], forward.data[at]
        origin = int(keep.searchsorted(s))
        if own_row is not None:
            lo, hi = int(own_row.indptr[s]), int(own_row.indptr[s + 1])
            place = int(counts[:origin].sum())  # where the asker's row starts among the rows
            rows = np.insert(rows, place, np.full(hi - lo, origin))
            heads = np.insert(heads, place, own_row.indices[lo:hi])
            costs = np.insert(costs, place, own_row.data[lo:hi])
        cols, inside = _places(keep, heads)
        sink = len(keep)
        places, extras = members
        # np.concatenate, not np.r_: the same copy without its index-parsing overhead
        self.src = np.concatenate((rows[inside], places))
        self.dst = np.concatenate((cols[inside], np.full(len(places), sink)))
        self.weight = np.concatenate((costs[inside], extras))
        self.keep, self.s, self.origin, self.sink = keep, s, origin, sink


def _yen(sub: _Sub, k: int, bound: float) -> list[tuple[float, list[int]]]:
    """Yen's ``k`` shortest simple paths from the asker to the sink of ``sub``, igraph's.

    First the candidates are cut to those whose exact distances *inside them* (from the
    asker, and to the sink) sum to at most ``bound``: a path of cost at most ``bound``
    lies inside, so it passes only such vertices. The landmark bounds leave the ends of
    both balls in; this takes them out before Yen's many searches (at 20,000 people 14
    of a cut's 118 vertices stay, on average). Both distances come from one run of
    scipy's Dijkstra on the subgraph and its reverse side by side (stopped at ``bound``):
    the least sums of edge costs, as any exact Dijkstra forms them (igraph's two runs on
    the whole subgraph gave the same to the bit). igraph then gets only the edges among
    the vertices kept, in their order: the graph that deleting the others' edges from the
    whole subgraph left before (building and cutting it was most of a call's time).
    """
    src, dst, weight = sub.src, sub.dst, sub.weight
    n = sub.sink + 1
    if np.isfinite(bound):
        # the subgraph (rows 0..n-1) and its reverse (rows n..2n-1) as one matrix
        tails = np.concatenate((src, dst + n))
        order = tails.argsort(kind="stable")
        indptr = np.zeros(2 * n + 1, dtype=np.int32)
        np.cumsum(np.bincount(tails, minlength=2 * n), out=indptr[1:])
        both = sp.csr_matrix((np.concatenate((weight, weight))[order],
                              np.concatenate((dst, src + n))[order].astype(np.int32),
                              indptr), shape=(2 * n, 2 * n))
        found = dijkstra(both, indices=[sub.origin, n + sub.sink], limit=bound)
        near = found[0, :n] + found[1, n:] <= bound
        kept = near[src] & near[dst]
        if not kept.all():
            src, dst, weight = src[kept], dst[kept], weight[kept]
    graph = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist(), strict=True)),
                     directed=True)
    epaths = graph.get_k_shortest_paths(sub.origin, sub.sink, k=k, weights=weight.tolist(),
                                        mode="out", output="epath")
    keep, s = sub.keep, sub.s
    paths = []
    for epath in epaths:
        if epath:
            vertices = [s] + [int(keep[dst[e]]) for e in epath[:-1]]
            paths.append((float(weight[epath].sum()), vertices))
    return paths


def with_row(matrix: sp.csr_array, source: sp.csr_array | None, row: int) -> sp.csr_array:
    """``matrix`` with its (empty) ``row`` taken from ``source`` (``matrix`` itself without
    one): one copy of the entries, not a pass deciding each one as a mask does."""
    if source is None:
        return matrix
    lo, hi = int(source.indptr[row]), int(source.indptr[row + 1])
    at = int(matrix.indptr[row])
    indptr = matrix.indptr.copy()
    indptr[row + 1:] += hi - lo
    # np.concatenate, not np.r_: the same copy without its index-parsing overhead
    return sp.csr_array((np.concatenate((matrix.data[:at], source.data[lo:hi],
                                         matrix.data[at:])),
                         np.concatenate((matrix.indices[:at], source.indices[lo:hi],
                                         matrix.indices[at:])), indptr), shape=matrix.shape)


def _places(keep: np.ndarray, vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each vertex's place in the sorted ``keep``, and whether it is there at all."""
    at = np.minimum(keep.searchsorted(vertices), len(keep) - 1)
    return at, keep[at] == vertices

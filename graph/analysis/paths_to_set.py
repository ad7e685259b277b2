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
"""

from __future__ import annotations

from collections.abc import Callable

import igraph as ig
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from graph.analysis.landmarks import Landmarks

START_RADIUS, MAX_RADIUS = 2.0, 128.0
# Rounds of widening or re-bounding after which the search gives up on being clever and
# runs Yen on everything the asker reaches (exact, slow). The rounds' own argument ends
# them well before this (margins and radii grow geometrically); this is the belt for a
# future bug in the candidate cut, which would otherwise loop inside a request.
MAX_ROUNDS = 200
# Lower bounds on the distance from the asker and to the set, for the vertices given.
Bounds = tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]
# Keeps a vertex on a path of cost exactly ``bound`` despite rounding in sums and bounds.
TOLERANCE = 1 + 1e-9


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
    if not len(ends) or k < 1:
        return []
    total = 2 * START_RADIUS  # the two radii together
    bounds: Bounds | None = None
    if landmarks is not None:  # the cheapest path costs at least the bound at the asker
        bounds = (lambda among: landmarks.from_vertex(s, among),
                  landmarks.toward(ends, extra))
        total = max(total, float(bounds[1](np.asarray([s]))[0]) + 1.0)
    # A set of thousands (an agency) has a wide ball at any radius: start it at its people
    # (each at its extra cost), and let the asker's side do the rest.
    set_radius = total / 2 if len(ends) == 1 else float(extra.max())
    radii = [max(total - set_radius, START_RADIUS), set_radius]
    limits = [np.nan, np.nan]
    from_s = to_set = np.empty(0)
    margin = room = 1.0
    rounds = 0
    while True:
        rounds += 1
        if rounds > MAX_ROUNDS:
            return _everything(forward, s, ends, extra, k)
        wanted = [r if r <= MAX_RADIUS else np.inf for r in radii]
        if wanted[0] != limits[0]:
            from_s = dijkstra(forward, indices=s, limit=wanted[0])
        if wanted[1] != limits[1]:
            to_set = _to_set(backward, ends, extra, wanted[1])
        limits = wanted
        shortest = float(np.min(from_s + to_set))
        if not np.isfinite(shortest):
            if np.isinf(limits).all():
                return []  # nothing in reach
            # no meeting yet: widen by half (a doubling would take in the whole graph)
            _grow(radii, 1.5 * sum(radii) + 1.0, from_s, len(ends), to_set)
            continue
        while True:
            rounds += 1
            if rounds > MAX_ROUNDS:
                return _everything(forward, s, ends, extra, k)
            bound = (shortest + margin) * TOLERANCE
            if limits[0] + limits[1] < bound:  # a vertex outside both balls could count
                break
            keep, every = _candidates(from_s, to_set, limits, bound, bounds)
            paths = _yen(forward, keep, s, ends, extra, k, np.inf if every else bound)
            if every or (len(paths) >= k and paths[k - 1][0] <= bound):
                return paths
            # k paths, the k-th dearer than the bound: there are k paths of at most its
            # cost, so that is the bound that settles it; fewer than k: twice the margin
            if len(paths) < k:
                # Fewer than k that cheap (one strong tie, then detours): Yen on all the
                # candidates, uncut, finds k real paths if there are any, and the k-th's
                # cost bounds the answer: the next round settles it, instead of
                # doubling the margin round after round.
                paths = _yen(forward, keep, s, ends, extra, k, np.inf)
            if len(paths) >= k:
                margin, room = paths[k - 1][0] - shortest, 0.0
            else:
                margin, room = 2 * margin, margin
        # Enough for the bound, and with room for one more doubling where it may come;
        # not a doubling of the radii: past about 8 each unit takes in thousands of people.
        _grow(radii, (shortest + margin + room) * TOLERANCE, from_s, len(ends), to_set)


def _everything(forward: sp.csr_array, s: int, ends: np.ndarray, extra: np.ndarray,
                k: int) -> list[tuple[float, list[int]]]:
    """Yen on every vertex the asker reaches: every path there is, without bounds."""
    reached = np.flatnonzero(np.isfinite(dijkstra(forward, indices=s)))
    return _yen(forward, reached, s, ends, extra, k, np.inf)


def _grow(radii: list[float], total: float, from_s: np.ndarray, sources: int,
          to_set: np.ndarray) -> None:
    """Radii summing to ``total``: each side's share of the growth is the other side's
    share of the vertices reached, so the smaller ball (the cheaper one to widen) grows
    more (the balance of a bidirectional search). The set's side counts at least its
    people: from thousands of starts, every step is wide."""
    # a little over: the two shares summed may round to just under ``total``
    need = total - radii[0] - radii[1] + 1e-6
    if need <= 1e-6:
        return
    sizes = [int(np.isfinite(from_s).sum()), max(int(np.isfinite(to_set).sum()), sources)]
    for side in (0, 1):
        if radii[side] > MAX_RADIUS:  # run to the end already: the other side grows
            radii[1 - side] += need
            return
    # a side four times the other's size gets nothing: a sliver of growth costs a whole
    # new search of that side
    share = 1.0 if sizes[1] > 4 * sizes[0] else 0.0 if sizes[0] > 4 * sizes[1] else (
        sizes[1] / (sizes[0] + sizes[1]))
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


def _candidates(from_s: np.ndarray, to_set: np.ndarray, limits: list[float], bound: float,
                bounds: Bounds | None) -> tuple[np.ndarray, bool]:
    """The vertices that can lie on a path of cost at most ``bound``, and whether they are
    every vertex in reach (then nothing beyond them can add a path)."""
    seen = np.flatnonzero(np.isfinite(from_s) | np.isfinite(to_set))
    # beyond a ball, the distance is above its limit (infinite: out of reach)
    near = np.where(np.isfinite(from_s[seen]), from_s[seen], limits[0])
    far = np.where(np.isfinite(to_set[seen]), to_set[seen], limits[1])
    if bounds is not None:
        near = np.maximum(near, bounds[0](seen))
        far = np.maximum(far, bounds[1](seen))
    keep = seen[near + far <= bound]
    # A side searched to the end knows every vertex a path can use (one reached from the
    # asker, or one that reaches the set): when all of them are candidates, Yen there
    # finds every path there is.
    complete = any(np.isinf(limit) and len(keep) == int(np.isfinite(dist).sum())
                   for limit, dist in zip(limits, (from_s, to_set), strict=True))
    return keep, complete


def _yen(forward: sp.csr_array, keep: np.ndarray, s: int, ends: np.ndarray,
         extra: np.ndarray, k: int, bound: float) -> list[tuple[float, list[int]]]:
    """Yen's ``k`` shortest simple paths from ``s`` to the sink, on the directed graph of
    ``forward``'s edges among ``keep`` plus an edge from each member to the sink.

    First the candidates are cut to those whose exact distances *inside them* (two
    Dijkstra runs on a few hundred vertices) sum to at most ``bound``: a path of cost at
    most ``bound`` lies inside, so it passes only such vertices. The landmark bounds
    leave the ends of both balls in; this takes them out before Yen's many searches.
    """
    local = np.full(forward.shape[0], -1, dtype=np.int64)
    local[keep] = np.arange(len(keep))
    starts = forward.indptr[keep].astype(np.int64)
    counts = forward.indptr[keep + 1] - starts
    # positions of the kept rows' entries in ``forward.indices``, without a Python loop
    at = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
    rows = np.repeat(np.arange(len(keep)), counts)
    cols = local[forward.indices[at]]
    inside = cols >= 0
    sink = len(keep)
    members = local[ends]
    mine = members >= 0
    src = np.r_[rows[inside], members[mine]]
    dst = np.r_[cols[inside], np.full(int(mine.sum()), sink)]
    weight = np.r_[forward.data[at][inside], extra[mine]]
    origin = int(local[s])
    if np.isfinite(bound):
        sub = sp.csr_array((weight, (src, dst)), shape=(sink + 1, sink + 1))
        through = (dijkstra(sub, indices=origin, limit=bound)
                   + dijkstra(sp.csr_array(sub.T), indices=sink, limit=bound))
        near = through <= bound
        kept = near[src] & near[dst]
        src, dst, weight = src[kept], dst[kept], weight[kept]
    graph = ig.Graph(n=sink + 1, edges=np.column_stack([src, dst]).tolist(), directed=True)
    found = graph.get_k_shortest_paths(origin, sink, k=k, weights=weight.tolist(),
                                       mode="out", output="epath")
    paths = []
    for epath in found:
        if epath:
            vertices = [s] + [int(keep[dst[e]]) for e in epath[:-1]]
            paths.append((float(weight[epath].sum()), vertices))
    return paths

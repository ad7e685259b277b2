"""Dijkstra within a radius, at the cost of the ball it finds rather than of the graph.

scipy's ``dijkstra(matrix, indices=..., limit=r)`` gives the distances within ``r``, but each
call pays for the whole graph: it checks every weight, and sets up and returns arrays of
every vertex (about 1 ms a call at 200,000 people and 1.2 million entries, against a few
hundred people in a ball of radius 8). A contact-path query makes several such searches,
which made that fixed cost most of its time.

:class:`Ball` settles the vertices in rounds of distance width ``step``, the cheapest edge
of the graph (Dial's buckets, each round a few vector operations): a vertex whose tentative
distance is below the smallest tentative distance plus ``step`` cannot be reached more
cheaply through a vertex not yet settled, whose every edge costs at least ``step``, so each
round settles a whole bucket for good and every vertex's edges are relaxed once. The
distances are the sums Dijkstra forms (a settled distance plus one edge, the least offered),
so for sources that start at 0 they equal scipy's to the bit. A search can be grown to a
larger radius, carrying on where it stopped, where scipy's starts again. Its work is sized
to the ball, apart from two arrays of the graph's size it allocates once.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np
import scipy.sparse as sp

__all__ = ["Ball", "cheapest_edge", "know_cheapest", "usable"]

_scratch = threading.local()
# The ufunc itself: ndarray.min and the np.* wrappers below cost a Python call or two
# each, and a query makes some 60 such calls in its rounds (about 10 % of a query's
# CPU in profiles at 200,000 people).
_least = np.minimum.reduce
# by id(matrix), checked against the matrix (weakly held) before use
_cheapest: dict[int, tuple[weakref.ref[sp.csr_array], float]] = {}
_cheapest_lock = threading.Lock()


def cheapest_edge(matrix: sp.csr_array) -> float:
    """The smallest weight in ``matrix`` (infinite without entries), worked out once per
    matrix: the bucket width of :class:`Ball`."""
    kept = _cheapest.get(id(matrix))
    if kept is not None and kept[0]() is matrix:
        return kept[1]
    found = float(matrix.data.min()) if matrix.nnz else np.inf
    know_cheapest(matrix, found)
    return found


def know_cheapest(matrix: sp.csr_array, cost: float) -> None:
    """Keep ``cost`` as ``matrix``'s smallest weight, known by who made it (a patched
    matrix: graph.analysis.csr_patch) without a pass over its entries."""
    with _cheapest_lock:
        # drop the entries of matrices that are gone (earlier projections')
        for key in [k for k, (ref, _) in _cheapest.items() if ref() is None]:
            del _cheapest[key]
        _cheapest[id(matrix)] = (weakref.ref(matrix), cost)


def _owner(n: int) -> np.ndarray:
    """This thread's scratch of one place per vertex (any values: written before read)."""
    kept: np.ndarray | None = getattr(_scratch, "owner", None)
    if kept is None or len(kept) != n:
        kept = np.zeros(n, dtype=np.int64)
        _scratch.owner = kept
    return kept


# Arrays of infinities per graph size, handed back by searches done with them.
_spare: dict[int, list[np.ndarray]] = {}
_spare_lock = threading.Lock()
MAX_SPARE = 16


def _take(n: int) -> np.ndarray:
    with _spare_lock:
        kept = _spare.get(n)
        if kept:
            return kept.pop()
    return np.full(n, np.inf)


def _give(array: np.ndarray) -> None:
    with _spare_lock:
        kept = _spare.setdefault(len(array), [])
        if len(kept) < MAX_SPARE:
            kept.append(array)


def usable(matrix: sp.csr_array) -> bool:
    """Whether :class:`Ball` can search ``matrix``: every edge costs more than zero."""
    return cheapest_edge(matrix) > 0


class Ball:
    """A search from ``sources``, each starting at its cost in ``start``, along
    ``matrix``'s rows (its out-edges), grown on demand: :meth:`grow` settles every vertex
    within a radius, carrying on from where the last call stopped.

    ``dist`` is each vertex's distance to the nearest source (its start included) within
    ``radius``, infinite beyond: ``dijkstra(matrix, indices=sources, limit=radius,
    min_only=True)`` for sources that all start at 0. ``vertices`` and ``distances`` list
    the settled vertices nearest first. Not for concurrent use.
    """

    def __init__(self, matrix: sp.csr_array, sources: np.ndarray, start: np.ndarray) -> None:
        self.matrix = matrix
        self.step = cheapest_edge(matrix)
        if not self.step > 0:
            raise ValueError("a ball search needs every edge to cost more than zero")
        # settled vertices' distances; offers made to the others (above the radius)
        self.dist, self._tentative = _take(matrix.shape[0]), _take(matrix.shape[0])
        self._offered: list[np.ndarray] = [np.asarray(sources, dtype=np.int64)]
        self.radius = -np.inf
        self._pending_v = np.asarray(sources, dtype=np.int64)
        self._pending_d = np.asarray(start, dtype=float)
        np.minimum.at(self._tentative, self._pending_v, self._pending_d)
        self._found_v: list[np.ndarray] = []
        self._found_d: list[np.ndarray] = []
        self._joined: tuple[np.ndarray, np.ndarray] | None = None

    def grow(self, limit: float) -> None:
        """Settle every vertex within ``limit`` (infinite: all that can be reached)."""
        if limit <= self.radius:
            return
        indptr, indices, data = self.matrix.indptr, self.matrix.indices, self.matrix.data
        tentative, owner = self._tentative, _owner(self.matrix.shape[0])
        pending_v, pending_d = self._pending_v, self._pending_d
        step = self.step
        while len(pending_d):
            low = _least(pending_d)
            if low > limit:
                break
            # One comparison: below ``low + step`` is within ``limit`` when that is too.
            settle = (pending_d < low + step) if low + step <= limit else (pending_d <= limit)
            vertices, dist = pending_v[settle], pending_d[settle]
            rest = ~settle
            pending_v, pending_d = pending_v[rest], pending_d[rest]
            if len(vertices) == 1:
                # A round of one (the asker's first, a thin frontier: about a quarter of
                # the rounds): no duplicates to drop and nothing to sort, and its edges
                # are one slice of the matrix, not a gather.
                v = int(vertices[0])
                if dist[0] != tentative[v]:
                    continue
                self.dist[v] = dist[0]
                self._found_v.append(vertices)
                self._found_d.append(dist)
                lo, hi = int(indptr[v]), int(indptr[v + 1])
                reached = indices[lo:hi]
                cost = dist[0] + data[lo:hi]
            else:
                # An entry a cheaper offer overtook is stale. Of equal ones, the last
                # written owns its vertex (one pass, no sort).
                current = (dist == tentative[vertices]).nonzero()[0]
                owner[vertices[current]] = current
                current = current[owner[vertices[current]] == current]
                vertices, dist = vertices[current], dist[current]
                order = dist.argsort(kind="stable")
                vertices, dist = vertices[order], dist[order]
                self.dist[vertices] = dist
                self._found_v.append(vertices)
                self._found_d.append(dist)
                starts = indptr[vertices].astype(np.int64)
                counts = indptr[vertices + 1] - starts
                # positions of these rows' entries, without a Python loop
                ends = counts.cumsum()
                at = (starts - (ends - counts)).repeat(counts) + np.arange(
                    int(ends[-1]) if len(ends) else 0)
                reached = indices[at]
                cost = dist.repeat(counts) + data[at]
            # A settled vertex's distance is below any offer a later one makes it (each
            # is at least its own distance plus the cheapest edge), so it gets none.
            better = cost < tentative[reached]
            reached, cost = reached[better].astype(np.int64), cost[better]
            np.minimum.at(tentative, reached, cost)
            self._offered.append(reached)
            pending_v = np.concatenate((pending_v, reached))
            pending_d = np.concatenate((pending_d, cost))
        self._pending_v, self._pending_d = pending_v, pending_d
        self.radius = limit
        self._joined = None

    def release(self) -> None:
        """Hand the search's two arrays of the graph's size back for the next search, their
        entries reset (about 0.1 ms each to allocate at 200,000 people); not to be used
        after. A search never released is simply collected."""
        for array in (self.dist, self._tentative):
            for written in self._offered:
                array[written] = np.inf
            _give(array)
        self._offered = []

    def _settled(self) -> tuple[np.ndarray, np.ndarray]:
        if self._joined is None:
            self._joined = (np.concatenate(self._found_v) if self._found_v else
                            np.empty(0, dtype=np.int64),
                            np.concatenate(self._found_d) if self._found_d else np.empty(0))
            # one array each from now on, so later growth joins two pieces
            self._found_v, self._found_d = [self._joined[0]], [self._joined[1]]
        return self._joined

    @property
    def vertices(self) -> np.ndarray:
        return self._settled()[0]

    @property
    def distances(self) -> np.ndarray:
        return self._settled()[1]

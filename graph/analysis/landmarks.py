"""Landmark distances (ALT): lower bounds on path costs from the triangle inequality.

A few landmarks L, chosen far apart (farthest-point: each the vertex farthest from those
chosen so far), and their exact distances to every vertex. For any vertices u, v the
triangle inequality gives ``d(u, v) >= |d(L, u) - d(L, v)|``, so one vector operation bounds
the distance from an asker to every vertex without searching. The bounds hold on the graph
the landmarks were built on and on any graph with the same vertices and a subset of its
edges, or the same edges at costs no lower: a search that blocks people or stops at target
people only makes paths dearer.

So a write that only removes edges or makes them dearer (an erasure, a tie ended, a
person who left) keeps them: the patched matrix is given the same distances
(:meth:`LandmarkStore.inherit`), and the next answer is searched with bounds at once.

They do not hold after a write that adds a tie or makes one cheaper (a distance shrinks,
and a bound from the old distances can exceed it), nor for a person new since. Repairing
them in place is not worth its risk: a :class:`Landmarks` knows the matrix it serves and
is used for that matrix only; any other is *stale*, the search runs without bounds (plain
bidirectional Dijkstra, still exact), and :class:`LandmarkStore` builds new ones off the
request path.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

# Eight landmarks: at 200,000 people, eight full Dijkstra runs to build (in the background)
# and 13 MB of distances; more tighten the bounds little on a small-world graph.
COUNT = 8
# Smaller components are searched in a few hundred microseconds without bounds.
MIN_VERTICES = 500


@dataclass(frozen=True)
class Landmarks:
    """Exact distances from each landmark (rows) to every vertex (columns)."""

    vertices: np.ndarray
    dist: np.ndarray
    source: weakref.ref[sp.csr_array]

    def valid_for(self, matrix: sp.csr_array) -> bool:
        """True when built from ``matrix`` itself (one projection revision's component
        graph): any write makes a new matrix, and these distances stale for it."""
        return self.source() is matrix

    def from_vertex(self, s: int, among: np.ndarray) -> np.ndarray:
        """Lower bounds on ``d(s, v)`` for each ``v`` in ``among``."""
        with np.errstate(invalid="ignore"):  # inf - inf: see _bound
            return _bound(np.abs(self.dist[:, among] - self.dist[:, [s]]))

    def toward(self, ends: np.ndarray, extra: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        """Lower bounds on ``min_t d(v, t) + extra[t]`` over the ends, for the vertices
        given. From ``d(v, t) >= d(L, t) - d(L, v)``: at least
        ``min_t (d(L, t) + extra[t]) - d(L, v)``; from ``d(v, t) >= d(L, v) - d(L, t)``:
        at least ``d(L, v) - max_t (d(L, t) - extra[t])`` (extras are never negative).
        The two per-landmark terms are taken once, for all the vertices asked about later.
        """
        at_ends = self.dist[:, ends]
        near = (at_ends + extra).min(axis=1, keepdims=True)
        far = (at_ends - extra).max(axis=1, keepdims=True)

        def bounds(among: np.ndarray) -> np.ndarray:
            here = self.dist[:, among]
            with np.errstate(invalid="ignore"):  # inf - inf: see _bound
                return _bound(np.maximum(near - here, here - far))

        return bounds


def _bound(per_landmark: np.ndarray) -> np.ndarray:
    """The best of the landmarks' bounds per vertex, and never below 0 (a distance is
    not). A vertex out of a landmark's reach (one who left, kept without edges) makes
    ``inf - inf``: that landmark gives no bound (``fmax`` passes over NaN), 0 where none
    does. One ufunc call: ``nan_to_num`` and ``max`` were five times its cost, 5 % of a
    query's CPU at 200,000 people."""
    return np.asarray(np.fmax.reduce(per_landmark, axis=0, initial=0.0))


def build(matrix: sp.csr_array, count: int = COUNT) -> Landmarks:
    """Landmarks for a connected component's symmetric cost matrix, farthest-point.

    The first is the vertex farthest from the best-connected vertex (in the component that
    holds the edges, where the matrix also has people without edges); each next one the
    vertex whose nearest landmark is farthest. Deterministic for a matrix.
    """
    n = matrix.shape[0]
    count = max(1, min(count, n))
    start = dijkstra(matrix, indices=int(np.argmax(np.diff(matrix.indptr))))
    chosen = [int(np.argmax(np.where(np.isfinite(start), start, -1.0)))]
    rows = [dijkstra(matrix, indices=chosen[0])]
    nearest = rows[0].copy()
    while len(chosen) < count:
        candidate = int(np.argmax(np.where(np.isfinite(nearest), nearest, -1.0)))
        if nearest[candidate] <= 0:  # every vertex is a landmark already
            break
        chosen.append(candidate)
        rows.append(dijkstra(matrix, indices=candidate))
        nearest = np.minimum(nearest, rows[-1])
    return Landmarks(np.asarray(chosen, dtype=np.int64), np.vstack(rows), weakref.ref(matrix))


class LandmarkStore:
    """Landmarks per component matrix, built when first asked for and never on the way.

    :meth:`get` answers at once: the landmarks valid for the matrix, or ``None`` (the
    caller searches without bounds) after starting a build in a background thread. One
    store is shared by an index and the indexes patched from it, so a component a write did
    not touch keeps its landmarks (its matrix is the same object).
    """

    def __init__(self, background: bool = True, min_vertices: int | None = None,
                 build: Callable[[sp.csr_array], Landmarks] = build) -> None:
        self.background = background
        self.min_vertices = MIN_VERTICES if min_vertices is None else min_vertices
        self._build = build
        # by id(matrix); an entry is checked against its matrix (weakly held) before use
        self._found: dict[int, Landmarks] = {}
        self._building: dict[int, threading.Thread] = {}
        self._lock = threading.Lock()

    def get(self, matrix: sp.csr_array) -> Landmarks | None:
        if matrix.shape[0] < self.min_vertices:
            return None
        found = self._found.get(id(matrix))
        if found is not None and found.valid_for(matrix):
            return found
        if not self.background:
            return self._store(matrix)
        with self._lock:
            if id(matrix) not in self._building:
                thread = threading.Thread(target=self._store, args=(matrix,), daemon=True,
                                          name="landmarks")
                self._building[id(matrix)] = thread
                thread.start()
        return None

    def inherit(self, earlier: sp.csr_array, matrix: sp.csr_array) -> None:
        """Serve ``matrix`` with ``earlier``'s landmarks, if it has any: the caller vouches
        that ``matrix`` has the same vertices and ``earlier``'s edges less some, the rest
        at costs no lower, so that no distance shrank and the bounds still hold."""
        found = self._found.get(id(earlier))
        if found is None or not found.valid_for(earlier) or earlier.shape != matrix.shape:
            return
        with self._lock:
            self._found[id(matrix)] = Landmarks(found.vertices, found.dist,
                                                weakref.ref(matrix))

    def wait(self) -> None:
        """Until every build started so far has finished (benchmarks, tests)."""
        while True:
            with self._lock:
                threads = list(self._building.values())
            if not threads:
                return
            for thread in threads:
                thread.join()

    def _store(self, matrix: sp.csr_array) -> Landmarks:
        try:
            found = self._build(matrix)
            with self._lock:
                # drop landmarks whose matrix is gone (an earlier revision's)
                for key in [k for k, v in self._found.items() if v.source() is None]:
                    del self._found[key]
                self._found[id(matrix)] = found
            return found
        finally:
            with self._lock:
                self._building.pop(id(matrix), None)

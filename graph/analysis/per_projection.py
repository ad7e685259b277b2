"""Indexes derived from a projection, built once for it however many requests ask at once.

A projection (``nx.Graph``) lives until the next write; the path and topic indexes built
from it live exactly as long (weak keys). Without the lock, every request that arrives
while the first build runs starts its own: at 200,000 people that was forty concurrent
six-second builds in one worker.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import networkx as nx

T = TypeVar("T")


class PerProjection(Generic[T]):
    """``build(G)``, kept while ``G`` lives; concurrent callers wait for the one build."""

    def __init__(self, build: Callable[[nx.Graph], T]) -> None:
        self._build = build
        self._values: weakref.WeakKeyDictionary[nx.Graph, T] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def __call__(self, G: nx.Graph) -> T:
        found = self._values.get(G)
        if found is None:
            with self._lock:
                found = self._values.get(G)
                if found is None:
                    found = self._build(G)
                    self._values[G] = found
        return found

    def peek(self, G: nx.Graph) -> T | None:
        """What was built for ``G``, without building it."""
        return self._values.get(G)


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


Keyed = Callable[[nx.Graph, K], V]


def remember(table: dict[K, V], key: K, limit: int, build: Callable[[], V]) -> V:
    """``table[key]``, built and kept when missing, the table holding at most ``limit``.

    A full table is emptied, not trimmed: emptying is atomic, and concurrent requests
    share the table. Errors from ``build`` are raised each time, never kept.
    """
    try:
        return table[key]
    except KeyError:  # missing, or emptied by another request just now
        pass
    found = build()
    if len(table) >= limit:
        table.clear()
    table[key] = found
    return found


def per_projection(limit: int) -> Callable[[Keyed[K, V]], Keyed[K, V]]:
    """Keep ``func(G, key)`` while ``G`` lives, at most ``limit`` keys per projection.

    For answers that depend only on the projection and one key (a target's people, an
    organisation's guide): the same few keys are asked for again and again until the next
    write.
    """

    def decorate(func: Keyed[K, V]) -> Keyed[K, V]:
        tables: PerProjection[dict[K, V]] = PerProjection(lambda G: {})

        @functools.wraps(func)
        def cached(G: nx.Graph, key: K) -> V:
            return remember(tables(G), key, limit, lambda: func(G, key))

        return cached

    return decorate


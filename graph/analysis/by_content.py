"""What is kept for a projection's content, across the projections that hold the same.

A projection lives until the next write (:mod:`graph.analysis.per_projection`), and so
does everything kept for it. The view of a past day is rebuilt after every write, even
when the write (an edit dated today) leaves that day's graph exactly as it was: a report
on the past day kept per projection is then built again from nothing, tens of seconds at
20,000 people for a spanner report. Keyed by the projection's content instead, it is
built again only when that day's graph changed.

The key is a hash of the graph's people, ties and graph attributes with their data, in
iteration order (the order can decide a sampled result's ties): equal keys mean equal
graphs. Equal graphs may still get different keys (a set iterated in another order);
that costs a build, never a wrong answer.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import networkx as nx

from graph.analysis.per_projection import PerProjection, remember

__all__ = ["ByContent", "content_key"]


def _key(G: nx.Graph) -> str:
    content = (list(G.nodes(data=True)), list(G.edges(data=True)), G.graph)
    return hashlib.blake2b(pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL),
                           digest_size=20).hexdigest()


# Hashing costs about 0.6 s at 20,000 people: once per projection.
_keys: PerProjection[str] = PerProjection(_key)


def content_key(G: nx.Graph) -> str:
    """The hash of ``G``'s content, computed once per projection."""
    return _keys(G)


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ByContent(Generic[K, V]):
    """``build()`` kept per (content of ``G``, ``key``), at most ``limit`` entries: what
    is kept must be small (a report's leading rows, a κ table), since it outlives the
    projections. Callers treat what they get as read-only: it is shared."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._table: dict[tuple[str, K], V] = {}

    def __call__(self, G: nx.Graph, key: K, build: Callable[[], V]) -> V:
        return remember(self._table, (content_key(G), key), self._limit, build)

    def __len__(self) -> int:
        return len(self._table)

    def clear(self) -> None:
        self._table.clear()

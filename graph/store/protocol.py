"""The storage contract every backend implements, and the projection cache they share."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from graph.analysis.projection import collaboration_graph
from graph.model.document import Known
from graph.model.schema import Document


@dataclass(frozen=True)
class ImportResult:
    """What one write did: rows per section and the store revision it produced."""

    rows: dict[str, int]
    revision: int
    replaced: bool

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@runtime_checkable
class GraphStore(Protocol):
    """A system of record for one collaboration graph.

    Every write is one transaction: it is validated completely against what the store
    already holds and is either written whole or not at all.
    """

    def write(
        self, data: Any, *, replace: bool = False, expect_revision: int | None = None
    ) -> ImportResult:
        """Validate plain interchange data and merge it in (or replace everything).

        With ``expect_revision``, the write happens only if the store is still at that
        revision (else :class:`~graph.core.errors.ConflictError`): a read-modify-write that
        loses no concurrent write.
        """
        ...

    def read(self) -> Document:
        """The whole graph as a document, rows in the order they were first written."""
        ...

    def known(self) -> Known:
        ...

    def counts(self) -> dict[str, int]:
        ...

    def revision(self) -> int:
        """A number that changes with every committed write."""
        ...

    def collaboration_graph(self, as_of: date | None = None) -> nx.Graph:
        """The person-person projection, cached until the next write."""
        ...

    def close(self) -> None:
        ...


def today() -> date:
    """The day a projection without ``as_of`` describes. Tests replace it (or pass a
    ``clock`` to :class:`ProjectionCache`) so that nothing reads the wall clock."""
    return date.today()


class ProjectionCache:
    """Keeps the latest projections per day until the store's revision moves.

    A projection for "today" (``as_of=None``) is kept under the day the clock gives when
    it is asked for, so after midnight the next request builds the new day's graph.
    ``clock`` defaults to :func:`today`, looked up on each call.
    """

    def __init__(self, revision: Callable[[], int], read: Callable[[], Document], *,
                 clock: Callable[[], date] | None = None) -> None:
        self._revision = revision
        self._read = read
        self._clock = clock
        self._lock = threading.Lock()
        self._at = -1
        self._doc: Document | None = None
        self._graphs: dict[date, nx.Graph] = {}

    def document(self) -> Document:
        with self._lock:
            return self._current()

    def graph(self, as_of: date | None) -> nx.Graph:
        day = as_of or (self._clock or today)()
        with self._lock:
            doc = self._current()
            g = self._graphs.get(day)
            if g is None:
                g = collaboration_graph(doc, as_of=day)
                if len(self._graphs) > 8:
                    self._graphs.clear()
                self._graphs[day] = g
            return g

    def _current(self) -> Document:
        rev = self._revision()
        if rev != self._at or self._doc is None:
            self._doc = self._read()
            self._graphs = {}
            self._at = rev
        return self._doc

"""The storage contract every backend implements, and the projection cache they share."""

from __future__ import annotations

import concurrent.futures
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import networkx as nx

from graph.analysis.incremental import Delta, Projector, deltas_from
from graph.analysis.projection import collaboration_graph
from graph.core.access import AuditRecord
from graph.core.gc_pause import gc_paused
from graph.model.document import Known
from graph.model.schema import SECTIONS, Document, Row
from graph.store.as_of import on_day, recorded_after, state_after
from graph.store.change_history import ChangeHistory, Recording
from graph.store.erasure import ErasureCleanup, Removal

if TYPE_CHECKING:  # the spanner report imports the store's projection; not at run time
    from graph.reports.spanners import BetweennessSource


@dataclass(frozen=True)
class ImportResult:
    """What one write did: rows per section and the store revision it produced."""

    rows: dict[str, int]
    revision: int
    replaced: bool
    # Rows added, changed, unchanged and removed, counted inside the write's transaction
    # against the rows it replaced, where asked for (``count_changes``:
    # graph.store.import_counts); ``rows`` counts rows written, changed or not.
    changes: dict[str, int] | None = None
    # The id of the edit-history entry written in the write's transaction (``recording``).
    change: int | None = None

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@runtime_checkable
class PreparesWrites(Protocol):
    """A store whose cached projection follows writes row by row, from row indexes it
    can build ahead of the first write (:meth:`ProjectionCache.prepare_writes`)."""

    def prepare_writes(self) -> None:
        ...


@runtime_checkable
class BetweennessBackend(Protocol):
    """A store that computes betweenness itself (Neo4j with GDS) for the spanner report.

    Runtime-checkable because whether a store has the one method is the whole question
    :func:`graph.store.open.betweenness_source` asks; a backend that offers it subclasses
    this, so mypy checks its signature at the class (graph/store/neo4j_store.py).
    """

    def betweenness_source(self) -> BetweennessSource:
        """The hook :func:`graph.reports.spanners.spanner_report` calls with a projection;
        it answers ``None`` where the backend leaves that projection to networkx."""
        ...


class GraphStore(Protocol):
    """A system of record for one collaboration graph.

    Not runtime-checkable on purpose: ``isinstance`` would check names only. mypy checks
    each store's signatures where it is returned as a GraphStore (graph/store/open.py),
    and tests/test_store_contract.py drives every member's behaviour on every backend.

    Every write is one transaction: it is validated completely against what the store
    already holds and is either written whole or not at all.
    """

    def write(
        self, data: Any, *, replace: bool = False, expect_revision: int | None = None,
        audit: AuditRecord | None = None, recording: Recording | None = None,
        count_changes: bool = False,
    ) -> ImportResult:
        """Validate plain interchange data and merge it in (or replace everything).

        With ``expect_revision``, the write happens only if the store is still at that
        revision (else :class:`~graph.core.errors.ConflictError`): a read-modify-write that
        loses no concurrent write. ``audit`` is written in the same transaction by a store
        that holds the audit log (SQLite); one that does not refuses it (see
        ``api.deps.audited``), and so it is with ``recording``, an edit-history entry
        (see ``graph.store.row_edits``). With ``count_changes`` the result's ``changes``
        are counted in the same transaction (:mod:`graph.store.import_counts`).
        """
        ...

    def read(self) -> Document:
        """The whole graph as a document, rows in the order they were first written."""
        ...

    def get(self, section: str, key: str) -> Row:
        """One row by its key: an id, or the natural key (``Row.key()``) of a link row.

        Raises :class:`~graph.core.errors.NotFoundError` when there is none.
        """
        ...

    def put(self, section: str, row: Row | dict[str, Any], *,
            expect_revision: int | None = None,
            audit: AuditRecord | None = None,
            recording: Recording | None = None) -> ImportResult:
        """Create or replace one row in one transaction, references checked."""
        ...

    def delete(self, section: str, key: str, *, cascade: bool = False,
               expect_revision: int | None = None,
               audit: AuditRecord | None = None,
               recording: Recording | ErasureCleanup | None = None) -> Removal:
        """Remove one row (with ``cascade``, with the rows that name it) in one transaction.

        Refused with :class:`~graph.core.errors.ConflictError` while rows that may not be
        taken along still refer to it; see :func:`graph.store.erasure.plan_removal`.
        """
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

    def follow_history(self, history: ChangeHistory) -> None:
        """Let the projection of a day before recorded changes rewind them
        (:mod:`graph.store.as_of`)."""
        ...

    def close(self) -> None:
        ...


@dataclass(frozen=True)
class Changes:
    """What changed in a store after some revision, up to ``revision``, by write position.

    ``rows[section][seq]`` is the row now at write position ``seq``, or ``None`` where it
    was removed; ``replaced`` names positions whose row was removed and another written
    there since. Positions, not keys: a key names a person, and the log outlives erasure.
    """

    revision: int
    rows: dict[str, dict[int, Row | None]]
    replaced: set[tuple[str, int]] = field(default_factory=set)


class ChangeLog(Protocol):
    """A store that logs which rows each write touched, so caches can follow it."""

    def read_rows(self) -> tuple[Document, dict[str, list[int]]]:
        """The whole graph, and each section's rows' write positions in the same order."""
        ...

    def changes_since(self, revision: int) -> Changes | None:
        ...


# One thread builds the row indexes of freshly read documents, off the request path.
_BUILDER = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="projector")

# How long the projections a patch was made from outlive an erasure. They still hold the
# erased person (a node with its name and organisation) and are kept only so that the
# path index and its targets patch themselves from them; held until the next write, they
# would keep the person in memory for as long as nobody writes again.
ERASED_BASE_GRACE_S = 30.0


def _erases_someone(deltas: list[Delta]) -> bool:
    """Whether a person's row goes and does not come back (a replaced row is removed
    and added again)."""
    gone = {d.key for d in deltas if d.section == "people" and d.new is None}
    return bool(gone - {d.key for d in deltas if d.section == "people" and d.new is not None})


def _projector(doc: Document) -> Projector:
    with gc_paused():
        return Projector(doc)


def today() -> date:
    """The day a projection without ``as_of`` describes. Tests replace it (or pass
    ``today`` to :class:`ProjectionCache`) so that nothing reads the wall clock."""
    return date.today()


class ProjectionCache:
    """The latest document and its projections per day, kept current row by row.

    When the store's revision moves, the cache asks the store for the rows that changed
    since (``changes``) and patches its copy of the document instead of reading the whole
    graph again; a store without a change log (or one that says "everything changed")
    gets a full read. ``as_of=None`` means the day ``today()`` returns *now*, so a
    long-running service moves on at midnight; tests pass a frozen clock (or
    replace the module's :func:`today`, looked up on each call).
    """

    def __init__(self, revision: Callable[[], int], read: Callable[[], Document],
                 log: ChangeLog | None = None, *,
                 today: Callable[[], date] | None = None,
                 first: Callable[[], tuple[int, Document]] | None = None) -> None:
        """``first``: the store's rows as of one revision, and that revision, in a form
        only a projection may read (graph.store.projection_rows): the projections asked
        for before the document is read are built from them (see :meth:`_first_graph`)."""
        self._revision = revision
        self._read = read
        self._log = log
        self._today = today
        self._first = first
        # Projections from ``first``'s rows, by day, and their revision: served until the
        # document is read, then kept as its projections where it has the same revision.
        self._early: dict[date, nx.Graph] = {}
        self._early_at = -1
        self._lock = threading.Lock()
        self._at = -1
        self._doc: Document | None = None
        # Rows by write position, in that order (a new row's position is the highest).
        self._rows: dict[str, dict[int, Row]] = {}
        self._graphs: dict[date, nx.Graph] = {}
        # The projections the current ones were patched from, until the next write. What
        # is derived from a projection lives as long as it does (weak keys, graph.analysis
        # .per_projection), and an index derived from the current projection is patched
        # from the one of its base (graph.reports.paths): with the base freed at the write
        # itself, the first read after it would build that index again from nothing
        # (5 s at 200,000 people instead of 0.4). One write back only: older ones go.
        self._bases: dict[date, nx.Graph] = {}
        self._patches = 0  # how many times the projections were patched (ERASED_BASE_GRACE_S)
        self._projector: Projector | None = None
        self._building: concurrent.futures.Future[Projector] | None = None
        # The change history, when the store follows one: days before its latest change
        # get a projection of the graph rewound to them, kept apart from the ones the
        # writes patch, until the store or the history moves.
        self.history: ChangeHistory | None = None
        self._rewound: dict[tuple[date, int, tuple[int, int, str | None]], nx.Graph] = {}
        # Whether the row indexes are built ahead of writes (prepare_writes was called).
        self._prepare = False
        # Whether the document holds exactly the rows of revision ``_at``: a full read may
        # have seen a write committed after the revision it was started at.
        self._exact = False
        # The revision each projection of the latest rows describes, where it is exact.
        self._revisions: weakref.WeakKeyDictionary[nx.Graph, int] = (
            weakref.WeakKeyDictionary())

    def document(self) -> Document:
        with self._lock:
            return self._current()

    def graph(self, as_of: date | None) -> nx.Graph:
        with self._lock:
            day = as_of or (self._today or today)()
            if self._doc is None and (g := self._first_graph(day)) is not None:
                return g
            doc = self._current()
            if self.history is not None and (g := self._rewound_graph(doc, day)) is not None:
                return g
            g = self._graphs.get(day)
            if g is None:
                with gc_paused():
                    g = collaboration_graph(doc, as_of=day)
                if len(self._graphs) > 8:
                    self._graphs.clear()
                self._graphs[day] = g
                if self._exact:
                    self._revisions[g] = self._at
                if self._prepare:  # after a full reload, for the store's next write
                    self._submit(doc)
            return g

    def ready(self, as_of: date | None, revision: int) -> nx.Graph | None:
        """The projection :meth:`graph` would give now, where it is at hand: built, of the
        store's ``revision`` (which the caller read without waiting), and found without
        waiting for a lock. ``None`` where :meth:`graph` would build, patch, rewind or wait
        for another thread: a caller on an event loop asks :meth:`graph` off it then."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            day = as_of or (self._today or today)()
            if self._doc is None:
                if self._first is None or self._early_at != revision:
                    return None
                state = self.history.state_at_once() if self.history is not None else None
                if self.history is not None and (state is None or state_after(state, day)):
                    return None
                return self._early.get(day)
            if revision != self._at:
                return None
            if self.history is not None:
                state = self.history.state_at_once()
                if state is None:
                    return None
                if state_after(state, day):
                    return self._rewound.get((day, self._at, state))
            return self._graphs.get(day)
        finally:
            self._lock.release()

    def _first_graph(self, day: date) -> nx.Graph | None:
        """Before the document is read: the day's projection from the store's plain rows.

        A service's first path answer waits for its projection, and the document's model
        instances were 40 % of that wait at 200,000 people: the projection needs none of
        them (graph.store.projection_rows). ``None`` where the document is needed anyway
        (a day before recorded changes is rewound on it), or the store has no plain rows.
        """
        if self._first is None or (self.history is not None
                                   and recorded_after(self.history, day)):
            return None
        g = self._early.get(day) if self._early_at == self._revision() else None
        if g is None:
            at, rows = self._first()
            with gc_paused():
                g = collaboration_graph(rows, as_of=day)
            if at != self._early_at:
                self._early = {}
            self._early_at = at
            self._early[day] = g
        return g

    def _rewound_graph(self, doc: Document, day: date) -> nx.Graph | None:
        assert self.history is not None
        if not recorded_after(self.history, day):
            return None  # nothing recorded after the day: the rows are the day's rows
        key = (day, self._at, self.history.state())
        g = self._rewound.get(key)
        if g is None:
            if len(self._rewound) > 8:
                self._rewound.clear()
            g = collaboration_graph(on_day(doc, self.history, day), as_of=day)
            self._rewound[key] = g
        return g

    def prepare_writes(self) -> None:
        """Start building the row indexes the first write will need, in the background.

        Seconds at 200,000 people: a write that found them missing would build them while
        the next reader waits. Not started by the first projection itself, so that a
        service starting up builds its path index first (api.usecases.warm_up); without
        it the first write after a read builds them then. Once asked for, they are built
        again after every full reload (a bulk import), with its first projection. The
        document they read never changes. The document itself, where only projections
        of plain rows were built so far (:meth:`_first_graph`), is read first.
        """
        self._read_document()
        with self._lock:
            self._prepare = True
            self._submit(self._current())

    def before_write(self) -> None:
        """Called by the store before it writes: where projections of plain rows were
        built and the document is still unread, it is read now, at their revision, so
        that the write patches them (and their path indexes) as it patches any other
        (graph.analysis.incremental); read after the write, it would be of another
        revision, and every projection would be built again from nothing. A write by
        another process in that window has that cost (a service reads the document just
        after its first answer: api.usecases.warm_up)."""
        if self._early:
            self._read_document()

    def _read_document(self) -> None:
        """The document, where it is unread, read outside the lock (8 s at 200,000
        people): path questions on the projections of plain rows go on meanwhile."""
        if self._log is None or self._doc is not None:
            return
        rev = self._revision()
        with gc_paused():
            doc, seqs = self._log.read_rows()
        with self._lock:
            if self._doc is None:
                self._adopt(rev, doc, seqs)

    def _submit(self, doc: Document) -> None:
        if self._log is not None and self._projector is None and self._building is None:
            self._building = _BUILDER.submit(_projector, doc)

    def _current(self) -> Document:
        rev = self._revision()
        if rev == self._at and self._doc is not None:
            return self._doc
        changes = (self._log.changes_since(self._at) if self._log is not None
                   and self._doc is not None else None)
        if changes is None:
            if self._log is None:
                return self._adopt(rev, self._read(), None)
            with gc_paused():
                doc, seqs = self._log.read_rows()
            return self._adopt(rev, doc, seqs)
        old = self._doc
        assert old is not None
        if self._projector is None:
            self._projector = (self._building.result() if self._building is not None
                               else _projector(old))
            self._building = None
        deltas = deltas_from(self._rows, changes.rows, changes.replaced)
        self._doc = self._patched(changes)
        self._projector.apply(self._doc, deltas)
        self._bases = self._graphs
        self._patches += 1
        if self._bases and _erases_someone(deltas):
            self._expire(self._patches)
        self._graphs = {day: self._projector.update(g, deltas)
                        for day, g in self._graphs.items()}
        # The changed rows were read in one snapshot with their revision, and every row
        # changed since ``_at`` among them: exact, even after an inexact read.
        self._at, self._exact = changes.revision, True
        for g in self._graphs.values():
            self._revisions[g] = self._at
        return self._doc

    def _expire(self, patch: int) -> None:
        # By the patch's number, not the projections themselves: a timer that held them
        # would keep them for its whole wait even after a later write let them go.
        def drop() -> None:
            with self._lock:
                if self._patches == patch:
                    self._bases = {}

        timer = threading.Timer(ERASED_BASE_GRACE_S, drop)
        timer.daemon = True
        timer.start()

    def _adopt(self, rev: int, doc: Document, seqs: dict[str, list[int]] | None) -> Document:
        """A full read of the store, started at revision ``rev``, as the current document
        (its rows by write position, ``seqs``, where the store logs changes)."""
        self._projector, self._building = None, None
        self._doc = doc
        if seqs is not None:
            self._rows = {s: dict(zip(seqs[s], getattr(doc, s), strict=True))
                          for s in SECTIONS}
        self._graphs, self._bases = {}, {}
        self._at = rev
        self._exact = self._revision() == rev
        if self._exact and self._early_at == rev:
            # Built from the same rows: these are the document's projections, with what
            # was derived from them (the path index) kept.
            self._graphs = self._early
            for g in self._graphs.values():
                self._revisions[g] = rev
        self._early, self._early_at = {}, -1
        return doc

    def release(self) -> None:
        """Forget the document, its row indexes and projections (the next read reads
        again): a process that keeps only one projection it holds itself frees the rest."""
        with self._lock:
            self._doc, self._rows, self._graphs, self._at = None, {}, {}, -1
            self._early, self._early_at = {}, -1
            self._bases = {}
            self._projector, self._building, self._exact = None, None, False

    def revision_of(self, G: nx.Graph) -> int | None:
        """The store revision whose rows ``G`` (a projection this cache made) shows
        exactly; ``None`` for a projection of older rows, a rewound day or a scope."""
        with self._lock:
            found = self._revisions.get(G)
            return found if found == self._at and self._exact else None

    def _patched(self, changes: Changes) -> Document:
        # Readers may still hold the previous document: its lists are never changed,
        # the sections that changed get new ones.
        for section, rows in changes.rows.items():
            table = self._rows[section]
            for seq in sorted(rows):
                row = rows[seq]
                if row is None or (section, seq) in changes.replaced:
                    table.pop(seq, None)
                if row is not None:
                    table[seq] = row
        assert self._doc is not None
        fresh = {s: list(self._rows[s].values()) for s in changes.rows}
        return Document.model_construct(**{
            s: fresh.get(s, getattr(self._doc, s)) for s in SECTIONS})

"""The embedded default store: one SQLite file in WAL mode is the system of record.

Each section of the interchange document is one table whose columns are the row's keys;
a key a row did not set is stored as NULL, so reading back yields the same document.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import networkx as nx

from graph.core.access import AuditRecord, ensure_audit_table, insert_audit
from graph.core.errors import ConflictError, DocumentError, StoreUnavailableError
from graph.core.private_files import checkpoint, open_private_sqlite
from graph.model.document import Known, check_references, validate_shape
from graph.model.schema import SECTIONS, Document, Row
from graph.store.protocol import ImportResult, ProjectionCache

SCHEMA_VERSION = 1


def _base_types(annotation: Any) -> list[Any]:
    """The plain types behind ``X | None`` and ``Annotated[X, ...]``."""
    if get_origin(annotation) is Annotated:
        return _base_types(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return [t for a in get_args(annotation) for t in _base_types(a)]
    return [annotation]


def _columns(model: type[Row]) -> list[tuple[str, str, bool]]:
    """(attribute, column, holds a list) for every field of a row model."""
    return [(name, info.alias or name,
             any(get_origin(t) is list for t in _base_types(info.annotation)))
            for name, info in model.model_fields.items()]


_COLUMNS = {section: _columns(model) for section, model in SECTIONS.items()}


def _to_sql(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


@contextmanager
def _unavailable_on_error(lock: threading.RLock, path: Path) -> Iterator[None]:
    """Hold the lock; a database that is closed, locked or broken is 'unavailable'."""
    with lock:
        try:
            yield
        except (sqlite3.ProgrammingError, sqlite3.OperationalError,
                sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                raise
            raise StoreUnavailableError(f"database {path} is unavailable: {exc}") from None


class SQLiteStore:
    """GraphStore on a SQLite file; safe to share between threads of one process."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            # 0600, WAL, synchronous=FULL, secure_delete.
            self._db = open_private_sqlite(self.path)
            self._create_schema()
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailableError(f"cannot open database {self.path}: {exc}") from None
        self._lock = threading.RLock()
        self._cache = ProjectionCache(self.revision, self._read_uncached)

    def _guard(self) -> contextlib.AbstractContextManager[None]:
        return _unavailable_on_error(self._lock, self.path)

    def _create_schema(self) -> None:
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value)")
        for section, cols in _COLUMNS.items():
            defs = ", ".join(f'"{col}"' for _, col, _ in cols)
            self._db.execute(
                f'CREATE TABLE IF NOT EXISTS "{section}" '
                f"(seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, {defs})"
            )
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                         (SCHEMA_VERSION,))
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('revision', 0)")
        ensure_audit_table(self._db)

    # -- writes ---------------------------------------------------------------------

    def write(self, data: Any, *, replace: bool = False,
              expect_revision: int | None = None,
              audit: AuditRecord | None = None) -> ImportResult:
        """See :meth:`GraphStore.write`; ``audit`` is appended in the same transaction, so a
        committed write always has its audit entry and an entry never outlives its write.

        A replacing write (an erasure is one) checkpoints and truncates the WAL afterwards,
        so rows it removed survive neither in the database nor in the WAL.
        """
        doc = validate_shape(data)
        with self._guard():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if expect_revision is not None and self._revision_unlocked() != expect_revision:
                    raise ConflictError(
                        f"the graph changed (revision {self._revision_unlocked()}, "
                        f"expected {expect_revision}); read it again and retry")
                known = Known() if replace else self._known()
                problems = check_references(doc, known)
                if problems:
                    raise DocumentError(problems)
                if replace:
                    for section in SECTIONS:
                        self._db.execute(f'DELETE FROM "{section}"')
                rows = {s: self._upsert(s, getattr(doc, s)) for s in SECTIONS}
                self._db.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")
                rev = self._revision_unlocked()
                if audit is not None:
                    insert_audit(self._db, audit, datetime.now(UTC))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            if replace:
                checkpoint(self._db)
        return ImportResult(rows=rows, revision=rev, replaced=replace)

    def _upsert(self, section: str, rows: list[Row]) -> int:
        if not rows:
            return 0
        cols = _COLUMNS[section]
        names = ", ".join(f'"{c}"' for _, c, _ in cols)
        marks = ", ".join("?" for _ in range(len(cols) + 1))
        updates = ", ".join(f'"{c}" = excluded."{c}"' for _, c, _ in cols)
        sql = (f'INSERT INTO "{section}" (key, {names}) VALUES ({marks}) '
               f"ON CONFLICT(key) DO UPDATE SET {updates}")
        self._db.executemany(sql, (
            (row.key(), *(_to_sql(getattr(row, attr)) if attr in row.model_fields_set
                          else None for attr, _, _ in cols))
            for row in rows
        ))
        return len(rows)

    # -- reads ----------------------------------------------------------------------

    def read(self) -> Document:
        return self._cache.document()

    def _read_uncached(self) -> Document:
        # One validation call over plain dicts runs in pydantic's Rust core; building
        # rows one by one with model_construct is pure Python and ten times slower.
        data: dict[str, list[dict[str, Any]]] = {}
        with self._guard():
            for section in SECTIONS:
                cols = _COLUMNS[section]
                names = ", ".join(f'"{c}"' for _, c, _ in cols)
                cur = self._db.execute(f'SELECT {names} FROM "{section}" ORDER BY seq')
                lists = [c for _, c, is_list in cols if is_list]
                rows = []
                for values in cur:
                    row = {c: v for (_, c, _), v in zip(cols, values, strict=True)
                           if v is not None}
                    for c in lists:
                        if c in row:
                            row[c] = json.loads(row[c])
                    rows.append(row)
                data[section] = rows
        return Document.model_validate(data)

    def _known(self) -> Known:
        known = Known()
        for section in ("organisations", "people", "groups", "initiatives", "roles"):
            for (ident,) in self._db.execute(f'SELECT id FROM "{section}"'):
                known.sections[ident] = section
        for section in ("organisations", "groups"):
            for ident, parent in self._db.execute(f'SELECT id, parent FROM "{section}"'):
                known.parents[ident] = parent
        return known

    def known(self) -> Known:
        with self._guard():
            return self._known()

    def counts(self) -> dict[str, int]:
        with self._guard():
            return {s: self._db.execute(f'SELECT count(*) FROM "{s}"').fetchone()[0]
                    for s in SECTIONS}

    def _revision_unlocked(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
        return int(row[0])

    def revision(self) -> int:
        with self._guard():
            return self._revision_unlocked()

    def collaboration_graph(self, as_of: date | None = None) -> nx.Graph:
        return self._cache.graph(as_of)

    def close(self) -> None:
        with self._guard():
            self._db.close()

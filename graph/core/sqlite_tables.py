"""The service's SQLite files: opening them privately, and one write transaction.

Every module that keeps rows in SQLite (the graph, recruitments, survey records, staff-list
keys, the edit history) opens its connection and runs its writes here, so each is private
(0600, ``secure_delete``) and each write is ``BEGIN IMMEDIATE … COMMIT`` with its audit
entry inside.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from graph.core.access import AuditRecord, insert_audit
from graph.core.errors import StoreUnavailableError
from graph.core.private_files import open_private_sqlite

__all__ = ["immediate", "open_tables"]


def open_tables(path: str | Path, schema: str) -> sqlite3.Connection:
    """A private connection in autocommit mode (see ``open_private_sqlite``), the schema
    created. Survey answers and staff-list keys are personal data: erasing them must not
    leave them in free pages, so these connections overwrite what they delete too."""
    try:
        db = open_private_sqlite(path)
        db.executescript(schema)
    except (sqlite3.Error, OSError) as exc:
        raise StoreUnavailableError(f"databasen {path} kan inte öppnas: {exc}") from None
    return db


@contextmanager
def immediate(db: sqlite3.Connection, lock: threading.RLock | threading.Lock,
              audit: AuditRecord | None = None) -> Iterator[sqlite3.Connection]:
    """One write transaction: taken before anything is read, committed with its audit
    entry (when given), rolled back whole on any error."""
    with lock:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            if audit is not None:
                insert_audit(db, audit, datetime.now(UTC))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

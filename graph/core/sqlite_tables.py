"""Tables of their own in the service's SQLite file, for modules that keep personal data
apart from the graph (survey records, staff-list keys, the edit history)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from graph.core.errors import StoreUnavailableError

__all__ = ["open_tables"]


def open_tables(path: str | Path, schema: str) -> sqlite3.Connection:
    """A connection in autocommit mode (WAL, waiting for writers), the schema created."""
    try:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA busy_timeout=30000")
        db.executescript(schema)
    except sqlite3.Error as exc:
        raise StoreUnavailableError(f"cannot open database {path}: {exc}") from None
    return db

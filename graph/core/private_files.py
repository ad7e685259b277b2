"""Files that hold personal data are readable by the service's own user only."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from graph.core.errors import StoreBusyError

__all__ = ["busy_as_error", "busy_timeout_s", "checkpoint", "is_busy", "open_private_sqlite",
           "open_read_only_sqlite", "private_file"]


def private_file(path: Path) -> Path:
    """Create ``path`` (and its folder) with mode 0600 if missing; tighten it if present.

    SQLite gives its -wal and -shm files the mode of the database file, so creating the
    database 0600 before SQLite opens it keeps all three private.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Only when missing: closing any descriptor of a database file drops every POSIX
        # lock this process holds on it, so opening a second connection to an open database
        # this way took the first connection's locks away (disk I/O errors under load).
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600))
    os.chmod(path, 0o600)
    return path


def open_private_sqlite(path: str | Path) -> sqlite3.Connection:
    """A connection to a private database file, in WAL mode, that overwrites what it deletes.

    ``secure_delete`` zeroes the content of deleted rows instead of leaving it in free pages,
    which is what lets an erasure erase (some SQLite builds default to it; this sets it).
    """
    db = sqlite3.connect(private_file(Path(path)), isolation_level=None,
                         check_same_thread=False)
    db.execute("PRAGMA secure_delete=ON")
    db.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk before it is acknowledged, even on power loss.
    db.execute("PRAGMA synchronous=FULL")
    db.execute(f"PRAGMA busy_timeout={int(busy_timeout_s() * 1000)}")
    return db


def open_read_only_sqlite(path: str | Path) -> sqlite3.Connection:
    """A connection that can only read an existing database (a background report build's):
    it takes no write lock, so it never holds off the service's writes."""
    db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                         isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout={int(busy_timeout_s() * 1000)}")
    return db


def busy_timeout_s() -> float:
    """How long a connection waits for another's write lock (SAMVERKAN_SQLITE_BUSY_TIMEOUT_S).

    Read here, not passed down: every connection of every store, log and registry opens
    through this function, and each must wait the same bounded time.
    """
    from graph.core.settings import Settings  # settings imports reports, which open files

    return Settings().sqlite_busy_timeout_s


# SQLITE_BUSY and SQLITE_LOCKED, the primary codes under every extended one.
_BUSY_CODES = frozenset({5, 6})


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite giving up on a lock another connection holds."""
    return (isinstance(exc, sqlite3.OperationalError)
            and (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _BUSY_CODES)


@contextlib.contextmanager
def busy_as_error() -> Iterator[None]:
    """Turn SQLite's "database is locked" into :class:`StoreBusyError` (503, Retry-After)."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise StoreBusyError.waited(busy_timeout_s()) from None
        raise


def checkpoint(db: sqlite3.Connection, attempts: int = 50) -> bool:
    """Copy the WAL into the database and truncate it, so that no erased row stays in it.

    A reader in the middle of a read holds frames the checkpoint cannot pass; those are
    short, so it retries for up to five seconds. False if a reader outlasted that (the
    next checkpoint, at the latest when the service stops, truncates the WAL).
    """
    for _ in range(attempts):
        busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return True
        time.sleep(0.1)
    return False

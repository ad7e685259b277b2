"""The WAL checkpoint after a removal, run soon after the write is acknowledged.

A removal is durable when its transaction commits (WAL, ``synchronous=FULL``: the commit
frame is fsynced before the write returns). What the removed rows held is still on disk
after that, though: in the database file's old pages and in earlier WAL frames. With
``secure_delete`` the commit writes the rows' pages zeroed into the WAL; the checkpoint
copies those pages over the old ones in the database file, fsyncs it and truncates the
WAL to nothing, and only then are the bytes gone from both files. That checkpoint is two
more fsyncs of a large file (40–90 ms at 200,000 people), so it runs here, on a thread
and connection of its own, a moment after the write that asked for it (writes close
together share one), and again when the store closes or opens. Until it has run, the
erased bytes are in the files but nowhere readable through SQLite; a crash in between
leaves the same, and the next start's checkpoint removes them.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import weakref
from pathlib import Path

from graph.core.private_files import checkpoint, open_private_sqlite

__all__ = ["LaterCheckpoint", "settle"]

# Long enough for an erasure's other steps (its audit entry, the hooks of other modules
# writing the same file) to land in the WAL first; short enough that erased bytes stay on
# disk well under a second.
DELAY_S = 0.2

_all: weakref.WeakSet[LaterCheckpoint] = weakref.WeakSet()


class LaterCheckpoint:
    """Checkpoints one database's WAL ``delay_s`` after :meth:`request`."""

    def __init__(self, path: Path, delay_s: float = DELAY_S) -> None:
        self.path = path
        self.delay_s = delay_s
        self._wanted = threading.Condition()
        self._pending = False
        self._due = 0.0
        self._closed = False
        self._running = threading.Lock()  # one checkpoint at a time
        self._db: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None
        _all.add(self)

    def request(self) -> None:
        """Ask for a checkpoint soon; returns at once."""
        with self._wanted:
            if self._closed:
                return
            if not self._pending:
                self._pending = True
                self._due = time.monotonic() + self.delay_s
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, daemon=True,
                                                name=f"checkpoint {self.path.name}")
                self._thread.start()

    def _loop(self) -> None:
        # Runs while checkpoints are asked for, then ends with its connection, so that a
        # store opened and left (a test's, a CLI command's) keeps no thread or descriptor.
        while True:
            with self._wanted:
                # Until the checkpoint asked for is due; woken early only by close.
                while self._pending and not self._closed and time.monotonic() < self._due:
                    self._wanted.wait(self._due - time.monotonic())
                if self._closed or not self._pending:
                    self._thread = None
                    break
            self.now()
            with self._wanted:  # stay a moment for the next write's request
                self._wanted.wait(self.delay_s)
        with self._running:
            if self._db is not None and self._thread is None:
                self._db.close()
                self._db = None

    def now(self) -> bool:
        """Checkpoint at once (what was asked for is then done); False if a reader held
        the WAL for five seconds, in which case the loop tries again."""
        with self._running:
            with self._wanted:
                self._pending = False
            if self._db is None:
                self._db = open_private_sqlite(self.path)
                # A TRUNCATE checkpoint that waits holds off writers meanwhile: give up at
                # once and try again (checkpoint's retries, then the loop's), so that a
                # long reader (a report build reading the rows) never delays a write.
                self._db.execute("PRAGMA busy_timeout=20")
            done = checkpoint(self._db)
            if not done:
                with self._wanted:
                    self._pending = not self._closed
                    self._due = time.monotonic() + self.delay_s
            return done

    def settle(self) -> None:
        """Run what was asked for and not yet done, now (tests; shutting down)."""
        with self._wanted:
            pending = self._pending
        if pending:
            self.now()

    def close(self) -> None:
        """The last checkpoint, then the thread and the connection go."""
        self.settle()
        with self._wanted:
            self._closed = True
            self._wanted.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        with self._running:
            if self._db is not None:
                self._db.close()
                self._db = None


def settle() -> None:
    """Every checkpoint of this process that was asked for, run now."""
    for later in list(_all):
        later.settle()

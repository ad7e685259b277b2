"""The WAL checkpoint after a removal, run soon after the write is acknowledged.

A removal is durable when its transaction commits (WAL, ``synchronous=FULL``: the commit
frame is fsynced before the write returns). What the removed rows held is still on disk
after that, though: in the database file's old pages and in earlier WAL frames. With
``secure_delete`` the commit writes the rows' pages zeroed into the WAL; the checkpoint
copies those pages over the old ones in the database file, fsyncs it and truncates the
WAL to nothing, and only then are the bytes gone from both files. That checkpoint is two
more fsyncs of a large file (the 200,000-person erasure's ack went from 10 ms of CPU to
60–104 ms wall with it), so it runs here instead, a moment after the write that asked
for it (writes close together share one), and again when the store closes or opens: on
one thread for the whole process, started with the first store (starting a thread per
request waited for the interpreter's lock on a busy service), and a connection of its
own for each checkpoint. Until it has run, the erased bytes are in the files but
nowhere readable through SQLite; a crash in between leaves the same, and the next
start's checkpoint removes them. A reader in the middle of a long read (a report build
reading every row, seconds) holds the WAL: the checkpoint gives up at once, so that it
never holds off writes, and is tried again until it passes.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from pathlib import Path

from graph.core.private_files import checkpoint, open_private_sqlite

log = logging.getLogger(__name__)

__all__ = ["LaterCheckpoint", "settle"]

# Long enough for an erasure's other steps (its audit entry, the hooks of other modules
# writing the same file) to land in the WAL first; short enough that erased bytes stay on
# disk well under a second.
DELAY_S = 0.2

_all: weakref.WeakSet[LaterCheckpoint] = weakref.WeakSet()
# Checkpoints asked for and not yet run, by when they are due; one thread runs them all.
_due: dict[LaterCheckpoint, float] = {}
_wake = threading.Condition()
_worker: threading.Thread | None = None


def _schedule(later: LaterCheckpoint, delay_s: float) -> None:
    global _worker
    with _wake:
        _due.setdefault(later, time.monotonic() + delay_s)
        if _worker is None:
            _worker = threading.Thread(target=_run, daemon=True, name="checkpoints")
            _worker.start()
        _wake.notify_all()


def _run() -> None:
    while True:
        with _wake:
            now = time.monotonic()
            ready = [later for later, due in _due.items() if due <= now]
            if not ready:
                _wake.wait(min(_due.values(), default=now + 60) - now)
                continue
            for later in ready:
                del _due[later]
        for later in ready:
            try:
                if not later.now():
                    _schedule(later, later.delay_s)  # a long reader: try again soon
            except Exception:  # a file gone (a test's folder, a store moved): give up
                log.exception("checkpoint of %s failed", later.path)


class LaterCheckpoint:
    """Checkpoints one database's WAL ``delay_s`` after :meth:`request`."""

    def __init__(self, path: Path, delay_s: float = DELAY_S) -> None:
        self.path = path
        self.delay_s = delay_s
        self._running = threading.Lock()  # one checkpoint of this file at a time
        self._closed = False
        _all.add(self)

    def request(self) -> None:
        """Ask for a checkpoint soon; returns at once."""
        if not self._closed:
            _schedule(self, self.delay_s)

    def pending(self) -> bool:
        with _wake:
            return self in _due

    def now(self) -> bool:
        """Checkpoint at once (what was asked for is then done); False if a reader held
        the WAL for five seconds."""
        with _wake:
            _due.pop(self, None)
        with self._running:
            if not self.path.exists():
                return True  # removed with what it held (a test's folder)
            db = open_private_sqlite(self.path)
            try:
                # A TRUNCATE checkpoint that waits holds off writers meanwhile: give up at
                # once and try again (checkpoint's retries, then the worker's), so that a
                # long reader (a report build reading the rows) never delays a write.
                db.execute("PRAGMA busy_timeout=20")
                return checkpoint(db)
            finally:
                db.close()

    def settle(self) -> None:
        """Run what was asked for and not yet done, now, and wait for one the worker is
        running (tests; shutting down): when this returns, no checkpoint of this file is
        due or under way, so none holds the write lock."""
        if self.pending():
            self.now()
        else:
            with self._running:  # the worker may have taken it off the list and be running it
                pass

    def close(self) -> None:
        """The last checkpoint; nothing asked for after it runs."""
        self._closed = True
        self.settle()


def settle() -> None:
    """Every checkpoint of this process that was asked for, run now."""
    for later in list(_all):
        later.settle()

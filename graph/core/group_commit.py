"""Group commit: rows from many requests written in one transaction, each caller told
only once its row is on disk.

Every audited read used to commit its own entry: one fsync per request (3-13 ms on the
benchmark machine's disk), on the event loop for the contact-path route, which made the
log, not the search, the cost of a request. Here one thread takes every row that waits,
inserts them in one transaction and commits once; the callers' futures complete after
that commit. So an entry is still durable before the answer that it records leaves the
service (nothing is lost silently: a failed commit fails the requests that wait on it),
and under load one fsync serves every request that arrived during the previous one.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

from graph.core.private_files import is_busy

T = TypeVar("T")
# Rows per transaction at most: bounds how long the connection's lock is held.
MAX_BATCH = 500


class GroupCommit(Generic[T]):
    """Writes items with ``insert(db, item)`` on ``db`` (autocommit mode), in batches.

    ``lock`` is the connection's lock, shared with its other writers: a batch holds it for
    its one transaction.
    """

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock,
                 insert: Callable[[sqlite3.Connection, T], None]) -> None:
        self._db, self._lock, self._insert = db, lock, insert
        self._waiting: queue.SimpleQueue[tuple[T, Future[None]] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def submit(self, item: T) -> Future[None]:
        """Queue ``item``; the future completes once it is committed (or fails with the
        commit's error)."""
        done: Future[None] = Future()
        self._waiting.put((item, done))
        if self._thread is None:
            with self._start:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, daemon=True,
                                                    name="group-commit")
                    self._thread.start()
        return done

    def close(self) -> None:
        """Commit what waits, then stop the thread."""
        with self._start:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._waiting.put(None)
            thread.join()

    def _run(self) -> None:
        while True:
            first = self._waiting.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < MAX_BATCH:
                try:
                    more = self._waiting.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batch.append(more)
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[tuple[T, Future[None]]]) -> None:
        try:
            with self._lock:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    for item, _ in batch:
                        self._insert(self._db, item)
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
        except Exception as exc:
            # A busy store fails every row alike: trying them one by one would wait out the
            # busy timeout once per row (500 rows behind a long import: hours).
            if len(batch) > 1 and not is_busy(exc):  # one bad row must not fail the others

                for one in batch:
                    self._commit([one])
                return
            for _, done in batch:
                done.set_exception(exc)
            return
        for _, done in batch:
            done.set_result(None)

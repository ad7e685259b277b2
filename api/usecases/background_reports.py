"""The spanner and risk reports of the day's projection, built in a process of their own.

At national scale the two reports take minutes of CPU. Built in a thread of the service,
they shared its interpreter with every request (at 20,000 people 100 requests/s went from
p50 14 ms to 1.8 s while they built). Here a child process builds them instead: the same
use cases (:mod:`api.usecases.reports`) over the same SQLite file, opened read-only,
niced, one build at a time however many workers ask (a lock file), and each report
written to a private file named by the store revision and the day it describes. A
request for the day's reports picks the file up (:func:`picked_up`) and waits for it
while the build runs, instead of building in its own interpreter.

Stale results are never shown: a file is only ever read for a projection that shows
exactly that revision's rows (:meth:`graph.store.sqlite_store.SQLiteStore.projection_revision`),
and the child writes nothing if the store moved while it read. When the revision (or the
day) moves, the running build is stopped and one for the new revision started, and the
files of other revisions are removed, so an erased person's name does not outlive the
erasure in a report file by more than a moment (a write of this service wakes the
supervisor at once) or :data:`POLL_S` (the poll that sees other workers' writes).

Memory: the child reads the whole document to build the day's projection, and holds both
for that moment only (at 200,000 people and 620,000 ties, about 1.4 GiB RSS, growing with
every person and tie); then it keeps the projection and the risk report's inputs
(:mod:`graph.reports.risk_inputs`, growing with the leavers, handovers and formal
positions alone) and frees the document before either report, each report before the
next, and the last before its file appears, so that the service, which reads the file at
once, never holds its copy of a report beside the child's. Each report phase holds the
projection (growing with people and edges), the report's arrays and its rows (one per
person).

None of that is a write's work: the write only sets an event
(:meth:`graph.store.sqlite_store.SQLiteStore.on_write`). The supervisor reads the revision
on a read-only connection of its own, never the store's, which is behind the store's lock:
polled through it twice a second, an erasure in the same process waited 270 ms for that
lock (200,000 people, reports on, one run at load 13), the supervisor having taken it and
then waited for the interpreter behind a build on another thread.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import ctypes
import fcntl
import gc
import logging
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, cast

import networkx as nx

from graph.core import budget
from graph.core.errors import QueryBudgetError, StoreUnavailableError
from graph.core.gc_pause import gc_paused
from graph.core.private_files import open_read_only_sqlite, private_file
from graph.reports.risk_inputs import risk_inputs
from graph.store import protocol
from graph.store.sqlite_store import SQLiteStore

__all__ = ["BackgroundReports", "picked_up", "start"]

log = logging.getLogger(__name__)

NICE = 10  # the requests' interpreter comes first on a shared machine
POLL_S = 0.5
# In the order they are built and written. Neither report reads the document (1 GiB of
# row objects at 200,000 people) once the projection is built: the risk report reads the
# small part of it it needs (graph.reports.risk_inputs), so the document is freed before
# either report, and each report before the next is built.
KINDS = ("risks", "spanners")
STALE = 3  # the child's exit status when the store moved while it read


def folder_of(db: Path) -> Path:
    return db.with_name(f"{db.name}-reports")


def _file(folder: Path, revision: int, day: str, kind: str) -> Path:
    return folder / f"{revision}-{day}-{kind}.pickle"


class BackgroundReports:
    """Keeps a child process building the reports of the store's current revision."""

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store
        self.folder = folder_of(store.path)
        self._changed = threading.Condition()
        self._child: subprocess.Popen[bytes] | None = None
        self._for: tuple[int, str] | None = None  # what the child builds
        self._failed: set[tuple[int, str]] = set()
        self._stopped = False
        self._moved = threading.Event()  # set by this service's writes
        self._revisions = open_read_only_sqlite(store.path)  # the supervisor's own
        self._thread = threading.Thread(target=self._loop, daemon=True, name="reports")

    @property
    def child(self) -> subprocess.Popen[bytes] | None:
        """The build now running (tests and the benchmark read its process)."""
        return self._child

    def start(self) -> None:
        self.store.on_write(self._moved.set)
        self._thread.start()
        atexit.register(self.stop)

    def stop(self) -> None:
        with self._changed:
            self._stopped = True
            self._end_child()
            self._changed.notify_all()
        self._moved.set()

    def _wanted(self) -> tuple[int, str]:
        """The revision and day the reports are wanted for, as a request sees them."""
        return self.store.revision(), protocol.today().isoformat()

    def _revision(self) -> int:
        """The store's revision, read on the supervisor's own connection."""
        if self.store.closed:
            raise StoreUnavailableError(f"databasen {self.store.path} är stängd")
        try:
            row = self._revisions.execute(
                "SELECT value FROM meta WHERE key = 'revision'").fetchone()
        except sqlite3.Error as exc:
            raise StoreUnavailableError(f"databasen {self.store.path} är inte tillgänglig: "
                                        f"{exc}") from None
        return int(row[0])

    def _loop(self) -> None:
        while True:
            with self._changed:
                if self._stopped:
                    break
                try:
                    self._step()
                except StoreUnavailableError:  # closed: nothing more to build for it
                    self._stopped = True
                    self._end_child()
                    self._changed.notify_all()
                    break
                except Exception:  # the next poll tries again; requests fall back
                    log.exception("report build supervision failed")
            # Woken at once by a write of this service, else polled: other workers' writes
            # and the child's end are seen within POLL_S.
            self._moved.wait(POLL_S)
            self._moved.clear()
        self._revisions.close()

    def _step(self) -> None:
        want = self._revision(), protocol.today().isoformat()
        child = self._child
        if child is not None and child.poll() is not None:
            if child.returncode not in (0, STALE) and self._for is not None:
                log.error("report build for revision %s failed (%s); requests build "
                          "them themselves", self._for[0], child.returncode)
                self._failed.add(self._for)
            self._child = None
            self._changed.notify_all()
        elif child is not None and self._for != want:
            self._end_child()  # the store moved on: its result would be stale
            self._changed.notify_all()
        self._drop_others(want)
        if (self._child is None and want not in self._failed
                and not all(_file(self.folder, *want, k).exists() for k in KINDS)):
            self._child, self._for = self._spawn(want), want

    def _end_child(self) -> None:
        if self._child is not None:
            self._child.kill()
            self._child.wait()
            self._child = None

    def _drop_others(self, want: tuple[int, str]) -> None:
        """Remove the files of other revisions and days, and half-written ones."""
        if not self.folder.exists():
            return
        keep = {_file(self.folder, *want, k).name for k in KINDS} | {"build.lock"}
        if self._child is not None:
            keep |= {f"{name}.{self._child.pid}" for name in keep}
        for path in self.folder.iterdir():
            if path.name not in keep:
                path.unlink(missing_ok=True)

    def _spawn(self, want: tuple[int, str]) -> subprocess.Popen[bytes]:
        revision, day = want
        # The child imports exactly this code, wherever the service was started from.
        env = os.environ | {"PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        return subprocess.Popen(
            [sys.executable, "-m", "api.usecases.background_reports", str(self.store.path),
             str(revision), day, str(self.folder)],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)

    def result(self, revision: int, day: str, kind: str) -> Any | None:
        """The ``kind`` report of that revision and day: read from its file, waited for
        while it is being built (within the query's time budget), ``None`` where no build
        will come (an old revision, another day, a failed build)."""
        limit = budget.current()
        deadline = time.monotonic() + limit.seconds if limit is not None else None
        path = _file(self.folder, revision, day, kind)
        with self._changed:
            while not path.exists():
                if (self._stopped or (revision, day) != self._wanted()
                        or (revision, day) in self._failed):
                    return None
                if not threading.main_thread().is_alive():
                    # The service is stopping: its exit waits for this thread, and the
                    # build it waits for ends with it.
                    raise StoreUnavailableError("tjänsten stängs; försök igen om en stund")
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    assert limit is not None
                    raise QueryBudgetError.time(limit.seconds)
                self._changed.wait(POLL_S if left is None else min(POLL_S, left))
        try:
            # A report is tens of thousands of objects: read in one pause, so a serving
            # process freezes them (graph.core.gc_pause) and its collector never walks them.
            with path.open("rb") as f, gc_paused():
                return pickle.load(f)  # written by this service's own child, 0600
        except FileNotFoundError:  # the store moved on and the file went meanwhile
            return None


_running: weakref.WeakKeyDictionary[SQLiteStore, BackgroundReports] = (
    weakref.WeakKeyDictionary())


def start(store: SQLiteStore) -> BackgroundReports:
    """Build the store's reports in a child process from now on, for every revision."""
    found = _running.get(store)
    if found is None:
        found = _running[store] = BackgroundReports(store)
        found.start()
    return found


def picked_up(store: object, G: nx.Graph, kind: str) -> Any | None:
    """The background build's ``kind`` report for ``G``, if the store has builds running
    and ``G`` is its projection of one exact revision; ``None``: build it here."""
    if not isinstance(store, SQLiteStore):
        return None
    builds = _running.get(store)
    revision = store.projection_revision(G)
    if builds is None or revision is None:
        return None
    return builds.result(revision, str(G.graph["as_of"]), kind)


# -- the child ------------------------------------------------------------------------


def _die_with_parent() -> None:
    """Linux: the kernel ends this process when the service does (PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        parent = os.getppid()
        prctl = cast(Callable[[int, int], int], ctypes.CDLL(None, use_errno=True).prctl)
        prctl(1, signal.SIGKILL)
        if os.getppid() != parent:  # the service ended before the call
            os._exit(1)


def _trim() -> None:
    """Give what the freed document held back to the system (glibc keeps freed heap)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _write(path: Path, value: Any) -> None:
    """Whole or not at all: written beside it, then renamed over it."""
    _publish(_dump(path, value))


def _dump(path: Path, value: Any) -> tuple[Path, Path]:
    """``value`` written beside ``path``, not yet under its name: (written, name)."""
    part = private_file(path.with_name(f"{path.name}.{os.getpid()}"))
    with part.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    return part, path


def _publish(written: tuple[Path, Path]) -> None:
    os.replace(*written)


def build(db: Path, revision: int, day: str, folder: Path) -> int:
    """Build and write the reports of ``revision`` on ``day``; :data:`STALE` if the
    store is no longer at that revision."""
    from api.usecases import reports  # the use cases import this module

    lock = private_file(folder / "build.lock")
    folder.chmod(0o700)
    with lock.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # one build at a time, over every worker
        if all(_file(folder, revision, day, k).exists() for k in KINDS):
            return 0  # another worker's build made them
        store = SQLiteStore(db, read_only=True)
        G = store.collaboration_graph(date.fromisoformat(day))
        inputs = risk_inputs(store.read())
        # Checked after both: had the store moved before the read, the cache would have
        # patched the document (and G) past that revision.
        if store.projection_revision(G) != revision:
            return STALE
        _release(store)  # before either report: G and the inputs are all they read
        value: object = reports.risks_of(store, G, inputs)
        _write(_file(folder, revision, day, "risks"), value)
        del value, inputs
        _release(store)
        value = reports.spanners_of(store, G)
        if store.revision() != revision:  # G showed exactly that revision: still current?
            return STALE
        part = _dump(_file(folder, revision, day, "spanners"), value)
        # The service reads the file as soon as it appears: what this process held is
        # let go first, so that the two do not hold their copies of the report at once.
        del value, G
        _release(store)
        _publish(part)
    return 0


def _release(store: SQLiteStore) -> None:
    """Let the store's document (and what the last report made) go, to the system."""
    store.release_rows()
    gc.collect()
    _trim()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Bygg rapporterna för en revision.")
    parser.add_argument("db", type=Path)
    parser.add_argument("revision", type=int)
    parser.add_argument("day")
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    os.nice(NICE)
    _die_with_parent()
    sys.exit(build(args.db, args.revision, args.day, args.folder))


if __name__ == "__main__":
    main()

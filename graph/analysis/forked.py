"""One piece of work in a forked child process beside the calling thread.

igraph's searches hold the GIL, so a second thread would only take turns with the first
on one core. A forked child reads the parent's arrays and graphs as they were at the fork
(copy-on-write, nothing sent) and sends back only its result, pickled, through a pipe.

Another thread of the parent (KADABRA's, a server's) may hold a lock at the fork, and the
child inherits it held (why ``api.uploads`` spawns its workers). So the child runs only
the work it is given, which must be C code and numpy on what was built before the fork
(no imports, no logging, no output), and leaves with ``os._exit``: no interpreter
shutdown, no flush of the parent's streams. Should it hang or die anyway, the parent
stops waiting at a deadline, kills it and says so.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

from graph.core.errors import UnavailableError

__all__ = ["ChildFailedError", "can_fork", "run_beside", "share_out", "usable_cores"]

A = TypeVar("A")
B = TypeVar("B")

# The child's work is the same kind and size as the parent's share: waiting ten times as
# long as the parent took (and at least this long, against a loaded machine's jitter)
# means it is stuck, not slow.
MIN_WAIT_S = 30.0
WAIT_FACTOR = 10.0


class ChildFailedError(UnavailableError):
    """The child process of a computation failed, died or did not answer in time."""

    code = "computation_failed"


def usable_cores() -> int:
    """Cores this process may run on (its affinity, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether this platform forks (POSIX) and this process may run on two cores."""
    return hasattr(os, "fork") and usable_cores() >= 2


def run_beside(child: Callable[[], A], parent: Callable[[], B], *, what: str
               ) -> tuple[A, B]:
    """``child()`` in a forked process while this thread runs ``parent()``; both results.

    ``what`` names the work, in Swedish, for the error raised when the child fails.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 1
        try:
            os.close(read)
            try:
                payload = pickle.dumps((True, child()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # reported to the parent, which raises
                payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
            view = memoryview(payload)
            while view:
                view = view[os.write(write, view):]
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    try:
        started = time.monotonic()
        mine = parent()
        wait = max(MIN_WAIT_S, WAIT_FACTOR * (time.monotonic() - started))
        data = _read_until(read, time.monotonic() + wait)
    except BaseException:
        _stop(pid)
        raise
    finally:
        os.close(read)
    if data is None:
        _stop(pid)
        raise ChildFailedError(f"Delprocessen för {what} svarade inte inom {wait:.0f} s "
                               "och stoppades. Försök igen om en stund.")
    os.waitpid(pid, 0)
    try:
        ok, result = pickle.loads(data)
    except Exception:  # a child that died mid-write leaves a truncated payload
        ok, result = False, "avbröts innan den skickat hela sitt resultat"
    if not ok:
        raise ChildFailedError(f"Delprocessen för {what} misslyckades ({result}). "
                               "Försök igen om en stund.")
    return result, mine


def share_out(count: int, task: Callable[[int], A], *, meanwhile: Callable[[], None],
              what: str) -> list[A]:
    """``task(i)`` for every ``i`` in ``range(count)``, each once, in a forked child or in
    this thread once it has run ``meanwhile()``; the results in task order.

    The tasks queue in a pipe, one record a task, filled before the fork: each process
    reads the next record when it is free, and a read of a few bytes is atomic between
    readers, so no task runs twice and neither process waits for the other while any
    is left. Results come back per task and in task order: sums taken over them do not
    depend on which process ran what.
    """
    if count > _MAX_TASKS:
        raise ValueError(f"at most {_MAX_TASKS} tasks, not {count}")
    if count == 0 or not can_fork():
        meanwhile()
        return [task(i) for i in range(count)]
    read, write = os.pipe()
    try:
        os.write(write, b"".join(i.to_bytes(_RECORD, "little") for i in range(count)))
    finally:
        os.close(write)  # when the queue is empty, a read returns end of file

    def drain() -> dict[int, A]:
        done: dict[int, A] = {}
        while record := os.read(read, _RECORD):
            i = int.from_bytes(record, "little")
            done[i] = task(i)
        return done

    def mine() -> dict[int, A]:
        meanwhile()
        return drain()

    try:
        theirs, ours = run_beside(drain, mine, what=what)
    finally:
        os.close(read)
    theirs.update(ours)
    return [theirs[i] for i in range(count)]


# A pipe holds 64 KiB (filled before anyone reads it), and reads of up to 4 KiB are
# atomic: 16,384 records of 4 bytes.
_RECORD = 4
_MAX_TASKS = 65_536 // _RECORD


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything up to end of file, or ``None`` at the deadline."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _stop(pid: int) -> None:
    # Not reaped yet, so the pid is still the child's (a zombie at worst): no race.
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)

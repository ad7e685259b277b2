"""The one registry of background jobs (imports, survey close, CV uploads).

Each job is a row in the service's SQLite file, so a poll or a cancel that reaches another
worker process (``--workers`` above one) sees the same job: its owner, kind, stage, counts,
cancel flag, and its result or error. The worker that runs a job writes the row; a process
that dies with a job running cannot, so a row still marked running whose process is gone
reads as interrupted ("avbrutet"), with a Swedish message, instead of running forever.

The file is the access log's, which every service has, whichever graph store it uses.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.core.private_files import busy_as_error
from graph.core.sqlite_tables import open_tables

__all__ = ["INTERRUPTED", "INTERRUPTED_MESSAGE", "JobRecord", "JobRegistry"]

INTERRUPTED = "interrupted"
INTERRUPTED_MESSAGE = ("avbrutet: tjänsten startades om medan jobbet pågick; "
                       "ingenting skrevs, starta jobbet igen")
# Finished jobs are kept this long for their last poll, then forgotten.
KEEP_FINISHED_S = 600.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, kind TEXT NOT NULL, stage TEXT NOT NULL,
    done INTEGER NOT NULL, total INTEGER NOT NULL, running INTEGER NOT NULL,
    cancel INTEGER NOT NULL DEFAULT 0, pid INTEGER NOT NULL, started REAL, result TEXT,
    error TEXT,
    detail TEXT NOT NULL, updated REAL NOT NULL);
"""


@dataclass(frozen=True)
class JobRecord:
    """A job as stored: what every worker can read about it."""

    id: str
    owner: str
    kind: str
    stage: str
    done: int
    total: int
    running: bool
    cancel: bool
    result: Any
    error: Any
    detail: dict[str, Any]


def _started(pid: int) -> float | None:
    """When a process started (Linux: clock ticks after boot; None elsewhere), so that a
    process id reused after a restart is not taken for the job's dead process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Field 22; the command name (field 2, in parentheses) may itself hold spaces.
    return float(stat.rsplit(")", 1)[1].split()[19])


def _alive(pid: int, started: float | None) -> bool:
    """Whether the process that ran a job still runs (the file is local to one machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, run by someone else
        pass
    return started is None or _started(pid) == started


class JobRegistry:
    """Rows of jobs in one SQLite file, shared by every worker process that opens it."""

    def __init__(self, path: str | Path, clock: Callable[[], float] = time.time) -> None:
        self._db = open_tables(path, _SCHEMA)
        self._lock = threading.Lock()
        self._clock = clock
        self._started = _started(os.getpid())
        self._interrupt_orphans()

    @staticmethod
    def new_id() -> str:
        # Random, not counted: ids of several worker processes share one table.
        return uuid.uuid4().hex

    def save(self, job_id: str, owner: str, kind: str, *, stage: str, done: int, total: int,
             running: bool, result: Any = None, error: Any = None,
             detail: dict[str, Any] | None = None) -> None:
        """Write a job's state; a cancel asked for meanwhile is kept. StoreBusyError if
        another write holds the lock past the busy timeout."""
        with self._lock, busy_as_error():
            self._db.execute(
                "INSERT INTO jobs (id, owner, kind, stage, done, total, running, pid, started,"
                " result, error, detail, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET stage = excluded.stage, done = excluded.done,"
                " total = excluded.total, running = excluded.running, result = excluded.result,"
                " error = excluded.error, detail = excluded.detail, updated = excluded.updated",
                (job_id, owner, kind, stage, done, total, int(running), os.getpid(),
                 self._started, json.dumps(result, ensure_ascii=False),
                 json.dumps(error, ensure_ascii=False),
                 json.dumps(detail or {}, ensure_ascii=False), self._clock()))

    def get(self, job_id: str, owner: str, kinds: Collection[str]) -> JobRecord | None:
        """The owner's job of one of ``kinds``; None for anyone else's or an unknown id."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, owner, kind, stage, done, total, running, cancel, result, error,"
                " detail, pid, started FROM jobs WHERE id = ? AND owner = ?",
                (job_id, owner)).fetchone()
        if row is None or row[2] not in kinds:
            return None
        if row[6] and not _alive(row[11], row[12]):
            self._interrupt(row[0])
            return self.get(job_id, owner, kinds)
        return JobRecord(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]),
                         bool(row[7]), json.loads(row[8] or "null"),
                         json.loads(row[9] or "null"), json.loads(row[10]))

    def request_cancel(self, job_id: str) -> None:
        """Ask the worker running the job to stop (it reads the flag as it goes)."""
        with self._lock:
            self._db.execute("UPDATE jobs SET cancel = 1 WHERE id = ?", (job_id,))

    def cancel_requested(self, job_id: str) -> bool:
        with self._lock:
            row = self._db.execute("SELECT cancel FROM jobs WHERE id = ?",
                                   (job_id,)).fetchone()
        return bool(row and row[0])

    def forget_finished(self) -> None:
        """Drop finished jobs older than their last poll needs."""
        with self._lock:
            self._db.execute("DELETE FROM jobs WHERE running = 0 AND updated < ?",
                             (self._clock() - KEEP_FINISHED_S,))

    def _interrupt(self, job_id: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET running = 0, stage = ?, error = ?, updated = ?"
                " WHERE id = ? AND running = 1",
                (INTERRUPTED, json.dumps(INTERRUPTED_MESSAGE, ensure_ascii=False),
                 self._clock(), job_id))

    def _interrupt_orphans(self) -> None:
        """On start: jobs left running by a process that is gone are interrupted."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, pid, started FROM jobs WHERE running = 1").fetchall()
        for job_id, pid, started in rows:
            if not _alive(pid, started):
                self._interrupt(job_id)

    def close(self) -> None:
        with self._lock:
            self._db.close()

"""Candidate uploads as jobs, off the event loop: files are read in a bounded pool of
worker processes, scoring and storing run in a thread, and a job's progress can be read.

A CV parser is CPU work on hostile input (pypdf is pure Python), so each file is read in
a separate process with a time limit: a file past it is refused by name and the pool is
replaced, so a runaway parse holds neither the event loop nor a worker. The event loop
only awaits; ``/health`` and other users' requests answer while an upload is scored.

A job runs in the worker process that took the upload; its progress is also written to the
service's one job registry (:mod:`graph.core.job_registry`, in its SQLite file), so a poll
that reaches another worker (with ``--workers`` above one) reads it there. That copy holds
no scores, only the stage and the counts, and a link to the stored ranking once the job is
done.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from graph.core.errors import DocumentError, DocumentTooLargeError, NotFoundError, Problem
from graph.core.job_registry import KEEP_FINISHED_S, JobRecord, JobRegistry
from matching.inputs import Limits, read_candidate_bytes
from matching.scoring import Candidate

__all__ = ["Job", "UploadJobs"]

KIND = "upload"


def _read_one(data: bytes, filename: str, limits: Limits
              ) -> Candidate | tuple[bool, list[tuple[str, str]]]:
    """In a worker process: the candidate, or (too large?, problems) for an error.

    Errors travel as plain data: a DocumentError does not survive pickling intact.
    """
    try:
        return read_candidate_bytes(data, filename, limits)
    except DocumentError as exc:
        return (isinstance(exc, DocumentTooLargeError),
                [(p.path, p.message) for p in exc.problems])


@dataclass
class Job:
    id: str
    user: str
    recruitment: str
    files: int
    parsed: int = 0
    stage: str = "reading"  # reading, scoring, storing, done, failed
    result: dict[str, Any] | None = None
    error: DocumentError | Exception | None = None
    finished_at: float | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Future[None] | None = None

    def as_dict(self) -> dict[str, Any]:
        error = None
        if isinstance(self.error, DocumentError):
            error = {"error": self.error.code, "detail": self.error.message,
                     "problems": [{"path": p.path, "message": p.message}
                                  for p in self.error.problems]}
        elif self.error is not None:
            error = {"error": getattr(self.error, "code", "error"),
                     "detail": str(getattr(self.error, "message", self.error))}
        return {"id": self.id, "recruitment": self.recruitment, "stage": self.stage,
                "files": self.files, "parsed": self.parsed, "result": self.result,
                "error": error}


def _stored_view(record: JobRecord) -> dict[str, Any]:
    """A job as another worker reads it from the registry: no result, a ranking link."""
    error = record.error
    if isinstance(error, str):  # interrupted by a restart (see job_registry)
        error = {"error": record.stage, "detail": error}
    view = {"id": record.id, "recruitment": record.detail.get("recruitment"),
            "stage": record.stage, "files": record.total, "parsed": record.done,
            "result": None, "error": error}
    if "ranking" in record.detail:
        view["ranking"] = record.detail["ranking"]
    return view


class UploadJobs:
    """The jobs of one worker process and the pool that reads their files.

    Each job's progress is shared with the other worker processes through ``registry``
    (see the module's docstring).
    """

    def __init__(self, processes: int, timeout_s: float, registry: JobRegistry) -> None:
        self.processes, self.timeout_s = processes, timeout_s
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._registry = registry

    def publish(self, job: Job) -> None:
        """Write the job's progress where every worker can read it (no scores)."""
        detail = {"recruitment": job.recruitment}
        if job.stage == "done":
            detail["ranking"] = f"/api/v1/recruitments/{job.recruitment}/ranking"
        self._registry.save(job.id, job.user, KIND, stage=job.stage, done=job.parsed,
                            total=job.files, running=job.stage not in ("done", "failed"),
                            error=job.as_dict()["error"], detail=detail)

    def status(self, job_id: str, user: str) -> dict[str, Any]:
        """A job's progress for its uploader: from this worker, else as shared."""
        job = self._jobs.get(job_id)
        if job is not None and job.user == user:
            return job.as_dict()
        record = self._registry.get(job_id, user, (KIND,))
        if record is None:
            raise NotFoundError(f"inget uppladdningsjobb {job_id!r}")
        return _stored_view(record)

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn: a fork of a process with threads (uvicorn, the encoder) can
                # inherit a lock held by another thread and hang.
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    self.processes, mp_context=multiprocessing.get_context("spawn"))
            return self._pool

    def _replace_pool(self) -> None:
        """Kill the workers (one is stuck on a file past its time) and start afresh."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            # The executor has no public way to stop a running task; its processes do.
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
            pool.shutdown(wait=False, cancel_futures=True)

    def start(self, user: str, recruitment: str, files: list[tuple[str, bytes]],
              limits: Limits,
              finish: Callable[[Job, list[Candidate]], Awaitable[dict[str, Any]]]) -> Job:
        """Start reading ``files`` (name, bytes); ``finish`` scores and stores them."""
        self._forget_old()
        job = Job(self._registry.new_id(), user, recruitment, len(files))
        self._jobs[job.id] = job
        self.publish(job)
        job.task = asyncio.ensure_future(self._run(job, files, limits, finish))
        return job

    async def _run(self, job: Job, files: list[tuple[str, bytes]], limits: Limits,
                   finish: Callable[[Job, list[Candidate]], Awaitable[dict[str, Any]]]
                   ) -> None:
        try:
            candidates = await self._read_all(job, files, limits)
            job.result = await finish(job, candidates)
            job.stage = "done"
        except Exception as exc:  # kept for the poll and the waiting request to report
            job.error, job.stage = exc, "failed"
        finally:
            job.finished_at = time.monotonic()
            self.publish(job)
            job.done.set()

    async def _read_all(self, job: Job, files: list[tuple[str, bytes]],
                        limits: Limits) -> list[Candidate]:
        loop = asyncio.get_running_loop()
        pool = self._executor()

        async def one(name: str, data: bytes) -> Candidate | tuple[bool, list[tuple[str, str]]]:
            future = loop.run_in_executor(pool, _read_one, data, name, limits)
            try:
                return await asyncio.wait_for(future, self.timeout_s)
            except TimeoutError:
                self._replace_pool()
                return False, [(name, f"took longer than {self.timeout_s:g} s to read; "
                                      "send a simpler file (a text PDF or .docx)")]
            except BrokenProcessPool:
                return False, [(name, "could not be read: the reader was stopped, as another "
                                      "file of the upload took too long; send it again")]
            finally:
                job.parsed += 1
                self.publish(job)

        results = await asyncio.gather(*(one(name, data) for name, data in files))
        problems = [Problem(*p) for r in results if isinstance(r, tuple) for p in r[1]]
        if problems:
            too_large = any(r[0] for r in results if isinstance(r, tuple))
            raise (DocumentTooLargeError if too_large else DocumentError)(problems)
        return [r for r in results if isinstance(r, Candidate)]

    def _forget_old(self) -> None:
        now = time.monotonic()
        for job_id, job in list(self._jobs.items()):
            if job.finished_at is not None and now - job.finished_at > KEEP_FINISHED_S:
                del self._jobs[job_id]
        self._registry.forget_finished()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

"""Progress and cancellation of long work (imports, survey processing).

Long work reads and checks everything before it writes anything, and calls
:meth:`Progress.step` as it goes. ``step`` raises :class:`CancelledError` once someone asked
to stop, so a cancelled import stops before its one write and leaves the store untouched.
The same object drives a bar on the command line and a progress line in the web interface
(through :class:`Jobs`, which runs work in a thread and keeps its state in the shared
:class:`~graph.core.job_registry.JobRegistry`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.core.errors import NotFoundError, SamverkanError, StoreBusyError
from graph.core.job_registry import JobRecord, JobRegistry
from graph.model.swedish_problems import error_in_swedish

__all__ = ["CancelledError", "Job", "Jobs", "Progress"]

# How often a running job writes its progress to the registry, and reads its cancel flag.
PUBLISH_EVERY_S = 0.2
# A job's end is retried this many times (each waiting the busy timeout, then a pause)
# while another write holds the lock, so that other workers read how it ended.
FINISH_ATTEMPTS = 20
FINISH_PAUSE_S = 0.5


class CancelledError(SamverkanError):
    """The work was stopped on request before anything was written."""

    code = "cancelled"


class Progress:
    """Where long work is (``done`` of ``total`` units, in a named phase) and a stop flag.

    >>> seen = []
    >>> p = Progress(lambda p: seen.append((p.phase, p.done, p.total)))
    >>> p.start("läser", 10); p.step(4)
    >>> seen[-1]
    ('läser', 4, 10)
    >>> p.cancel(); p.step(1)
    Traceback (most recent call last):
    ...
    graph.core.progress.CancelledError: avbrutet: ingenting skrevs
    """

    def __init__(self, listener: Callable[[Progress], None] | None = None,
                 stop_asked: Callable[[], bool] | None = None) -> None:
        self._listener = listener
        # A cancel asked of another worker process arrives through ``stop_asked``
        # (a read of the shared registry), looked at every PUBLISH_EVERY_S at most.
        self._stop_asked = stop_asked
        self._asked_at = 0.0
        self._stop = threading.Event()
        self.phase = ""
        self.done = 0
        self.total = 0

    def start(self, phase: str, total: int) -> None:
        self.check()
        self.phase, self.done, self.total = phase, 0, total
        self._tell()

    def step(self, units: int = 1) -> None:
        self._check(throttled=True)
        self.done += units
        self._tell()

    def written(self, units: int) -> None:
        """Count units the work has already written: too late to cancel, so never raises
        (a step here would report "ingenting skrevs" for a write that was done)."""
        self.done += units
        self._tell()

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def check(self) -> None:
        """Raise if a stop was asked, here or of another worker (the last moment before a
        write calls this: it always reads the shared flag)."""
        self._check(throttled=False)

    def _check(self, throttled: bool) -> None:
        if self._stop_asked is not None and not self._stop.is_set():
            now = time.monotonic()
            if not throttled or now - self._asked_at >= PUBLISH_EVERY_S:
                if throttled:  # a check before a write must not delay the next step's
                    self._asked_at = now
                if self._stop_asked():
                    self._stop.set()
        if self._stop.is_set():
            raise CancelledError("avbrutet: ingenting skrevs")

    def _tell(self) -> None:
        if self._listener is not None:
            self._listener(self)


@dataclass
class Job:
    """One piece of long work run in a thread of this process, as the web interface polls it."""

    id: str
    kind: str
    owner: str
    progress: Progress
    state: str = "running"  # running, done, failed, cancelled (interrupted: see job_registry)
    result: Any = None
    error: str | None = None
    problems: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "state": self.state,
                "phase": self.progress.phase, "done": self.progress.done,
                "total": self.progress.total, "result": self.result, "error": self.error,
                "problems": self.problems}


def _as_dict(record: JobRecord) -> dict[str, Any]:
    """A stored job in the shape of :meth:`Job.as_dict` (read by any worker process)."""
    return {"id": record.id, "kind": record.kind, "state": record.stage,
            "phase": record.detail.get("phase", ""), "done": record.done,
            "total": record.total, "result": record.result, "error": record.error,
            "problems": record.detail.get("problems", [])}


class Jobs:
    """Background jobs run in threads, kept in the shared :class:`JobRegistry`: any worker
    process answers a poll or a cancel; only a job's owner sees or cancels it."""

    kinds = frozenset({"import", "survey_close", "staff_apply"})

    def __init__(self, registry: JobRegistry) -> None:
        self._registry = registry
        self._running: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, kind: str, owner: str, work: Callable[[Progress], Any]) -> Job:
        if kind not in self.kinds:
            raise ValueError(f"unknown job kind {kind!r}")
        self._registry.forget_finished()
        job_id = self._registry.new_id()
        published: list[Any] = [0.0, ""]

        def publish(progress: Progress) -> None:
            # Row writes are synchronous disk writes: a step per row would be one each.
            now = time.monotonic()
            if progress.phase != published[1] or now - published[0] >= PUBLISH_EVERY_S:
                published[:] = [now, progress.phase]
                # Progress is a hint for polls of other workers (this one answers from the
                # live job); the work must not fail because another write is long.
                with contextlib.suppress(StoreBusyError):
                    self._save(job)

        job = Job(id=job_id, kind=kind, owner=owner, progress=Progress(
            publish, lambda: self._registry.cancel_requested(job_id)))
        self._save(job)
        with self._lock:
            self._running[job.id] = job

        def run() -> None:
            try:
                job.result = work(job.progress)
                job.state = "done"
            except CancelledError as exc:
                job.state, job.error = "cancelled", exc.message
            except SamverkanError as exc:
                # Said as the same request's answer says it (api/errors.py).
                message, problems = error_in_swedish(exc)
                job.state, job.error = "failed", message
                job.problems = [{"path": p.path, "message": p.message} for p in problems]
            except Exception as exc:  # a fault, not bad input: the job must still end
                job.state, job.error = "failed", f"internt fel: {type(exc).__name__}"
                raise
            finally:
                if self._finish(job):
                    with self._lock:
                        self._running.pop(job.id, None)

        threading.Thread(target=run, name=f"job-{job.id}", daemon=True).start()
        return job

    def _finish(self, job: Job) -> bool:
        """Store how the job ended, retrying while another write holds the lock. False if
        it never could: the job stays in this process, which answers its polls."""
        for attempt in range(FINISH_ATTEMPTS):
            try:
                self._save(job)
                return True
            except StoreBusyError:
                if attempt + 1 < FINISH_ATTEMPTS:
                    time.sleep(FINISH_PAUSE_S)
        return False

    def _save(self, job: Job) -> None:
        self._registry.save(job.id, job.owner, job.kind, stage=job.state,
                            done=job.progress.done, total=job.progress.total,
                            running=job.state == "running", result=job.result,
                            error=job.error, detail={"phase": job.progress.phase,
                                                     "problems": job.problems})

    def status(self, job_id: str, owner: str) -> dict[str, Any]:
        """The owner's job: live from this process when it runs here, else as stored."""
        with self._lock:
            job = self._running.get(job_id)
        if job is not None and job.owner == owner:
            return job.as_dict()
        record = self._registry.get(job_id, owner, self.kinds)
        if record is None:
            raise NotFoundError(f"inget jobb {job_id!r}")
        return _as_dict(record)

    def cancel(self, job_id: str, owner: str) -> dict[str, Any]:
        """Ask the owner's job to stop, wherever it runs; it stops before it writes."""
        self.status(job_id, owner)  # someone else's job is not found, not cancelled
        self._registry.request_cancel(job_id)
        with self._lock:
            job = self._running.get(job_id)
        if job is not None:
            job.progress.cancel()
        return self.status(job_id, owner)

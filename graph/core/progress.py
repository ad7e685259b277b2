"""Progress and cancellation of long work (imports, survey processing).

Long work reads and checks everything before it writes anything, and calls
:meth:`Progress.step` as it goes. ``step`` raises :class:`CancelledError` once someone asked
to stop, so a cancelled import stops before its one write and leaves the store untouched.
The same object drives a bar on the command line and a progress line in the web interface
(through :class:`Jobs`, which runs work in a thread and remembers its state).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.core.errors import NotFoundError, SamverkanError

__all__ = ["CancelledError", "Job", "Jobs", "Progress"]


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

    def __init__(self, listener: Callable[[Progress], None] | None = None) -> None:
        self._listener = listener
        self._stop = threading.Event()
        self.phase = ""
        self.done = 0
        self.total = 0

    def start(self, phase: str, total: int) -> None:
        self.check()
        self.phase, self.done, self.total = phase, 0, total
        self._tell()

    def step(self, units: int = 1) -> None:
        self.check()
        self.done += units
        self._tell()

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def check(self) -> None:
        if self._stop.is_set():
            raise CancelledError("avbrutet: ingenting skrevs")

    def _tell(self) -> None:
        if self._listener is not None:
            self._listener(self)


@dataclass
class Job:
    """One piece of long work run in the background, as the web interface polls it."""

    id: str
    kind: str
    owner: str
    progress: Progress
    state: str = "running"  # running, done, failed, cancelled
    result: Any = None
    error: str | None = None
    problems: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "state": self.state,
                "phase": self.progress.phase, "done": self.progress.done,
                "total": self.progress.total, "result": self.result, "error": self.error,
                "problems": self.problems}


class Jobs:
    """Background jobs of this process; only their owner sees or cancels them."""

    def __init__(self, keep: int = 50) -> None:
        self._jobs: dict[str, Job] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._keep = keep

    def start(self, kind: str, owner: str, work: Callable[[Progress], Any]) -> Job:
        job = Job(id=str(next(self._ids)), kind=kind, owner=owner, progress=Progress())
        with self._lock:
            self._jobs[job.id] = job
            # A finished job is kept until enough newer ones follow it.
            finished = [j for j in self._jobs.values() if j.state != "running"]
            for old in finished[: max(0, len(self._jobs) - self._keep)]:
                del self._jobs[old.id]

        def run() -> None:
            try:
                job.result = work(job.progress)
                job.state = "done"
            except CancelledError as exc:
                job.state, job.error = "cancelled", exc.message
            except SamverkanError as exc:
                job.state, job.error = "failed", exc.message
                job.problems = [{"path": p.path, "message": p.message}
                                for p in getattr(exc, "problems", [])]
            except Exception as exc:  # a fault, not bad input: the job must still end
                job.state, job.error = "failed", f"internt fel: {type(exc).__name__}"
                raise

        threading.Thread(target=run, name=f"job-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str, owner: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise NotFoundError(f"inget jobb {job_id!r}")
        return job

"""The one job registry: jobs live in the service's SQLite file, every worker process sees
and cancels them, and a job whose process died reads as interrupted after a restart."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.job_registry import INTERRUPTED, INTERRUPTED_MESSAGE, JobRegistry
from graph.core.progress import Progress
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore

# A worker process that starts two jobs and dies without finishing them.
_DIES = """
import os, sys
from graph.core.job_registry import JobRegistry
registry = JobRegistry(sys.argv[1])
registry.save("imp", "admin", "import", stage="running", done=3, total=10, running=True,
              detail={"phase": "läser"})
registry.save("upl", "rec", "upload", stage="reading", done=1, total=4, running=True,
              detail={"recruitment": "r1"})
os._exit(1)
"""


def _die_with_jobs(db: Path) -> None:
    # Run from the repository root: ``-c`` puts the working folder first on the path.
    subprocess.run([sys.executable, "-c", _DIES, str(db)], check=False, timeout=60,
                   cwd=Path(__file__).resolve().parents[1])


def _service(db: Path, small: dict[str, Any]) -> tuple[SQLiteStore, dict[str, str], Any]:
    """A store with the small document, an admin's headers, and an app on the same file."""
    store = SQLiteStore(db)
    store.write(small)
    access = AccessLog(db)
    admin = {"Authorization": f"Bearer {access.add_user('admin', Role.ADMIN)}"}
    return store, admin, create_app(store, access, Settings(db=db))


def _finished(c: TestClient, headers: dict[str, str], job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while (job := c.get(f"/api/v1/jobs/{job_id}", headers=headers).json())["state"] \
            == "running":
        assert time.monotonic() < deadline, job
        time.sleep(0.02)
    found: dict[str, Any] = job
    return found


def test_a_job_whose_process_died_reads_as_interrupted_after_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    alive = JobRegistry(db)
    alive.save("mine", "admin", "import", stage="running", done=0, total=1, running=True)
    _die_with_jobs(db)
    restarted = JobRegistry(db)
    record = restarted.get("imp", "admin", ("import",))
    assert record is not None
    assert (record.stage, record.running, record.error) == (INTERRUPTED, False,
                                                           INTERRUPTED_MESSAGE)
    assert record.error.startswith("avbrutet") and (record.done, record.total) == (3, 10)
    # This process still runs its job: a new registry on the file leaves it running.
    still = restarted.get("mine", "admin", ("import",))
    assert still is not None and still.running and still.stage == "running"
    # Another owner, or another kind of job, is not found.
    assert restarted.get("imp", "someone", ("import",)) is None
    assert restarted.get("imp", "admin", ("upload",)) is None


def test_interrupted_jobs_keep_their_routes_shapes(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    access = AccessLog(db)
    admin = {"Authorization": f"Bearer {access.add_user('admin', Role.ADMIN)}"}
    rec = {"Authorization": f"Bearer {access.add_user('rec', Role.RECRUITER)}"}
    _die_with_jobs(db)
    app = create_app(SQLiteStore(db), access, Settings(db=db))
    c = TestClient(app)
    job = c.get("/api/v1/jobs/imp", headers=admin).json()
    assert job == {"id": "imp", "kind": "import", "state": INTERRUPTED, "phase": "läser",
                   "done": 3, "total": 10, "result": None, "error": INTERRUPTED_MESSAGE,
                   "problems": []}
    upload = c.get("/api/v1/uploads/upl", headers=rec).json()
    assert upload["stage"] == INTERRUPTED and upload["parsed"] == 1
    assert upload["error"] == {"error": INTERRUPTED, "detail": INTERRUPTED_MESSAGE}
    # An upload is not a /jobs job, nor an import an upload.
    assert c.get("/api/v1/jobs/upl", headers=rec).status_code in (403, 404)
    assert c.get("/api/v1/uploads/imp", headers=rec).status_code == 404


def test_a_job_is_polled_and_cancelled_through_another_worker(tmp_path: Path,
                                                              small: dict[str, Any]) -> None:
    db = tmp_path / "w.db"
    store, admin, first = _service(db, small)
    second = create_app(SQLiteStore(db), AccessLog(db), Settings(db=db))
    gate = threading.Event()

    def slow(progress: Progress) -> None:
        progress.start("läser", 2)
        gate.wait(10)
        progress.step()  # the cancel asked of the other worker takes effect here
        store.write({"people": [{"id": "never", "name": "N", "organisation": "lomma"}]})

    job = first.state.jobs.start("import", "admin", slow)
    other = TestClient(second)
    seen = other.get(f"/api/v1/jobs/{job.id}", headers=admin).json()
    assert seen["state"] == "running" and seen["phase"] == "läser" and seen["total"] == 2
    other.delete(f"/api/v1/jobs/{job.id}", headers=admin)
    gate.set()
    seen = _finished(other, admin, job.id)
    assert seen["state"] == "cancelled" and seen["error"] == "avbrutet: ingenting skrevs"
    assert not any(p.id == "never" for p in store.read().people)


def test_a_cancel_after_the_write_does_not_claim_nothing_was_written(
        tmp_path: Path, small: dict[str, Any]) -> None:
    store, admin, app = _service(tmp_path / "late.db", small)
    written, gate = threading.Event(), threading.Event()

    def late(progress: Progress) -> None:
        progress.start("skriver", 1)
        store.write({"people": [{"id": "kept", "name": "K", "organisation": "lomma"}]})
        written.set()
        gate.wait(10)
        progress.written(1)  # the write is done: the cancel came too late for it

    job = app.state.jobs.start("import", "admin", late)
    c = TestClient(app)
    assert written.wait(10)
    c.delete(f"/api/v1/jobs/{job.id}", headers=admin)
    gate.set()
    seen = _finished(c, admin, job.id)
    assert seen["state"] == "done" and seen["done"] == 1
    assert any(p.id == "kept" for p in store.read().people)


def _people(count: int, bad: int | None = None) -> dict[str, Any]:
    people = [{"id": f"p{i}", "name": f"Person {i}", "organisation": "lomma"}
              for i in range(count)]
    if bad is not None:
        del people[bad]["name"]
    return {"people": people}


def test_a_background_json_import_is_the_import_with_progress(tmp_path: Path,
                                                              small: dict[str, Any]) -> None:
    store, admin, app = _service(tmp_path / "j.db", small)
    c = TestClient(app)
    r = c.post("/api/v1/import", json=_people(2500), params={"background": True},
               headers=admin)
    assert r.status_code == 202 and r.json()["kind"] == "import"
    job = _finished(c, admin, r.json()["id"])
    assert job["state"] == "done" and job["result"]["total"] == 2500
    assert (job["phase"], job["done"], job["total"]) == ("skriver", 2500, 2500)
    assert len([p for p in store.read().people if p.id.startswith("p")]) >= 2500
    # A bad row past the first chunk is named as the plain import names it.
    bad = _people(2500, bad=1234)
    plain = c.post("/api/v1/import", json=bad, headers=admin)
    assert plain.status_code == 422
    r = c.post("/api/v1/import", json=bad, params={"background": True}, headers=admin)
    job = _finished(c, admin, r.json()["id"])
    assert job["state"] == "failed"
    assert job["problems"] == plain.json()["problems"]
    assert job["problems"][0]["path"].startswith("people[1234]")


def test_validating_in_steps_stops_at_a_cancel() -> None:
    from graph.core.progress import CancelledError
    from graph.model.document import validate_in_steps, validate_shape

    seen: list[int] = []

    def cancel_after_first(progress: Progress) -> None:
        seen.append(progress.done)
        if progress.done:
            progress.cancel()

    data = _people(3000)
    assert validate_in_steps(data, Progress()) == validate_shape(data)
    try:
        validate_in_steps(data, Progress(cancel_after_first))
        raise AssertionError("not cancelled")
    except CancelledError:
        pass
    assert seen == [0, 1000]  # started, one chunk checked, then stopped before the next


def test_a_reused_process_id_is_not_taken_for_the_jobs_process(tmp_path: Path) -> None:
    import os

    db = tmp_path / "pid.db"
    JobRegistry(db).save("old", "admin", "import", stage="running", done=0, total=1,
                         running=True)
    # As after a reboot: the same process id, but a process that started at another time.
    raw = __import__("sqlite3").connect(db)
    raw.execute("UPDATE jobs SET pid = ?, started = started - 1", (os.getpid(),))
    raw.commit()
    raw.close()
    record = JobRegistry(db).get("old", "admin", ("import",))
    assert record is not None and record.stage == INTERRUPTED

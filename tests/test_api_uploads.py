"""Uploads run as jobs off the event loop: progress can be polled, other requests answer
while CVs are read and scored, and a file past its time limit is refused by name."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from matching.recruitments import Recruitment
from tests.serving import Running

CV = ("Jag har arbetat {n} år på Försäkringskassan med sjukpenning och försäkringsmedicin. "
      "Jag har lett samverkansteamet med Arbetsförmedlingen och kommunen i {n} år.")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, encoder: Any
           ) -> Iterator[tuple[str, dict[str, str], Any]]:
    db = tmp_path_factory.mktemp("uploads") / "u.db"
    store = SQLiteStore(db)
    access = AccessLog(db)
    tokens = {name: access.add_user(name, role) for name, role in
              (("rec", Role.RECRUITER), ("rec2", Role.RECRUITER), ("staff", Role.STAFF))}
    app = create_app(store, access, Settings(db=db))
    app.state.encoder = encoder  # the session's model, loaded once for all tests
    app.state.recruitments.create_recruitment(Recruitment(
        "r1", "Handläggare", "teamhandlaggare", None, None, False, ("rec", "rec2")))
    with Running(app) as running:
        yield f"http://127.0.0.1:{running.port}", tokens, app
    app.state.uploads.close()
    store.close()


def _files(count: int, offset: int = 0) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (f"cv{offset + i}.txt", CV.format(n=offset + i + 2).encode(),
                       "text/plain")) for i in range(count)]


def _start(client: httpx.Client, headers: dict[str, str], count: int,
           offset: int = 0) -> dict[str, Any]:
    r = client.post("/api/v1/recruitments/r1/candidates", params={"background": "true"},
                    files=_files(count, offset), headers=headers)
    assert r.status_code == 202, r.text
    job: dict[str, Any] = r.json()
    return job


def test_a_background_upload_reports_progress_to_its_uploader_only(
        served: tuple[str, dict[str, str], Any]) -> None:
    url, tokens, _ = served
    rec = {"Authorization": f"Bearer {tokens['rec']}"}
    with httpx.Client(base_url=url, timeout=60) as client:
        job = _start(client, rec, 12)
        assert job["files"] == 12 and job["stage"] in ("reading", "scoring", "storing")
        seen = []
        deadline = time.monotonic() + 120
        while job["stage"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            job = client.get(f"/api/v1/uploads/{job['id']}", headers=rec).json()
            seen.append((job["stage"], job["parsed"]))
            time.sleep(0.05)
        assert job["stage"] == "done" and job["parsed"] == 12 and job["error"] is None
        assert len(job["result"]["candidate_ids"]) == 12 and job["result"]["ranking"]
        # Another recruiter of the same recruitment cannot follow someone else's job.
        other = client.get(f"/api/v1/uploads/{job['id']}",
                           headers={"Authorization": f"Bearer {tokens['rec2']}"})
        assert other.status_code == 404


def test_other_requests_answer_while_an_upload_is_scored(
        served: tuple[str, dict[str, str], Any]) -> None:
    url, tokens, _ = served
    rec = {"Authorization": f"Bearer {tokens['rec']}"}
    with httpx.Client(base_url=url, timeout=60) as client:
        job_id = _start(client, rec, 40, offset=100)["id"]
        answered_while_running = 0
        while True:
            assert client.get("/health").status_code == 200
            stage = client.get(f"/api/v1/uploads/{job_id}", headers=rec).json()["stage"]
            if stage in ("done", "failed"):
                break
            answered_while_running += 1
            time.sleep(0.02)
        assert stage == "done"
        # Were the loop held by the upload, /health would answer only after it finished.
        assert answered_while_running >= 3


def test_a_file_past_its_time_limit_is_refused_by_name(
        served: tuple[str, dict[str, str], Any], tmp_path: Path) -> None:
    url, tokens, app = served
    rec = {"Authorization": f"Bearer {tokens['rec']}"}
    limit = app.state.uploads.timeout_s
    # Zero: asyncio.wait_for then times out at once unless the read is already done, which
    # a just-submitted read never is. (A tiny positive limit raced the loop: on a busy
    # machine the read could finish before the timer fired.)
    app.state.uploads.timeout_s = 0
    try:
        with httpx.Client(base_url=url, timeout=60) as client:
            r = client.post("/api/v1/recruitments/r1/candidates", files=_files(1, offset=900),
                            headers=rec)
    finally:
        app.state.uploads.timeout_s = limit
    assert r.status_code == 422
    problem = r.json()["problems"][0]
    assert problem["path"] == "cv900.txt" and "took longer than" in problem["message"]
    with httpx.Client(base_url=url, timeout=60) as client:  # a fresh pool reads again
        r = client.post("/api/v1/recruitments/r1/candidates", files=_files(1, offset=950),
                        headers=rec)
    assert r.status_code == 201, r.text


def test_a_poll_that_reaches_another_worker_sees_the_progress(
        tmp_path: Path, encoder: Any) -> None:
    # Two worker processes of one service share its SQLite file; the load balancer sends
    # the upload to one and the polls to the other.
    db = tmp_path / "w.db"
    access = AccessLog(db)
    token = access.add_user("rec", Role.RECRUITER)
    workers = []
    for _ in range(2):
        app = create_app(SQLiteStore(db), AccessLog(db), Settings(db=db))
        app.state.encoder = encoder
        workers.append(app)
    workers[0].state.recruitments.create_recruitment(Recruitment(
        "r1", "Handläggare", "teamhandlaggare", None, None, False, ("rec",)))
    rec = {"Authorization": f"Bearer {token}"}
    with Running(workers[0]) as first, Running(workers[1]) as second, \
            httpx.Client(base_url=f"http://127.0.0.1:{first.port}", timeout=60) as a, \
            httpx.Client(base_url=f"http://127.0.0.1:{second.port}", timeout=60) as b:
        job = _start(a, rec, 6)
        deadline = time.monotonic() + 120
        seen = b.get(f"/api/v1/uploads/{job['id']}", headers=rec).json()
        while seen["stage"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
            seen = b.get(f"/api/v1/uploads/{job['id']}", headers=rec).json()
        assert seen["stage"] == "done" and seen["parsed"] == seen["files"] == 6
        assert seen["result"] is None  # no scores in the shared copy
        ranking = b.get(seen["ranking"], headers=rec).json()["ranking"]
        assert len(ranking) == 6
        assert b.get(f"/api/v1/uploads/{job['id']}", headers={
            "Authorization": f"Bearer {access.add_user('rec2', Role.RECRUITER)}"}
        ).status_code == 404
    for app in workers:
        app.state.uploads.close()

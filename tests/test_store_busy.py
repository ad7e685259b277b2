"""While another connection holds SQLite's write lock (a large import), other users'
requests never answer 500 "database is locked": a token's last-use stamp is skipped, a write
or an audited read answers 503 in Swedish with Retry-After, and a background job that cannot
save its state ends as failed with a Swedish reason, the data untouched."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.core import later_checkpoint
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.model.generator import generate
from graph.store.sqlite_store import SQLiteStore


@pytest.fixture(autouse=True)
def _short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every connection the service opens waits this long for the lock, not 30 s.
    monkeypatch.setenv("SAMVERKAN_SQLITE_BUSY_TIMEOUT_S", "0.3")


def _service(tmp_path: Path) -> tuple[TestClient, dict[str, str], Path, str]:
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(generate(40, seed=3))
    access = AccessLog(db)
    headers = {"Authorization": f"Bearer {access.add_user('admin', Role.ADMIN)}"}
    person = store.read().people[0].id
    client = TestClient(create_app(store, access, Settings(db=db)),
                        raise_server_exceptions=False)
    return client, headers, db, person


@contextmanager
def _write_lock_held(db: Path) -> Iterator[None]:
    """Another process's long write: the write lock taken and kept."""
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _busy(response_status: int, body: dict[str, str], headers: dict[str, str]) -> None:
    assert response_status == 503, body
    assert body["error"] == "store_busy"
    assert "upptagen" in body["detail"] and "SAMVERKAN_SQLITE_BUSY_TIMEOUT_S" in body["detail"]
    assert int(headers["retry-after"]) >= 1


def test_a_token_read_is_answered_while_the_lock_is_held(tmp_path: Path) -> None:
    client, headers, db, _ = _service(tmp_path)
    with _write_lock_held(db):
        r = client.get("/api/v1/me", headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "admin"
    # The stamp was skipped, not lost for good: the next request after the lock notes it.
    # The store's checkpoint, put off while the lock was held, runs on its own thread just
    # after; the stamp never waits for a lock (timeout 0), so it is let finish first.
    later_checkpoint.settle()
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    access: AccessLog = client.app.state.access  # type: ignore[attr-defined]
    assert access.users()[0]["last_used"] is not None


def test_an_audited_read_answers_503_and_hands_nothing_out(tmp_path: Path) -> None:
    client, headers, db, person = _service(tmp_path)
    access: AccessLog = client.app.state.access  # type: ignore[attr-defined]
    before = access.count()
    with _write_lock_held(db):
        r = client.get(f"/api/v1/people/{person}", headers=headers)
        _busy(r.status_code, r.json(), dict(r.headers))
        assert person not in r.text
    # Strict: no read without its entry, and no entry for a read that was not answered.
    assert access.count() == before
    r = client.get(f"/api/v1/people/{person}", headers=headers)
    assert r.status_code == 200
    assert access.count() == before + 1


def test_a_write_answers_503_and_writes_nothing(tmp_path: Path) -> None:
    client, headers, db, person = _service(tmp_path)
    store: SQLiteStore = client.app.state.store  # type: ignore[attr-defined]
    row = next(p for p in store.read().people if p.id == person)
    changed = {**row.model_dump(mode="json", exclude_none=True), "title": "ny titel"}
    revision = store.revision()
    with _write_lock_held(db):
        r = client.put(f"/api/v1/people/{person}", json=changed, headers=headers)
        _busy(r.status_code, r.json(), dict(r.headers))
    assert store.revision() == revision
    assert next(p for p in store.read().people if p.id == person).title == row.title
    r = client.put(f"/api/v1/people/{person}", json=changed, headers=headers)
    assert r.status_code == 200, r.text


def _poll(client: TestClient, headers: dict[str, str], job: str) -> dict[str, object]:
    for _ in range(200):
        state: dict[str, object] = client.get(f"/api/v1/jobs/{job}", headers=headers).json()
        if state["state"] != "running":
            return state
        time.sleep(0.05)
    raise AssertionError("the job never ended")


def test_a_second_import_cannot_start_while_the_lock_is_held(tmp_path: Path) -> None:
    client, headers, db, _ = _service(tmp_path)
    store: SQLiteStore = client.app.state.store  # type: ignore[attr-defined]
    revision = store.revision()
    document = generate(10, seed=9)
    with _write_lock_held(db):
        r = client.post("/api/v1/import?background=true", json=document, headers=headers)
        _busy(r.status_code, r.json(), dict(r.headers))
    assert store.revision() == revision


def test_a_running_import_that_meets_the_lock_ends_failed_in_swedish(tmp_path: Path) -> None:
    client, headers, db, _ = _service(tmp_path)
    store: SQLiteStore = client.app.state.store  # type: ignore[attr-defined]
    before = store.read()
    document = generate(10, seed=9)
    # The lock is taken once the job is registered and running, as when a first import
    # starts its write while a second one is under way.
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    jobs = client.app.state.jobs  # type: ignore[attr-defined]
    real_start = jobs.start

    def start_then_lock(kind: str, owner: str, work):  # type: ignore[no-untyped-def]
        def locked_work(progress):  # type: ignore[no-untyped-def]
            other.execute("BEGIN IMMEDIATE")
            return work(progress)
        return real_start(kind, owner, locked_work)

    jobs.start = start_then_lock
    r = client.post("/api/v1/import?background=true", json=document, headers=headers)
    assert r.status_code == 202, r.text
    state = _poll(client, headers, r.json()["id"])
    time.sleep(1.0)  # the lock outlasts the job's first try to store its end (0.3 s)
    other.execute("ROLLBACK")
    other.close()
    assert state["state"] == "failed"
    assert "upptagen" in str(state["error"]) and "internt fel" not in str(state["error"])
    assert store.read() == before
    # Once the lock is free, the job's end reaches the registry, for any worker to read.
    registry = client.app.state.job_registry  # type: ignore[attr-defined]
    for _ in range(100):
        record = registry.get(r.json()["id"], "admin", {"import"})
        if record is not None and not record.running:
            break
        time.sleep(0.05)
    assert record is not None and record.stage == "failed" and "upptagen" in record.error

"""The start-up reports built in a child process (api.usecases.background_reports): a
real process builds the real reports of a small store while requests are answered, the
service picks them up without building them itself, and a result for an old revision is
never shown: the build is stopped when the store moves, its files go, and a child asked
for a revision the store has left writes nothing."""

from __future__ import annotations

import fcntl
import pickle
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.usecases import background_reports, contacts, reports
from api.usecases.background_reports import STALE, folder_of
from graph.core.access import AccessLog, Role
from graph.core.private_files import private_file
from graph.core.settings import Settings
from graph.model.generator import generate
from graph.store.sqlite_store import SQLiteStore

DAY = "2026-01-01"  # tests/conftest.py's frozen day


def _until(ok: Callable[[], object], what: str, limit: float = 180) -> None:
    deadline = time.monotonic() + limit  # a loaded machine; a child imports the service
    while not ok():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


@contextmanager
def _builds_held(db: Path) -> Iterator[None]:
    """Holds the lock every build takes first: a child started meanwhile waits, alive."""
    with private_file(folder_of(db) / "build.lock").open("rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _oracle(db: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Both reports built in this process on the store opened afresh."""
    fresh = SQLiteStore(db)
    G = fresh.collaboration_graph()
    return reports.spanners(fresh, G).report.rows, reports.risks(fresh, G).rows


def _files(db: Path, revision: int) -> list[str]:
    return sorted(p.name for p in folder_of(db).glob(f"{revision}-*.pickle"))


def test_reports_come_from_a_child_process_and_follow_the_revision(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(generate(600, seed=4, national=True))
    access = AccessLog(db)
    headers = {"Authorization": f"Bearer {access.add_user('chef', Role.DIRECTOR)}"}
    G = SQLiteStore(db).collaboration_graph()
    source = next(p for p, party in G.nodes(data="party") if party != "fk" and G.degree(p))
    fresh = SQLiteStore(db)
    goal = contacts.prepare_paths(fresh, "org:fk")
    expected_paths = contacts.paths(goal[0], source, goal[1])
    expected = _oracle(db)

    # From here on this process cannot build either report: whatever it shows was built
    # by the child (which imports the real ones).
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("built in the service's own interpreter")

    monkeypatch.setattr(reports, "spanner_report", refuse)
    monkeypatch.setattr(reports, "risk_report", refuse)
    app = create_app(store, access, Settings(db=db, warm_reports=True, query_budget_s=3),
                     warm=True)
    try:
        with _builds_held(db), TestClient(app) as client:
            _until(lambda: background_reports._running.get(store) is not None
                   and background_reports._running[store].child is not None, "no child")
            builds = background_reports._running[store]
            child = builds.child
            assert child is not None and child.poll() is None  # building (held)
            # A path question is answered meanwhile, and a report request waits for the
            # child's result (503 past the budget) instead of building it here.
            r = client.get("/api/v1/paths", params={"from": source, "to": "org:fk"},
                           headers=headers)
            assert r.status_code == 200 and r.json() == expected_paths
            r = client.get("/api/v1/analyses/spanners", headers=headers)
            assert r.status_code == 503 and "SAMVERKAN_QUERY_BUDGET_S" in r.json()["detail"]
        revision = store.revision()
        _until(lambda: len(_files(db, revision)) == 2, "the reports were not written")
        G = store.collaboration_graph()
        assert reports.spanners(store, G).report.rows == expected[0]
        assert reports.risks(store, G).rows == expected[1]

        # A write: the build for the old revision is stopped, its files go, and the
        # reports of the new revision come from a new child.
        victim = expected[0][0]["person"]
        with _builds_held(db):
            store.delete("people", victim, cascade=True)
            _until(lambda: builds.child is not None and builds.child is not child
                   and builds.child.poll() is None, "no build for the new revision")
            waiting = builds.child
            store.put("people", {"id": "ny-person", "name": "Ny Person",
                                 "organisation": store.read().organisations[0].id})
            _until(lambda: waiting is not None and waiting.poll() is not None,
                   "the stale build was not stopped")
            assert _files(db, revision) == []
        _until(lambda: len(_files(db, store.revision())) == 2, "no reports after the write")
        G = store.collaboration_graph()
        rows = reports.spanners(store, G).report.rows
        risks = reports.risks(store, G).rows
        assert victim not in {row["person"] for row in rows}
        monkeypatch.undo()  # the oracle builds here
        assert (rows, risks) == _oracle(db)
    finally:
        background_reports._running[store].stop()


def test_a_child_asked_for_a_revision_the_store_has_left_writes_nothing(
        tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(generate(200, seed=5, national=True))
    old = store.revision()
    store.put("people", {"id": "ny-person", "name": "Ny Person", "organisation": "af"})
    done = subprocess.run(
        [sys.executable, "-m", "api.usecases.background_reports", str(db), str(old), DAY,
         str(folder_of(db))], check=False, timeout=300)
    assert done.returncode == STALE
    assert list(folder_of(db).glob("*.pickle")) == []
    done = subprocess.run(
        [sys.executable, "-m", "api.usecases.background_reports", str(db),
         str(store.revision()), DAY, str(folder_of(db))], check=False, timeout=300)
    assert done.returncode == 0 and len(_files(db, store.revision())) == 2


def _waiting_build(store: SQLiteStore) -> tuple[background_reports.BackgroundReports,
                                                 subprocess.Popen[bytes]]:
    """Builds started for ``store``, and their child, alive (the caller holds the lock)."""
    builds = background_reports.start(store)
    _until(lambda: builds.child is not None and builds.child.poll() is None, "no child")
    assert builds.child is not None
    return builds, builds.child


def test_a_write_only_signals_the_supervisor_which_stops_the_stale_build_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With the poll an hour long, only the write's own signal can wake the supervisor.
    monkeypatch.setattr(background_reports, "POLL_S", 3600.0)
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(generate(200, seed=5, national=True))
    with _builds_held(db):
        builds, child = _waiting_build(store)
        try:
            started = time.monotonic()
            store.put("people", {"id": "ny-person", "name": "Ny Person", "organisation": "af"})
            # The write returned without waiting for the child it made stale...
            assert child.poll() is None or time.monotonic() - started < 5
            # ...and the supervisor, woken by it, stopped that child and started the next.
            _until(lambda: child.poll() is not None, "the stale build was not stopped", 60)
            _until(lambda: builds.child is not None and builds.child is not child,
                   "no build for the new revision", 60)
        finally:
            builds.stop()


def test_the_supervisor_never_waits_for_the_stores_lock(tmp_path: Path) -> None:
    """A long request holding the store (its lock) does not hold up the supervisor: another
    worker's write is still seen, and the build it made stale stopped."""
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(generate(200, seed=5, national=True))
    other_worker = SQLiteStore(db)
    with _builds_held(db):
        builds, child = _waiting_build(store)
        try:
            with store._lock:  # what a request reading the store holds
                other_worker.put("people", {"id": "ny-person", "name": "Ny Person",
                                            "organisation": "af"})
                _until(lambda: child.poll() is not None, "the supervisor waited", 60)
        finally:
            builds.stop()


def test_both_reports_are_built_without_the_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child frees the document once it has the projection and the little the risk
    report reads of it (graph.reports.risk_inputs), before either report; both equal the
    reports built on the store opened afresh."""
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(generate(300, seed=6, national=True))
    expected = _oracle(db)
    seen: list[tuple[str, bool]] = []
    real_risks, real_spanners = reports.risks_of, reports.spanners_of

    def risks_of(s: SQLiteStore, G: Any, inputs: Any, **kwargs: Any) -> reports.Risks:
        seen.append(("risks", s._cache._doc is None))
        return real_risks(s, G, inputs, **kwargs)

    def spanners_of(s: SQLiteStore, G: Any, **kwargs: Any) -> reports.Spanners:
        seen.append(("spanners", s._cache._doc is None))
        return real_spanners(s, G, **kwargs)

    monkeypatch.setattr(reports, "risks_of", risks_of)
    monkeypatch.setattr(reports, "spanners_of", spanners_of)
    assert background_reports.build(db, store.revision(), DAY, folder_of(db)) == 0
    assert seen == [("risks", True), ("spanners", True)]
    monkeypatch.undo()
    with (folder_of(db) / f"{store.revision()}-{DAY}-spanners.pickle").open("rb") as f:
        assert pickle.load(f).report.rows == expected[0]
    with (folder_of(db) / f"{store.revision()}-{DAY}-risks.pickle").open("rb") as f:
        assert pickle.load(f).rows == expected[1]

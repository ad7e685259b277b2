"""The service's start-up builds (api.usecases.warm_up): the path index first, the reports
after it in a child process, and path answers that never wait for the reports."""

from __future__ import annotations

import fcntl
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.in_flight import Requests
from api.usecases import background_reports, contacts, reports
from api.usecases import warm_up as warm_up_module
from api.usecases.background_reports import folder_of
from graph.core.access import AccessLog, Role
from graph.core.private_files import private_file
from graph.core.settings import Settings
from graph.model.generator import generate
from graph.reports.paths import path_index
from graph.store.sqlite_store import SQLiteStore


def _oracle(path: Path, source: str, target: str) -> list[dict[str, object]]:
    """The same question on a store opened afresh, with nothing built in advance."""
    fresh = SQLiteStore(path)
    try:
        G, goal = contacts.prepare_paths(fresh, target)
        return contacts.paths(G, source, goal)
    finally:
        fresh.close()


def test_paths_are_answered_while_the_reports_are_still_being_built(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(generate(1500, seed=4, national=True))
    G = SQLiteStore(db).collaboration_graph()
    sources = [p for p, party in G.nodes(data="party") if party != "fk" and G.degree(p)][:5]
    access = AccessLog(db)
    token = access.add_user("chef", Role.DIRECTOR)
    headers = {"Authorization": f"Bearer {token}"}
    expected = {s: _oracle(db, s, "org:fk") for s in sources}

    # Every report build takes this lock first (one at a time): held, the child process
    # that builds them waits, and every path answer below must come without them.
    with private_file(folder_of(db) / "build.lock").open("rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        app = create_app(store, access, Settings(db=db, warm_reports=True), warm=True)
        with TestClient(app) as client:
            for s in sources:
                r = client.get("/api/v1/paths", params={"from": s, "to": "org:fk"},
                               headers=headers)
                assert r.status_code == 200 and r.json() == expected[s]
            G = store.collaboration_graph()
            assert path_index.peek(G) is not None
            assert reports._spanners.peek(G) in (None, {})  # not built here
    app.state.warm_up.join(timeout=300)
    assert not app.state.warm_up.is_alive()
    # The default reports, built by the child, picked up here.
    built = background_reports._running[store]
    assert reports.spanners(store, store.collaboration_graph()).report.rows
    assert reports.risks(store, store.collaboration_graph()).rows
    assert len(list(built.folder.glob(f"{store.revision()}-*.pickle"))) == 2
    built.stop()

    # The write indexes were built ahead: a write patches the projection.
    victim = next(p for p in G if p not in sources and G.degree(p) > 1)
    store.delete("people", victim, cascade=True)
    with TestClient(app) as client:
        for s in sources:
            r = client.get("/api/v1/paths", params={"from": s, "to": "org:fk"},
                           headers=headers)
            assert r.status_code == 200 and r.json() == _oracle(db, s, "org:fk")


def test_without_reports_the_warm_up_builds_only_paths_and_write_indexes(
        tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(generate(300, seed=5, national=True))
    app = create_app(store, AccessLog(db), Settings(db=db, warm_reports=False), warm=True)
    app.state.warm_up.join(timeout=120)
    G = store.collaboration_graph()
    assert path_index.peek(G) is not None
    assert reports._spanners.peek(G) is None
    assert store._cache._building is not None  # the row indexes, started ahead of a write


def test_after_a_bulk_import_the_write_indexes_are_built_ahead_again(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    data = generate(200, seed=6, national=True)
    store.write(data)
    store.prepare_writes()
    assert store._cache._building is not None
    store.write(data, replace=True)  # "everything changed": the cache reloads
    G = store.collaboration_graph()
    assert store._cache._building is not None
    victim = next(p for p in G if G.degree(p) > 1)
    store.delete("people", victim, cascade=True)
    assert victim not in store.collaboration_graph()
    assert list(store.collaboration_graph()) == list(
        SQLiteStore(store.path).collaboration_graph())


def test_the_write_indexes_wait_until_no_request_is_being_answered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first path question, waiting for the path index, still has work when the index
    is there: the write indexes start once it is answered, not beside it."""
    store = SQLiteStore(tmp_path / "s.db")
    store.write(generate(300, seed=5, national=True))
    requests = Requests()
    answered = threading.Event()

    def answer() -> None:  # the question's own target's work, after the index
        time.sleep(0.5)
        answered.set()
        requests.__exit__(None, None, None)

    def index_then_question(G: object) -> None:
        path_index(G)
        requests.__enter__()  # the question was waiting for the index
        threading.Thread(target=answer).start()

    seen: list[bool] = []
    monkeypatch.setattr(warm_up_module, "path_index", index_then_question)
    monkeypatch.setattr(store, "prepare_writes", lambda: seen.append(answered.is_set()))
    warm_up_module.warm_up(store, with_reports=False, quiet=requests.until_none)
    assert seen == [True]

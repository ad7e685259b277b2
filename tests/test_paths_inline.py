"""A path question whose projection and index are at hand is read on the event loop, not
handed to the query pool (api.routes_contacts.answer_paths): the same answer and the same
audit entry as the pool's, and one that a full pool does not hold up."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api import deps
from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore


def _service(tmp_path: Path, seed: dict[str, Any]) -> tuple[SQLiteStore, AccessLog,
                                                           TestClient, list[str], str]:
    store = SQLiteStore(tmp_path / "inline.db")
    store.write(seed)
    access = AccessLog(tmp_path / "inline.db")
    token = access.add_user("staff", Role.STAFF)
    # a short budget: a question left waiting for the pool answers 503 within a second
    client = TestClient(create_app(store, access, Settings(db=tmp_path / "inline.db",
                                                           query_budget_s=1.0)))
    G = store.collaboration_graph()
    people = sorted(p for p in G if G.degree(p) > 0)
    return store, access, client, people, token


def test_a_question_on_a_built_projection_is_answered_while_the_pool_is_full(
        tmp_path: Path, _seed: dict[str, Any]) -> None:
    store, access, client, people, token = _service(tmp_path, _seed)
    auth = {"Authorization": f"Bearer {token}"}
    questions = [{"from": people[0], "to": "org:fk"}, {"from": people[1], "to": people[2]}]
    # the first asking of each builds the index and resolves the organisation (the pool)
    first = [client.get("/api/v1/paths", params=q, headers=auth) for q in questions]
    assert [r.status_code for r in first] == [200, 200]

    release = threading.Event()
    blockers = [deps._POOL.submit(release.wait, 30) for _ in range(deps._POOL._max_workers)]
    try:
        again = [client.get("/api/v1/paths", params=q, headers=auth) for q in questions]
        # a target never asked for on this projection: a person, resolved at once
        new = client.get("/api/v1/paths", params={"from": people[3], "to": people[4]},
                         headers=auth)
    finally:
        release.set()
        for b in blockers:
            b.result()
    assert [r.status_code for r in again] == [200, 200]
    assert [r.json() for r in again] == [r.json() for r in first]
    assert new.status_code == 200
    targets = [e.target for e in access.entries(action="paths")]
    assert len(targets) == 5
    assert targets[1:3] == targets[3:5]  # newest first: the same entries as the pool's
    store.close()


def test_the_loop_and_the_pool_give_the_same_answer_and_entry(
        tmp_path: Path, _seed: dict[str, Any]) -> None:
    store, access, client, people, token = _service(tmp_path, _seed)
    auth = {"Authorization": f"Bearer {token}"}
    question = {"from": people[5], "to": people[6], "k": "4"}
    client.get("/api/v1/paths", params=question, headers=auth)  # builds the index
    on_loop = client.get("/api/v1/paths", params=question, headers=auth)
    store.release_rows()  # the next projection is read again: not at hand, the pool's
    assert store.ready_graph() is None
    in_pool = client.get("/api/v1/paths", params=question, headers=auth)
    assert on_loop.status_code == in_pool.status_code == 200
    assert on_loop.content == in_pool.content
    newest = access.entries(action="paths", limit=2)
    assert newest[0].target == newest[1].target
    assert newest[0].target is not None and newest[0].target.count("person~") == 2
    # an unknown asker is refused the same way on the loop as in the pool
    unknown = client.get("/api/v1/paths", params={"from": "finns-inte", "to": people[6]},
                         headers=auth)
    store.release_rows()
    unknown_pool = client.get("/api/v1/paths", params={"from": "finns-inte",
                                                       "to": people[6]}, headers=auth)
    assert unknown.status_code == unknown_pool.status_code == 404
    assert unknown.json() == unknown_pool.json()
    store.close()


def test_a_projection_is_not_at_hand_while_its_cache_is_busy(
        tmp_path: Path, _seed: dict[str, Any]) -> None:
    store = SQLiteStore(tmp_path / "busy.db")
    store.write(_seed)
    G = store.collaboration_graph()
    assert store.ready_graph() is G
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with store._cache._lock:  # as a build or a patch holds it
            held.set()
            done.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        assert store.ready_graph() is None
    finally:
        done.set()
        holder.join()
    assert store.ready_graph() is G
    store.close()

"""GET /api/v1/paths through the contacts-only app (api.hot_routes) answers exactly as the
service's own routing does: the same statuses, bodies, headers and audit entries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import hot_routes
from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.store.sqlite_store import SQLiteStore

HEADERS = ("content-type", "cache-control", "content-security-policy", "x-frame-options",
           "www-authenticate", "retry-after")


def _asked(client: TestClient, access: AccessLog, tokens: dict[str, str], people: list[str]
           ) -> list[tuple[Any, ...]]:
    """Each question's status, body, headers and how many audit entries it added."""
    asker, other = people[0], people[1]
    questions: list[tuple[str | None, dict[str, str]]] = [
        ("staff", {"from": asker, "to": "org:fk"}),
        ("director", {"from": asker, "to": other, "k": "2"}),
        ("staff", {"from": asker, "to": "org:finns-inte"}),
        ("staff", {"from": "finns-inte", "to": other}),
        ("staff", {"from": asker, "to": other, "k": "0"}),
        ("staff", {"from": asker, "to": other, "k": "tre"}),
        ("staff", {"to": other}),
        (None, {"from": asker, "to": other}),
        ("recruiter", {"from": asker, "to": other}),
        ("admin", {"from": asker, "to": other}),
    ]
    out = []
    for role, params in questions:
        before = access.count(action="paths")
        headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
        r = client.get("/api/v1/paths", params=params, headers=headers)
        out.append((role, params, r.status_code, r.json(),
                    {h: r.headers.get(h) for h in HEADERS},
                    access.count(action="paths") - before))
    return out


def test_the_contacts_app_answers_as_the_service_routing_does(
        tmp_path: Path, _seed: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    store = SQLiteStore(tmp_path / "hot.db")
    store.write(_seed)
    access = AccessLog(tmp_path / "hot.db")
    tokens = {role.value: access.add_user(f"user-{role.value}", role) for role in Role}
    client = TestClient(create_app(store, access))
    G = store.collaboration_graph()
    people = sorted(p for p in G if G.degree(p) > 0)

    hot = _asked(client, access, tokens, people)
    monkeypatch.setattr(hot_routes, "HOT", ())  # every request through the service's routes
    routed = _asked(client, access, tokens, people)

    assert hot == routed
    statuses = [row[2] for row in hot]
    assert statuses == [200, 200, 404, 404, 422, 422, 422, 401, 403, 403]
    assert [row[5] for row in hot][:2] == [1, 1]  # each answer with its audit entry
    store.close()


def test_routes_set_up_at_start_still_answer(tmp_path: Path, _seed: dict[str, Any]) -> None:
    store = SQLiteStore(tmp_path / "set-up.db")
    store.write(_seed)
    access = AccessLog(tmp_path / "set-up.db")
    staff = {"Authorization": f"Bearer {access.add_user('staff', Role.STAFF)}"}
    app = create_app(store, access)
    hot_routes.set_up_routes(app).join()  # the walk's own 404 leaves nothing behind
    client = TestClient(app)
    assert client.get("/api/v1/people", headers=staff).status_code == 200
    missing = client.get("/api/v1/finns-inte", headers=staff)
    assert (missing.status_code, missing.json()["detail"]) == (404, "adressen finns inte")
    assert access.count() == 1  # the directory read's entry; the walk wrote none
    store.close()

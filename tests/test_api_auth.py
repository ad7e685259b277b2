"""Every route against the one permission matrix, with every role and anonymously."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import PERMISSIONS, PUBLIC
from graph.core.access import AccessLog, Role
from graph.store.sqlite_store import SQLiteStore

PATH_PARAMS = {"person_id": "kl-af-foretag", "organisation": "lomma", "row_id": "lomma",
               "profile_id": "handbok", "recruitment_id": "r1", "candidate_id": "c1",
               "job_id": "1", "round_id": "r1"}
QUERIES: dict[str, dict[str, Any]] = {
    "/api/v1/paths": {"from": "p152", "to": "role:kl-af-strategisk-kontakt"},
    "/api/v1/find": {"topic": "aktivitetsersättning"},
}
BODIES = {"/api/v1/analyses/what-if": {"remove": ["kl-af-foretag"]}}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, _seed: dict[str, Any]
            ) -> Iterator[tuple[TestClient, dict[str, str], AccessLog, Path]]:
    db = tmp_path_factory.mktemp("api") / "api.db"
    store = SQLiteStore(db)
    store.write(_seed)
    access = AccessLog(db)
    tokens = {role.value: access.add_user(f"user-{role.value}", role) for role in Role}
    yield TestClient(create_app(store, access)), tokens, access, db
    store.close()


def _call(client: TestClient, method: str, template: str, token: str | None) -> int:
    path = template.format(**PATH_PARAMS)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.request(method, path, params=QUERIES.get(template),
                              json=BODIES.get(template), headers=headers)
    assert response.status_code < 500, (method, template, response.text)
    return response.status_code


def all_routes(app: Any) -> list[tuple[str, str]]:
    """Every (method, path) the app serves: its OpenAPI paths and any route left out."""
    documented = {(m.upper(), p) for p, ops in app.openapi()["paths"].items() for m in ops}
    direct = {(m, r.path) for r in app.routes if isinstance(r, APIRoute) for m in r.methods}
    return sorted(documented | direct)


def test_every_route_follows_the_matrix(tmp_path: Path, _seed: dict[str, Any]) -> None:
    # A service of its own: an admin's DELETE and PUT calls change the graph.
    store = SQLiteStore(tmp_path / "matrix.db")
    store.write(_seed)
    access = AccessLog(tmp_path / "matrix.db")
    tokens = {role.value: access.add_user(f"user-{role.value}", role) for role in Role}
    client = TestClient(create_app(store, access))
    routes = all_routes(client.app)
    assert len(routes) >= 50
    missing = [r for r in routes if r not in PERMISSIONS]
    assert not missing, f"routes missing from the permission matrix: {missing}"
    assert not [k for k in PERMISSIONS if k not in routes], "matrix names a route that is gone"
    for method, template in routes:
        allowed = PERMISSIONS[(method, template)]
        anonymous = _call(client, method, template, None)
        assert (anonymous == 401) != (allowed is PUBLIC), (template, anonymous)
        for role, token in tokens.items():
            status = _call(client, method, template, token)
            if allowed is PUBLIC or Role(role) in allowed:
                # Allowed through the gate; the route may still say 404, 409 or 422.
                assert status not in (401, 403), (method, template, role, status)
            else:
                assert status == 403, (method, template, role, status)


def test_a_route_outside_the_matrix_is_refused(service: tuple[TestClient, dict[str, str],
                                                              AccessLog, Path]) -> None:
    client, tokens, _, _ = service
    app = client.app

    @app.get("/api/v1/forgotten")  # type: ignore[attr-defined, misc]
    def forgotten() -> dict[str, str]:
        return {"secret": "x"}

    try:
        response = client.get("/api/v1/forgotten",
                              headers={"Authorization": f"Bearer {tokens['admin']}"})
        assert response.status_code == 403 and response.json()["error"] == "forbidden"
    finally:
        app.router.routes.pop()  # type: ignore[attr-defined]


def test_personal_data_reads_are_audited(service: tuple[TestClient, dict[str, str],
                                                        AccessLog, Path]) -> None:
    client, tokens, access, db = service
    staff = {"Authorization": f"Bearer {tokens['staff']}", "X-Purpose": "kontakt FK"}
    assert client.get("/api/v1/people/p152", headers=staff).status_code == 200
    entry = access.entries(action="read_person", limit=1)[0]
    # People are named by keyed pseudonym, never by id (the key is outside the database).
    assert (entry.user, entry.role, entry.target, entry.purpose) == (
        "user-staff", "staff", access.pseudonyms.of("person", "p152"), "kontakt FK")
    assert "p152" not in entry.target
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    listed = client.get("/api/v1/audit", params={"who": "user-staff"}, headers=admin).json()
    assert listed and all(e["user"] == "user-staff" for e in listed)
    with sqlite3.connect(db) as raw, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM audit")


def test_errors_are_clear_and_unknown_fields_refused(
        service: tuple[TestClient, dict[str, str], AccessLog, Path]) -> None:
    client, tokens, _, _ = service
    director = {"Authorization": f"Bearer {tokens['director']}"}
    r = client.post("/api/v1/analyses/what-if", json={"remove": ["nobody"]}, headers=director)
    assert r.status_code == 404 and r.json() == {"error": "not_found",
                                                 "detail": "remove: okänd person 'nobody'"}
    r = client.post("/api/v1/analyses/what-if", json={"remove": ["p1"], "approve": True},
                    headers=director)
    assert r.status_code == 422
    r = client.get("/api/v1/paths", params={"from": "p152", "to": "ghost"},
                   headers={"Authorization": f"Bearer {tokens['staff']}"})
    assert r.status_code == 404 and "ghost" in r.json()["detail"]


def test_repeated_bad_tokens_are_slowed_down(tmp_path: Path, small: dict[str, Any]) -> None:
    store = SQLiteStore(tmp_path / "x.db")
    store.write(small)
    client = TestClient(create_app(store, AccessLog(tmp_path / "x.db")))
    codes = [client.get("/api/v1/people", headers={"Authorization": "Bearer wrong"}).status_code
             for _ in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    assert client.get("/health").status_code == 200


def test_a_missing_encoder_is_unavailable_not_a_bad_request() -> None:
    # The encoder (like the store) is the service's problem, not the client's: 503, and
    # the CLI's exit code 3, from the one error table each.
    from api.cli import EXIT_CODES
    from api.errors import status_for
    from graph.core.errors import EncoderUnavailableError, StoreUnavailableError

    for exc in (EncoderUnavailableError("x"), StoreUnavailableError("y")):
        assert status_for(exc) == 503
        assert next(c for cls, c in EXIT_CODES.items() if isinstance(exc, cls)) == 3

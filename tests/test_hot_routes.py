"""GET /api/v1/paths through the contacts-only app (api.hot_routes) answers exactly as the
service's own routing does: the same statuses, bodies, headers and audit entries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import hot_routes
from api.app import create_app
from api.hot_paths import well_formed
from graph.core.access import AccessLog, Role
from graph.store.sqlite_store import SQLiteStore

HEADERS = ("content-type", "cache-control", "content-security-policy", "x-frame-options",
           "www-authenticate", "retry-after")


def _asked(client: TestClient, access: AccessLog, tokens: dict[str, str], people: list[str]
           ) -> list[tuple[Any, ...]]:
    """Each question's status, body, headers and how many audit entries it added."""
    asker, other = people[0], people[1]
    questions: list[tuple[str | None, dict[str, str] | list[tuple[str, str]]]] = [
        ("staff", {"from": asker, "to": "org:fk"}),
        ("director", {"from": asker, "to": other, "k": "2"}),
        ("staff", {"from": asker, "to": "org:finns-inte"}),
        ("staff", {"from": "finns-inte", "to": other}),
        ("staff", {"from": asker, "to": other, "k": "0"}),
        ("staff", {"from": asker, "to": other, "k": "tre"}),
        ("staff", {"from": asker, "to": other, "k": "20"}),
        ("staff", {"from": asker, "to": other, "k": "21"}),
        ("staff", {"from": asker, "to": other, "k": " 3"}),
        ("staff", {"from": asker, "to": other, "as_of": "2025-06-01"}),
        ("staff", {"from": asker, "to": other, "as_of": "1 jan"}),
        ("staff", {"from": asker, "to": other, "scope": "ab"}),
        ("staff", {"from": asker, "to": other, "scope": "ab," * 1000}),
        ("staff", {"from": "", "to": other}),
        ("staff", [("from", asker), ("from", other), ("to", other)]),
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
    # " 3" and a repeated "from" are FastAPI's to read (an int with spaces; the last value)
    assert statuses == [200, 200, 404, 404, 422, 422, 200, 422, 200, 200, 422, 200, 422, 404,
                        200, 422, 401, 403, 403]
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


@pytest.mark.parametrize(("query", "read"), [
    (b"from=p1&to=org%3Afk", ("p1", "org:fk", 3, None, None)),
    (b"from=p1&to=p2&k=20&as_of=2025-06-01&scope=ab%2Ccd&other=x",
     ("p1", "p2", 20, date(2025, 6, 1), "ab,cd")),
    (b"from=%C3%A5sa&to=p2", ("åsa", "p2", 3, None, None)),
])
def test_a_well_formed_question_is_read_here(query: bytes, read: tuple[Any, ...]) -> None:
    assert well_formed(query) == read


@pytest.mark.parametrize("query", [
    b"to=p2", b"from=p1", b"from=&to=p2", b"from=p1&to=", b"from=p1&to=p2&k=0",
    b"from=p1&to=p2&k=21", b"from=p1&to=p2&k=03", b"from=p1&to=p2&k=+3", b"from=p1&to=p2&k=",
    b"from=p1&to=p2&as_of=2025-6-1", b"from=p1&to=p2&as_of=", b"from=p1&from=p3&to=p2",
    b"from=p1&to=p2&scope=" + b"a" * 2001,
])
def test_every_other_question_goes_to_fastapis_validation(query: bytes) -> None:
    assert well_formed(query) is None


@pytest.fixture
def served(tmp_path: Path, _seed: dict[str, Any]) -> Iterator[tuple[TestClient, AccessLog,
                                                                     list[str]]]:
    store = SQLiteStore(tmp_path / "served.db")
    store.write(_seed)
    access = AccessLog(tmp_path / "served.db")
    G = store.collaboration_graph()
    with TestClient(create_app(store, access)) as client:
        yield client, access, sorted(p for p in G if G.degree(p) > 0)
    store.close()


def test_a_revoked_token_is_refused_at_once(
        served: tuple[TestClient, AccessLog, list[str]]) -> None:
    client, access, people = served
    staff = {"Authorization": f"Bearer {access.add_user('staff', Role.STAFF)}"}
    question = {"from": people[0], "to": people[1]}
    assert client.get("/api/v1/paths", params=question, headers=staff).status_code == 200
    access.revoke("staff")
    refused = client.get("/api/v1/paths", params=question, headers=staff)
    assert (refused.status_code, refused.json()["detail"]) == (
        401, "nyckeln gäller inte: den är fel, har gått ut eller är spärrad")
    assert access.count(action="paths") == 1


def test_an_erased_persons_paths_are_not_answered(
        served: tuple[TestClient, AccessLog, list[str]]) -> None:
    client, access, people = served
    staff = {"Authorization": f"Bearer {access.add_user('staff', Role.STAFF)}"}
    admin = {"Authorization": f"Bearer {access.add_user('admin', Role.ADMIN)}"}
    asker, erased = people[0], people[1]
    assert client.get("/api/v1/paths", params={"from": asker, "to": erased},
                      headers=staff).status_code == 200
    assert client.delete(f"/api/v1/people/{erased}", headers=admin).status_code == 200
    for question in ({"from": asker, "to": erased}, {"from": erased, "to": asker},
                     {"from": erased, "to": "org:fk"}):
        r = client.get("/api/v1/paths", params=question, headers=staff)
        assert (r.status_code, r.json()["error"]) == (404, "not_found"), (question, r.text)
    # nor a path through them to anyone
    for target in people[2:12]:
        r = client.get("/api/v1/paths", params={"from": asker, "to": target}, headers=staff)
        assert all(erased not in row["people"] for row in r.json()), target


# Said by the labels Kontaktvägar shows (api/errors.py: ROUTE_LABELS, PARAMETER_LABELS);
# each problem keeps the parameter's own name in ``path`` for API clients.
@pytest.mark.parametrize(("params", "detail"), [
    ({"k": "0"}, "Antal vägar: måste vara minst 1"),
    ({"k": "tre"}, "Antal vägar: ska vara ett heltal"),
    ({"as_of": "1 jan"}, "Per datum: ska vara ett datum ÅÅÅÅ-MM-DD, inte '1 jan'"),
    ({"from": None}, "Jag är: obligatoriskt fält saknas"),
])
def test_a_bad_parameters_swedish_error_is_unchanged(
        served: tuple[TestClient, AccessLog, list[str]], params: dict[str, str | None],
        detail: str) -> None:
    client, access, people = served
    staff = {"Authorization": f"Bearer {access.add_user('staff', Role.STAFF)}"}
    question = {k: v for k, v in ({"from": people[0], "to": people[1]} | params).items()
                if v is not None}
    r = client.get("/api/v1/paths", params=question, headers=staff)
    assert (r.status_code, r.json()["error"], r.json()["detail"]) == (
        422, "invalid_request", detail)
    field = next(iter(params))
    assert [p["path"] for p in r.json()["problems"]] == [f"query.{field}"]
    assert [p["field"] for p in r.json()["problems"]] == [detail.split(":")[0]]

"""Browser sessions without a browser: the trial key exchanged for the session cookie, its
expiry (the clock is the service's own, moved by the test), CSRF, sign-out everywhere, no
mixing of a session and a token; roles from the organisation's groups; users linked to a
person from the command line."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.oidc import OidcSettings, role_for
from api.sessions import COOKIE, SessionSettings, SessionStore
from graph.core.access import AccessLog, Role, User
from graph.core.errors import StoreBusyError
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore

SEED = Path(__file__).resolve().parents[1] / "seed" / "finsam.json"
BASE = "https://samverkan.example"  # httpx sends a Secure cookie only over https
ORIGIN = {"Origin": BASE}


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[Any, AccessLog, Clock, dict[str, str]]]:
    store = SQLiteStore(tmp_path / "s.db")
    store.write(json.loads(SEED.read_text(encoding="utf-8")))
    access = AccessLog(tmp_path / "s.db")
    keys = {"director": access.add_user("dina", Role.DIRECTOR, person="p1"),
            "staff": access.add_user("sam", Role.STAFF)}
    clock = Clock()
    app = create_app(store, access, Settings(db=tmp_path / "s.db"), clock=clock,
                     oidc=OidcSettings(issuer=None),
                     sessions=SessionSettings(idle_minutes=30, absolute_hours=10))
    yield app, access, clock, keys
    store.close()
    access.close()


def browser(app: Any) -> TestClient:
    return TestClient(app, base_url=BASE)


def sign_in(client: TestClient, key: str) -> str:
    answer = client.post("/auth/key", json={"key": key}, headers=ORIGIN)
    assert answer.status_code == 200, answer.text
    csrf: str = client.get("/api/v1/me").json()["csrf_token"]
    return csrf


def test_the_trial_key_becomes_an_httponly_session_cookie(service: Any) -> None:
    app, access, _, keys = service
    client = browser(app)
    assert client.get("/auth/methods").json() == {"oidc": False, "key": True}
    # Only a page of the service itself may sign in (no forced sign-in from another site).
    answer = client.post("/auth/key", json={"key": keys["director"]})
    assert (answer.status_code, answer.json()["error"]) == (403, "csrf_token_missing")
    answer = client.post("/auth/key", json={"key": "fel"}, headers=ORIGIN)
    assert answer.status_code == 401 and COOKIE not in answer.cookies
    answer = client.post("/auth/key", json={"key": keys["director"]}, headers=ORIGIN)
    assert answer.status_code == 200
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and keys["director"] not in cookie
    assert {"HttpOnly", "Secure", "SameSite=lax", "Path=/"} <= {
        part.strip() for part in cookie.split(";")}
    me = client.get("/api/v1/me").json()
    assert (me["name"], me["role"], me["person"]) == ("dina", "director", "p1")
    assert me["role_name"] == "förbundschef"  # what the page header shows
    assert len(me["csrf_token"]) >= 40
    actions = [(e.action, e.user, e.target) for e in access.entries(limit=10)
               if e.action.startswith("sign_in")]
    assert actions == [("sign_in", "dina", "key"), ("sign_in_failed", None, "key: unknown key")]


def test_state_changing_requests_need_the_csrf_token(service: Any) -> None:
    app, _, _, keys = service
    client = browser(app)
    csrf = sign_in(client, keys["director"])
    body = {"remove": ["p1"]}
    answer = client.post("/api/v1/analyses/what-if", json=body)
    assert (answer.status_code, answer.json()["error"]) == (403, "csrf_token_missing")
    answer = client.post("/api/v1/analyses/what-if", json=body, headers={"X-CSRF-Token": "x"})
    assert answer.status_code == 403
    answer = client.post("/api/v1/analyses/what-if", json=body, headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 200, answer.text
    # The role's limits hold for a session as for a token.
    assert client.get("/api/v1/audit").status_code == 403


def test_a_session_and_a_token_never_mix(service: Any) -> None:
    app, _, _, keys = service
    client = browser(app)
    sign_in(client, keys["staff"])
    answer = client.get("/api/v1/people", headers={"Authorization": f"Bearer {keys['director']}"})
    assert (answer.status_code, answer.json()["error"]) == (400, "mixed_credentials")
    # A machine's token alone still works as before.
    machine = TestClient(app, base_url=BASE)
    answer = machine.get("/api/v1/me", headers={"Authorization": f"Bearer {keys['director']}"})
    assert answer.status_code == 200 and "csrf_token" not in answer.json()


def test_sessions_end_when_idle_and_at_their_absolute_age(service: Any) -> None:
    app, _, clock, keys = service
    client = browser(app)
    sign_in(client, keys["staff"])
    clock.now += 29 * 60
    assert client.get("/api/v1/me").status_code == 200
    clock.now += 31 * 60  # idle past 30 minutes since the last request
    assert client.get("/api/v1/me").status_code == 401
    # Kept busy, a session still ends ten hours after sign-in.
    sign_in(client, keys["staff"])
    signed_in = clock.now
    for _ in range(40):
        clock.now += 20 * 60
        if client.get("/api/v1/me").status_code != 200:
            break
    assert clock.now - signed_in == 10 * 3600 + 20 * 60  # alive at 10 h, gone at the next


def test_signing_out_ends_the_session_in_every_browser(service: Any) -> None:
    app, access, _, keys = service
    laptop, phone, other = browser(app), browser(app), browser(app)
    csrf = sign_in(laptop, keys["staff"])
    sign_in(phone, keys["staff"])
    sign_in(other, keys["director"])
    # Signing in again replaces the browser's session; the earlier one is over.
    earlier = other.cookies[COOKIE]
    sign_in(other, keys["director"])
    assert TestClient(app, base_url=BASE, cookies={COOKIE: earlier}).get(
        "/api/v1/me").status_code == 401
    stale = laptop.cookies[COOKIE]
    assert laptop.post("/auth/logout", headers=ORIGIN).status_code == 403  # no CSRF token
    answer = laptop.post("/auth/logout", headers={**ORIGIN, "X-CSRF-Token": csrf})
    assert answer.status_code == 200 and answer.json() == {"redirect": None}
    assert phone.get("/api/v1/me").status_code == 401
    assert other.get("/api/v1/me").status_code == 200  # someone else's session is theirs
    replay = TestClient(app, base_url=BASE, cookies={COOKIE: stale})
    assert replay.get("/api/v1/me").status_code == 401
    assert [(e.user, e.target) for e in access.entries(action="sign_out")] == [("sam", "key")]


def test_with_a_provider_configured_there_is_no_trial_key(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "o.db")
    access = AccessLog(tmp_path / "o.db")
    key = access.add_user("dina", Role.DIRECTOR)
    app = create_app(store, access, Settings(db=tmp_path / "o.db"),
                     oidc=OidcSettings(issuer="https://idp.example", client_id="samverkan"))
    client = browser(app)
    assert client.get("/auth/methods").json() == {"oidc": True, "key": False}
    assert client.post("/auth/key", json={"key": key}, headers=ORIGIN).status_code == 404
    # Machines keep their tokens.
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    store.close()
    access.close()


def test_session_store_forgets_a_sign_in_state_after_one_use(tmp_path: Path) -> None:
    clock = Clock()
    sessions = SessionStore(tmp_path / "l.db", clock=clock)
    sessions.begin_login("state-1", {"nonce": "n"})
    assert sessions.take_login("state-1") == {"nonce": "n"}
    assert sessions.take_login("state-1") is None
    sessions.begin_login("state-2", {"nonce": "n"})
    clock.now += 601
    assert sessions.take_login("state-2") is None
    raw = sessions.create(User(0, "dina", Role.DIRECTOR), "oidc")
    got = sessions.get(raw)
    assert got is not None and got.user.name == "dina" and sessions.get(raw + "x") is None
    sessions.close()


@pytest.mark.parametrize(("claims", "role_map", "expected"), [
    ({"groups": ["samverkan-ledning", "alla"]}, {"samverkan-ledning": "director"}, "director"),
    ({"groups": ["alla"]}, {"samverkan-ledning": "director"}, None),
    ({"groups": "samverkan-ledning"}, {"samverkan-ledning": "director"}, "director"),
    # Several mapped values: the first of admin, director, staff, recruiter.
    ({"groups": ["r", "s"]}, {"r": "recruiter", "s": "staff"}, "staff"),
    # No map: a value equal to a role's name is that role.
    ({"groups": ["recruiter", "ekonomi"]}, {}, "recruiter"),
    ({"groups": ["ekonomi"]}, {}, None),
    ({}, {}, None),
])
def test_roles_come_from_the_organisations_groups(claims: dict[str, Any],
                                                   role_map: dict[str, str],
                                                   expected: str | None) -> None:
    settings = OidcSettings(issuer="https://idp.example",
                            role_map={k: Role(v) for k, v in role_map.items()})
    assert role_for(claims, settings) == (Role(expected) if expected else None)


def test_role_map_and_claim_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKAN_OIDC_ISSUER", "https://login.example/tenant/v2.0")
    monkeypatch.setenv("SAMVERKAN_OIDC_ROLE_CLAIM", "roles")
    monkeypatch.setenv("SAMVERKAN_OIDC_ROLE_MAP", '{"Samverkan.Ledning": "director"}')
    settings = OidcSettings()
    assert settings.enabled and settings.role_claim == "roles"
    assert role_for({"roles": ["Samverkan.Ledning"]}, settings) is Role.DIRECTOR


def test_user_add_links_a_user_to_a_person(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")

    def run(*args: str) -> tuple[int, str, str]:
        try:
            main(["--db", db, *args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    assert run("import", str(SEED))[0] == 0
    code, out, _ = run("user", "add", "dina", "--role", "director", "--person", "p1", "--json")
    assert code == 0
    created = json.loads(out)
    assert created["person"] == "p1"
    access = AccessLog(db)
    user = access.user_for(created["token"])
    assert user is not None and user.person == "p1"
    access.close()
    code, _, err = run("user", "add", "nils", "--role", "staff", "--person", "p99999")
    assert code == 4 and "p99999" in err


@pytest.fixture
def held_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
               ) -> Iterator[tuple[Any, Clock, dict[str, str], sqlite3.Connection]]:
    """The service with a short busy timeout, and a second connection to its one SQLite
    file (store, access log and sessions) that takes the write lock when the test says."""
    monkeypatch.setenv("SAMVERKAN_SQLITE_BUSY_TIMEOUT_S", "0.2")
    store = SQLiteStore(tmp_path / "s.db")
    store.write(json.loads(SEED.read_text(encoding="utf-8")))
    access = AccessLog(tmp_path / "s.db")
    keys = {"staff": access.add_user("sam", Role.STAFF)}
    clock = Clock()
    app = create_app(store, access, Settings(db=tmp_path / "s.db"), clock=clock,
                     oidc=OidcSettings(issuer=None), sessions=SessionSettings())
    other = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    yield app, clock, keys, other
    other.close()
    store.close()
    access.close()


def test_a_held_write_lock_makes_session_writes_503_store_busy(held_store: Any) -> None:
    app, clock, keys, other = held_store
    client = browser(app)
    sign_in(client, keys["staff"])
    other.execute("BEGIN IMMEDIATE")  # another write (a large import) holds the lock
    try:
        # Signing in writes a session: refused whole, with Retry-After and in Swedish.
        second = browser(app)
        answer = second.post("/auth/key", json={"key": keys["staff"]}, headers=ORIGIN)
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"] == "store_busy"
        assert "upptagen" in answer.json()["detail"]
        assert int(answer.headers["Retry-After"]) > 0
        assert COOKIE not in answer.cookies
        # Reading a live session whose last use is due to be noted still answers: the
        # note is skipped, not waited for.
        clock.now += 60
        assert client.get("/api/v1/me").status_code == 200
        with pytest.raises(StoreBusyError):
            SessionStore(app.state.access.path).end_all("sam")  # the CLI's user remove
    finally:
        other.execute("ROLLBACK")
    # Once the lock is free the same sign-in works, and the skipped note is written.
    answer = browser(app).post("/auth/key", json={"key": keys["staff"]}, headers=ORIGIN)
    assert answer.status_code == 200
    assert client.get("/api/v1/me").status_code == 200

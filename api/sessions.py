"""Browser sessions: a random id in a Secure, HttpOnly, SameSite=Lax cookie, and everything
else on the server.

A person's browser never holds a token it could leak to a script: the cookie carries only
the session id (stored here as its SHA-256), and the session ends after an idle period, at
an absolute age, or when the person signs out (which ends all of that person's sessions).
Every state-changing request on a session must repeat the session's CSRF token in the
``X-CSRF-Token`` header; a cross-site page can neither read that token nor, under
SameSite=Lax, send the cookie with its POST.

Sessions live in the access log's SQLite file, so every worker process sees the same ones.
The clock is passed in, so expiry is tested without waiting.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request, Response
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.core.access import Role, User

COOKIE = "samverkan_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOGIN_TTL_S = 600.0  # an OIDC sign-in must come back from the provider within this
SEEN_EVERY_S = 30.0  # last-seen is written at most this often, not on every request

Clock = Callable[[], float]


class SessionSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAMVERKAN_SESSION_", extra="ignore")

    idle_minutes: float = Field(default=30, gt=0, description="Ends after this long unused.")
    absolute_hours: float = Field(default=10, gt=0, description="Ends this long after sign-in.")
    # Browsers send a Secure cookie only over https, except to loopback (Chromium and
    # Firefox treat http://localhost and http://127.0.0.1 as secure). Turn this off only for
    # a trial on a plain-http address that is not loopback.
    cookie_secure: bool = True


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str
    source: str  # "oidc" or "key"
    created: float
    id_token: str | None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class SessionStore:
    """Sessions and the short-lived state of OIDC sign-ins under way, in SQLite."""

    def __init__(self, path: str | Path, settings: SessionSettings | None = None,
                 clock: Clock = time.time) -> None:
        self.settings = settings or SessionSettings()
        self.clock = clock
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout=30000")
        self._db.executescript("""
            CREATE TABLE IF NOT EXISTS sessions (
                id_sha256 TEXT PRIMARY KEY, user TEXT NOT NULL, role TEXT NOT NULL,
                person TEXT, source TEXT NOT NULL, csrf TEXT NOT NULL, id_token TEXT,
                created REAL NOT NULL, seen REAL NOT NULL);
            CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user);
            CREATE TABLE IF NOT EXISTS login_attempts (
                state_sha256 TEXT PRIMARY KEY, data TEXT NOT NULL, created REAL NOT NULL);
        """)
        self._lock = threading.Lock()

    @property
    def idle_s(self) -> float:
        return self.settings.idle_minutes * 60

    @property
    def absolute_s(self) -> float:
        return self.settings.absolute_hours * 3600

    def create(self, user: User, source: str, id_token: str | None = None) -> str:
        """A new session; returns its id, which only the cookie holds."""
        raw = secrets.token_urlsafe(32)
        now = self.clock()
        with self._lock:
            self._db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_digest(raw), user.name, str(user.role), user.person, source,
                 secrets.token_urlsafe(32), id_token, now, now))
        return raw

    def get(self, raw: str) -> Session | None:
        """The live session with this id (its last use noted), or None once it has ended."""
        now = self.clock()
        key = _digest(raw)
        with self._lock:
            row = self._db.execute(
                "SELECT user, role, person, source, csrf, id_token, created, seen "
                "FROM sessions WHERE id_sha256 = ?", (key,)).fetchone()
            if row is None:
                return None
            created, seen = row[6], row[7]
            if now - seen > self.idle_s or now - created > self.absolute_s:
                self._db.execute("DELETE FROM sessions WHERE id_sha256 = ?", (key,))
                return None
            if now - seen > SEEN_EVERY_S:
                self._db.execute("UPDATE sessions SET seen = ? WHERE id_sha256 = ?", (now, key))
        return Session(User(0, row[0], Role(row[1]), person=row[2]), row[4], row[3], created,
                       row[5])

    def end(self, raw: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE id_sha256 = ?", (_digest(raw),))

    def end_all(self, user: str) -> int:
        """End every session of this user, in every browser; returns how many."""
        with self._lock:
            cursor = self._db.execute("DELETE FROM sessions WHERE user = ?", (user,))
        return cursor.rowcount

    def begin_login(self, state: str, data: dict[str, Any]) -> None:
        now = self.clock()
        with self._lock:
            self._db.execute("DELETE FROM login_attempts WHERE created < ?", (now - LOGIN_TTL_S,))
            self._db.execute("INSERT INTO login_attempts VALUES (?, ?, ?)",
                             (_digest(state), json.dumps(data), now))

    def take_login(self, state: str) -> dict[str, Any] | None:
        """The sign-in begun with this state, once: a second call finds nothing."""
        key = _digest(state)
        with self._lock:
            row = self._db.execute("DELETE FROM login_attempts WHERE state_sha256 = ? "
                                   "RETURNING data, created", (key,)).fetchone()
        if row is None or self.clock() - row[1] > LOGIN_TTL_S:
            return None
        data: dict[str, Any] = json.loads(row[0])
        return data

    def close(self) -> None:
        with self._lock:
            self._db.close()


def set_cookie(response: Response, request: Request, name: str, value: str,
               max_age: float | None) -> None:
    settings: SessionSettings = request.app.state.sessions.settings
    response.set_cookie(name, value, max_age=int(max_age) if max_age else None, path="/",
                        secure=settings.cookie_secure, httponly=True, samesite="lax")


def start(request: Request, response: Response, user: User, source: str,
          id_token: str | None = None) -> None:
    """Sign the browser in: a new session and its cookie. The browser's earlier session, if
    any, ends: an id planted before sign-in (session fixation) is worth nothing after."""
    store: SessionStore = request.app.state.sessions
    if (earlier := request.cookies.get(COOKIE)) is not None:
        store.end(earlier)
    raw = store.create(user, source, id_token)
    set_cookie(response, request, COOKIE, raw, store.absolute_s)


def same_origin(request: Request) -> bool:
    """The request comes from a page of this service (Origin, else Referer, names our host).

    Guards the requests that run before there is a session to hold a CSRF token: signing in
    with a key (or a cross-site page could sign a victim in as someone else)."""
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    return bool(source) and urlsplit(source).netloc == request.headers.get("host")

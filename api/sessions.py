"""Browser sessions: a random id in a Secure, HttpOnly, SameSite=Lax cookie, and everything
else on the server.

A person's browser never holds a token it could leak to a script: the cookie carries only
the session id (stored here as its SHA-256), and the session ends after an idle period, at
an absolute age, or when the person signs out (which ends all of that person's sessions).
Every state-changing request on a session must repeat the session's CSRF token in the
``X-CSRF-Token`` header; a cross-site page can neither read that token nor, under
SameSite=Lax, send the cookie with its POST.

Sessions live in the access log's SQLite file, so every worker process sees the same ones.
That file is the graph store's by default, so a large import's write lock holds session
writes too: they wait the service's one busy timeout (SAMVERKAN_SQLITE_BUSY_TIMEOUT_S) and
then answer 503 ``store_busy`` with Retry-After (:class:`StoreBusyError`), like every other
write. Reading a live session never fails on the lock: noting its last use is skipped and
done by a later request. The clock is passed in, so expiry is tested without waiting.
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
from graph.core.private_files import busy_as_error, busy_timeout_s, is_busy

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
        self._db.execute(f"PRAGMA busy_timeout={int(busy_timeout_s() * 1000)}")
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
        with self._lock, busy_as_error():
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
                # Ended either way; a row left by a held lock is removed by the next get.
                self._quietly("DELETE FROM sessions WHERE id_sha256 = ?", (key,))
                return None
            if now - seen > SEEN_EVERY_S:
                self._quietly("UPDATE sessions SET seen = ? WHERE id_sha256 = ?", (now, key))
        return Session(User(0, row[0], Role(row[1]), person=row[2]), row[4], row[3], created,
                       row[5])

    def _quietly(self, sql: str, args: tuple[Any, ...]) -> None:
        """A bookkeeping write that a read must not wait on: a held lock skips it at once
        (the next request writes it), so reading a session neither waits for a large
        import nor answers 503 of its own."""
        self._db.execute("PRAGMA busy_timeout=0")
        try:
            self._db.execute(sql, args)
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
        finally:
            self._db.execute(f"PRAGMA busy_timeout={int(busy_timeout_s() * 1000)}")

    def end(self, raw: str) -> None:
        with self._lock, busy_as_error():
            self._db.execute("DELETE FROM sessions WHERE id_sha256 = ?", (_digest(raw),))

    def end_all(self, user: str) -> int:
        """End every session of this user, in every browser; returns how many."""
        with self._lock, busy_as_error():
            cursor = self._db.execute("DELETE FROM sessions WHERE user = ?", (user,))
        return cursor.rowcount

    def begin_login(self, state: str, data: dict[str, Any]) -> None:
        now = self.clock()
        with self._lock, busy_as_error():
            self._db.execute("DELETE FROM login_attempts WHERE created < ?", (now - LOGIN_TTL_S,))
            self._db.execute("INSERT INTO login_attempts VALUES (?, ?, ?)",
                             (_digest(state), json.dumps(data), now))

    def take_login(self, state: str) -> dict[str, Any] | None:
        """The sign-in begun with this state, once: a second call finds nothing."""
        key = _digest(state)
        with self._lock, busy_as_error():
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

"""Authentication and the one permission matrix every route passes through.

Deny by default: a route that is not in ``PERMISSIONS`` is refused for everyone, and a
test walks every route with every role and anonymously against this table.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from api.sessions import COOKIE, CSRF_HEADER, SAFE_METHODS, Session, SessionStore
from graph.core.access import ROLE_NAMES, AccessLog, Role, User
from graph.core.errors import SamverkanError
from graph.core.private_files import private_file
from graph.model.schema import ENTITY_SECTIONS, SECTIONS

PUBLIC: frozenset[Role] = frozenset()
STAFF_UP = frozenset({Role.ADMIN, Role.DIRECTOR, Role.STAFF})
DIRECTOR = frozenset({Role.DIRECTOR})
CONTACTS = frozenset({Role.DIRECTOR, Role.STAFF})
ADMIN = frozenset({Role.ADMIN})
RECRUITER = frozenset({Role.RECRUITER})
RECRUITING = frozenset({Role.ADMIN, Role.RECRUITER})
ANY_ROLE = frozenset(Role)

# (method, path template) -> roles allowed; PUBLIC needs no token.
PERMISSIONS: dict[tuple[str, str], frozenset[Role]] = {
    ("GET", "/health"): PUBLIC,
    ("GET", "/ready"): PUBLIC,
    ("GET", "/"): PUBLIC,  # a redirect to the web interface
    ("GET", "/favicon.ico"): PUBLIC,  # the interface's icon (api/web/static/favicon.svg)
    # Signing in and out: before anyone is signed in; each route checks what it needs.
    ("GET", "/auth/methods"): PUBLIC,
    ("POST", "/auth/key"): PUBLIC,
    ("GET", "/auth/login"): PUBLIC,
    ("GET", "/auth/callback"): PUBLIC,
    ("POST", "/auth/logout"): PUBLIC,
    ("GET", "/api/v1/me"): ANY_ROLE,
    ("GET", "/api/v1/map"): DIRECTOR,
    ("GET", "/api/v1/people/{row_id}/card"): DIRECTOR,
    ("GET", "/api/v1/guide/{organisation}/html"): CONTACTS,
    ("GET", "/api/v1/stats"): PUBLIC,
    ("GET", "/api/v1/people"): STAFF_UP,
    ("GET", "/api/v1/people/{row_id}"): STAFF_UP,
    ("GET", "/api/v1/analyses/spanners"): DIRECTOR,
    ("GET", "/api/v1/analyses/risk"): DIRECTOR,
    ("GET", "/api/v1/analyses/connectivity"): DIRECTOR,
    ("POST", "/api/v1/analyses/what-if"): DIRECTOR,
    ("GET", "/api/v1/analyses/changes"): DIRECTOR,
    ("GET", "/api/v1/analyses/bridging"): DIRECTOR,
    ("GET", "/api/v1/analyses/seats"): DIRECTOR,
    ("GET", "/api/v1/analyses/succession/{person_id}"): DIRECTOR,
    ("GET", "/api/v1/analyses/risk/scale"): DIRECTOR,
    ("GET", "/api/v1/exports/spanners.csv"): DIRECTOR,
    ("GET", "/api/v1/exports/risk.csv"): DIRECTOR,
    ("GET", "/api/v1/exports/connectivity.csv"): DIRECTOR,
    ("GET", "/api/v1/exports/board-report.pdf"): DIRECTOR,
    ("GET", "/api/v1/paths"): CONTACTS,
    ("GET", "/api/v1/find"): CONTACTS,
    ("GET", "/api/v1/guide/{organisation}"): CONTACTS,
    ("GET", "/api/v1/guide/{organisation}/pdf"): CONTACTS,
    ("GET", "/api/v1/contact-answer"): CONTACTS,
    ("GET", "/api/v1/audit"): ADMIN,
    ("POST", "/api/v1/import"): ADMIN,
    ("GET", "/api/v1/export"): ADMIN,
    ("GET", "/api/v1/people/{row_id}/export"): ADMIN,
    ("GET", "/api/v1/profiles"): RECRUITING,
    ("GET", "/api/v1/profiles/{profile_id}"): RECRUITING,
    ("PUT", "/api/v1/profiles/{profile_id}"): ADMIN,
    ("POST", "/api/v1/recruitments"): ADMIN,
    ("GET", "/api/v1/recruitments"): RECRUITING,
    ("GET", "/api/v1/recruitments/{recruitment_id}"): RECRUITING,
    ("PUT", "/api/v1/recruitments/{recruitment_id}/decision"): RECRUITING,
    # Reading applicants' texts and scores is for the assigned recruiters alone.
    ("POST", "/api/v1/recruitments/{recruitment_id}/candidates"): RECRUITER,
    ("GET", "/api/v1/recruitments/{recruitment_id}/ranking"): RECRUITER,
    ("GET", "/api/v1/uploads/{job_id}"): RECRUITER,  # an upload's progress, its uploader's only
    ("GET", "/api/v1/candidates/{candidate_id}"): RECRUITER,
    ("POST", "/api/v1/candidates/{candidate_id}/review"): RECRUITER,
    # Data-protection duties: the subject's request for a copy may reach either; erasing
    # is an administrator's act on a recorded request (separation of duties).
    ("GET", "/api/v1/candidates/{candidate_id}/export"): RECRUITING,
    ("DELETE", "/api/v1/candidates/{candidate_id}"): ADMIN,
    ("DELETE", "/api/v1/recruitments/{recruitment_id}"): ADMIN,
    ("POST", "/api/v1/admin/purge"): ADMIN,
    # Administration (issue 20): assignable users, the audit log's pages, names and file;
    # the ranking with evidence as files for the diarium, for its assigned recruiters.
    ("GET", "/api/v1/users"): ADMIN,
    ("GET", "/api/v1/audit/page"): ADMIN,
    ("GET", "/api/v1/audit/actions"): ADMIN,
    ("GET", "/api/v1/audit.csv"): ADMIN,
    ("GET", "/api/v1/recruitments/{recruitment_id}/ranking.csv"): RECRUITER,
    ("GET", "/api/v1/recruitments/{recruitment_id}/ranking.pdf"): RECRUITER,
    # Spreadsheets, staff lists and the long work they start (issue 23).
    ("GET", "/api/v1/spreadsheet/template"): ADMIN,
    ("GET", "/api/v1/export/xlsx"): ADMIN,
    ("POST", "/api/v1/import/spreadsheet"): ADMIN,
    ("GET", "/api/v1/jobs/{job_id}"): ADMIN,
    ("DELETE", "/api/v1/jobs/{job_id}"): ADMIN,
    ("POST", "/api/v1/staff-lists/preview"): ADMIN,
    ("POST", "/api/v1/staff-lists/apply"): ADMIN,
    ("GET", "/api/v1/edit/schema"): ADMIN,
    ("GET", "/api/v1/edit/rows"): ADMIN,
    ("PUT", "/api/v1/edit"): ADMIN,
    ("DELETE", "/api/v1/edit"): ADMIN,
    ("POST", "/api/v1/edit/undo"): ADMIN,
    ("GET", "/api/v1/edit/undo"): ADMIN,
    ("GET", "/api/v1/edit/history"): ADMIN,
    ("POST", "/api/v1/surveys"): ADMIN,
    ("GET", "/api/v1/surveys"): ADMIN,
    ("GET", "/api/v1/surveys/{round_id}"): ADMIN,
    ("POST", "/api/v1/surveys/{round_id}/reminders"): ADMIN,
    ("POST", "/api/v1/surveys/{round_id}/close"): ADMIN,
    ("GET", "/api/v1/surveys/{round_id}/comparison"): ADMIN,
    # The survey form: no account, only the personal one-use token (X-Survey-Token), which
    # the routes check themselves; without a valid one they answer 404 (or 422 without any).
    ("GET", "/api/v1/survey-form"): PUBLIC,
    ("GET", "/api/v1/survey-form/people"): PUBLIC,
    ("POST", "/api/v1/survey-form"): PUBLIC,
}

# Every section of the graph: the directory reads it, an admin changes it.
for _section in SECTIONS:
    if _section != "people":
        PERMISSIONS[("GET", f"/api/v1/{_section}")] = STAFF_UP
    if _section in ENTITY_SECTIONS:
        if _section != "people":
            PERMISSIONS[("GET", f"/api/v1/{_section}/{{row_id}}")] = STAFF_UP
        PERMISSIONS[("PUT", f"/api/v1/{_section}/{{row_id}}")] = ADMIN
        PERMISSIONS[("DELETE", f"/api/v1/{_section}/{{row_id}}")] = ADMIN
    else:
        PERMISSIONS[("POST", f"/api/v1/{_section}")] = ADMIN
        PERMISSIONS[("DELETE", f"/api/v1/{_section}")] = ADMIN

# Organisations hold no personal data, and a recruiter picks a post's target among them.
PERMISSIONS[("GET", "/api/v1/organisations")] = ANY_ROLE
PERMISSIONS[("GET", "/api/v1/organisations/{row_id}")] = ANY_ROLE

FAILURES_ALLOWED = 10  # bad tokens per client and token prefix per window
FAILURES_PER_CLIENT = 100  # bad tokens per client per window, whatever their prefixes
FAILURE_WINDOW_S = 60.0


class NotAuthenticatedError(SamverkanError):
    code = "not_authenticated"


class ForbiddenError(SamverkanError):
    code = "forbidden"


class TooManyFailuresError(SamverkanError):
    code = "too_many_failures"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class CsrfError(ForbiddenError):
    code = "csrf_token_missing"


class MixedCredentialsError(SamverkanError):  # 400, the errors table's default
    code = "mixed_credentials"


class FailureLimiter:
    """Counts failed token checks per client and token prefix, shared by every worker.

    The counts live in a small SQLite file of their own beside the database (every
    worker process opens it), or in memory when no path is given. A valid token is
    never refused: it is checked before the counts are, so ten bad guesses from an
    office's shared address lock out no one who holds a real token. Tokens carry 256
    random bits, so the limit is not what stops guessing; it tells a misbehaving client
    to wait (429, ``Retry-After``) and bounds how many failures one client can cause.
    """

    def __init__(self, path: Path | None = None, allowed: int = FAILURES_ALLOWED,
                 per_client: int = FAILURES_PER_CLIENT, window: float = FAILURE_WINDOW_S,
                 clock: Callable[[], float] = time.time) -> None:
        self.allowed, self.per_client, self.window, self.clock = (allowed, per_client,
                                                                   window, clock)
        self._db = sqlite3.connect(str(private_file(path)) if path else ":memory:",
                                   isolation_level=None, check_same_thread=False)
        if path:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=5000")
        # Counts are not worth an fsync each: losing the last few on a crash is harmless.
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL "
                         "NOT NULL)")
        self._db.execute("CREATE INDEX IF NOT EXISTS failures_key ON failures (key, at)")
        self._lock = threading.Lock()

    def fail(self, client: str, token: str) -> int:
        """Count one failure; the seconds to wait if the client is now over a limit, else 0."""
        prefix = hashlib.sha256(token[:8].encode()).hexdigest()[:16]
        keys = ((f"{client}|{prefix}", self.allowed), (f"{client}|*", self.per_client))
        now = self.clock()
        wait = 0.0
        with self._lock:
            self._db.execute("DELETE FROM failures WHERE at < ?", (now - self.window,))
            self._db.executemany("INSERT INTO failures VALUES (?, ?)",
                                 [(key, now) for key, _ in keys])
            for key, allowed in keys:
                count, oldest = self._db.execute(
                    "SELECT count(*), min(at) FROM failures WHERE key = ?", (key,)).fetchone()
                if count > allowed:
                    wait = max(wait, oldest + self.window - now)
        return max(1, math.ceil(wait)) if wait else 0


def client_address(request: Request, trusted_proxies: frozenset[str]) -> str:
    """The client's address: the peer's, unless the peer is a configured proxy, in which
    case the nearest address in ``X-Forwarded-For`` that is not one of those proxies."""
    peer = request.client.host if request.client else "unknown"
    if peer not in trusted_proxies:
        return peer  # a forwarded header from anyone else is the client's own claim
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if hop not in trusted_proxies:
            return hop
    return peer


def authenticate(request: Request) -> User:
    """The user whose bearer token the request presents; 401 (or 429) otherwise.

    Called by :func:`authorize` and, for requests that carry a body, by the size-limit
    middleware before any of the body is read.
    """
    access: AccessLog = request.app.state.access
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise NotAuthenticatedError("logga in först (en nyckel, bearer token, behövs)")
    user = access.user_for(token)
    if user is not None:
        return user
    limiter: FailureLimiter = request.app.state.limiter
    settings = request.app.state.settings
    wait = limiter.fail(client_address(request, frozenset(settings.trusted_proxies)), token)
    if wait:
        raise TooManyFailuresError(
            f"för många misslyckade inloggningar; vänta {wait} s och försök igen", wait)
    raise NotAuthenticatedError("nyckeln gäller inte: den är fel, har gått ut eller är spärrad")


def admit(request: Request, key: tuple[str, str]) -> User | None:
    """Check a request against the matrix entry of ``key`` (method, path template)."""
    allowed = PERMISSIONS.get(key)
    if allowed is None:
        raise ForbiddenError(f"{key[0]} {key[1]} är inte öppen för någon")
    if allowed is PUBLIC:
        return None
    # A person's browser session (its CSRF token checked on state-changing requests; a
    # request with both a session cookie and a bearer token is refused there), else a
    # machine's bearer token.
    session = session_of(request)
    if session is not None:
        request.state.session = session
        user = session.user
    else:
        user = authenticate(request)
    if user.role not in allowed:
        raise ForbiddenError(f"rollen {ROLE_NAMES[user.role]} får inte använda {key[0]} {key[1]}")
    return user


async def authorize(request: Request) -> User | None:
    """The app-wide dependency: find the route in the matrix, then check the token.

    It runs on the event loop, not in the thread pool: the token check is one indexed
    read (about 20 µs) on a connection no writer blocks, cheaper than a thread hop.
    """
    route = request.scope.get("route")
    return authorize_for(request, (request.method, getattr(route, "path", "")))


def authorize_for(request: Request, key: tuple[str, str]) -> User | None:
    """:func:`authorize` for a request whose route is known (``key``: method, path
    template) without FastAPI's routing (api.hot_paths)."""
    user = admit(request, key)
    if user is not None:
        request.state.user = user
    return user


def session_of(request: Request) -> Session | None:
    """The request's live browser session, None when it carries no session cookie.

    A cookie that names no live session, a session together with a bearer token, and a
    state-changing request without the session's CSRF token are each refused.
    """
    raw = request.cookies.get(COOKIE)
    if raw is None:
        return None
    refuse_mixed(request)
    store: SessionStore = request.app.state.sessions
    session = store.get(raw)
    if session is None:
        raise NotAuthenticatedError("sessionen har gått ut; logga in igen")
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), session.csrf.encode()):
            raise CsrfError("en ändring behöver sessionens X-CSRF-Token; ladda om sidan")
    return session


def refuse_mixed(request: Request) -> None:
    if request.headers.get("authorization"):
        raise MixedCredentialsError(
            "en begäran bär antingen en webbläsarsession eller en nyckel (bearer token), inte båda")


CurrentUser = Annotated[User | None, Depends(authorize)]

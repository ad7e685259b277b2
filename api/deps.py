"""Dependencies and helpers every router shares: the store, the user, audit, limits."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from typing import Annotated, Any, TypeVar
from urllib.parse import unquote

from fastapi import Depends, Query, Request

from api.auth import CurrentUser, FailureLimiter
from api.oidc import OidcClient
from api.sessions import SessionStore
from api.uploads import UploadJobs
from graph.core.access import AccessLog, AuditRecord, Role, User
from graph.core.budget import Budget, budget
from graph.core.errors import QueryBudgetError
from graph.core.progress import Jobs
from graph.core.settings import Settings
from graph.model.schema import REFERENCES, SECTIONS, IsoDate, strip_controls
from graph.store.change_history import ChangeHistory
from graph.store.erasure import ErasureHook
from graph.store.protocol import GraphStore
from graph.store.sqlite_store import SQLiteStore
from graph.store.staff_links import StaffLinks
from graph.survey.rounds import SurveyRecords
from matching.recruitments import RecruitmentStore

__all__ = [
    "SCOPE_MAX_CHARS",
    "Access",
    "AppSettings",
    "AsOf",
    "CurrentUser",
    "EditHistoryDep",
    "ErasureHooksDep",
    "JobsDep",
    "LimiterDep",
    "Offset",
    "OidcDep",
    "QueryBudgetError",
    "RecruitmentsDep",
    "ScopeQuery",
    "SessionsDep",
    "StaffLinksDep",
    "Store",
    "SurveyRecordsDep",
    "UploadsDep",
    "audit",
    "audit_async",
    "audited",
    "audits_with",
    "forget_subject",
    "people_async",
    "record_of",
    "subject",
    "within_budget",
]

T = TypeVar("T")


async def get_store(request: Request) -> GraphStore:
    # async on purpose: FastAPI runs a plain function dependency in the thread pool, and
    # that hop costs more than this lookup
    store: GraphStore = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_access(request: Request) -> AccessLog:
    return _access(request)


def _state(name: str) -> Callable[[Request], Any]:
    async def get(request: Request) -> Any:
        return getattr(request.app.state, name)

    return get


# The app's state as typed parameters (create_app sets each), so that routes declare what
# they use instead of reaching into request.app.state.
Store = Annotated[GraphStore, Depends(get_store)]
AppSettings = Annotated[Settings, Depends(get_settings)]
Access = Annotated[AccessLog, Depends(get_access)]
EditHistoryDep = Annotated[ChangeHistory, Depends(_state("edit_history"))]
# What else holds a person's data and must forget them on erasure (api/app.py)
ErasureHooksDep = Annotated[list[ErasureHook], Depends(_state("erasure_hooks"))]
JobsDep = Annotated[Jobs, Depends(_state("jobs"))]
LimiterDep = Annotated[FailureLimiter, Depends(_state("limiter"))]
OidcDep = Annotated[OidcClient | None, Depends(_state("oidc"))]  # None: no provider set up
RecruitmentsDep = Annotated[RecruitmentStore, Depends(_state("recruitments"))]
SessionsDep = Annotated[SessionStore, Depends(_state("sessions"))]
StaffLinksDep = Annotated[StaffLinks, Depends(_state("staff_links"))]
SurveyRecordsDep = Annotated[SurveyRecords, Depends(_state("survey_records"))]
UploadsDep = Annotated[UploadJobs, Depends(_state("uploads"))]
# Bounded so that no offset overflows SQLite's 64-bit integers (Schemathesis found one).
Offset = Annotated[int, Query(ge=0, le=2**31 - 1, description="Rows to skip.")]
AsOf = Annotated[IsoDate | None,
                 Query(description="The day the graph describes (YYYY-MM-DD); default today.")]
# The longest ``scope`` a request may give (characters).
SCOPE_MAX_CHARS = 2000
ScopeQuery = Annotated[str | None, Query(
    max_length=SCOPE_MAX_CHARS, description="Limit the analysis to these organisations (ids, comma-"
    "separated): a förbund with the units seated in its forums, or organisations with "
    "their units (graph.analysis.scope).")]


def _access(request: Request) -> AccessLog:
    access: AccessLog = request.app.state.access
    return access


def purpose_of(request: Request, default: str) -> str:
    """The request's ``X-Purpose``: percent-encoded UTF-8 (an HTTP header is Latin-1, and
    a browser refuses to send å, ä, ö raw), control characters dropped, 200 characters."""
    raw = request.headers.get("x-purpose")
    if raw is None:
        return default
    return strip_controls(unquote(raw, errors="replace"))[:200] or default


def record_of(request: Request, action: str, target: str | None,
              default_purpose: str) -> AuditRecord:
    return AuditRecord(getattr(request.state, "user", None), action, target,
                       purpose_of(request, default_purpose))


def audit(request: Request, action: str, target: str | None, default_purpose: str) -> None:
    """Record an access to personal data: who, role, what, when, purpose (never content).

    People and candidates are named by :func:`subject` pseudonyms, never by id or name.
    """
    _access(request).append(record_of(request, action, target, default_purpose))


async def audit_async(request: Request, action: str, target: str | None,
                      default_purpose: str) -> None:
    """:func:`audit` for a route on the event loop: waits for the entry's commit (which it
    shares with the other requests': graph.core.group_commit) without blocking the loop,
    so the answer still leaves only once its entry is on disk."""
    record = record_of(request, action, target, default_purpose)
    await asyncio.wrap_future(_access(request).submit(record))


def subject(request: Request, kind: str, ident: str) -> str:
    """The audit log's pseudonym of a person (``kind`` "person") or a candidate."""
    return _access(request).pseudonyms.of(kind, ident)


# The fields of a row's key that hold a person's id: the audit log names them by pseudonym.
_PERSON_KEY_FIELDS = {("people", "id")} | {(r.section, r.field) for r in REFERENCES
                                           if r.targets == ("people",)}


def row_target(request: Request, section: str, key: str) -> str:
    """A row's key (its id, or its natural key's fields joined by "\x1f" or "/") as the
    audit log names it: fields joined by "/", each person in it by :func:`subject`, so
    that erasing the person leaves no entry that names them."""
    fields = SECTIONS[section].natural_key
    parts = key.split("\x1f") if "\x1f" in key or len(fields) == 1 else key.split("/")
    return "/".join(subject(request, "person", v) if v and (section, f) in _PERSON_KEY_FIELDS
                    else v for f, v in zip(fields, parts, strict=False))


async def people_async(request: Request, *idents: str) -> list[str]:
    """:func:`subject` of each person, for a route on the event loop: the new subjects'
    keys are written in one commit (shared with other requests' new keys) while the loop
    goes on, and no pseudonym is given out before its key is on disk."""
    pseudonyms = _access(request).pseudonyms
    found = [pseudonyms.at_once("person", ident) for ident in idents]
    while None in found:
        new = [ident for ident, one in zip(idents, found, strict=True) if one is None]
        await asyncio.wrap_future(pseudonyms.create("person", new))
        # ours, or another worker process's that landed first; a key forgotten between
        # the commit and this read gets a fresh one on the next turn (as subject's)
        found = [one or pseudonyms.at_once("person", ident)
                 for ident, one in zip(idents, found, strict=True)]
    return [one for one in found if one is not None]


def forget_subject(request: Request, kind: str, ident: str) -> None:
    """After an erasure: every earlier audit entry about the subject becomes unlinkable."""
    _access(request).pseudonyms.forget(kind, ident)


def audits_with(request: Request, store: GraphStore) -> bool:
    """Whether the store can write an audit entry in the transaction of a write: it must
    be the SQLite file that also holds the audit log."""
    return isinstance(store, SQLiteStore) and \
        store.path.resolve() == _access(request).path.resolve()


def audited(request: Request, store: GraphStore, record: AuditRecord,
            write: Callable[[AuditRecord | None], T]) -> T:
    """Run a store write and audit it: as one transaction where the store holds the audit
    log (SQLite; ``write`` gets the record to pass as ``audit=``), else straight after the
    write (``write`` gets ``None``: Neo4j keeps no audit log of its own)."""
    if audits_with(request, store):
        return write(record)
    result = write(None)
    _access(request).append(record)
    return result


def user_of(request: Request) -> User:
    user: User = request.state.user
    return user


def is_admin(request: Request) -> bool:
    return user_of(request).role is Role.ADMIN


_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="graph-query")


async def within_budget(request: Request, work: Callable[[], T]) -> T:
    """Run a graph query off the event loop; past the budget, answer 503.

    The work runs with the budget in force (:mod:`graph.core.budget`), so a query that
    can estimate its cost refuses at once; one that runs out of memory answers 503 too.
    A thread cannot be stopped from outside, so a query past its time budget still
    finishes in the background; the pool's size bounds how many can pile up.
    """
    settings = request.app.state.settings
    limit = Budget(settings.query_budget_s, settings.memory_budget_mb)

    def bounded() -> T:
        with budget(limit):
            try:
                return work()
            except MemoryError:
                raise QueryBudgetError.memory(limit.memory_mb) from None

    future = asyncio.get_running_loop().run_in_executor(_POOL, bounded)
    try:
        return await asyncio.wait_for(future, timeout=limit.seconds)
    except TimeoutError:
        raise QueryBudgetError.time(limit.seconds) from None

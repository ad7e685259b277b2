"""Domain errors mapped to HTTP, in one place."""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Container
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth import ForbiddenError, NotAuthenticatedError, TooManyFailuresError
from graph.core.access import DuplicateUserError
from graph.core.errors import (
    ConflictError,
    DocumentError,
    DocumentTooLargeError,
    NotFoundError,
    Problem,
    QueryBudgetError,
    SamverkanError,
    StoreBusyError,
    UnavailableError,
)
from graph.core.private_files import busy_timeout_s, is_busy
from graph.model.document import short_message
from graph.model.swedish_names import COLUMN_NAMES
from graph.model.swedish_problems import error_in_swedish, message_in_swedish

STATUS: dict[type[SamverkanError], int] = {
    NotAuthenticatedError: 401,
    ForbiddenError: 403,
    TooManyFailuresError: 429,
    DuplicateUserError: 409,
    ConflictError: 409,
    DocumentTooLargeError: 413,
    DocumentError: 422,
    NotFoundError: 404,
    StoreBusyError: 503,
    UnavailableError: 503,
    QueryBudgetError: 503,
}


# The request parameters as the web pages label them, so that an answer says "Till:
# slutdagen ... är före startdagen ..." beside the field a person filled in, not the API's
# "to:". Query parameters, and body fields the rows' COLUMN_NAMES do not name; ``path``
# keeps the API's own name for clients. Where two pages label a parameter differently
# ("to" is "Mål" on Kontaktvägar), the label is the one of the page that checks it.
PARAMETER_LABELS = {
    "from": "Från", "to": "Till", "as_of": "Per datum", "scope": "Samordningsförbund",
    "k": "Antal vägar", "profile": "Profil", "target_organisation": "Målorganisation",
    "section": "Avsnitt", "since": "Från och med", "who": "Vem (användare)", "action": "Vad",
    "target": "Mål innehåller", "q": "Sök", "purpose": "Syfte", "closes": "Sista svarsdag",
    "note": "Din bedömning",
}
# Where a page labels a parameter otherwise, by route template: Kontaktvägar asks "Jag är"
# and "Mål", Efterträdare "Person som slutar" (the domain's "person: okänd person ...") and
# "Rollprofil".
ROUTE_LABELS = {
    "/api/v1/contact-answer": {"from": "Jag är", "to": "Mål"},
    "/api/v1/paths": {"from": "Jag är", "to": "Mål"},
    "/api/v1/analyses/succession/{person_id}": {"person": "Person som slutar",
                                                "profile": "Rollprofil"},
    "/api/v1/analyses/seats": {"person": "Person som slutar"},
}


def parameter_label(name: str, where: str, route: str = "") -> str | None:
    """The Swedish label of a request's parameter (``where``: "query", "path" or "body")
    on the page that sends ``route``; a body's row fields by their COLUMN_NAMES first, as
    the editor's form labels them."""
    if where == "body":
        return COLUMN_NAMES.get(name) or PARAMETER_LABELS.get(name)
    return ROUTE_LABELS.get(route, {}).get(name) or PARAMETER_LABELS.get(name)


class ProblemBody(BaseModel):
    path: str
    message: str
    field: str | None = Field(default=None, examples=["E-post"], description=(
        "The field's Swedish name, where the problem is one field of the request."))


class ErrorBody(BaseModel):
    """Every error the service answers with."""

    error: str = Field(examples=["not_found"], description="Machine-readable code.")
    detail: str = Field(examples=["ingen person 'p999'"])
    problems: list[ProblemBody] | None = None


# Documented on every route, so clients (and schemathesis) know the error shapes.
RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "The body could not be parsed (not JSON, or not multipart for uploads)."),
        (401, "No or an invalid bearer token."),
        (403, "The role may not use this route."),
        (404, "Not found (or not yours to see)."),
        (409, "Conflicts with what the store holds."),
        (413, "Too large: upload, import or page count."),
        (422, "Invalid input; `problems` names each field."),
        (429, "Too many failed sign-ins; wait a minute."),
        (503, "The store is unavailable or busy with another write past "
              "SAMVERKAN_SQLITE_BUSY_TIMEOUT_S (with Retry-After), or the query would run (or "
              "ran) past its time or memory budget (SAMVERKAN_QUERY_BUDGET_S, "
              "SAMVERKAN_MEMORY_BUDGET_MB)."),
    )
}


def status_for(exc: SamverkanError) -> int:
    return next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)


def response_for(exc: SamverkanError, query: Container[str] = (),
                 route: str = "") -> JSONResponse:
    """The one rendering of a domain error, for handlers and middleware alike; ``query``:
    the names of the request's query parameters (of ``route``), so that a problem with one
    of them is said by its label (PARAMETER_LABELS)."""
    # A JSON import's "unknown organisation 'afx'" is said in Swedish to a person.
    detail, problems = error_in_swedish(exc)
    # The parameter a domain error is about (graph.reports.paths's "to") is said by the
    # page's label; the error carries it as data, so no message is read for it.
    if exc.field and not problems and (exc.field in query
                                       or exc.field in ROUTE_LABELS.get(route, {})):
        label = parameter_label(exc.field, "query", route)
        detail = f"{label}: {exc.reason}" if label else detail
    body: dict[str, object] = {"error": exc.code, "detail": detail}
    if problems:
        fields = [_problem_field(p.path, query, route) for p in problems]
        body["problems"] = [{"path": p.path, "message": p.message,
                             **({"field": f} if f else {})}
                            for p, f in zip(problems, fields, strict=True)]
        if any(fields) and isinstance(exc, DocumentError):
            body["detail"] = exc.listing([Problem(f or p.path, p.message)
                                          for p, f in zip(problems, fields, strict=True)])
    status = status_for(exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if isinstance(exc, TooManyFailuresError):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, StoreBusyError):
        headers["Retry-After"] = str(exc.retry_after_s)
    return JSONResponse(body, status_code=status, headers=headers)


def _problem_field(path: str, query: Container[str], route: str) -> str | None:
    """The Swedish label of a domain problem's path where it names one field: a query
    parameter of the request ("to"), else a row's field ("organisation", from the editor's
    PUT); a document's located paths ("people[3].organisation") name no single field."""
    if path in query:
        return parameter_label(path, "query", route)
    return parameter_label(path, "body")


async def _handle(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SamverkanError)
    return response_for(exc, request.query_params.keys(), _route(request))


def _route(request: Request) -> str:
    """The route template the request matched ("/api/v1/analyses/succession/{person_id}"),
    which ROUTE_LABELS is keyed by; the path itself where no route matched."""
    return str(getattr(request.scope.get("route"), "path", request.url.path))


async def _locked(_: Request, exc: Exception) -> JSONResponse:
    """SQLite's "database is locked" from any connection (the audit log, a registry) that
    did not turn it into StoreBusyError itself: 503 with Retry-After, never 500."""
    assert isinstance(exc, sqlite3.OperationalError)
    if not is_busy(exc):
        raise exc
    return response_for(StoreBusyError.waited(busy_timeout_s()))


def field_name(location: tuple[Any, ...], route: str = "") -> str:
    """A request field as a person knows it: the schema's Swedish name where it has one
    ("E-post" for ``body.email``, "Till" for ``query.to``: PARAMETER_LABELS), else its path
    without FastAPI's "body." or "query."."""
    parts = [str(p) for p in location]
    if len(parts) == 2 and (label := parameter_label(parts[1], parts[0], route)):
        return label
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    if parts and parts[-1] in COLUMN_NAMES:
        parts[-1] = COLUMN_NAMES[parts[-1]]
    return ".".join(parts)[:200]


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own validation errors, in the same shape as every other error; the detail
    names each field once, by its Swedish name (the messages do not name it)."""
    assert isinstance(exc, RequestValidationError)
    problems = [ProblemBody(
        path=".".join(str(p) for p in e.get("loc", ()))[:200],
        # Cut like a document's messages (MAX_MESSAGE_CHARS): a validator's own Swedish
        # message, such as the e-mail's with its example, is longer than a quotation.
        # An empty field fails its pattern too; "tomt" says what to do about it.
        message="får inte vara tomt" if e.get("input") == "" and e.get("type") ==
        "string_pattern_mismatch" else short_message(message_in_swedish(str(e.get("msg", "")))),
        field=field_name(tuple(e.get("loc", ())), _route(request)) or None,
    ) for e in exc.errors()[:DocumentError.max_kept]]
    detail = "; ".join(f"{p.field}: {p.message}" if p.field else p.message
                       for p in problems[:5])
    return JSONResponse({"error": "invalid_request", "detail": detail,
                         "problems": [p.model_dump() for p in problems]}, status_code=422)


@functools.cache
def template_pattern(template: str) -> re.Pattern[str]:
    """A path template such as ``/people/{row_id}`` as a regular expression of its paths."""
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")


def _allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method any route serves at ``path`` (Starlette looks at the first route only)."""
    methods: set[str] = set()
    for template, operations in app.openapi()["paths"].items():
        if template_pattern(template).match(path):
            methods.update(m.upper() for m in operations)
    return sorted(methods)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    """Routing errors (unknown path, wrong method) in the service's error shape."""
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    detail = "adressen finns inte" if exc.status_code == 404 else str(exc.detail)
    if exc.status_code == 405:
        allowed = _allowed_methods(request.app, request.url.path)
        headers["Allow"] = ", ".join(allowed)
        detail = f"{request.method} går inte här; använd {', '.join(allowed)}"
    return JSONResponse({"error": code, "detail": detail}, status_code=exc.status_code,
                        headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(SamverkanError, _handle)
    app.add_exception_handler(sqlite3.OperationalError, _locked)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)

"""Domain errors mapped to HTTP, in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api.auth import ForbiddenError, NotAuthenticatedError, TooManyFailuresError
from api.deps import QueryBudgetError
from graph.access import DuplicateUserError
from graph.errors import (
    ConflictError,
    DocumentError,
    DocumentTooLargeError,
    NotFoundError,
    SamverkanError,
    StoreUnavailableError,
)

STATUS: dict[type[SamverkanError], int] = {
    NotAuthenticatedError: 401,
    ForbiddenError: 403,
    TooManyFailuresError: 429,
    DuplicateUserError: 409,
    ConflictError: 409,
    DocumentTooLargeError: 413,
    DocumentError: 422,
    NotFoundError: 404,
    StoreUnavailableError: 503,
    QueryBudgetError: 503,
}


def status_for(exc: SamverkanError) -> int:
    return next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)


async def _handle(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SamverkanError)
    body: dict[str, object] = {"error": exc.code, "detail": exc.message}
    problems = getattr(exc, "problems", None)
    if problems:
        body["problems"] = [{"path": p.path, "message": p.message} for p in problems]
    status = status_for(exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


async def _invalid_request(_: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own validation errors, in the same shape as every other error."""
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"path": ".".join(str(p) for p in e.get("loc", ())), "message": str(e.get("msg", ""))}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{p['path']}: {p['message']}" for p in problems[:5])
    return JSONResponse({"error": "invalid_request", "detail": detail, "problems": problems},
                        status_code=422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(SamverkanError, _handle)
    app.add_exception_handler(RequestValidationError, _invalid_request)

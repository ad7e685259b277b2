"""Domain errors mapped to HTTP, in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.auth import ForbiddenError, NotAuthenticatedError, TooManyFailuresError
from graph.access import DuplicateUserError
from graph.errors import (
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
    DocumentTooLargeError: 413,
    DocumentError: 422,
    NotFoundError: 404,
    StoreUnavailableError: 503,
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


def install(app: FastAPI) -> None:
    app.add_exception_handler(SamverkanError, _handle)

"""Domain errors mapped to HTTP, in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from graph.errors import (
    DocumentError,
    DocumentTooLargeError,
    NotFoundError,
    SamverkanError,
    StoreUnavailableError,
)

STATUS: dict[type[SamverkanError], int] = {
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
    return JSONResponse(body, status_code=status_for(exc))


def install(app: FastAPI) -> None:
    app.add_exception_handler(SamverkanError, _handle)

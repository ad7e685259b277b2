"""Request-size limits and authentication before any body is read.

A plain ASGI middleware, outside FastAPI's body parsing: it finds the route a request is
for, refuses a declared ``Content-Length`` above that route's limit at once, checks the
bearer token of any request that carries a body to a non-public route, and counts the
bytes while the body streams in, so a request without a length (chunked) is cut off at
the same limit. Nothing is parsed, spooled or buffered before these checks.
"""

from __future__ import annotations

import contextlib

from starlette.requests import Request
from starlette.types import Message, Receive, Scope, Send

from api import auth
from api.asgi import HttpMiddleware
from api.errors import response_for, template_pattern
from graph.core.errors import DocumentTooLargeError, Problem, SamverkanError
from graph.core.settings import Settings

__all__ = ["BodyLimits", "limit_for"]

# Whole documents: the JSON import, a workbook or CSV, a party's staff export.
IMPORTS = {("POST", "/api/v1/import"), ("POST", "/api/v1/import/spreadsheet"),
           ("POST", "/api/v1/staff-lists/preview"), ("POST", "/api/v1/staff-lists/apply")}
UPLOAD = ("POST", "/api/v1/recruitments/{recruitment_id}/candidates")


def limit_for(method: str, template: str, settings: Settings) -> int:
    """The most bytes a body to this route may have."""
    if (method, template) in IMPORTS:
        return settings.max_import_bytes
    if (method, template) == UPLOAD:
        return settings.max_upload_request_bytes
    return settings.max_json_bytes


def _template(method: str, path: str) -> str:
    """The route's path template, from the permission matrix (which names every route)."""
    for m, template in auth.PERMISSIONS:
        if m == method and template_pattern(template).match(path):
            return template
    return ""


def _too_large(size: str, limit: int) -> DocumentTooLargeError:
    return DocumentTooLargeError([Problem(
        "body", f"förfrågan är {size} byte; gränsen för den här adressen är {limit} byte")])


class _BodyTooLargeError(Exception):
    """Raised into the application when a streamed body passes its limit."""


class BodyLimits(HttpMiddleware):
    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = scope["app"]
        method = scope["method"]
        template = _template(method, scope["path"])
        limit = limit_for(method, template, app.state.settings)
        request = Request(scope)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await response_for(_too_large(declared, limit))(scope, receive, send)
            return
        chunked = "chunked" in request.headers.get("transfer-encoding", "").lower()
        # An unknown path or method is left to the router (404, 405).
        if template and (declared not in ("", "0") or chunked):
            try:
                auth.admit(request, (method, template))
            except SamverkanError as exc:
                await response_for(exc)(scope, receive, send)
                return

        received = 0
        exceeded = False
        started = False

        async def counted() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _BodyTooLargeError
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # the application's answer to a cut-off body is replaced below
            started = True
            await send(message)

        with contextlib.suppress(_BodyTooLargeError):
            await self.app(scope, counted, guarded_send)
        if exceeded and not started:
            await response_for(_too_large(f"mer än {limit}", limit))(scope, receive, send)

"""Security headers on every response.

The web page keeps its bearer token in the browser, so no script but the service's own may
run on its origin (Content-Security-Policy), no other site may frame it, and nothing is
sniffed into a script. Responses of the API hold personal data and are never cached.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from api.asgi import HttpMiddleware

__all__ = ["SecurityHeaders"]

# Inline styles stay allowed: the Samverkansguide's HTML carries its own <style>, and a
# style cannot carry a token away. Scripts come from the service's own files only.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
# /docs and /redoc (off unless SAMVERKAN_DOCS is set) load their scripts from a CDN.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: "
            "https://fastapi.tiangolo.com; worker-src blob:; frame-ancestors 'none'")
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders(HttpMiddleware):
    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON.items():
                    headers[name] = value
                headers["Content-Security-Policy"] = (
                    DOCS_CSP if path in ("/docs", "/redoc") else CSP)
                if not path.startswith("/ui/"):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)

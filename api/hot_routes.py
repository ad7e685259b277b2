"""The contact paths' route, found without walking the service's other routes.

FastAPI tries a request against every route of every router included before the one that
answers it, in order; ``GET /api/v1/paths`` comes after about a hundred, whose matching
cost 0.67 ms of CPU a request (seed data, against an app holding only the contacts
router, under load). Putting the contacts router first was tried and reverted (the
comment in api/app.py). Here the router stays where it is, and a request for exactly
that method and path goes to a second FastAPI app that holds only the contacts router:
the same route code, with the service's state, the same permission check on every route
and the same error answers, behind the same middleware. Every other request, the
OpenAPI schema included, is the service app's as before.

FastAPI sets up an included router's routes on the first request that walks past them
(0.44 s of CPU for this service's, under load). Path questions used to pay that at
start; they no longer walk the routers, so :func:`set_up_routes` does it as the service
starts, after the builds the first path answer waits for. Without it the first other
request paid it: that was why one PUT /api/v1/people/{id} at 200,000 people took
197-289 ms instead of 23-26 ms when the contacts router was matched first (bench_startup,
2026-12-01). With this code and without the set-up, that PUT took 260 ms of service CPU;
with it, 20 ms (bench_startup, 2026-12-02, loaded machine).
"""

from __future__ import annotations

import asyncio
import threading

from fastapi import Depends, FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors, routes_contacts
from api.asgi import HttpMiddleware
from api.auth import authorize

__all__ = ["HotRoutes", "contacts_app", "set_up_routes"]

# (method, path) of each request sent to the contacts-only app
HOT = (("GET", "/api/v1/paths"),)


def contacts_app(service: FastAPI) -> FastAPI:
    """An app of the contacts router alone, sharing ``service``'s state."""
    app = FastAPI(dependencies=[Depends(authorize)], docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.state = service.state
    errors.install(app)
    app.include_router(routes_contacts.router())
    return app


class HotRoutes(HttpMiddleware):
    """Sends the requests of :data:`HOT` to ``hot``, every other one on to ``app``."""

    def __init__(self, app: ASGIApp, hot: ASGIApp) -> None:
        super().__init__(app)
        self.hot = hot

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["method"], scope["path"]) in HOT:
            await self.hot(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def set_up_routes(app: FastAPI, after: threading.Thread | None = None) -> threading.Thread:
    """Have ``app``'s router set up all its routes, in a thread of its own once ``after``
    (the start-up's builds: the first path answer waits for them, not for this) is done:
    one request that no route matches walks every router (answered 404 by the router
    itself, past every handler and middleware), on the thread's own event loop."""

    async def walk() -> None:
        scope: Scope = {"type": "http", "method": "GET", "path": "/.set-up-routes",
                        "raw_path": b"/.set-up-routes", "query_string": b"",
                        "root_path": "", "headers": [], "scheme": "http",
                        "http_version": "1.1", "asgi": {"version": "3.0"}}

        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(_: Message) -> None:
            return None

        await app.router(scope, receive, send)

    def run() -> None:
        if after is not None:
            after.join()
        asyncio.run(walk())

    thread = threading.Thread(target=run, name="set-up-routes", daemon=True)
    thread.start()
    return thread

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
"""

from __future__ import annotations

from fastapi import Depends, FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from api import errors, routes_contacts
from api.asgi import HttpMiddleware
from api.auth import authorize

__all__ = ["HotRoutes", "contacts_app"]

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

"""GET /api/v1/paths answered without FastAPI's per-parameter validation and dependencies.

FastAPI validates each query parameter against its declaration and solves the route's
dependencies on every request: 0.65 of a path question's 7.87 ms of CPU at 200,000 people
(bench.profile_http, bench/RESULTS-national.md, ht6's profile). A well-formed question (each
parameter given once, ``from`` and ``to`` not empty, ``k`` one of 1-20, ``as_of`` a day,
``scope`` not too long) needs none of that: it is read here and answered by the route's
own code (api.routes_contacts.answer_paths), after the same permission check, with the
same error answers. Every other question, the ill-formed ones included, goes to the
contacts app, whose FastAPI route answers it as before: the Swedish errors that name the
field stay the route's, in one place.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from pydantic import TypeAdapter, ValidationError
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from api.auth import authorize_for
from api.deps import SCOPE_MAX_CHARS
from api.routes_contacts import MAX_K, JsonResponse, answer_paths
from graph.model.schema import IsoDate

__all__ = ["PathQuestions", "well_formed"]

KEY = ("GET", "/api/v1/paths")  # the permission matrix's entry (api.auth.PERMISSIONS)
_K = {str(n): n for n in range(1, MAX_K + 1)}
_DAY: TypeAdapter[date] = TypeAdapter(IsoDate)

Question = tuple[str, str, int, date | None, str | None]  # from, to, k, as_of, scope


def well_formed(query_string: bytes) -> Question | None:
    """The question in a query string, read as Starlette reads it; None where FastAPI's
    validation might refuse it or read it otherwise."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    given = dict(pairs)
    source, target = given.get("from"), given.get("to")
    if len(given) != len(pairs) or not source or not target:
        return None
    k = _K.get(given.get("k", "3"))
    scope = given.get("scope")
    if k is None or (scope is not None and len(scope) > SCOPE_MAX_CHARS):
        return None
    as_of = given.get("as_of")
    if as_of is None:
        return source, target, k, None, scope
    try:
        return source, target, k, _DAY.validate_python(as_of), scope
    except ValidationError:
        return None


class PathQuestions:
    """The ASGI app of GET /api/v1/paths: well-formed questions answered here, every
    other one by ``contacts`` (api.hot_routes.contacts_app), whose state and error
    handlers these answers share."""

    def __init__(self, contacts: FastAPI) -> None:
        self.contacts = contacts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        question = well_formed(scope["query_string"])
        if question is None:
            await self.contacts(scope, receive, send)
            return
        scope["app"] = self.contacts  # request.app, as the route's code sees it
        request = Request(scope, receive)
        response: Response
        try:
            authorize_for(request, KEY)
            response = JsonResponse(await answer_paths(
                request, self.contacts.state.store, *question))
        except Exception as exc:
            handler = self._handler_for(exc)
            if handler is None:
                raise  # as the route's: the service's error middleware answers 500
            response = await handler(request, exc)
        await response(scope, receive, send)

    def _handler_for(self, exc: Exception) -> Any:
        """The contacts app's handler of ``exc``, looked up along its classes as
        Starlette's exception middleware does; None for one that app does not handle."""
        handlers = self.contacts.exception_handlers
        return next((handlers[cls] for cls in type(exc).__mro__
                     if cls is not Exception and cls in handlers), None)

"""Staff's contact routes: paths to a person or party, who knows about a topic, the guide."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import networkx as nx
import orjson
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from api.deps import (
    AsOf,
    ScopeQuery,
    Store,
    audit,
    audit_async,
    people_async,
    subject,
    within_budget,
)
from api.usecases import contacts
from graph.reports.paths import Target
from graph.store.protocol import GraphStore

__all__ = ["MAX_K", "JsonResponse", "answer_paths", "router"]


# The most paths one question may ask for (``k``).
MAX_K = 20


class JsonResponse(JSONResponse):
    """JSON encoded by orjson: compact UTF-8 like Starlette's json.dumps, in a fraction of
    its time."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


async def answer_paths(request: Request, store: GraphStore, source: str, target: str, k: int,
                       as_of: date | None, scope: str | None) -> list[dict[str, Any]]:
    """The rows of a contact-path question, audited: the route's work, shared with
    api.hot_paths, which asks it without FastAPI's parameter validation."""

    # What can take seconds (a projection or index not built yet, a store that waits
    # on a writer) runs in a worker thread, within the query budget: past it, 503
    # naming the limit (at start-up on a national store, say). So do the audit entry's
    # pseudonyms, once the asker and target are known to exist: the first mention of
    # a person writes their key (an fsync), which on the loop held every request of
    # the worker behind it. The search itself, a few milliseconds of CPU, runs here:
    # under the GIL a thread buys it no parallelism, and its hand-offs of the GIL with
    # the loop made the tail (200,000 people at 200 requests/s: p99 56-264 ms with
    # the search in a thread, 20-25 ms here).
    asker = source.removeprefix("person:")
    party = ":" in target and not target.startswith("person:")  # named as it is
    named = [asker] if party else [asker, target.removeprefix("person:")]

    def about(pseudonyms: list[str]) -> str:
        return f"{pseudonyms[0]}->{target if party else pseudonyms[1]}"

    def prepare() -> tuple[nx.Graph, Target, str]:
        G, goal = contacts.prepare_paths(store, target, as_of, scope=scope, source=source)
        return G, goal, about([subject(request, "person", ident) for ident in named])

    # Where the projection and its index are built and the target known (nearly every
    # question of a running service), none of that can take long: it is read here,
    # without the hand-off to a worker thread and back (about 0.9 ms of CPU a question
    # at 200,000 people, as much as half the search), and the new subjects' keys are
    # committed while the loop answers other questions.
    ready = contacts.prepare_paths_at_once(store, target, as_of, scope=scope, source=source)
    if ready is None:
        G, goal, entry = await within_budget(request, prepare)
    else:
        G, goal = ready
        entry = about(await people_async(request, *named))
    rows = (await run_in_threadpool(contacts.paths, G, source, goal, k=k, store=store)
            if contacts.asks_database(store, G) else contacts.paths(G, source, goal, k=k))
    await audit_async(request, "paths", entry, "kontaktväg")
    return rows


def router() -> APIRouter:
    r = APIRouter()

    @r.get("/api/v1/paths", tags=["contacts"], response_model=list[dict[str, Any]])
    async def paths(request: Request, store: Store,
                    source: Annotated[str, Query(alias="from", examples=["p152"])],
                    target: Annotated[str, Query(alias="to", examples=["org:fk"])],
                    k: Annotated[int, Query(ge=1, le=MAX_K)] = 3, as_of: AsOf = None,
                    scope: ScopeQuery = None) -> Response:
        """The k best contact paths from a person to a person, role:, org: or group:;
        with ``scope``, only through the people of those organisations."""
        # Encoded here: the rows are plain JSON data already, and FastAPI's validation and
        # encoding of them against the declared model cost 0.3-0.5 ms a request.
        return JsonResponse(await answer_paths(request, store, source, target, k, as_of,
                                               scope))


    @r.get("/api/v1/find", tags=["contacts"])
    def find(request: Request, store: Store,
             topic: Annotated[str, Query(min_length=1, max_length=300)],
             top: Annotated[int, Query(ge=1, le=50)] = 5, as_of: AsOf = None,
             scope: ScopeQuery = None) -> list[dict[str, Any]]:
        """People best placed to answer a question (``scope``: among its people only)."""
        rows = contacts.find(store, topic, top=top, as_of=as_of, scope=scope)
        # The topic is free text and may name someone; the entry names who was shown.
        audit(request, "find", ",".join(subject(request, "person", r["person"]) for r in rows),
              "kontaktväg")
        return rows


    @r.get("/api/v1/guide/{organisation}", tags=["contacts"])
    def guide_route(request: Request, organisation: str, store: Store,
                    as_of: AsOf = None) -> dict[str, Any]:
        """The Samverkansguide of an organisation."""
        data = contacts.guide_of(store, organisation, as_of=as_of)
        audit(request, "guide", organisation, "samverkansguide")
        return data


    return r

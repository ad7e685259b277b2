"""Dependencies and helpers every router shares: the store, the user, audit, limits."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request

from api.auth import CurrentUser
from graph.core.access import AccessLog, Role, User
from graph.core.budget import Budget, budget
from graph.core.errors import DocumentTooLargeError, Problem, QueryBudgetError
from graph.model.schema import IsoDate
from graph.store.protocol import GraphStore

__all__ = [
    "AsOf",
    "CurrentUser",
    "Offset",
    "QueryBudgetError",
    "Store",
    "audit",
    "limited_body",
    "within_budget",
]

T = TypeVar("T")


async def get_store(request: Request) -> GraphStore:
    # async on purpose: FastAPI runs a plain function dependency in the thread pool, and
    # that hop costs more than this lookup
    store: GraphStore = request.app.state.store
    return store


Store = Annotated[GraphStore, Depends(get_store)]
# Bounded so that no offset overflows SQLite's 64-bit integers (Schemathesis found one).
Offset = Annotated[int, Query(ge=0, le=2**31 - 1, description="Rows to skip.")]
AsOf = Annotated[IsoDate | None,
                 Query(description="The day the graph describes (YYYY-MM-DD); default today.")]


def audit(request: Request, action: str, target: str | None, default_purpose: str) -> None:
    """Record an access to personal data: who, role, what, when, purpose (never content)."""
    access: AccessLog = request.app.state.access
    purpose = request.headers.get("x-purpose", default_purpose)[:200]
    access.record(getattr(request.state, "user", None), action, target, purpose)


def user_of(request: Request) -> User:
    user: User = request.state.user
    return user


def is_admin(request: Request) -> bool:
    return user_of(request).role is Role.ADMIN


async def limited_body(request: Request) -> bytes:
    """The request body, refused with 413 once it passes the configured size."""
    limit: int = request.app.state.settings.max_import_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise DocumentTooLargeError([Problem("body", f"{declared} bytes; the limit is {limit}")])
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise DocumentTooLargeError([Problem("body", f"more than {limit} bytes")])
        chunks.append(chunk)
    return b"".join(chunks)


_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="graph-query")


async def within_budget(request: Request, work: Callable[[], T]) -> T:
    """Run a graph query off the event loop; past the budget, answer 503.

    The work runs with the budget in force (:mod:`graph.core.budget`), so a query that
    can estimate its cost refuses at once; one that runs out of memory answers 503 too.
    A thread cannot be stopped from outside, so a query past its time budget still
    finishes in the background; the pool's size bounds how many can pile up.
    """
    settings = request.app.state.settings
    limit = Budget(settings.query_budget_s, settings.memory_budget_mb)

    def bounded() -> T:
        with budget(limit):
            try:
                return work()
            except MemoryError:
                raise QueryBudgetError.memory(limit.memory_mb) from None

    future = asyncio.get_running_loop().run_in_executor(_POOL, bounded)
    try:
        return await asyncio.wait_for(future, timeout=limit.seconds)
    except TimeoutError:
        raise QueryBudgetError.time(limit.seconds) from None

"""Dependencies and helpers every router shares: the store, the user, audit, limits."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request

from api.auth import CurrentUser
from graph.core.access import AccessLog, Role, User
from graph.core.errors import SamverkanError
from graph.model.schema import IsoDate
from graph.store.protocol import GraphStore

__all__ = [
    "AsOf",
    "CurrentUser",
    "Offset",
    "QueryBudgetError",
    "Store",
    "audit",
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


class QueryBudgetError(SamverkanError):
    """A graph query ran past the service's time budget."""

    code = "query_budget_exceeded"


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


_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="graph-query")


async def within_budget(request: Request, work: Callable[[], T]) -> T:
    """Run a graph query off the event loop; past the budget, answer 503.

    A thread cannot be stopped from outside, so a query past its budget still finishes in
    the background; the pool's size bounds how many can pile up.
    """
    budget: float = request.app.state.settings.query_budget_s
    future = asyncio.get_running_loop().run_in_executor(_POOL, work)
    try:
        return await asyncio.wait_for(future, timeout=budget)
    except TimeoutError:
        raise QueryBudgetError(
            f"the query took longer than the service's budget of {budget:g} s; "
            "narrow it (a smaller k, a later date) or ask an administrator"
        ) from None

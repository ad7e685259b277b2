"""The time and memory budget of the graph query now running, for estimates up front.

The service sets the budget around each query (:func:`api.deps.within_budget`); domain
code that can estimate its work calls :func:`check` before it starts and so answers
"too large" at once rather than after the time-out, or instead of running out of memory.
Outside a query (the CLI, the benchmarks) no budget is set and :func:`check` passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from graph.core.errors import QueryBudgetError


@dataclass(frozen=True)
class Budget:
    seconds: float
    memory_mb: float


_current: ContextVar[Budget | None] = ContextVar("query_budget", default=None)


@contextmanager
def budget(limit: Budget) -> Iterator[None]:
    """Run the block under ``limit``."""
    token = _current.set(limit)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> Budget | None:
    """The budget in force, if any (for work that waits rather than estimates)."""
    return _current.get()


def check(*, seconds: float = 0.0, memory_mb: float = 0.0) -> None:
    """Raise :class:`QueryBudgetError` when an estimate exceeds the budget in force.

    Examples
    --------
    >>> check(seconds=1e9)  # no budget in force
    >>> with budget(Budget(seconds=30, memory_mb=4096)):
    ...     check(seconds=40)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.core.errors.QueryBudgetError: Frågan beräknas ta minst 40 s, mer än ... 30 s ...
    """
    limit = _current.get()
    if limit is None:
        return
    if memory_mb > limit.memory_mb:
        raise QueryBudgetError.memory(limit.memory_mb, memory_mb)
    if seconds > limit.seconds:
        raise QueryBudgetError.time(limit.seconds, seconds)

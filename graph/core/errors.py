"""One error hierarchy for the whole domain.

The HTTP layer and the CLI map these classes to status codes and exit codes in one place
each; domain code never knows about either.
"""

from __future__ import annotations

from dataclasses import dataclass


class SamverkanError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        """``field``: the request's parameter the error is about ("to"), as data, so that
        the HTTP layer says it by the page's label without reading the message (a document's
        problems carry theirs in ``Problem.path``). The message still begins with it
        ("to: okänd roll 'x'"), as the command line and the logs show it; ``reason`` is the
        message without it."""
        self.field = field
        self.reason = message
        self.message = f"{field}: {message}" if field else message
        super().__init__(self.message)


@dataclass(frozen=True)
class Problem:
    """One problem in an input document, located by a path such as ``people[3].organisation``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DocumentError(SamverkanError):
    """An input document is unreadable or invalid; nothing from it was written."""

    code = "invalid_document"
    max_listed = 20
    # Kept at most: one bad input must not make an error many times its own size.
    max_kept = 100

    def __init__(self, problems: list[Problem]) -> None:
        if len(problems) > self.max_kept:
            more = len(problems) - self.max_kept
            problems = [*problems[: self.max_kept], Problem("", f"... och {more} problem till")]
        self.problems = problems
        super().__init__(self.listing(problems))

    @classmethod
    def listing(cls, problems: list[Problem]) -> str:
        """The message of these problems: the first ``max_listed``, one a line."""
        shown = [str(p) for p in problems[: cls.max_listed]]
        rest = len(problems) - len(shown)
        if rest > 0:
            shown.append(f"... och {rest} problem till")
        return "\n".join(shown)


class DocumentTooLargeError(DocumentError):
    code = "document_too_large"


class NotFoundError(SamverkanError):
    code = "not_found"


class UnavailableError(SamverkanError):
    """Something the service needs is not there right now: try again later (HTTP 503)."""

    code = "unavailable"


class StoreUnavailableError(UnavailableError):
    """The backing database cannot be reached or opened."""

    code = "store_unavailable"


class StoreBusyError(StoreUnavailableError):
    """Another write (a large import) held the database's write lock past the busy timeout.

    Nothing of the request was written and nothing it read was handed out (a read's audit
    entry could not be written first); trying again once the other write is done works.
    """

    code = "store_busy"
    retry_after_s = 10

    @classmethod
    def waited(cls, timeout_s: float) -> StoreBusyError:
        return cls(f"Databasen är upptagen av en annan skrivning (till exempel en stor import) "
                   f"och blev inte ledig inom {timeout_s:g} s (SAMVERKAN_SQLITE_BUSY_TIMEOUT_S)"
                   ". Ingenting skrevs och inget lämnades ut; försök igen om en stund.")


class EncoderUnavailableError(UnavailableError):
    """The sentence encoder cannot be loaded (not installed, or no model at the path)."""

    code = "encoder_unavailable"


class ConflictError(SamverkanError):
    """The request contradicts what the store holds (a reference, a concurrent write)."""

    code = "conflict"


class QueryBudgetError(SamverkanError):
    """A graph query would run, or ran, past the service's time or memory budget.

    The message is Swedish and names the limit and the setting that sets it, so that the
    person asking knows what to narrow or whom to ask.
    """

    code = "query_budget_exceeded"

    @classmethod
    def time(cls, budget_s: float, estimate_s: float | None = None) -> QueryBudgetError:
        ahead = (f"beräknas ta minst {estimate_s:.0f} s, mer än" if estimate_s is not None
                 else "tog längre tid än")
        return cls._over(ahead, f"tidsgräns på {budget_s:g} s", "SAMVERKAN_QUERY_BUDGET_S",
                         "Avgränsa frågan (ett mindre k, ett urval av organisationer)")

    @classmethod
    def memory(cls, budget_mb: float, estimate_mb: float | None = None) -> QueryBudgetError:
        ahead = (f"beräknas behöva {estimate_mb:,.0f} MiB minne, mer än"
                 if estimate_mb is not None else "behövde mer minne än")
        return cls._over(ahead, f"minnesgräns på {budget_mb:g} MiB",
                         "SAMVERKAN_MEMORY_BUDGET_MB", "Avgränsa frågan")

    @classmethod
    def _over(cls, ahead: str, limit: str, setting: str, advice: str) -> QueryBudgetError:
        return cls(f"Frågan {ahead} tjänstens {limit} ({setting}). {advice} eller kontakta "
                   "en administratör.")

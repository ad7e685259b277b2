"""One error hierarchy for the whole domain.

The HTTP layer and the CLI map these classes to status codes and exit codes in one place
each; domain code never knows about either.
"""

from __future__ import annotations

from dataclasses import dataclass


class SamverkanError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
            problems = [*problems[: self.max_kept], Problem("", f"... and {more} more problem(s)")]
        self.problems = problems
        shown = [str(p) for p in problems[: self.max_listed]]
        rest = len(problems) - len(shown)
        if rest > 0:
            shown.append(f"... and {rest} more problem(s)")
        super().__init__("\n".join(shown))


class DocumentTooLargeError(DocumentError):
    code = "document_too_large"


class NotFoundError(SamverkanError):
    code = "not_found"


class StoreUnavailableError(SamverkanError):
    """The backing database cannot be reached or opened."""

    code = "store_unavailable"


class ConflictError(SamverkanError):
    """The request contradicts what the store holds (a reference, a concurrent write)."""

    code = "conflict"

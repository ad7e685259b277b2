"""Removing one row: what else must change so the graph stays valid.

Deleting an organisation that people work for must be refused; deleting a person (GDPR
erasure) must also remove their memberships, participations and ties and take them off the
roles they hold. :func:`plan_removal` works that out from the schema's ``REFERENCES`` and a
function that finds the rows referring to the removed one, so the same plan serves a
document in memory (:func:`document_referrers`) and a store, which asks its own indexes
inside the transaction that then applies the plan.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from graph.core.errors import ConflictError
from graph.model.schema import ENTITY_SECTIONS, REFERENCES, SECTIONS, Document, Reference, Row

__all__ = ["ErasesInFile", "ErasureCleanup", "ErasureHook", "Removal", "Statement",
           "document_referrers", "plan_removal"]

Statement = tuple[str, tuple[Any, ...]]


@runtime_checkable
class ErasesInFile(Protocol):
    """A module that keeps rows about people in a SQLite file (``path``): the statements
    that delete them at a person's erasure (``erasure_sql``), and ``forget``, which runs
    them in a transaction of its own. Where the file is the store's, the erasure runs
    them in its own transaction instead (:class:`ErasureCleanup`): a crash between two
    commits would leave the person's survey answers or history behind with no row left
    to erase them by."""

    path: Path

    def erasure_sql(self, person: str) -> list[Statement]: ...

    def forget(self, person: str) -> int: ...


# What a person's erasure also erases: a module with its rows in a SQLite file, or a
# function called with the person's id after the removal (a cache).
ErasureHook = ErasesInFile | Callable[[str], object]


class ErasureCleanup:
    """Other modules' deletes of an erased person, inside the store's delete transaction
    (the store calls it where it calls an edit-history recording)."""

    def __init__(self, statements: Sequence[Statement]) -> None:
        self.statements = list(statements)

    def read_before(self, row: Callable[[str, str], object]) -> None:
        del row  # nothing to read before: the statements name the person

    def write(self, db: sqlite3.Connection, row: Callable[[str, str], object],
              revision: int) -> None:
        del row, revision
        for sql, params in self.statements:
            db.execute(sql, params)

Referrers = Callable[[Reference, str], Iterable[Row]]


@dataclass
class Removal:
    """One removal as rows to delete and rows to rewrite, all in one transaction.

    ``changed`` counts rows per section that went or changed, the removed row included.
    """

    section: str
    key: str
    deleted: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, Row]] = field(default_factory=list)
    changed: dict[str, int] = field(default_factory=dict)
    revision: int = 0  # the store's revision after the removal, once applied
    # The id of the edit-history entry written in the removal's transaction, if any.
    change: int | None = None

    def touched(self) -> list[tuple[str, str]]:
        """Every (section, key) the removal deletes or rewrites."""
        return self.deleted + [(s, row.key()) for s, row in self.updated]


def plan_removal(section: str, key: str, referrers: Referrers, *,
                 cascade: bool = False) -> Removal:
    """Plan removing the row ``key`` of ``section`` (which must exist).

    Parameters
    ----------
    section, key
        The row: an id for entities, the natural key (``Row.key()``) for links.
    referrers
        ``referrers(reference, key)`` yields the rows of ``reference.section`` whose
        ``reference.field`` names ``key``.
    cascade
        Also remove link rows that name the entity, and take it out of lists (role
        holders, initiative parties) and optional references; required references of
        entities still refuse.

    Raises
    ------
    ConflictError
        Rows still refer to the entity and the removal may not (or cannot) take them along.

    Examples
    --------
    >>> from graph.model.document import load_document
    >>> doc = load_document({"organisations": [{"id": "o", "name": "O"}],
    ...     "people": [{"id": "a", "name": "A", "organisation": "o"},
    ...                {"id": "b", "name": "B", "organisation": "o"}],
    ...     "ties": [{"a": "a", "b": "b"}]})
    >>> plan = plan_removal("people", "a", document_referrers(doc), cascade=True)
    >>> plan.deleted, plan.changed
    ([('people', 'a'), ('ties', 'a\\x1fb\\x1fcollaboration')], {'people': 1, 'ties': 1})
    """
    removal = Removal(section, key, deleted=[(section, key)], changed={section: 1})
    if section not in ENTITY_SECTIONS:
        return removal
    blocking: list[str] = []
    rewritten: dict[tuple[str, str], Row] = {}
    for ref in REFERENCES:
        if section not in ref.targets:
            continue
        model = SECTIONS[ref.section]
        required = model.model_fields[ref.field].is_required()
        for row in referrers(ref, key):
            if ref.section == section and row.key() == key:
                continue  # the row itself (an organisation that is its own parent is refused)
            where = row.key().replace("\x1f", "/")
            if not cascade or (required and ref.section in ENTITY_SECTIONS):
                blocking.append(f"{ref.section} {where} ({ref.field})")
            elif ref.section not in ENTITY_SECTIONS:
                if (ref.section, row.key()) not in removal.deleted:
                    removal.deleted.append((ref.section, row.key()))
                    removal.changed[ref.section] = removal.changed.get(ref.section, 0) + 1
            else:
                slot = (ref.section, row.key())
                current = rewritten.get(slot, row)
                value = getattr(current, ref.field)
                new = [v for v in value if v != key] if ref.many else None
                rewritten[slot] = _with(current, ref.field, new)
    if blocking:
        more = f" och {len(blocking) - 10} till" if len(blocking) > 10 else ""
        shown = ", ".join(blocking[:10]) + more
        raise ConflictError(f"{key!r} används fortfarande av {shown}")
    for (sec, _), row in rewritten.items():
        removal.updated.append((sec, row))
        removal.changed[sec] = removal.changed.get(sec, 0) + 1
    return removal


def _with(row: Row, name: str, value: object) -> Row:
    """The row with one field changed (a list) or unset (``None``), other keys as given."""
    data = row.model_dump(by_alias=True, exclude_unset=True)
    alias = type(row).model_fields[name].alias or name
    if value is None:
        data.pop(alias, None)
    else:
        data[alias] = value
    return type(row).model_validate(data)


def document_referrers(doc: Document) -> Referrers:
    """``referrers`` for :func:`plan_removal` over a document held in memory."""

    def referrers(ref: Reference, key: str) -> Iterable[Row]:
        for row in getattr(doc, ref.section):
            value = getattr(row, ref.field)
            if (key in value) if ref.many else value == key:
                yield row

    return referrers

"""One-row edits from the web interface, with a history and an undo of the last change.

An edit is a write like any import (``store.write``: the same validation, all or nothing),
guarded by the revision it was made against, and its problems come back in Swedish naming
the field, like a spreadsheet import's name the column. Every edit records the rows before
and after in :class:`~graph.store.change_history.ChangeHistory`; :func:`undo` writes the
last change's "before" back, as long as nothing else has been written since.

Erasing a person is not an edit: it is the data-protection erasure
(``DELETE /api/v1/people/{id}``), which takes their relations with them and cannot be
undone, since an undo would need a copy of what was to be erased.
"""

from __future__ import annotations

from typing import Any

from graph.core.errors import ConflictError, DocumentError, NotFoundError, Problem
from graph.model.schema import SECTIONS, Row
from graph.model.swedish_problems import in_swedish
from graph.store import protocol
from graph.store.change_history import Change, ChangeHistory
from graph.store.protocol import GraphStore

__all__ = ["UNDOABLE", "delete", "find", "next_undo", "people_named", "put", "record", "undo"]


def people_named(rows: dict[str, list[dict[str, Any]]]) -> set[str]:
    """Every person id the rows name (a person row itself, link ends, role holders)."""
    out: set[str] = set()
    for section, items in rows.items():
        for row in items:
            if section == "people":
                out.add(row["id"])
            out.update(row[k] for k in ("person", "a", "b") if isinstance(row.get(k), str))
            for k in ("holders", "deputies"):
                out.update(row.get(k) or [])
    return out


def _swedish(exc: DocumentError) -> DocumentError:
    return DocumentError(in_swedish(exc.problems, lambda s, i: "", field_label=lambda f: f))


def find(store: GraphStore, section: str, key: str) -> dict[str, Any] | None:
    """One row's plain data as the history keeps it, or ``None`` when there is none."""
    try:
        row = store.get(section, key)
    except NotFoundError:
        return None
    dumped: dict[str, Any] = row.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return dumped


def _section(section: str) -> type[Row]:
    if section not in SECTIONS:
        raise DocumentError([Problem("section", f"okänt avsnitt {section!r}; välj ett av "
                                     + ", ".join(SECTIONS))])
    return SECTIONS[section]


# Changes an undo may write back: the editor's own. Rows written by the row routes of the
# API or a staff list are recorded for the as-of views, and stop undo like an import does.
UNDOABLE = ("put", "delete")


def record(history: ChangeHistory, *, action: str, section: str, key: str,
           before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]],
           revision: int, user: str | None, at: str, day: str | None = None) -> Change:
    """Record one change in the history. ``day`` is when it took effect: the
    projection's today unless the writer says when (a move to another unit recorded
    afterwards), so that the as-of views of earlier days rewind it."""
    return history.get(history.add(
        at=at, user=user, action=action, section=section, key=key, before=before,
        after=after, revision=revision, day=day or protocol.today().isoformat(),
        people=people_named(before) | people_named(after)))


def put(store: GraphStore, history: ChangeHistory, section: str, row: dict[str, Any], *,
        user: str | None, at: str, day: str | None = None) -> Change:
    """Create or replace one row (found by its id or natural key), in effect from ``day``."""
    model = _section(section)
    revision = store.revision()
    try:
        key = model.model_validate(row).key() if isinstance(row, dict) else ""
    except Exception:
        key = ""  # the write below reports what is wrong, field by field
    before = find(store, section, key) if key else None
    try:
        result = store.put(section, row, expect_revision=revision)
    except DocumentError as exc:
        raise _swedish(exc) from None
    after = find(store, section, key)
    assert after is not None
    return record(history, action="put", section=section, key=key,
                  before={section: [before]} if before else {}, after={section: [after]},
                  revision=result.revision, user=user, at=at, day=day)


def delete(store: GraphStore, history: ChangeHistory, section: str, key: str, *,
           user: str | None, at: str, day: str | None = None) -> Change:
    """Delete one row; refused while other rows refer to it. People: see the module doc."""
    _section(section)
    if section == "people":
        raise ConflictError("en person tas bort genom radering (DELETE /api/v1/people/{id}), "
                            "som också tar bort personens kopplingar och inte kan ångras")
    revision = store.revision()
    before = find(store, section, key)
    if before is None:
        raise NotFoundError(f"ingen rad {key.replace(chr(31), '/')!r} i {section}")
    result_revision = store.delete(section, key, expect_revision=revision).revision
    return record(history, action="delete", section=section, key=key,
                  before={section: [before]}, after={}, revision=result_revision, user=user,
                  at=at, day=day)


def next_undo(store: GraphStore, history: ChangeHistory) -> tuple[Change, int]:
    """The change an undo would write back now, and the store's revision it was checked
    at; NotFoundError when there is none left, ConflictError once anything other than an
    edit has written to the graph. The editor asks before offering Ångra."""
    last = history.last_undoable()
    if last is None:
        raise NotFoundError("det finns ingen ändring att ångra")
    revision = store.revision()
    # Undos pop the history like a stack, so the store must be where the newest entry (an
    # edit or an undo) left it: nothing else may have written since.
    newest = history.entries(limit=1)[0]
    if revision != newest.revision or newest.action not in (*UNDOABLE, "undo"):
        raise ConflictError("grafen har ändrats sedan den senaste ändringen (till exempel av "
                            "en import); den kan inte längre ångras")
    return last, revision


def undo(store: GraphStore, history: ChangeHistory, *, user: str | None, at: str) -> Change:
    """Write back what the last edit not yet undone changed (repeat to go further back);
    refused once anything other than an edit has written to the graph."""
    last, revision = next_undo(store, history)
    if last.before:
        now = store.write(last.before, expect_revision=revision).revision
    else:  # the change created the row: undoing it removes it
        now = store.delete(last.section, last.key, expect_revision=revision).revision
    history.mark_undone(last.id)
    return record(history, action="undo", section=last.section, key=last.key,
                  before=last.after, after=last.before, revision=now, user=user, at=at,
                  day=last.day)

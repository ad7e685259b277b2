"""One-row edits from the web interface, with a history and an undo of the last change.

An edit is a write like any import (``store.write``: the same validation, all or nothing),
guarded by the revision it was made against, and its problems come back in Swedish naming
the field, like a spreadsheet import's name the column. Every edit records the rows before
and after in :class:`~graph.store.change_history.ChangeHistory`; :func:`undo` writes the
last change's "before" back, as long as nothing else has been written since.

Where the store is the SQLite file that holds the history (the service's own), a change's
row, its history entry and its audit entry are one transaction (:class:`~graph.store.
change_history.Recording`): one commit to wait for before the answer, and no row without its
entry nor an entry without its row. Elsewhere (Neo4j, a history in another file) the entry
is written just after the row, as before.

Erasing a person is not an edit: it is the data-protection erasure
(``DELETE /api/v1/people/{id}``), which takes their relations with them and cannot be
undone, since an undo would need a copy of what was to be erased.
"""

from __future__ import annotations

from typing import Any

from graph.core.access import AuditRecord
from graph.core.errors import ConflictError, DocumentError, NotFoundError, Problem
from graph.model.schema import SECTIONS, Row
from graph.model.swedish_problems import in_swedish
from graph.store import protocol
from graph.store.change_history import (
    Change,
    ChangeHistory,
    Recording,
    history_form,
    people_named,
)
from graph.store.erasure import Removal
from graph.store.protocol import GraphStore, ImportResult
from graph.store.sqlite_store import SQLiteStore

__all__ = [
    "UNDOABLE",
    "delete",
    "delete_recorded",
    "find",
    "key_of",
    "next_undo",
    "people_named",
    "put",
    "put_recorded",
    "record",
    "undo",
]


def _swedish(exc: DocumentError) -> DocumentError:
    return DocumentError(in_swedish(exc.problems, lambda s, i: "", field_label=lambda f: f))


def find(store: GraphStore, section: str, key: str) -> dict[str, Any] | None:
    """One row's plain data as the history keeps it, or ``None`` when there is none."""
    try:
        return history_form(store.get(section, key))
    except NotFoundError:
        return None


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


def _in_one_transaction(store: GraphStore, history: ChangeHistory) -> bool:
    """Whether the store can write the history's entries in its own write transactions:
    it must be the SQLite file that holds the history."""
    return isinstance(store, SQLiteStore) and \
        store.path.resolve() == history.path.resolve()


def _recording(store: GraphStore, history: ChangeHistory, **entry: Any) -> Recording | None:
    return Recording(history, **entry) if _in_one_transaction(store, history) else None


def key_of(section: str, row: dict[str, Any] | Row) -> str:
    """A row's key (its id or natural key), or "" where the row is too broken to have
    one: the write reports what is wrong, field by field."""
    if isinstance(row, Row):
        return row.key()
    try:
        return _section(section).model_validate(row).key() if isinstance(row, dict) else ""
    except Exception:
        return ""


def put_recorded(store: GraphStore, history: ChangeHistory, section: str,
                 row: dict[str, Any] | Row, *, action: str, user: str | None, at: str,
                 day: str | None = None, expect_revision: int | None = None,
                 audit: AuditRecord | None = None) -> tuple[ImportResult, Change]:
    """Write one row and record it in the history (``action``), in effect from ``day``;
    ``audit`` goes into the write's transaction (a store that holds no audit log must be
    given none: api.deps.audited)."""
    key = key_of(section, row)
    day = day or protocol.today().isoformat()
    recording = _recording(store, history, action=action, section=section, key=key,
                           user=user, at=at, day=day)
    if recording is not None:
        result = store.put(section, row, expect_revision=expect_revision, audit=audit,
                           recording=recording)
        assert result.change is not None
        return result, history.get(result.change)
    before = find(store, section, key) if key else None
    result = store.put(section, row, expect_revision=expect_revision, audit=audit)
    after = find(store, section, key)
    return result, record(history, action=action, section=section, key=key,
                          before={section: [before]} if before else {},
                          after={section: [after]} if after else {},
                          revision=result.revision, user=user, at=at, day=day)


def delete_recorded(store: GraphStore, history: ChangeHistory, section: str, key: str, *,
                    action: str, user: str | None, at: str, day: str | None = None,
                    expect_revision: int | None = None,
                    audit: AuditRecord | None = None) -> tuple[Removal, Change]:
    """Delete one row (no cascade: refused while referred to) and record it in the
    history; ``audit`` as for :func:`put_recorded`."""
    day = day or protocol.today().isoformat()
    recording = _recording(store, history, action=action, section=section, key=key,
                           user=user, at=at, day=day)
    if recording is not None:
        removal = store.delete(section, key, expect_revision=expect_revision, audit=audit,
                               recording=recording)
        assert removal.change is not None
        return removal, history.get(removal.change)
    before = find(store, section, key)
    if before is None:
        raise NotFoundError(f"ingen rad {key.replace(chr(31), '/')!r} i {section}")
    removal = store.delete(section, key, expect_revision=expect_revision, audit=audit)
    return removal, record(history, action=action, section=section, key=key,
                           before={section: [before]}, after={}, revision=removal.revision,
                           user=user, at=at, day=day)


def put(store: GraphStore, history: ChangeHistory, section: str, row: dict[str, Any], *,
        user: str | None, at: str, day: str | None = None,
        audit: AuditRecord | None = None) -> Change:
    """Create or replace one row (found by its id or natural key), in effect from ``day``."""
    _section(section)
    # Where the history is written apart from the row, its "before" is read before the
    # write: the write must then find the store where that read did.
    revision = None if _in_one_transaction(store, history) else store.revision()
    try:
        return put_recorded(store, history, section, row, action="put", user=user, at=at,
                            day=day, expect_revision=revision, audit=audit)[1]
    except DocumentError as exc:
        raise _swedish(exc) from None


def delete(store: GraphStore, history: ChangeHistory, section: str, key: str, *,
           user: str | None, at: str, day: str | None = None,
           audit: AuditRecord | None = None) -> Change:
    """Delete one row; refused while other rows refer to it. People: see the module doc."""
    _section(section)
    if section == "people":
        raise ConflictError("en person tas bort genom radering (DELETE /api/v1/people/{id}), "
                            "som också tar bort personens kopplingar och inte kan ångras")
    revision = None if _in_one_transaction(store, history) else store.revision()
    return delete_recorded(store, history, section, key, action="delete", user=user, at=at,
                           day=day, expect_revision=revision, audit=audit)[1]


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


def undo(store: GraphStore, history: ChangeHistory, *, user: str | None, at: str,
         audit: AuditRecord | None = None, expected: int | None = None) -> Change:
    """Write back what the last edit not yet undone changed (repeat to go further back);
    refused once anything other than an edit has written to the graph. ``expected``: the
    id of the change the caller's ``audit`` names (from :func:`next_undo`): refused if
    another undo took it meanwhile, so the entry names what was undone."""
    last, revision = next_undo(store, history)
    if expected is not None and last.id != expected:
        raise ConflictError("grafen har ändrats sedan den senaste ändringen; försök igen")
    # The entry holds the undone change's rows the other way round, and marks it undone.
    recording = _recording(store, history, action="undo", section=last.section,
                           key=last.key, user=user, at=at, day=last.day, before=last.after,
                           after=last.before, undoes=last.id)
    if recording is not None:
        change = (store.write(last.before, expect_revision=revision, audit=audit,
                              recording=recording).change if last.before
                  else store.delete(last.section, last.key, expect_revision=revision,
                                    audit=audit, recording=recording).change)
        assert change is not None
        return history.get(change)
    if last.before:
        now = store.write(last.before, expect_revision=revision, audit=audit).revision
    else:  # the change created the row: undoing it removes it
        now = store.delete(last.section, last.key, expect_revision=revision,
                           audit=audit).revision
    history.mark_undone(last.id)
    return record(history, action="undo", section=last.section, key=last.key,
                  before=last.after, after=last.before, revision=now, user=user, at=at,
                  day=last.day)

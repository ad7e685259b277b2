"""Editing the graph from the web interface: one row at a time, a history and an undo."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from api.deps import (
    EditHistoryDep,
    Offset,
    Store,
    audit,
    audited,
    record_of,
    row_target,
    user_of,
)
from graph.core.errors import ConflictError, NotFoundError
from graph.model.name_search import fold
from graph.model.row_names import document_names, names_of, referred_ids, rows_names
from graph.model.schema import REFERENCES, SECTIONS, IsoDate
from graph.model.spreadsheet import allowed_values, columns
from graph.store import row_edits
from graph.store.change_history import Change
from graph.store.protocol import GraphStore

__all__ = ["router"]

SectionName = Annotated[str, Field(pattern="^(" + "|".join(SECTIONS) + ")$",
                                   examples=["people"])]


class EditBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: SectionName
    row: dict[str, Any] = Field(examples=[{"id": "p1", "name": "Ingrid Holm",
                                           "organisation": "sn-af"}])
    day: IsoDate | None = Field(default=None, description=(
        "The day the change took effect (default today): the as-of views of earlier days "
        "show the row as it was before it."), examples=["2018-02-01"])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _named(store: GraphStore, changes: list[Change]) -> list[dict[str, Any]]:
    """Changes as the history gives them, each with ``names``: the name of every id its
    rows are or refer to (the editor shows names, the id beside them). The rows' own names
    first, so a row deleted since is still named; each id looked up once for them all."""
    rows = [{s: [*c.before.get(s, []), *c.after.get(s, [])] for s in {*c.before, *c.after}}
            for c in changes]
    wanted = [referred_ids(r) for r in rows]
    every: dict[str, set[str]] = {}
    for ids in wanted:
        for ident, sections in ids.items():
            every.setdefault(ident, set()).update(sections)
    known = names_of(store.get, every)
    out = []
    for change, its_rows, ids in zip(changes, rows, wanted, strict=True):
        names = {**known, **rows_names(its_rows)}
        out.append({**change.as_dict(), "names": {i: names[i] for i in sorted(ids)
                                                  if i in names}})
    return out


def _searched(data: dict[str, Any], names: dict[str, str]) -> str:
    """A row's values as the editor shows them, folded for a search (name_search.fold):
    each value, and the name of each id among them (``names``: folded already, once for
    the whole section rather than once a row)."""
    values = [v for value in data.values()
              for v in (value if isinstance(value, list) else [value])]
    return " ".join([fold(" ".join(map(str, values))),
                     *(names[v] for v in values if isinstance(v, str) and v in names)])


def _schema() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for section, model in SECTIONS.items():
        fields = []
        by_key = {info.alias or name: info for name, info in model.model_fields.items()}
        for key, kind in columns(section):
            info = by_key[key]
            choices = allowed_values(section, key)
            refers = next((list(r.targets) for r in REFERENCES
                           if r.section == section and r.field == key), None)
            fields.append({"key": key, "kind": kind, "required": info.is_required(),
                           "choices": choices, "refers_to": refers})
        out[section] = {"natural_key": list(model.natural_key), "fields": fields}
    return out


def router() -> APIRouter:
    r = APIRouter(tags=["editing"])

    @r.get("/api/v1/edit/schema")
    def schema() -> dict[str, Any]:
        """Every section's fields: kind, required, allowed values and what they refer to."""
        return _schema()

    @r.get("/api/v1/edit/rows")
    def rows(request: Request, store: Store,
             section: Annotated[str, Query(pattern="^(" + "|".join(SECTIONS) + ")$")],
             q: Annotated[str, Query(max_length=200)] = "",
             limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict[str, Any]:
        """Whole rows of a section to edit, those whose values, or the names of the ids they
        hold, contain ``q`` (case and accents ignored); each with its ``key`` (the id, or the
        natural key joined by '/') for the delete route, and ``names``: the name of every id
        these rows refer to."""
        needle = fold(q)
        found: list[dict[str, Any]] = []
        total = 0
        doc = store.read()
        # A tie or a membership holds ids only; the admin searches it by the names shown.
        known = {i: fold(n) for i, n in document_names(doc).items()} if needle else {}
        for row in getattr(doc, section):
            data = row.model_dump(mode="json", by_alias=True, exclude_unset=True)
            if needle and needle not in _searched(data, known):
                continue
            total += 1
            if len(found) < limit:
                found.append({"key": row.key().replace("\x1f", "/"), "row": data})
        audit(request, f"edit_list_{section}", q or None, "administration")
        names = names_of(store.get, referred_ids({section: [i["row"] for i in found]}))
        return {"total": total, "items": found, "names": names}

    @r.put("/api/v1/edit")
    def put_row(request: Request, history: EditHistoryDep, body: EditBody,
                store: Store) -> dict[str, Any]:
        """Create or replace one row; problems name the field, in Swedish."""
        # The row, its history entry and this audit entry: one transaction (row_edits).
        record = record_of(request, f"edit_{body.section}",
                           row_target(request, body.section,
                                      row_edits.key_of(body.section, body.row)),
                           "administration")
        change = audited(request, store, record, lambda a: row_edits.put(
            store, history, body.section, body.row, user=user_of(request).name, at=_now(),
            day=body.day.isoformat() if body.day else None, audit=a))
        return _named(store, [change])[0]

    @r.delete("/api/v1/edit")
    def delete_row(request: Request, history: EditHistoryDep, store: Store,
                   section: Annotated[str, Query(pattern="^(" + "|".join(SECTIONS) + ")$")],
                   key: Annotated[str, Query(min_length=1, max_length=700, description=(
                       "The id, or a link row's natural key joined by '/'."))],
                   day: Annotated[IsoDate | None, Query(description=(
                       "The day the row stopped being true (default today)."))] = None
                   ) -> dict[str, Any]:
        """Delete one row (not a person: that is an erasure); refused while referred to."""
        record = record_of(request, f"edit_delete_{section}", row_target(request, section, key),
                           "administration")
        change = audited(request, store, record, lambda a: row_edits.delete(
            store, history, section, key.replace("/", "\x1f"), user=user_of(request).name,
            at=_now(), day=day.isoformat() if day else None, audit=a))
        return _named(store, [change])[0]

    @r.post("/api/v1/edit/undo")
    def undo(request: Request, history: EditHistoryDep, store: Store) -> dict[str, Any]:
        """Undo the last change, if nothing has been written since."""
        # The entry names the row written back, known before the write that audits it.
        last, _ = row_edits.next_undo(store, history)
        record = record_of(request, "edit_undo", row_target(request, last.section, last.key),
                           "administration")
        change = audited(request, store, record, lambda a: row_edits.undo(
            store, history, user=user_of(request).name, at=_now(), audit=a,
            expected=last.id))
        return _named(store, [change])[0]

    @r.get("/api/v1/edit/undo")
    def undo_offered(history: EditHistoryDep, store: Store) -> dict[str, Any]:
        """Which row an undo would write back now (``change``: its section, key and
        names; null when none), or ``reason``, in Swedish, why there is none to undo. Only
        what the Ångra button says: the rows themselves are in the (audited) history."""
        try:
            change, _ = row_edits.next_undo(store, history)
        except (NotFoundError, ConflictError) as refused:
            return {"change": None, "reason": refused.message}
        named = _named(store, [change])[0]
        return {"change": {k: named[k] for k in ("section", "key", "names")}, "reason": None}

    @r.get("/api/v1/edit/history")
    def history(request: Request, log: EditHistoryDep, store: Store,
                limit: Annotated[int, Query(ge=1, le=500)] = 50,
                offset: Offset = 0) -> list[dict[str, Any]]:
        """Who changed what, when: newest first, with the rows before and after."""
        audit(request, "edit_history", None, "administration")
        return _named(store, log.entries(limit, offset))

    return r

"""The names of the rows that rows refer to, for showing a row to a person.

A row holds ids (``p-1234``, ``sn-af``); the editor shows the names behind them and keeps
the id beside each, since two people may share a name. Ids are unique across the entity
sections (the document check refuses an id used by two kinds), so one map serves them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.model.schema import ENTITY_SECTIONS, REFERENCES, Document

__all__ = ["names_of", "referred_ids", "rows_names"]

Rows = Mapping[str, Iterable[Mapping[str, Any]]]


def referred_ids(rows: Rows) -> set[str]:
    """Every id the rows (by section, as plain data) are or refer to."""
    out: set[str] = set()
    for section, section_rows in rows.items():
        fields = [r.field for r in REFERENCES if r.section == section]
        for row in section_rows:
            if section in ENTITY_SECTIONS and isinstance(row.get("id"), str):
                out.add(row["id"])
            for field in fields:
                value = row.get(field)
                out.update(v for v in (value if isinstance(value, list) else [value])
                           if isinstance(v, str))
    return out


def rows_names(rows: Rows) -> dict[str, str]:
    """The entity rows' own names, as the rows themselves say them: a row deleted since is
    no longer in the graph, and its change still names it."""
    return {row["id"]: row["name"] for section, section_rows in rows.items()
            if section in ENTITY_SECTIONS for row in section_rows
            if isinstance(row.get("id"), str) and isinstance(row.get("name"), str)}


def names_of(doc: Document, ids: set[str]) -> dict[str, str]:
    """The names of those of ``ids`` that name an entity of the graph (one pass over the
    entity sections, so a page of rows costs one read however many ids it holds)."""
    if not ids:
        return {}
    return {row.id: row.name for section in ENTITY_SECTIONS for row in getattr(doc, section)
            if row.id in ids}

"""The names of the rows that rows refer to, for showing a row to a person.

A row holds ids (``p-1234``, ``sn-af``); the editor shows the names behind them and keeps
the id beside each, since two people may share a name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from graph.core.errors import NotFoundError
from graph.model.schema import ENTITY_SECTIONS, REFERENCES, Document, Row

__all__ = ["document_names", "names_of", "referred_ids", "rows_names"]

Rows = Mapping[str, Iterable[Mapping[str, Any]]]


def referred_ids(rows: Rows) -> dict[str, set[str]]:
    """Every id the rows (by section, as plain data) are or refer to, with the sections
    it may be a row of (a role's scope: an organisation, a group or an initiative)."""
    out: dict[str, set[str]] = {}
    for section, section_rows in rows.items():
        refs = [r for r in REFERENCES if r.section == section]
        for row in section_rows:
            if section in ENTITY_SECTIONS and isinstance(row.get("id"), str):
                out.setdefault(row["id"], set()).add(section)
            for ref in refs:
                value = row.get(ref.field)
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str):
                        out.setdefault(v, set()).update(ref.targets)
    return out


def rows_names(rows: Rows) -> dict[str, str]:
    """The entity rows' own names, as the rows themselves say them: a row deleted since is
    no longer in the graph, and its change still names it."""
    return {row["id"]: row["name"] for section, section_rows in rows.items()
            if section in ENTITY_SECTIONS for row in section_rows
            if isinstance(row.get("id"), str) and isinstance(row.get("name"), str)}


def names_of(get: Callable[[str, str], Row], ids: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """The names of those of ``ids`` that name a row, looked up one by one with ``get``
    (a store's ``get(section, key)``, by its index): a page of rows names a few hundred
    ids at most. At 200,000 people 100 forum members' 44 ids took 0.7 ms so, and one pass
    over the entity sections 155 ms (one run each, a 2-core machine under load 10-12)."""
    out: dict[str, str] = {}
    for ident, sections in ids.items():
        for section in sorted(sections):
            try:
                name = getattr(get(section, ident), "name", None)
            except NotFoundError:
                continue
            if isinstance(name, str):
                out[ident] = name
                break
    return out


def document_names(doc: Document) -> dict[str, str]:
    """The name of every entity row of ``doc`` by id (ids are unique across sections): for
    a search over a whole section, where a page's ``names_of`` would look up each id."""
    return {row.id: row.name for section in ENTITY_SECTIONS for row in getattr(doc, section)}

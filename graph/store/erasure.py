"""Removing rows: what else must change so the graph stays valid, as one new document.

Deleting an organisation that people work for must be refused; deleting a person (GDPR
erasure) must also remove their memberships, participations and ties and take them off the
roles they hold. The plan is computed here, on a document, and the store writes the result
as one replacing transaction guarded by the revision it was computed from, so a concurrent
write is never lost: it makes the delete fail with a conflict instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph.core.errors import ConflictError, NotFoundError
from graph.model.document import to_data
from graph.model.schema import ENTITY_SECTIONS, REFERENCES, SECTIONS, Document, Row
from graph.store.protocol import GraphStore

__all__ = ["delete_row", "without"]


def without(
    doc: Document, section: str, key: str, *, cascade: bool = False
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """The document without one row, and how many rows of each section went or changed.

    Parameters
    ----------
    section, key
        The row: an id for entities, the natural key (``Row.key()``) for links.
    cascade
        Also remove link rows that name the entity, and take it out of lists (role
        holders, initiative parties); required single references still refuse.

    Examples
    --------
    >>> from graph.model.document import load_document
    >>> doc = load_document({"organisations": [{"id": "o", "name": "O"}],
    ...     "people": [{"id": "a", "name": "A", "organisation": "o"},
    ...                {"id": "b", "name": "B", "organisation": "o"}],
    ...     "ties": [{"a": "a", "b": "b"}]})
    >>> data, changed = without(doc, "people", "a", cascade=True)
    >>> [p["id"] for p in data["people"]], data["ties"], changed
    (['b'], [], {'people': 1, 'ties': 1})
    """
    if section not in SECTIONS:
        raise NotFoundError(f"unknown section {section!r}")
    rows: list[Row] = getattr(doc, section)
    if not any(r.key() == key for r in rows):
        raise NotFoundError(f"no {section} row {key!r}")
    data = to_data(doc)
    changed = {section: 1}
    data[section] = [d for r, d in zip(rows, data[section], strict=True) if r.key() != key]
    if not data[section]:
        del data[section]
    if section not in ENTITY_SECTIONS:
        return data, changed
    blocking: list[str] = []
    for ref in REFERENCES:
        if section not in ref.targets or not data.get(ref.section):
            continue
        model = SECTIONS[ref.section]
        required = model.model_fields[ref.field].is_required()
        kept = []
        for row in data[ref.section]:
            field = "as" if ref.field == "as_" else ref.field
            value = row.get(field)
            hit = key in value if ref.many and isinstance(value, list) else value == key
            if not hit:
                kept.append(row)
                continue
            where = row.get("id") or "/".join(str(row.get(f, "")) for f in model.natural_key)
            if not cascade:
                blocking.append(f"{ref.section} {where} ({ref.field})")
                kept.append(row)
            elif ref.section not in ENTITY_SECTIONS:
                changed[ref.section] = changed.get(ref.section, 0) + 1
            elif ref.many and isinstance(value, list):
                kept.append({**row, field: [v for v in value if v != key]})
                changed[ref.section] = changed.get(ref.section, 0) + 1
            elif required:
                blocking.append(f"{ref.section} {where} ({ref.field})")
                kept.append(row)
            else:
                kept.append({k: v for k, v in row.items() if k != field})
                changed[ref.section] = changed.get(ref.section, 0) + 1
        data[ref.section] = kept
    if blocking:
        more = f" and {len(blocking) - 10} more" if len(blocking) > 10 else ""
        shown = ", ".join(blocking[:10]) + more
        raise ConflictError(f"{section} {key!r} is still referred to by {shown}")
    return data, changed


def delete_row(
    store: GraphStore, section: str, key: str, *, cascade: bool = False,
    write: Callable[..., object] | None = None,
) -> dict[str, int]:
    """Delete one row from a store (see :func:`without`); all of it or nothing.

    ``write`` replaces ``store.write`` (same arguments), e.g. to audit in its transaction.
    """
    revision = store.revision()
    data, changed = without(store.read(), section, key, cascade=cascade)
    (write or store.write)(data, replace=True, expect_revision=revision)
    return changed

"""Organisations with the units below them (``parent`` chains)."""

from __future__ import annotations

from collections.abc import Iterable

from graph.model.schema import Document

__all__ = ["with_units"]


def with_units(doc: Document, organisations: Iterable[str]) -> set[str]:
    """The organisations and every unit below them, at any depth.

    >>> from graph.model.document import load_document
    >>> doc = load_document({"organisations": [{"id": "af", "name": "AF"},
    ...     {"id": "af-lund", "name": "AF Lund", "parent": "af"},
    ...     {"id": "fk", "name": "FK"}]})
    >>> sorted(with_units(doc, ["af"]))
    ['af', 'af-lund']
    """
    children: dict[str, list[str]] = {}
    for org in doc.organisations:
        if org.parent is not None:
            children.setdefault(org.parent, []).append(org.id)
    found = set(organisations)
    todo = list(found)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found

"""The two large sections, people and ties, as plain tuples for a service's first projection.

A store's rows become model instances (graph.model.stored_rows) at about 2 µs a tie in
pydantic's core: 820,000 people and ties of a national store took 5-6 of the 14 CPU s to
the first path answer, before the projection had read a single one. The projection reads
only attributes of its rows, so for its first build a named tuple per row does: one per
section, with every field of the row's model, in the model's order, holding the values
an instance would hold (dates as dates, enums as members, a column left NULL as the
field's default). The columns are converted one column at a time (a few thousand
distinct days, a handful of kinds: one dict lookup each), and the tuples made in C.

Only the projection sees these tuples; everything else gets the model instances, read
afterwards (graph.store.protocol.ProjectionCache). ``tests/test_projection_rows.py`` checks
that both give the same projection, and the same values field by field.
"""

from __future__ import annotations

import json
from collections import namedtuple
from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from functools import partial
from typing import Any, get_origin

from pydantic.fields import FieldInfo

from graph.model.schema import SECTIONS, base_types

__all__ = ["PLAIN_SECTIONS", "plain_rows", "plain_type"]

# The sections read as tuples: the ones with hundreds of thousands of rows.
PLAIN_SECTIONS = ("people", "ties")


class _Memo(dict[Any, Any]):
    """Each distinct stored value converted once (a day, a kind); NULL is the default."""

    def __init__(self, convert: Callable[[Any], Any], default: Any) -> None:
        super().__init__({None: default})
        self._convert = convert

    def __missing__(self, value: Any) -> Any:
        found = self[value] = self._convert(value)
        return found


def _column(info: FieldInfo) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """How one stored column becomes the values of its field."""
    kinds = [t for t in base_types(info.annotation) if t is not type(None)]
    t = kinds[0]
    if get_origin(t) is list:  # a new empty list per row, as the model's factory makes
        return lambda values: [json.loads(v) if v is not None else
                               info.get_default(call_default_factory=True) for v in values]
    default = None if info.is_required() else info.default
    convert: Callable[[Any], Any] | None = (
        date.fromisoformat if t is date else t if isinstance(t, type) and issubclass(t, Enum)
        else None)
    if convert is not None:
        memo_of = convert
        return lambda values: list(map(_Memo(memo_of, default).__getitem__, values))
    if default is None:
        return lambda values: values
    return lambda values: [default if v is None else v for v in values]


# Made from the schema, so a field added to a model is read here too.
_TYPES: dict[str, Any] = {
    section: namedtuple(f"Plain{SECTIONS[section].__name__}",
                        list(SECTIONS[section].model_fields))
    for section in PLAIN_SECTIONS}
_CONVERTERS = {section: [_column(info) for info in SECTIONS[section].model_fields.values()]
               for section in PLAIN_SECTIONS}


def plain_type(section: str) -> Any:
    """The named tuple of ``section``'s rows: its model's fields, in order."""
    return _TYPES[section]


def plain_rows(section: str, records: list[tuple[Any, ...]]) -> list[Any]:
    """``records`` (one stored column per model field, in the model's order, as the store
    wrote them) as ``section``'s named tuples."""
    if not records:
        return []
    columns = [convert(values) for convert, values in
               zip(_CONVERTERS[section], zip(*records, strict=True), strict=True)]
    # tuple.__new__ itself: the named tuple's own _make and __new__ are Python functions,
    # a second per 820,000 rows.
    return list(map(partial(tuple.__new__, _TYPES[section]), zip(*columns, strict=True)))

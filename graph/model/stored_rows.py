"""Rows read back from a store that validated them when they were written.

Validating every row again on each full read cost 5 of the 23 s a 200,000-person store
took to its first path answer: pydantic runs the schema's Python validators (ISO dates,
control characters, periods in order) once per field. What a store holds passed them on
write and is read back as it was written, so each section here gets a validator built
from its model's fields with their plain types only (str, int, date, enum, list), run in
pydantic's Rust core: it makes instances of the same model classes, with the same
defaults and the same fields set, that validating again would have made from those
values. ``tests/test_stored_rows.py`` checks that on every section's rows, including the
fields set (``exclude_unset`` dumps depend on them).

Only for what a store wrote: anything from outside goes through the models themselves.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, get_args, get_origin

from pydantic.fields import FieldInfo
from pydantic_core import CoreSchema, SchemaValidator, core_schema

from graph.model.schema import SECTIONS, Document, Row, base_types

__all__ = ["stored_document", "stored_rows"]


def _plain_schema(annotation: Any) -> CoreSchema:
    """The field's type without its validators: what a stored value already satisfies."""
    kinds = [t for t in base_types(annotation) if t is not type(None)]
    if len(kinds) != 1:
        raise TypeError(f"no stored form for {annotation!r}")
    t = kinds[0]
    if get_origin(t) is list:
        return core_schema.list_schema(_plain_schema(get_args(t)[0]))
    if isinstance(t, type) and issubclass(t, Enum):
        return core_schema.enum_schema(t, list(t.__members__.values()), sub_type="str")
    plain: dict[Any, CoreSchema] = {str: core_schema.str_schema(),
                                    int: core_schema.int_schema(),
                                    date: core_schema.date_schema()}
    if t not in plain:
        raise TypeError(f"no stored form for {annotation!r}")
    return plain[t]


def _field(info: FieldInfo) -> core_schema.ModelField:
    inner = core_schema.nullable_schema(_plain_schema(info.annotation))
    schema: CoreSchema = (
        core_schema.with_default_schema(inner, default_factory=info.default_factory)
        if info.default_factory is not None else
        inner if info.is_required() else core_schema.with_default_schema(inner,
                                                                        default=info.default))
    return core_schema.model_field(schema, validation_alias=info.alias)


def _validator(model: type[Row]) -> SchemaValidator:
    fields = {name: _field(info) for name, info in model.model_fields.items()}
    # One call per section, not per row: the loop over rows runs in Rust too.
    return SchemaValidator(core_schema.list_schema(core_schema.model_schema(
        model, core_schema.model_fields_schema(fields))))


_VALIDATORS = {section: _validator(model) for section, model in SECTIONS.items()}


def stored_rows(section: str, plain: list[dict[str, Any]]) -> list[Row]:
    """The rows of ``section`` a store wrote as ``plain`` (columns by name, lists decoded)."""
    rows: list[Row] = _VALIDATORS[section].validate_python(plain)
    return rows


def stored_document(plain: dict[str, list[dict[str, Any]]]) -> Document:
    """The document of every section's stored rows (see :func:`stored_rows`)."""
    sections: dict[str, Any] = {s: stored_rows(s, plain.get(s, [])) for s in SECTIONS}
    return Document.model_construct(**sections)

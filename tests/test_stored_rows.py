"""Rows read back from a store without validating them again (graph.model.stored_rows).

The oracle is pydantic's own validation of the same stored values through the row models:
every row must come back equal, with the same fields set (exports write only those) and
the same attribute types (dates as dates, enums as enums).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api.seed_data import seed_document
from graph.model.document import to_data
from graph.model.generator import generate
from graph.model.schema import SECTIONS, Document
from graph.store.sqlite_store import SQLiteStore


def _stored_plain(store: SQLiteStore) -> dict[str, list[dict[str, Any]]]:
    with store._guard():
        return {s: store._plain(s, "1", ()) for s in SECTIONS}


@pytest.mark.parametrize("data", [seed_document(), generate(400, seed=3, national=True)],
                         ids=["seed", "generated"])
def test_stored_rows_are_what_validating_them_again_gives(tmp_path: Path,
                                                          data: dict[str, Any]) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.write(data)
    # Every optional field the schema has, set somewhere, so each converter runs.
    store.put("people", {"id": "x1", "name": "Xe", "organisation": data["people"][0][
        "organisation"], "email": "x.e@kommun.se", "phone": "010-123 45 67",
        "since": "2020-02-29", "until": "2030-01-01", "contact_about": "bistånd"})
    validated = Document.model_validate(_stored_plain(store))
    ours = SQLiteStore(store.path).read()
    for section in SECTIONS:
        mine, theirs = getattr(ours, section), getattr(validated, section)
        assert mine == theirs, section
        assert len(mine) > 0, section
        for a, b in zip(mine, theirs, strict=True):
            assert type(a) is type(b)
            assert a.model_fields_set == b.model_fields_set
            assert {k: type(v) for k, v in a.__dict__.items()} == {
                k: type(v) for k, v in b.__dict__.items()}
    assert to_data(ours) == to_data(validated)


def test_a_row_read_back_keeps_unset_what_was_never_written(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.write({"organisations": [{"id": "af", "name": "AF"}],
                 "people": [{"id": "a", "name": "A", "organisation": "af"},
                            {"id": "b", "name": "B", "organisation": "af"}],
                 "ties": [{"a": "a", "b": "b"}]})
    tie = SQLiteStore(store.path).read().ties[0]
    assert tie.model_dump(by_alias=True, exclude_unset=True) == {"a": "a", "b": "b"}
    assert tie.strength == 1 and str(tie.kind) == "collaboration"  # the defaults

"""What an import tells the admin it did: added, changed, unchanged and, for a replacing
import, removed rows, counted by natural key against the store as it was."""

from __future__ import annotations

import json
from pathlib import Path

from api.usecases.graph_data import row_changes
from graph.model.document import validate_shape

SEED = Path(__file__).resolve().parent.parent / "seed" / "finsam.json"


def _seed() -> dict[str, list[dict[str, object]]]:
    data: dict[str, list[dict[str, object]]] = json.loads(SEED.read_text(encoding="utf-8"))
    return data


def test_a_replacing_staff_list_counts_the_people_it_leaves_out() -> None:
    data = _seed()
    before = validate_shape(data)
    people = data["people"]
    kept, dropped = people[:-3], people[-3:]
    edited = dict(kept[0], title="Ny titel för prov")
    incoming = {"people": [edited, *kept[1:], {**kept[1], "id": "ny-person-1"}]}
    counts = row_changes(before, validate_shape(incoming), replace=True)
    assert counts["added"] == 1 and counts["changed"] == 1
    assert counts["unchanged"] == len(kept) - 1
    # Every other section of the store is replaced by nothing too: all of its rows go.
    others = sum(len(v) for k, v in data.items() if k != "people" and isinstance(v, list))
    assert counts["removed"] == len(dropped) + others


def test_an_adding_import_removes_nothing_and_skips_sections_it_does_not_name() -> None:
    data = _seed()
    before = validate_shape(data)
    incoming = {"people": data["people"][:-3]}
    counts = row_changes(before, validate_shape(incoming), replace=False)
    assert counts == {"added": 0, "changed": 0, "unchanged": len(data["people"]) - 3,
                      "removed": 0}

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.core.errors import DocumentError, DocumentTooLargeError
from graph.model.document import (
    Known,
    dump,
    load_document,
    parse_bytes,
    read_document,
    to_data,
)
from graph.model.generator import generate


def problems(data: Any, known: Known | None = None) -> list[str]:
    with pytest.raises(DocumentError) as err:
        load_document(data, known)
    return [str(p) for p in err.value.problems]


def test_every_section_and_optional_key_may_be_absent() -> None:
    assert load_document({}).count() == dict.fromkeys(
        ["organisations", "people", "groups", "initiatives", "roles", "memberships",
         "participations", "ties"], 0)
    assert load_document(None).people == []


def test_unknown_reference_names_row_field_and_value(small: dict[str, Any]) -> None:
    small["people"][1]["organisation"] = "afx"
    assert problems(small) == ["people[1].organisation: unknown organisation 'afx'"]


def test_every_reference_is_checked(small: dict[str, Any]) -> None:
    small["organisations"][1]["parent"] = "nope1"
    small["groups"][0]["organisation"] = "nope2"
    small["initiatives"][0]["parties"][1] = "nope3"
    small["initiatives"][0]["governed_by"] = "anna"
    small["roles"][0]["holders"] = ["nope4"]
    small["roles"][0]["scope"] = "anna"
    small["memberships"][1]["represents"] = "dua"
    small["participations"][0]["initiative"] = "nope5"
    small["ties"][0]["b"] = "nope6"
    assert problems(small) == [
        "organisations[1].parent: unknown organisation 'nope1'",
        "groups[0].organisation: unknown organisation 'nope2'",
        "initiatives[0].parties[1]: unknown organisation 'nope3'",
        "initiatives[0].governed_by: unknown group 'anna'",
        "roles[0].scope: unknown organisation or group or initiative 'anna'",
        "roles[0].holders[0]: unknown person 'nope4'",
        "memberships[1].represents: unknown organisation 'dua'",
        "participations[0].initiative: unknown initiative 'nope5'",
        "ties[0].b: unknown person 'nope6'",
    ]


def test_ids_are_unique_across_all_kinds(small: dict[str, Any]) -> None:
    small["groups"].append({"id": "anna", "name": "Anna-gruppen"})
    small["people"].append({"id": "bo", "name": "Bo igen", "organisation": "lomma"})
    assert problems(small) == [
        "people[3].id: duplicate id 'bo' (also people[1])",
        "groups[1].id: duplicate id 'anna' (also people[0])",
    ]


def test_an_id_in_the_store_keeps_its_kind() -> None:
    known = Known(sections={"anna": "people"})
    assert problems({"organisations": [{"id": "anna", "name": "X"}]}, known) == [
        "organisations[0].id: id 'anna' is already used by a person"]


def test_references_may_point_into_the_store() -> None:
    known = Known(sections={"af": "organisations"})
    doc = load_document({"people": [{"id": "x", "name": "X", "organisation": "af"}]}, known)
    assert doc.people[0].organisation == "af"


def test_shape_errors_are_named_in_plain_words() -> None:
    data = {"people": [{"id": "x", "name": "X", "organisation": "o", "since": "2015-13-01",
                        "shoe_size": 42},
                       {"id": "y", "organisation": "o"},
                       {"id": "z", "name": "Z", "organisation": "o", "since": "2016-01-01",
                        "until": "2015-01-01"}],
            "organisations": [{"id": "o", "name": "O", "kind": "ministry"}],
            "ties": [{"a": "x", "b": "y", "strength": 9}]}
    found = problems(data)
    assert "organisations[0].kind: must be one of 'agency', 'municipality', 'region', " \
           "'federation', 'care_provider', 'unit' or 'other', got 'ministry'" in found
    assert "people[0].since: invalid date '2015-13-01'" in found
    assert "people[0].shoe_size: unknown field" in found
    assert "people[1].name: required field is missing" in found
    assert "people[2].until: until 2015-01-01 is before since 2016-01-01" in found
    assert any(p.startswith("ties[0].strength: Input should be less than or equal to 5")
               for p in found)


def test_duplicate_relations_and_cycles(small: dict[str, Any]) -> None:
    small["ties"].append({"a": "bo", "b": "anna", "kind": "meeting"})
    small["organisations"][0]["parent"] = "af-lund"
    assert problems(small) == [
        "ties[1]: duplicate of ties[0]",
        "organisations[0].parent: 'af' would be its own ancestor",
        "organisations[1].parent: 'af-lund' would be its own ancestor",
    ]


def test_top_level_must_be_a_mapping() -> None:
    assert problems([1, 2]) == ["the document must be a mapping of lists"]
    assert problems({"persons": []}) == ["persons: unknown field"]


@pytest.mark.parametrize(("text", "fmt", "message"), [
    (b'{"people": [}', "json", "malformed JSON at line 1, column 13"),
    (b"people:\n  - id: a\n   name: b\n", "yaml", "malformed YAML at line 3, column"),
    (b"\xff\xfe\x00", "json", "not UTF-8 text"),
])
def test_malformed_input_names_the_position(text: bytes, fmt: str, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        parse_bytes(text, fmt)  # type: ignore[arg-type]


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    f = tmp_path / "big.json"
    f.write_bytes(b"{" + b" " * 4096 + b"}")
    with pytest.raises(DocumentTooLargeError, match=r"big.json är 0,0 MiB; gränsen är"):
        read_document(f, max_bytes=1024)


def test_round_trip_is_identical_for_seed_and_generated(seed: dict[str, Any]) -> None:
    for data in (seed, generate(300, seed=5)):
        assert to_data(load_document(data)) == data


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_dump_and_parse_round_trip(small: dict[str, Any], tmp_path: Path, fmt: str) -> None:
    f = tmp_path / f"doc.{fmt}"
    with f.open("w", encoding="utf-8") as out:
        dump(small, out, fmt)  # type: ignore[arg-type]
    back = read_document(f)
    assert to_data(load_document(back)) == small
    if fmt == "yaml":
        assert yaml.safe_load(f.read_text(encoding="utf-8"))["people"][0]["name"] == "Anna Ek"
    else:
        assert json.loads(f.read_text(encoding="utf-8")) == small

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from graph.model.schema import Membership, Person, Seat, Tie, TieKind


def test_person_dates_parse_iso_strings_and_date_objects() -> None:
    p = Person.model_validate({"id": "a", "name": "A", "organisation": "o",
                               "since": "2015-11-01", "until": date(2018, 8, 14)})
    assert p.since == date(2015, 11, 1)
    assert p.until == date(2018, 8, 14)


@pytest.mark.parametrize("bad", ["2015-13-01", "01/11/2015", 20151101, "2015-11-01T10:00"])
def test_person_rejects_non_iso_dates(bad: object) -> None:
    with pytest.raises(ValidationError) as err:
        Person.model_validate({"id": "a", "name": "A", "organisation": "o", "since": bad})
    assert err.value.errors()[0]["loc"] == ("since",)


def test_until_before_since_is_rejected() -> None:
    with pytest.raises(ValidationError, match="until 2014-01-01 is before since 2015-01-01"):
        Person.model_validate({"id": "a", "name": "A", "organisation": "o",
                               "since": "2015-01-01", "until": "2014-01-01"})


@pytest.mark.parametrize("strength", [0, 6, 2.5])
def test_tie_strength_is_an_integer_from_one_to_five(strength: object) -> None:
    with pytest.raises(ValidationError):
        Tie.model_validate({"a": "x", "b": "y", "strength": strength})


def test_tie_defaults_and_undirected_key() -> None:
    t = Tie.model_validate({"a": "y", "b": "x"})
    assert (t.kind, t.strength) == (TieKind.COLLABORATION, 1)
    assert t.key() == Tie.model_validate({"a": "x", "b": "y"}).key()
    assert t.key() != Tie.model_validate({"a": "x", "b": "y", "kind": "handover"}).key()


def test_tie_to_oneself_is_rejected() -> None:
    with pytest.raises(ValidationError, match="two different people"):
        Tie.model_validate({"a": "x", "b": "x"})


def test_membership_uses_the_key_as() -> None:
    m = Membership.model_validate({"person": "p", "group": "g", "as": "deputy"})
    assert m.as_ is Seat.DEPUTY
    assert m.model_dump(by_alias=True, exclude_unset=True) == {
        "person": "p", "group": "g", "as": Seat.DEPUTY}


def test_unknown_fields_and_bad_ids_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Person.model_validate({"id": "a", "name": "A", "organisation": "o", "age": 40})
    with pytest.raises(ValidationError):
        Person.model_validate({"id": "person:a", "name": "A", "organisation": "o"})

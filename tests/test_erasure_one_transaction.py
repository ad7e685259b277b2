"""A person's erasure and the other modules' rows about them in one transaction, where
those modules keep their rows in the store's own SQLite file (graph.store.erasure)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api.usecases.graph_data import erase_person
from graph.core.errors import NotFoundError, StoreUnavailableError
from graph.store.change_history import ChangeHistory
from graph.store.sqlite_store import SQLiteStore
from graph.store.staff_links import StaffLinks
from graph.survey.rounds import SurveyRecords


class _Failing:
    """A module in the same file whose delete fails (a disk error, a bug): the erasure
    it belongs to must then not have happened at all."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def erasure_sql(self, person: str) -> list[tuple[str, tuple[Any, ...]]]:
        return [("DELETE FROM no_such_table WHERE person = ?", (person,))]

    def forget(self, person: str) -> int:
        raise AssertionError("runs inside the erasure's transaction, not on its own")


def test_an_erasure_failing_in_a_module_leaves_the_person_and_every_module_as_they_were(
        tmp_path: Path, small: dict[str, Any]) -> None:
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(small)
    links = StaffLinks(db)
    links.link([("digest-of-annas-email", "anna")])
    with pytest.raises(StoreUnavailableError, match="no_such_table"):
        erase_person(store, "anna", [links, _Failing(db)])
    # Before, the removal was committed first and the staff key's delete after: a
    # failure in between left the key of a person no longer there to erase again.
    assert store.get("people", "anna").id == "anna"
    assert links.count("anna") == 1

    calls: list[str] = []
    removal = erase_person(store, "anna", [links, SurveyRecords(db), ChangeHistory(db),
                                           calls.append])
    assert removal.changed["people"] == 1
    assert links.count("anna") == 0
    assert calls == ["anna"]  # a plain function still runs, after the removal
    with pytest.raises(NotFoundError):
        store.get("people", "anna")
    store.close()


def test_a_module_in_another_file_forgets_the_person_after_the_removal(
        tmp_path: Path, small: dict[str, Any]) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.write(small)
    links = StaffLinks(tmp_path / "other.db")
    links.link([("digest", "anna")])
    erase_person(store, "anna", [links])
    assert links.count("anna") == 0
    store.close()

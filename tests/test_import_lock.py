"""A large write holds SQLite's write lock only for the write itself: its references are
checked (and its rows turned into parameters) before the transaction opens, so another
connection writes meanwhile; what that other write changed is still seen, and the import
is all or nothing. A real SQLite file and a second store on it, as another worker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import graph.store.sqlite_store as sqlite_store
from graph.core.access import AccessLog, AuditRecord
from graph.core.errors import DocumentError, StoreBusyError
from graph.model.document import Known
from graph.model.schema import Document
from graph.store.sqlite_store import KNOWN_BY_LOOKUP, RECHECKS, SQLiteStore

BASE = {"organisations": [{"id": "af", "name": "AF", "kind": "agency"},
                          {"id": "fk", "name": "FK", "kind": "agency"}],
        "people": [{"id": "a", "name": "A", "organisation": "af"},
                   {"id": "b", "name": "B", "organisation": "fk"}]}


def large(organisation: str = "af") -> dict[str, Any]:
    """More rows than a small write: the path that checks outside the transaction."""
    n = KNOWN_BY_LOOKUP + 200
    return {"people": [{"id": f"p{i}", "name": f"P {i}", "organisation": organisation}
                       for i in range(n)],
            "ties": [{"a": f"p{i}", "b": f"p{i + 1}", "strength": 3} for i in range(n - 1)]}


@pytest.fixture
def stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
           ) -> Iterator[tuple[SQLiteStore, SQLiteStore]]:
    monkeypatch.setenv("SAMVERKAN_SQLITE_BUSY_TIMEOUT_S", "0.2")
    mine = SQLiteStore(tmp_path / "g.db")
    mine.write(BASE)
    other = SQLiteStore(tmp_path / "g.db")  # another worker process's connection
    yield mine, other
    other.close()
    mine.close()


def during_check(monkeypatch: pytest.MonkeyPatch,
                 act: Callable[[int], None]) -> list[int]:
    """Run ``act(call number)`` each time the store checks a document's references, as
    the import's check runs; returns the calls' document sizes."""
    real = sqlite_store.check_references
    calls: list[int] = []

    def checking(doc: Document, known: Known | None = None) -> Any:
        calls.append(len(doc.people))
        if len(doc.people) > KNOWN_BY_LOOKUP:  # the import's check, not the other's put
            act(len(calls))
        return real(doc, known)

    monkeypatch.setattr(sqlite_store, "check_references", checking)
    return calls


def test_others_write_while_a_large_import_is_checked(
        stores: tuple[SQLiteStore, SQLiteStore], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, other = stores
    written: list[str] = []

    def edit(call: int) -> None:
        if call == 1:
            try:  # on a lock held for the whole import this waits and gives up
                other.put("ties", {"a": "a", "b": "b", "strength": 4})
                written.append("tie")
            except StoreBusyError:
                written.append("busy")

    during_check(monkeypatch, edit)
    result = mine.write(large())
    assert written == ["tie"]
    # Both writes are there: the edit made during the check was not lost.
    counts = mine.counts()
    assert counts["people"] == 2 + KNOWN_BY_LOOKUP + 200
    assert counts["ties"] == 1 + KNOWN_BY_LOOKUP + 199
    assert result.revision == mine.revision()


def test_a_row_removed_during_the_check_is_still_refused_and_nothing_written(
        stores: tuple[SQLiteStore, SQLiteStore], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, other = stores
    other.write({"organisations": [{"id": "lomma", "name": "Lomma", "kind": "municipality"}]})
    before = mine.revision()
    during_check(monkeypatch, lambda call: other.delete("organisations", "lomma")
                 if call == 1 else None)
    with pytest.raises(DocumentError, match="unknown organisation 'lomma'"):
        mine.write(large("lomma"))
    assert mine.counts()["people"] == 2 and mine.counts()["ties"] == 0
    assert mine.revision() == before + 1  # the delete only


def test_a_stream_of_writes_cannot_hold_an_import_off_and_its_audit_is_written_once(
        tmp_path: Path, stores: tuple[SQLiteStore, SQLiteStore],
        monkeypatch: pytest.MonkeyPatch) -> None:
    mine, other = stores
    outcomes: list[str] = []

    def edit(call: int) -> None:
        try:
            other.write({"organisations": [{"id": f"o{call}", "name": f"O {call}",
                                            "kind": "unit", "parent": "af"}]})
            outcomes.append("written")
        except StoreBusyError:
            outcomes.append("busy")

    mine.write(large(), audit=AuditRecord(None, "import", "stor import", "administration"))
    calls = during_check(monkeypatch, edit)
    mine.write(large(), audit=AuditRecord(None, "import", "stor import", "administration"))
    # Checked outside RECHECKS times, each time moved by the edit; then inside the lock,
    # where the edit has to wait.
    assert len([c for c in calls if c > KNOWN_BY_LOOKUP]) == RECHECKS + 1
    assert outcomes == ["written"] * RECHECKS + ["busy"]
    assert mine.counts()["people"] == 2 + KNOWN_BY_LOOKUP + 200
    assert mine.counts()["organisations"] == 2 + RECHECKS
    access = AccessLog(tmp_path / "g.db")
    # One entry per import: the retries' entries were rolled back with them.
    assert [e.action for e in access.entries(action="import")] == ["import", "import"]
    access.close()


def test_a_failed_large_write_rolls_back_whole(
        stores: tuple[SQLiteStore, SQLiteStore]) -> None:
    mine, _ = stores
    data = large()
    data["ties"].append({"a": "p0", "b": "nobody", "strength": 2})
    before = (mine.revision(), mine.counts())
    with pytest.raises(DocumentError, match="unknown person 'nobody'"):
        mine.write(data)
    assert (mine.revision(), mine.counts()) == before

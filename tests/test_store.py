from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from graph.core.errors import DocumentError, StoreUnavailableError
from graph.model.document import to_data
from graph.store.sqlite_store import SQLiteStore


def test_round_trip_through_sqlite_is_identical(store: SQLiteStore,
                                                seed: dict[str, Any]) -> None:
    store.write(seed)
    assert to_data(store.read()) == seed


def test_reopened_file_holds_the_same_graph(tmp_path: Path, small: dict[str, Any]) -> None:
    path = tmp_path / "x.db"
    s = SQLiteStore(path)
    s.write(small)
    s.close()
    again = SQLiteStore(path)
    assert to_data(again.read()) == small
    assert again.revision() == 1
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_failed_import_writes_nothing(store: SQLiteStore, small: dict[str, Any],
                                      seed: dict[str, Any]) -> None:
    store.write(small)
    before, rev = to_data(store.read()), store.revision()
    seed["ties"].append({"a": "anna-nobody", "b": seed["people"][0]["id"]})
    with pytest.raises(DocumentError, match=r"ties\[604\]\.a: unknown person 'anna-nobody'"):
        store.write(seed)
    with pytest.raises(DocumentError):
        store.write(seed, replace=True)
    assert to_data(store.read()) == before
    assert store.revision() == rev


def test_merge_updates_by_id_and_natural_key(store: SQLiteStore, small: dict[str, Any]) -> None:
    store.write(small)
    store.write({
        "people": [{"id": "bo", "name": "Bo Lind", "organisation": "lomma",
                    "title": "socialchef"},
                   {"id": "dan", "name": "Dan Berg", "organisation": "af"}],
        "ties": [{"a": "bo", "b": "anna", "kind": "meeting", "strength": 5}],
    })
    doc = store.read()
    assert [p.id for p in doc.people] == ["anna", "bo", "cia", "dan"]
    assert doc.people[1].title == "socialchef"
    assert len(doc.ties) == 1
    assert doc.ties[0].strength == 5
    assert (doc.ties[0].a, doc.ties[0].b) == ("bo", "anna")


def test_merge_rejects_reusing_an_id_for_another_kind(store: SQLiteStore,
                                                      small: dict[str, Any]) -> None:
    store.write(small)
    with pytest.raises(DocumentError, match="id 'anna' is already used by a person"):
        store.write({"groups": [{"id": "anna", "name": "G"}]})


def test_merge_cannot_close_a_cycle_with_stored_rows(store: SQLiteStore,
                                                     small: dict[str, Any]) -> None:
    store.write(small)
    with pytest.raises(DocumentError, match="'af' would be its own ancestor"):
        store.write({"organisations": [{"id": "af", "name": "AF", "parent": "af-lund"}]})


def test_replace_empties_first(store: SQLiteStore, small: dict[str, Any],
                               seed: dict[str, Any]) -> None:
    store.write(seed)
    store.write(small, replace=True)
    assert to_data(store.read()) == small


def test_projection_cache_follows_writes(store: SQLiteStore, small: dict[str, Any]) -> None:
    store.write(small)
    g1 = store.collaboration_graph()
    assert store.collaboration_graph() is g1
    store.write({"people": [{"id": "dan", "name": "Dan", "organisation": "af"}]})
    assert "dan" in store.collaboration_graph()


def test_concurrent_writers_lose_nothing(store: SQLiteStore, small: dict[str, Any]) -> None:
    store.write(small)

    def add(k: int) -> None:
        for j in range(20):
            store.write({"people": [{"id": f"w{k}-{j}", "name": "W", "organisation": "af"}]})

    threads = [threading.Thread(target=add, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.counts()["people"] == 3 + 80
    assert store.revision() == 81


def test_unopenable_database_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreUnavailableError, match="kan inte öppnas"):
        SQLiteStore(blocker / "sub" / "x.db")

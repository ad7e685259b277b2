"""A one-row write is one transaction: the row, its edit-history entry and its audit entry
are committed together (one commit, so one fsync, before the answer) or not at all.

Real SQLite files throughout. The "crash between" is a real failing constraint: a trigger
that refuses the history's (or the audit log's) insert, which SQLite runs after the row
is written inside the same transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.usecases import graph_data
from graph.core.access import AccessLog, AuditRecord, Role
from graph.core.settings import Settings
from graph.model.schema import SECTIONS
from graph.store import row_edits
from graph.store.change_history import ChangeHistory
from graph.store.sqlite_store import SQLiteStore

# The access log's clock: fixed, so that a token's last-use stamp (a write of its own,
# once a minute) happens at the first request only.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _commits(db: Path) -> int:
    """Commit frames in the WAL since it was last reset: one per committed transaction
    (each fsynced before it returns, ``synchronous=FULL``)."""
    wal = db.with_name(db.name + "-wal")
    data = wal.read_bytes() if wal.exists() else b""
    if len(data) < 32:
        return 0
    page_size = int.from_bytes(data[8:12], "big")
    salts = data[16:24]
    commits = 0
    for offset in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        header = data[offset:offset + 24]
        if header[8:16] != salts:  # left over from before the WAL was last reset
            break
        commits += int.from_bytes(header[4:8], "big") != 0  # database size: a commit
    return commits


@pytest.fixture
def served(tmp_path: Path, small: dict[str, Any]) -> tuple[TestClient, dict[str, str],
                                                          SQLiteStore]:
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(small)
    access = AccessLog(db, clock=lambda: NOW)
    headers = {"Authorization": f"Bearer {access.add_user('admin', Role.ADMIN)}"}
    client = TestClient(create_app(store, access, Settings(db=db)))
    assert client.get("/api/v1/people/bo", headers=headers).status_code == 200  # the stamp
    return client, headers, store


def _raw(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as raw:
        return raw.execute(sql).fetchall()


@pytest.mark.parametrize(("method", "path", "body", "action"), [
    ("PUT", "/api/v1/people/bo", {"id": "bo", "name": "Bo Lind", "organisation": "lomma",
                                  "title": "förvaltningschef"}, "row_put"),
    ("PUT", "/api/v1/edit", {"section": "people", "row": {
        "id": "bo", "name": "Bo Lind", "organisation": "lomma", "title": "förvaltningschef"}},
     "put"),
    ("DELETE", "/api/v1/ties?key=anna/bo/meeting", None, "row_delete"),
])
def test_a_one_row_write_is_one_commit_with_its_history_and_audit_entry(
        served: tuple[TestClient, dict[str, str], SQLiteStore], method: str, path: str,
        body: dict[str, Any] | None, action: str) -> None:
    c, headers, store = served
    store.checkpoints.settle()  # no checkpoint resets the WAL while it is counted
    before = _commits(store.path)
    r = c.request(method, path, json=body, headers=headers)
    assert r.status_code == 200, r.text
    assert _commits(store.path) - before == 1
    entries = _raw(store.path, "SELECT action, revision FROM edit_history")
    assert entries == [(action, store.revision())]
    audited = [a for (a,) in _raw(store.path, "SELECT action FROM audit")]
    assert audited[-1] in ("write_person", "edit_people", "delete_tie"), audited


def _refuse(db: Path, table: str) -> None:
    """From now on every insert into ``table`` fails, as a full disk or a broken file
    would fail it: a constraint SQLite checks inside the writing transaction."""
    with sqlite3.connect(db) as raw:
        raw.execute(f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")


def _state(store: SQLiteStore) -> tuple[Any, ...]:
    """What a write could have left: the rows, the history and the audit log."""
    return (store.revision(), store.counts(), store.get("people", "bo").title,
            _raw(store.path, "SELECT count(*), coalesce(sum(undone), 0) FROM edit_history"),
            _raw(store.path, "SELECT count(*) FROM audit"))


@pytest.fixture
def parts(tmp_path: Path, small: dict[str, Any]) -> tuple[SQLiteStore, ChangeHistory]:
    db = tmp_path / "p.db"
    store = SQLiteStore(db)
    store.write(small)
    AccessLog(db).close()  # the audit table, in the same file, as the service has it
    return store, ChangeHistory(db)


WRITES = {
    "put over the row route": lambda store, history, audit: graph_data.put_row(
        store, "people", SECTIONS["people"].model_validate(
            {"id": "bo", "name": "Bo Lind", "organisation": "lomma", "title": "ny"}),
        audit=audit, history=history, user="admin"),
    "delete over the row route": lambda store, history, audit: graph_data.delete_row(
        store, "ties", "anna\x1fbo\x1fmeeting", audit=audit, history=history, user="admin"),
    "edit": lambda store, history, audit: row_edits.put(
        store, history, "people", {"id": "bo", "name": "Bo Lind", "organisation": "lomma",
                                   "title": "ny"}, user="admin", at="2026-03-02T09:00:00",
        audit=audit),
}


@pytest.mark.parametrize("refused", ["edit_history", "audit"])
@pytest.mark.parametrize("write", list(WRITES))
def test_a_write_whose_history_or_audit_entry_fails_leaves_nothing(
        parts: tuple[SQLiteStore, ChangeHistory], write: str, refused: str) -> None:
    store, history = parts
    audit = AuditRecord(None, "write_person", "pseudonym", "administration")
    was = _state(store)
    _refuse(store.path, refused)
    with pytest.raises(sqlite3.IntegrityError, match="refused by the test"):
        WRITES[write](store, history, audit)
    assert _state(store) == was
    # And the same write goes through whole once the entry can be written.
    with sqlite3.connect(store.path) as raw:
        raw.execute(f"DROP TRIGGER refuse_{refused}")
    WRITES[write](store, history, audit)
    revision, _, _, ((entries, _),), ((audited,),) = _state(store)
    assert revision == was[0] + 1 and entries == 1 and audited == was[4][0][0] + 1


def test_an_undo_whose_entry_fails_writes_nothing_back(
        parts: tuple[SQLiteStore, ChangeHistory]) -> None:
    store, history = parts
    row_edits.put(store, history, "people", {"id": "bo", "name": "Bo Lind",
                                             "organisation": "lomma", "title": "ny"},
                  user="admin", at="2026-03-02T09:00:00")
    was = _state(store)
    _refuse(store.path, "edit_history")
    with pytest.raises(sqlite3.IntegrityError):
        row_edits.undo(store, history, user="admin", at="2026-03-02T09:01:00")
    assert _state(store) == was  # the title not written back, the edit not marked undone
    with sqlite3.connect(store.path) as raw:
        raw.execute("DROP TRIGGER refuse_edit_history")
    undo = row_edits.undo(store, history, user="admin", at="2026-03-02T09:01:00")
    assert store.get("people", "bo").title == "enhetschef"
    assert undo.action == "undo" and undo.revision == store.revision()
    assert [(e.action, e.undone) for e in history.entries()] == [("undo", False),
                                                                 ("put", True)]

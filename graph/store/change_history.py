"""The change history of edits made in the web interface: who changed what, when.

Each entry keeps the rows as they were before the change and as they are after it, which
is what an undo writes back and what a reader of the history needs to see, and the day the
change took effect (``day``: the edit's day unless the editor gave another, a staff list's
own day), which is what the as-of views rewind by (:mod:`graph.store.as_of`). The rows can
hold personal data, so the entries that name a person go when the person is erased
(:meth:`ChangeHistory.forget`); the audit log keeps only that an erasure happened.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.core.sqlite_tables import open_tables
from graph.model.schema import Row

__all__ = ["Change", "ChangeHistory", "Recording", "history_form", "people_named"]

Rows = dict[str, list[dict[str, Any]]]
# Reads one row inside the store's open transaction: its plain data, or None.
RowReader = Callable[[str, str], dict[str, Any] | None]


@dataclass(frozen=True)
class Change:
    id: int
    at: str
    user: str | None
    action: str  # put, delete, undo
    section: str
    key: str
    before: dict[str, list[dict[str, Any]]]  # rows per section as they were
    after: dict[str, list[dict[str, Any]]]  # rows per section as they became
    revision: int  # the store's revision after the change
    undone: bool
    day: str  # YYYY-MM-DD: when the change took effect

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "user": self.user, "action": self.action,
                "section": self.section, "key": self.key.replace("\x1f", "/"),
                "before": self.before, "after": self.after, "revision": self.revision,
                "undone": self.undone, "day": self.day}


def history_form(row: Row) -> dict[str, Any]:
    """One row's plain data as an entry's ``before`` and ``after`` keep it (and an undo
    writes back): the fields given, by their aliases, JSON-ready."""
    dumped: dict[str, Any] = row.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return dumped


def people_named(rows: Rows) -> set[str]:
    """Every person id the rows name (a person row itself, link ends, role holders)."""
    out: set[str] = set()
    for section, items in rows.items():
        for row in items:
            if section == "people":
                out.add(row["id"])
            out.update(row[k] for k in ("person", "a", "b") if isinstance(row.get(k), str))
            for k in ("holders", "deputies"):
                out.update(row.get(k) or [])
    return out


def _insert(db: sqlite3.Connection, *, at: str, user: str | None, action: str, section: str,
            key: str, before: Rows, after: Rows, revision: int, people: set[str],
            day: str | None) -> int:
    """Append one entry on ``db``, inside whatever transaction it has open; its id."""
    # people: every person id the rows name, padded with separators for an exact match.
    named = "|" + "|".join(sorted(people)) + "|"
    cursor = db.execute(
        "INSERT INTO edit_history (at, user, action, section, key, before, after, "
        "revision, people, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (at, user, action, section, key, json.dumps(before, ensure_ascii=False),
         json.dumps(after, ensure_ascii=False), revision, named, day or at[:10]))
    return int(cursor.lastrowid or 0)


class ChangeHistory:
    """Entries in a SQLite table of their own (WAL), newest last."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = open_tables(path, """
                CREATE TABLE IF NOT EXISTS edit_history (
                    id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT, action TEXT NOT NULL,
                    section TEXT NOT NULL, key TEXT NOT NULL, before TEXT NOT NULL,
                    after TEXT NOT NULL, revision INTEGER NOT NULL,
                    undone INTEGER NOT NULL DEFAULT 0, people TEXT NOT NULL, day TEXT);
            """)
        # Files written before entries had a day: their day is the day of ``at`` (read so
        # by _change). Two workers may both add the column; the second is told it exists.
        if "day" not in {r[1] for r in self._db.execute("PRAGMA table_info(edit_history)")}:
            try:
                self._db.execute("ALTER TABLE edit_history ADD COLUMN day TEXT")
            except sqlite3.OperationalError as exc:
                if "duplicate column" not in str(exc):
                    raise
        self._lock = threading.Lock()
        # state() is asked on every projection read (each path answer). Its aggregate scans
        # the whole table (about 50 ms at 200,000 entries, after a national staff list), so
        # it is kept until this object writes (_writes) or another connection does
        # (SQLite's data_version moves only on other connections' commits).
        self._writes = 0
        self._state: tuple[tuple[int, int], tuple[int, int, str | None]] | None = None
        # in_effect() decoded once for callers inside shared(), while the history is as
        # it was read (same key as _state).
        self._sharing = 0
        self._shared: tuple[tuple[int, int], list[Change]] | None = None

    def add(self, *, at: str, user: str | None, action: str, section: str, key: str,
            before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]],
            revision: int, people: set[str], day: str | None = None) -> int:
        with self._lock:
            change = _insert(self._db, at=at, user=user, action=action, section=section,
                             key=key, before=before, after=after, revision=revision,
                             people=people, day=day)
            self._writes += 1
        return change

    def in_effect(self) -> list[Change]:
        """The changes that shaped the graph as it is, oldest first: an undone change and
        the undo that cancelled it are left out, since together they changed nothing.
        Inside :meth:`shared` every caller gets the same list: not to be changed."""
        with self._lock:
            seen = self._seen()
            if self._shared is not None and self._shared[0] == seen:
                return self._shared[1]
            rows = self._db.execute(
                f"SELECT {_FIELDS} FROM edit_history WHERE action != 'undo' AND undone = 0 "
                "ORDER BY id").fetchall()
        changes = [_change(r) for r in rows]
        with self._lock:
            if self._sharing:
                self._shared = (seen, changes)
        return changes

    @contextmanager
    def shared(self) -> Iterator[None]:
        """Read and decode the history once for everything inside: a changes report asks
        for it for each day's view and for the moves between them, which at a national
        store's history was the whole table read and its JSON decoded three times and
        more per report. A write, here or on another connection, is seen by the next
        read as ever. The list goes when the last caller inside leaves (the history of a
        national staff list is large to keep)."""
        with self._lock:
            self._sharing += 1
        try:
            yield
        finally:
            with self._lock:
                self._sharing -= 1
                if not self._sharing:
                    self._shared = None

    def _seen(self) -> tuple[int, int]:
        """What moves whenever the history does (under the lock)."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0]), self._writes

    def state(self) -> tuple[int, int, str | None]:
        """(newest id, entries, latest day): changes whenever the history does, so a
        view rewound by it can be kept until then."""
        with self._lock:
            return self._state_locked()

    def state_at_once(self) -> tuple[int, int, str | None] | None:
        """:meth:`state`, or ``None`` while another thread holds the history (a write):
        for a caller on an event loop, which must not wait for it."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            return self._state_locked()
        finally:
            self._lock.release()

    def _state_locked(self) -> tuple[int, int, str | None]:
        seen = self._seen()
        if self._state is not None and self._state[0] == seen:
            return self._state[1]
        row = self._db.execute(
            "SELECT COALESCE(MAX(id), 0), COUNT(*), MAX(COALESCE(day, substr(at, 1, 10))) "
            "FROM edit_history "
            "WHERE action != 'undo' AND undone = 0").fetchone()
        state = (int(row[0]), int(row[1]), row[2])
        self._state = (seen, state)
        return state

    def get(self, change_id: int) -> Change:
        with self._lock:
            row = self._db.execute(f"SELECT {_FIELDS} FROM edit_history WHERE id = ?",
                                   (change_id,)).fetchone()
        return _change(row)

    def last_undoable(self) -> Change | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_FIELDS} FROM edit_history WHERE action IN ('put', 'delete') "
                "AND undone = 0 ORDER BY id DESC LIMIT 1").fetchone()
        return _change(row) if row else None

    def mark_undone(self, change_id: int) -> None:
        with self._lock:
            self._db.execute("UPDATE edit_history SET undone = 1 WHERE id = ?", (change_id,))
            self._writes += 1

    def entries(self, limit: int = 100, offset: int = 0) -> list[Change]:
        with self._lock:
            rows = self._db.execute(f"SELECT {_FIELDS} FROM edit_history ORDER BY id DESC "
                                    "LIMIT ? OFFSET ?", (limit, offset)).fetchall()
        return [_change(r) for r in rows]

    def erasure_sql(self, person: str) -> list[tuple[str, tuple[Any, ...]]]:
        """Every entry that names the person (their erasure); run on another connection
        (the store's), the caches here see it through ``data_version``."""
        return [("DELETE FROM edit_history WHERE instr(people, ?) > 0", (f"|{person}|",))]

    def forget(self, person: str) -> int:
        with self._lock:
            self._writes += 1
            return sum(self._db.execute(sql, params).rowcount
                       for sql, params in self.erasure_sql(person))

    def close(self) -> None:
        with self._lock:
            self._db.close()


class Recording:
    """One entry written inside the transaction of the row write it records, on the
    store's connection: the row, this entry and the write's audit entry are committed
    together (one fsync before the answer, where the history's own commit made two, and
    the editor's audit entry three), and a write is never committed without its entry
    nor an entry without its write.

    Only for a store in the history's own SQLite file (``graph.store.row_edits``). The
    store calls :meth:`read_before` in its transaction before the rows change and
    :meth:`write` after, so ``before`` is the row the write replaced, not a read made
    before the transaction that another write may have overtaken. ``before`` and
    ``after`` given here (an undo: the rows of the change it undoes) are not read;
    ``undoes`` is marked undone in the same transaction.

    The history object's caches see the entry through SQLite's ``data_version``, which
    moves on every commit made by another connection, as the store's is.
    """

    def __init__(self, history: ChangeHistory, *, action: str, section: str, key: str,
                 user: str | None, at: str, day: str, before: Rows | None = None,
                 after: Rows | None = None, undoes: int | None = None) -> None:
        self.history = history
        self.action, self.section, self.key = action, section, key
        self.user, self.at, self.day = user, at, day
        self._before, self._after, self._undoes = before, after, undoes
        self._read: Rows | None = None

    def _rows(self, row: RowReader) -> Rows:
        found = row(self.section, self.key)
        return {self.section: [found]} if found is not None else {}

    def read_before(self, row: RowReader) -> None:
        """Inside the write's transaction, before it changes any row."""
        self._read = self._before if self._before is not None else self._rows(row)

    def write(self, db: sqlite3.Connection, row: RowReader, revision: int) -> int:
        """Inside the write's transaction, after its rows changed: the entry's id."""
        assert self._read is not None, "read_before comes first"
        before = self._read
        after = self._after if self._after is not None else self._rows(row)
        change = _insert(db, at=self.at, user=self.user, action=self.action,
                         section=self.section, key=self.key, before=before, after=after,
                         revision=revision, people=people_named(before) | people_named(after),
                         day=self.day)
        if self._undoes is not None:
            db.execute("UPDATE edit_history SET undone = 1 WHERE id = ?", (self._undoes,))
        return change


_FIELDS = "id, at, user, action, section, key, before, after, revision, undone, day"


def _change(row: tuple[Any, ...]) -> Change:
    return Change(id=row[0], at=row[1], user=row[2], action=row[3], section=row[4],
                  key=row[5], before=json.loads(row[6]), after=json.loads(row[7]),
                  revision=row[8], undone=bool(row[9]), day=row[10] or row[1][:10])

"""Which person of the graph a row of a party's staff export is: the matching keys.

A staff export identifies people by an employee id or an e-mail address; the graph does not
hold either (minimal data: it needs neither to map collaboration). So the keys are kept
here, in a table of their own in the service's SQLite file, and only as SHA-256 digests:
enough to recognise the same row in next month's export, useless for contacting anyone.
Erasing a person deletes their keys (:meth:`StaffLinks.forget`).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph.core.sqlite_tables import open_tables

__all__ = ["StaffLinks", "key_digest"]


def key_digest(kind: str, organisation: str, value: str) -> str:
    """The stored form of one matching key: an employee id is unique within its party only.

    >>> key_digest("email", "af", " Anna.Ek@AF.se ") == key_digest("email", "x", "anna.ek@af.se")
    True
    """
    value = value.strip().lower()
    scope = organisation if kind == "employee_id" else ""
    return hashlib.sha256(f"{kind}\x1f{scope}\x1f{value}".encode()).hexdigest()


class StaffLinks:
    """Digest of a staff key -> person id, in a SQLite file (WAL)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = open_tables(path, """
            CREATE TABLE IF NOT EXISTS staff_keys (
                digest TEXT PRIMARY KEY, person TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS staff_keys_person ON staff_keys (person);
        """)
        self._lock = threading.Lock()

    def person_for(self, digests: Iterable[str]) -> str | None:
        with self._lock:
            for digest in digests:
                row = self._db.execute("SELECT person FROM staff_keys WHERE digest = ?",
                                       (digest,)).fetchone()
                if row:
                    return str(row[0])
        return None

    def link(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Remember (digest, person) pairs; a digest seen again points at its new person."""
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO staff_keys (digest, person) "
                                 "VALUES (?, ?)", list(pairs))
            self._db.execute("COMMIT")

    def erasure_sql(self, person: str) -> list[tuple[str, tuple[Any, ...]]]:
        return [("DELETE FROM staff_keys WHERE person = ?", (person,))]

    def forget(self, person: str) -> int:
        with self._lock:
            return sum(self._db.execute(sql, params).rowcount
                       for sql, params in self.erasure_sql(person))

    def count(self, person: str) -> int:
        with self._lock:
            row = self._db.execute("SELECT count(*) FROM staff_keys WHERE person = ?",
                                   (person,)).fetchone()
        return int(row[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()

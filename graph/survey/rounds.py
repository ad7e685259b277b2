"""The contact survey's records: rounds, personal invitations and the answers given.

They are personal data (who was asked, who named whom), so they live in tables of their
own in the service's SQLite file, hold only what the survey needs (ids, kind, strength,
last contact; no free text), keep tokens only as SHA-256 digests, and go with the person
when the person is erased (:meth:`SurveyRecords.forget`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.core.errors import ConflictError
from graph.core.sqlite_tables import open_tables

__all__ = ["Answer", "Invitation", "Round", "SurveyRecords", "token_digest"]


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Round:
    id: str
    title: str
    purpose: str
    legal_basis: str
    organisations: tuple[str, ...]
    opened: str  # YYYY-MM-DD
    closes: str  # the last day answers are taken
    created_by: str | None
    closed: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "purpose": self.purpose,
                "legal_basis": self.legal_basis, "organisations": list(self.organisations),
                "opened": self.opened, "closes": self.closes, "created_by": self.created_by,
                "closed": self.closed}


@dataclass(frozen=True)
class Invitation:
    round: str
    person: str
    answered: str | None
    reminders: int
    last_reminded: str | None


@dataclass(frozen=True)
class Answer:
    round: str
    respondent: str
    contact: str
    kind: str
    strength: int
    last_contact: str | None
    confirmed: bool  # the contact was already in the graph and the respondent confirmed it
    answered: str

    def as_dict(self) -> dict[str, Any]:
        return {"contact": self.contact, "kind": self.kind, "strength": self.strength,
                "last_contact": self.last_contact, "confirmed": self.confirmed}


class SurveyRecords:
    """Rounds, invitations and answers in a SQLite file (WAL); every write one transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = open_tables(path, """
                CREATE TABLE IF NOT EXISTS survey_rounds (
                    id TEXT PRIMARY KEY, title TEXT NOT NULL, purpose TEXT NOT NULL,
                    legal_basis TEXT NOT NULL, organisations TEXT NOT NULL,
                    opened TEXT NOT NULL, closes TEXT NOT NULL, created_by TEXT,
                    closed TEXT);
                CREATE TABLE IF NOT EXISTS survey_invitations (
                    round TEXT NOT NULL, person TEXT NOT NULL, token_sha256 TEXT UNIQUE,
                    answered TEXT, reminders INTEGER NOT NULL DEFAULT 0, last_reminded TEXT,
                    PRIMARY KEY (round, person));
                CREATE TABLE IF NOT EXISTS survey_answers (
                    round TEXT NOT NULL, respondent TEXT NOT NULL, contact TEXT NOT NULL,
                    kind TEXT NOT NULL, strength INTEGER NOT NULL, last_contact TEXT,
                    confirmed INTEGER NOT NULL, answered TEXT NOT NULL,
                    PRIMARY KEY (round, respondent, contact, kind));
                CREATE INDEX IF NOT EXISTS survey_answers_contact ON survey_answers (contact);
            """)
        self._lock = threading.Lock()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- rounds ---

    def add_round(self, r: Round, invitations: dict[str, str]) -> None:
        """A new round with its invitations, person -> token digest."""
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM survey_rounds WHERE id = ?", (r.id,)).fetchone():
                raise ConflictError(f"det finns redan en enkätomgång {r.id!r}")
            db.execute("INSERT INTO survey_rounds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (r.id, r.title, r.purpose, r.legal_basis, json.dumps(r.organisations),
                        r.opened, r.closes, r.created_by, r.closed))
            db.executemany("INSERT INTO survey_invitations (round, person, token_sha256) "
                           "VALUES (?, ?, ?)", [(r.id, p, d) for p, d in invitations.items()])

    def round(self, round_id: str) -> Round | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM survey_rounds WHERE id = ?",
                                   (round_id,)).fetchone()
        return _round(row) if row else None

    def rounds(self) -> list[Round]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM survey_rounds ORDER BY opened, id").fetchall()
        return [_round(r) for r in rows]

    def close_round(self, round_id: str, day: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE survey_rounds SET closed = ? WHERE id = ?", (day, round_id))
            # A closed round takes no more answers: its links stop working.
            db.execute("UPDATE survey_invitations SET token_sha256 = NULL WHERE round = ?",
                       (round_id,))

    # --- invitations ---

    def invitation_for(self, digest: str) -> Invitation | None:
        with self._lock:
            row = self._db.execute(
                "SELECT round, person, answered, reminders, last_reminded "
                "FROM survey_invitations WHERE token_sha256 = ?", (digest,)).fetchone()
        return Invitation(*row) if row else None

    def invitations(self, round_id: str) -> list[Invitation]:
        with self._lock:
            rows = self._db.execute(
                "SELECT round, person, answered, reminders, last_reminded "
                "FROM survey_invitations WHERE round = ? ORDER BY person", (round_id,)).fetchall()
        return [Invitation(*r) for r in rows]

    def remind(self, round_id: str, new_digests: dict[str, str], day: str) -> None:
        """Record a reminder to each unanswered person, with a fresh token for the link."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE survey_invitations SET token_sha256 = ?, reminders = reminders + 1, "
                "last_reminded = ? WHERE round = ? AND person = ? AND answered IS NULL",
                [(d, day, round_id, p) for p, d in new_digests.items()])

    # --- answers ---

    def submit(self, round_id: str, person: str, answers: list[Answer], day: str) -> None:
        """Store a person's answers and use up their token, in one transaction."""
        with self._transaction() as db:
            done = db.execute("UPDATE survey_invitations SET answered = ?, token_sha256 = NULL "
                              "WHERE round = ? AND person = ? AND answered IS NULL",
                              (day, round_id, person)).rowcount
            if done != 1:
                raise ConflictError("enkäten är redan besvarad")
            db.executemany(
                "INSERT INTO survey_answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(a.round, a.respondent, a.contact, a.kind, a.strength, a.last_contact,
                  int(a.confirmed), a.answered) for a in answers])

    def answers(self, round_id: str) -> list[Answer]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM survey_answers WHERE round = ? "
                                    "ORDER BY respondent, contact, kind", (round_id,)).fetchall()
        return [Answer(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7]) for r in rows]

    def held_about(self, person: str) -> int:
        """How many records name the person (invitations and answers either way)."""
        with self._lock:
            n = self._db.execute("SELECT (SELECT count(*) FROM survey_invitations "
                                 "WHERE person = ?) + (SELECT count(*) FROM survey_answers "
                                 "WHERE respondent = ? OR contact = ?)",
                                 (person, person, person)).fetchone()
        return int(n[0])

    def erasure_sql(self, person: str) -> list[tuple[str, tuple[Any, ...]]]:
        """The person's invitations and every answer by or about them."""
        return [("DELETE FROM survey_invitations WHERE person = ?", (person,)),
                ("DELETE FROM survey_answers WHERE respondent = ? OR contact = ?",
                 (person, person))]

    def forget(self, person: str) -> int:
        """Erase what :meth:`erasure_sql` names, in one transaction."""
        with self._transaction() as db:
            return sum(db.execute(sql, params).rowcount
                       for sql, params in self.erasure_sql(person))

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _round(row: tuple[Any, ...]) -> Round:
    return Round(id=row[0], title=row[1], purpose=row[2], legal_basis=row[3],
                 organisations=tuple(json.loads(row[4])), opened=row[5], closes=row[6],
                 created_by=row[7], closed=row[8])

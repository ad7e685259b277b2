"""Who may use the service, and the record of what they did with personal data.

Users and the audit log live in the same SQLite file as the graph, in tables of their own.
A user's bearer token is shown once when the user is created and stored only as its
SHA-256 hash. The audit log is append-only: triggers refuse to update or delete a row.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from graph.core.errors import SamverkanError, StoreUnavailableError


class Role(StrEnum):
    ADMIN = "admin"  # users, configuration, import
    DIRECTOR = "director"  # analyses and what-if for the förbund
    RECRUITER = "recruiter"  # profiles and candidates of assigned recruitments
    STAFF = "staff"  # directory, contact paths, topic search


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    person: str | None = None  # their person in the graph, so the interface knows "Jag är"


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    user: str | None
    role: str | None
    action: str
    target: str | None
    purpose: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class DuplicateUserError(SamverkanError):
    code = "duplicate_user"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccessLog:
    """Users, their tokens and the audit log, in a SQLite file (WAL)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=30000")
            self._db.executescript("""
                CREATE TABLE IF NOT EXISTS users (
                    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
                    token_sha256 TEXT NOT NULL UNIQUE, created TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS audit (
                    id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT, role TEXT,
                    action TEXT NOT NULL, target TEXT, purpose TEXT);
                CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(users)")}
            if "person" not in columns:  # databases made before users were linked to people
                self._db.execute("ALTER TABLE users ADD COLUMN person TEXT")
            # Token checks and audit queries read through a connection of their own: in WAL
            # mode a reader never waits for a writer, so a request's token check does not
            # queue behind other requests' audit commits (each an fsync).
            self._reader = sqlite3.connect(path, isolation_level=None,
                                           check_same_thread=False)
            self._reader.execute("PRAGMA query_only=ON")
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailableError(f"cannot open database {path}: {exc}") from None
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()

    def add_user(self, name: str, role: Role, person: str | None = None) -> str:
        """Create a user (linked to ``person``, if given); returns their bearer token, which is
        not stored anywhere."""
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO users (name, role, token_sha256, created, person) "
                    "VALUES (?, ?, ?, ?, ?)", (name, str(role), _digest(token), now, person))
            except sqlite3.IntegrityError:
                raise DuplicateUserError(f"a user named {name!r} already exists") from None
        return token

    def user_for(self, token: str) -> User | None:
        with self._read_lock:
            row = self._reader.execute(
                "SELECT id, name, role, person FROM users WHERE token_sha256 = ?",
                (_digest(token),)).fetchone()
        return User(row[0], row[1], Role(row[2]), row[3]) if row else None

    def record(self, user: User | None, action: str, target: str | None = None,
               purpose: str | None = None) -> None:
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        with self._lock:
            self._db.execute(
                "INSERT INTO audit (at, user, role, action, target, purpose) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (now, user.name if user else None, str(user.role) if user else None,
                 action, target, purpose))

    def entries(self, *, user: str | None = None, action: str | None = None,
                since: str | None = None, target: str | None = None, limit: int = 100,
                offset: int = 0) -> list[AuditEntry]:
        clauses, params = [], []
        for column, value, op in (("user", user, "="), ("action", action, "="),
                                  ("at", since, ">="), ("target", target, "=")):
            if value is not None:
                clauses.append(f"{column} {op} ?")
                params.append(value)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._read_lock:
            rows = self._reader.execute(
                f"SELECT id, at, user, role, action, target, purpose FROM audit {where} "
                "ORDER BY id DESC LIMIT ? OFFSET ?", (*params, limit, offset)).fetchall()
        return [AuditEntry(*row) for row in rows]

    def close(self) -> None:
        with self._lock, self._read_lock:
            self._db.close()
            self._reader.close()

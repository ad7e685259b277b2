"""Who may use the service, and the record of what they did with personal data.

Users and the audit log live in the same SQLite file as the graph, in tables of their own.
A user's bearer token is shown once when the user is created and stored only as its
SHA-256 hash; it expires, can be revoked and rotated, and its last use is kept. The audit
log is append-only: triggers refuse to update a row or to delete one younger than
:data:`AUDIT_MINIMUM_DAYS`, so only the retention rule (:meth:`AccessLog.prune`) removes
entries.

The log names people and candidates by keyed pseudonyms, never by id or name
(:class:`~graph.core.pseudonyms.Pseudonyms`): erasing someone deletes their key, which
leaves every earlier entry about them unlinkable without editing the log.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from graph.core.errors import (
    DocumentError,
    NotFoundError,
    Problem,
    SamverkanError,
    StoreUnavailableError,
)
from graph.core.group_commit import GroupCommit
from graph.core.private_files import busy_as_error, is_busy, open_private_sqlite
from graph.core.pseudonyms import Pseudonyms

Clock = Callable[[], datetime]
# Scoring entries must be kept at least six months (EU AI Act art. 19); no entry within
# this many days of the newest one can be deleted, whatever the configured retention. (The
# newest entry, not SQLite's clock: the rule holds on any machine and under a test's day.)
AUDIT_MINIMUM_DAYS = 183
DEFAULT_TOKEN_DAYS = 90
LAST_USED_RESOLUTION = timedelta(minutes=1)  # at most one write per user per minute


class Role(StrEnum):
    ADMIN = "admin"  # users, configuration, import
    DIRECTOR = "director"  # analyses and what-if for the förbund
    RECRUITER = "recruiter"  # profiles and candidates of assigned recruitments
    STAFF = "staff"  # directory, contact paths, topic search


# What each role is called where a person reads it.
ROLE_NAMES: dict[Role, str] = {Role.ADMIN: "administratör", Role.DIRECTOR: "förbundschef",
                               Role.RECRUITER: "rekryterare", Role.STAFF: "medarbetare"}


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    person: str | None = None  # their person in the graph, so the interface knows "Jag är"


@dataclass(frozen=True)
class AuditRecord:
    """One entry to append: who, what, about what (a pseudonym for people) and why."""

    user: User | None
    action: str
    target: str | None = None
    purpose: str | None = None


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


def _utc_now() -> datetime:
    return datetime.now(UTC)


_AUDIT_SCHEMA = f"""
    CREATE TABLE IF NOT EXISTS audit (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT, role TEXT,
        action TEXT NOT NULL, target TEXT, purpose TEXT);
    CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    DROP TRIGGER IF EXISTS audit_no_delete;
    CREATE TRIGGER IF NOT EXISTS audit_kept_minimum BEFORE DELETE ON audit
        WHEN old.at >= strftime('%Y-%m-%dT%H:%M:%S', (SELECT max(at) FROM audit),
                                '-{AUDIT_MINIMUM_DAYS} days')
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def ensure_audit_table(db: sqlite3.Connection) -> None:
    """The audit table and its triggers, for any connection that writes entries."""
    db.executescript(_AUDIT_SCHEMA)


def insert_audit(db: sqlite3.Connection, record: AuditRecord, at: datetime) -> None:
    """Append one entry on ``db``, inside whatever transaction it has open."""
    db.execute(
        "INSERT INTO audit (at, user, role, action, target, purpose) VALUES (?, ?, ?, ?, ?, ?)",
        (at.isoformat(timespec="milliseconds"), record.user.name if record.user else None,
         str(record.user.role) if record.user else None, record.action, record.target,
         record.purpose))


def _audit_filter(user: str | None, action: str | None, since: str | None,
                  target: str | None, mentioning: str | None,
                  upto: int | None = None) -> tuple[str, list[str | int]]:
    """The WHERE clause and its parameters for the audit log's filters (each optional)."""
    clauses: list[str] = []
    params: list[str | int] = []
    for clause, value in (("user = ?", user), ("action = ?", action), ("at >= ?", since),
                          ("target = ?", target), ("instr(target, ?) > 0", mentioning),
                          ("id <= ?", upto)):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


class AccessLog:
    """Users, their tokens and the audit log, in a SQLite file (WAL)."""

    def __init__(self, path: str | Path, *, clock: Clock = _utc_now,
                 token_days: int = DEFAULT_TOKEN_DAYS, keys: Path | None = None) -> None:
        self.path = Path(path)
        self.clock = clock
        self.token_days = token_days
        try:
            self._db = open_private_sqlite(self.path)
            self._db.executescript("""
                CREATE TABLE IF NOT EXISTS users (
                    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
                    token_sha256 TEXT NOT NULL UNIQUE, created TEXT NOT NULL);
            """)
            columns = {r[1] for r in self._db.execute("PRAGMA table_info(users)")}
            # Databases from before users were linked to people or tokens had a lifetime.
            for column in ("person", "expires", "revoked", "last_used"):
                if column not in columns:
                    self._db.execute(f"ALTER TABLE users ADD COLUMN {column} TEXT")
            ensure_audit_table(self._db)
            # Token checks and audit queries read through a connection of their own: in WAL
            # mode a reader never waits for a writer, so a request's token check does not
            # queue behind other requests' audit commits (each an fsync).
            self._reader = sqlite3.connect(self.path, isolation_level=None,
                                           check_same_thread=False)
            self._reader.execute("PRAGMA query_only=ON")
            # The last-use stamp writes through a connection that never waits for the lock
            # (timeout 0): see user_for.
            self._stamper = sqlite3.connect(self.path, isolation_level=None,
                                            check_same_thread=False, timeout=0)
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailableError(f"databasen {path} kan inte öppnas: {exc}") from None
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()
        # Audit entries of concurrent requests share one commit (graph.core.group_commit).
        self._commits: GroupCommit[tuple[AuditRecord, datetime]] = GroupCommit(
            self._db, self._lock, lambda db, entry: insert_audit(db, *entry))
        self._stamp_lock = threading.Lock()
        self.pseudonyms = Pseudonyms(keys or self.path.with_name(f"{self.path.stem}-keys.sqlite"))

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    # -- users and tokens -------------------------------------------------------------

    def add_user(self, name: str, role: Role, person: str | None = None) -> str:
        """Create a user (linked to ``person``, if given); returns their bearer token, which is
        not stored anywhere."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO users (name, role, token_sha256, created, expires, person) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (name, str(role), _digest(token), self._now(), self._expiry(), person))
            except sqlite3.IntegrityError:
                raise DuplicateUserError(
                    f"det finns redan en användare som heter {name!r}") from None
        return token

    def _expiry(self) -> str:
        return (self.clock() + timedelta(days=self.token_days)).isoformat(timespec="seconds")

    def user_for(self, token: str) -> User | None:
        """The user of a valid token: not revoked, not expired. Notes its last use."""
        with self._read_lock:
            row = self._reader.execute(
                "SELECT id, name, role, expires, revoked, last_used, person FROM users "
                "WHERE token_sha256 = ?", (_digest(token),)).fetchone()
        if row is None or row[4] is not None:
            return None
        now = self.clock()
        if row[3] is not None and datetime.fromisoformat(row[3]) <= now:
            return None
        if row[5] is None or datetime.fromisoformat(row[5]) + LAST_USED_RESOLUTION <= now:
            self._stamp(row[0], now)
        return User(row[0], row[1], Role(row[2]), row[6])

    def _stamp(self, user_id: int, now: datetime) -> None:
        """Note a token's last use, best effort: skipped while another write holds the lock.

        The stamp only tells an admin which tokens are still in use (minute resolution); it
        records nothing about personal data. Waiting for the lock would make every request of
        every user queue behind a long import and then fail, so a busy store skips the stamp
        and the next request after the lock frees writes it.
        """
        with self._stamp_lock:
            try:
                self._stamper.execute("UPDATE users SET last_used = ? WHERE id = ?",
                                      (now.isoformat(timespec="seconds"), user_id))
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise

    def users(self) -> list[dict[str, Any]]:
        with self._read_lock:
            rows = self._reader.execute(
                "SELECT name, role, created, expires, revoked, last_used, person FROM users "
                "ORDER BY name").fetchall()
        return [dict(zip(("name", "role", "created", "expires", "revoked", "last_used",
                          "person"), r, strict=True)) for r in rows]

    def require_role(self, names: list[str], role: Role, field: str) -> None:
        """Every name is a user of ``role`` whose token has not been revoked, or a Swedish
        error naming ``field`` and the position of each one that is not."""
        holders = {u["name"] for u in self.users() if u["role"] == role and not u["revoked"]}
        problems = [Problem(f"{field}[{i}]", f"{name!r} är ingen användare med rollen "
                            f"{ROLE_NAMES[role]}; välj bland de registrerade")
                    for i, name in enumerate(names) if name not in holders]
        if problems:
            raise DocumentError(problems)

    def revoke(self, name: str) -> None:
        """The user's token stops working at once."""
        with self._lock:
            changed = self._db.execute(
                "UPDATE users SET revoked = ? WHERE name = ? AND revoked IS NULL",
                (self._now(), name)).rowcount
        if not changed:
            raise NotFoundError(f"ingen användare {name!r} med en giltig nyckel")

    def rotate(self, name: str) -> str:
        """A new token for the user (the old one stops working), with a new expiry."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            changed = self._db.execute(
                "UPDATE users SET token_sha256 = ?, expires = ?, revoked = NULL, "
                "last_used = NULL WHERE name = ?",
                (_digest(token), self._expiry(), name)).rowcount
        if not changed:
            raise NotFoundError(f"ingen användare {name!r}")
        return token

    # -- the audit log ----------------------------------------------------------------

    def record(self, user: User | None, action: str, target: str | None = None,
               purpose: str | None = None) -> None:
        self.append(AuditRecord(user, action, target, purpose))

    def append(self, record: AuditRecord) -> None:
        """Append ``record``; returns once it is on disk. A store busy past its timeout
        fails the read (503) instead of buffering the entry, which a crash would lose."""
        with busy_as_error():
            self.submit(record).result()

    def submit(self, record: AuditRecord) -> Future[None]:
        """Append ``record``, timed now; the future completes once it is on disk, in one
        commit with the entries of the requests that came meanwhile."""
        return self._commits.submit((record, self.clock()))

    def entries(self, *, user: str | None = None, action: str | None = None,
                since: str | None = None, target: str | None = None,
                mentioning: str | None = None, upto: int | None = None, limit: int = 100,
                offset: int = 0) -> list[AuditEntry]:
        """Entries, newest first; ``mentioning`` finds a pseudonym anywhere in the target.
        ``upto`` (an entry's id) pages through the log as it was then, not shifted by the
        entries written since (reading the log writes one)."""
        where, params = _audit_filter(user, action, since, target, mentioning, upto)
        with self._read_lock:
            rows = self._reader.execute(
                f"SELECT id, at, user, role, action, target, purpose FROM audit {where} "
                "ORDER BY id DESC LIMIT ? OFFSET ?", (*params, limit, offset)).fetchall()
        return [AuditEntry(*row) for row in rows]

    def count(self, *, user: str | None = None, action: str | None = None,
              since: str | None = None, target: str | None = None,
              mentioning: str | None = None, upto: int | None = None) -> int:
        """How many entries :meth:`entries` pages through with the same filters."""
        where, params = _audit_filter(user, action, since, target, mentioning, upto)
        with self._read_lock:
            row = self._reader.execute(f"SELECT count(*) FROM audit {where}", params).fetchone()
        return int(row[0])

    def prune(self, retention_days: int) -> int:
        """Delete entries older than the retention (never younger than the minimum)."""
        days = max(retention_days, AUDIT_MINIMUM_DAYS)
        cutoff = (self.clock() - timedelta(days=days)).isoformat(timespec="milliseconds")
        with self._lock:
            return int(self._db.execute("DELETE FROM audit WHERE at < ?", (cutoff,)).rowcount)

    def close(self) -> None:
        self._commits.close()
        with self._lock, self._read_lock:
            self._db.close()
            self._reader.close()
        self.pseudonyms.close()

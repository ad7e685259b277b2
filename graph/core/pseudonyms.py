"""Keyed pseudonyms for the audit log, with the keys kept outside the database.

Each subject (a person, a candidate) gets a random key the first time the log mentions
them; the log holds only HMAC-SHA256(key, subject), which nobody can recompute or link to
the subject without the key. Erasing the subject deletes the key: every earlier entry
stays in the append-only log but no longer points at anyone. The keys live in a file of
their own (mode 0600, ``secure_delete``, truncated WAL), so a copy of the database alone
identifies no one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path

from graph.core.group_commit import GroupCommit
from graph.core.later_checkpoint import LaterCheckpoint
from graph.core.private_files import open_private_sqlite

__all__ = ["Pseudonyms"]


def _pseudonym(kind: str, subject: str, key: bytes) -> str:
    return f"{kind}~" + hmac.new(key, subject.encode(), hashlib.sha256).hexdigest()[:24]


def _insert_keys(db: sqlite3.Connection, keys: tuple[tuple[str, bytes], ...]) -> None:
    # Another worker process may create the same subject's key at the same moment;
    # whichever insert lands first is the key both use.
    db.executemany("INSERT OR IGNORE INTO subject_keys VALUES (?, ?)", keys)


class Pseudonyms:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_private_sqlite(path)
        self._db.execute("CREATE TABLE IF NOT EXISTS subject_keys "
                         "(subject TEXT PRIMARY KEY, key BLOB NOT NULL) WITHOUT ROWID")
        self._lock = threading.Lock()
        # New subjects' keys, of all the requests that mention someone new meanwhile, in one
        # commit (graph.core.group_commit). Each commit is an fsync (synchronous=FULL), and
        # at 200,000 people nearly every path question names an asker or a target person
        # not mentioned before: one fsync each (median 4.6 ms on the benchmark machine's
        # disk, under load), one at a time per file, queued the requests behind them.
        # One item is the new keys of one question (its asker and target), one future.
        self._new_keys: GroupCommit[tuple[tuple[str, bytes], ...]] = GroupCommit(
            self._db, self._lock, _insert_keys)
        self._checkpoints = LaterCheckpoint(path)
        # Keys read on an event loop (at_once) go through a connection of their own: in
        # WAL mode it never waits for the commit that holds the writer's (an fsync).
        self._reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._reader.execute("PRAGMA query_only=ON")
        self._read_lock = threading.Lock()

    def of(self, kind: str, ident: str) -> str:
        """The pseudonym of a subject, e.g. ``person~3f2a…`` (stable until forgotten).

        A new subject's key is on disk before this returns, so no audit entry ever names
        a pseudonym whose key a crash could lose."""
        subject = f"{kind}:{ident}"
        key = self._key(subject)
        if key is None:
            self._new_keys.submit(((subject, secrets.token_bytes(32)),)).result()
            # ours, or another worker process's that landed first
            key = self._key(subject)
            if key is None:  # forgotten between the commit and this read: a fresh key
                return self.of(kind, ident)
        return _pseudonym(kind, subject, key)

    def at_once(self, kind: str, ident: str) -> str | None:
        """The pseudonym of a subject whose key is on disk, read without waiting for a
        commit of new keys (for a caller on an event loop); ``None`` for a new subject:
        :meth:`create` its key, and ask again once that is done."""
        subject = f"{kind}:{ident}"
        with self._read_lock:
            row = self._reader.execute("SELECT key FROM subject_keys WHERE subject = ?",
                                       (subject,)).fetchone()
        return None if row is None else _pseudonym(kind, subject, bytes(row[0]))

    def create(self, kind: str, idents: Iterable[str]) -> Future[None]:
        """Give each new subject a key, in one commit shared with other requests' new
        keys; the future completes once they are on disk (a subject that has a key
        keeps it: :meth:`at_once` then reads the one that landed first)."""
        return self._new_keys.submit(tuple((f"{kind}:{ident}", secrets.token_bytes(32))
                                           for ident in idents))

    def _key(self, subject: str) -> bytes | None:
        with self._lock:
            row = self._db.execute("SELECT key FROM subject_keys WHERE subject = ?",
                                   (subject,)).fetchone()
        return None if row is None else bytes(row[0])

    def known(self, kind: str) -> dict[str, str]:
        """Pseudonym -> id of every subject of ``kind`` that still has a key, for a viewer
        who may see those subjects anyway; an erased subject has no key and stays
        unlinkable. Creates no keys."""
        with self._lock:
            rows = self._db.execute("SELECT subject, key FROM subject_keys WHERE subject >= ? "
                                    "AND subject < ?", (f"{kind}:", f"{kind};")).fetchall()
        return {_pseudonym(kind, subject, key): subject.split(":", 1)[1] for subject, key in rows}

    def forget(self, kind: str, ident: str) -> None:
        """Delete the subject's key; their earlier pseudonyms become unlinkable."""
        with self._lock:
            self._db.execute("DELETE FROM subject_keys WHERE subject = ?", (f"{kind}:{ident}",))
        # The key leaves the WAL and the file just after (graph.core.later_checkpoint).
        self._checkpoints.request()

    def close(self) -> None:
        self._new_keys.close()
        self._checkpoints.close()
        with self._lock:
            self._db.close()
        with self._read_lock:
            self._reader.close()

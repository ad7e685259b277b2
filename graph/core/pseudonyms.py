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
import threading
from pathlib import Path

from graph.core.later_checkpoint import LaterCheckpoint
from graph.core.private_files import open_private_sqlite

__all__ = ["Pseudonyms"]


def _pseudonym(kind: str, subject: str, key: bytes) -> str:
    return f"{kind}~" + hmac.new(key, subject.encode(), hashlib.sha256).hexdigest()[:24]


class Pseudonyms:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_private_sqlite(path)
        self._db.execute("CREATE TABLE IF NOT EXISTS subject_keys "
                         "(subject TEXT PRIMARY KEY, key BLOB NOT NULL) WITHOUT ROWID")
        self._lock = threading.Lock()
        self._checkpoints = LaterCheckpoint(path)

    def of(self, kind: str, ident: str) -> str:
        """The pseudonym of a subject, e.g. ``person~3f2a…`` (stable until forgotten)."""
        subject = f"{kind}:{ident}"
        with self._lock:
            row = self._db.execute("SELECT key FROM subject_keys WHERE subject = ?",
                                   (subject,)).fetchone()
            if row is None:
                # Another worker process may create the same subject's key at the same
                # moment; whichever insert lands first is the key both use.
                self._db.execute("INSERT OR IGNORE INTO subject_keys VALUES (?, ?)",
                                 (subject, secrets.token_bytes(32)))
                row = self._db.execute("SELECT key FROM subject_keys WHERE subject = ?",
                                       (subject,)).fetchone()
            key = row[0]
        return _pseudonym(kind, subject, key)

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
        self._checkpoints.close()
        with self._lock:
            self._db.close()

"""Recruitments, their candidates and stored scores: the applicant data the service holds.

Applicant data has the strictest rules of anything here:

- a candidate belongs to one recruitment, and only the recruiters assigned to it see it;
- every stored score keeps the profile version, the encoder and the evidence;
- a recruiter can mark that a human has reviewed a score; nothing can reject a candidate;
- candidates are purged a set time after the recruitment's decision date (two years by
  default), unless the recruitment is on legal hold;
- erasing a candidate, or a whole recruitment with all its candidates, removes the texts,
  names, scores, evidence, reviews and the cached embeddings of their sentences (those no
  other stored candidate shares), and truncates the WAL so that none of it stays there; a
  recruitment on legal hold is not erased;
- a decision date is never more than a day in the past, so that no one can backdate a
  recruitment into the next purge;
- every write can carry its audit entry, which is then written in the same transaction.

Tables live in the service's SQLite file beside users and the audit log.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from graph.core.access import AccessLog, AuditRecord, User, ensure_audit_table, insert_audit
from graph.core.errors import (
    ConflictError,
    DocumentError,
    NotFoundError,
    Problem,
    StoreUnavailableError,
)
from graph.core.private_files import checkpoint, open_private_sqlite
from graph.core.sqlite_tables import immediate
from matching.cues import EXPLANATIONS
from matching.encoders import EmbeddingCache, Encoder
from matching.profile import Profile, Target, load_profile, read_profiles
from matching.rerank import retarget
from matching.scoring import Candidate, CandidateScore, score_candidates

__all__ = ["DEFAULT_RETENTION_DAYS", "Recruitment", "RecruitmentStore", "apply_retention"]

DEFAULT_RETENTION_DAYS = 730



# Each cue's Swedish reason by the value a stored score names it by.
_REASONS = {cue.value: text for cue, text in EXPLANATIONS.items()}


def _stored_result(text: str) -> dict[str, Any]:
    """A stored score as the API shows it: scores stored before ``cue_reason`` existed get
    the reason's text from matching/cues.py, so every page reads one shape."""
    result: dict[str, Any] = json.loads(text)
    for entry in result.get("discounted", []):
        if "cue_reason" not in entry and entry.get("reason") in _REASONS:
            entry["cue_reason"] = _REASONS[entry["reason"]]
    return result


@dataclass(frozen=True)
class Recruitment:
    id: str
    title: str
    profile: str
    target_organisation: str | None
    decision_date: str | None
    legal_hold: bool
    assignees: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "assignees": list(self.assignees)}


_SCHEMA = """
CREATE TABLE IF NOT EXISTS profile_versions (
    id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL, created TEXT NOT NULL,
    created_by TEXT, PRIMARY KEY (id, version));
CREATE TABLE IF NOT EXISTS recruitments (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, profile TEXT NOT NULL,
    target_organisation TEXT, decision_date TEXT, legal_hold INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS recruitment_assignees (
    recruitment TEXT NOT NULL REFERENCES recruitments(id) ON DELETE CASCADE,
    user_name TEXT NOT NULL, PRIMARY KEY (recruitment, user_name));
CREATE TABLE IF NOT EXISTS candidates (
    id TEXT PRIMARY KEY, recruitment TEXT NOT NULL REFERENCES recruitments(id),
    label TEXT NOT NULL, text TEXT NOT NULL, names TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS candidate_sentences (
    candidate TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE, key BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS scores (
    id INTEGER PRIMARY KEY, candidate TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    profile TEXT NOT NULL, profile_version INTEGER NOT NULL, profile_digest TEXT NOT NULL,
    encoder TEXT NOT NULL, encoder_version TEXT NOT NULL, result TEXT NOT NULL,
    scored TEXT NOT NULL, reviewed_by TEXT, reviewed_at TEXT, review_note TEXT);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_decision_date(decision_date: str | None, today: date | None) -> None:
    """A decision is recorded when it is made: at most a day back (time zones, late
    entry), never so far back that the next purge would erase the recruitment."""
    if decision_date is None:
        return
    earliest = (today or date.today()) - timedelta(days=1)
    if date.fromisoformat(decision_date) < earliest:
        raise DocumentError([Problem("decision_date", f"{decision_date} ligger mer än en dag "
                                     f"bakåt i tiden; tidigast tillåtna är {earliest}")])


class RecruitmentStore:
    """Profiles (versioned), recruitments, candidates and scores in a SQLite file."""

    def __init__(self, path: str | Path, cache: EmbeddingCache | None = None) -> None:
        try:
            self._db = open_private_sqlite(path)  # 0600, WAL, FULL, secure_delete
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)
            ensure_audit_table(self._db)
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailableError(f"databasen {path} kan inte öppnas: {exc}") from None
        self._lock = threading.RLock()
        self.cache = cache

    def _tx(self, audit: AuditRecord | None = None
            ) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return immediate(self._db, self._lock, audit)

    # -- profiles ---------------------------------------------------------------------

    def profiles(self) -> dict[str, Profile]:
        """The latest version of every profile: shipped files, overridden by API edits."""
        out = read_profiles()
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM profile_versions p WHERE version = "
                "(SELECT max(version) FROM profile_versions q WHERE q.id = p.id)"
            ).fetchall()
        for (body,) in rows:
            profile = Profile.model_validate_json(body)
            out[profile.id] = profile
        return out

    def profile(self, profile_id: str, version: int | None = None) -> Profile:
        if version is not None:
            with self._lock:
                row = self._db.execute(
                    "SELECT body FROM profile_versions WHERE id = ? AND version = ?",
                    (profile_id, version),
                ).fetchone()
            if row:
                return Profile.model_validate_json(row[0])
            shipped = read_profiles().get(profile_id)
            if shipped is not None and shipped.version == version:
                return shipped
            raise NotFoundError(f"profilen {profile_id!r} har ingen version {version}")
        profiles = self.profiles()
        if profile_id not in profiles:
            raise NotFoundError(f"okänd profil {profile_id!r}")
        return profiles[profile_id]

    def save_profile(self, data: dict[str, Any], user: str | None,
                     audit: Callable[[Profile], AuditRecord] | None = None) -> Profile:
        """Store an edited profile as the next version of its id."""
        profile_id = str(data.get("id", ""))
        current = self.profiles().get(profile_id)
        version = (current.version if current else 0) + 1
        profile = load_profile({**data, "version": version}, "profile")
        with self._tx(audit(profile) if audit else None) as db:
            db.execute(
                "INSERT INTO profile_versions VALUES (?, ?, ?, ?, ?)",
                (profile.id, version, profile.model_dump_json(), _now(), user),
            )
        return profile

    # -- recruitments -----------------------------------------------------------------

    def create_recruitment(self, r: Recruitment, audit: AuditRecord | None = None,
                           today: date | None = None) -> Recruitment:
        self.profile(r.profile)
        _check_decision_date(r.decision_date, today)
        with self._tx(audit) as db:
            if db.execute("SELECT 1 FROM recruitments WHERE id = ?", (r.id,)).fetchone():
                raise ConflictError(f"det finns redan en rekrytering med id {r.id!r}; "
                                    "välj ett annat id")
            db.execute(
                "INSERT INTO recruitments VALUES (?, ?, ?, ?, ?, ?, ?)",
                (r.id, r.title, r.profile, r.target_organisation, r.decision_date,
                 int(r.legal_hold), _now()),
            )
            db.executemany(
                "INSERT INTO recruitment_assignees VALUES (?, ?)",
                [(r.id, name) for name in sorted(set(r.assignees))],
            )
        return self.recruitment(r.id)

    def recruitment(self, recruitment_id: str) -> Recruitment:
        with self._lock:
            row = self._db.execute(
                "SELECT id, title, profile, target_organisation, decision_date, legal_hold "
                "FROM recruitments WHERE id = ?",
                (recruitment_id,),
            ).fetchone()
            if row is None:
                raise NotFoundError(f"ingen rekrytering {recruitment_id!r}")
            names = [
                n for (n,) in self._db.execute(
                    "SELECT user_name FROM recruitment_assignees WHERE recruitment = ? "
                    "ORDER BY user_name", (recruitment_id,))
            ]
        return Recruitment(row[0], row[1], row[2], row[3], row[4], bool(row[5]), tuple(names))

    def recruitments(self, assignee: str | None = None) -> list[Recruitment]:
        with self._lock:
            if assignee is None:
                ids = [r for (r,) in self._db.execute("SELECT id FROM recruitments ORDER BY id")]
            else:
                ids = [r for (r,) in self._db.execute(
                    "SELECT recruitment FROM recruitment_assignees WHERE user_name = ? "
                    "ORDER BY recruitment", (assignee,))]
        return [self.recruitment(i) for i in ids]

    def set_decision(self, recruitment_id: str, decision_date: str | None,
                     legal_hold: bool, audit: AuditRecord | None = None,
                     today: date | None = None) -> Recruitment:
        _check_decision_date(decision_date, today)
        with self._tx(audit) as db:
            changed = db.execute(
                "UPDATE recruitments SET decision_date = ?, legal_hold = ? WHERE id = ?",
                (decision_date, int(legal_hold), recruitment_id),
            ).rowcount
        if not changed:
            raise NotFoundError(f"ingen rekrytering {recruitment_id!r}")
        return self.recruitment(recruitment_id)

    # -- candidates and scores --------------------------------------------------------

    def add_candidates(
        self, recruitment_id: str, candidates: list[Candidate], scores: list[CandidateScore],
        audit: Callable[[list[str]], AuditRecord] | None = None,
    ) -> list[str]:
        """Store candidates with their scores, in one transaction; returns the new ids.

        ``audit`` makes the entry from the new ids, for the same transaction.
        """
        by_label = {s.candidate: s for s in scores}
        try:
            return self._store_candidates(recruitment_id, candidates, by_label, audit)
        except BaseException:
            # Scoring has cached these sentences' vectors already; stored for no one
            # (the recruitment was erased meanwhile, the disk was full), they go.
            self._forget_unstored({k for s in scores for k in s.sentence_keys})
            raise

    def _store_candidates(
        self, recruitment_id: str, candidates: list[Candidate],
        by_label: dict[str, CandidateScore],
        audit: Callable[[list[str]], AuditRecord] | None,
    ) -> list[str]:
        ids: list[str] = []
        with self._tx() as db:
            if not db.execute("SELECT 1 FROM recruitments WHERE id = ?",
                              (recruitment_id,)).fetchone():
                raise NotFoundError(f"ingen rekrytering {recruitment_id!r}")
            for candidate in candidates:
                cid = uuid.uuid4().hex
                ids.append(cid)
                db.execute(
                    "INSERT INTO candidates VALUES (?, ?, ?, ?, ?, ?)",
                    (cid, recruitment_id, candidate.id, candidate.text,
                     json.dumps(list(candidate.names)), _now()),
                )
                # The sentences scoring embedded, not a fresh split of the CV.
                keys = set(by_label[candidate.id].sentence_keys)
                db.executemany("INSERT INTO candidate_sentences VALUES (?, ?)",
                               [(cid, k) for k in keys])
                self._insert_score(db, cid, by_label[candidate.id])
            if audit is not None:
                insert_audit(db, audit(ids), datetime.now(UTC))
        return ids

    def _forget_unstored(self, keys: set[bytes]) -> int:
        """Drop cached vectors of these sentence keys that no stored candidate uses."""
        if self.cache is None or not keys:
            return 0
        with self._lock:
            shared = {k for (k,) in self._db.execute("SELECT key FROM candidate_sentences")}
        return self.cache.forget([k for k in keys if k not in shared])

    @staticmethod
    def _insert_score(db: sqlite3.Connection, cid: str, score: CandidateScore) -> None:
        db.execute(
            "INSERT INTO scores (candidate, profile, profile_version, profile_digest, encoder, "
            "encoder_version, result, scored) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (cid, score.profile, score.profile_version, score.profile_digest, score.encoder,
             score.encoder_version, json.dumps(score.to_dict(), ensure_ascii=False), _now()),
        )

    def candidate(self, candidate_id: str) -> dict[str, Any]:
        with self._lock:
            row = self._db.execute(
                "SELECT id, recruitment, label, text, created FROM candidates WHERE id = ?",
                (candidate_id,),
            ).fetchone()
        if row is None:
            raise NotFoundError(f"ingen kandidat {candidate_id!r}")
        return {"id": row[0], "recruitment": row[1], "label": row[2], "text": row[3],
                "created": row[4], "scores": self.scores(candidate_id)}

    def scores(self, candidate_id: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, result, scored, reviewed_by, reviewed_at, review_note FROM scores "
                "WHERE candidate = ? ORDER BY id", (candidate_id,),
            ).fetchall()
        return [
            {"id": r[0], "result": _stored_result(r[1]), "scored": r[2],
             "review": None if r[3] is None else {"by": r[3], "at": r[4], "note": r[5]}}
            for r in rows
        ]

    def ranking(self, recruitment_id: str) -> list[dict[str, Any]]:
        """The latest score of every candidate of a recruitment, best first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT c.id, c.label, s.result, s.reviewed_by FROM candidates c "
                "JOIN scores s ON s.id = (SELECT max(id) FROM scores WHERE candidate = c.id) "
                "WHERE c.recruitment = ?", (recruitment_id,),
            ).fetchall()
        out = [
            {"candidate_id": cid, "label": label, "reviewed_by": reviewed,
             **_stored_result(result)}
            for cid, label, result, reviewed in rows
        ]
        return sorted(out, key=lambda r: (-r["score"], r["label"]))

    def _candidate_rows(self, recruitment_id: str) -> list[tuple[str, str, str, str]]:
        """(id, label, text, names) of every candidate of a recruitment, in upload order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, label, text, names FROM candidates WHERE recruitment = ? "
                "ORDER BY created, label", (recruitment_id,)).fetchall()
        return [(str(a), str(b), str(c), str(d)) for a, b, c, d in rows]

    def labels_of(self, recruitment_id: str) -> dict[str, str]:
        """Candidate id -> label for a recruitment (the audit's scoring entry needs both)."""
        return {cid: label for cid, label, _, _ in self._candidate_rows(recruitment_id)}

    def rescored(
        self, recruitment_id: str, profile: Profile, target: Target, encoder: Encoder
    ) -> list[dict[str, Any]]:
        """Ranking rows for another profile or target, best first; nothing is stored.

        For the profile the candidates were scored against, the stored item scores are
        re-ranked for the new target (:func:`~matching.rerank.retarget`, no model). Another
        profile scores the stored texts again, with the stored names for masking.
        """
        stored = self.ranking(recruitment_id)
        if stored and all(r["profile_digest"] == profile.digest for r in stored):
            return [{**r, "reviewed_by": None} for r in retarget(stored, profile, target)]
        rows = self._candidate_rows(recruitment_id)
        candidates = [Candidate(str(label), str(text), tuple(json.loads(names)))
                      for _, label, text, names in rows]
        ids = {str(label): str(cid) for cid, label, _, _ in rows}
        scores = score_candidates(candidates, profile, encoder, target=target)
        self._record_sentences({ids[s.candidate]: s.sentence_keys for s in scores})
        return [{"candidate_id": ids[s.candidate], "label": s.candidate, "reviewed_by": None,
                 **s.to_dict()} for s in scores]

    def _record_sentences(self, keys_of: dict[str, tuple[bytes, ...]]) -> None:
        """Add the sentence keys a scoring again has cached to each candidate's list, so an
        erasure finds them: masking or the encoder may have changed since the upload, and
        then the same text caches under other keys. A candidate erased meanwhile gets
        none, and the vectors only it used go."""
        with self._tx() as db:
            for cid, keys in keys_of.items():
                db.executemany(
                    "INSERT INTO candidate_sentences SELECT ?, ? WHERE EXISTS "
                    "(SELECT 1 FROM candidates WHERE id = ?) AND NOT EXISTS (SELECT 1 FROM "
                    "candidate_sentences WHERE candidate = ? AND key = ?)",
                    [(cid, k, cid, cid, k) for k in set(keys)])
        self._forget_unstored({k for keys in keys_of.values() for k in keys})

    def review(self, candidate_id: str, reviewer: str, note: str,
               audit: AuditRecord | None = None) -> dict[str, Any]:
        """Record that a person has looked at the latest score and what they concluded."""
        with self._tx(audit) as db:
            row = db.execute("SELECT max(id) FROM scores WHERE candidate = ?",
                             (candidate_id,)).fetchone()
            if row is None or row[0] is None:
                raise NotFoundError(f"ingen kandidat {candidate_id!r}")
            db.execute("UPDATE scores SET reviewed_by = ?, reviewed_at = ?, review_note = ? "
                       "WHERE id = ?", (reviewer, _now(), note, row[0]))
        return self.scores(candidate_id)[-1]

    def recruitment_of(self, candidate_id: str) -> str:
        with self._lock:
            row = self._db.execute("SELECT recruitment FROM candidates WHERE id = ?",
                                   (candidate_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"ingen kandidat {candidate_id!r}")
        return str(row[0])

    # -- data protection --------------------------------------------------------------

    def erase_candidate(self, candidate_id: str,
                        audit: AuditRecord | None = None) -> dict[str, int]:
        """Remove a candidate and everything derived from their text.

        Refused under the recruitment's legal hold, as :meth:`erase_recruitment` is: the
        hold keeps the recruitment as evidence, and its candidates are most of it.
        """
        with self._tx(audit) as db:
            row = db.execute("SELECT recruitment FROM candidates WHERE id = ?",
                             (candidate_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"ingen kandidat {candidate_id!r}")
            self._refuse_under_hold(db, str(row[0]), "kandidaten")
            removed = self._delete_candidates(db, [candidate_id])
        return self._after_erasure(removed)

    def erase_recruitment(self, recruitment_id: str,
                          audit: AuditRecord | None = None) -> dict[str, Any]:
        """Remove a recruitment, its assignments and every candidate of it, as
        :meth:`erase_candidate` removes one; returns the counts and the erased candidates'
        ids (their pseudonym keys are the caller's to delete).

        A recruitment on legal hold is kept: the hold exists because it may be needed as
        evidence, and lifting it is an audited decision of its own.
        """
        with self._tx(audit) as db:
            self._refuse_under_hold(db, recruitment_id, "den")
            ids = [str(c) for (c,) in db.execute(
                "SELECT id FROM candidates WHERE recruitment = ?", (recruitment_id,))]
            removed = self._delete_candidates(db, ids)
            db.execute("DELETE FROM recruitment_assignees WHERE recruitment = ?",
                       (recruitment_id,))
            db.execute("DELETE FROM recruitments WHERE id = ?", (recruitment_id,))
        return {**self._after_erasure(removed), "candidate_ids": ids}

    @staticmethod
    def _refuse_under_hold(db: sqlite3.Connection, recruitment_id: str, erased: str) -> None:
        """Raise, in the caller's transaction (so the refusal writes nothing, audit entry
        included), if the recruitment is missing or on legal hold; ``erased`` names what
        would have been erased ("den" for the recruitment itself, "kandidaten")."""
        row = db.execute("SELECT legal_hold FROM recruitments WHERE id = ?",
                         (recruitment_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"ingen rekrytering {recruitment_id!r}")
        if row[0]:
            raise ConflictError(f"rekryteringen {recruitment_id!r} har rättslig spärr; "
                                f"häv spärren innan {erased} raderas")

    @staticmethod
    def _delete_candidates(db: sqlite3.Connection, ids: list[str]) -> dict[str, Any]:
        """Delete candidates' rows in the caller's transaction; their sentence keys are
        returned for :meth:`_after_erasure`."""
        keys: set[bytes] = set()
        scores = candidates = 0
        for cid in ids:
            keys.update(k for (k,) in db.execute(
                "SELECT key FROM candidate_sentences WHERE candidate = ?", (cid,)))
            scores += db.execute("DELETE FROM scores WHERE candidate = ?", (cid,)).rowcount
            db.execute("DELETE FROM candidate_sentences WHERE candidate = ?", (cid,))
            candidates += db.execute("DELETE FROM candidates WHERE id = ?", (cid,)).rowcount
        return {"candidates": candidates, "scores": scores, "keys": keys}

    def _after_erasure(self, removed: dict[str, Any]) -> dict[str, int]:
        """Truncate the WAL (secure_delete has zeroed the rows in the file, not the WAL
        frames that still hold them), then drop the cached vectors of the erased sentences:
        a vector of a personal sentence is personal data too."""
        with self._lock:
            checkpoint(self._db)
        # A sentence shared word for word with another stored candidate stays cached for them.
        embeddings = self._forget_unstored(removed["keys"])
        return {"candidates": removed["candidates"], "scores": removed["scores"],
                "embeddings": embeddings}

    def purge(self, today: date | None = None,
              retention_days: int = DEFAULT_RETENTION_DAYS,
              audit: Callable[[str], AuditRecord] | None = None) -> list[str]:
        """Erase candidates of recruitments decided more than ``retention_days`` ago."""
        cutoff = ((today or date.today()) - timedelta(days=retention_days)).isoformat()
        with self._lock:
            due = [c for (c,) in self._db.execute(
                "SELECT c.id FROM candidates c JOIN recruitments r ON r.id = c.recruitment "
                "WHERE r.legal_hold = 0 AND r.decision_date IS NOT NULL "
                "AND r.decision_date < ?", (cutoff,))]
        for cid in due:
            self.erase_candidate(cid, audit(cid) if audit else None)
        return due

    def export_candidate(self, candidate_id: str) -> dict[str, Any]:
        """Everything held about a candidate (GDPR art. 15), scores with their explanation."""
        data = self.candidate(candidate_id)
        data["recruitment"] = self.recruitment(data["recruitment"]).as_dict()
        return data

    def table_counts(self) -> dict[str, int]:
        with self._lock:
            return {t: int(self._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                    for t in ("candidates", "candidate_sentences", "scores")}

    def close(self) -> None:
        with self._lock:
            self._db.close()


def apply_retention(store: RecruitmentStore, access: AccessLog, user: User | None,
                    purpose: str, today: date | None, retention_days: int,
                    audit_retention_days: int) -> dict[str, int]:
    """The retention rules, for the API and the CLI alike: erase candidates past their
    retention (each erasure audited in its transaction, its pseudonym key deleted), then
    prune audit entries past the audit log's own retention."""
    pseudonyms = access.pseudonyms
    erased = store.purge(today, retention_days, lambda cid: AuditRecord(
        user, "purge_candidate", pseudonyms.of("candidate", cid), purpose))
    for cid in erased:
        pseudonyms.forget("candidate", cid)
    access.record(user, "purge_candidates", str(len(erased)), purpose)
    pruned = access.prune(audit_retention_days)
    return {"erased": len(erased), "retention_days": retention_days, "audit_pruned": pruned}

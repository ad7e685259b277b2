"""Erasing a recruitment, or a candidate, erases for real: no file the service writes (the
database, its WAL, the embedding cache and its WAL) keeps the texts, names, ids or the
vectors of their sentences, a vector shared with another stored candidate stays, and a
finished upload's remembered result no longer shows who was erased."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.core import later_checkpoint
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from matching.encoders import CachedEncoder, EmbeddingCache
from matching.profile import get_profile
from matching.recruitments import Recruitment, RecruitmentStore
from matching.scoring import Candidate, score_candidates

SHARED = "Jag har arbetat åtta år på Försäkringskassan med sjukpenning och försäkringsmedicin."
ERASED_CV = (f"{SHARED} Sedan 2019 leder jag samverkansteamet i Raderaskogen med "
             "Arbetsförmedlingen och kommunen. Idunna har lett styrgruppen.\n\n"
             "Med vänliga hälsningar\nIdunna Raderasson")
KEPT_CV = f"{SHARED} Jag möter deltagare varje vecka i Kvarhamra."


@dataclass
class Service:
    client: TestClient
    headers: dict[str, dict[str, str]]
    root: Path
    app: Any


@pytest.fixture
def service(tmp_path: Path, _seed: dict[str, Any], encoder: CachedEncoder
            ) -> Iterator[Service]:
    db = tmp_path / "svc.db"
    store = SQLiteStore(db)
    store.write(_seed)
    access = AccessLog(db)
    headers = {name: {"Authorization": f"Bearer {access.add_user(name, role)}"}
               for name, role in (("admin", Role.ADMIN), ("rec1", Role.RECRUITER))}
    app = create_app(store, access, Settings(db=db))
    # The session's model, but the service's own cache file: that is what is erased.
    app.state.encoder = CachedEncoder(encoder.inner, app.state.recruitments.cache)
    for rid in ("r1", "r2"):
        app.state.recruitments.create_recruitment(Recruitment(
            rid, "Handläggare", "teamhandlaggare", None, None, False, ("rec1",)))
    with TestClient(app) as client:
        yield Service(client, headers, tmp_path, app)
    app.state.uploads.close()
    store.close()
    access.close()


def _upload(s: Service, rid: str, name: str, text: str) -> dict[str, Any]:
    """A background upload, polled until done: (job id, candidate id)."""
    r = s.client.post(f"/api/v1/recruitments/{rid}/candidates", params={"background": "true"},
                      files=[("files", (f"{name}.txt", text.encode(), "text/plain"))],
                      headers=s.headers["rec1"])
    assert r.status_code == 202, r.text
    job = r.json()["id"]
    for _ in range(600):
        status = s.client.get(f"/api/v1/uploads/{job}", headers=s.headers["rec1"]).json()
        if status["stage"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert status["stage"] == "done", status
    return {"job": job, "cid": status["result"]["candidate_ids"][name]}


def _vectors(root: Path, cid: str) -> dict[bytes, bytes]:
    """The cached vectors of a candidate's sentences, by sentence key."""
    with sqlite3.connect(root / "svc.db") as db:
        keys = [k for (k,) in db.execute(
            "SELECT key FROM candidate_sentences WHERE candidate = ?", (cid,))]
    with sqlite3.connect(root / "embeddings.sqlite") as cache:
        return {k: v for k in keys for (v,) in cache.execute(
            "SELECT vector FROM embedding WHERE key = ?", (k,))}


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_erasing_a_recruitment_leaves_nothing_of_its_candidates(service: Service) -> None:
    s, admin = service, service.headers["admin"]
    gone = _upload(s, "r1", "ingrid", ERASED_CV)
    kept = _upload(s, "r2", "kvar", KEPT_CV)
    c = s.client
    assert c.get(f"/api/v1/candidates/{gone['cid']}", headers=s.headers["rec1"]).json()[
        "label"] == "Idunna Raderasson"
    # Compared against another profile: scored again, so cached again.
    assert c.get("/api/v1/recruitments/r1/ranking", params={"profile": "handbok"},
                 headers=s.headers["rec1"]).status_code == 200
    vectors = _vectors(s.root, gone["cid"])
    kept_vectors = _vectors(s.root, kept["cid"])
    shared = set(vectors) & set(kept_vectors)
    assert len(vectors) >= 3 and len(shared) == 1, "one sentence is word for word in both"
    before = _files(s.root)
    assert any(b"Raderaskogen" in data for data in before.values()), "the test saw nothing"

    # An administrator's act, with a reason, never under legal hold.
    assert c.delete("/api/v1/recruitments/r1", params={"reason": "beslut 2026-41"},
                    headers=s.headers["rec1"]).status_code == 403
    assert c.delete("/api/v1/recruitments/r1", headers=admin).status_code == 422
    c.put("/api/v1/recruitments/r1/decision", headers=admin,
          json={"decision_date": None, "legal_hold": True, "reason": "mål 12-26"})
    held = c.delete("/api/v1/recruitments/r1", params={"reason": "beslut 2026-41"},
                    headers=admin)
    assert held.status_code == 409 and "rättslig spärr" in held.json()["detail"]
    c.put("/api/v1/recruitments/r1/decision", headers=admin,
          json={"decision_date": None, "legal_hold": False, "reason": "mål avgjort"})
    r = c.delete("/api/v1/recruitments/r1", params={"reason": "beslut 2026-41"}, headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["removed"]["candidates"] == 1
    assert r.json()["removed"]["embeddings"] == len(vectors) - len(shared)

    for path in ("/api/v1/recruitments/r1", "/api/v1/recruitments/r1/ranking",
                 f"/api/v1/candidates/{gone['cid']}"):
        assert c.get(path, headers=s.headers["rec1"]).status_code == 404, path
    # The upload's remembered result no longer shows the erased candidate.
    assert c.get(f"/api/v1/uploads/{gone['job']}",
                 headers=s.headers["rec1"]).json()["result"] is None
    entry = c.get("/api/v1/audit", params={"action": "erase_recruitment"},
                  headers=admin).json()[0]
    assert entry["purpose"] == "radering: beslut 2026-41" and entry["target"] == "r1"

    later_checkpoint.settle()
    erased = [b"Raderaskogen", b"Raderasson", b"Idunna", gone["cid"].encode(),
              *(v for k, v in vectors.items() if k not in shared)]
    for name, data in _files(s.root).items():
        for secret in erased:
            assert secret not in data, (name, secret[:40])
    # The sentence the kept candidate shares stays cached for them, and they are intact.
    assert _vectors(s.root, kept["cid"]) == kept_vectors
    assert c.get(f"/api/v1/candidates/{kept['cid']}",
                 headers=s.headers["rec1"]).json()["text"] == KEPT_CV


def test_a_finished_uploads_result_leaves_out_an_erased_candidate(service: Service) -> None:
    s = service
    first = _upload(s, "r2", "a", KEPT_CV)
    assert s.client.delete(f"/api/v1/candidates/{first['cid']}", params={"reason": "begäran 9"},
                           headers=s.headers["admin"]).status_code == 200
    seen = s.client.get(f"/api/v1/uploads/{first['job']}", headers=s.headers["rec1"]).json()
    assert seen["result"]["candidate_ids"] == {} and seen["result"]["ranking"] == []
    # Reading a result is reading scores: it is in the access log, as the ranking is.
    reads = s.client.get("/api/v1/audit", params={"action": "read_ranking"},
                         headers=s.headers["admin"]).json()
    assert reads and all(e["target"] == "r2" for e in reads)


def test_a_candidate_under_legal_hold_is_not_erased(service: Service) -> None:
    """The hold keeps the recruitment as evidence: erasing its candidates one by one is
    refused as erasing it whole is, and the refusal writes nothing, audit entry included."""
    s, admin = service, service.headers["admin"]
    held = _upload(s, "r1", "kvar", KEPT_CV)
    s.client.put("/api/v1/recruitments/r1/decision", headers=admin,
                 json={"decision_date": None, "legal_hold": True, "reason": "mål 12-26"})
    r = s.client.delete(f"/api/v1/candidates/{held['cid']}", params={"reason": "begäran 9"},
                        headers=admin)
    assert r.status_code == 409, r.text
    assert "rättslig spärr" in r.json()["detail"] and "kandidaten" in r.json()["detail"]
    assert s.client.get(f"/api/v1/candidates/{held['cid']}",
                        headers=s.headers["rec1"]).json()["text"] == KEPT_CV
    assert s.client.get("/api/v1/audit", params={"action": "erase_candidate"},
                        headers=admin).json() == []
    s.client.put("/api/v1/recruitments/r1/decision", headers=admin,
                 json={"decision_date": None, "legal_hold": False, "reason": "mål avgjort"})
    assert s.client.delete(f"/api/v1/candidates/{held['cid']}", params={"reason": "begäran 9"},
                           headers=admin).status_code == 200


def _store(tmp_path: Path) -> tuple[RecruitmentStore, EmbeddingCache]:
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    store = RecruitmentStore(tmp_path / "r.db", cache)
    store.create_recruitment(Recruitment("r1", "Handläggare", "teamhandlaggare", None, None,
                                         False, ()))
    return store, cache


def test_vectors_cached_by_a_later_scoring_are_erased_too(
        tmp_path: Path, encoder: CachedEncoder) -> None:
    store, cache = _store(tmp_path)
    model = CachedEncoder(encoder.inner, cache)
    profile = get_profile("teamhandlaggare")
    candidate = Candidate("Kandidat 1", ERASED_CV, ("Idunna Raderasson",))
    (cid,) = store.add_candidates("r1", [candidate],
                                  score_candidates([candidate], profile, model))
    # As if masking had changed since the upload: the stored list no longer has the keys
    # scoring again caches the sentences under.
    with sqlite3.connect(tmp_path / "r.db") as raw:
        raw.execute("DELETE FROM candidate_sentences")
    store.rescored("r1", get_profile("handbok"), profile.target, model)
    assert store.table_counts()["candidate_sentences"] > 0
    assert store.erase_candidate(cid)["embeddings"] > 0
    keys = {k for s in score_candidates([candidate], profile, CachedEncoder(encoder.inner))
            for k in s.sentence_keys}
    assert not cache.get_many(f"{model.name}@{model.version}", list(keys))
    store.close()


def test_vectors_of_candidates_that_could_not_be_stored_are_not_kept(
        tmp_path: Path, encoder: CachedEncoder) -> None:
    store, cache = _store(tmp_path)
    model = CachedEncoder(encoder.inner, cache)
    candidate = Candidate("Kandidat 1", ERASED_CV)
    scores = score_candidates([candidate], get_profile("teamhandlaggare"), model)
    keys = [k for s in scores for k in s.sentence_keys]
    assert cache.get_many(f"{model.name}@{model.version}", keys)
    store.erase_recruitment("r1")  # erased while the CVs were scored
    with pytest.raises(Exception, match="ingen rekrytering"):
        store.add_candidates("r1", [candidate], scores)
    assert not cache.get_many(f"{model.name}@{model.version}", keys)
    assert store.table_counts() == {"candidates": 0, "candidate_sentences": 0, "scores": 0}
    store.close()

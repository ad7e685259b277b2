"""Administration over HTTP (issue 20): recruiters chosen from real users, Swedish errors,
the audit log with filters, paging, Swedish names, local time and CSV, and the ranking with
evidence as CSV and PDF for the diarium."""

from __future__ import annotations

import ast
import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.audit_actions import ACTION_NAMES, action_name
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
STRONG = (
    "Jag har arbetat åtta år på Försäkringskassan med sjukpenning och försäkringsmedicin. "
    "Sedan 2019 leder jag samverkansteamet i Kristianstad med Arbetsförmedlingen och kommunen. "
    "Jag möter deltagare varje vecka och motiverar dem att ta steg mot arbete."
)
STUFFED = ("Nyckelord: samverkan, FINSAM, processledare, försäkringsmedicin, rehabilitering, "
           "motiverande samtal, arbetsmarknad, sjukpenning.\nJag har kört lastbil i femton år.")
MARKER = "Sedan 2019 leder jag samverkansteamet i Kristianstad"


class Clock:
    """The audit log's clock, moved on by the test: 1 January 2026, 11:00 UTC (12:00 in
    Stockholm), a minute further at every reading."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 11, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def served(tmp_path: Path, _seed: dict[str, Any]) -> Iterator[tuple[TestClient, dict[str, Any],
                                                                     Clock]]:
    db = tmp_path / "a.db"
    store = SQLiteStore(db)
    store.write(_seed)
    clock = Clock()
    access = AccessLog(db, clock=clock)
    users = {"admin": Role.ADMIN, "rec1": Role.RECRUITER, "rec2": Role.RECRUITER,
             "staff": Role.STAFF}
    headers = {name: {"Authorization": f"Bearer {access.add_user(name, role)}"}
               for name, role in users.items()}
    access.add_user("gone", Role.RECRUITER)
    access.revoke("gone")
    yield TestClient(create_app(store, access, Settings(db=db))), headers, clock
    store.close()


def _create(client: TestClient, headers: dict[str, Any], **extra: Any) -> Any:
    body = {"id": "r1", "title": "Handläggare samverkansteam", "profile": "teamhandlaggare",
            "assignees": ["rec1"], **extra}
    return client.post("/api/v1/recruitments", json=body, headers=headers["admin"])


def test_recruiters_must_be_real_recruiters(served: tuple[TestClient, dict[str, Any], Clock]
                                            ) -> None:
    client, h, _ = served
    r = _create(client, h, assignees=["nobody", "rec1", "staff", "gone"])
    assert r.status_code == 422
    problems = {p["path"]: p["message"] for p in r.json()["problems"]}
    assert set(problems) == {"assignees[0]", "assignees[2]", "assignees[3]"}
    assert "'nobody' är ingen användare med rollen rekryterare" in problems["assignees[0]"]
    # Nothing half-written: the refused recruitment does not exist.
    assert client.get("/api/v1/recruitments", headers=h["admin"]).json() == []
    assert _create(client, h, assignees=["rec1", "rec2"]).status_code == 201
    chosen = client.get("/api/v1/users?role=recruiter", headers=h["admin"]).json()
    assert chosen == [{"name": "rec1", "role": "recruiter", "role_name": "rekryterare"},
                      {"name": "rec2", "role": "recruiter", "role_name": "rekryterare"}]
    assert client.get("/api/v1/users", headers=h["rec1"]).status_code == 403


def test_a_duplicate_id_is_refused_in_swedish(served: tuple[TestClient, dict[str, Any], Clock]
                                              ) -> None:
    client, h, _ = served
    assert _create(client, h).status_code == 201
    r = _create(client, h, title="Annan titel")
    assert r.status_code == 409
    assert r.json()["detail"] == "det finns redan en rekrytering med id 'r1'; välj ett annat id"
    r = _create(client, h, id="r2", target_organisation="nope")
    assert r.status_code == 404 and r.json()["detail"] == "okänd organisation 'nope'"


def test_audit_log_pages_filters_and_names(served: tuple[TestClient, dict[str, Any], Clock]
                                           ) -> None:
    client, h, clock = served
    _create(client, h)
    for day in range(4):
        clock.now += timedelta(days=day)
        client.get("/api/v1/people", headers=h["staff"])
    _create(client, h, id="r2")
    page = client.get("/api/v1/audit/page?limit=2", headers=h["admin"]).json()
    assert page["total"] == 6 and page["offset"] == 0 and len(page["items"]) == 2
    newest = page["items"][0]
    assert (newest["action"], newest["action_name"]) == ("create_recruitment",
                                                         "skapade rekrytering")
    assert newest["role_name"] == "administratör" and newest["target"] == "r2"
    # The second page follows the first although reading the first wrote an entry.
    rest = client.get(f"/api/v1/audit/page?limit=2&offset=2&upto={page['upto']}",
                      headers=h["admin"]).json()
    ids = [e["id"] for e in page["items"] + rest["items"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 4 and rest["total"] == 6
    staff = client.get("/api/v1/audit/page?who=staff&action=list_people",
                       headers=h["admin"]).json()
    assert staff["total"] == 4
    assert {e["action_name"] for e in staff["items"]} == {"listade personer"}
    assert {e["role_name"] for e in staff["items"]} == {"medarbetare"}
    # The first read was minutes after 11:00 UTC on 1 January: 12 in Stockholm (winter time).
    first = staff["items"][-1]
    assert first["at"].startswith("2026-01-01T11:") and first["local_time"][:14] == "2026-01-01 12:"
    since = client.get("/api/v1/audit/page?who=staff&since=2026-01-03",
                       headers=h["admin"]).json()
    assert [e["local_time"][:10] for e in since["items"]] == ["2026-01-07", "2026-01-04"]
    target = client.get("/api/v1/audit/page?target=r1", headers=h["admin"]).json()
    assert [e["action"] for e in target["items"]] == ["create_recruitment"]
    actions = client.get("/api/v1/audit/actions", headers=h["admin"]).json()
    assert {"code": "read_audit", "name": "läste åtkomstloggen"} in actions
    assert {"code": "edit_ties", "name": "ändrade rad i kontakter"} in actions
    bad = client.get("/api/v1/audit/page?since=igår", headers=h["admin"])
    assert bad.status_code == 422 and bad.json()["problems"][0]["path"] == "query.since"
    assert client.get("/api/v1/audit/page", headers=h["rec1"]).status_code == 403


def test_audit_log_as_csv(served: tuple[TestClient, dict[str, Any], Clock]) -> None:
    client, h, _ = served
    _create(client, h)
    client.get("/api/v1/people", headers=h["staff"])
    r = client.get("/api/v1/audit.csv?who=admin", headers=h["admin"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tid (svensk tid)", "Vem", "Roll", "Vad", "Händelsekod", "Mål", "Syfte"]
    assert rows[1][1:6] == ["admin", "administratör", "skapade rekrytering",
                            "create_recruitment", "r1"]
    assert rows[1][0][:4] == "2026" and len(rows[1][0]) == len("2026-01-01 12:00")
    assert len(rows) == 2  # the staff member's read is filtered out
    # The export is audited too.
    page = client.get("/api/v1/audit/page?action=export_audit", headers=h["admin"]).json()
    assert page["items"][0]["action_name"] == "exporterade åtkomstloggen"


def test_ranking_with_evidence_as_csv_and_pdf(
        served: tuple[TestClient, dict[str, Any], Clock]) -> None:
    client, h, _ = served
    _create(client, h)
    files = [("files", ("stark.txt", STRONG.encode(), "text/plain")),
             ("files", ("nyckelord.txt", STUFFED.encode(), "text/plain"))]
    # The recruiter's own labels, one per file (matching.labels): never the file names.
    r = client.post("/api/v1/recruitments/r1/candidates", files=files,
                    data={"labels": ["Stark kandidat", "Nyckelordslista"]}, headers=h["rec1"])
    assert r.status_code == 201, r.text
    ranking = r.json()["ranking"]
    stark = next(c for c in ranking if c["label"] == "Stark kandidat")
    client.post(f"/api/v1/candidates/{stark['candidate_id']}/review",
                json={"note": "Läst CV och evidens; kallas."}, headers=h["rec1"])
    r = client.get("/api/v1/recruitments/r1/ranking.csv", headers=h["rec1"])
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert {row["Kandidat"] for row in rows} == {c["label"] for c in ranking}
    assert rows[0]["Rang"] == "1" and rows[0]["Kandidat"] == ranking[0]["label"]
    assert rows[0]["Poäng 0–100"] == str(round(100 * ranking[0]["score"]))
    evidence = " ".join(row["Evidens ur CV:t"] for row in rows)
    assert MARKER in evidence
    assert "Nyckelord:" not in evidence  # a keyword list is never evidence
    assert {row["Granskad av"] for row in rows if row["Kandidat"] == "Stark kandidat"} == {"rec1"}
    r = client.get("/api/v1/recruitments/r1/ranking.pdf", headers=h["rec1"])
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    text = " ".join(text.split())
    for expected in ("Rankning: Handläggare samverkansteam", "Skalan", "Stark evidens från 60",
                     "Granskad av rec1", "Läst CV och evidens; kallas.", "Nyckelordslista"):
        assert expected in text, expected
    assert "Nyckelord: samverkan" not in text
    # Another recruiter's recruitment is not found; staff may not export rankings.
    assert client.get("/api/v1/recruitments/r1/ranking.csv",
                      headers=h["rec2"]).status_code == 404
    assert client.get("/api/v1/recruitments/r1/ranking.pdf",
                      headers=h["staff"]).status_code == 403


def _written_codes() -> set[str]:
    """Every literal action code the service passes to the audit log."""
    codes = set()
    for path in [*ROOT.glob("api/*.py"), *ROOT.glob("graph/**/*.py"), *ROOT.glob("matching/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            name = isinstance(node, ast.Call) and (getattr(node.func, "id", None)
                                                   or getattr(node.func, "attr", None))
            if isinstance(node, ast.Call) and name in ("audit", "record_of", "AuditRecord"):
                literal = next((a.value for a in node.args[:2] if isinstance(a, ast.Constant)
                                and isinstance(a.value, str) and a.value.isidentifier()), None)
                if literal:
                    codes.add(literal)
    return codes


def test_every_action_code_has_a_swedish_name() -> None:
    codes = _written_codes()
    assert len(codes) > 30
    assert sorted(codes - set(ACTION_NAMES)) == []
    assert action_name("read_person") == "läste person"
    assert action_name("edit_delete_people") == "tog bort rad i personer"
    assert action_name("write_organisation") == "sparade organisation"
    assert action_name("something_new") == "something_new"


def test_the_audit_log_names_people_the_admin_may_see(
        served: tuple[TestClient, dict[str, Any], Clock]) -> None:
    client, h, _ = served
    people = client.get("/api/v1/people?limit=2", headers=h["staff"]).json()["items"]
    kept, erased = people
    for person in people:
        assert client.get(f"/api/v1/people/{person['id']}", headers=h["staff"]).status_code == 200
    assert client.delete(f"/api/v1/people/{erased['id']}", headers=h["admin"]).status_code == 200
    page = client.get("/api/v1/audit/page?who=staff&action=read_person",
                      headers=h["admin"]).json()
    assert [e["target"].startswith("person~") for e in page["items"]] == [True, True]
    # The stored target stays a pseudonym; the admin reads the name of whoever is still
    # there, and the erased person stays unlinkable.
    assert [e["target_name"] for e in page["items"]][1] == kept["name"]
    assert page["items"][0]["target_name"] == page["items"][0]["target"]
    r = client.get("/api/v1/audit.csv?who=staff&action=read_person", headers=h["admin"])
    assert kept["name"] in r.content.decode("utf-8-sig")
    assert erased["name"] not in r.content.decode("utf-8-sig")

"""The contact survey end to end through the HTTP API, on the seed, with a frozen day."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analysis.projection import organisation_roots
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore

DAY = date(2026, 3, 2)


class Survey:
    def __init__(self, tmp_path: Path, seed: dict[str, Any]) -> None:
        self.store = SQLiteStore(tmp_path / "s.db")
        self.store.write(seed)
        access = AccessLog(tmp_path / "s.db")
        self.admin = {"Authorization": f"Bearer {access.add_user('admin', Role.ADMIN)}"}
        self.staff = {"Authorization": f"Bearer {access.add_user('staff', Role.STAFF)}"}
        self.app: Any = create_app(self.store, access, Settings(db=tmp_path / "s.db"))
        self.day = DAY
        self.app.state.today = lambda: self.day
        self.c = TestClient(self.app)

    def as_(self, token: str) -> dict[str, str]:
        return {"X-Survey-Token": token}

    def finished(self, job: dict[str, Any]) -> dict[str, Any]:
        deadline = time.monotonic() + 60
        while job["state"] == "running":
            assert time.monotonic() < deadline
            time.sleep(0.02)
            job = self.c.get(f"/api/v1/jobs/{job['id']}", headers=self.admin).json()
        return job

    def open(self, round_id: str, closes: str = "2026-03-31") -> dict[str, str]:
        r = self.c.post("/api/v1/surveys", headers=self.admin, json={
            "id": round_id, "title": "Kontaktenkät Kävlinge–Lomma", "organisations": ["kl"],
            "purpose": "Att kartlägga vilka kontakter som finns mellan parterna.",
            "closes": closes})
        assert r.status_code == 201, r.text
        return {i["person"]: i["link"].split("#", 1)[1] for i in r.json()["invitations"]}


@pytest.fixture
def s(tmp_path: Path, seed: dict[str, Any]) -> Survey:
    return Survey(tmp_path, seed)


def _three_parties(s: Survey, tokens: dict[str, str]) -> tuple[str, str, str]:
    doc = s.store.read()
    party = organisation_roots(doc)
    org = {p.id: party[p.organisation] for p in doc.people}
    people = sorted(tokens)
    a = people[0]
    b = next(p for p in people if org[p] != org[a])
    c = next(p for p in people if org[p] not in (org[a], org[b]))
    return a, b, c


def _tie(s: Survey, x: str, y: str) -> Any:
    return next(t for t in s.store.read().ties if {t.a, t.b} == {x, y}
                and t.kind == "collaboration")


def test_a_round_end_to_end(s: Survey) -> None:
    tokens = s.open("kl-2026")
    assert len(tokens) > 10
    a, b, c = _three_parties(s, tokens)
    names = {p.id: p.name for p in s.store.read().people}

    # The form: purpose and legal basis first; only what the graph says about a.
    form = s.c.get("/api/v1/survey-form", headers=s.as_(tokens[a])).json()
    assert form["round"]["purpose"].startswith("Att kartlägga")
    assert "GDPR" in form["round"]["legal_basis"]
    assert form["person"]["id"] == a
    assert all(k["contact"] != a for k in form["known"])
    found = s.c.get("/api/v1/survey-form/people", params={"q": names[b][:4]},
                    headers=s.as_(tokens[a])).json()
    assert b in [p["id"] for p in found]
    assert set(found[0]) == {"id", "name", "organisation"}  # minimal fields

    bad = s.c.post("/api/v1/survey-form", headers=s.as_(tokens[a]),
                   json={"answers": [{"contact": "ingen", "strength": 3}]})
    assert bad.status_code == 422 and bad.json()["problems"][0]["path"] == "svar 1, kontakt"
    ok = s.c.post("/api/v1/survey-form", headers=s.as_(tokens[a]), json={"answers": [
        {"contact": b, "strength": 4, "last_contact": "2026-02-15", "kind": "collaboration"},
        {"contact": c, "strength": 2}]})
    assert ok.status_code == 200 and ok.json()["stored"] == 2
    # One use: the link no longer opens.
    assert s.c.get("/api/v1/survey-form", headers=s.as_(tokens[a])).status_code == 404

    status = s.c.get("/api/v1/surveys/kl-2026", headers=s.admin).json()
    assert (status["invited"], status["answered"]) == (len(tokens), 1)
    assert sum(o["answered"] for o in status["organisations"]) == 1

    reminded = s.c.post("/api/v1/surveys/kl-2026/reminders", headers=s.admin).json()
    links = {i["person"]: i["link"].split("#", 1)[1] for i in reminded["reminded"]}
    assert a not in links and b in links and "e-post" in reminded["note"]
    assert s.c.get("/api/v1/survey-form", headers=s.as_(tokens[b])).status_code == 404
    assert s.c.get("/api/v1/surveys/kl-2026", headers=s.admin).json()["reminders"] == \
        len(tokens) - 1
    assert s.c.post("/api/v1/survey-form", headers=s.as_(links[b]), json={"answers": [
        {"contact": a, "strength": 3, "last_contact": "2026-02-20"}]}).status_code == 200

    # Nothing is in the graph before the round closes.
    assert "Kontaktenkät" not in str(_tie_or_none(s, a, c))
    job = s.finished(s.c.post("/api/v1/surveys/kl-2026/close", headers=s.admin).json())
    assert job["state"] == "done" and job["result"]["ties"] == 2
    assert job["result"]["one_sided"] == 1
    ab, ac = _tie(s, a, b), _tie(s, a, c)
    assert ab.strength == 4 and ab.last_contact == date(2026, 2, 20)
    assert ab.description == (f"Kontaktenkät kl-2026 (2026-03-02): svar från "
                              f"{' och '.join(sorted((a, b)))}; angiven av båda")
    assert ac.description == f"Kontaktenkät kl-2026 (2026-03-02): svar från {a}; " \
        "angiven av en sida"
    other = next(p for p in links if p != b)
    assert s.c.get("/api/v1/survey-form", headers=s.as_(links[other])).status_code == 404

    # A second round, compared with the first.
    s.day = date(2026, 9, 1)
    second = s.open("kl-2026-host", closes="2026-09-30")
    s.c.post("/api/v1/survey-form", headers=s.as_(second[a]),
             json={"answers": [{"contact": c, "strength": 5}]})
    r = s.c.get("/api/v1/surveys/kl-2026-host/comparison", headers=s.admin)
    assert r.status_code == 409  # still open
    s.finished(s.c.post("/api/v1/surveys/kl-2026-host/close", headers=s.admin).json())
    diff = s.c.get("/api/v1/surveys/kl-2026-host/comparison", headers=s.admin).json()
    assert diff["previous"] == "kl-2026"
    assert [(d["before"], d["after"]) for d in diff["changed"]] == [(2, 5)]
    assert [{d["a"], d["b"]} for d in diff["gone"]] == [{a, b}]
    assert diff["respondents"] == {"round": 1, "previous": 2}


def _tie_or_none(s: Survey, x: str, y: str) -> Any:
    return next((t for t in s.store.read().ties if {t.a, t.b} == {x, y}), None)


def test_links_expire_and_only_admins_manage(s: Survey) -> None:
    tokens = s.open("kort", closes="2026-03-05")
    token = next(iter(tokens.values()))
    assert s.c.get("/api/v1/survey-form", headers=s.as_(token)).status_code == 200
    s.day = date(2026, 3, 6)
    assert s.c.get("/api/v1/survey-form", headers=s.as_(token)).status_code == 404
    assert s.c.get("/api/v1/survey-form", headers=s.as_("gissning")).status_code == 404
    assert s.c.get("/api/v1/surveys", headers=s.staff).status_code == 403
    assert s.c.post("/api/v1/surveys", headers=s.admin, json={
        "id": "gammal", "title": "T", "purpose": "P", "organisations": ["kl"],
        "closes": "2026-01-01"}).json()["problems"][0]["path"] == "closes"


def test_erasure_removes_the_persons_survey_answers(s: Survey) -> None:
    tokens = s.open("kl-2026")
    a, b, _ = _three_parties(s, tokens)
    s.c.post("/api/v1/survey-form", headers=s.as_(tokens[a]),
             json={"answers": [{"contact": b, "strength": 4}]})
    s.c.post("/api/v1/survey-form", headers=s.as_(tokens[b]),
             json={"answers": [{"contact": a, "strength": 2}]})
    records = s.app.state.survey_records
    assert records.held_about(a) == 3  # a's invitation, a's answer, b's answer about a
    assert s.c.delete(f"/api/v1/people/{a}", headers=s.admin).status_code == 200
    assert records.held_about(a) == 0
    assert records.held_about(b) == 1  # b's invitation stays; the answer about a is gone
    job = s.finished(s.c.post("/api/v1/surveys/kl-2026/close", headers=s.admin).json())
    assert job["result"]["ties"] == 0

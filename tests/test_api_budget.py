"""Queries past the service's time or memory budget answer 503 in Swedish, naming the
limit and the setting that sets it (issue 17, item 8); the service goes on answering."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.model.generator import generate
from graph.store.sqlite_store import SQLiteStore


def _client(tmp_path: Path, people: int = 2000, **settings: float
            ) -> tuple[TestClient, dict[str, str], str]:
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(generate(people, seed=2, national=True))
    access = AccessLog(db)
    headers = {"Authorization": f"Bearer {access.add_user('chef', Role.DIRECTOR)}"}
    source = next(p.id for p in store.read().people if not p.organisation.startswith("fk"))
    return TestClient(create_app(store, access, Settings(db=db, **settings))), headers, source


def test_a_path_query_past_the_time_budget_answers_503_naming_the_limit(
        tmp_path: Path) -> None:
    # Nothing built yet: the projection and the path index take far longer than 1 ms.
    client, headers, source = _client(tmp_path, query_budget_s=0.001)
    r = client.get("/api/v1/paths", params={"from": source, "to": "org:fk"}, headers=headers)
    assert r.status_code == 503
    body = r.json()
    assert body["error"] == "query_budget_exceeded"
    assert "tidsgräns på 0.001 s (SAMVERKAN_QUERY_BUDGET_S)" in body["detail"]
    assert body["detail"].startswith("Frågan tog längre tid än tjänstens")
    # Within a budget that fits, the same question is answered.
    client.app.state.settings.query_budget_s = 120  # type: ignore[attr-defined]
    r = client.get("/api/v1/paths", params={"from": source, "to": "org:fk"}, headers=headers)
    assert r.status_code == 200 and r.json()


def test_a_report_past_the_memory_budget_answers_503_up_front(tmp_path: Path) -> None:
    # A connected network of 6,000 people is past the exact work budget, so sampled; its
    # arrays need far more than 1 MiB, which the report knows before it starts.
    client, headers, _ = _client(tmp_path, 6000, memory_budget_mb=1, query_budget_s=120)
    r = client.get("/api/v1/analyses/spanners", headers=headers)
    assert r.status_code == 503
    detail = r.json()["detail"]
    assert "beräknas behöva" in detail
    assert "minnesgräns på 1 MiB (SAMVERKAN_MEMORY_BUDGET_MB)" in detail
    assert client.get("/health").json() == {"status": "ok"}

"""Förändringar opens on the latest changes: without days, the changes route answers for
the 30 days up to the store's day (frozen at 2026-01-01 in tests), the same answer as
those days asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore


def test_without_days_the_changes_are_the_last_30_days(tmp_path: Path,
                                                       small: dict[str, Any]) -> None:
    # Bo leaves DUA Lomma in December: Lomma's seat there is empty within the month.
    small["memberships"][1]["until"] = "2025-12-15"
    store = SQLiteStore(tmp_path / "c.db")
    store.write(small)
    access = AccessLog(tmp_path / "c.db")
    headers = {"Authorization": f"Bearer {access.add_user('chef', Role.DIRECTOR)}"}
    c = TestClient(create_app(store, access, Settings(db=tmp_path / "c.db")))
    latest = c.get("/api/v1/analyses/changes", headers=headers)
    assert latest.status_code == 200, latest.text
    body = latest.json()
    assert (body["from"], body["to"]) == ("2025-12-02", "2026-01-01")
    assert [s["explanation"] for s in body["seats"]] and "Bo" in body["seats"][0]["explanation"]
    asked = c.get("/api/v1/analyses/changes", headers=headers,
                  params={"from": "2025-12-02", "to": "2026-01-01"})
    assert asked.json() == body
    # One day given: the other is still the default's.
    only_to = c.get("/api/v1/analyses/changes", headers=headers, params={"to": "2025-12-10"})
    assert (only_to.json()["from"], only_to.json()["to"]) == ("2025-11-10", "2025-12-10")
    store.close()
    access.close()


def test_days_in_the_wrong_order_are_said_in_swedish(tmp_path: Path,
                                                     small: dict[str, Any]) -> None:
    store = SQLiteStore(tmp_path / "c.db")
    store.write(small)
    access = AccessLog(tmp_path / "c.db")
    headers = {"Authorization": f"Bearer {access.add_user('chef', Role.DIRECTOR)}"}
    c = TestClient(create_app(store, access, Settings(db=tmp_path / "c.db")))
    r = c.get("/api/v1/analyses/changes", headers=headers,
              params={"from": "2025-12-10", "to": "2025-12-01"})
    assert r.status_code == 422, r.text
    # The sentence names the days, and the field by the form's label ("Till"); the
    # problem's path keeps the API's parameter for clients.
    assert r.json()["detail"] == "Till: slutdagen 2025-12-01 är före startdagen 2025-12-10"
    assert r.json()["problems"] == [{"path": "to", "field": "Till", "message":
                                     "slutdagen 2025-12-01 är före startdagen 2025-12-10"}]
    # A query parameter FastAPI refuses is named by its label too.
    r = c.get("/api/v1/analyses/changes", headers=headers, params={"from": "igår"})
    assert r.status_code == 422, r.text
    assert r.json()["problems"][0]["path"] == "query.from"
    assert r.json()["problems"][0]["field"] == "Från"
    assert r.json()["detail"].startswith("Från: ")
    store.close()
    access.close()


def test_a_person_the_network_lacks_is_named_by_the_pages_field(
        tmp_path: Path, small: dict[str, Any]) -> None:
    """Efterträdare's field is "Person som slutar"; the answer said "person: okänd ..."."""
    store = SQLiteStore(tmp_path / "c.db")
    store.write(small)
    access = AccessLog(tmp_path / "c.db")
    headers = {"Authorization": f"Bearer {access.add_user('chef', Role.DIRECTOR)}"}
    c = TestClient(create_app(store, access, Settings(db=tmp_path / "c.db")))
    r = c.get("/api/v1/analyses/succession/spöke", headers=headers)
    assert r.status_code == 404, r.text
    assert r.json()["detail"] == "Person som slutar: okänd person 'spöke'"
    # Kontaktvägar asks "Jag är" for the API's "from".
    r = c.get("/api/v1/paths", headers=headers, params={"from": "spöke", "to": "bo"})
    assert r.status_code == 404, r.text
    assert r.json()["detail"].startswith("Jag är: "), r.text
    store.close()
    access.close()

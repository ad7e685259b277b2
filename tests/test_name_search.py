"""Typed searches find names whatever the case, accents or spacing (graph.model.name_search):
the people pickers (Efterträdare, the person card) and Redigera's rows search alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.model.name_search import fold
from graph.store.sqlite_store import SQLiteStore


def test_fold_drops_case_accents_and_repeated_spaces() -> None:
    assert fold("  Åsa   ÖSTLUND ") == "asa ostlund"
    assert fold("José Müller") == "jose muller"
    assert fold("p-12") == "p-12"


def test_the_people_search_ignores_accents(tmp_path: Path, small: dict[str, Any]) -> None:
    small["people"].append({"id": "p-ost", "name": "Åsa Östlund", "organisation": "lomma"})
    store = SQLiteStore(tmp_path / "n.db")
    store.write(small)
    access = AccessLog(tmp_path / "n.db")
    headers = {"Authorization": f"Bearer {access.add_user('chef', Role.DIRECTOR)}"}
    c = TestClient(create_app(store, access, Settings(db=tmp_path / "n.db")))
    for typed in ("ostlund", "ÅSA öst", "asa  ostlund", "p-OST"):
        got = c.get("/api/v1/people", params={"q": typed}, headers=headers)
        assert got.status_code == 200, got.text
        assert [p["id"] for p in got.json()["items"]] == ["p-ost"], typed
    store.close()
    access.close()

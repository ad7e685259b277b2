"""Imports that once crashed: every one is now a located error (exit 2 / HTTP 422), and no
error message quotes more than a short excerpt of the input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore

ORG = "organisations:\n  - id: af\n    name: AF\n"
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n"
    for a, b in zip("abcdefgh", "bcdefghi", strict=True)) + "people: [*i]\n"

HOSTILE: dict[str, bytes] = {
    # Written as the README writes dates, unquoted: YAML itself would parse it as a date.
    "impossible-date.yaml": (ORG + "people:\n  - id: p1\n    name: P\n    organisation: af\n"
                             "    since: 2025-02-30\n").encode(),
    "deep.json": ("[" * 100_000 + "]" * 100_000).encode(),
    "deep-in-row.json": json.dumps({"people": [{"id": "p", "name": "P", "organisation": "af",
                                               "title": "x"}]}).replace(
        '"x"', "[" * 500 + "]" * 500).encode(),
    "deep.yaml": ("people: " + "[" * 5000 + "]" * 5000).encode(),
    "aliases.yaml": BILLION_LAUGHS.encode(),
    "huge-name.json": json.dumps({"organisations": [{"id": "af", "name": "A" * 10_000_000,
                                                     "kind": 7}]}).encode(),
    "huge-kind.json": json.dumps({"organisations": [{"id": "af", "name": "AF",
                                                     "kind": "k" * 1_000_000}]}).encode(),
    "many-problems.json": json.dumps({"ties": [{"a": "x", "b": "x"}] * 5000}).encode(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_cli_import_names_the_problem_and_exits_2(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(tmp_path / "x.db"), "import", str(path), "--json"])
    assert exited.value.code == 2
    err = json.loads(capsys.readouterr().err)
    assert len(json.dumps(err)) < 20_000, "the error quotes the input"
    assert err["problems"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[str, str]]:
    db = tmp_path_factory.mktemp("imports") / "i.db"
    access = AccessLog(db)
    token = access.add_user("admin", Role.ADMIN)
    app = create_app(SQLiteStore(db), access, Settings(db=db, max_import_mb=20))
    return TestClient(app), {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_api_import_answers_422_with_a_short_message(
        name: str, client: tuple[TestClient, dict[str, str]]) -> None:
    http, admin = client
    r = http.post("/api/v1/import", content=HOSTILE[name], headers=admin)
    assert r.status_code == 422, r.text[:500]
    assert len(r.content) < 20_000


def test_the_impossible_date_is_located(client: tuple[TestClient, dict[str, str]]) -> None:
    http, admin = client
    r = http.post("/api/v1/import", content=HOSTILE["impossible-date.yaml"], headers=admin)
    problem = r.json()["problems"][0]
    assert problem["path"] == "people[0].since" and "2025-02-30" in problem["message"]


def test_aliases_are_refused_by_name(client: tuple[TestClient, dict[str, str]]) -> None:
    http, admin = client
    r = http.post("/api/v1/import", content=HOSTILE["aliases.yaml"], headers=admin)
    assert "alias" in r.json()["detail"]


def test_a_put_body_with_a_huge_field_is_answered_briefly(
        client: tuple[TestClient, dict[str, str]]) -> None:
    http, admin = client
    body: dict[str, Any] = {"id": "af", "name": "AF", "kind": "x" * 500_000}
    r = http.put("/api/v1/organisations/af", json=body, headers=admin)
    assert r.status_code in (413, 422) and len(r.content) < 5_000

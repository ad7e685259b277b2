"""A staff list that would end most of a party: a file of only the new hires shows in the
preview how many it ends of how many, and is written only when confirmed (API, CLI, HTTP).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from graph.core.access import AccessLog, Role
from graph.core.errors import DocumentError
from graph.model.staff_list import apply, plan, read_staff_export
from graph.store.sqlite_store import SQLiteStore
from graph.store.staff_links import StaffLinks

DAY = date(2026, 3, 1)
STAFF = [f"Person {i}" for i in range(6)]
PARTY = {"organisations": [{"id": "af", "name": "AF", "kind": "agency"},
                           {"id": "lomma", "name": "Lomma", "kind": "municipality"}],
         "people": [{"id": f"p{i}", "name": name, "organisation": "af", "since": "2020-01-01"}
                    for i, name in enumerate(STAFF)]
         + [{"id": "gone", "name": "Gone", "organisation": "af", "until": "2024-01-01"},
            {"id": "bo", "name": "Bo", "organisation": "lomma"}]}


def export(names: list[str]) -> bytes:
    return ("namn;e-post\n" + "".join(f"{n};{n.replace(' ', '.').lower()}@af.se\n"
                                      for n in names)).encode()


@pytest.fixture
def env(tmp_path: Path) -> tuple[SQLiteStore, StaffLinks]:
    store = SQLiteStore(tmp_path / "s.db")
    store.write(PARTY)
    return store, StaffLinks(tmp_path / "s.db")


def still_current(store: SQLiteStore) -> int:
    return sum(1 for p in store.read().people if p.organisation == "af" and p.until is None)


def test_only_new_hires_would_end_most_and_need_confirmation(
        env: tuple[SQLiteStore, StaffLinks]) -> None:
    store, links = env
    # Two of the six current staff and one new hire: four would end.
    staged = plan(store, links, "af", read_staff_export(export([*STAFF[:2], "Ny Nilsson"])),
                  DAY)
    shown = staged.as_dict()
    assert (shown["counts"]["end"], shown["current"], shown["confirm_ends_needed"]) == (
        4, 6, True)
    assert shown["warning"].startswith("Listan avslutar 4 av 6 nuvarande anställda i af")
    before = (store.revision(), store.counts())
    with pytest.raises(DocumentError) as err:
        apply(store, links, staged)
    assert err.value.problems[0].path == "confirm_ends"
    assert err.value.problems[0].message.endswith("Ingenting skrevs.")
    assert (store.revision(), store.counts()) == before and still_current(store) == 6
    assert links.count("p0") == 0  # nor the keys
    assert apply(store, links, staged, confirm_ends=True)["end"] == 4
    assert still_current(store) == 3  # the two kept and the new hire


def test_half_or_fewer_needs_no_confirmation(env: tuple[SQLiteStore, StaffLinks]) -> None:
    store, links = env
    staged = plan(store, links, "af", read_staff_export(export(STAFF[:3])), DAY)
    assert (staged.counts()["end"], staged.current, staged.as_dict()["warning"]) == (3, 6, None)
    apply(store, links, staged)
    assert still_current(store) == 3


def test_http_and_cli_ask_for_the_confirmation(
        env: tuple[SQLiteStore, StaffLinks], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    store, _ = env
    body = export(["Ny Nilsson"])
    access = AccessLog(tmp_path / "s.db")
    headers = {"Authorization": f"Bearer {access.add_user('admin', Role.ADMIN)}",
               "X-Purpose": "administration"}
    c = TestClient(create_app(store, access))
    params: dict[str, Any] = {"organisation": "af", "day": DAY.isoformat()}
    preview = c.post("/api/v1/staff-lists/preview", content=body, params=params,
                     headers=headers).json()
    assert preview["confirm_ends_needed"] is True and preview["counts"]["end"] == 6
    params["revision"] = preview["revision"]
    refused = c.post("/api/v1/staff-lists/apply", content=body, params=params,
                     headers=headers)
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["path"] == "confirm_ends"
    assert still_current(store) == 6

    path = tmp_path / "hr.csv"
    path.write_bytes(body)
    db = str(tmp_path / "s.db")
    args = ["--db", db, "staff", "import", str(path), "--organisation", "af",
            "--day", DAY.isoformat()]
    main(args)
    out = capsys.readouterr().out
    assert "6 av 6 nuvarande avslutas" in out and "Varning: Listan avslutar 6 av 6" in out
    with pytest.raises(SystemExit) as exit_:
        main([*args, "--apply"])
    assert exit_.value.code != 0
    assert "confirm_ends" in "".join(capsys.readouterr())
    assert still_current(SQLiteStore(db)) == 6
    main([*args, "--apply", "--confirm-ends", "--json"])
    assert json.loads(capsys.readouterr().out)["applied"] is True
    assert still_current(SQLiteStore(db)) == 1  # only the new hire
    access.close()

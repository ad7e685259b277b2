"""Editing in the web interface's API: Swedish errors, undo of the last change, history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore


@pytest.fixture
def api(tmp_path: Path, small: dict[str, Any]) -> tuple[TestClient, dict[str, str],
                                                       SQLiteStore]:
    store = SQLiteStore(tmp_path / "e.db")
    store.write(small)
    access = AccessLog(tmp_path / "e.db")
    headers = {"Authorization": f"Bearer {access.add_user('redaktör', Role.ADMIN)}"}
    return TestClient(create_app(store, access, Settings(db=tmp_path / "e.db"))), headers, \
        store


def test_edit_undo_and_history(api: tuple[TestClient, dict[str, str], SQLiteStore]) -> None:
    c, h, store = api
    # A forum member: chair, representing a party, with a period.
    member = {"person": "bo", "group": "dua", "as": "deputy", "represents": "lomma",
              "since": "2024-01-01"}
    r = c.put("/api/v1/edit", json={"section": "memberships", "row": member}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["before"] == {} and r.json()["user"] == "redaktör"

    changed = {"id": "bo", "name": "Bo Lind", "organisation": "lomma", "title": "förvaltningschef"}
    r = c.put("/api/v1/edit", json={"section": "people", "row": changed}, headers=h)
    assert r.json()["before"]["people"][0]["title"] == "enhetschef"
    assert next(p for p in store.read().people if p.id == "bo").title == "förvaltningschef"

    # Undo restores the title; a second undo removes the membership added first.
    assert c.post("/api/v1/edit/undo", headers=h).status_code == 200
    assert next(p for p in store.read().people if p.id == "bo").title == "enhetschef"
    assert c.post("/api/v1/edit/undo", headers=h).status_code == 200
    assert len(store.read().memberships) == 2
    r = c.post("/api/v1/edit/undo", headers=h)
    assert r.status_code == 404 and "ingen ändring att ångra" in r.json()["detail"]

    history = c.get("/api/v1/edit/history", headers=h).json()
    assert [(e["action"], e["section"], e["undone"]) for e in history] == [
        ("undo", "memberships", False), ("undo", "people", False),
        ("put", "people", True), ("put", "memberships", True)]
    assert all(e["user"] == "redaktör" and e["at"] for e in history)


def test_errors_are_swedish_and_name_the_field(api: tuple[TestClient, dict[str, str],
                                                          SQLiteStore]) -> None:
    c, h, store = api
    revision = store.revision()
    bad = {"id": "ny", "name": "Ny", "organisation": "afx", "since": "igår"}
    r = c.put("/api/v1/edit", json={"section": "people", "row": bad}, headers=h)
    assert r.status_code == 422
    assert {(p["path"], p["message"]) for p in r.json()["problems"]} == {
        ("since", "ska vara ett datum ÅÅÅÅ-MM-DD, inte 'igår'")}
    r = c.put("/api/v1/edit", json={"section": "people", "row": {**bad, "since": "2024-01-01"}},
              headers=h)
    assert [(p["path"], p["message"]) for p in r.json()["problems"]] == [
        ("organisation", "okänd organisation 'afx'")]
    # Named as the form labels it, where the page says a problem in its status line.
    assert r.json()["problems"][0]["field"] == "Organisation"
    assert r.json()["detail"] == "Organisation: okänd organisation 'afx'"
    role = {"id": "kontakt", "name": "Kontakt", "holders": ["anna", "spöke"]}
    r = c.put("/api/v1/edit", json={"section": "roles", "row": role}, headers=h)
    assert r.json()["problems"][0] == {"path": "holders (värde 2)",
                                       "message": "okänd person 'spöke'"}
    r = c.delete("/api/v1/edit", params={"section": "organisations", "key": "lomma"},
                 headers=h)
    assert r.status_code == 409 and "används fortfarande" in r.json()["detail"]
    r = c.delete("/api/v1/edit", params={"section": "people", "key": "bo"}, headers=h)
    assert r.status_code == 409 and "radering" in r.json()["detail"]
    assert store.revision() == revision


def test_delete_undo_and_a_later_write_blocks_undo(api: tuple[TestClient, dict[str, str],
                                                              SQLiteStore]) -> None:
    c, h, store = api
    r = c.delete("/api/v1/edit", params={"section": "ties", "key": "anna/bo/meeting"},
                 headers=h)
    assert r.status_code == 200 and store.read().ties == []
    assert c.post("/api/v1/edit/undo", headers=h).status_code == 200
    assert store.read().ties[0].strength == 3
    c.delete("/api/v1/edit", params={"section": "ties", "key": "anna/bo/meeting"}, headers=h)
    store.write({"organisations": [{"id": "ny", "name": "Ny"}]})  # e.g. an import
    r = c.post("/api/v1/edit/undo", headers=h)
    assert r.status_code == 409 and "kan inte längre ångras" in r.json()["detail"]


def test_erasure_removes_the_person_from_the_history(api: tuple[TestClient, dict[str, str],
                                                                SQLiteStore]) -> None:
    c, h, _ = api
    row = {"id": "bo", "name": "Bo Lind", "organisation": "lomma", "title": "chef"}
    c.put("/api/v1/edit", json={"section": "people", "row": row}, headers=h)
    c.put("/api/v1/edit", json={"section": "organisations",
                                "row": {"id": "ny", "name": "Ny"}}, headers=h)
    assert c.delete("/api/v1/people/bo", headers=h).status_code == 200
    history = c.get("/api/v1/edit/history", headers=h).json()
    assert [e["section"] for e in history] == ["organisations"]
    assert "Bo Lind" not in str(history)


def test_schema_lists_fields_choices_and_references(
        api: tuple[TestClient, dict[str, str], SQLiteStore]) -> None:
    c, h, _ = api
    schema = c.get("/api/v1/edit/schema", headers=h).json()
    fields = {f["key"]: f for f in schema["memberships"]["fields"]}
    assert fields["as"]["choices"] == ["chair", "member", "deputy"]
    assert fields["represents"]["refers_to"] == ["organisations"]
    assert fields["person"]["required"] is True
    assert {f["key"]: f["kind"] for f in schema["roles"]["fields"]}["holders"] == "list"


def test_undo_is_offered_only_while_there_is_a_change_to_undo(
        api: tuple[TestClient, dict[str, str], SQLiteStore]) -> None:
    """The editor's Ångra button asks first: nothing to undo, then the membership just
    added (named), then nothing again once it is undone, and why after an import."""
    c, h, store = api
    assert c.get("/api/v1/edit/undo", headers=h).json() == {
        "change": None, "reason": "det finns ingen ändring att ångra"}
    member = {"person": "bo", "group": "dua", "as": "deputy", "since": "2024-01-01"}
    c.put("/api/v1/edit", json={"section": "memberships", "row": member}, headers=h)
    assert c.get("/api/v1/edit/undo", headers=h).json() == {"reason": None, "change": {
        "section": "memberships", "key": "bo/dua/2024-01-01",
        "names": {"bo": "Bo Lind", "dua": "DUA Lomma"}}}
    assert c.post("/api/v1/edit/undo", headers=h).status_code == 200
    assert c.get("/api/v1/edit/undo", headers=h).json()["change"] is None
    c.put("/api/v1/edit", json={"section": "memberships", "row": member}, headers=h)
    store.write({"organisations": [{"id": "ny", "name": "Ny"}]})  # e.g. an import
    offered = c.get("/api/v1/edit/undo", headers=h).json()
    assert offered["change"] is None and "kan inte längre ångras" in offered["reason"]


def test_rows_and_changes_name_the_ids_they_hold(
        api: tuple[TestClient, dict[str, str], SQLiteStore]) -> None:
    """The editor shows names where the rows hold ids; a row deleted since is still named
    by its change, and an id that names nothing is left out (the page shows the id)."""
    c, h, _ = api
    page = c.get("/api/v1/edit/rows", params={"section": "memberships"}, headers=h).json()
    assert page["names"] == {"anna": "Anna Ek", "bo": "Bo Lind", "dua": "DUA Lomma",
                             "af": "Arbetsförmedlingen", "lomma": "Lomma kommun"}
    roles = c.get("/api/v1/edit/rows", params={"section": "roles"}, headers=h).json()
    assert roles["names"] == {"kontakt": "Strategisk kontaktperson",
                              "af-lund": "AF Lundaregionen", "anna": "Anna Ek"}
    c.put("/api/v1/edit", json={"section": "organisations",
                                "row": {"id": "ny", "name": "Nya enheten"}}, headers=h)
    c.delete("/api/v1/edit", params={"section": "organisations", "key": "ny"}, headers=h)
    deleted, added = c.get("/api/v1/edit/history", headers=h).json()
    assert deleted["action"] == "delete" and deleted["names"] == {"ny": "Nya enheten"}
    assert added["names"] == {"ny": "Nya enheten"}


@pytest.mark.parametrize(("section", "typed", "keys"), [
    # A tie and a membership hold ids; the admin types the name the list shows.
    ("ties", "bo lind", ["anna/bo/meeting"]),
    ("memberships", "ARBETSFÖRMEDLINGEN", ["anna/dua/"]),
    # Accents and spacing ignored, as the people pickers do (name_search.fold).
    ("memberships", "arbetsformedlingen", ["anna/dua/"]),
    ("participations", "  cia   HOLM ", ["cia/kartan/"]),
    # Ids are still found, and a name no row refers to finds nothing.
    ("ties", "anna", ["anna/bo/meeting"]),
    ("ties", "Cia Holm", []),
])
def test_the_row_search_finds_the_names_of_the_ids_a_row_holds(
        api: tuple[TestClient, dict[str, str], SQLiteStore], section: str, typed: str,
        keys: list[str]) -> None:
    c, h, _ = api
    page = c.get("/api/v1/edit/rows", params={"section": section, "q": typed}, headers=h)
    assert page.status_code == 200, page.text
    assert [i["key"] for i in page.json()["items"]] == keys
    assert page.json()["total"] == len(keys)


def test_the_editors_audit_entries_name_people_by_pseudonym(
        api: tuple[TestClient, dict[str, str], SQLiteStore], tmp_path: Path) -> None:
    """The editor's writes, deletes and undos name the person of a row (or of a link
    row's key) as the other routes do: by pseudonym, so that an erasure leaves no entry
    naming them (README: the audit log names people only by keyed pseudonyms)."""
    c, h, store = api
    access = AccessLog(tmp_path / "e.db")
    member = {"person": "bo", "group": "dua", "as": "deputy", "represents": "lomma",
              "since": "2024-01-01"}
    assert c.put("/api/v1/edit", json={"section": "memberships", "row": member},
                 headers=h).status_code == 200
    assert c.put("/api/v1/edit", json={"section": "people", "row": {
        "id": "bo", "name": "Bo Lind", "organisation": "lomma", "title": "chef"}},
        headers=h).status_code == 200
    assert c.post("/api/v1/edit/undo", headers=h).status_code == 200
    assert c.delete("/api/v1/edit", params={"section": "memberships",
                                            "key": "bo/dua/2024-01-01"},
                    headers=h).status_code == 200
    bo = access.pseudonyms.of("person", "bo")
    entries = [e for e in access.entries(limit=100) if e.action.startswith("edit_")
               and e.action not in ("edit_history", "edit_list_people")]
    assert [(e.action, e.target) for e in reversed(entries)] == [
        ("edit_memberships", f"{bo}/dua/2024-01-01"), ("edit_people", bo),
        ("edit_undo", bo), ("edit_delete_memberships", f"{bo}/dua/2024-01-01")]
    # Organisations and groups are not people: named as they are.
    lomma = next(o for o in store.read().organisations if o.id == "lomma")
    assert c.put("/api/v1/edit", json={"section": "organisations", "row": lomma.model_dump(
        mode="json", by_alias=True, exclude_unset=True)}, headers=h).status_code == 200
    assert access.entries(limit=1)[0].target == "lomma"
    access.close()

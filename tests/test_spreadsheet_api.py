"""Spreadsheets and staff lists over HTTP: jobs with progress, cancel, preview and apply."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.model.document import load_document, to_data
from graph.store.sqlite_store import SQLiteStore


@pytest.fixture
def client(tmp_path: Path, small: dict[str, Any]) -> tuple[TestClient, dict[str, str],
                                                          SQLiteStore]:
    store = SQLiteStore(tmp_path / "a.db")
    store.write(small)
    access = AccessLog(tmp_path / "a.db")
    headers = {"Authorization": f"Bearer {access.add_user('admin', Role.ADMIN)}"}
    app = create_app(store, access, Settings(db=tmp_path / "a.db"))
    return TestClient(app), headers, store


def _finished(c: TestClient, headers: dict[str, str], job: dict[str, Any]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while job["state"] == "running":
        assert time.monotonic() < deadline, job
        time.sleep(0.02)
        job = c.get(f"/api/v1/jobs/{job['id']}", headers=headers).json()
    return job


def test_workbook_export_and_import_through_jobs(client: tuple[TestClient, dict[str, str],
                                                               SQLiteStore],
                                                 small: dict[str, Any]) -> None:
    c, headers, store = client
    book = c.get("/api/v1/export/xlsx", headers=headers)
    assert book.status_code == 200 and book.content[:2] == b"PK"
    wb = load_workbook(io.BytesIO(book.content))
    wb["people"]["C3"] = "afx"
    bad = io.BytesIO()
    wb.save(bad)
    revision = store.revision()
    r = c.post("/api/v1/import/spreadsheet", content=bad.getvalue(), headers=headers)
    assert r.status_code == 202
    job = _finished(c, headers, r.json())
    assert job["state"] == "failed"
    assert job["problems"] == [{"path": "people, rad 3, kolumn organisation",
                                "message": "okänd organisation 'afx'; "
                                           "menade du 'af' (Arbetsförmedlingen)?"}]
    assert store.revision() == revision

    good = c.post("/api/v1/import/spreadsheet", content=book.content, headers=headers,
                  params={"replace": True}).json()
    job = _finished(c, headers, good)
    assert job["state"] == "done" and job["result"]["total"] == 13
    # The export read back in changes nothing: the page says so, not "13 rader".
    assert job["result"]["changes"] == {"added": 0, "changed": 0, "unchanged": 13,
                                        "removed": 0}
    assert to_data(store.read()) == to_data(load_document(small))

    csv = b"id,name,organisation\nny,Ny Person,lomma\n"
    job = _finished(c, headers, c.post("/api/v1/import/spreadsheet", content=csv,
                                       params={"section": "people"}, headers=headers).json())
    assert job["state"] == "done" and any(p.id == "ny" for p in store.read().people)
    r = c.post("/api/v1/import/spreadsheet", content=csv, headers=headers)
    assert r.status_code == 422 and r.json()["problems"][0]["path"] == "section"

    template = c.get("/api/v1/spreadsheet/template", headers=headers)
    assert load_workbook(io.BytesIO(template.content)).sheetnames[0] == "Instruktioner"


def test_an_import_says_what_it_added_changed_and_left(
        client: tuple[TestClient, dict[str, str], SQLiteStore]) -> None:
    """Counted against the store before the write, by natural key: bo as stored, anna with
    another title, a new person; a replacing import also counts the rows it removed."""
    c, headers, store = client
    csv = (b"id,name,organisation,title,since\nbo,Bo Lind,lomma,enhetschef,\n"
           b"anna,Anna Ek,af-lund,avdelningschef,2019-09-01\nny,Ny Person,lomma,,\n")
    job = _finished(c, headers, c.post("/api/v1/import/spreadsheet", content=csv,
                                       params={"section": "people"}, headers=headers).json())
    assert job["state"] == "done", job
    assert job["result"]["total"] == 3
    assert job["result"]["changes"] == {"added": 1, "changed": 1, "unchanged": 1,
                                        "removed": 0}
    people = {p.id: p for p in store.read().people}
    assert people["anna"].title == "avdelningschef" and "ny" in people


def test_a_cancelled_job_writes_nothing(client: tuple[TestClient, dict[str, str],
                                                      SQLiteStore]) -> None:
    c, headers, store = client
    app: Any = c.app
    from graph.core.progress import Progress

    gate = __import__("threading").Event()

    def slow(progress: Progress) -> None:
        gate.wait(10)
        progress.step()  # the cancellation takes effect here, before any write
        store.write({"people": [{"id": "never", "name": "N", "organisation": "lomma"}]})

    job = app.state.jobs.start("import", "admin", slow)
    cancelled = c.delete(f"/api/v1/jobs/{job.id}", headers=headers).json()
    gate.set()
    assert _finished(c, headers, cancelled)["state"] == "cancelled"
    assert not any(p.id == "never" for p in store.read().people)
    assert c.get("/api/v1/jobs/999", headers=headers).status_code == 404


def test_staff_list_preview_then_apply_over_http(client: tuple[TestClient, dict[str, str],
                                                               SQLiteStore]) -> None:
    c, headers, store = client
    export = b"namn;e-post;titel\nAnna Ek;anna@af.se;chef\nNy Nilsson;ny@af.se;\n"
    params = {"organisation": "af", "day": "2026-03-01"}
    preview = c.post("/api/v1/staff-lists/preview", content=export, params=params,
                     headers=headers).json()
    # Cia left in 2019; Anna is matched on her name; Ny is new. Nobody else is in af.
    assert preview["counts"] == {"add": 1, "update": 1, "end": 0, "return": 0,
                                 "unchanged": 0}
    people_before = len(store.read().people)
    store.write({"people": [{"id": "z", "name": "Z", "organisation": "lomma"}]})
    stale = c.post("/api/v1/staff-lists/apply", content=export, headers=headers,
                   params={**params, "revision": preview["revision"]})
    assert stale.status_code == 409
    preview = c.post("/api/v1/staff-lists/preview", content=export, params=params,
                     headers=headers).json()
    done = c.post("/api/v1/staff-lists/apply", content=export, headers=headers,
                  params={**params, "revision": preview["revision"]}).json()
    assert done["applied"]["add"] == 1
    people = {p.id: p for p in store.read().people}
    assert len(people) == people_before + 2 and people["anna"].title == "chef"

    # Erasing a person also forgets their staff-list keys.
    links: Any = c.app.state.staff_links  # type: ignore[attr-defined]
    assert links.count("anna") == 1
    assert c.delete("/api/v1/people/anna", headers=headers).status_code == 200
    assert links.count("anna") == 0


def test_a_staff_list_applied_as_a_job_with_progress_and_cancel(
        client: tuple[TestClient, dict[str, str], SQLiteStore]) -> None:
    """``background=true``: the apply is a job of the one registry (its rows compared, then
    written); cancelled, it writes nothing, not even the staff-list keys."""
    c, headers, store = client
    params = {"organisation": "af", "day": "2026-03-01"}
    export = b"namn;e-post;titel\nAnna Ek;anna@af.se;chef\nNy Nilsson;ny@af.se;\n"
    preview = c.post("/api/v1/staff-lists/preview", content=export, params=params,
                     headers=headers).json()
    started = c.post("/api/v1/staff-lists/apply", content=export, headers=headers,
                     params={**params, "revision": preview["revision"], "background": True})
    assert started.status_code == 202 and started.json()["kind"] == "staff_apply"
    job = _finished(c, headers, started.json())
    assert job["state"] == "done" and job["result"]["applied"]["add"] == 1
    assert (job["phase"], job["done"], job["total"]) == ("skriver", 2, 2)
    assert {p.id: p for p in store.read().people}["anna"].title == "chef"

    # A long list: the cancel asked right after the start is heard while rows are compared.
    many = ("anställningsnummer;namn\n"
            + "".join(f"{i};Ny Person{i}\n" for i in range(5000))).encode()
    links: Any = c.app.state.staff_links  # type: ignore[attr-defined]
    revision, keys = store.revision(), links.count("anna")
    preview = c.post("/api/v1/staff-lists/preview", content=many, params=params,
                     headers=headers).json()
    started = c.post("/api/v1/staff-lists/apply", content=many, headers=headers,
                     params={**params, "revision": preview["revision"], "background": True})
    c.delete(f"/api/v1/jobs/{started.json()['id']}", headers=headers)
    job = _finished(c, headers, started.json())
    assert job["state"] == "cancelled" and job["error"] == "avbrutet: ingenting skrevs"
    assert store.revision() == revision and links.count("anna") == keys
    assert not any(p.name == "Ny Person1" for p in store.read().people)


# The files Swedish Excel saves, byte for byte as it writes them: "CSV (semikolonavgränsad)"
# in Windows-1252, "CSV UTF-8" with its BOM, "Unicode-text" (UTF-16 with BOM, tabs).
SWEDISH_ROWS = [["id", "name", "organisation", "title"],
                ["asa", "Åsa Öberg", "lomma", "försäkringsutredare"],
                ["bjorn", "Björn Ängström", "af-lund", "chef för älvdalen"]]
EXCEL_SAVES = {
    "semikolon-cp1252": ("\r\n".join(";".join(r) for r in SWEDISH_ROWS) + "\r\n")
    .encode("cp1252"),
    "semikolon-utf8-bom": b"\xef\xbb\xbf" + ("\r\n".join(";".join(r) for r in SWEDISH_ROWS)
                                            + "\r\n").encode(),
    "unicode-text": ("\r\n".join("\t".join(r) for r in SWEDISH_ROWS) + "\r\n")
    .encode("utf-16"),
}


@pytest.mark.parametrize("save", sorted(EXCEL_SAVES))
def test_csv_as_swedish_excel_saves_it_is_imported_letter_for_letter(
        client: tuple[TestClient, dict[str, str], SQLiteStore], save: str) -> None:
    c, headers, store = client
    job = _finished(c, headers, c.post("/api/v1/import/spreadsheet", content=EXCEL_SAVES[save],
                                       params={"section": "people"}, headers=headers).json())
    assert job["state"] == "done", job
    people = {p.id: p for p in store.read().people}
    assert (people["asa"].name, people["bjorn"].name) == ("Åsa Öberg", "Björn Ängström")
    assert people["bjorn"].title == "chef för älvdalen"


def test_a_staff_export_in_windows_1252_is_read(
        client: tuple[TestClient, dict[str, str], SQLiteStore]) -> None:
    c, headers, _ = client
    export = "Anställningsnummer;Namn;Titel\r\n1001;Åsa Öberg;Handläggare\r\n".encode("cp1252")
    preview = c.post("/api/v1/staff-lists/preview", content=export, headers=headers,
                     params={"organisation": "af", "day": "2026-03-01"})
    assert preview.status_code == 200, preview.json()
    added = [ch for ch in preview.json()["changes"] if ch["action"] == "add"]
    assert [ch["name"] for ch in added] == ["Åsa Öberg"]


@pytest.mark.parametrize(("raw", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "en äldre Excel-fil (.xls)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "filen är ingen CSV-text"),
    (b"id;name;organisation\r\nx;Trasig \x81;lomma\r\n", "varken UTF-8 eller Windows-1252"),
])
def test_a_file_that_is_no_csv_text_is_refused_in_swedish_and_nothing_is_written(
        client: tuple[TestClient, dict[str, str], SQLiteStore], raw: bytes, message: str
) -> None:
    c, headers, store = client
    revision = store.revision()
    job = _finished(c, headers, c.post("/api/v1/import/spreadsheet", content=raw,
                                       params={"section": "people"}, headers=headers).json())
    assert job["state"] == "failed"
    assert [p["path"] for p in job["problems"]] == ["people.csv"]
    assert message in job["problems"][0]["message"]
    assert store.revision() == revision

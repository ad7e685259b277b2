"""Kalkylark och personallistor in Chromium with the files a Swedish admin has: Excel's
"CSV (semikolonavgränsad)" in Windows-1252, problems naming the file chosen (not
"people.csv" or "personallista"), and a staff list's preview in Swedish words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from graph.core.settings import Settings
from tests.browser import Console, Service, login, shot


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with Service(tmp_path_factory.mktemp("import-page"), Settings()) as s:
        yield s


def _open(p: Page, service: Service) -> None:
    login(p, service, "admin")
    p.locator("#nav-listor").click()
    expect(p.locator("#page-listor")).to_be_visible()


def test_a_windows_1252_csv_is_refused_by_its_own_name_then_imported(
        page: tuple[Page, Console], service: Service) -> None:
    p, _ = page
    _open(p, service)
    rows = "id;name;organisation\r\nasa;Åsa Öberg;af-lund\r\nbjorn;Björn Ängström;afx\r\n"
    before = service.store.revision()
    p.locator("#s-file").set_input_files(files=[{
        "name": "Personal hösten.csv", "mimeType": "text/csv", "buffer": rows.encode("cp1252")}])
    p.locator("#s-section").select_option("people")
    p.get_by_role("button", name="Importera").click()
    expect(p.locator("#s-problems")).to_have_text(
        "Personal hösten.csv, rad 3, kolumn organisation: okänd organisation 'afx'")
    assert service.store.revision() == before

    p.locator("#s-file").set_input_files(files=[{
        "name": "Personal hösten.csv", "mimeType": "text/csv",
        "buffer": rows.replace(";afx", ";af-lund").encode("cp1252")}])
    p.get_by_role("button", name="Importera").click()
    expect(p.locator("#s-progress")).to_contain_text("Importerat: 2 rader")
    names = {x.id: x.name for x in service.store.read().people}
    assert (names["asa"], names["bjorn"]) == ("Åsa Öberg", "Björn Ängström")


def test_a_staff_list_names_its_file_and_shows_its_changes_in_swedish(
        page: tuple[Page, Console], service: Service) -> None:
    p, _ = page
    _open(p, service)
    p.locator("#l-org").select_option("af-lund")
    p.locator("#l-file").set_input_files(files=[{
        "name": "HR-export.xls", "mimeType": "application/vnd.ms-excel",
        "buffer": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)}])
    p.get_by_role("button", name="Förhandsvisa").click()
    expect(p.locator("#l-status")).to_contain_text("HR-export.xls: en äldre Excel-fil (.xls)")

    export = "Namn;E-post;Titel\r\nJörgen Öst;jorgen.ost@af.example;Handläggare\r\n".encode(
        "cp1252")
    p.locator("#l-file").set_input_files(files=[{
        "name": "HR-export.csv", "mimeType": "text/csv", "buffer": export}])
    p.get_by_role("button", name="Förhandsvisa").click()
    expect(p.locator("#l-status")).to_contain_text("Förhandsvisning (inget är sparat): 1 nya")
    added = p.locator("#l-preview tr", has_text="Jörgen Öst")
    expect(added).to_contain_text("namn: Jörgen Öst")
    expect(added).to_contain_text("titel: Handläggare")
    expect(p.locator("#l-preview")).to_contain_text("till: ")  # the people the list ends
    expect(p.locator("#l-preview")).not_to_contain_text("name:")
    expect(p.locator("#l-preview")).not_to_contain_text("until:")
    shot(p, "admin-personallista-svenska")

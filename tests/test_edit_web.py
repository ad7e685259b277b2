"""Redigera and Kalkylark och personallistor in Chromium: edit, Swedish field errors, undo,
history; template download, a bad CSV named by file/row/column, a staff list previewed and
applied with no one deleted. Service and browser as in tests/test_web_ui.py."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from graph.core.settings import Settings
from graph.model.schema import Person
from graph.model.spreadsheet import allowed_values
from tests.browser import Console, Service, axe_violations, login, row_button, shot


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with Service(tmp_path_factory.mktemp("edit-web"), Settings()) as s:
        yield s


def _open_row(p: Page, service: Service, person: Person) -> None:
    """Signed in as the admin, the person's row opened in Redigera's form."""
    login(p, service, "admin")
    p.locator("#nav-redigera").click()
    p.get_by_placeholder("Sök id eller namn").fill(person.id)
    row_button(p, "Ändra", person.name, person.id).click()


def test_edit_a_person_with_errors_undo_and_history(page: tuple[Page, Console],
                                                    service: Service) -> None:
    p, _ = page
    person = service.store.read().people[0]
    login(p, service, "admin")
    p.locator("#nav-redigera").click()
    expect(p.locator("#page-redigera")).to_be_visible()
    # Nothing to undo yet (the module's first edit): Ångra is off and says why.
    undo = p.get_by_role("button", name="Ångra senaste ändringen")
    expect(undo).to_be_disabled()
    expect(undo).to_have_attribute("title", "Det finns ingen ändring att ångra.")
    p.get_by_placeholder("Sök id eller namn").fill(person.name)
    same_name = sum(person.name.casefold() in " ".join(map(str, x.model_dump(
        mode="json", exclude_unset=True).values())).casefold()
        for x in service.store.read().people)
    expect(p.locator("#e-rows caption")).to_have_text(f"{same_name} rader (visar högst 100)")
    row_button(p, "Ändra", person.name, person.id).click()
    form = p.locator("#e-form")
    form.get_by_label("Organisation *").fill("afx")
    form.get_by_role("button", name="Spara").click()
    expect(p.locator('[data-error-for="organisation"]')).to_have_text(
        "okänd organisation 'afx'")
    expect(p.locator("#redigera-status")).to_have_class("status error")
    form.get_by_label("Organisation *").fill(person.organisation)
    form.get_by_label("Titel", exact=True).fill("samordnare")
    form.get_by_role("button", name="Spara").click()
    expect(p.locator("#redigera-status")).to_have_text("Sparat.")
    assert next(x for x in service.store.read().people if x.id == person.id).title == \
        "samordnare"
    expect(p.locator("#e-history tbody tr").first).to_contain_text("sparade i Personer")
    # The history names the row; its id stays beside the name.
    expect(p.locator("#e-history tbody tr").first.locator("td").nth(4)).to_have_text(
        f"{person.name} ({person.id})")
    expect(undo).to_be_enabled()
    expect(undo).to_have_attribute(
        "title", f"Ångrar den senaste ändringen: {person.name} i Personer.")
    shot(p, "admin-redigera")
    undo.click()
    expect(p.locator("#redigera-status")).to_have_text(f"Ångrat: {person.name}.")
    assert next(x for x in service.store.read().people if x.id == person.id).title == \
        person.title
    expect(p.locator("#e-history tbody tr").first).to_contain_text("ångrade i Personer")
    # The only change is undone: nothing is left to undo.
    expect(undo).to_be_disabled()
    expect(undo).to_have_attribute("title", "Det finns ingen ändring att ångra.")


def test_spreadsheets_and_a_staff_list(page: tuple[Page, Console], service: Service) -> None:
    p, _ = page
    login(p, service, "admin")
    p.locator("#nav-listor").click()
    expect(p.locator("#page-listor")).to_be_visible()
    with p.expect_download() as download:
        p.get_by_role("button", name="Ladda ned mall (.xlsx)").click()
    assert download.value.suggested_filename == "samverkan-mall.xlsx"
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.sheetnames[0] == "Instruktioner" and "people" in book.sheetnames

    p.locator("#s-file").set_input_files(files=[{
        "name": "personer.csv", "mimeType": "text/csv",
        "buffer": b"id,name,organisation\nny1,Ny Ett,afx\n"}])
    p.locator("#s-section").select_option("people")
    p.get_by_role("button", name="Importera").click()
    expect(p.locator("#s-problems")).to_contain_text(
        "personer.csv, rad 2, kolumn organisation: okänd organisation 'afx'")
    expect(p.locator("#s-progress")).to_contain_text("Importen misslyckades")

    before = {x.id: x for x in service.store.read().people}
    in_party = [x for x in before.values() if x.organisation == "af-lund" and x.until is None]
    kept = in_party[0]
    p.locator("#l-org").select_option("af-lund")
    p.locator("#l-day").fill("2026-03-02")
    p.locator("#l-file").set_input_files(files=[{
        "name": "hr.csv", "mimeType": "text/csv",
        "buffer": f"namn;e-post\n{kept.name};a@af.se\nNy Nyström;ny@af.se\n".encode()}])
    p.get_by_role("button", name="Förhandsvisa").click()
    expect(p.locator("#l-status")).to_contain_text("Förhandsvisning (inget är sparat): 1 nya")
    expect(p.locator("#l-preview")).to_contain_text("Ny Nyström")
    shot(p, "admin-personallista")
    assert len(service.store.read().people) == len(before)
    # The list ends more than half of af-lund: the page asks first (confirm_ends).
    p.once("dialog", lambda dialog: dialog.accept())
    p.get_by_role("button", name="Verkställ ändringarna").click()
    expect(p.locator("#l-status")).to_contain_text("Verkställt: 1 nya")
    after = {x.id: x for x in service.store.read().people}
    assert set(before) <= set(after) and len(after) == len(before) + 1  # no one deleted
    ended = [x for x in in_party if x.id != kept.id]
    assert ended and all(after[x.id].until == date(2026, 3, 2) for x in ended)
    assert after[kept.id].until is None


def test_a_staff_list_apply_cancelled_and_an_interrupted_job(page: tuple[Page, Console],
                                                             service: Service) -> None:
    """Verkställ runs as a job with a progress line; Avbryt stops it before its write. A
    job whose service process stopped (a restart) reads "avbrutet … starta jobbet igen"
    when the page comes back to it."""
    import sqlite3

    from graph.core.job_registry import JobRegistry

    p, _ = page
    login(p, service, "admin")
    p.locator("#nav-listor").click()
    p.locator("#l-org").select_option("lomma")
    rows = "namn;e-post\n" + "".join(f"Ny Person{i};p{i}@lomma.se\n" for i in range(3))
    p.locator("#l-file").set_input_files(files=[{
        "name": "hr.csv", "mimeType": "text/csv", "buffer": rows.encode()}])
    p.get_by_role("button", name="Förhandsvisa").click()
    expect(p.locator("#l-status")).to_contain_text("3 nya")
    revision = service.store.revision()
    # The hold point: while the store's own lock is held here (as a write of another
    # request holds it), the job waits at its first read of the store, so the cancel
    # always lands while it runs, however loaded the machine (no list is long enough
    # for that: under load the job once finished before "Avbryt" was clicked).
    with service.store._lock:
        p.once("dialog", lambda dialog: dialog.accept())  # it ends all of lomma's staff
        p.get_by_role("button", name="Verkställ ändringarna").click()
        with p.expect_response(lambda r: r.request.method == "DELETE"
                               and "/api/v1/jobs/" in r.url) as cancelled:
            p.locator("#l-cancel").click()
        assert cancelled.value.ok
        expect(p.locator("#l-status")).to_have_text("Arbetar …")  # still running
    expect(p.locator("#l-status")).to_have_text(
        "Avbrutet: ingenting skrevs. Förhandsvisa igen för att verkställa.", timeout=60_000)
    assert service.store.revision() == revision
    assert p.locator("#l-cancel").is_hidden()

    # A job this tab started, whose process is gone: the same process id, another start.
    registry = JobRegistry(service.access.path)
    registry.save("gone", "admin-test", "staff_apply", stage="running", done=3, total=9,
                  running=True)
    raw = sqlite3.connect(service.access.path)
    raw.execute("UPDATE jobs SET started = started - 1 WHERE id = 'gone'")
    raw.commit()
    raw.close()
    p.evaluate("sessionStorage.setItem('job:staff', 'gone')")
    p.reload()
    p.locator("#nav-listor").click()
    expect(p.locator("#l-status")).to_have_text(
        "Avbrutet: tjänsten startades om medan jobbet pågick. Ingenting skrevs – starta "
        "jobbet igen.")
    shot(p, "admin-personallista-avbruten")
    assert p.evaluate("sessionStorage.getItem('job:staff')") is None
    registry.close()


def test_a_move_recorded_with_its_day_in_the_editor(page: tuple[Page, Console],
                                                    service: Service) -> None:
    """"Ändringen gäller från": a move to another unit entered afterwards, with its day;
    the history shows the day, and the views of earlier days keep the old unit."""
    p, _ = page
    doc = service.store.read()
    person = next(x for x in doc.people
                  if x.until is None and (x.since is None or x.since <= date(2018, 1, 1)))
    other = next(o.id for o in doc.organisations if o.id != person.organisation)
    _open_row(p, service, person)
    form = p.locator("#e-form")
    form.get_by_label("Organisation *").fill(other)
    form.get_by_label("Ändringen gäller från (tomt: i dag)").fill("2018-02-01")
    form.get_by_role("button", name="Spara").click()
    expect(p.locator("#redigera-status")).to_have_text("Sparat.")
    expect(p.locator("#e-history tbody tr").first).to_contain_text("2018-02-01")
    before = service.store.collaboration_graph(date(2018, 1, 31))
    after = service.store.collaboration_graph(date(2018, 2, 1))
    assert before.nodes[person.id]["organisation"] == person.organisation
    assert after.nodes[person.id]["organisation"] == other
    assert service.store.collaboration_graph(None).nodes[person.id]["organisation"] == other


def test_rows_name_the_people_and_forums_they_hold_with_the_id_beside(
        page: tuple[Page, Console], service: Service) -> None:
    """A forum member's row showed "p25 | sn-styrelse", a tie's "p1 | p2": ids where the
    admin knows names. Now the name, with the id in grey beside it and as its title (two
    people may share a name)."""
    p, _ = page
    doc = service.store.read()
    name = {x.id: x.name for s in ("people", "groups") for x in getattr(doc, s)}
    member = doc.memberships[0]
    login(p, service, "admin")
    p.locator("#nav-redigera").click()
    p.locator("#e-section").select_option("memberships")
    p.get_by_placeholder("Sök id eller namn").fill(member.person)
    row = p.locator("#e-rows tbody tr").first
    expect(row.locator("td").nth(0)).to_have_text(f"{name[member.person]} ({member.person})")
    expect(row.locator("td").nth(0).locator("span").first).to_have_attribute(
        "title", member.person)
    group_cells = p.locator("#e-rows tbody tr td:nth-child(2)").all_inner_texts()
    assert f"{name[member.group]} ({member.group})" in group_cells
    tie = doc.ties[0]
    p.locator("#e-section").select_option("ties")
    p.get_by_placeholder("Sök id eller namn").fill("")
    first = p.locator("#e-rows tbody tr").first.locator("td")
    expect(first.nth(0)).to_have_text(f"{name[tie.a]} ({tie.a})")
    expect(first.nth(1)).to_have_text(f"{name[tie.b]} ({tie.b})")
    assert axe_violations(p) == []


def test_tie_kinds_read_in_swedish_in_the_rows_as_in_the_form(page: tuple[Page, Console],
                                                              service: Service) -> None:
    """The row list names a tie's kind as the form does (samarbete, möte …), never by
    the data model's code."""
    p, _ = page
    codes = set(allowed_values("ties", "kind") or ())
    login(p, service, "admin")
    p.locator("#nav-redigera").click()
    p.locator("#e-section").select_option("ties")
    p.get_by_placeholder("Sök id eller namn").fill("meeting")  # most seed ties have no kind
    rows = p.locator("#e-rows tbody tr")
    expect(p.locator("#e-rows caption")).to_have_text("27 rader (visar högst 100)")
    column = p.locator("#e-rows thead th").all_inner_texts().index("Typ")
    kinds = [t for t in rows.locator(f"td:nth-child({column + 1})").all_inner_texts() if t]
    assert kinds and not set(kinds) & codes
    first = next(i for i in range(rows.count())
                 if rows.nth(i).locator("td").nth(column).inner_text())
    shown = rows.nth(first).locator("td").nth(column).inner_text()
    rows.nth(first).get_by_role("button", name="Ändra").click()
    chosen = p.locator("#e-f-kind option:checked")
    expect(chosen).to_have_text(shown)
    assert chosen.get_attribute("value") in codes


def test_dates_are_typed_and_shown_as_iso_in_an_english_browser(browser: Browser,
                                                                service: Service) -> None:
    """A date typed key by key as yyyy-mm-dd is stored as that day and shown the same way,
    whatever the browser's language (Chromium's own date field reads mm/dd/yyyy in
    English and turns the same keys into another day); a day that does not exist gets a
    Swedish message."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    p = context.new_page()
    console = Console(p)
    person = next(x for x in service.store.read().people if x.until is None)
    _open_row(p, service, person)
    since = p.locator("#e-form").get_by_label("Från", exact=True)
    since.fill("")
    since.press_sequentially("2011-02-30")
    assert "åååå-mm-dd" in since.evaluate("e => e.validationMessage")
    since.fill("")
    since.press_sequentially("2011-03-07")
    expect(since).to_have_value("2011-03-07")
    assert since.evaluate("e => e.validationMessage") == ""
    p.locator("#e-form").get_by_role("button", name="Spara").click()
    expect(p.locator("#redigera-status")).to_have_text("Sparat.")
    assert next(x for x in service.store.read().people if x.id == person.id).since == \
        date(2011, 3, 7)
    row_button(p, "Ändra", person.name, person.id).click()
    expect(p.locator("#e-form").get_by_label("Från", exact=True)).to_have_value("2011-03-07")
    p.get_by_role("button", name="Ångra senaste ändringen").click()
    expect(p.locator("#redigera-status")).to_have_text(f"Ångrat: {person.name}.")
    context.close()
    assert console.errors == []


def test_row_buttons_name_the_row_and_the_search_finds_a_tie_by_name(
        page: tuple[Page, Console], service: Service) -> None:
    """A screen reader heard "Ändra p25": the buttons name the row ("Ändra Anna Berg"), with
    the id after where two shown rows read the same; a tie, which holds ids only, is found
    by the name of either end, typed without its accents."""
    p, _ = page
    doc = service.store.read()
    org = doc.people[0].organisation
    for ident in ("tvilling-1", "tvilling-2"):
        service.store.put("people", {"id": ident, "name": "Åsa Tvillingsdotter",
                                     "organisation": org})
    name = {x.id: x.name for x in doc.people}
    tie = doc.ties[0]
    login(p, service, "admin")
    p.locator("#nav-redigera").click()
    p.get_by_placeholder("Sök id eller namn").fill("tvillingsdotter")
    expect(p.locator("#e-rows caption")).to_have_text("2 rader (visar högst 100)")
    for ident in ("tvilling-1", "tvilling-2"):
        for verb in ("Ändra", "Ta bort"):
            expect(p.get_by_role("button", name=f"{verb} Åsa Tvillingsdotter ({ident})",
                                 exact=True)).to_have_count(1)
    p.get_by_placeholder("Sök id eller namn").fill(doc.people[0].id)
    expect(p.get_by_role("button", name=f"Ändra {doc.people[0].id}", exact=True)
           ).to_have_count(0)
    p.locator("#e-section").select_option("ties")
    expect(p.locator("#e-rows thead th").first).to_have_text("Person A")
    typed = name[tie.b].upper().replace("Ö", "O").replace("Ä", "A").replace("Å", "A")
    caption = p.locator("#e-rows caption").inner_text()
    p.get_by_placeholder("Sök id eller namn").fill(typed)
    # The search is sent 250 ms after the last key: wait for its answer's list.
    expect(p.locator("#e-rows caption")).not_to_have_text(caption)
    rows = p.locator("#e-rows tbody tr")
    labels = rows.get_by_role("button", name=re.compile("^Ändra ")).evaluate_all(
        "bs => bs.map(b => b.getAttribute('aria-label'))")
    assert any(label.startswith(f"Ändra {name[tie.a]} – {name[tie.b]}") for label in labels), \
        labels
    assert not any(tie.a in label.split(" (")[0] for label in labels)
    assert axe_violations(p) == []


def test_an_existing_rows_key_is_not_edited_into_a_second_row(page: tuple[Page, Console],
                                                             service: Service) -> None:
    """Walking the admin flow: an id changed in "Ändra rad" saved a second person beside
    the first ("Sparat."), since a row is written by its key. The key is read-only there,
    and the form says how to change it; a new row's key is still typed."""
    p, _ = page
    person = next(x for x in service.store.read().people if x.until is None)
    _open_row(p, service, person)
    key = p.locator("#e-form").get_by_label("Id *")
    expect(key).to_have_value(person.id)
    expect(key).not_to_be_editable()
    expect(key).to_have_accessible_description(re.compile(
        "Ändras inte här: lägg till en ny rad med det nya värdet och ta bort den här."))
    p.locator("#e-form").get_by_role("button", name="Avbryt").click()
    p.get_by_role("button", name="Ny rad").click()
    expect(p.locator("#e-form").get_by_label("Id *")).to_be_editable()
    assert axe_violations(p) == []


def test_a_persons_organisation_is_offered_by_name(page: tuple[Page, Console],
                                                   service: Service) -> None:
    """The organisation of a person is an id: the field offers the store's organisations
    by name (a datalist), the id staying what is saved."""
    p, _ = page
    doc = service.store.read()
    person = next(x for x in doc.people if x.until is None)
    _open_row(p, service, person)
    field = p.locator("#e-form").get_by_label("Organisation *")
    expect(field).to_have_value(person.organisation)
    listed = p.locator(f"#{field.get_attribute('list')} option")
    expect(listed).to_have_count(len(doc.organisations))
    offered = {o.get_attribute("value"): o.get_attribute("label") for o in listed.all()}
    assert offered == {o.id: o.name for o in doc.organisations}
    assert axe_violations(p) == []

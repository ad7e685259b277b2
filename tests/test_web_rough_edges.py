"""Rough edges of the web interface, each driven in Chromium against the real service: an
edit's period error said once beside its field, the contact fields labelled in Swedish, an
import's button off while the import runs, an error answer's problem said once on a status
line, and a header that keeps "Logga ut" on its row at 1280 and 1024 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from graph.core.settings import Settings
from graph.model.schema import Person
from tests.browser import Console, Service, axe_violations, login, row_button, shot

# The service is tests/browser.py's (one per module, seed data, a user per role).


def _edit_form(p: Page, service: Service) -> tuple[Person, Locator]:
    """An admin on Redigera with the first person's form open."""
    person = service.store.read().people[0]
    login(p, service, "admin")
    p.locator("#nav-redigera").click()
    p.get_by_placeholder("Sök id eller namn").fill(person.id)
    row_button(p, "Ändra", person.name, person.id).click()
    return person, p.locator("#e-form")


def test_a_period_error_is_said_once_beside_its_field(page: tuple[Page, Console],
                                                       service: Service) -> None:
    p, _ = page
    person, form = _edit_form(p, service)
    # The contact fields have Swedish labels like every other field.
    for label in ("E-post", "Telefon", "Kontakta om"):
        expect(form.get_by_label(label, exact=True)).to_be_visible()
    expect(form).not_to_contain_text("contact_about")
    form.get_by_label("Från", exact=True).fill("2025-01-01")
    form.get_by_label("Till", exact=True).fill("2024-01-01")
    form.get_by_role("button", name="Spara").click()
    said = "slutdagen 2024-01-01 är före startdagen 2025-01-01"
    expect(p.locator('[data-error-for="until"]')).to_have_text(said)
    expect(p.locator("#redigera-status")).to_have_text(
        "Inte sparat: rätta det som står vid fälten.")
    assert p.locator("#page-redigera").inner_text().count("är före") == 1
    expect(form.get_by_label("Till", exact=True)).to_have_attribute("aria-invalid", "true")
    assert axe_violations(p) == []
    shot(p, "admin-redigera-period")
    assert next(x for x in service.store.read().people if x.id == person.id) == person


def test_a_contact_detail_error_names_its_field_once(page: tuple[Page, Console],
                                                     service: Service) -> None:
    """The e-mail and phone validators' messages said "e-post: ..." beside the field
    labelled E-post: the field was named twice."""
    p, _ = page
    person, form = _edit_form(p, service)
    form.get_by_label("E-post", exact=True).fill("vera@fk")
    form.get_by_label("Telefon", exact=True).fill("12345")
    form.get_by_role("button", name="Spara").click()
    expect(p.locator('[data-error-for="email"]')).to_have_text(
        "'vera@fk' är ingen e-postadress; skriv till exempel namn.efternamn@kommun.se")
    expect(p.locator('[data-error-for="phone"]')).to_have_text(
        "'12345' är inget svenskt telefonnummer; skriv till exempel 010-123 45 67 eller "
        "+46 10 123 45 67")
    text = form.inner_text().casefold()
    assert text.count("e-post") == 2 and text.count("telefon") == 2, text  # label, message
    assert next(x for x in service.store.read().people if x.id == person.id) == person


def test_an_error_answer_is_said_once_on_the_status_line(page: tuple[Page, Console],
                                                          service: Service) -> None:
    """A 422's detail is its problems joined: the status line names each problem once,
    by the field's Swedish name ("Id", not "body.id")."""
    p, _ = page
    login(p, service, "admin")
    p.locator("#nav-admin").click()
    p.locator("#a-id").fill("Ogiltigt Id")
    p.locator("#a-title").fill("Handläggare")
    p.get_by_role("button", name="Skapa").click()
    status = p.locator("#admin-status")
    expect(status).to_contain_text("Id: har fel form")
    text = status.inner_text()
    assert text.count("har fel form") == 1 and "·" not in text and "body." not in text, text
    # Said in words, never as the regular expression the service checks it with.
    assert text == ("Id: har fel form: använd små bokstäver a–z, siffror och bindestreck "
                    "(inte först), högst 64 tecken, till exempel team-fk-2026"), text
    expect(p.locator("#a-id-error")).to_have_text(text.removeprefix("Id: "))
    # An empty id fails the same pattern; it is said to be empty.
    p.locator("#a-id").fill("")
    p.get_by_role("button", name="Skapa").click()
    expect(status).to_have_text("Id: får inte vara tomt")


def test_the_import_button_is_off_while_an_import_runs(page: tuple[Page, Console],
                                                        service: Service) -> None:
    p, _ = page
    login(p, service, "admin")
    p.locator("#nav-listor").click()
    expect(p.locator("#s-section option[value=people]")).to_have_text("Personer (people)")
    button = p.get_by_role("button", name="Importera")
    started: list[str] = []
    p.on("request", lambda r: started.append(r.url) if r.method == "POST"
         and "/api/v1/import/spreadsheet" in r.url else None)
    organisation = service.store.read().people[0].organisation

    def choose(rows: str) -> None:
        p.locator("#s-file").set_input_files(files=[{
            "name": "personer.csv", "mimeType": "text/csv", "buffer": rows.encode()}])
        p.locator("#s-section").select_option("people")

    for rows, end in ((f"id,name,organisation\nny-a,Ny A,{organisation}\n",
                       "Importerat: 1 ny, 0 ändrade, 0 oförändrade ("),
                      ("id,name,organisation\nny-b,Ny B,afx\n", "Importen misslyckades")):
        choose(rows)
        # While the store's lock is held here (as another write holds it), the job waits
        # at its first read of the store: it runs for as long as this block lasts.
        with service.store._lock:
            button.click()
            expect(button).to_be_disabled()
            expect(p.locator("#s-cancel")).to_be_visible()
            expect(p.locator("#s-progress")).not_to_be_empty()
            button.click(force=True)  # a second click while it runs starts nothing
        expect(p.locator("#s-progress")).to_contain_text(end, timeout=60_000)
        expect(button).to_be_enabled()
    assert len(started) == 2  # one import per import, not one per click


def test_the_staff_list_preview_is_off_while_a_list_is_applied(page: tuple[Page, Console],
                                                                service: Service) -> None:
    p, _ = page
    login(p, service, "admin")
    p.locator("#nav-listor").click()
    p.locator("#l-org").select_option("lomma")
    p.locator("#l-file").set_input_files(files=[{
        "name": "hr.csv", "mimeType": "text/csv",
        "buffer": "namn;e-post\nNy Nyman;ny@lomma.se\n".encode("cp1252")}])
    preview = p.get_by_role("button", name="Förhandsvisa")
    preview.click()
    expect(p.locator("#l-status")).to_contain_text("1 nya")
    p.once("dialog", lambda dialog: dialog.accept())  # the list ends all of lomma's staff
    with service.store._lock:
        p.get_by_role("button", name="Verkställ ändringarna").click()
        expect(preview).to_be_disabled()
    expect(p.locator("#l-status")).to_contain_text("Verkställt: 1 nya", timeout=60_000)
    expect(preview).to_be_enabled()


@pytest.mark.parametrize("width", [1280, 1024])
@pytest.mark.parametrize("role", ["director", "admin"])
def test_the_header_keeps_logga_ut_on_its_row(browser: Browser, service: Service, role: str,
                                              width: int) -> None:
    """The director's six pages and the admin's four are the widest navigations: the
    brand, the user and "Logga ut" share the first row, nothing in the header overlaps or
    leaves the viewport, no link or button breaks over two lines; at 1280 px all of it is
    one row, also beside a scrollbar."""
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="sv-SE")
    p = context.new_page()
    try:
        login(p, service, role)
        # A long page (Efterträdare och broar) has a vertical scrollbar, which takes its
        # width from the header's row: measured with one.
        p.evaluate("document.body.style.minHeight = '3000px'")
        # Each page in turn the current one (the longest label current is the widest row).
        for page in range(p.locator("#nav a").count()):
            p.locator("#nav a").nth(page).click()
            expect(p.locator("#nav a").nth(page)).to_have_attribute("aria-current", "page")
            # Measured once the page has drawn and its fonts are in (a bold face loads
            # when first used, and is wider).
            p.wait_for_load_state("networkidle")
            p.evaluate("async () => { await document.fonts.ready; }")
            header_fits(p, role, width)
        shot(p, f"header-{role}-{width}")
    finally:
        context.close()


def header_fits(p: Page, role: str, width: int) -> None:
    """The header at this width, checked by its boxes (the test above says what)."""
    box = {name: p.locator(sel).bounding_box()
           for name, sel in (("brand", ".brand"), ("who", "#who"), ("logout", "#logout"))}
    links = p.locator("#nav a").evaluate_all(
        "as => as.map(a => { const r = a.getBoundingClientRect(); return "
        "{x: r.x, y: r.y, width: r.width, height: r.height}; })")
    items = [b for b in box.values() if b] + links
    assert len(items) == 3 + len(links)
    line = p.locator("#logout").evaluate("b => parseFloat(getComputedStyle(b).lineHeight)"
                                         " || 1.2 * parseFloat(getComputedStyle(b).fontSize)")
    for b in items:
        assert b["x"] >= 0 and b["x"] + b["width"] <= width, (role, width, b)
        assert b["height"] < 2 * line + 16, (role, width, b)  # one line of text
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            apart = (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                     or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
            assert apart, (role, width, a, b)

    def middle(b: dict[str, float]) -> float:
        return b["y"] + b["height"] / 2

    brand, who, logout = box["brand"], box["who"], box["logout"]
    assert brand and who and logout
    # On the brand's row: the middles within half a row of each other.
    assert abs(middle(logout) - middle(brand)) < logout["height"] / 2
    assert abs(middle(who) - middle(brand)) < logout["height"] / 2
    if width == 1280:  # one row: every link at one height, beside the brand
        tops = [a["y"] for a in links]
        assert max(tops) - min(tops) < 2, (role, links)
        assert abs(middle(links[0]) - middle(brand)) < 4, (role, links[0], brand)


def test_empty_states_say_why_and_rows_name_their_organisation(
        page: tuple[Page, Console], tmp_path: Path) -> None:
    """Found walking every page at 1280 px: a fresh service's change history was an empty
    table, Kontaktenkät offered Påminn, Stäng and Jämför with no round to act on, and
    Redigera's rows showed an organisation by its id alone."""
    p, _ = page
    with Service(tmp_path, Settings()) as fresh:
        person = fresh.store.read().people[0]
        org = next(o for o in fresh.store.read().organisations if o.id == person.organisation)
        login(p, fresh, "admin")
        p.locator("#nav-redigera").click()
        expect(p.locator("#e-history")).to_contain_text("Inga ändringar ännu.")
        first = p.locator("#e-rows tbody tr").first
        expect(first.locator("td").nth(2)).to_have_text(f"{org.name} ({org.id})")
        # A renamed organisation is named anew in the rows (not the name read at sign-in).
        p.locator("#e-section").select_option("organisations")
        row_button(p, "Ändra", org.name, org.id).click()
        p.locator("#e-form").get_by_label("Namn *").fill("Nytt namn")
        p.locator("#e-form").get_by_role("button", name="Spara").click()
        expect(p.locator("#redigera-status")).to_have_text("Sparat.")
        p.locator("#e-section").select_option("people")
        expect(first.locator("td").nth(2)).to_have_text(f"Nytt namn ({org.id})")
        expect(p.locator("#e-history")).not_to_contain_text("Inga ändringar ännu.")

        p.locator("#nav-enkat").click()
        expect(p.locator("#k-none")).to_have_text(
            "Inga omgångar ännu. Öppna en omgång ovan; den visas här med svarsfrekvensen.")
        for name in ("Påminn dem som inte svarat", "Stäng omgången", "Jämför med föregående"):
            expect(p.get_by_role("button", name=name)).to_be_disabled()
        assert axe_violations(p) == []

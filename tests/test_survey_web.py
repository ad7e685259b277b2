"""The contact survey in Chromium: the admin opens a round, two people answer through their
personal links, the admin reminds and closes it, and the ties carry their source.

The service, browser and console check are those of tests/test_web_ui.py (Debian's
chromium through Playwright, never a downloaded browser); the day is frozen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from graph.analysis.projection import organisation_roots
from graph.core.settings import Settings
from tests.browser import Console, Service, login, shot

DAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    s = Service(tmp_path_factory.mktemp("survey-web"), Settings())
    s.server.config.app.state.today = lambda: DAY
    with s:
        yield s


def _answer(p: Page, link: str, contact_name: str, strength: str) -> None:
    p.goto(link)
    expect(p.locator("#f-about")).to_contain_text("Rättslig grund")
    expect(p.locator("#f-about")).to_contain_text("kartlägga")
    assert "#" not in p.url  # the token left the address bar
    p.get_by_role("button", name="Jag har läst detta – till frågorna").click()
    p.get_by_label("Lägg till en kontakt").fill(contact_name[:5])
    p.get_by_role("button", name=f"Lägg till {contact_name}").first.click()
    added = p.locator("fieldset.contact", has_text=contact_name)
    added.locator("select[name=strength]").select_option(strength)
    # Tie kinds in the interface's words, not the data model's codes.
    kind = added.locator("select[name=kind]")
    assert kind.locator("option:checked").inner_text() == "Samarbete"
    assert "Flerpartsmöte" in kind.locator("option").all_inner_texts()
    added.locator("input[name=last_contact]").fill("2026-02-20")
    p.get_by_role("button", name="Skicka svaren").click()
    expect(p.locator("#f-thanks")).to_contain_text("Tack! Dina svar är sparade.")


def test_a_survey_round_in_the_browser(page: tuple[Page, Console], service: Service) -> None:
    p, _ = page
    login(p, service, "admin")
    p.locator("#nav-enkat").click()
    expect(p.locator("#page-enkat")).to_be_visible()
    p.get_by_label("Id för omgången").fill("kl-var")
    p.get_by_label("Rubrik").fill("Kontaktenkät våren 2026")
    p.get_by_label("Syfte (visas för den som svarar)").fill(
        "Att kartlägga vilka kontakter som finns mellan parterna.")
    p.locator("#k-orgs").select_option(["kl"])
    p.get_by_label("Sista svarsdag").fill("2026-03-31")
    p.get_by_role("button", name="Öppna omgången").click()
    expect(p.locator("#enkat-status")).to_have_text("Omgången kl-var är öppen.")
    rows = p.locator("#k-links tbody tr")
    links = {r.locator("td").nth(0).inner_text(): r.locator("code").inner_text()
             for r in rows.all()}
    shot(p, "admin-enkat-links")

    doc = service.store.read()
    root = organisation_roots(doc)
    by_name = {x.name: x for x in doc.people}
    names = sorted(links)
    a = names[0]
    b = next(n for n in names
             if root[by_name[n].organisation] != root[by_name[a].organisation])

    answer_page = p.context.new_page()
    _answer(answer_page, links[a], b, "4")
    shot(answer_page, "enkat-form-sent")
    answer_page.goto(links[a])  # one use
    expect(answer_page.locator("#f-status")).to_contain_text("redan använd")

    p.get_by_role("button", name="Påminn dem som inte svarat").click()
    expect(p.locator("#enkat-status")).to_contain_text("Påminnelse registrerad för")
    expect(p.locator("#k-rate")).to_contain_text(f"1 av {len(links)} har svarat")
    reminded = {r.locator("td").nth(0).inner_text(): r.locator("code").inner_text()
                for r in p.locator("#k-links tbody tr").all()}
    assert a not in reminded and b in reminded
    _answer(answer_page, reminded[b], a, "3")

    p.get_by_role("button", name="Stäng omgången").click()
    # Both named each other; each also confirmed the ties the graph already showed them.
    expect(p.locator("#enkat-status")).to_contain_text(
        re.compile(r"Omgången är stängd: \d+ kontakter skrivna till grafen"))
    shot(p, "admin-enkat-closed")
    ids = sorted((by_name[a].id, by_name[b].id))
    tie = next(t for t in service.store.read().ties
               if sorted((t.a, t.b)) == ids and t.kind == "collaboration")
    assert tie.strength == 4 and tie.last_contact == date(2026, 2, 20)
    assert tie.description == (f"Kontaktenkät kl-var (2026-03-02): svar från {ids[0]} och "
                               f"{ids[1]}; angiven av båda")

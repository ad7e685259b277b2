"""The förbund picker of the analysis pages and the map's organisation drill-down, in
Chromium on the seed data: one choice, kept in the address (?scope=), carried by every
page's requests and shared by a link; organisations on a large map open into their
people and ties."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from graph.analysis.projection import organisation_tree
from graph.analysis.scope import scope_people
from graph.core.settings import Settings
from tests.browser import Console, Service, axe_violations, login, shot

SLOW = 60_000  # analyses take seconds on a shared machine


def _scopes(requests: list[Request], route: str) -> list[str | None]:
    """The scope each request to ``route`` (a path under /api/v1/) carried."""
    found: list[str | None] = []
    for r in requests:
        url = urlsplit(r.url)
        if url.path.startswith(f"/api/v1/{route}"):
            found.append(parse_qs(url.query).get("scope", [None])[0])
    return found


def _open_link(browser: Browser, service: Service, link: str, role: str
               ) -> tuple[BrowserContext, Page, Console]:
    """A fresh browser opening ``/ui/`` + ``link``, signed in there with the role's key."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    p = context.new_page()
    console = Console(p)
    p.goto(f"{service.url}/ui/{link}")
    p.get_by_label("Nyckel för provkörning").fill(service.tokens[role])
    p.get_by_role("button", name="Logga in").click()
    return context, p, console


def test_one_forbund_chosen_scopes_every_analysis_page(page: tuple[Page, Console],
                                                      service: Service) -> None:
    p, _ = page
    requests: list[Request] = []
    p.on("request", lambda r: requests.append(r))
    G = service.store.collaboration_graph()
    kl = scope_people(G, ["kl"])
    login(p, service, "director")
    p.locator("#nav-oversikt").click()
    status = p.locator("#map-status")
    # "Alla förbund" by default: everyone, and no scope asked for.
    expect(status).to_contain_text(f"{G.number_of_nodes()} personer", timeout=SLOW)
    expect(p.locator("#f-federation option:checked")).to_have_text("Alla förbund")
    assert set(_scopes(requests, "map")) == {None}

    p.locator("#f-federation").select_option("kl")
    expect(status).to_contain_text(f"{len(kl)} personer", timeout=SLOW)
    assert parse_qs(urlsplit(p.url).query)["scope"] == ["kl"]
    assert _scopes(requests, "map")[-1] == _scopes(requests, "analyses/risk")[-1] == "kl"

    requests.clear()
    p.locator("#nav-risk").click()
    expect(p.locator("#risk-status")).to_contain_text("Risk per", timeout=SLOW)
    expect(p.locator("#r-federation")).to_have_value("kl")
    expect(p.locator("#risk-summary-list li").first).to_contain_text("parter i förbundet")
    assert set(_scopes(requests, "analyses/")) - {None} == {"kl"}  # the scale has none
    assert _scopes(requests, "analyses/connectivity") == ["kl"]
    names = {G.nodes[v]["name"] for v in kl}
    listed = p.locator("#risk-table tbody td:nth-child(2)").all_inner_texts()
    assert listed and set(listed) <= names

    p.locator("#nav-forandringar").click()
    expect(p.locator("#ch-scope")).to_have_value("kl")
    p.locator("#ch-from").fill("2016-01-01")
    p.locator("#ch-to").fill("2017-06-01")
    p.get_by_role("button", name="Visa").click()
    expect(p.locator("#ch-status")).to_contain_text("ändrade par", timeout=SLOW)
    # The latest month, asked as the page opened, and the days typed: both for kl.
    assert set(_scopes(requests, "analyses/changes")) == {"kl"}
    assert axe_violations(p) == []

    p.locator("#nav-efterfoljd").click()
    expect(p.locator("#su-scope")).to_have_value("kl")
    expect(p.locator("#br-status")).not_to_be_empty(timeout=SLOW)
    assert _scopes(requests, "analyses/bridging") == ["kl"]
    # Chosen here, it is the choice everywhere.
    with p.expect_request(lambda r: "/api/v1/analyses/bridging" in r.url) as asked:
        p.locator("#su-scope").select_option("ab")
    assert _scopes([asked.value], "analyses/bridging") == ["ab"]
    shot(p, "director-scope-efterfoljd")

    # Förändringar asks again for the förbund now chosen: its answer was for the last one.
    with p.expect_request(lambda r: "/api/v1/analyses/changes" in r.url) as asked:
        p.locator("#nav-forandringar").click()
    assert _scopes([asked.value], "analyses/changes") == ["ab"]
    expect(p.locator("#ch-status")).to_contain_text("ändrade par", timeout=SLOW)
    p.locator("#nav-guide").click()
    expect(p.locator("#g-org")).to_have_value("ab")
    p.locator("#nav-oversikt").click()
    expect(p.locator("#f-federation")).to_have_value("ab")
    expect(status).to_contain_text(f"{len(scope_people(G, ['ab']))} personer", timeout=SLOW)


def test_a_link_opens_on_its_scope(browser: Browser, service: Service) -> None:
    """A shared address opens the page on its förbund, or on any organisations it names,
    after signing in."""
    context, p, console = _open_link(browser, service, "?scope=af-lund,lomma#risk",
                                     "director")
    expect(p.locator("#risk-status")).to_contain_text("Risk per", timeout=SLOW)
    chosen = p.locator("#r-federation option:checked")
    expect(chosen).to_have_text("Urval: AF Lundaregionen, Lomma kommun")
    expect(p.locator("#risk-summary-list li").first).to_contain_text("parter i urvalet")
    G = service.store.collaboration_graph()
    names = {G.nodes[v]["name"] for v in scope_people(G, ["af-lund", "lomma"])}
    listed = p.locator("#risk-table tbody td:nth-child(2)").all_inner_texts()
    assert listed and set(listed) <= names
    # The heat map's intro speaks of what is chosen: the selection, everyone, a förbund.
    intro = p.locator("#heat-intro")
    expect(intro).to_contain_text("innan två parter i urvalet inte längre når varandra")
    for scope, words in (("", "i nätverket"), ("kl", "i förbundet")):
        p.locator("#r-federation").select_option(scope)
        expect(intro).to_have_text(f"Hur många personer som måste sluta innan två parter "
                                   f"{words} inte längre når varandra genom samverkan.",
                                   timeout=SLOW)
    context.close()
    assert console.errors == []


def test_an_organisation_on_the_map_opens_into_its_people(browser: Browser,
                                                          tmp_path: Path) -> None:
    # A low threshold draws the seed as organisations, as a large graph is drawn.
    with Service(tmp_path, Settings(map_aggregate_above=20)) as service:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
        p = context.new_page()
        console = Console(p)
        login(p, service, "director")
        p.locator("#nav-oversikt").click()
        expect(p.locator("#map-status")).to_contain_text("organisationer", timeout=SLOW)
        G = service.store.collaboration_graph()
        # The organisation with the most people of its own (no units below it).
        heads: dict[str, int] = {}
        for _, org in G.nodes(data="organisation"):
            heads[org] = heads.get(org, 0) + 1
        org = max(sorted(heads), key=lambda o: heads[o])
        inside = organisation_tree(G).descendants(org)
        people = {v for v in G if G.nodes[v]["organisation"] in inside}
        # A real click on the node's place in the drawing (Cytoscape keeps its instance on
        # the container).
        x, y = p.evaluate("""(id) => {
            const map = document.querySelector('#map');
            const at = map._cyreg.cy.getElementById(id).renderedPosition();
            const box = map.getBoundingClientRect();
            return [box.left + at.x, box.top + at.y]; }""", org)
        p.mouse.click(x, y)
        ties = G.subgraph(people).number_of_edges()
        expect(p.locator("#map-status")).to_have_text(
            re.compile(f"^{len(people)} personer, {ties} relationer per "), timeout=SLOW)
        expect(p.locator("#f-org")).to_have_value(org)
        shown = p.evaluate("() => [...document.querySelectorAll('#card-person-list option')]"
                           ".map(o => o.value.split(' – ')[0])")
        assert sorted(shown) == sorted(G.nodes[v]["name"] for v in people)
        shot(p, "director-drill-down")
        context.close()
        assert console.errors == []


def test_kontaktvagar_searches_inside_the_chosen_forbund(browser: Browser,
                                                        service: Service) -> None:
    """Kontaktvägar has the shared picker: a link's förbund scopes the search, and an
    asker outside it is told so."""
    from graph.reports.contact_answer import contact_answer

    G = service.store.collaboration_graph()
    kl = sorted(scope_people(G, ["kl"]))
    asker, target = next((a, b) for a in kl for b in reversed(kl) if a != b and contact_answer(
        G, str(a), target=str(b), scope=("kl",))["paths"])
    outside = next(v for v in sorted(G) if v not in kl)
    ref = contact_answer(G, str(asker), target=str(target), scope=("kl",))
    context, p, console = _open_link(browser, service, "?scope=kl#kontakt", "staff")
    expect(p.locator("#p-scope")).to_have_value("kl", timeout=SLOW)
    name = G.nodes
    p.locator("#p-from").fill(f"{name[asker]['name']} [{asker}]")
    p.locator("#p-to").fill(f"{name[target]['name']} [{target}]")
    with p.expect_request(lambda r: "/api/v1/contact-answer" in r.url) as asked:
        p.get_by_role("button", name="Hitta väg").click()
    assert _scopes([asked.value], "contact-answer") == ["kl"]
    count = len(ref["paths"])
    expect(p.locator("#kontakt-status")).to_have_text(
        "1 kontaktväg." if count == 1 else f"{count} kontaktvägar.", timeout=SLOW)
    p.locator("#p-from").fill(f"{name[outside]['name']} [{outside}]")
    p.get_by_role("button", name="Hitta väg").click()
    expect(p.locator("#kontakt-status")).to_contain_text(
        "hör inte till Finsam Kävlinge–Lomma", timeout=SLOW)
    assert axe_violations(p) == []
    # "Alla förbund": the same question is asked across förbund.
    with p.expect_request(lambda r: "/api/v1/contact-answer" in r.url) as asked:
        p.locator("#p-scope").select_option("")
        p.get_by_role("button", name="Hitta väg").click()
    assert _scopes([asked.value], "contact-answer") == [None]
    expect(p.locator("#kontakt-status")).not_to_contain_text("hör inte till")
    shot(p, "staff-kontakt-scope")
    context.close()
    assert console.errors == []

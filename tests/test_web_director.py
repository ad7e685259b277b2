"""The director's main task in Chromium, end to end on the seed data: the top
gränsöverskridare in the list beside the map, their card, then a what-if with them
leaving, at desktop and phone width, with no serious or critical axe-core violation and
no visible null/undefined/NaN. Then a generated 5,000-person graph, where the successor
picker must offer people only (it once offered organisations: "unknown person 'f0-af'")."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from graph.core.settings import Settings
from graph.model.generator import generate
from tests.browser import Console, Service, axe_violations, login, shot, visible_placeholders

SLOW = 60_000  # analyses take seconds on a shared machine: wait for answers, not 5 s


def _api(service: Service, path: str) -> Any:
    request = urllib.request.Request(f"{service.url}{path}", headers={
        "Authorization": f"Bearer {service.tokens['director']}"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


def _checks(p: Page) -> None:
    assert axe_violations(p) == []
    assert visible_placeholders(p) == []


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_top_spanner_card_and_what_if(browser: Browser, service: Service,
                                      size: tuple[int, int]) -> None:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height},
                                  is_mobile=width < 500, locale="sv-SE")
    p = context.new_page()
    console = Console(p)
    login(p, service, "director")
    p.locator("#nav-oversikt").click()
    expect(p.locator("#map-status")).to_contain_text("personer", timeout=SLOW)
    # The list is the ranking of the förbund chosen (all of them by default): its first
    # entry is the top spanner among the people drawn.
    first = p.locator("#ranked-spanner button").first
    expect(first).to_be_visible()
    name = first.locator("strong").inner_text()
    spanners = _api(service, "/api/v1/analyses/spanners?top=1000")
    on_map = set(p.evaluate("() => [...document.querySelectorAll('#card-person-list option')]"
                            ".map(o => o.value.split(' – ')[0])"))
    assert name == next(s["name"] for s in spanners if s["name"] in on_map and s["score"] > 0)
    expect(p.locator("#legend-key")).to_be_visible()
    # Searching the list narrows it to the name typed.
    p.locator("#rank-search").fill(name.split()[0])
    expect(p.locator("#ranked-spanner button").first).to_contain_text(name)
    p.locator("#rank-search").fill("")
    first.click()
    expect(p.locator("#card-name")).to_have_text(name, timeout=SLOW)
    expect(p.locator("#card-body")).to_contain_text("Gränsöverskridare:")
    assert p.locator("#card-person").input_value().startswith(name)
    # The chosen person is ringed on the map.
    assert p.evaluate("() => document.querySelector('#map canvas') !== null")
    _checks(p)
    shot(p, f"director-overview-{width}")
    with p.expect_download() as got:
        p.locator("#spanners-csv").click()
    assert got.value.suggested_filename == "gransoverskridare.csv"
    assert name in Path(got.value.path()).read_text(encoding="utf-8-sig")

    p.locator("#nav-risk").click()
    expect(p.locator("#risk-summary-list")).to_contain_text("Högst risk", timeout=SLOW)
    expect(p.locator("#risk-table td.num").first).to_have_text(re.compile(r"^\d+(,\d)?$"))
    p.get_by_text("Så läses risken").click()
    expect(p.locator("#risk-scale-text")).to_contain_text("Risk = påverkan × exponering")
    leaver = p.get_by_label(f"{name} slutar")
    if not leaver.count():  # the top spanner carries no risk: take the top key person
        leaver = p.locator(".leaver").first
    leaver.check()
    p.get_by_role("button", name="Simulera").click()
    expect(p.locator("#whatif-summary")).to_contain_text("slutar", timeout=SLOW)
    expect(p.locator("#whatif-list")).to_contain_text("Personer:")
    expect(p.locator("#risk-map-after canvas").first).to_be_attached()
    # Ticks, and the simulation they gave, are kept when the page is visited again.
    summary = p.locator("#whatif-summary li").first.inner_text()
    p.locator("#nav-oversikt").click()
    p.locator("#nav-risk").click()
    expect(p.locator("#risk-status")).to_contain_text("Risk per", timeout=SLOW)
    expect(p.locator(".leaver:checked")).to_have_count(1)
    expect(p.locator("#whatif-summary li").first).to_have_text(summary)
    _checks(p)
    with p.expect_download() as got:
        p.get_by_role("button", name="Styrelserapport (PDF)").click()
    assert got.value.suggested_filename == "styrelserapport.pdf"
    assert Path(got.value.path()).read_bytes().startswith(b"%PDF")
    if width < 500:
        overflow = p.evaluate("document.documentElement.scrollWidth") - width
        assert overflow <= 0
    shot(p, f"director-what-if-{width}")
    context.close()
    assert console.errors == []


def test_successor_picker_lists_people_only_on_5000(browser: Browser, tmp_path: Path) -> None:
    document = generate(5000, seed=3, national=True)
    orgs = {o["id"] for o in document["organisations"]}
    with Service(tmp_path, Settings(), document=document) as service:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
        p = context.new_page()
        console = Console(p)
        login(p, service, "director")
        p.locator("#nav-risk").click()
        expect(p.locator("#risk-summary-list")).to_be_visible(timeout=120_000)
        p.locator(".leaver").first.check()
        options = p.evaluate("() => [...document.querySelectorAll('#successors option')]"
                             ".map(o => o.value)")
        current = service.store.collaboration_graph()
        people = {str(current.nodes[v]["name"]) for v in current}
        assert len(options) == len(current) - 1
        assert {o.split(" – ")[0] for o in options} <= people
        assert not any(o in orgs for o in options)
        p.locator("#successors input").fill(options[0])
        p.locator("#successors input").dispatch_event("change")
        p.get_by_role("button", name="Simulera").click()
        expect(p.locator("#whatif-summary")).to_contain_text("Efterträdare", timeout=120_000)
        expect(p.locator("#risk-status")).not_to_have_class(re.compile("error"))
        shot(p, "director-what-if-5000")
        context.close()
        assert console.errors == []

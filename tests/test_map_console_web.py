"""The network map (Cytoscape, on Översikt) opens without a console warning: a custom
``wheelSensitivity`` made Cytoscape warn on every map drawn. Errors fail every browser test
(tests/browser.py: Console); warnings are asserted on this page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser import Console, Service, login


def test_the_map_draws_without_console_warnings(page: tuple[Page, Console],
                                                service: Service) -> None:
    p, console = page
    login(p, service, "director")
    p.locator("#nav-oversikt").click()
    expect(p.locator("#map-status")).to_contain_text("personer", timeout=60_000)
    # drawn, not only counted: the canvas Cytoscape draws on
    expect(p.locator("#map canvas").first).to_be_attached(timeout=60_000)
    assert console.warnings == []

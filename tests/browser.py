"""What every browser test shares: the service on a loopback port, Debian's Chromium through
Playwright (never a downloaded browser), console capture, screenshots, sign-in, and the two
checks every page must pass: axe-core finds no serious or critical violation, and no
"null", "undefined" or "NaN" is visible."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect, sync_playwright

from api.app import create_app
from api.seed_data import seed_document
from graph.core.access import ROLE_NAMES, AccessLog, Role
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from matching.recruitments import Recruitment
from tests.serving import Running

__all__ = ["ARTIFACTS", "PAGES", "Console", "Service", "axe_violations", "browser", "login",
           "nav_pages", "page", "row_button", "shot", "visible_placeholders"]

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "web"
PAGES = {
    "director": {"oversikt", "risk", "kontakt", "guide", "forandringar", "efterfoljd"},
    "staff": {"kontakt", "guide"},
    "recruiter": {"rekrytering"},
    "admin": {"admin", "redigera", "enkat", "listor"},
}
class Service:
    """The service on a free loopback port; ``options`` go to ``create_app`` (the OIDC tests
    pass a provider and a clock)."""

    def __init__(self, root: Path, settings: Settings, document: dict[str, Any] | None = None,
                 port: int | None = None, **options: Any) -> None:
        self.store = SQLiteStore(root / "samverkan.db")
        self.store.write(document or seed_document())
        self.access = AccessLog(root / "samverkan.db")
        self.tokens = {role.value: self.access.add_user(f"{role.value}-test", role)
                       for role in Role}
        app = create_app(self.store, self.access, settings, **options)
        app.state.recruitments.create_recruitment(Recruitment(
            id="team-fk", title="Handläggare i samverkansteam", profile="teamhandlaggare",
            target_organisation=None, decision_date=None, legal_hold=False,
            assignees=("recruiter-test",)))
        self.running = Running(app, port)
        self.port = self.running.port
        self.server = self.running.server  # tests reach the app's state through it

    def __enter__(self) -> Service:
        self.running.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.running.__exit__(*exc)
        self.store.close()
        self.access.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with Service(tmp_path_factory.mktemp("web"), Settings()) as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed; run .ci/setup --browser (README)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


class Console:
    """Console errors and uncaught exceptions of a page: there must be none. Warnings are
    kept apart (``warnings``), for the tests of pages that must have none either."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _console(self, msg: ConsoleMessage) -> None:
        # A refused request (401/403/404 shown in the page) logs a resource error in
        # Chromium; those are the interface's expected answers, not script faults.
        if msg.type == "error" and "Failed to load resource" not in msg.text:
            self.errors.append(msg.text)
        if msg.type == "warning":
            self.warnings.append(msg.text)


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, Console]]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    p = context.new_page()
    console = Console(p)
    yield p, console
    context.close()
    assert console.errors == []


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login(page: Page, service: Service, role: str) -> None:
    """Sign in with the trial key of ``role`` (or of a user added to ``service.tokens`` by
    name); the header then names the user and the role in Swedish."""
    page.goto(f"{service.url}/")
    page.get_by_label("Nyckel för provkörning").fill(service.tokens[role])
    page.get_by_role("button", name="Logga in").click()
    name = f"{role}-test" if role in {r.value for r in Role} else role
    user = next(u for u in service.access.users() if u["name"] == name)
    expect(page.locator("#who")).to_have_text(f"{name} ({ROLE_NAMES[Role(user['role'])]})")


def row_button(page: Page, verb: str, name: str, key: str) -> Locator:
    """Redigera's "Ändra" or "Ta bort" of one row, as a screen reader names it: by the row's
    name, with its id after where another row shown reads the same."""
    said = re.compile(rf"^{verb} {re.escape(name)}( \({re.escape(key)}\))?$")
    return page.get_by_role("button", name=said)


def nav_pages(page: Page) -> set[str]:
    hrefs = page.locator("#nav a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    return {h.removeprefix("#") for h in hrefs}


# axe-core comes from npm (api/web's devDependencies, installed by .ci/setup) and is injected
# into the page under test; it is never served by the service.
AXE = Path(__file__).resolve().parents[1] / "api/web/node_modules/axe-core/axe.min.js"


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of the given impacts on the page as it is now, one line each
    (rule id, impact, how many nodes, the first node's selector)."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed; run .ci/setup (README)")
    # Evaluated through the DevTools protocol, which the service's CSP (script-src 'self')
    # rightly does not let a script tag do.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("async () => JSON.stringify((await axe.run(document)).violations)")
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])}): {v['nodes'][0]['target']}"
            for v in json.loads(result) if v["impact"] in impacts]


_PLACEHOLDER = re.compile(r"\b(null|undefined|NaN)\b")


def visible_placeholders(page: Page) -> list[str]:
    """Visible text that shows a missing value as the script language spells it."""
    text = page.locator("body").inner_text()
    return sorted({m.group(0) for m in _PLACEHOLDER.finditer(text)})

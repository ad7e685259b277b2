"""OpenID Connect sign-in end to end: a real, certified OpenID provider (the npm package
``oidc-provider``, installed by ``.ci/setup`` into tests/oidc) on loopback, the real service,
and Debian's Chromium driven by Playwright through the provider's sign-in form.

The service's clock is the wall clock plus an offset the tests move, so an expired ID token
is shown without waiting an hour.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx
import pytest
from joserfc.jwk import RSAKey
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from api.oidc import OidcClient, OidcSettings, SignInRefusedError
from api.seed_data import seed_document
from graph.core.access import ROLE_NAMES, Role
from graph.core.settings import Settings
from matching.recruitments import Recruitment
from tests.browser import PAGES, Console, Service, nav_pages
from tests.serving import free_port

T = TypeVar("T")
PROVIDER = Path(__file__).resolve().parent / "oidc"
CLIENT_ID, CLIENT_SECRET = "samverkan", "test-client-secret"
GROUPS = {"samverkan-ledning": "director", "samverkan-rekrytering": "recruiter"}
CONTACT = "IT-servicedesk, telefon 010-123 45 67"
ACCOUNTS = {
    "dina": {"preferred_username": "dina", "name": "Dina Direktör", "email": "Dina@Forbund.example",
             "email_verified": True, "groups": ["alla-anstallda", "samverkan-ledning"]},
    "rolf": {"preferred_username": "rolf", "email": "rolf@forbund.example",
             "email_verified": True, "groups": ["samverkan-rekrytering"]},
    "ulla": {"preferred_username": "ulla", "email": "ulla@forbund.example",
             "email_verified": True, "groups": ["alla-anstallda", "ekonomi"]},
}


class Clock:
    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


class Provider:
    """oidc-provider in a Node process of its own, on a free loopback port."""

    def __init__(self, root: Path, jwks: dict[str, Any], redirect_base: str) -> None:
        if not (PROVIDER / "node_modules" / "oidc-provider").is_dir():
            pytest.fail("oidc-provider is not installed; run .ci/setup (README)")
        self.port = free_port()
        config = root / f"provider-{self.port}.json"
        config.write_text(json.dumps({
            "issuer": self.issuer, "port": self.port, "jwks": jwks, "accounts": ACCOUNTS,
            "client": {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                       "redirect_uris": [f"{redirect_base}/auth/callback"],
                       "post_logout_redirect_uris": [f"{redirect_base}/ui/"],
                       "response_types": ["code"], "grant_types": ["authorization_code"]},
        }))
        self.process = subprocess.Popen(
            [shutil.which("node") or "node", str(PROVIDER / "provider.mjs"), str(config)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.process.stdout is not None
        if self.process.stdout.readline().strip() != "ready":
            self.process.kill()
            raise RuntimeError("the OpenID provider did not start")

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settings(self) -> OidcSettings:
        return OidcSettings(issuer=self.issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                            scope="openid email profile groups", role_claim="groups",
                            role_map={k: Role(v) for k, v in GROUPS.items()},
                            access_contact=CONTACT)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def jwks() -> dict[str, Any]:
    # One signing key for both providers: a token from the other issuer then has a valid
    # signature, and only the issuer check can refuse it.
    key = RSAKey.generate_key(2048, parameters={"kid": "test", "use": "sig", "alg": "RS256"})
    return {"keys": [key.as_dict(private=True)]}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory,
        jwks: dict[str, Any]) -> Iterator[tuple[Service, Provider, Clock]]:
    root = tmp_path_factory.mktemp("oidc")
    port = free_port()
    provider = Provider(root, jwks, f"http://127.0.0.1:{port}")
    document = seed_document()
    document["people"][0]["email"] = "dina@forbund.example"  # Dina's person in the graph
    clock = Clock()
    with Service(root, Settings(), document, port, oidc=provider.settings(),
                 clock=clock) as service:
        service.server.config.app.state.recruitments.create_recruitment(Recruitment(
            id="team-af", title="Arbetsmarknadskonsulent", profile="teamhandlaggare",
            target_organisation=None, decision_date=None, legal_hold=False,
            assignees=("rolf",)))
        yield service, provider, clock
    provider.stop()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    c = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    yield c
    c.close()


def through_provider(p: Page, service: Service, account: str) -> None:
    """The provider's own pages (its sign-in form, any password, then consent) until it
    sends the browser back; a provider that remembers the person asks nothing."""
    while not p.url.startswith(service.url):
        login = p.locator("input[name=login]")
        with p.expect_navigation():
            if login.count():
                login.fill(account)
                p.locator("input[name=password]").fill("valfritt")
            p.locator("button[type=submit]").first.click()


def begin(p: Page, service: Service) -> None:
    p.goto(f"{service.url}/")
    expect(p.locator("#login-oidc")).to_be_visible()
    expect(p.locator("#login-form")).to_be_hidden()  # no trial key once a provider is set
    with p.expect_navigation():
        p.get_by_role("link", name="Logga in med organisationens konto").click()


def sign_in(p: Page, service: Service, account: str, role: str) -> None:
    begin(p, service)
    through_provider(p, service, account)
    expect(p.locator("#who")).to_have_text(f"{account} ({ROLE_NAMES[Role(role)]})")


def session_cookie(context: BrowserContext) -> dict[str, Any]:
    cookie = next(c for c in context.cookies() if c["name"] == "samverkan_session")
    return dict(cookie)


def audit(service: Service, action: str) -> list[dict[str, Any]]:
    return [e.as_dict() for e in service.access.entries(action=action, limit=1000)]


def sign_out(p: Page, service: Service) -> None:
    p.get_by_role("button", name="Logga ut").click()
    # RP-initiated logout: the provider asks, then sends the browser back to the service.
    p.get_by_role("button", name="Yes, sign me out").click()
    p.wait_for_url(re.compile(re.escape(f"{service.url}/ui/")))
    expect(p.locator("#page-login")).to_be_visible()


def test_director_signs_in_sees_their_pages_and_signs_out_everywhere(
        context: BrowserContext, env: tuple[Service, Provider, Clock]) -> None:
    service, _, _ = env
    p = context.new_page()
    console = Console(p)
    sign_in(p, service, "dina", "director")
    assert nav_pages(p) == PAGES["director"]
    # "Jag är" is the person the provider's e-mail address names (compared without case).
    p.locator("#nav-kontakt").click()
    me = service.store.read().people[0]
    expect(p.locator("#p-from")).to_have_value(f"{me.name} [{me.id}]")
    cookie = session_cookie(context)
    assert (cookie["httpOnly"], cookie["secure"], cookie["sameSite"]) == (True, True, "Lax")
    assert p.evaluate("sessionStorage.length + localStorage.length") == 0
    entry = audit(service, "sign_in")[0]
    assert (entry["user"], entry["role"], entry["target"]) == ("dina", "director", "oidc")

    sign_out(p, service)
    assert audit(service, "sign_out")[0]["user"] == "dina"
    # The old cookie, replayed from outside the browser, no longer opens anything.
    with httpx.Client(base_url=service.url, cookies={cookie["name"]: cookie["value"]}) as http:
        answer = http.get("/api/v1/me")
    assert answer.status_code == 401, answer.text
    assert console.errors == []


def test_sign_in_returns_to_the_page_and_forbund_it_began_on(
        context: BrowserContext, env: tuple[Service, Provider, Clock]) -> None:
    """A shared link (/ui/?scope=kl#risk) opens the same view after the provider's round
    trip; a sign-in begun with another site as its return address ends on /ui/."""
    service, _, _ = env
    p = context.new_page()
    console = Console(p)
    p.goto(f"{service.url}/ui/?scope=kl#risk")
    with p.expect_navigation():
        p.get_by_role("link", name="Logga in med organisationens konto").click()
    through_provider(p, service, "dina")
    expect(p.locator("#who")).to_have_text(f"dina ({ROLE_NAMES[Role.DIRECTOR]})")
    assert p.url == f"{service.url}/ui/?scope=kl#risk"
    expect(p.locator("#r-federation")).to_have_value("kl")
    sign_out(p, service)
    for elsewhere in ("https://evil.example/ui/", "//evil.example/ui/", "/\\evil.example/"):
        p.goto(f"{service.url}/auth/login?{urlencode({'next': elsewhere})}")
        through_provider(p, service, "dina")
        expect(p.locator("#who")).to_have_text(f"dina ({ROLE_NAMES[Role.DIRECTOR]})")
        assert p.url.startswith(f"{service.url}/ui/"), elsewhere
        sign_out(p, service)
    assert console.errors == []


def test_only_a_path_of_the_web_interface_is_a_return_address() -> None:
    from api.routes_auth import return_address

    kept = ["/ui/", "/ui/?scope=kl#risk", "/ui/?scope=af-lund%2Clomma#kontakt",
            "/ui/#efterfoljd", "/ui/?scope=sn"]
    assert [return_address(t) for t in kept] == kept
    refused = ["https://evil.example/ui/", "//evil.example/ui/", "/\\evil.example/ui/",
               "/ui/\\..\\evil", "http:/ui/", "javascript:alert(1)", "/auth/logout",
               "ui/", "", "/ui/\t//evil", "/ui/\n", "/other/ui/", "/ui/" + "x" * 2000]
    assert [return_address(t) for t in refused] == ["/ui/"] * len(refused)


def test_recruiter_sees_recruitment_only(context: BrowserContext,
                                         env: tuple[Service, Provider, Clock]) -> None:
    service, _, _ = env
    p = context.new_page()
    sign_in(p, service, "rolf", "recruiter")
    assert nav_pages(p) == PAGES["recruiter"]
    expect(p.locator("#page-rekrytering")).to_be_visible()
    # The recruitments assigned to the name the provider gives.
    expect(p.locator("#r-recruitment")).to_contain_text("Arbetsmarknadskonsulent")
    sign_out(p, service)


def test_an_account_without_a_mapped_group_is_refused_with_whom_to_ask(
        context: BrowserContext, env: tuple[Service, Provider, Clock]) -> None:
    service, _, _ = env
    p = context.new_page()
    begin(p, service)
    through_provider(p, service, "ulla")
    expect(p.locator("#auth-h")).to_have_text("Du har ingen behörighet i Samverkan")
    expect(p.locator("body")).to_contain_text(CONTACT)
    assert not [c for c in context.cookies() if c["name"] == "samverkan_session"]
    assert "ulla has no mapped role" in audit(service, "sign_in_failed")[0]["target"]


REDIRECTS = (301, 302, 303, 307, 308)


def intercept_callback(p: Page, service: Service, providers: list[Provider],
                       answer: Callable[[dict[str, str]], dict[str, str] | None]) -> None:
    """Hand the provider's answer (the query of its redirect to the callback) to ``answer``:
    the browser then goes on to the callback with the query it returns, or stops (None).

    Playwright does not intercept a request that a redirect made, and the answer always
    comes as one; so the requests that start such a chain (the service's /auth/login, the
    provider's pages) are fetched here, with the browser context's cookies, and their
    redirects followed here until one leads to the callback or to a page.
    """
    starts = (f"{service.url}/auth/login", *(pr.issuer + "/" for pr in providers))

    def handle(route: Route) -> None:
        if route.request.resource_type != "document" or not route.request.url.startswith(starts):
            route.fallback()
            return
        response = p.context.request.fetch(route.request, max_redirects=0)
        if response.status not in REDIRECTS:
            route.fulfill(response=response)
            return
        last = route.request.url
        while response.status in REDIRECTS:
            location = urljoin(last, response.headers["location"])
            if location.startswith(f"{service.url}/auth/callback?"):
                query = answer({k: v[0] for k, v in parse_qs(urlsplit(location).query).items()})
                if query is None:  # stopped: somewhere harmless on the service instead
                    route.fulfill(status=303, headers={"Location": f"{service.url}/health"})
                else:
                    route.fulfill(status=303, headers={
                        "Location": location.split("?")[0] + "?" + urlencode(query)})
                return
            last, response = location, p.context.request.get(location, max_redirects=0)
        route.fulfill(status=303, headers={"Location": last})  # a page: the browser loads it

    p.route("**/*", handle)


def refused(p: Page, service: Service, reason: str) -> None:
    expect(p.locator("#auth-h")).to_have_text("Inloggningen misslyckades")
    assert reason in audit(service, "sign_in_failed")[0]["target"]


def sign_in_with_changed_answer(p: Page, service: Service, provider: Provider,
                                change: dict[str, str], reason: str) -> None:
    """Sign in as Dina with ``change`` made to the provider's answer: refused, for ``reason``."""
    intercept_callback(p, service, [provider], lambda query: query | change)
    begin(p, service)
    through_provider(p, service, "dina")
    refused(p, service, reason)


def test_a_tampered_state_is_refused(context: BrowserContext,
                                     env: tuple[Service, Provider, Clock]) -> None:
    service, provider, _ = env
    sign_in_with_changed_answer(context.new_page(), service, provider, {"state": "forfalskad"},
                                "state: är inte den som webbläsaren fick")


def test_a_replayed_code_is_refused(context: BrowserContext,
                                    env: tuple[Service, Provider, Clock]) -> None:
    service, provider, _ = env
    p = context.new_page()
    callbacks: list[str] = []
    p.on("request", lambda r: callbacks.append(r.url) if "/auth/callback?" in r.url else None)
    sign_in(p, service, "dina", "director")
    first = callbacks[0]
    # The same answer again: its state was used up by the first sign-in.
    p.goto(first)
    refused(p, service, "state: är inte den")  # used up: its binding cookie is gone
    # A fresh sign-in whose answer carries the old code: the provider refuses it.
    old_code = parse_qs(urlsplit(first).query)["code"][0]
    context.clear_cookies()  # a browser that is not signed in (here or at the provider)
    sign_in_with_changed_answer(p, service, provider, {"code": old_code},
                                "code: inloggningstjänsten godtog inte koden: invalid_grant")


def test_an_expired_id_token_is_refused(context: BrowserContext,
                                        env: tuple[Service, Provider, Clock]) -> None:
    service, _, clock = env
    p = context.new_page()
    clock.offset = 2 * 3600.0  # the provider's ID tokens live one hour
    try:
        begin(p, service)
        through_provider(p, service, "dina")
        refused(p, service, "id_token: ID-token är inte giltig")
        assert "exp" in audit(service, "sign_in_failed")[0]["target"]
    finally:
        clock.offset = 0.0


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    # Playwright's sync API owns this thread's event loop; the client runs in another.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_token_from_another_issuer_is_refused(
        context: BrowserContext, env: tuple[Service, Provider, Clock], jwks: dict[str, Any],
        tmp_path: Path) -> None:
    service, ours, _ = env
    other = Provider(tmp_path, jwks, service.url)  # same key, same client, another issuer
    try:
        foreign = OidcClient(other.settings())
        url, _, pending = _run(foreign.authorization_url(f"{service.url}/auth/callback"))
        p = context.new_page()
        answers: list[dict[str, str]] = []
        intercept_callback(p, service, [other], lambda query: answers.append(query))
        p.goto(url)
        through_provider(p, service, "dina")
        assert answers, "the other provider sent no answer"
        query = answers[0]
        token = _run(foreign.exchange(query["code"], pending))
        id_token = str(token["id_token"])
        # A valid token of its own issuer (so this test can fail) ...
        assert _run(foreign.validate_id_token(id_token, pending["nonce"]))["sub"] == "dina"
        # ... refused by the service, whose provider it is not.
        with pytest.raises(SignInRefusedError, match="iss"):
            _run(OidcClient(ours.settings()).validate_id_token(id_token, pending["nonce"]))
        # And an answer that names the other issuer (RFC 9207) is refused at the callback.
        p.unroute("**/*")
        sign_in_with_changed_answer(p, service, ours, {"iss": other.issuer},
                                    f"iss: svaret kommer från utfärdaren '{other.issuer}'")
    finally:
        other.stop()


def test_a_cross_site_post_without_the_csrf_token_is_refused(
        context: BrowserContext, env: tuple[Service, Provider, Clock]) -> None:
    service, _, _ = env
    p = context.new_page()
    sign_in(p, service, "dina", "director")
    # A page on another site that posts to the service, as a forged form would.
    evil = "http://annan-webbplats.example/"
    p.route(evil, lambda route: route.fulfill(content_type="text/html", body=f"""
        <form id="f" method="post" action="{service.url}/auth/logout"></form>
        <script>document.getElementById('f').submit()</script>"""))
    with p.expect_response(f"{service.url}/auth/logout") as forged:
        p.goto(evil)
    assert forged.value.status == 403
    # The same POST from this site but without the session's token is refused as well ...
    what_if = {"remove": [service.store.read().people[0].id]}
    answer = context.request.post(f"{service.url}/api/v1/analyses/what-if", data=what_if,
                                  headers={"Origin": service.url})
    assert (answer.status, answer.json()["error"]) == (403, "csrf_token_missing")
    # ... and with it accepted: the session is still alive, the forged sign-out did nothing.
    csrf = context.request.get(f"{service.url}/api/v1/me").json()["csrf_token"]
    answer = context.request.post(f"{service.url}/api/v1/analyses/what-if", data=what_if,
                                  headers={"X-CSRF-Token": csrf})
    assert answer.status == 200, answer.text()

"""Signing people in and out of the web interface: /auth/login, /auth/callback and
/auth/logout with the organisation's OpenID provider, or, where none is configured, a
trial key from ``samverkan user add`` exchanged once for the same session cookie.

These routes are for the browser, not the API, and stay out of the OpenAPI document. They
are public in the permission matrix because they run before anyone is signed in; each
checks what it needs itself.
"""

from __future__ import annotations

import hmac
from html import escape
from urllib.parse import urlsplit

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from api.auth import (
    CsrfError,
    NotAuthenticatedError,
    TooManyFailuresError,
    client_address,
    refuse_mixed,
)
from api.deps import Access, AppSettings, LimiterDep, OidcDep, SessionsDep, Store
from api.oidc import OidcClient, SignInRefusedError, person_for, role_for, user_name
from api.sessions import (
    COOKIE,
    CSRF_HEADER,
    LOGIN_TTL_S,
    same_origin,
    set_cookie,
    start,
)
from graph.core.access import User
from graph.core.errors import NotFoundError

LOGIN_COOKIE = "samverkan_login"  # the state of a sign-in under way, bound to this browser
PURPOSE = "inloggning"


class KeySignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1, max_length=200)


def _page(title: str, *paragraphs: str, status: int) -> HTMLResponse:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return HTMLResponse(
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{escape(title)}'
        f'</title><link rel="stylesheet" href="/ui/style.css"></head><body><main>'
        f'<h1 id="auth-h">{escape(title)}</h1>{body}'
        f'<p><a href="/ui/">Till inloggningen</a></p></main></body></html>', status_code=status)


def _oidc(request: Request) -> OidcClient:
    client: OidcClient | None = request.app.state.oidc
    if client is None:
        raise NotFoundError("inloggning via identitetsleverantör är inte inställd")
    return client


def return_address(text: str) -> str:
    """Where a sign-in through the provider sends the browser back: the page it began on
    (``/ui/?scope=kl#risk``: the förbund and the page kept), only a path of the web
    interface on this site. Anything else is ``/ui/``: a link that began a sign-in here
    must not end it on another site (an open redirect, made for look-alike pages).

    >>> return_address("/ui/?scope=kl#risk"), return_address("https://evil.example/ui/")
    ('/ui/?scope=kl#risk', '/ui/')
    >>> return_address("//evil.example/ui/"), return_address("/fel")
    ('/ui/', '/ui/')
    """
    parts = urlsplit(text)
    # No backslash or control character: browsers read a backslash as "/" (so "/\x" is
    # "//x") and drop tabs and line breaks, so such a text could still name another site.
    if (len(text) <= 2000 and not parts.scheme and not parts.netloc and text.isprintable()
            and "\\" not in text and parts.path.startswith("/ui/")):
        return text
    return "/ui/"


def _interface_url(request: Request, redirect_uri: str | None) -> str:
    """Where the provider sends the browser after signing out: the web interface, at the
    public address the configured redirect URI names (behind a proxy), else as reached."""
    if redirect_uri:
        parts = urlsplit(redirect_uri)
        return f"{parts.scheme}://{parts.netloc}/ui/"
    return str(request.url_for("ui", path="/"))


def install(app: FastAPI) -> None:
    """Add the routes to the app itself (not an included router), so that the permission
    matrix's walk over the app's routes finds them although OpenAPI does not list them."""

    @app.get("/auth/methods", include_in_schema=False)
    def methods(client: OidcDep) -> dict[str, bool]:
        """How people sign in here: the organisation's provider, or a trial key."""
        oidc = client is not None
        return {"oidc": oidc, "key": not oidc}

    @app.post("/auth/key", include_in_schema=False)
    def key_sign_in(request: Request, access: Access, oidc: OidcDep, limiter: LimiterDep,
                    settings: AppSettings, body: KeySignIn) -> JSONResponse:
        """A trial key from ``samverkan user add``, exchanged for a session cookie."""
        if oidc is not None:
            raise NotFoundError("här loggar man in med sin organisations konto")
        refuse_mixed(request)
        if not same_origin(request):
            raise CsrfError("logga in från tjänstens egen sida")
        # As for bearer tokens: a valid key is never refused, wrong ones are counted.
        client = client_address(request, frozenset(settings.trusted_proxies))
        user = access.user_for(body.key)
        if user is None:
            wait = limiter.fail(client, body.key)
            access.record(None, "sign_in_failed", "key: unknown key", PURPOSE)
            if wait:
                raise TooManyFailuresError(
                    f"för många felaktiga nycklar; vänta {wait} s och försök igen", wait)
            raise NotAuthenticatedError("nyckeln gäller inte")
        response = JSONResponse({"name": user.name, "role": str(user.role)})
        start(request, response, user, "key")
        access.record(user, "sign_in", "key", PURPOSE)
        return response

    @app.get("/auth/login", include_in_schema=False)
    async def login(request: Request, store: SessionsDep,
                    back: str = Query("/ui/", alias="next")) -> Response:
        """Send the browser to the organisation's provider (code flow, PKCE, state, nonce);
        ``next``: the page to come back to (see :func:`return_address`)."""
        oidc = _oidc(request)
        redirect_uri = oidc.settings.redirect_uri or str(request.url_for("oidc_callback"))
        url, state, pending = await oidc.authorization_url(redirect_uri)
        # Kept with the sign-in on the server, bound to its state, so the provider's
        # answer cannot choose it.
        pending["return_to"] = return_address(back)
        store.begin_login(state, pending)
        response = RedirectResponse(url, status_code=303)
        set_cookie(response, request, LOGIN_COOKIE, state, LOGIN_TTL_S)
        return response

    @app.get("/auth/callback", name="oidc_callback", include_in_schema=False)
    async def callback(request: Request, store: SessionsDep, access: Access,
                       graph_store: Store, state: str = "", code: str = "", error: str = "",
                       iss: str = "") -> Response:
        """The provider's answer: check it, then start a session for a person with a role."""
        oidc = _oidc(request)
        try:
            if error:
                raise SignInRefusedError(f"inloggningstjänsten svarade {error}", field="error")
            # RFC 9207: a provider that names itself in the answer must be ours (mix-up).
            if iss and iss.rstrip("/") != str(oidc.settings.issuer).rstrip("/"):
                raise SignInRefusedError(f"svaret kommer från utfärdaren {iss!r}, "
                                         "inte från vår", field="iss")
            bound = request.cookies.get(LOGIN_COOKIE, "")
            if not state or not hmac.compare_digest(state.encode(), bound.encode()):
                raise SignInRefusedError("är inte den som webbläsaren fick", field="state")
            pending = store.take_login(state)
            if pending is None:
                raise SignInRefusedError("okänd, har gått ut eller redan använd",
                                         field="state")
            if not code:
                raise SignInRefusedError("inloggningstjänsten skickade ingen kod",
                                         field="code")
            token = await oidc.exchange(code, pending)
            claims = await oidc.validate_id_token(str(token["id_token"]), pending["nonce"])
        except SignInRefusedError as exc:
            access.record(None, "sign_in_failed", f"oidc: {exc.message}"[:300], PURPOSE)
            response: Response = _page(
                "Inloggningen misslyckades",
                "Svaret från inloggningstjänsten kunde inte godtas, så du är inte inloggad.",
                "Försök igen. Om det händer igen, kontakta "
                f"{escape(oidc.settings.access_contact)}.", status=400)
            response.delete_cookie(LOGIN_COOKIE, path="/")
            return response
        name = user_name(claims)
        role = role_for(claims, oidc.settings)
        if role is None:
            access.record(None, "sign_in_failed", f"oidc: {name} has no mapped role"[:300],
                          PURPOSE)
            response = _page(
                "Du har ingen behörighet i Samverkan",
                f"Du är inloggad hos din organisation som <strong>{escape(name)}</strong>, "
                "men ingen av dina grupper ger behörighet till Samverkan.",
                f"Be {escape(oidc.settings.access_contact)} att lägga till dig i rätt grupp "
                "(ledning, handläggare, rekryterare eller administratör). Ange ditt "
                "användarnamn ovan.", status=403)
            response.delete_cookie(LOGIN_COOKIE, path="/")
            return response
        person = person_for(claims, oidc.settings, graph_store.read().people,
                            graph_store.collaboration_graph())
        user = User(0, name, role, person)
        response = RedirectResponse(return_address(str(pending.get("return_to", "/ui/"))),
                                    status_code=303)
        start(request, response, user, "oidc", id_token=str(token["id_token"]))
        response.delete_cookie(LOGIN_COOKIE, path="/")
        access.record(user, "sign_in", "oidc", PURPOSE)
        return response

    @app.post("/auth/logout", include_in_schema=False)
    async def logout(request: Request, store: SessionsDep, access: Access,
                     oidc: OidcDep) -> JSONResponse:
        """End this person's sessions in every browser, then at the provider where offered."""
        refuse_mixed(request)
        if not same_origin(request):
            raise CsrfError("logga ut från tjänstens egen sida")
        raw = request.cookies.get(COOKIE)
        session = store.get(raw) if raw else None
        redirect = None
        if session is not None:
            sent = request.headers.get(CSRF_HEADER, "")
            if not hmac.compare_digest(sent.encode(), session.csrf.encode()):
                raise CsrfError("utloggningen behöver sessionens X-CSRF-Token; ladda om sidan")
            store.end_all(session.user.name)
            access.record(session.user, "sign_out", session.source, PURPOSE)
            if session.source == "oidc" and oidc is not None:
                redirect = await oidc.end_session_url(session.id_token, _interface_url(
                    request, oidc.settings.redirect_uri))
        response = JSONResponse({"redirect": redirect})
        response.delete_cookie(COOKIE, path="/", secure=store.settings.cookie_secure,
                               httponly=True, samesite="lax")
        return response



"""OpenID Connect sign-in against the organisation's identity provider.

The protocol is Authlib's (authorization URL with PKCE S256, state and nonce; the code
exchange at the token endpoint) and the ID token is checked by joserfc, Authlib's JOSE
library: signature against the provider's published keys, issuer, audience, expiry, issue
time and nonce. This module only decides what the service makes of a valid token: the
role from the organisation's groups and the person in the graph.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import httpx
import networkx as nx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.core.access import Role
from graph.core.errors import SamverkanError
from graph.model.schema import Person

if TYPE_CHECKING:  # authlib is imported at sign-in: not at a service's start
    from authlib.integrations.httpx_client import AsyncOAuth2Client

# When a person's groups map to several roles, the first of these wins.
ROLE_ORDER = (Role.ADMIN, Role.DIRECTOR, Role.STAFF, Role.RECRUITER)
ALGORITHMS = ("RS256", "PS256", "ES256", "EdDSA")
LEEWAY_S = 60  # clock difference tolerated between the provider and this service


class OidcSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAMVERKAN_OIDC_", extra="ignore")

    issuer: str | None = Field(default=None, description="Unset: sign-in with a trial key.")
    client_id: str = ""
    client_secret: str = ""
    scope: str = "openid email profile"
    role_claim: str = "groups"
    # JSON, claim value -> role; empty: a value equal to a role's name is that role.
    role_map: dict[str, Role] = Field(default_factory=dict)
    person_claim: str = Field(
        default="email", description="Matched against people's e-mail, else their id.")
    # Default: this service's /auth/callback as the browser reached it.
    redirect_uri: str | None = None
    access_contact: str = "den som administrerar Samverkan i ert förbund"

    @property
    def enabled(self) -> bool:
        return bool(self.issuer)


class SignInRefusedError(SamverkanError):
    """The provider's answer does not hold: the reason goes to the audit log."""

    code = "sign_in_refused"


Clock = Callable[[], float]


class OidcClient:
    """One configured provider: its discovered endpoints and keys, fetched on first use."""

    def __init__(self, settings: OidcSettings, clock: Clock = time.time) -> None:
        self.settings = settings
        self.clock = clock
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._lock = asyncio.Lock()

    def _client(self, redirect_uri: str) -> AsyncOAuth2Client:
        from authlib.integrations.httpx_client import AsyncOAuth2Client

        return AsyncOAuth2Client(
            client_id=self.settings.client_id, client_secret=self.settings.client_secret,
            scope=self.settings.scope, redirect_uri=redirect_uri,
            code_challenge_method="S256", timeout=10)

    async def metadata(self) -> dict[str, Any]:
        async with self._lock:
            if self._metadata is None:
                issuer = str(self.settings.issuer).rstrip("/")
                async with httpx.AsyncClient(timeout=10) as http:
                    response = await http.get(f"{issuer}/.well-known/openid-configuration")
                    response.raise_for_status()
                    meta: dict[str, Any] = response.json()
                # OpenID Connect Discovery 4.3: the document must name the issuer asked.
                if meta.get("issuer", "").rstrip("/") != issuer:
                    raise SignInRefusedError(
                        f"inloggningstjänstens beskrivning (discovery) anger utfärdaren "
                        f"{meta.get('issuer')!r}", field="issuer")
                self._metadata = meta
            return self._metadata

    async def _key_set(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            meta = await self.metadata()
            async with httpx.AsyncClient(timeout=10) as http:
                response = await http.get(meta["jwks_uri"])
                response.raise_for_status()
            self._keys = KeySet.import_key_set(response.json())
        return self._keys

    async def authorization_url(self, redirect_uri: str) -> tuple[str, str, dict[str, str]]:
        """Where to send the browser, the state, and what the callback needs to finish."""
        from authlib.common.security import generate_token

        meta = await self.metadata()
        verifier, nonce = generate_token(64), generate_token(32)
        async with self._client(redirect_uri) as client:
            url, state = client.create_authorization_url(
                meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce)
        return url, state, {"verifier": verifier, "nonce": nonce, "redirect_uri": redirect_uri}

    async def exchange(self, code: str, pending: dict[str, str]) -> dict[str, Any]:
        """The token response for an authorization code (PKCE verifier included)."""
        from authlib.integrations.base_client.errors import OAuthError

        meta = await self.metadata()
        try:
            async with self._client(pending["redirect_uri"]) as client:
                token: dict[str, Any] = await client.fetch_token(
                    meta["token_endpoint"], grant_type="authorization_code", code=code,
                    code_verifier=pending["verifier"])
        except OAuthError as exc:
            raise SignInRefusedError(
                f"inloggningstjänsten godtog inte koden: {exc.error}", field="code") from None
        except httpx.HTTPError as exc:
            raise SignInRefusedError(
                f"inloggningstjänsten svarade inte när koden löstes in: {exc}",
                field="code") from None
        if "id_token" not in token:
            raise SignInRefusedError("inloggningstjänstens svar saknar ID-token",
                                     field="id_token")
        return token

    async def validate_id_token(self, id_token: str, nonce: str) -> dict[str, Any]:
        """The ID token's claims, once signature, issuer, audience, times and nonce hold."""
        try:
            try:
                token = jwt.decode(id_token, await self._key_set(), algorithms=ALGORITHMS)
            except JoseError:
                # The provider may have rotated its keys since they were fetched.
                token = jwt.decode(id_token, await self._key_set(refresh=True),
                                   algorithms=ALGORITHMS)
            jwt.JWTClaimsRegistry(
                now=int(self.clock()), leeway=LEEWAY_S,
                iss={"essential": True, "value": str(self.settings.issuer)},
                aud={"essential": True, "value": self.settings.client_id},
                sub={"essential": True}, exp={"essential": True}, iat={"essential": True},
                nonce={"essential": True, "value": nonce},
            ).validate(token.claims)
        except (JoseError, ValueError) as exc:
            raise SignInRefusedError(f"ID-token är inte giltig: {exc}",
                                     field="id_token") from None
        claims: dict[str, Any] = token.claims
        # Core 3.1.3.7: with several audiences, the token must have been issued to us.
        azp = claims.get("azp")
        if azp is not None and azp != self.settings.client_id:
            raise SignInRefusedError(f"ID-token utfärdades till {azp!r}, inte till tjänsten",
                                     field="azp")
        return claims

    async def end_session_url(self, id_token: str | None, after: str) -> str | None:
        """RP-initiated logout at the provider, where it offers one."""
        endpoint = (await self.metadata()).get("end_session_endpoint")
        if not endpoint:
            return None
        params = {"client_id": self.settings.client_id, "post_logout_redirect_uri": after}
        if id_token:
            params["id_token_hint"] = id_token
        return str(httpx.URL(endpoint, params=params))


def role_for(claims: dict[str, Any], settings: OidcSettings) -> Role | None:
    """The role the organisation's groups give, or None when no value maps to one."""
    raw = claims.get(settings.role_claim)
    values: Iterable[Any] = raw if isinstance(raw, list) else [raw] if raw else []
    roles = {_role_of(str(v), settings.role_map) for v in values} - {None}
    return next((r for r in ROLE_ORDER if r in roles), None)


def _role_of(value: str, role_map: dict[str, Role]) -> Role | None:
    if role_map:
        return role_map.get(value)
    return Role(value) if value in Role.__members__.values() else None


def user_name(claims: dict[str, Any]) -> str:
    """The name the audit log and recruitments know the person by."""
    name = claims.get("preferred_username") or claims.get("email") or claims["sub"]
    return str(name)


def person_for(claims: dict[str, Any], settings: OidcSettings, people: Iterable[Person],
               current: nx.Graph) -> str | None:
    """The current person in the graph the signed-in user is: by e-mail (or the configured
    claim), compared without case, else a person whose id is the claim's value."""
    if settings.person_claim == "email" and claims.get("email_verified") is False:
        return None  # an address the provider has not verified proves nothing
    value = claims.get(settings.person_claim)
    if not isinstance(value, str) or not value:
        return None
    wanted = value.casefold()
    found = next((p.id for p in people if p.email and p.email.casefold() == wanted
                  and p.id in current), None)
    return found or (value if value in current else None)

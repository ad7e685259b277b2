"""What the web interface needs beyond the plain API: who am I, the map, a person's card,
the printable guide, and the interface's own files."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from api.deps import (
    AppSettings,
    AsOf,
    ScopeQuery,
    Store,
    audit,
    subject,
    user_of,
    within_budget,
)
from api.sessions import Session
from api.usecases import analyses, contacts
from graph.core.access import ROLE_NAMES
from graph.reports.guide import to_html

WEB = Path(str(files("api").joinpath("web")))
STATIC = WEB / "static"
# Cytoscape.js comes from npm (api/web/package.json), installed by the set-up command.
VENDOR = WEB / "node_modules" / "cytoscape" / "dist"


def router() -> APIRouter:
    r = APIRouter()

    @r.get("/api/v1/me", tags=["service"])
    def me(request: Request) -> dict[str, str | None]:
        """The signed-in user's name, role (the interface shows that role's pages) and
        person in the graph; in a browser session also the CSRF token its writes repeat."""
        who = user_of(request)
        # role_name: what the page header shows; role: what the interface keys pages on.
        answer = {"name": who.name, "role": str(who.role), "role_name": ROLE_NAMES[who.role],
                  "person": who.person}
        session: Session | None = getattr(request.state, "session", None)
        if session is not None:
            answer["csrf_token"] = session.csrf
        return answer

    @r.get("/api/v1/map", tags=["analyses"])
    async def map_route(request: Request, store: Store, settings: AppSettings,
                        as_of: AsOf = None, organisation: str | None = None,
                        group: str | None = None, initiative: str | None = None,
                        scope: ScopeQuery = None) -> dict[str, Any]:
        """The map: people (or, on a large graph, organisations) with key persons marked."""
        view = await within_budget(request, lambda: analyses.map_of(
            store, settings, as_of, organisation=organisation, group=group,
            initiative=initiative, scope=scope))
        audit(request, "map", organisation or group or initiative or scope, "analys")
        return view

    @r.get("/api/v1/people/{row_id}/card", tags=["analyses"])
    async def card(request: Request, row_id: str, store: Store,
                   as_of: AsOf = None) -> dict[str, Any]:
        """A person's roles, forums, initiatives, ties, and spanner and risk facts."""
        result = await within_budget(request, lambda: analyses.card(store, row_id, as_of))
        audit(request, "read_person_card", subject(request, "person", row_id), "analys")
        return result

    # Not response_class=HTMLResponse: that would document the JSON error bodies as HTML.
    @r.get("/api/v1/guide/{organisation}/html", tags=["contacts"], responses={200: {
        "description": "A printable HTML page.",
        "content": {"text/html": {"schema": {"type": "string"}}}}})
    def guide_html(request: Request, organisation: str, store: Store,
                   as_of: AsOf = None) -> HTMLResponse:
        """The Samverkansguide of an organisation as a printable HTML page."""
        data = contacts.guide_of(store, organisation, as_of=as_of)
        audit(request, "guide", organisation, "samverkansguide")
        return HTMLResponse(to_html(data, request.app.state.today()))

    return r


def mount_interface(app: FastAPI) -> None:
    """Serve the web interface at /ui (static files: no personal data without a token)."""

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/")

    # The pages name /ui/favicon.svg; a browser or tool that asks the site root anyway
    # gets the same icon, not a 404 in the log on every page load.
    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    if VENDOR.is_dir():
        app.mount("/ui/vendor", StaticFiles(directory=VENDOR), name="vendor")
    app.mount("/ui", StaticFiles(directory=STATIC, html=True), name="ui")


"""What the web interface needs beyond the plain API: who am I, the map, a person's card,
the printable guide, and the interface's own files."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from api.deps import (
    AsOf,
    CurrentUser,
    ScopeQuery,
    Store,
    audit,
    subject,
    user_of,
    within_budget,
)
from api.sessions import Session
from graph.analysis.scope import in_scope
from graph.reports.guide import guide, to_html
from graph.reports.key_persons import risk_report
from graph.reports.overview import map_view, people_in, person_card
from graph.reports.spanners import spanner_report
from graph.store.open import betweenness_source

HIGHLIGHTED = 10  # spanners and key persons marked on the map
WEB = Path(str(files("api").joinpath("web")))
STATIC = WEB / "static"
# Cytoscape.js comes from npm (api/web/package.json), installed by the set-up command.
VENDOR = WEB / "node_modules" / "cytoscape" / "dist"


def router() -> APIRouter:
    r = APIRouter()

    @r.get("/api/v1/me", tags=["service"])
    def me(request: Request, user: CurrentUser) -> dict[str, str | None]:
        """The signed-in user's name, role (the interface shows that role's pages) and
        person in the graph; in a browser session also the CSRF token its writes repeat."""
        who = user_of(request)
        answer = {"name": who.name, "role": str(who.role), "person": who.person}
        session: Session | None = getattr(request.state, "session", None)
        if session is not None:
            answer["csrf_token"] = session.csrf
        return answer

    @r.get("/api/v1/map", tags=["analyses"])
    async def map_route(request: Request, store: Store, user: CurrentUser, as_of: AsOf = None,
                        organisation: str | None = None, group: str | None = None,
                        initiative: str | None = None, scope: ScopeQuery = None
                        ) -> dict[str, Any]:
        """The map: people (or, on a large graph, organisations) with key persons marked."""
        G = in_scope(store.collaboration_graph(as_of), scope)
        chosen = people_in(G, organisation=organisation, group=group, initiative=initiative)

        above = request.app.state.settings.map_aggregate_above

        def work() -> dict[str, Any]:
            view = map_view(G, chosen, aggregate_above=above)
            if view["mode"] == "people" and len(G):
                spanning = [row["person"] for row in spanner_report(
                    G, betweenness_source=betweenness_source(store)).rows[:HIGHLIGHTED]
                    if row["score"] > 0]
                key = [row["person"] for row in risk_report(
                    store.read(), G, path_lengths_for=0)[:HIGHLIGHTED] if row["risk"] > 0]
                view = map_view(G, chosen, spanners=spanning, key_persons=key,
                                aggregate_above=above)
            return view

        view = await within_budget(request, work)
        audit(request, "map", organisation or group or initiative, "analys")
        return {"as_of": G.graph.get("as_of"), **view}

    @r.get("/api/v1/people/{row_id}/card", tags=["analyses"])
    async def card(request: Request, row_id: str, store: Store, user: CurrentUser,
                   as_of: AsOf = None) -> dict[str, Any]:
        """A person's roles, forums, initiatives, ties, and spanner and risk facts."""
        G = store.collaboration_graph(as_of)
        person_card(G, row_id)  # an unknown id answers 404 before any analysis runs

        def work() -> dict[str, Any]:
            spanners = {row["person"]: row for row in spanner_report(
                G, betweenness_source=betweenness_source(store)).rows}
            risks = {row["person"]: row for row in risk_report(
                store.read(), G, path_lengths_for=0)}
            return person_card(G, row_id, spanner=spanners.get(row_id),
                               risk=risks.get(row_id))

        result = await within_budget(request, work)
        audit(request, "read_person_card", subject(request, "person", row_id), "analys")
        return result

    # Not response_class=HTMLResponse: that would document the JSON error bodies as HTML.
    @r.get("/api/v1/guide/{organisation}/html", tags=["contacts"], responses={200: {
        "description": "A printable HTML page.",
        "content": {"text/html": {"schema": {"type": "string"}}}}})
    def guide_html(request: Request, organisation: str, store: Store, user: CurrentUser,
                   as_of: AsOf = None) -> HTMLResponse:
        """The Samverkansguide of an organisation as a printable HTML page."""
        data = guide(store.collaboration_graph(as_of), organisation)
        audit(request, "guide", organisation, "samverkansguide")
        return HTMLResponse(to_html(data))

    return r


def mount_interface(app: FastAPI) -> None:
    """Serve the web interface at /ui (static files: no personal data without a token)."""

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/")

    if VENDOR.is_dir():
        app.mount("/ui/vendor", StaticFiles(directory=VENDOR), name="vendor")
    app.mount("/ui", StaticFiles(directory=STATIC, html=True), name="ui")


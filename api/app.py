"""The FastAPI application: thin routes over the domain functions in ``graph/``.

Every route passes the permission matrix (``api.auth``); every read of personal data is
written to the audit log with who, role, what and purpose (``X-Purpose`` header, or the
route's default purpose).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import networkx as nx
from fastapi import Depends, FastAPI, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api import (
    errors,
    routes_auth,
    routes_edit,
    routes_graph,
    routes_matching,
    routes_spreadsheets,
    routes_survey,
    routes_turnover,
    routes_views,
)
from api.auth import FailureLimiter, authorize
from api.deps import AsOf, CurrentUser, Offset, Store, audit, subject, within_budget
from api.headers import SecurityHeaders
from api.limits import BodyLimits
from api.oidc import OidcClient, OidcSettings
from api.sessions import SessionSettings, SessionStore
from api.uploads import UploadJobs
from graph.analysis.connectivity import organisation_connectivity
from graph.analysis.projection import people_of
from graph.analysis.topics import find_people
from graph.core.access import AccessLog
from graph.core.errors import NotFoundError
from graph.core.private_files import private_file
from graph.core.progress import Jobs
from graph.core.settings import Settings
from graph.model.schema import IsoDate
from graph.reports.guide import guide
from graph.reports.key_persons import risk_report
from graph.reports.paths import Target, k_best_paths, path_index, resolve
from graph.reports.spanners import organisation_at_level, spanner_report
from graph.reports.whatif import what_if
from graph.store.change_history import ChangeHistory
from graph.store.open import betweenness_source
from graph.store.protocol import GraphStore
from graph.store.staff_links import StaffLinks
from graph.survey.rounds import SurveyRecords
from matching.encoders import EmbeddingCache
from matching.recruitments import RecruitmentStore


class WhatIfRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    remove: list[str] = Field(min_length=1, max_length=200,
                              examples=[["kl-af-foretag"]])
    successors: dict[str, str] = Field(default_factory=dict,
                                       examples=[{"kl-af-foretag": "kl-af-kontakt"}])
    as_of: IsoDate | None = None


def create_app(store: GraphStore, access: AccessLog, settings: Settings | None = None,
               recruitments: RecruitmentStore | None = None, *,
               oidc: OidcSettings | None = None, sessions: SessionSettings | None = None,
               clock: Callable[[], float] = time.time) -> FastAPI:
    """The service. ``recruitments`` and the browser sessions default to tables in the
    access log's SQLite file; ``oidc`` and ``sessions`` to the environment's settings
    (``SAMVERKAN_OIDC_*``, ``SAMVERKAN_SESSION_*``). ``clock`` decides when sessions and
    ID tokens expire (tests move it)."""
    settings = settings or Settings()
    docs = settings.docs
    app = FastAPI(title="Samverkan", version="0.1.0",
                  description="Kunskapsgraf och kompetensmatchning för finansiell samordning "
                              "(FINSAM).", dependencies=[Depends(authorize)],
                  responses=errors.RESPONSES, docs_url="/docs" if docs else None,
                  redoc_url="/redoc" if docs else None)
    app.state.settings = settings
    app.state.store = store
    app.state.access = access
    app.state.limiter = FailureLimiter(access.path.with_name(f"{access.path.stem}-limiter.sqlite"))
    app.state.sessions = SessionStore(access.path, sessions, clock)
    oidc = oidc or OidcSettings()
    # Without a provider people sign in with a trial key (README, "Signing in").
    app.state.oidc = OidcClient(oidc, clock) if oidc.enabled else None
    app.state.recruitments = recruitments or RecruitmentStore(
        access.path, EmbeddingCache(private_file(settings.embedding_cache_for(access.path))))
    app.state.encoder = None
    app.state.jobs = Jobs()
    app.state.staff_links = StaffLinks(access.path)
    # Called with a person's id when the person is erased (DELETE /api/v1/people/{id}):
    # what other modules hold about them goes with them.
    app.state.edit_history = ChangeHistory(access.path)
    app.state.survey_records = SurveyRecords(access.path)
    app.state.today = date.today  # the survey's clock: tests set a fixed day
    app.state.erasure_hooks = [app.state.staff_links.forget, app.state.edit_history.forget,
                               app.state.survey_records.forget]
    errors.install(app)
    routes_auth.install(app)
    app.state.uploads = UploadJobs(settings.upload_processes, settings.upload_file_timeout_s,
                                   access.path)
    app.add_middleware(BodyLimits)
    app.add_middleware(SecurityHeaders)  # outermost: also on the limits' own answers
    app.include_router(routes_graph.router())
    app.include_router(routes_matching.router())
    app.include_router(routes_views.router())
    app.include_router(routes_spreadsheets.router())
    app.include_router(routes_edit.router())
    app.include_router(routes_survey.router())
    app.include_router(routes_turnover.router())

    @app.get("/health", tags=["service"])
    def health() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/ready", tags=["service"])
    def ready(store: Store) -> dict[str, Any]:
        """The store answers; returns its revision (503 when it does not)."""
        return {"status": "ready", "revision": store.revision()}

    @app.get("/api/v1/stats", tags=["graph"])
    def stats(store: Store) -> dict[str, int]:
        """Row counts per section (no personal data)."""
        return store.counts()

    @app.get("/api/v1/people", tags=["directory"])
    def people(request: Request, store: Store, user: CurrentUser,
               organisation: str | None = None, as_of: AsOf = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 100,
               offset: Offset = 0) -> dict[str, Any]:
        """Current people, optionally of one organisation, a page at a time."""
        G = store.collaboration_graph(as_of)
        ids = people_of(G, organisation)
        items = [{"id": p, **{k: G.nodes[p].get(k) for k in ("name", "organisation", "title")}}
                 for p in ids[offset:offset + limit]]
        audit(request, "list_people", organisation, "katalog")
        return {"total": len(ids), "limit": limit, "offset": offset, "items": items}

    @app.get("/api/v1/people/{row_id}", tags=["directory"])
    def person(request: Request, row_id: str, store: Store, user: CurrentUser,
               as_of: AsOf = None) -> dict[str, Any]:
        """One current person with their organisation and title."""
        G = store.collaboration_graph(as_of)
        if row_id not in G:
            raise NotFoundError(f"no current person {row_id!r}")
        audit(request, "read_person", subject(request, "person", row_id), "katalog")
        return {"id": row_id, **G.nodes[row_id]}

    @app.get("/api/v1/analyses/spanners", tags=["analyses"])
    async def spanners(request: Request, store: Store, user: CurrentUser, as_of: AsOf = None,
                       top: Annotated[int, Query(ge=1, le=1000)] = 20) -> list[dict[str, Any]]:
        """Boundary spanners, highest score first."""
        report = await within_budget(request, lambda: spanner_report(
            store.collaboration_graph(as_of), betweenness_source=betweenness_source(store)))
        audit(request, "analyze_spanners", None, "analys")
        return [{**row, "method": report.method} for row in report.rows[:top]]

    @app.get("/api/v1/analyses/risk", tags=["analyses"])
    async def risk(request: Request, store: Store, user: CurrentUser, as_of: AsOf = None,
                   top: Annotated[int, Query(ge=1, le=1000)] = 20,
                   horizon_days: Annotated[int, Query(ge=0, le=3650)] = 180
                   ) -> list[dict[str, Any]]:
        """Key-person risk, highest first, with reasons."""
        rows = (await within_budget(request, lambda: risk_report(
            store.read(), store.collaboration_graph(as_of), horizon_days=horizon_days,
            path_lengths_for=top)))[:top]
        audit(request, "analyze_risk", None, "analys")
        return rows

    @app.get("/api/v1/analyses/connectivity", tags=["analyses"])
    async def connectivity(request: Request, store: Store, user: CurrentUser,
                           as_of: AsOf = None) -> list[dict[str, Any]]:
        """How many people hold each pair of parties together, and which ones."""
        G = store.collaboration_graph(as_of)
        result = await within_budget(
            request, lambda: organisation_connectivity(G, organisation_at_level(G, 0)))
        rows: list[dict[str, Any]] = [
            {"organisations": list(r.organisations), "connectivity": r.connectivity,
             "cut": r.cut, "cut_is_all_of": r.cut_is_all_of} for r in result]
        audit(request, "analyze_connectivity", None, "analys")
        return rows

    @app.post("/api/v1/analyses/what-if", tags=["analyses"])
    async def what_if_route(request: Request, body: WhatIfRequest, store: Store,
                            user: CurrentUser) -> dict[str, Any]:
        """Before and after the given departures (and planned successors)."""
        result = await within_budget(request, lambda: what_if(
            store.read(), body.remove, body.successors, as_of=body.as_of))
        audit(request, "what_if", ",".join(subject(request, "person", p) for p in body.remove),
              "analys")
        return result

    @app.get("/api/v1/paths", tags=["contacts"])
    async def paths(request: Request, store: Store, user: CurrentUser,
                    source: Annotated[str, Query(alias="from", examples=["p152"])],
                    target: Annotated[str, Query(alias="to", examples=["org:fk"])],
                    k: Annotated[int, Query(ge=1, le=20)] = 3, as_of: AsOf = None
                    ) -> list[dict[str, Any]]:
        """The k best contact paths from a person to a person, role:, org: or group:."""

        def prepare() -> tuple[nx.Graph, Target]:
            G = store.collaboration_graph(as_of)
            path_index(G)
            return G, resolve(G, target)

        # What can take seconds (a projection or index not built yet, a store that waits
        # on a writer) runs in a worker thread. The search itself, a few milliseconds of
        # CPU, runs here: under the GIL a thread buys it no parallelism, and its hand-offs
        # of the GIL with the loop made the tail (200,000 people at 200 requests/s: p99
        # 56-264 ms with the search in a thread, 20-25 ms here).
        G, goal = await run_in_threadpool(prepare)
        rows = k_best_paths(G, source.removeprefix("person:"), goal, k=k)
        person = source.removeprefix("person:")
        goal_text = target if ":" in target and not target.startswith("person:") else \
            subject(request, "person", target.removeprefix("person:"))
        audit(request, "paths", f"{subject(request, 'person', person)}->{goal_text}",
              "kontaktväg")
        return rows

    @app.get("/api/v1/find", tags=["contacts"])
    def find(request: Request, store: Store, user: CurrentUser,
             topic: Annotated[str, Query(min_length=1, max_length=300)],
             top: Annotated[int, Query(ge=1, le=50)] = 5, as_of: AsOf = None
             ) -> list[dict[str, Any]]:
        """People best placed to answer a question."""
        rows = find_people(store.collaboration_graph(as_of), topic, top=top)
        # The topic is free text and may name someone; the entry names who was shown.
        audit(request, "find", ",".join(subject(request, "person", r["person"]) for r in rows),
              "kontaktväg")
        return rows

    @app.get("/api/v1/guide/{organisation}", tags=["contacts"])
    def guide_route(request: Request, organisation: str, store: Store, user: CurrentUser,
                    as_of: AsOf = None) -> dict[str, Any]:
        """The Samverkansguide of an organisation."""
        data = guide(store.collaboration_graph(as_of), organisation)
        audit(request, "guide", organisation, "samverkansguide")
        return data

    @app.get("/api/v1/audit", tags=["administration"])
    def audit_log(request: Request, user: CurrentUser, who: str | None = None,
                  action: str | None = None,
                  since: Annotated[IsoDate | None, Query(
                      description="Entries on or after this day (YYYY-MM-DD).")] = None,
                  target: str | None = None,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Offset = 0) -> list[dict[str, Any]]:
        """The audit log, newest first (reading it is itself audited)."""
        access: AccessLog = request.app.state.access
        rows = [e.as_dict() for e in access.entries(user=who, action=action,
                                                    since=since.isoformat() if since else None,
                                                    target=target, limit=limit,
                                                    offset=offset)]
        audit(request, "read_audit", f"{len(rows)} entries", "tillsyn")
        return rows

    routes_views.mount_interface(app)
    return app

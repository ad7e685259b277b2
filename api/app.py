"""The FastAPI application: thin routes over the domain functions in ``graph/``.

Every route passes the permission matrix (``api.auth``); every read of personal data is
written to the audit log with who, role, what and purpose (``X-Purpose`` header, or the
route's default purpose).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from fastapi import Depends, FastAPI

from api import (
    errors,
    routes_admin,
    routes_analyses,
    routes_audit,
    routes_auth,
    routes_contact_answer,
    routes_contacts,
    routes_directory,
    routes_edit,
    routes_exports,
    routes_graph,
    routes_matching,
    routes_ranking_exports,
    routes_service,
    routes_spreadsheets,
    routes_survey,
    routes_turnover,
    routes_views,
)
from api.auth import FailureLimiter, authorize
from api.headers import SecurityHeaders
from api.hot_paths import PathQuestions
from api.hot_routes import HotRoutes, contacts_app, set_up_routes
from api.in_flight import InFlight, Requests
from api.limits import BodyLimits
from api.oidc import OidcClient, OidcSettings
from api.sessions import SessionSettings, SessionStore
from api.uploads import UploadJobs
from api.usecases import turnover
from api.usecases.warm_up import start_warm_up
from graph.core.access import AccessLog
from graph.core.job_registry import JobRegistry
from graph.core.private_files import private_file
from graph.core.progress import Jobs
from graph.core.settings import Settings
from graph.store.change_history import ChangeHistory
from graph.store.protocol import GraphStore
from graph.store.staff_links import StaffLinks
from graph.survey.rounds import SurveyRecords
from matching.encoders import EmbeddingCache
from matching.recruitments import RecruitmentStore


def create_app(store: GraphStore, access: AccessLog, settings: Settings | None = None,
               recruitments: RecruitmentStore | None = None, *,
               oidc: OidcSettings | None = None, sessions: SessionSettings | None = None,
               clock: Callable[[], float] = time.time, warm: bool = False) -> FastAPI:
    """The service. ``recruitments`` and the browser sessions default to tables in the
    access log's SQLite file; ``oidc`` and ``sessions`` to the environment's settings
    (``SAMVERKAN_OIDC_*``, ``SAMVERKAN_SESSION_*``). ``clock`` decides when sessions and
    ID tokens expire (tests move it). With ``warm`` (``samverkan serve``), the path index,
    the write indexes and (``warm_reports``) the reports are built in the background from
    the start (api.usecases.warm_up), in ``app.state.warm_up``'s thread."""
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
    # One registry of background jobs for imports, survey close and CV uploads, in the
    # access log's file so that every worker process sees every job.
    app.state.job_registry = JobRegistry(access.path)
    app.state.jobs = Jobs(app.state.job_registry)
    app.state.staff_links = StaffLinks(access.path)
    # Called with a person's id when the person is erased (DELETE /api/v1/people/{id}):
    # what other modules hold about them goes with them.
    app.state.edit_history = ChangeHistory(access.path)
    store.follow_history(app.state.edit_history)  # the as-of views rewind later changes
    app.state.survey_records = SurveyRecords(access.path)
    app.state.today = date.today  # the survey's clock: tests set a fixed day
    app.state.erasure_hooks = [app.state.staff_links, app.state.edit_history,
                               app.state.survey_records, turnover.forget]
    errors.install(app)
    routes_auth.install(app)
    app.state.uploads = UploadJobs(settings.upload_processes, settings.upload_file_timeout_s,
                                   app.state.job_registry)
    # innermost: the contact paths go to an app of their own (api.hot_routes), behind
    # the same middleware, which answers well-formed questions without FastAPI's
    # parameter validation (api.hot_paths)
    app.add_middleware(HotRoutes, hot=PathQuestions(contacts_app(app)))
    app.add_middleware(BodyLimits)
    app.state.requests = Requests()  # the start-up's write indexes wait for a quiet moment
    app.add_middleware(InFlight, requests=app.state.requests)
    app.add_middleware(SecurityHeaders)  # outermost: also on the limits' own answers
    app.include_router(routes_graph.router())
    app.include_router(routes_matching.router())
    app.include_router(routes_views.router())
    app.include_router(routes_spreadsheets.router())
    app.include_router(routes_edit.router())
    app.include_router(routes_survey.router())
    app.include_router(routes_turnover.router())
    app.include_router(routes_admin.router())
    app.include_router(routes_ranking_exports.router())
    app.include_router(routes_exports.router())
    # The contact paths' router stays among these: put first (it saves 0.5 ms of route
    # matching a path request), one PUT /api/v1/people/{id} at 200,000 people took
    # 197-289 ms instead of 23-26 ms in bench_startup on a quiet machine (2026-12-01):
    # the PUT set up the routers the path questions no longer walked (api.hot_routes,
    # which now skips the matching for GET /api/v1/paths and sets the routers up at start).
    for module in (routes_service, routes_directory, routes_analyses, routes_contacts,
                   routes_audit, routes_contact_answer):
        app.include_router(module.router())

    routes_views.mount_interface(app)
    app.state.warm_up = (start_warm_up(store, with_reports=settings.warm_reports,
                                       quiet=app.state.requests.until_none)
                         if warm else None)
    if warm:  # once those builds are done, not in the first request that needs it
        app.state.routes_set_up = set_up_routes(app, after=app.state.warm_up)
    return app

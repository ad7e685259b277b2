"""The director's analyses: boundary spanners, key-person risk, party connectivity, what-if."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from api.deps import AsOf, CurrentUser, ScopeQuery, Store, audit, subject, within_budget
from graph.analysis.connectivity import organisation_connectivity
from graph.analysis.scope import in_scope
from graph.model.schema import IsoDate
from graph.reports.key_persons import risk_report
from graph.reports.spanners import organisation_at_level, spanner_report
from graph.reports.whatif import what_if
from graph.store.open import betweenness_source


class WhatIfRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    remove: list[str] = Field(min_length=1, max_length=200,
                              examples=[["kl-af-foretag"]])
    successors: dict[str, str] = Field(default_factory=dict,
                                       examples=[{"kl-af-foretag": "kl-af-kontakt"}])
    as_of: IsoDate | None = None

__all__ = ["router"]


def router() -> APIRouter:
    r = APIRouter()

    @r.get("/api/v1/analyses/spanners", tags=["analyses"])
    async def spanners(request: Request, store: Store, user: CurrentUser, as_of: AsOf = None,
                       top: Annotated[int, Query(ge=1, le=1000)] = 20,
                       scope: ScopeQuery = None) -> list[dict[str, Any]]:
        """Boundary spanners, highest score first."""
        report = await within_budget(request, lambda: spanner_report(
            in_scope(store.collaboration_graph(as_of), scope),
            betweenness_source=betweenness_source(store)))
        audit(request, "analyze_spanners", None, "analys")
        return [{**row, "method": report.method} for row in report.rows[:top]]


    @r.get("/api/v1/analyses/risk", tags=["analyses"])
    async def risk(request: Request, store: Store, user: CurrentUser, as_of: AsOf = None,
                   top: Annotated[int, Query(ge=1, le=1000)] = 20,
                   horizon_days: Annotated[int, Query(ge=0, le=3650)] = 180,
                   scope: ScopeQuery = None) -> list[dict[str, Any]]:
        """Key-person risk, highest first, with reasons."""
        rows = (await within_budget(request, lambda: risk_report(
            store.read(), in_scope(store.collaboration_graph(as_of), scope),
            horizon_days=horizon_days,
            path_lengths_for=top)))[:top]
        audit(request, "analyze_risk", None, "analys")
        return rows


    @r.get("/api/v1/analyses/connectivity", tags=["analyses"])
    async def connectivity(request: Request, store: Store, user: CurrentUser,
                           as_of: AsOf = None, scope: ScopeQuery = None
                           ) -> list[dict[str, Any]]:
        """How many people hold each pair of parties together, and which ones."""
        G = in_scope(store.collaboration_graph(as_of), scope)
        result = await within_budget(
            request, lambda: organisation_connectivity(G, organisation_at_level(G, 0)))
        rows: list[dict[str, Any]] = [
            {"organisations": list(r.organisations), "connectivity": r.connectivity,
             "cut": r.cut, "cut_is_all_of": r.cut_is_all_of} for r in result]
        audit(request, "analyze_connectivity", None, "analys")
        return rows


    @r.post("/api/v1/analyses/what-if", tags=["analyses"])
    async def what_if_route(request: Request, body: WhatIfRequest, store: Store,
                            user: CurrentUser) -> dict[str, Any]:
        """Before and after the given departures (and planned successors)."""
        result = await within_budget(request, lambda: what_if(
            store.read(), body.remove, body.successors, as_of=body.as_of))
        audit(request, "what_if", ",".join(subject(request, "person", p) for p in body.remove),
              "analys")
        return result


    return r

"""The director's analyses: boundary spanners, key-person risk, party connectivity, what-if."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from api.deps import AsOf, ScopeQuery, Store, audit, subject, within_budget
from api.usecases import analyses
from graph.model.schema import IsoDate


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
    async def spanners(request: Request, store: Store, as_of: AsOf = None,
                       top: Annotated[int, Query(ge=1, le=1000)] = 20,
                       scope: ScopeQuery = None) -> list[dict[str, Any]]:
        """Boundary spanners, highest score first."""
        rows = await within_budget(request, lambda: analyses.top_spanners(
            store, as_of, top=top, scope=scope))
        audit(request, "analyze_spanners", None, "analys")
        return rows


    @r.get("/api/v1/analyses/risk", tags=["analyses"])
    async def risk(request: Request, store: Store, as_of: AsOf = None,
                   top: Annotated[int, Query(ge=1, le=1000)] = 20,
                   horizon_days: Annotated[int, Query(ge=0, le=3650)] = 180,
                   path_lengths_for: Annotated[int | None, Query(ge=0, le=1000)] = None,
                   scope: ScopeQuery = None) -> list[dict[str, Any]]:
        """Key-person risk, highest first, with reasons; the path-length figure (the
        costliest) for the first ``path_lengths_for`` rows only (default: all ``top``)."""
        rows = await within_budget(request, lambda: analyses.risk(
            store, as_of, top=top, horizon_days=horizon_days,
            path_lengths_for=path_lengths_for, scope=scope))
        audit(request, "analyze_risk", None, "analys")
        return rows


    @r.get("/api/v1/analyses/connectivity", tags=["analyses"])
    async def connectivity(request: Request, store: Store, as_of: AsOf = None,
                           scope: ScopeQuery = None) -> list[dict[str, Any]]:
        """How many people hold each pair of parties together, and which ones."""
        result = await within_budget(request, lambda: analyses.connectivity(
            store, as_of, scope=scope))
        rows = [{k: row[k] for k in ("organisations", "connectivity", "cut", "cut_is_all_of")}
                for row in result]
        audit(request, "analyze_connectivity", None, "analys")
        return rows


    @r.post("/api/v1/analyses/what-if", tags=["analyses"])
    async def what_if_route(request: Request, body: WhatIfRequest,
                            store: Store) -> dict[str, Any]:
        """Before and after the given departures (and planned successors)."""
        result = await within_budget(request, lambda: analyses.what_if_of(
            store, body.remove, body.successors, as_of=body.as_of))
        audit(request, "what_if", ",".join(subject(request, "person", p) for p in body.remove),
              "analys")
        return result


    return r

"""The director's downloads: the spanner, risk and connectivity tables as CSV, the board
report as PDF, and the words that explain the risk scale. Audited like the JSON routes
they mirror; the files are built in api/board_report.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.board_report import board_report, connectivity_rows, csv_of
from api.deps import AsOf, ScopeQuery, Store, audit, subject, within_budget
from api.usecases.analyses import graph_of, spanner_report_of
from api.usecases.reports import risks
from graph.core.errors import DocumentError, Problem
from graph.reports.risk_scale import risk_scale
from graph.store import protocol

__all__ = ["router"]

CSV = "text/csv; charset=utf-8"
TOP_RISK = 10  # rows of the board report's risk table that get the path-length figure

Leavers = Annotated[str | None, Query(description="Id:n som slutar, komma emellan")]
Successors = Annotated[str | None, Query(
    description="den som slutar:efterträdaren (id:id), komma emellan")]


def _file(body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _ids(text: str | None, field: str) -> list[str]:
    ids = [part.strip() for part in (text or "").split(",") if part.strip()]
    if len(ids) > 200:
        raise DocumentError([Problem(field, "högst 200 personer")])
    return ids


def _successors(text: str | None) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for part in _ids(text, "successors"):
        old, sep, new = part.partition(":")
        if not sep or not old.strip() or not new.strip():
            raise DocumentError([Problem("successors", f"skriv id:id (den som slutar:"
                                         f"efterträdaren), inte {part!r}")])
        pairs[old.strip()] = new.strip()
    return pairs


def router() -> APIRouter:
    r = APIRouter(tags=["exports"])

    @r.get("/api/v1/analyses/risk/scale", tags=["analyses"])
    def scale() -> dict[str, str]:
        """What a risk figure means, in Swedish (built from the weights in use)."""
        return {"explanation": risk_scale()}

    @r.get("/api/v1/exports/spanners.csv", response_class=Response)
    async def spanners_csv(request: Request, store: Store, as_of: AsOf = None,
                           scope: ScopeQuery = None) -> Response:
        """The boundary spanners, highest score first, as a CSV file for Excel."""
        body = await within_budget(request, lambda: csv_of(
            spanner_report_of(store, as_of, scope=scope).rows, "spanners"))
        audit(request, "export_spanners", scope, "analys")
        return _file(body, CSV, "gransoverskridare.csv")

    @r.get("/api/v1/exports/risk.csv", response_class=Response)
    async def risk_csv(request: Request, store: Store, as_of: AsOf = None,
                       scope: ScopeQuery = None) -> Response:
        """Key-person risk, highest first, with reasons, as a CSV file for Excel."""
        body = await within_budget(request, lambda: csv_of(
            risks(store, graph_of(store, as_of, scope)).rows, "risk"))
        audit(request, "export_risk", scope, "analys")
        return _file(body, CSV, "nyckelpersonsrisk.csv")

    @r.get("/api/v1/exports/connectivity.csv", response_class=Response)
    async def connectivity_csv(request: Request, store: Store, as_of: AsOf = None,
                               scope: ScopeQuery = None) -> Response:
        """How many people hold each pair of parties together, as a CSV file for Excel."""
        body = await within_budget(request, lambda: csv_of(connectivity_rows(
            graph_of(store, as_of, scope)), "connectivity"))
        audit(request, "export_connectivity", scope, "analys")
        return _file(body, CSV, "redundans.csv")

    @r.get("/api/v1/exports/board-report.pdf", response_class=Response)
    async def board_report_pdf(
            request: Request, store: Store, as_of: AsOf = None, scope: ScopeQuery = None,
            remove: Leavers = None, successors: Successors = None) -> Response:
        """The board report: överblick, risk and, with ``remove``, a what-if, as a PDF,
        printed on the store's day (graph.store.protocol.today, which tests freeze)."""
        leavers, taking_over = _ids(remove, "remove"), _successors(successors)

        def work() -> bytes:
            H = graph_of(store, as_of, scope)
            return board_report(
                store.read(), H, spanner_report_of(store, as_of, scope=scope).rows,
                risks(store, H, path_lengths_for=TOP_RISK).rows, today=protocol.today(),
                remove=leavers, successors=taking_over)

        body = await within_budget(request, work)
        audit(request, "export_board_report",
              ",".join(subject(request, "person", p) for p in leavers) or scope, "analys")
        return _file(body, "application/pdf", "styrelserapport.pdf")

    return r

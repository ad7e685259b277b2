"""The director's downloads: the spanner, risk and connectivity tables as CSV, the board
report as PDF, and the words that explain the risk scale. Audited like the JSON routes
they mirror; the files are built in api/board_report.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, Query, Request, Response

from api.board_report import board_report, connectivity_rows, csv_of, scoped
from api.deps import AsOf, CurrentUser, Store, audit, subject, within_budget
from graph.core.errors import DocumentError, Problem
from graph.reports.key_persons import risk_report
from graph.reports.risk_scale import risk_scale
from graph.reports.spanners import spanner_report
from graph.store import protocol
from graph.store.open import betweenness_source
from graph.store.protocol import GraphStore

__all__ = ["router"]

CSV = "text/csv; charset=utf-8"
Federation = Annotated[str | None, Query(description="Ett samordningsförbunds id: bara "
                                                     "dess personer (graph.reports.federations)")]

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


def _people_table(store: GraphStore, as_of: date | None, federation: str | None, table: str,
                  report: Callable[[nx.Graph], list[dict[str, Any]]]) -> bytes:
    """A report's rows on the whole graph (ranks are national), kept to the förbund's
    people, as one of board_report.TABLES."""
    G = store.collaboration_graph(as_of)
    people = scoped(G, federation)
    return csv_of([row for row in report(G) if row["person"] in people], table)


def router() -> APIRouter:
    r = APIRouter(tags=["exports"])

    @r.get("/api/v1/analyses/risk/scale", tags=["analyses"])
    def scale(user: CurrentUser) -> dict[str, str]:
        """What a risk figure means, in Swedish (built from the weights in use)."""
        return {"explanation": risk_scale()}

    @r.get("/api/v1/exports/spanners.csv", response_class=Response)
    async def spanners_csv(request: Request, store: Store, user: CurrentUser,
                           as_of: AsOf = None, federation: Federation = None) -> Response:
        """The boundary spanners, highest score first, as a CSV file for Excel."""
        body = await within_budget(request, lambda: _people_table(
            store, as_of, federation, "spanners",
            lambda G: spanner_report(G, betweenness_source=betweenness_source(store)).rows))
        audit(request, "export_spanners", federation, "analys")
        return _file(body, CSV, "gransoverskridare.csv")

    @r.get("/api/v1/exports/risk.csv", response_class=Response)
    async def risk_csv(request: Request, store: Store, user: CurrentUser,
                       as_of: AsOf = None, federation: Federation = None) -> Response:
        """Key-person risk, highest first, with reasons, as a CSV file for Excel."""
        body = await within_budget(request, lambda: _people_table(
            store, as_of, federation, "risk",
            lambda G: risk_report(store.read(), G, path_lengths_for=0)))
        audit(request, "export_risk", federation, "analys")
        return _file(body, CSV, "nyckelpersonsrisk.csv")

    @r.get("/api/v1/exports/connectivity.csv", response_class=Response)
    async def connectivity_csv(request: Request, store: Store, user: CurrentUser,
                               as_of: AsOf = None, federation: Federation = None) -> Response:
        """How many people hold each pair of parties together, as a CSV file for Excel."""
        body = await within_budget(request, lambda: csv_of(connectivity_rows(
            scoped(store.collaboration_graph(as_of), federation)), "connectivity"))
        audit(request, "export_connectivity", federation, "analys")
        return _file(body, CSV, "redundans.csv")

    @r.get("/api/v1/exports/board-report.pdf", response_class=Response)
    async def board_report_pdf(
            request: Request, store: Store, user: CurrentUser, as_of: AsOf = None,
            federation: Federation = None,
            remove: Leavers = None, successors: Successors = None) -> Response:
        """The board report: överblick, risk and, with ``remove``, a what-if, as a PDF,
        printed on the store's day (graph.store.protocol.today, which tests freeze)."""
        leavers, taking_over = _ids(remove, "remove"), _successors(successors)

        def work() -> bytes:
            G = store.collaboration_graph(as_of)
            spanners = spanner_report(G, betweenness_source=betweenness_source(store)).rows
            return board_report(store.read(), G, spanners, today=protocol.today(),
                                federation=federation, remove=leavers, successors=taking_over)

        body = await within_budget(request, work)
        audit(request, "export_board_report",
              ",".join(subject(request, "person", p) for p in leavers) or federation, "analys")
        return _file(body, "application/pdf", "styrelserapport.pdf")

    return r

"""A recruitment's stored ranking with evidence as files for the diarium: CSV and PDF."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import CurrentUser, audit
from api.ranking_report import ranking_csv, ranking_pdf
from api.routes_matching import _recruitments, _visible
from api.usecases import matching as usecase

__all__ = ["router"]


def _stored(request: Request, recruitment_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    recruitment = _visible(request, recruitment_id)
    found = usecase.rank(_recruitments(request), recruitment)
    audit(request, "export_ranking", recruitment_id, "rekrytering")
    return recruitment.as_dict(), found.rows


def _file(body: bytes, media_type: str, name: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def router() -> APIRouter:
    r = APIRouter(tags=["matching"])

    @r.get("/api/v1/recruitments/{recruitment_id}/ranking.csv", response_class=Response,
           responses={200: {"content": {"text/csv": {}}}})
    def ranking_file(request: Request, recruitment_id: str, user: CurrentUser) -> Response:
        """The stored ranking, one row per candidate and requirement with its evidence."""
        _, ranking = _stored(request, recruitment_id)
        return _file(ranking_csv(ranking), "text/csv; charset=utf-8",
                     f"rankning-{recruitment_id}.csv")

    @r.get("/api/v1/recruitments/{recruitment_id}/ranking.pdf", response_class=Response,
           responses={200: {"content": {"application/pdf": {}}}})
    def ranking_report(request: Request, recruitment_id: str, user: CurrentUser) -> Response:
        """The stored ranking as a printable report: the scale, a summary, each candidate's
        evidence per requirement and their review."""
        recruitment, ranking = _stored(request, recruitment_id)
        store = _recruitments(request)
        reviews = {c["candidate_id"]: store.scores(c["candidate_id"])[-1]["review"]
                   for c in ranking}
        body = ranking_pdf(recruitment, ranking, request.app.state.today(), reviews)
        return _file(body, "application/pdf", f"rankning-{recruitment_id}.pdf")

    return r

"""Staff's Kontaktvägar and Samverkansguide pages: one answer per question (paths, whom
they end at, or why there are none), and the guide as a PDF to print or file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import AsOf, CurrentUser, ScopeQuery, Store, audit, subject
from api.guide_pdf import guide_pdf
from graph.analysis.scope import parse_scope
from graph.reports.contact_answer import contact_answer
from graph.reports.guide import guide

__all__ = ["router"]


def router() -> APIRouter:
    r = APIRouter()

    @r.get("/api/v1/contact-answer", tags=["contacts"])
    def answer(request: Request, store: Store, user: CurrentUser,
               source: Annotated[str, Query(alias="from", min_length=1, max_length=300)],
               target: Annotated[str | None, Query(alias="to", max_length=300)] = None,
               kind: Annotated[str, Query(pattern="^(person|role|org|group)$")] = "person",
               topic: Annotated[str | None, Query(min_length=1, max_length=300)] = None,
               k: Annotated[int, Query(ge=1, le=20)] = 3, as_of: AsOf = None,
               scope: ScopeQuery = None) -> dict[str, Any]:
        """Paths from a person (id, "Name [id]" or a name) to a person, role, organisation
        or group, or to the best reachable person for a topic; when there are none, a
        reason (code, Swedish text, next step). With ``scope``, only through the people
        of those organisations (``outside_scope`` for an asker or target outside)."""
        result = contact_answer(store.collaboration_graph(as_of), source, target=target,
                                kind=kind, topic=topic, k=k, scope=parse_scope(scope))
        shown = [h["person"] for h in result["found"]]
        if result["target"] is not None:
            shown.append(result["target"]["person"])
        # Free text may name someone: the entry names who was shown, by pseudonym.
        audit(request, "contact_answer",
              ",".join(subject(request, "person", str(p)) for p in dict.fromkeys(shown)),
              "kontaktväg")
        return result

    @r.get("/api/v1/guide/{organisation}/pdf", tags=["contacts"], responses={200: {
        "description": "The guide as a PDF.", "content": {"application/pdf": {}}}})
    def guide_as_pdf(request: Request, organisation: str, store: Store, user: CurrentUser,
                     as_of: AsOf = None) -> Response:
        """The Samverkansguide of an organisation or förbund as a PDF."""
        data = guide(store.collaboration_graph(as_of), organisation)
        audit(request, "guide", organisation, "samverkansguide")
        return Response(guide_pdf(data, request.app.state.today()),
                        media_type="application/pdf", headers={
                            "Content-Disposition":
                            f'attachment; filename="samverkansguide-{organisation}.pdf"'})

    return r

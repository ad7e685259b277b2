"""The directory: current people, a page at a time, and one person."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.deps import AsOf, CurrentUser, Offset, Store, audit, subject
from graph.analysis.projection import people_of
from graph.core.errors import NotFoundError

__all__ = ["router"]


def router() -> APIRouter:
    r = APIRouter()

    @r.get("/api/v1/people", tags=["directory"])
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


    @r.get("/api/v1/people/{row_id}", tags=["directory"])
    def person(request: Request, row_id: str, store: Store, user: CurrentUser,
               as_of: AsOf = None) -> dict[str, Any]:
        """One current person with their organisation and title."""
        G = store.collaboration_graph(as_of)
        if row_id not in G:
            raise NotFoundError(f"no current person {row_id!r}")
        audit(request, "read_person", subject(request, "person", row_id), "katalog")
        return {"id": row_id, **G.nodes[row_id]}


    return r

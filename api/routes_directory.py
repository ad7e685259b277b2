"""The directory: current people, a page at a time, and one person."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.deps import AsOf, Offset, ScopeQuery, Store, audit, subject
from api.usecases import directory

__all__ = ["router"]


def router() -> APIRouter:
    r = APIRouter()

    @r.get("/api/v1/people", tags=["directory"])
    def people(request: Request, store: Store, organisation: str | None = None, as_of: AsOf = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 100,
               offset: Offset = 0, scope: ScopeQuery = None,
               q: Annotated[str, Query(max_length=200, description=(
                   "Only people whose name or id contains this (case ignored)."))] = ""
               ) -> dict[str, Any]:
        """Current people, optionally of one organisation or scope, or matching ``q``,
        a page at a time."""
        page = directory.people_page(store, organisation=organisation, as_of=as_of,
                                     limit=limit, offset=offset, q=q, scope=scope)
        audit(request, "list_people", organisation, "katalog")
        return page


    @r.get("/api/v1/people/{row_id}", tags=["directory"])
    def person(request: Request, row_id: str, store: Store,
               as_of: AsOf = None) -> dict[str, Any]:
        """One current person with their organisation and title."""
        found = directory.person(store, row_id, as_of=as_of)
        audit(request, "read_person", subject(request, "person", row_id), "katalog")
        return found


    return r

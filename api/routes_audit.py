"""The audit log, for those who supervise access to personal data."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.deps import Access, Offset, audit
from graph.model.schema import IsoDate

__all__ = ["router"]


def router() -> APIRouter:
    r = APIRouter()

    @r.get("/api/v1/audit", tags=["administration"])
    def audit_log(request: Request, access: Access, who: str | None = None,
                  action: str | None = None,
                  since: Annotated[IsoDate | None, Query(
                      description="Entries on or after this day (YYYY-MM-DD).")] = None,
                  target: str | None = None,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Offset = 0) -> list[dict[str, Any]]:
        """The audit log, newest first (reading it is itself audited)."""
        rows = [e.as_dict() for e in access.entries(user=who, action=action,
                                                    since=since.isoformat() if since else None,
                                                    target=target, limit=limit,
                                                    offset=offset)]
        audit(request, "read_audit", f"{len(rows)} entries", "tillsyn")
        return rows

    return r

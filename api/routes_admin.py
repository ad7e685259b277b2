"""The administration page's reads: the users one may assign, and the audit log a page at a
time with Swedish names, its filters' choices, and as a CSV file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api.audit_report import audit_csv, audit_row
from api.deps import CurrentUser, Offset, Store, audit
from graph.core.access import ROLE_NAMES, AccessLog, Role
from graph.core.audit_actions import action_codes
from graph.model.schema import IsoDate
from graph.store.protocol import GraphStore

__all__ = ["router"]

Who = Annotated[str | None, Query(max_length=200, description="A user name.")]
Action = Annotated[str | None, Query(max_length=100, description="An action code.")]
Since = Annotated[IsoDate | None, Query(description="Entries on or after this day (YYYY-MM-DD).")]
Target = Annotated[str | None, Query(max_length=500, description="Part of the target.")]


def _access(request: Request) -> AccessLog:
    access: AccessLog = request.app.state.access
    return access


def _filters(who: str | None, action: str | None, since: Any,
             target: str | None) -> dict[str, Any]:
    # "Mål" is searched as a part (a recruitment id, a pseudonym), as a person types it.
    return {"user": who or None, "action": action or None,
            "since": since.isoformat() if since else None, "mentioning": target or None}


def _names(request: Request, store: GraphStore) -> dict[str, str]:
    """Pseudonym -> name of every person in the graph the log mentions: an admin may read
    them anyway. Candidates stay pseudonyms (only their recruiters see them), and so does
    anyone erased (their key is gone)."""
    people = {p.id: p.name for p in store.read().people}
    return {pseudonym: people[ident]
            for pseudonym, ident in _access(request).pseudonyms.known("person").items()
            if ident in people}


def router() -> APIRouter:
    r = APIRouter(tags=["administration"])

    @r.get("/api/v1/users")
    def list_users(request: Request, user: CurrentUser,
                   role: Annotated[Role | None, Query()] = None) -> list[dict[str, Any]]:
        """Users whose token is in force (name, role and its Swedish name), for choosing
        recruiters; never a token."""
        return [{"name": u["name"], "role": u["role"], "role_name": ROLE_NAMES[Role(u["role"])]}
                for u in _access(request).users()
                if not u["revoked"] and (role is None or u["role"] == role)]

    @r.get("/api/v1/audit/page")
    def audit_page(request: Request, user: CurrentUser, store: Store, who: Who = None,
                   action: Action = None, since: Since = None, target: Target = None,
                   limit: Annotated[int, Query(ge=1, le=500)] = 50,
                   offset: Offset = 0,
                   upto: Annotated[int | None, Query(ge=1, le=2**62, description=(
                       "The newest entry's id on the first page (its answer's ``upto``): "
                       "later pages then show the log as it was, not shifted by new "
                       "entries."))] = None) -> dict[str, Any]:
        """The audit log newest first, a page at a time, with the total, each entry's
        Swedish action name and local time (reading it is itself audited)."""
        access = _access(request)
        if upto is None:
            newest = access.entries(limit=1)
            upto = newest[0].id if newest else 0
        filters = {**_filters(who, action, since, target), "upto": upto}
        names = _names(request, store)
        items = [audit_row(e, names)
                 for e in access.entries(**filters, limit=limit, offset=offset)]
        total = access.count(**filters)
        audit(request, "read_audit", f"{len(items)} entries", "tillsyn")
        return {"items": items, "total": total, "offset": offset, "limit": limit, "upto": upto}

    @r.get("/api/v1/audit/actions")
    def audit_actions(request: Request, user: CurrentUser) -> list[dict[str, str]]:
        """Every action code with its Swedish name, for the filter."""
        return [{"code": c, "name": n} for c, n in action_codes().items()]

    @r.get("/api/v1/audit.csv", response_class=Response,
           responses={200: {"content": {"text/csv": {}}}})
    def audit_file(request: Request, user: CurrentUser, store: Store, who: Who = None,
                   action: Action = None, since: Since = None,
                   target: Target = None) -> Response:
        """The filtered audit log (at most 100,000 entries) as CSV for Swedish Excel."""
        access = _access(request)
        entries = access.entries(**_filters(who, action, since, target), limit=100_000)
        audit(request, "export_audit", f"{len(entries)} entries", "tillsyn")
        return Response(audit_csv(entries, _names(request, store)),
                        media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="atkomstlogg.csv"'})

    return r

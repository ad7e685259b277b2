"""CRUD for every section of the graph, import/export, and a person's data-protection rights."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from api.deps import (
    Access,
    AsOf,
    EditHistoryDep,
    ErasureHooksDep,
    JobsDep,
    Offset,
    Store,
    audit,
    audited,
    forget_subject,
    record_of,
    row_target,
    subject,
    user_of,
)
from api.usecases import graph_data
from api.usecases.graph_data import row_data as _dump
from graph.analysis.projection import is_current
from graph.core.progress import Progress
from graph.model.document import parse_bytes
from graph.model.schema import ENTITY_SECTIONS, NOUNS, SECTIONS, Row
from graph.store.as_of import on_day
from graph.store.change_history import ChangeHistory

__all__ = ["LINK_SECTIONS", "router"]

LINK_SECTIONS = tuple(s for s in SECTIONS if s not in ENTITY_SECTIONS)
# Sections with a list route of their own elsewhere (people: the directory).
_LISTED_ELSEWHERE = {"people"}




def _rows(store: Store, section: str, history: ChangeHistory | None = None,
          as_of: date | None = None) -> list[Row]:
    # A day's rows as the change history says they were (a deleted tie, a moved person).
    doc = store.read()
    rows: list[Row] = getattr(on_day(doc, history, as_of) if history and as_of else doc,
                              section)
    return rows


def _page(rows: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(rows), "limit": limit, "offset": offset,
            "items": rows[offset:offset + limit]}


def _filtered(rows: list[Row], organisation: str | None, as_of: date | None) -> list[Row]:
    out = []
    for row in rows:
        if organisation is not None and getattr(row, "organisation", None) != organisation:
            continue
        if as_of is not None and row.period is not None:
            first, last = row.period
            if not is_current(getattr(row, first), getattr(row, last), as_of):
                continue
        out.append(row)
    return out


def router() -> APIRouter:
    r = APIRouter(tags=["graph"])

    for section, model in SECTIONS.items():
        _add_section_routes(r, section, model)

    @r.post("/api/v1/import", tags=["administration"], response_model=None,
            responses={202: {"description": "Started in the background (``background``): "
                                            "follow or cancel the job at ``/api/v1/jobs/{id}``."}})
    async def import_document(request: Request, store: Store, jobs: JobsDep,
                              replace: bool = False,
                              background: Annotated[bool, Query(description=(
                                  "Run as a job (202): poll /api/v1/jobs/{id} for its "
                                  "progress, DELETE it to cancel before anything is written."
                              ))] = False) -> dict[str, Any] | JSONResponse:
        """Merge a whole interchange document (JSON) into the graph; all of it or nothing."""
        # The size-limit middleware has bounded the body before it was read.
        data = parse_bytes(await request.body())
        # The row count is only known after the write; the entry names the size sent.
        record = record_of(request, "import", f"{len(data) if isinstance(data, dict) else 0} "
                           f"sections, replace={replace}", "administration")

        def write(document: Any) -> dict[str, Any]:
            return graph_data.summary(audited(request, store, record, lambda a: (
                graph_data.import_data(store, document, replace=replace, audit=a))))

        if not background:
            return write(data)

        def work(progress: Progress) -> dict[str, Any]:
            return graph_data.import_in_steps(data, progress, write)

        return JSONResponse(jobs.start("import", user_of(request).name, work).as_dict(),
                            status_code=202)

    @r.get("/api/v1/export", tags=["administration"])
    def export_document(request: Request, store: Store) -> dict[str, list[dict[str, Any]]]:
        """The whole graph as an interchange document."""
        audit(request, "export", None, "administration")
        return graph_data.export_data(store)

    @r.get("/api/v1/people/{row_id}/export", tags=["data protection"])
    def export_person(request: Request, access: Access, row_id: str, store: Store) -> dict[str,
                      Any]:
        """Everything the graph and the audit log hold about one person (GDPR art. 15)."""
        held = graph_data.export_person(store, row_id)
        log = [e.as_dict() for e in access.entries(
            mentioning=subject(request, "person", row_id), limit=10_000)]
        audit(request, "export_person", subject(request, "person", row_id), "registerutdrag")
        return {"person": row_id, "graph": held, "audit": log}

    return r


def _add_section_routes(r: APIRouter, section: str, model: type[Row]) -> None:
    entity = section in ENTITY_SECTIONS
    noun = NOUNS[section]

    if section not in _LISTED_ELSEWHERE:
        def list_rows(request: Request, store: Store, history: EditHistoryDep,
                      organisation: str | None = None, as_of: AsOf = None,
                      limit: Annotated[int, Query(ge=1, le=500)] = 100,
                      offset: Offset = 0) -> dict[str, Any]:
            rows = _filtered(_rows(store, section, history, as_of), organisation, as_of)
            audit(request, f"list_{section}", organisation, "katalog")
            return _page([_dump(x) for x in rows], limit, offset)

        list_rows.__doc__ = f"{section.capitalize()}, a page at a time."
        r.add_api_route(f"/api/v1/{section}", list_rows, methods=["GET"],
                        name=f"list_{section}")

    def target_of(request: Request, row_id: str) -> str:
        return row_target(request, section, row_id)

    if entity:
        def get_row(request: Request, row_id: str, store: Store) -> dict[str, Any]:
            # The store's own answer names the row and section in Swedish.
            row = store.get(section, row_id)
            audit(request, f"read_{noun}", target_of(request, row_id), "katalog")
            return _dump(row)

        def put_row(request: Request, row_id: str, row: Row, store: Store,
                    history: EditHistoryDep) -> dict[str, Any]:
            # Checked before the audit record names the id by pseudonym.
            graph_data.check_key(row, row_id)
            record = record_of(request, f"write_{noun}", target_of(request, row_id),
                               "administration")
            return audited(request, store, record, lambda a: graph_data.put_row(
                store, section, row, audit=a, history=history,
                user=user_of(request).name))

        def delete_entity(request: Request, row_id: str, store: Store,
                          erasure_hooks: ErasureHooksDep,
                          history: EditHistoryDep) -> dict[str, Any]:
            # Erasing a person takes their relations with them (GDPR art. 17); any other
            # entity that is still referred to is refused with 409.
            record = record_of(request, f"delete_{noun}", target_of(request, row_id),
                               "administration")
            if section != "people":
                changed = audited(request, store, record, lambda a: graph_data.delete_row(
                    store, section, row_id, audit=a, history=history,
                    user=user_of(request).name)).changed
                return {"deleted": row_id, "changed": changed}
            changed = audited(request, store, record, lambda a: graph_data.erase_person(
                store, row_id, erasure_hooks, audit=a)).changed
            # The erasure's own entry names the same pseudonym, now linked to no one.
            forget_subject(request, "person", row_id)
            return {"deleted": row_id, "changed": changed}

        get_row.__doc__ = f"One {noun}."
        put_row.__doc__ = f"Create or replace one {noun}; the body's id must match the path."
        delete_entity.__doc__ = (
            "Erase a person and every row that names them." if section == "people"
            else f"Delete one {noun}; refused (409) while other rows refer to it.")
        path = f"/api/v1/{section}/{{row_id}}"
        if section not in _LISTED_ELSEWHERE:
            r.add_api_route(path, get_row, methods=["GET"], name=f"get_{noun}")
        _body_is(put_row, model)
        r.add_api_route(path, put_row, methods=["PUT"], name=f"put_{noun}")
        r.add_api_route(path, delete_entity, methods=["DELETE"], name=f"delete_{noun}")
        return

    def post_link(request: Request, row: Row, store: Store,
                  history: EditHistoryDep) -> dict[str, Any]:
        record = record_of(request, f"write_{noun}", row_target(request, section, row.key()),
                           "administration")
        return audited(request, store, record, lambda a: graph_data.put_row(
            store, section, row, audit=a, history=history, user=user_of(request).name))

    def delete_link(request: Request, store: Store, history: EditHistoryDep,
                    key: Annotated[str, Query(description="The row's natural key, fields "
                                              "joined by '/' (see the list route).")]
                    ) -> dict[str, Any]:
        record = record_of(request, f"delete_{noun}", row_target(request, section, key),
                           "administration")
        changed = audited(request, store, record, lambda a: graph_data.delete_row(
            store, section, key.replace("/", "\x1f"), audit=a, history=history,
            user=user_of(request).name)).changed
        return {"deleted": key, "changed": changed}

    post_link.__doc__ = f"Add (or merge by natural key) one {noun}."
    delete_link.__doc__ = f"Delete one {noun} by its natural key."
    _body_is(post_link, model)
    r.add_api_route(f"/api/v1/{section}", post_link, methods=["POST"], name=f"post_{noun}")
    r.add_api_route(f"/api/v1/{section}", delete_link, methods=["DELETE"],
                    name=f"delete_{noun}")


def _body_is(route: Any, model: type[Row]) -> None:
    """Give a route made in a loop its section's row model as the body type, so OpenAPI
    documents it and FastAPI validates it (unknown fields are refused: extra="forbid")."""
    route.__annotations__["row"] = model

"""Spreadsheets and staff lists over HTTP, and the progress of the long work they start.

An import runs as a background job: the route answers at once with the job, the web page
polls ``/api/v1/jobs/{job_id}`` for its progress line and may cancel it; a cancelled or
failed import has written nothing (``graph.core.progress``).
"""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from api.deps import Access, EditHistoryDep, JobsDep, StaffLinksDep, Store, audit, user_of
from api.usecases import graph_data
from graph.core.errors import DocumentError, Problem
from graph.core.progress import Progress
from graph.model.schema import SECTIONS, IsoDate, strip_controls
from graph.model.spreadsheet import write_workbook
from graph.model.staff_list import apply, plan, read_staff_export

__all__ = ["router"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_XLSX_RESPONSE: dict[int | str, dict[str, Any]] = {200: {
    "description": "An .xlsx workbook.",
    "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}}
Section = Annotated[str | None, Query(
    pattern="^(" + "|".join(SECTIONS) + ")$",
    description="The section a CSV body holds (required for CSV, not for .xlsx).")]
# The uploaded file's own name, so that a problem names the file the user chose, not
# "people.csv" or "personallista". Only a label: cleaned (no folders, control or
# bidirectional-override characters, 200 characters at most), never a reason to refuse.
FileName = Annotated[str | None, Query(
    max_length=1000, description="The uploaded file's name, used where problems name the file.")]


def _workbook(data: dict[str, list[dict[str, Any]]], filename: str) -> Response:
    out = io.BytesIO()
    write_workbook(data, out)
    return Response(out.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _file_name(filename: str | None) -> str | None:
    """The name to show for an uploaded file, or None for the readers' default."""
    if filename is None:
        return None
    name = strip_controls(filename).replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    return name or None


def _is_xlsx(body: bytes) -> bool:
    return body[:2] == b"PK"


def router() -> APIRouter:
    r = APIRouter(tags=["administration"])

    @r.get("/api/v1/spreadsheet/template", responses=_XLSX_RESPONSE)
    def template() -> Response:
        """An empty workbook: the headers, a Swedish guide sheet and drop-down lists."""
        return _workbook({}, "samverkan-mall.xlsx")

    @r.get("/api/v1/export/xlsx", responses=_XLSX_RESPONSE)
    def export_workbook(request: Request, store: Store) -> Response:
        """The whole graph as a workbook (the same workbook an import of it came from)."""
        audit(request, "export", "xlsx", "administration")
        return _workbook(graph_data.export_data(store), "samverkan.xlsx")

    @r.post("/api/v1/import/spreadsheet", status_code=202)
    async def import_spreadsheet(request: Request, jobs: JobsDep, access: Access, store: Store,
                                 section: Section = None, replace: bool = False,
                                 filename: FileName = None) -> dict[str, Any]:
        """Start importing an .xlsx workbook (or one section's CSV); poll the job it returns.

        All or nothing, like the JSON import; problems name sheet, row and column.
        """
        body = await request.body()  # bounded by api.limits before it was read
        if not _is_xlsx(body) and section is None:
            raise DocumentError([Problem("section", "en CSV-fil innehåller ett avsnitt: "
                                         "ange section")])
        who = user_of(request)

        def work(progress: Progress) -> dict[str, Any]:
            result = graph_data.import_spreadsheet(
                store, body, section=None if _is_xlsx(body) else section, replace=replace,
                name=_file_name(filename), progress=progress)
            access.record(who, "import", f"{result.total} rows", "administration")
            return {"rows": result.rows, "total": result.total, "revision": result.revision,
                    "changes": result.changes}

        return jobs.start("import", who.name, work).as_dict()

    @r.get("/api/v1/jobs/{job_id}")
    def job(request: Request, jobs: JobsDep, job_id: str) -> dict[str, Any]:
        """Where a background job is: phase, done of total, and its result or error."""
        return jobs.status(job_id, user_of(request).name)

    @r.delete("/api/v1/jobs/{job_id}")
    def cancel_job(request: Request, jobs: JobsDep, job_id: str) -> dict[str, Any]:
        """Ask a running job to stop; it stops before it writes anything."""
        return jobs.cancel(job_id, user_of(request).name)

    @r.post("/api/v1/staff-lists/preview")
    async def staff_preview(request: Request, links: StaffLinksDep, store: Store,
                            organisation: Annotated[str, Query(min_length=1, max_length=200)],
                            day: Annotated[IsoDate | None, Query(
                                description="The list's day (default today).")] = None,
                            filename: FileName = None) -> dict[str, Any]:
        """Every change a staff export (CSV or xlsx body) would make; writes nothing."""
        body = await request.body()  # bounded by api.limits
        rows = read_staff_export(body, _file_name(filename))
        result = plan(store, links, organisation, rows, day or date.today())
        audit(request, "staff_preview", organisation, "administration")
        return result.as_dict()

    @r.post("/api/v1/staff-lists/apply", response_model=None,
            responses={202: {"description": "Started in the background (``background``): "
                                            "follow or cancel the job at ``/api/v1/jobs/{id}``."}})
    async def staff_apply(request: Request, links: StaffLinksDep, store: Store,
                          history: EditHistoryDep, jobs: JobsDep,
                          organisation: Annotated[str, Query(min_length=1, max_length=200)],
                          revision: Annotated[int, Query(ge=0, le=2**62, description=(
                              "The revision the preview was made at; refused (409) if the "
                              "graph has changed since."))],
                          day: Annotated[IsoDate | None, Query()] = None,
                          background: Annotated[bool, Query(description=(
                              "Run as a job (202): poll /api/v1/jobs/{id} for its progress, "
                              "DELETE it to cancel before anything is written."))] = False,
                          confirm_ends: Annotated[bool, Query(description=(
                              "Needed when the list ends more than half the party's current "
                              "staff (the preview's confirm_ends_needed); refused (422) "
                              "without it."))] = False,
                          filename: FileName = None) -> dict[str, Any] | JSONResponse:
        """Apply exactly what the preview of the same export showed."""
        body = await request.body()  # bounded by api.limits
        rows = read_staff_export(body, _file_name(filename))
        user = user_of(request).name

        def work(progress: Progress) -> dict[str, Any]:
            staged = plan(store, links, organisation, rows, day or date.today(), progress)
            staged.revision = revision  # apply refuses unless the graph is still there
            counts = apply(store, links, staged, history, user=user, progress=progress,
                           confirm_ends=confirm_ends)
            audit(request, "staff_apply", organisation, "administration")
            return {**staged.as_dict(), "applied": counts}

        if not background:
            return work(Progress())
        return JSONResponse(jobs.start("staff_apply", user, work).as_dict(), status_code=202)

    return r

"""Moving graph data in and out, one row at a time or whole: import, export, put and
delete a row, and erasing a person with everything other modules hold about them.

Auditing stays with the caller; a write takes the caller's record as ``audit`` so that a
store holding the audit log writes both in one transaction (api/deps.py ``audited``).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from graph.core.access import AuditRecord
from graph.core.errors import DocumentError, NotFoundError, Problem
from graph.core.progress import Progress
from graph.model.document import (
    DEFAULT_MAX_BYTES,
    read_document,
    to_data,
    validate_in_steps,
)
from graph.model.schema import SECTIONS, Document, Row
from graph.model.spreadsheet import import_sheets, read_csv, read_workbook
from graph.store import row_edits
from graph.store.change_history import ChangeHistory
from graph.store.erasure import ErasesInFile, ErasureCleanup, ErasureHook, Removal
from graph.store.import_counts import counted
from graph.store.protocol import GraphStore, ImportResult
from graph.store.sqlite_store import SQLiteStore

__all__ = [
    "SPREADSHEET_SUFFIXES",
    "ErasureHook",
    "check_key",
    "delete_row",
    "erase_person",
    "export_data",
    "export_person",
    "import_data",
    "import_file",
    "import_spreadsheet",
    "put_row",
    "row_changes",
    "row_data",
    "summary",
]


SPREADSHEET_SUFFIXES = (".xlsx", ".csv")


def summary(result: ImportResult) -> dict[str, Any]:
    """What an import reports back, on the command line and over HTTP alike."""
    return {"rows": result.rows, "total": result.total, "revision": result.revision,
            "replaced": result.replaced}


def import_data(store: GraphStore, data: Any, *, replace: bool = False,
                audit: AuditRecord | None = None) -> ImportResult:
    """Merge parsed interchange data into the graph (or replace it); all of it or nothing."""
    return store.write(data, replace=replace, audit=audit)


T = TypeVar("T")


def import_in_steps(data: Any, progress: Progress, write: Callable[[Any], T]) -> T:
    """Check parsed interchange data 1,000 rows at a time (progress shown, a cancel stops
    between chunks), then ``write`` the checked document once; the check before the write
    is the last moment a cancel is heard, so a cancelled import writes nothing."""
    document = validate_in_steps(data, progress)
    total = sum(document.count().values())
    progress.start("skriver", total)
    result = write(document)
    progress.written(total)
    return result


def import_spreadsheet(store: GraphStore, source: str | Path | bytes | BinaryIO, *,
                       section: str | None = None, replace: bool = False,
                       name: str | None = None, progress: Progress | None = None
                       ) -> ImportResult:
    """An .xlsx workbook, or with ``section`` one section's CSV, written as one transaction;
    problems name sheet (or the CSV file, ``name``), row and column."""
    progress = progress or Progress()
    if section is None:
        sheets = read_workbook(io.BytesIO(source) if isinstance(source, bytes) else source,
                               progress)
    else:
        if not isinstance(source, str | Path | bytes):
            source = source.read()
        sheets = read_csv(source, section, name=name, progress=progress)
    # The counts (what the admin reads) come from inside the write's transaction, against
    # the rows it replaced: a write of someone else's just before it is not counted as
    # this import's.
    return import_sheets(store, sheets, replace=replace, progress=progress,
                         count_changes=True)


def row_changes(before: Document, imported: Document, *, replace: bool) -> dict[str, int]:
    """How the rows of ``imported`` compare with a document ``before``, by natural key, as
    a store counts them in an import's transaction (:mod:`graph.store.import_counts`)."""
    by_key = {s: {r.key(): r for r in getattr(before, s)} for s in SECTIONS}
    return counted(imported,
                   lambda s, keys: {k: by_key[s][k] for k in keys if k in by_key[s]},
                   lambda s: len(by_key[s]), replace=replace)


def import_file(store: GraphStore, path: str | os.PathLike[str], *,
                section: str | None = None, replace: bool = False,
                max_bytes: int = DEFAULT_MAX_BYTES,
                progress: Progress | None = None) -> ImportResult:
    """A file by its suffix: .xlsx, one section's .csv (``section`` required), else a
    JSON or YAML document of at most ``max_bytes``."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        if suffix == ".csv" and section is None:
            raise DocumentError([Problem("section", "en CSV-fil innehåller ett avsnitt: "
                                         "ange section")])
        return import_spreadsheet(store, p, section=section if suffix == ".csv" else None,
                                  replace=replace, progress=progress)
    data = read_document(p, max_bytes=max_bytes)
    if progress is None:
        return import_data(store, data, replace=replace)
    return import_in_steps(data, progress, lambda d: import_data(store, d, replace=replace))


def export_data(store: GraphStore) -> dict[str, list[dict[str, Any]]]:
    """The whole graph as an interchange document (what an import of it restores)."""
    return to_data(store.read())


def row_data(row: Row) -> dict[str, Any]:
    """A row as the API shows it: its fields by their interchange names, unset left out."""
    data: dict[str, Any] = row.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return data


def export_person(store: GraphStore, row_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of the graph that is about one person, by section (GDPR art. 15)."""
    doc = store.read()
    if not any(p.id == row_id for p in doc.people):
        raise NotFoundError(f"ingen person {row_id!r}")
    held: dict[str, list[dict[str, Any]]] = {}
    for section in SECTIONS:
        for row in getattr(doc, section):
            data = row_data(row)
            if any(v == row_id or (isinstance(v, list) and row_id in v)
                   for v in data.values()):
                held.setdefault(section, []).append(data)
    return held


def check_key(row: Row, key: str) -> None:
    """Refuse a row whose own key is not ``key`` (the id in a URL)."""
    if row.key() != key:
        raise DocumentError([Problem("id", f"är {row.key()!r}, men adressen säger {key!r}")])


def put_row(store: GraphStore, section: str, row: Row, *, key: str | None = None,
            audit: AuditRecord | None = None, history: ChangeHistory | None = None,
            user: str | None = None) -> dict[str, Any]:
    """Create or replace one row (a link row merges by its natural key); with ``key``,
    the row's own key must be it (:func:`check_key`). With ``history`` the change is
    recorded (today), as the web editor's are, for the as-of views."""
    if key is not None:
        check_key(row, key)
    if history is None:
        store.put(section, row, audit=audit)
    else:  # the row, its history entry and ``audit`` in one transaction where they can be
        row_edits.put_recorded(store, history, section, row, action="row_put", user=user,
                               at=_now(), audit=audit)
    return row_data(row)


def delete_row(store: GraphStore, section: str, key: str, *,
               audit: AuditRecord | None = None, history: ChangeHistory | None = None,
               user: str | None = None) -> Removal:
    """Delete one row that is not a person by its key (a link row's natural key joined by
    '\\x1f'); refused while other rows refer to it. A person is erased instead. With
    ``history`` the row is recorded as gone from today on."""
    if section == "people":
        raise DocumentError([Problem("section", "en person raderas med sina uppgifter "
                                     "(radering enligt art. 17), inte som en rad")])
    if history is None:
        return store.delete(section, key, audit=audit)
    return row_edits.delete_recorded(
        store, history, section, key, action="row_delete", user=user, at=_now(),
        audit=audit)[0]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def erase_person(store: GraphStore, row_id: str, hooks: Iterable[ErasureHook] = (), *,
                 audit: AuditRecord | None = None) -> Removal:
    """Erase a person and every row that names them (GDPR art. 17), and what the
    ``hooks`` hold about them. The rows of modules in the store's own SQLite file go in
    the removal's transaction (all of it or nothing: graph.store.erasure.ErasesInFile);
    the other hooks run after the removal is written, so a refused erasure leaves every
    module's data as it was."""
    hooks = list(hooks)
    inside = [h for h in hooks if isinstance(h, ErasesInFile) and _same_file(store, h)]
    cleanup = ErasureCleanup([st for h in inside for st in h.erasure_sql(row_id)])
    removal = store.delete("people", row_id, cascade=True, audit=audit,
                           recording=cleanup if inside else None)
    for hook in hooks:
        if hook in inside:
            continue
        (hook.forget if isinstance(hook, ErasesInFile) else hook)(row_id)
    return removal


def _same_file(store: GraphStore, module: ErasesInFile) -> bool:
    return isinstance(store, SQLiteStore) and store.path.resolve() == module.path.resolve()

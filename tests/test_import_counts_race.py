"""An import's counts (added, changed, unchanged) are of the rows its own transaction
replaced: a write that another thread commits while the import is being checked is not
counted as the import's."""

from __future__ import annotations

import threading
from typing import Any

from api.usecases.graph_data import import_spreadsheet
from graph.core.progress import Progress
from graph.store.sqlite_store import SQLiteStore


def test_a_write_committed_during_the_check_is_not_counted_as_the_imports(
        store: SQLiteStore, small: dict[str, Any]) -> None:
    store.write(small)
    # Bo as stored, and a new person.
    csv = b"id,name,organisation,title\nbo,Bo Lind,lomma,enhetschef\nny,Ny Person,lomma,\n"

    def other_request() -> None:  # another admin's edits, on a thread of their own
        store.put("people", {"id": "bo", "name": "Bo Lind", "organisation": "lomma",
                             "title": "förvaltningschef"})
        store.put("people", {"id": "ny", "name": "Ny Annan", "organisation": "lomma"})

    def meanwhile(progress: Progress) -> None:
        # The file is read; its rows are checked against the store next, then written.
        if progress.phase == "kontrollerar och skriver" and not done.is_set():
            done.set()
            other = threading.Thread(target=other_request)
            other.start()
            other.join()

    done = threading.Event()
    result = import_spreadsheet(store, csv, section="people", progress=Progress(meanwhile))
    assert done.is_set()
    # The import wrote over both of the other's rows: bo's title back, ny's name.
    assert result.changes == {"added": 0, "changed": 2, "unchanged": 0, "removed": 0}
    assert store.get("people", "bo").title == "enhetschef"
    assert store.get("people", "ny").name == "Ny Person"

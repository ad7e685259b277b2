"""An acknowledged write survives ``kill -9`` of the writing process, with its audit entry
(and, for the service's one-row write, its edit-history entry)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph.store.sqlite_store import SQLiteStore

WRITER = textwrap.dedent("""
    import sys
    from graph.core.access import AccessLog, AuditRecord
    from graph.store.sqlite_store import SQLiteStore
    store = SQLiteStore(sys.argv[1])
    AccessLog(sys.argv[1]).close()  # the service's audit table, as the API has it
    store.write({"organisations": [{"id": "af", "name": "AF"}]})
    i = 0
    while True:
        store.write({"people": [{"id": f"p{i}", "name": f"P {i}", "organisation": "af"}],
                     "ties": [{"a": f"p{i}", "b": f"p{i - 1}"}] if i else []},
                    audit=AuditRecord(None, "write_person", f"p{i}", "test"))
        print(f"p{i}", flush=True)  # the acknowledgement: only after commit returned
        i += 1
""")


# The service's one-row write: the row, its edit-history entry and its audit entry in one
# transaction (graph.store.change_history.Recording).
RECORDED_WRITER = textwrap.dedent("""
    import sys
    from api.usecases.graph_data import put_row
    from graph.core.access import AccessLog, AuditRecord
    from graph.model.schema import SECTIONS
    from graph.store.change_history import ChangeHistory
    from graph.store.sqlite_store import SQLiteStore
    store = SQLiteStore(sys.argv[1])
    AccessLog(sys.argv[1]).close()
    history = ChangeHistory(sys.argv[1])
    store.write({"organisations": [{"id": "af", "name": "AF"}]})
    i = 0
    while True:
        row = SECTIONS["people"].model_validate({"id": f"p{i}", "name": f"P {i}",
                                                 "organisation": "af"})
        put_row(store, "people", row, audit=AuditRecord(None, "write_person", f"p{i}", "test"),
                history=history, user="test")
        print(f"p{i}", flush=True)
        i += 1
""")


@pytest.mark.parametrize("writer", [WRITER, RECORDED_WRITER], ids=["write", "recorded put"])
def test_every_acknowledged_row_survives_kill_9_with_its_audit_entry(tmp_path: Path,
                                                                     writer: str) -> None:
    db = tmp_path / "crash.db"
    root = Path(__file__).resolve().parents[1]
    for attempt in range(3):
        proc = subprocess.Popen([sys.executable, "-c", writer, str(db)], cwd=root,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        acked: list[str] = []
        deadline = time.monotonic() + 30
        while len(acked) < 150 + 50 * attempt and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            acked.append(line.strip())
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # Anything the writer printed before the kill, but we had not read yet, counts too.
        acked += [line.strip() for line in proc.stdout.read().splitlines() if line.strip()]
        assert len(acked) >= 100, "the writer was too slow to test anything"
        store = SQLiteStore(db)
        people = {p.id for p in store.read().people}
        missing = [p for p in acked if p not in people]
        assert not missing, f"acknowledged but lost after kill -9: {missing[:5]}"
        store.close()
        # Every committed write has its audit entry, and no entry outlives its write.
        with sqlite3.connect(db) as raw:
            audited = {t for (t,) in raw.execute(
                "SELECT target FROM audit WHERE action = 'write_person'")}
        assert people == audited, (sorted(people - audited)[:5], sorted(audited - people)[:5])
        if writer is RECORDED_WRITER:  # and its history entry, never one without the other
            with sqlite3.connect(db) as raw:
                recorded = {k for (k,) in raw.execute(
                    "SELECT key FROM edit_history WHERE action = 'row_put'")}
            assert people == recorded, (sorted(people - recorded)[:5],
                                        sorted(recorded - people)[:5])


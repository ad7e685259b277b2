"""An acknowledged write survives ``kill -9`` of the writing process, with its audit entry."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

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


def test_every_acknowledged_row_survives_kill_9_with_its_audit_entry(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    root = Path(__file__).resolve().parents[1]
    for attempt in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], cwd=root,
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


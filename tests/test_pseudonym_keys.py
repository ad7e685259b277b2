"""New subjects' pseudonym keys: on disk before the pseudonym is given out, and the keys of
concurrent requests written in shared commits (graph.core.pseudonyms)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from graph.core.pseudonyms import Pseudonyms


def test_a_new_key_is_on_disk_when_its_pseudonym_is_given(tmp_path: Path) -> None:
    path = tmp_path / "keys.sqlite"
    keys = Pseudonyms(path)
    try:
        first = keys.of("person", "p1")
        # another connection, as another worker process or a restart would read the file
        with sqlite3.connect(path) as other:
            stored = other.execute("SELECT count(*) FROM subject_keys WHERE subject = ?",
                                   ("person:p1",)).fetchone()[0]
        assert stored == 1
        assert keys.of("person", "p1") == first
        keys.forget("person", "p1")
        assert keys.of("person", "p1") != first
    finally:
        keys.close()


def test_concurrent_new_subjects_share_commits(tmp_path: Path) -> None:
    path = tmp_path / "keys.sqlite"
    keys = Pseudonyms(path)
    statements: list[str] = []
    keys._db.set_trace_callback(statements.append)  # what the connection runs, no more
    count = 24
    start = threading.Barrier(count)
    got: dict[int, str] = {}

    def ask(i: int) -> None:
        start.wait()
        got[i] = keys.of("person", f"p{i}")

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    keys.close()
    commits = sum(s == "COMMIT" for s in statements)
    # every key written, in fewer commits (each an fsync) than subjects
    assert 1 <= commits < count
    reopened = Pseudonyms(path)
    try:
        assert {i: reopened.of("person", f"p{i}") for i in range(count)} == got
        assert len(set(got.values())) == count
    finally:
        reopened.close()

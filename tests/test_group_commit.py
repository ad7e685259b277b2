"""Audit entries of concurrent requests share commits, and each is on disk when its
caller is told so (graph.core.group_commit)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from graph.core.access import AccessLog, AuditRecord, Role, User
from graph.core.group_commit import GroupCommit


def _on_disk(db: Path) -> set[str]:
    """Targets of the entries another connection (another process, say) sees."""
    with sqlite3.connect(db) as other:
        return {row[0] for row in other.execute("SELECT target FROM audit")}


def test_each_entry_is_committed_before_append_returns(tmp_path: Path) -> None:
    log = AccessLog(tmp_path / "a.db")
    user = User(1, "u", Role.STAFF)
    seen_late: list[str] = []

    def ask(i: int) -> None:
        for j in range(20):
            target = f"t{i}-{j}"
            log.append(AuditRecord(user, "paths", target, "kontaktväg"))
            if target not in _on_disk(tmp_path / "a.db"):
                seen_late.append(target)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen_late == []
    assert _on_disk(tmp_path / "a.db") == {f"t{i}-{j}" for i in range(8) for j in range(20)}
    assert log.count(action="paths") == 160
    log.close()


def test_waiting_entries_share_one_transaction(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "b.db", isolation_level=None, check_same_thread=False)
    db.execute("CREATE TABLE t (v INTEGER)")
    lock = threading.Lock()
    commits = GroupCommit[int](db, lock, lambda c, v: c.execute("INSERT INTO t VALUES (?)",
                                                                (v,)))
    transactions: list[int] = []
    db.set_trace_callback(lambda sql: transactions.append(1) if sql == "COMMIT" else None)
    with lock:  # the committer waits on the lock while all ten queue up
        futures = [commits.submit(v) for v in range(10)]
        first = futures[0]
    for f in futures:
        f.result(timeout=10)
    assert first.done()
    assert sorted(v for (v,) in db.execute("SELECT v FROM t")) == list(range(10))
    # the first may have been taken alone before the lock was let go; the rest wait as one
    assert len(transactions) <= 2
    commits.close()


def test_a_row_that_fails_fails_only_its_caller(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "c.db", isolation_level=None, check_same_thread=False)
    db.execute("CREATE TABLE t (v INTEGER NOT NULL)")
    lock = threading.Lock()
    commits = GroupCommit[int | None](
        db, lock, lambda c, v: c.execute("INSERT INTO t VALUES (?)", (v,)))
    with lock:
        futures = [commits.submit(v) for v in (1, None, 3)]
    with pytest.raises(sqlite3.IntegrityError):
        futures[1].result(timeout=10)
    futures[0].result(timeout=10)
    futures[2].result(timeout=10)
    assert sorted(v for (v,) in db.execute("SELECT v FROM t")) == [1, 3]
    commits.close()


def test_close_commits_what_waits(tmp_path: Path) -> None:
    log = AccessLog(tmp_path / "d.db")
    pending = [log.submit(AuditRecord(None, "paths", f"x{i}")) for i in range(30)]
    log.close()
    assert all(f.done() and f.exception() is None for f in pending)
    assert len(_on_disk(tmp_path / "d.db")) == 30


def test_a_busy_store_fails_the_whole_batch_at_once(tmp_path: Path) -> None:
    """Behind another connection's write lock every waiting row fails with the one busy
    error, instead of each row being retried alone and waiting out the timeout again."""
    path = tmp_path / "e.db"
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=0.05)
    db.execute("CREATE TABLE t (v INTEGER)")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    lock = threading.Lock()
    commits = GroupCommit[int](db, lock, lambda c, v: c.execute("INSERT INTO t VALUES (?)",
                                                                (v,)))
    begins: list[int] = []
    db.set_trace_callback(lambda sql: begins.append(1) if sql == "BEGIN IMMEDIATE" else None)
    with lock:
        futures = [commits.submit(v) for v in range(5)]
    for f in futures:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            f.result(timeout=10)
    # the first may have been taken alone; the rest failed as one batch, not one by one
    assert len(begins) <= 2
    other.execute("ROLLBACK")
    commits.close()

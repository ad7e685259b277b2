"""How long a spreadsheet import holds SQLite's write lock, seen by another connection.

A generated workbook is imported into a fresh store (a merge, as ``samverkan import
FILE.xlsx``) in a process of its own, while a probe thread there tries ``BEGIN IMMEDIATE``
on its own connection every 5 ms without waiting (busy timeout 0): the longest stretch in
which it could not get the lock is how long any other write (a session, an edit, an audit
entry) would have waited. Run on the code of this tree and on the code of another commit
(``--before REV``, exported with ``git archive`` into a temporary folder), the same
workbook, one after the other.

Run: ``python -m bench.bench_import_lock [--before REV] [PEOPLE]`` (default 50000); it
prints a markdown table for bench/RESULTS-spreadsheet.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, sqlite3, sys, threading, time
from graph.model.spreadsheet import import_sheets, read_workbook
from graph.store.sqlite_store import SQLiteStore
path, db = sys.argv[1], sys.argv[2]
store = SQLiteStore(db)
done = threading.Event()
held = {"longest": 0.0, "total": 0.0}

def probe():
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA busy_timeout=0")
    since = None
    while True:  # until the lock is had once after the import returned: no open stretch
        stop = done.is_set()
        now = time.perf_counter()
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            if since is not None:
                held["longest"] = max(held["longest"], now - since)
                held["total"] += now - since
                since = None
            if stop:
                break
        except sqlite3.OperationalError:
            since = since if since is not None else now
        time.sleep(0.005)
    other.close()

t = threading.Thread(target=probe)
t0 = time.perf_counter()
sheets = read_workbook(path)
t1 = time.perf_counter()
t.start()
result = import_sheets(store, sheets)
t2 = time.perf_counter()
done.set()
t.join()
print(json.dumps({"rows": result.total, "read_s": t1 - t0, "write_s": t2 - t1,
                  "lock_longest_s": held["longest"], "lock_total_s": held["total"]}))
"""


def _child(code: Path, book: Path, db: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(book), str(db)], cwd=code,
                          env=env, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(proc.stdout)
    return result


def run(people: int, before: str | None) -> str:
    from graph.model.generator import generate
    from graph.model.spreadsheet import write_workbook

    root = Path(__file__).resolve().parents[1]
    lines = ["| code | people | rows | workbook MiB | read s | check+write s "
             "| write lock held, longest s | held in all s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / f"gen{people}.xlsx"
        write_workbook(generate(people, seed=1), book)
        codes = [("this tree", root)]
        if before is not None:
            old = Path(tmp) / "before"
            old.mkdir()
            archive = subprocess.run(["git", "archive", before], cwd=root,
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            codes.insert(0, (before, old))
        for label, code in codes:
            r = _child(code, book, Path(tmp) / f"{label.replace(' ', '-')}.db")
            lines.append(
                f"| {label} | {people:,} | {int(r['rows']):,} "
                f"| {book.stat().st_size / 2**20:.1f} | {r['read_s']:.1f} "
                f"| {r['write_s']:.1f} | {r['lock_longest_s']:.2f} | {r['lock_total_s']:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("people", nargs="?", type=int, default=50_000)
    parser.add_argument("--before", help="a commit to compare with (git archive)")
    args = parser.parse_args()
    print(run(args.people, args.before))

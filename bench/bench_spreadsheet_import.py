"""Spreadsheet import benchmark: a generated 200,000-person workbook into a fresh store.

The workbook is written first (timed too); the import then runs in a process of its own so
that its peak memory (max RSS) is the import's alone: openpyxl's read-only reader, the
interchange data, validation and the one SQLite transaction.

Run: ``python -m bench.bench_spreadsheet_import [PEOPLE ...]`` (default 200000); it prints a
markdown table to paste into bench/RESULTS-spreadsheet.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from graph.model.spreadsheet import import_sheets, read_workbook
from graph.store.sqlite_store import SQLiteStore
path, db = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
sheets = read_workbook(path)
t1 = time.perf_counter()
result = import_sheets(SQLiteStore(db), sheets)
t2 = time.perf_counter()
print(json.dumps({"rows": result.total, "read_s": t1 - t0, "write_s": t2 - t1,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(sizes: tuple[int, ...] = (200_000,)) -> str:
    from graph.model.generator import generate
    from graph.model.spreadsheet import write_workbook

    root = Path(__file__).resolve().parents[1]
    lines = ["| people | rows | workbook MiB | write workbook s | read s | validate+write s "
             "| rows/s (read+write) | peak RSS MiB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            book = Path(tmp) / f"gen{n}.xlsx"
            data = generate(n, seed=1)
            t0 = time.perf_counter()
            write_workbook(data, book)
            written = time.perf_counter() - t0
            del data
            proc = subprocess.run([sys.executable, "-c", CHILD, str(book),
                                   str(Path(tmp) / f"gen{n}.db")], cwd=root,
                                  capture_output=True, text=True, check=True)
            r = json.loads(proc.stdout)
            rate = r["rows"] / (r["read_s"] + r["write_s"])
            lines.append(
                f"| {n:,} | {r['rows']:,} | {book.stat().st_size / 2**20:.0f} | {written:.0f} "
                f"| {r['read_s']:.0f} | {r['write_s']:.0f} | {rate:,.0f} "
                f"| {r['peak_rss_mib']:,.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(tuple(int(a) for a in sys.argv[1:]) or (200_000,)))

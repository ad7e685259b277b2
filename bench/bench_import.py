"""Import benchmark: generated documents of 10,000 and 200,000 people into a fresh store.

Each size runs in its own process so that its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from graph.model.document import read_document
from graph.store.sqlite_store import SQLiteStore
path, db = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
data = read_document(path, max_bytes=2**31)
t1 = time.perf_counter()
store = SQLiteStore(db)
result = store.write(data)
t2 = time.perf_counter()
G = store.collaboration_graph()
t3 = time.perf_counter()
print(json.dumps({"rows": result.total, "parse_s": t1 - t0, "write_s": t2 - t1,
                  "projection_s": t3 - t2, "nodes": G.number_of_nodes(),
                  "edges": G.number_of_edges(),
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(sizes: tuple[int, ...] = (10_000, 200_000)) -> str:
    from graph.model.document import dump
    from graph.model.generator import generate

    root = Path(__file__).resolve().parents[1]
    lines = ["## Import (issue 2)", "",
             "Generated document → validation → one SQLite transaction (WAL, synchronous=FULL); "
             "then the collaboration-graph projection is built.", "",
             "| people | rows | file MiB | parse s | validate+write s | rows/s | projection s "
             "| graph nodes / edges | peak RSS MiB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            doc_path = Path(tmp) / f"gen{n}.json"
            with doc_path.open("w", encoding="utf-8") as out:
                dump(generate(n, seed=1), out, "json")
            proc = subprocess.run([sys.executable, "-c", CHILD, str(doc_path),
                                   str(Path(tmp) / f"gen{n}.db")], cwd=root,
                                  capture_output=True, text=True, check=True)
            r = json.loads(proc.stdout)
            rate = r["rows"] / (r["parse_s"] + r["write_s"])
            lines.append(
                f"| {n:,} | {r['rows']:,} | {doc_path.stat().st_size / 2**20:.0f} "
                f"| {r['parse_s']:.1f} | {r['write_s']:.1f} | {rate:,.0f} "
                f"| {r['projection_s']:.1f} | {r['nodes']:,} / {r['edges']:,} "
                f"| {r['peak_rss_mib']:,.0f} |")
    lines.append("")
    lines.append("rows/s counts parse + validation + write of every row of every section.")
    return "\n".join(lines)

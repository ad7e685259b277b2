"""One-row writes and the next answer after them, beside the whole-document costs.

For each size, a generated document is imported into a fresh store; then a second
process plays a service worker: a cold start to its first contact-path answer, one
`put` of a person (a changed title), the next path answer, one erasure of a person
(with their ties and memberships), the next path answer. The references, timed in the
same run on the same store, are importing the whole document and the cold start.

    .venv/bin/python -m bench.bench_writes [--sizes 20000,200000] [--separate]
"""

from __future__ import annotations

import argparse
import inspect
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.machine import describe

CHILD = r"""
import json, resource, sys, time
from datetime import date
from graph.store.sqlite_store import SQLiteStore
from graph.reports.paths import k_best_paths, resolve

db, day = sys.argv[1], date.fromisoformat(sys.argv[2])

def answer(store, source):
    t = time.perf_counter()
    G = store.collaboration_graph(day)
    k_best_paths(G, source, resolve(G, "org:fk"), k=3)
    return time.perf_counter() - t

t0 = time.perf_counter()
store = SQLiteStore(db)
G = store.collaboration_graph(day)
source = next(p for p, party in G.nodes(data="party") if party != "fk" and G.degree(p) > 0)
cold = time.perf_counter() - t0
k_best_paths(G, source, resolve(G, "org:fk"), k=3)
cold = time.perf_counter() - t0
warm = answer(store, source)

victim = next(p for p in G.nodes if p != source and G.degree(p) > 2)
row = store.get("people", victim).model_dump(by_alias=True, exclude_unset=True)
t = time.perf_counter()
store.put("people", row | {"title": "ny titel"})
put = time.perf_counter() - t
after_put = answer(store, source)
t = time.perf_counter(); removal = store.delete("people", victim, cascade=True)
delete = time.perf_counter() - t
after_delete = answer(store, source)
print(json.dumps({"cold": cold, "warm": warm, "put": put, "after_put": after_put,
                  "delete": delete, "after_delete": after_delete,
                  "erased_rows": sum(removal.changed.values()),
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORT = r"""
import json, sys, time
from graph.model.document import read_document
from graph.store.sqlite_store import SQLiteStore
data = read_document(sys.argv[1], max_bytes=2**31)
t = time.perf_counter(); SQLiteStore(sys.argv[2]).write(data)
print(json.dumps({"import": time.perf_counter() - t}))
"""


def _document(n: int, national: bool) -> tuple[dict[str, list[dict[str, object]]], bool]:
    """A generated document, and whether it is one connected national network."""
    from graph.model.generator import generate

    if national and "national" in inspect.signature(generate).parameters:
        return generate(n, seed=1, national=True), True  # type: ignore[call-arg,unused-ignore]
    return generate(n, seed=1), False


def run(sizes: tuple[int, ...] = (20_000, 200_000), national: bool = True) -> str:
    from graph.model.document import dump

    root = Path(__file__).resolve().parents[1]
    shape = _document(40, national)[1]
    title = "one connected national network" if shape else "separate förbund"
    lines = [f"## One-row writes and the next answer ({title})", "",
             "A worker process on a SQLite store: ack time of one `put` of a person and of "
             "one erasure (with their ties and memberships), and the next k = 3 path answer "
             "to `org:fk` after each, beside importing the whole document and the worker's "
             "cold start to its first answer, timed in the same run on the same store.", "",
             "| people | import s | cold start s | warm answer ms | put ms | next answer ms "
             "| erase ms | next answer ms | erase / import | next / cold | peak RSS MiB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            doc_path, db = Path(tmp) / f"gen{n}.json", Path(tmp) / f"gen{n}.db"
            with doc_path.open("w", encoding="utf-8") as out:
                dump(_document(n, national)[0], out, "json")
            imported = json.loads(subprocess.run(
                [sys.executable, "-c", IMPORT, str(doc_path), str(db)], cwd=root,
                capture_output=True, text=True, check=True).stdout)
            r = json.loads(subprocess.run(
                [sys.executable, "-c", CHILD, str(db), "2026-06-01"], cwd=root,
                capture_output=True, text=True, check=True).stdout)
            worst_next = max(r["after_put"], r["after_delete"])
            lines.append(
                f"| {n:,} | {imported['import']:.1f} | {r['cold']:.1f} | {r['warm'] * 1e3:.0f} "
                f"| {r['put'] * 1e3:.0f} | {r['after_put'] * 1e3:.0f} | {r['delete'] * 1e3:.0f} "
                f"| {r['after_delete'] * 1e3:.0f} | {r['delete'] / imported['import']:.3f} "
                f"| {worst_next / r['cold']:.2f} | {r['peak_rss_mib']:,.0f} |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="20000,200000")
    parser.add_argument("--separate", action="store_true", help="separate förbund, no cross ties")
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(","))
    print(f"Machine: {describe()}\n")
    print(run(sizes, national=not args.separate))


if __name__ == "__main__":
    main()

"""Run every benchmark and write bench/RESULTS.md.

    .venv/bin/python -m bench.run            # all sizes
    .venv/bin/python -m bench.run --quick    # small sizes only, to check the harness
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench import bench_http, bench_import, bench_paths, bench_risk, bench_spanners
from bench.machine import describe

RESULTS = Path(__file__).with_name("RESULTS.md")
# --quick checks that the harness runs end to end (tests/test_bench_harness.py), not the
# figures: at 2,000 people networkx's exact betweenness beside the report took most of the
# suite's slowest test; at 500 every section still runs, exact and sampled.
QUICK = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    started = time.perf_counter()
    sizes = (QUICK,) if args.quick else (10_000, 200_000)
    spanners = (bench_spanners.run(sizes, connected=(QUICK,), check_at=QUICK) if args.quick
                else bench_spanners.run(sizes))
    sections = [bench_import.run(sizes), spanners, bench_risk.run(sizes),
                bench_paths.run((QUICK,), queries=40) if args.quick else bench_paths.run(),
                bench_http.run((QUICK,), rates=(20.0,), seconds=2) if args.quick
                else bench_http.run()]
    text = "\n\n".join([
        "# Benchmark results",
        f"Machine: {describe()}",
        "Command: `.venv/bin/python -m bench.run`" + (" --quick" if args.quick else ""),
        *sections,
        f"Total benchmark time: {time.perf_counter() - started:.0f} s",
    ]) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

"""Schemathesis over the whole OpenAPI schema with many examples per operation (issue 7):
the test suite's property test, every operation with a token per role and anonymously, at
``--examples`` (default 60) instead of 4. Writes bench/RESULTS-schemathesis.md.

    .venv/bin/python -m bench.schemathesis_full [--examples N]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from bench.machine import describe

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("RESULTS-schemathesis.md")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=60)
    args = parser.parse_args()
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_api_schemathesis.py"],
        cwd=ROOT, env={**os.environ, "SAMVERKAN_FUZZ_EXAMPLES": str(args.examples)},
        capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "no output"
    failures = re.findall(r"^FAILED (.+)$", proc.stdout, re.M)
    text = "\n\n".join([
        "# Schemathesis, long run", f"Machine: {describe()}",
        f"Command: `.venv/bin/python -m bench.schemathesis_full --examples {args.examples}`",
        "Every operation of the OpenAPI schema, anonymously and with a token of each of the "
        f"four roles, with up to {args.examples} generated examples each; checks: "
        "no server error, status documented, content type documented, body matches the "
        "schema (all of Schemathesis' default checks except positive-data acceptance, see "
        "the test's comment).",
        f"Result: `{summary}` in {seconds:.0f} s.",
        "Failures:\n\n" + ("\n".join(f"- `{f}`" for f in failures) if failures else "none"),
    ]) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()

"""The benchmark harness runs end to end (at a small size; figures are not checked here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_quick_run_writes_results_with_machine_and_date(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    root = Path(__file__).resolve().parents[1]
    # bench/ is not an installed package: its size is read where the harness runs.
    quick = int(subprocess.run([sys.executable, "-c", "from bench.run import QUICK; print(QUICK)"],
                               cwd=root, check=True, capture_output=True, text=True).stdout)
    subprocess.run([sys.executable, "-m", "bench.run", "--quick", "--output", str(out)],
                   cwd=root, check=True, capture_output=True, timeout=300)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results")
    assert "cores" in text and "Python 3." in text
    assert f"| {quick:,} |" in text

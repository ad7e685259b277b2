"""What a service imports to start (issue 17: the first path answer within 15 s of start).

The first answer needs the app, the store and the path search; these packages serve other
pages (spreadsheets, PDFs, sign-in, reports' statistics, embeddings) and are imported
where those are made, so a start does not spend its first seconds loading them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_AT_START = ("scipy.stats", "openpyxl", "fpdf", "authlib", "sentence_transformers", "torch")
# What `samverkan serve` imports before it serves (api.cli.service.serve), and the
# modules its warm-up and first path answer run.
START = ("api.cli", "api.app", "api.server", "api.seed_data", "uvicorn", "api.usecases.warm_up",
         "graph.reports.paths")


def test_a_service_start_imports_none_of_what_its_first_answer_does_not_need() -> None:
    script = (f"import importlib, json, sys\nfor m in {START!r}: importlib.import_module(m)\n"
              f"print(json.dumps(sorted(m for m in {NOT_AT_START!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True, env=os.environ | {"PYTHONPATH": str(ROOT)})
    assert json.loads(out.stdout) == []

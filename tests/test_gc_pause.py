"""Freezing what a build leaves (graph.core.gc_pause): a serving process freezes every
build the collector would otherwise walk during a request; other processes only huge ones.

Each check runs in a child interpreter: freezing is process-wide, and the test process's
own collector must stay as it is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from graph.model.generator import generate
from graph.store.sqlite_store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]


def _child(code: str, **env: str) -> dict[str, int]:
    """Run ``code`` in a fresh interpreter; what it printed last, as JSON."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                          capture_output=True, text=True, timeout=120, check=True)
    result: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


BUILD = """
    import gc, json
    from graph.core import gc_pause
    def build():
        with gc_pause.gc_paused():
            return [[i] for i in range(50_000)]  # 50,000 tracked objects (lists always are)
    kept = build()
    before = gc.get_freeze_count()
    gc_pause.serving()
    kept += build()
    print(json.dumps({"plain": before, "serving": gc.get_freeze_count()}))
"""


def test_only_a_serving_process_freezes_a_build_of_fifty_thousand_objects() -> None:
    frozen = _child(BUILD)
    assert frozen["plain"] == 0  # below a million: left to the collector, as before
    assert frozen["serving"] >= 100_000  # both builds' dicts, and whatever else lived


def test_a_worker_of_samverkan_serve_has_its_start_up_build_frozen(tmp_path: Path) -> None:
    """The worker processes of ``samverkan serve --workers N`` (api.main.app_factory): at
    20,000 people an unfrozen build made path answers wait 111-227 ms for the collector."""
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.write(generate(1000, seed=3, national=True))
    store.close()
    ends = """
        app.state.warm_up.join(120)
        print(json.dumps({"frozen": gc.get_freeze_count()}))
    """
    env = {"SAMVERKAN_DB": str(db), "SAMVERKAN_WARM_REPORTS": "0"}
    serving = """
        import gc, json
        from api.main import app_factory
        app = app_factory()
    """
    assert _child(serving + ends, **env)["frozen"] > 10_000
    # The same start-up outside a serving process is not frozen (1,000 people leave far
    # fewer than a million objects): what the worker froze is its serving mode's doing.
    plain = """
        import gc, json
        from api.app import create_app
        from graph.core.access import AccessLog
        from graph.core.settings import Settings
        from graph.store.open import open_store
        s = Settings()
        app = create_app(open_store(s), AccessLog(s.db), s, warm=True)
    """
    assert _child(plain + ends, **env)["frozen"] == 0

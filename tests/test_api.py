from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from graph.core.access import AccessLog
from graph.store.sqlite_store import SQLiteStore


def test_health_ready_stats(store: SQLiteStore, small: dict[str, Any]) -> None:
    store.write(small)
    client = TestClient(create_app(store, AccessLog(store.path)))
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").json() == {"status": "ready", "revision": 1}
    assert client.get("/api/v1/stats").json()["people"] == 3


def test_ready_is_503_when_the_store_is_gone(store: SQLiteStore) -> None:
    client = TestClient(create_app(store, AccessLog(store.path)))
    store.close()
    r = client.get("/ready")
    assert r.status_code == 503 and r.json()["error"] == "store_unavailable"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_fills_an_empty_store_with_the_seed(tmp_path: Path) -> None:
    port = _free_port()
    exe = Path(sys.executable).with_name("samverkan")
    proc = subprocess.Popen([str(exe), "--db", str(tmp_path / "s.db"), "serve",
                             "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/stats") as r:
                    counts = json.load(r)
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "service did not start"
                time.sleep(0.2)
        seed = json.loads((Path(__file__).resolve().parents[1] / "seed" / "finsam.json")
                          .read_text(encoding="utf-8"))
        assert counts == {k: len(seed.get(k, [])) for k in counts}
    finally:
        proc.terminate()
        proc.wait(10)

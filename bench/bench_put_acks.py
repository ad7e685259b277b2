"""Acks of PUT /api/v1/people/{id} in-process (FastAPI's TestClient, no network), on a
copy of a store: wall and CPU per request, and how many commits (WAL commit frames, each
one fsync with ``synchronous=FULL``) each request wrote. No projection is loaded: the
figures are the write path alone (the row, its edit history, its audit entry).

    PYTHONPATH=$PWD .venv/bin/python -m bench.bench_put_acks STORE.db [--count 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def commits(db: Path) -> int:
    """Commit frames in the WAL since it was last reset."""
    wal = db.with_name(db.name + "-wal")
    data = wal.read_bytes() if wal.exists() else b""
    if len(data) < 32:
        return 0
    page_size, salts, found = int.from_bytes(data[8:12], "big"), data[16:24], 0
    for offset in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        header = data[offset:offset + 24]
        if header[8:16] != salts:  # from before the WAL was last reset
            break
        found += int.from_bytes(header[4:8], "big") != 0
    return found


def _person(db: Path) -> dict[str, Any]:
    con = sqlite3.connect(db)
    try:
        cur = con.execute("SELECT * FROM people WHERE until IS NULL AND EXISTS "
                          "(SELECT 1 FROM ties t WHERE t.a = people.id) LIMIT 1")
        names = [d[0] for d in cur.description]
        return {k: v for k, v in zip(names, cur.fetchone(), strict=True)
                if v is not None and k not in ("seq", "key")}
    finally:
        con.close()


def run(source: Path, count: int) -> str:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.core.access import AccessLog, Role
    from graph.core.settings import Settings
    from graph.store.sqlite_store import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.db"
        shutil.copy(source, db)
        row = _person(db)
        store = SQLiteStore(db)
        access = AccessLog(db)
        headers = {"Authorization": f"Bearer {access.add_user('bench', Role.ADMIN)}"}
        client = TestClient(create_app(store, access, Settings(db=db)))
        path = f"/api/v1/people/{row['id']}"
        assert client.get(path, headers=headers).status_code == 200  # the token's stamp
        walls, cpus, frames = [], [], []
        for i in range(count):
            store.checkpoints.settle()  # none resets the WAL while it is counted
            before = commits(db)
            t, c = time.perf_counter(), time.process_time()
            answer = client.put(path, json=row | {"title": f"titel {i}"}, headers=headers)
            walls.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
            assert answer.status_code == 200, answer.text
            frames.append(commits(db) - before)
        store.close()
    deciles = statistics.quantiles(walls, n=10)
    return (f"PUT x{count}: wall median {statistics.median(walls) * 1e3:.1f} ms, "
            f"p10 {deciles[0] * 1e3:.1f}, p90 {deciles[-1] * 1e3:.1f}; CPU median "
            f"{statistics.median(cpus) * 1e3:.1f} ms; commits per PUT {sorted(set(frames))}; "
            f"load {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--count", type=int, default=30)
    args = parser.parse_args()
    print(run(args.db, args.count))


if __name__ == "__main__":
    main()

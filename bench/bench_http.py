"""Contact paths through the HTTP API under load (issue 5): an open-loop client sends a
fixed rate of authenticated /api/v1/paths requests to `samverkan serve` on loopback.

Latency is measured from each request's scheduled send time, so a server that falls behind
shows it (no coordinated omission)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import httpx
import networkx as nx
import psutil

from graph.access import AccessLog, Role
from graph.document import load_document
from graph.generator import generate
from graph.projection import collaboration_graph
from graph.sqlite_store import SQLiteStore


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


Request = tuple[str, dict[str, str]]  # path and query parameters


async def load(url: str, token: str, requests: list[Request], rate: float
               ) -> tuple[list[float], int]:
    """Send ``requests`` open-loop at ``rate`` per second; latencies (ms, in the order of
    ``requests``) and the number of answers other than 200 or none at all."""
    latencies = [0.0] * len(requests)
    errors = 0
    limits = httpx.Limits(max_connections=400, max_keepalive_connections=400)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30,
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        start = time.perf_counter() + 0.2

        async def one(i: int, path: str, params: dict[str, str]) -> None:
            nonlocal errors
            scheduled = start + i / rate
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            try:
                r = await client.get(path, params=params)
                ok = r.status_code == 200
            except httpx.HTTPError:  # a dropped connection is an error, not the end
                ok = False
            latencies[i] = (time.perf_counter() - scheduled) * 1000
            if not ok:
                errors += 1

        await asyncio.gather(*(one(i, path, params)
                               for i, (path, params) in enumerate(requests)))
    return latencies, errors


@contextlib.contextmanager
def serving(db: Path, workers: int) -> Iterator[tuple[str, psutil.Process]]:
    """``samverkan serve`` on a free loopback port, ready; its URL and process."""
    port = _port()
    exe = Path(sys.executable).with_name("samverkan")
    log = db.with_suffix(".server.log").open("w+")
    server = subprocess.Popen([str(exe), "--db", str(db), "serve", "--port", str(port),
                               "--no-seed", "--workers", str(workers)],
                              cwd=Path(__file__).resolve().parents[1], stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/ready")
                break
            except OSError:
                time.sleep(0.2)
        yield url, psutil.Process(server.pid)
    finally:
        server.terminate()
        server.wait(20)
        log.seek(0)
        # What the server said beyond its start-up lines (a dead worker, a traceback).
        said = [line for line in log.read().splitlines()
                if not line.startswith(("Serving", "Empty store"))]
        log.close()
        if said:
            print("\n".join(["server stderr:", *said[-20:]]), file=sys.stderr)


def rss_mib(proc: psutil.Process) -> float:
    """Resident memory of the server and its worker processes."""
    total: int = sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])
    return total / 2**20


def percentiles(latencies: list[float]) -> tuple[float, float, float]:
    lat = sorted(latencies)
    p99 = lat[min(len(lat) - 1, round(0.99 * (len(lat) - 1)))]
    return statistics.median(lat), p99, lat[-1]


def run(people: int = 20_000, rates: tuple[float, ...] = (100.0, 200.0),
        seconds: float = 10.0, workers: int = 2) -> str:
    rows = [_measure(people, rate, seconds, workers) for rate in rates]
    return "\n".join([
        "## Contact paths through the HTTP API (issue 5)", "",
        f"`samverkan serve --workers {workers}` on loopback, {people:,} generated people, "
        f"staff token; an open-loop client schedules GET /api/v1/paths requests at a fixed "
        f"rate for {seconds:.0f} s (k = 3, person targets in the same förbund); every "
        "request is audited.", "",
        "| requests | target rate/s | p50 ms | p99 ms | max ms | errors | server RSS MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|", *rows,
        "", "Latency counts from each request's scheduled send time, so a rate the server "
        "cannot sustain shows as growing queueing delay. The client runs on the same 2-core "
        "machine as the server."])


def _measure(people: int, rate: float, seconds: float, workers: int) -> str:
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "http.db"
        doc = generate(people, seed=1)
        store = SQLiteStore(db)
        store.write(doc)
        store.close()
        token = AccessLog(db).add_user("bench", Role.STAFF)
        G = collaboration_graph(load_document(doc))
        comps = [list(c) for c in nx.connected_components(G) if len(c) > 10]
        queries = []
        for _ in range(int(rate * seconds)):
            comp = rng.choice(comps)
            queries.append((rng.choice(comp), rng.choice(comp)))
        with serving(db, workers) as (url, proc):
            requests: list[Request] = [("/api/v1/paths", {"from": a, "to": b})
                                       for a, b in queries]
            # Warm every worker: each builds its projection and path index once.
            asyncio.run(load(url, token, requests[:40], rate=20))
            latencies, errors = asyncio.run(load(url, token, requests, rate))
            rss = rss_mib(proc)
    p50, p99, worst = percentiles(latencies)
    return (f"| {len(latencies):,} | {rate:.0f} | {p50:.1f} | {p99:.1f} "
            f"| {worst:.1f} | {errors} | {rss:,.0f} |")


if __name__ == "__main__":
    print(run(**json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}))

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
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import psutil

from graph.analysis.projection import collaboration_graph
from graph.core.access import AccessLog, Role
from graph.model.document import load_document
from graph.model.generator import generate
from graph.store.sqlite_store import SQLiteStore


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


Request = tuple[str, dict[str, str]]  # path and query parameters
IDLE_SECONDS = 4.0


class _Connection:
    """One keep-alive HTTP/1.1 connection: a request out, one whole response back."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.open = True
        self.used = time.monotonic()

    async def get(self, raw: bytes) -> int:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                self.open = False
        await self.reader.readexactly(length)
        self.used = time.monotonic()
        return status


async def load(url: str, token: str, requests: list[Request], rate: float
               ) -> tuple[list[float], int]:
    """Send ``requests`` open-loop at ``rate`` per second; latencies (ms, in the order of
    ``requests``) and the number of answers other than 200 or none at all.

    The client is raw HTTP/1.1 over pooled keep-alive connections, its requests encoded
    before the clock starts: it shares the server's two cores, and an HTTP library's own
    CPU per request would be measured as server latency. Against the same server on the
    seed data at 200 requests/s, httpx's AsyncClient spent 3.5-11 ms of CPU per request
    (and once could not keep up), this client 0.4-0.5 ms.
    """
    host, _, port = url.removeprefix("http://").partition(":")
    raw = [(f"GET {path}?{urllib.parse.urlencode(params)} HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {token}\r\n\r\n").encode() for path, params in requests]
    latencies = [0.0] * len(requests)
    errors: Counter[str] = Counter()
    idle: list[_Connection] = []
    start = time.perf_counter() + 0.2

    async def connection() -> _Connection:
        # uvicorn closes a keep-alive connection after 5 idle seconds; like any pooling
        # client, do not send on one that old
        while idle:
            conn = idle.pop()
            if time.monotonic() - conn.used < IDLE_SECONDS:
                return conn
            conn.writer.close()
        return _Connection(*await asyncio.open_connection(host, int(port)))

    async def one(i: int) -> None:
        scheduled = start + i / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        conn = None
        status = "no answer"
        try:
            conn = await connection()
            code = await asyncio.wait_for(conn.get(raw[i]), 30)
            status = str(code)
            if conn.open:
                idle.append(conn)
            else:
                conn.writer.close()
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as e:
            status = type(e).__name__  # a dropped connection is an error, not the end
            if conn is not None:
                conn.writer.close()
        latencies[i] = (time.perf_counter() - scheduled) * 1000
        if status != "200":
            errors[status] += 1

    await asyncio.gather(*(one(i) for i in range(len(requests))))
    for conn in idle:
        conn.writer.close()
    if errors:
        print(f"answers other than 200: {dict(errors)}", file=sys.stderr)
    return latencies, errors.total()


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
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:  # a worker still busy in C code ignores SIGTERM
            for child in psutil.Process(server.pid).children(recursive=True):
                child.kill()
            server.kill()
            server.wait()
        log.seek(0)
        # What the server said beyond its start-up lines (a dead worker, a traceback).
        said = [line for line in log.read().splitlines()
                if not line.startswith(("Tjänsten visar", "Tom databas"))]
        log.close()
        if said:
            print("\n".join(["server stderr:", *said[-20:]]), file=sys.stderr)


def warm(url: str, token: str, requests: list[Request], patience: float = 300.0) -> None:
    """Until every worker answers at once: each builds its projection and path index on
    its first request (half a minute at 200,000 people), and that is not what is measured.
    """
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        latencies, errors = asyncio.run(load(url, token, requests, rate=20))
        if not errors and max(latencies) < 1000:
            return
    raise RuntimeError(f"the server did not settle within {patience:.0f} s")


def measured(url: str, token: str, proc: psutil.Process, requests: list[Request],
             rate: float) -> tuple[list[float], int, float]:
    """``requests`` sent at ``rate`` after a warm-up on their first 40: the latencies, the
    errors, and the server's CPU milliseconds per request over the run."""
    warm(url, token, requests[:40])
    cpu = cpu_seconds(proc)
    latencies, errors = asyncio.run(load(url, token, requests, rate))
    return latencies, errors, (cpu_seconds(proc) - cpu) / len(requests) * 1000


def cpu_seconds(proc: psutil.Process) -> float:
    """CPU time (user + system) of the server and its processes so far, reaped ones included.

    A background report child that exits between two readings would otherwise take its CPU
    out of the sum (a negative CPU per request); once reaped it is in its parent's
    ``children_user``/``children_system``."""
    return sum(sum(p.cpu_times()[:4]) for p in [proc, *proc.children(recursive=True)])


def rss_mib(proc: psutil.Process) -> float:
    """Resident memory of the server and its worker processes."""
    total: int = sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])
    return total / 2**20


def percentiles(latencies: list[float]) -> tuple[float, float, float]:
    lat = sorted(latencies)
    p99 = lat[min(len(lat) - 1, round(0.99 * (len(lat) - 1)))]
    return statistics.median(lat), p99, lat[-1]


def run(people: tuple[int, ...] = (20_000, 200_000),
        rates: tuple[float, ...] = (100.0, 200.0, 300.0), seconds: float = 10.0,
        workers: int = 2, national: bool = False, keep: str | None = None) -> str:
    """``national``: connected national graphs (issue 17, item 4), see :func:`_national`;
    ``keep``: a folder where their stores are kept and reused (``national-N.db``), since
    writing 200,000 people takes minutes."""
    rows = [row for n in people
            for row in (_national(n, rates, seconds, workers, keep) if national
                        else _measure(n, rates, seconds, workers))]
    if national:
        return "\n".join([
            "## Contact paths through the HTTP API, connected national graphs (issue 17)",
            "", f"`samverkan serve --workers {workers}` on loopback, staff token, every "
            f"request audited; open-loop client, {seconds:.0f} s per rate; k = 3, half to "
            "`org:fk`, half to a person in the asker's förbund. *search* = paths p99 minus "
            "the /health p50 measured at the same rate just after.", "",
            "| people / edges | rate/s | paths p50 / p99 / max ms | /health p50 / p99 ms "
            "| search p99 ms | one Dijkstra p50 / p99 ms | search p99 / Dijkstra p99 "
            "| errors | server CPU ms per request | server RSS MiB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|", *rows])
    return "\n".join([
        "## Contact paths through the HTTP API (issue 5)", "",
        f"`samverkan serve --workers {workers}` on loopback, staff token; an open-loop "
        f"client schedules GET /api/v1/paths requests at a fixed rate for {seconds:.0f} s "
        "(k = 3; half to a person in the same förbund, half to `org:fk`); every request "
        "is audited.", "",
        "| people | requests | target rate/s | p50 ms | p99 ms | max ms | errors "
        "| server CPU ms per request | server RSS MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|", *rows,
        "", "Latency counts from each request's scheduled send time, so a rate the server "
        "cannot sustain shows as growing queueing delay. The client (raw HTTP/1.1 on "
        "keep-alive connections, requests encoded in advance) runs on the same 2-core "
        "machine as the server. Server CPU per request is what the server and its workers "
        "spent during the run, divided by the requests: two cores give at most 2,000 ms "
        "per second, so it bounds the rate the machine can carry."])


def _measure(people: int, rates: tuple[float, ...], seconds: float,
             workers: int) -> list[str]:
    """One server per graph size, every rate against it (setting up 200,000 people takes
    minutes); ``warm`` before each rate waits until the previous one's queue has drained."""
    rng = random.Random(9)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "http.db"
        doc = generate(people, seed=1)
        store = SQLiteStore(db)
        store.write(doc)
        store.close()
        token = AccessLog(db).add_user("bench", Role.STAFF)
        G = collaboration_graph(load_document(doc))
        comps = [list(c) for c in nx.connected_components(G) if len(c) > 10]
        del doc, G
        with serving(db, workers) as (url, proc):
            for rate in rates:
                requests: list[Request] = []
                for q in range(int(rate * seconds)):
                    comp = rng.choice(comps)
                    requests.append(("/api/v1/paths", {
                        "from": rng.choice(comp),
                        "to": rng.choice(comp) if q % 2 else "org:fk"}))
                latencies, errors, per_request = measured(url, token, proc, requests, rate)
                p50, p99, worst = percentiles(latencies)
                rows.append(f"| {people:,} | {len(latencies):,} | {rate:.0f} | {p50:.1f} "
                            f"| {p99:.1f} | {worst:.1f} | {errors} | {per_request:.1f} "
                            f"| {rss_mib(proc):,.0f} |")
    return rows


def _national(people: int, rates: tuple[float, ...], seconds: float,
              workers: int, keep: str | None = None) -> list[str]:
    """/api/v1/paths at each rate, /health at the same rate right after (the round trip
    without a search), and one full single-source scipy Dijkstra from each of 100 askers on
    the path index's matrix, timed in this process on the same graph (CPU time). Server
    CPU per request: what the server and its workers spent during the paths run."""
    from scipy.sparse.csgraph import dijkstra

    from graph.reports.paths import path_index

    rng = random.Random(9)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(keep or tmp) / f"national-{people}.db"
        if not db.exists():
            store = SQLiteStore(db)
            store.write(generate(people, seed=1, national=True))
            store.close()
        token = AccessLog(db).add_user(f"bench-{time.time_ns()}", Role.STAFF)
        store = SQLiteStore(db)
        G = store.collaboration_graph()
        store.close()
        asked = [p for p in G if G.degree(p) > 0]
        # the generator's unit ids start with their förbund's
        forbund_of = {p: str(G.nodes[p]["organisation"]).split("-")[0] for p in asked}
        by_forbund: dict[str, list[str]] = {}
        for p in asked:
            by_forbund.setdefault(forbund_of[p], []).append(p)
        idx = path_index(G)
        ref_ms = []
        for p in rng.sample(asked, 100):
            c = int(idx.component_of[idx.index[p]])
            t = time.process_time()
            dijkstra(idx.matrices[c], indices=int(idx.position[idx.index[p]]))
            ref_ms.append((time.process_time() - t) * 1000)
        ref50, ref99, _ = percentiles(ref_ms)
        size = f"{len(G):,} / {G.number_of_edges():,}"
        del G, idx
        with serving(db, workers) as (url, proc):
            for rate in rates:
                requests: list[Request] = []
                for q in range(int(rate * seconds)):
                    source = rng.choice(asked)
                    near = by_forbund[forbund_of[source]]
                    requests.append(("/api/v1/paths", {
                        "from": source, "to": "org:fk" if q % 2 == 0 else rng.choice(near)}))
                latencies, errors, per_request = measured(url, token, proc, requests, rate)
                health, health_errors = asyncio.run(
                    load(url, token, [("/health", {})] * len(requests), rate))
                p50, p99, worst = percentiles(latencies)
                h50, h99, _ = percentiles(health)
                search = p99 - h50
                rows.append(f"| {size} | {rate:.0f} | {p50:.1f} / {p99:.1f} / {worst:.1f} "
                            f"| {h50:.1f} / {h99:.1f} | {search:.1f} | {ref50:.1f} / "
                            f"{ref99:.1f} | {search / ref99:.2f} | {errors + health_errors} "
                            f"| {per_request:.1f} | {rss_mib(proc):,.0f} |")
    return rows


if __name__ == "__main__":
    print(run(**json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}))

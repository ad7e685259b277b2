"""Where a contact-path request's CPU goes in the running service (issue 17, item 4).

The service runs in this process (``samverkan serve``'s single-worker app on uvicorn with
the same protocol class), an open-loop client (bench.bench_http's) in another. Two runs at
the same rate: the first unprofiled, for the CPU per request of each of the server's
threads; the second with cProfile on the event loop's thread, timed in thread CPU time
(others share the machine: wall time counts their turns too). The profiler slows what it
watches, so read its split as shares, scaled to the first run's loop CPU.

    python -m bench.profile_http '{"db": "/tmp/h6/keep/national-200000.db", "rate": 100}'
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import os
import pstats
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn
import uvloop

from api.app import create_app
from api.server import uvicorn_options
from bench.bench_http import _port
from graph.core import gc_pause
from graph.core.access import AccessLog, Role
from graph.core.settings import Settings
from graph.store.open import open_store

# Functions whose cumulative time names a part of the request. Parts nest (the handler
# holds the search; the app holds everything after the middleware), so they do not add up.
PARTS = [
    ("authentication (token hash, SQLite read, stamp)", "access.py", "user_for"),
    ("permission matrix, session check", "auth.py", "admit"),
    ("pseudonyms of asker and target", "pseudonyms.py", "of"),
    ("search (k_best_paths)", "paths.py", "k_best_paths"),
    ("ball searches' rounds (Ball.grow)", "ball.py", "grow"),
    ("answer's sentences (path_rows)", "paths.py", "path_rows"),
    ("JSON encoding", "routes_contacts.py", "render"),
    ("audit entry hand-off", "deps.py", "audit_async"),
    ("hand-off to the pool (within_budget)", "deps.py", "within_budget"),
    ("BodyLimits' route lookup", "limits.py", "_template"),
    ("FastAPI route matching", "fastapi/routing.py", "_match"),
    ("FastAPI dependencies and parameters", "utils.py", "solve_dependencies"),
    ("reading the query (api.hot_paths)", "hot_paths.py", "well_formed"),
    ("HTTP parsing (httptools, uvicorn)", "httptools_impl.py", "data_received"),
    ("the route's work (answer_paths)", "routes_contacts.py", "answer_paths"),
    ("the path questions' app (api.hot_paths)", "hot_paths.py", "__call__"),
    ("the service app (from the outer middleware in)", "middleware/errors.py", "__call__"),
]

CLIENT = """
import asyncio, json, sys
from bench.bench_http import load, warm
url, token, path = sys.argv[1:4]
requests = [tuple(r) for r in json.load(open(path))]
rate = float(sys.argv[4])
warm(url, token, requests[:40])
for _ in range(2):
    print("ready", flush=True)
    sys.stdin.readline()
    latencies, errors = asyncio.run(load(url, token, requests, rate))
    lat = sorted(latencies)
    print(json.dumps({"p50": lat[len(lat) // 2], "p99": lat[int(0.99 * (len(lat) - 1))],
                      "errors": errors}), flush=True)
"""


def thread_cpu() -> dict[str, float]:
    """CPU seconds of each thread of this process, by thread name (the pool's summed)."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[str, float] = {}
    for task in Path("/proc/self/task").iterdir():
        fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        name = names.get(int(task.name), "native")
        name = name.split("_")[0] if name.startswith("graph-query") else name
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return out


def requests_for(store: Any, count: int) -> list[tuple[str, dict[str, str]]]:
    """As bench.bench_http's national run: half to org:fk, half to the asker's förbund."""
    rng = random.Random(9)
    G = store.collaboration_graph()
    asked = [p for p in G if G.degree(p) > 0]
    forbund_of = {p: str(G.nodes[p]["organisation"]).split("-")[0] for p in asked}
    by_forbund: dict[str, list[str]] = {}
    for p in asked:
        by_forbund.setdefault(forbund_of[p], []).append(p)
    out = []
    for q in range(count):
        source = rng.choice(asked)
        out.append(("/api/v1/paths", {"from": source, "to": "org:fk" if q % 2 == 0 else
                                      rng.choice(by_forbund[forbund_of[source]])}))
    return out


def parts_of(profile: cProfile.Profile) -> list[tuple[str, float]]:
    stats = pstats.Stats(profile)
    table: dict[tuple[str, int, str], Any] = stats.stats  # type: ignore[attr-defined]
    out = []
    for label, file, func in PARTS:
        cum = sum(v[3] for (f, _, name), v in table.items()
                  if f.endswith(file) and name == func)
        out.append((label, cum))
    return out


async def measure(db: Path, rate: float, seconds: float) -> None:
    settings = Settings(db=db, warm_reports=False)
    store = open_store(settings)
    access = AccessLog(db, token_days=settings.token_days)
    token = access.add_user(f"profile-{time.time_ns()}", Role.STAFF)
    gc_pause.serving()  # as samverkan serve does
    app = create_app(store, access, settings, warm=True)
    port = _port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           **uvicorn_options()))
    serving = asyncio.create_task(server.serve())
    await asyncio.to_thread(app.state.warm_up.join)
    requests = requests_for(store, int(rate * seconds))
    path = db.with_suffix(".profile-requests.json")
    path.write_text(json.dumps(requests))
    client = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CLIENT, f"http://127.0.0.1:{port}", token, str(path),
        str(rate), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    assert client.stdin is not None and client.stdout is not None
    loop_cpu = 0.0
    for profiled in (False, True):
        await client.stdout.readline()
        before, wall = thread_cpu(), time.process_time()
        profile = cProfile.Profile(time.thread_time)
        if profiled:
            profile.enable()
        client.stdin.write(b"go\n")
        await client.stdin.drain()
        result = json.loads(await client.stdout.readline())
        if profiled:
            profile.disable()
        after, total = thread_cpu(), time.process_time() - wall
        per = {k: (after[k] - before.get(k, 0.0)) / len(requests) * 1000 for k in after}
        load = Path("/proc/loadavg").read_text().split()[0]
        print(f"\n{'profiled' if profiled else 'unprofiled'} run, {rate:.0f} req/s, "
              f"load {load}: {result}; process CPU "
              f"{total / len(requests) * 1000:.2f} ms per request")
        for name, ms in sorted(per.items(), key=lambda kv: -kv[1]):
            if ms > 0.005:
                print(f"  thread {name}: {ms:.2f} ms per request")
        if not profiled:
            loop_cpu = per.get("MainThread", 0.0)
            continue
        parts = parts_of(profile)
        whole = sum(v[2] for v in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]
        print(f"  loop thread under cProfile: {whole / len(requests) * 1000:.2f} ms per "
              f"request; cumulative shares, scaled to the unprofiled {loop_cpu:.2f} ms:")
        for label, cum in parts:
            print(f"    {label}: {cum / whole * 100:.0f} % ~ {cum / whole * loop_cpu:.2f} ms")
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    await client.wait()
    server.should_exit = True
    await serving


if __name__ == "__main__":
    options = json.loads(sys.argv[1])
    # the service's event loop (api.server), which uvicorn would install itself
    uvloop.run(measure(Path(options["db"]), float(options.get("rate", 100)),
                        float(options.get("seconds", 10))))

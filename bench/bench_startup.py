"""The service on a large store: start-up to the first path answer, one-row writes over
HTTP and the next answer after each, and the service's peak memory.

A copy of an existing SQLite store is served by ``samverkan serve`` in its own process;
this process only sends requests and reads the service's ``VmHWM``, so one large process
runs at a time. Afterwards, alone, the library reference on the same store: the
projection's edge list loaded by igraph and one full single-source Dijkstra (scipy).

    samverkan generate --people 200000 --seed 1 --national -o /tmp/nat.json
    samverkan --db /tmp/nat.db import /tmp/nat.json
    .venv/bin/python -m bench.bench_startup /tmp/nat.db [--reports] [--wait-reports 600]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from bench.machine import describe
from tests.serving import free_port

ROOT = Path(__file__).resolve().parents[1]


def _request(base: str, token: str, method: str, path: str, body: Any = None,
             timeout: float = 600) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


CPU: dict[str, float] = {}  # the service's CPU seconds of the latest _timed request


def _timed(base: str, token: str, method: str, path: str, body: Any = None,
           pid: int | None = None) -> tuple[float, int, Any]:
    before = _cpu_s(pid) if pid else 0.0
    t = time.perf_counter()
    status, answer = _request(base, token, method, path, body)
    wall = time.perf_counter() - t
    CPU["last"] = _cpu_s(pid) - before if pid else float("nan")
    return wall, status, answer


def _cpu_s(pid: int) -> float:
    """User and system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in task.read_text(encoding="utf-8").split()]
    return found


def _pss_mib(pid: int) -> float:
    """Proportional set size: shared pages (libraries, a file mapped by both) counted
    once over the processes that share them, so service + child adds up to the machine's
    memory, where the sum of RSS counts shared pages twice."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in rollup.splitlines()
                 if line.startswith("Pss:")), 0.0)


def _rss_mib(pid: int, field: str = "VmRSS:") -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines()
                 if line.startswith(field)), 0.0)


class Sampler:
    """Every 0.2 s: the service's and its report builds' resident memory together, and the
    CPU seconds of each build (api.usecases.background_reports) as last seen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.started = time.perf_counter()
        # (seconds since start, service PSS, builds' PSS): where the peak lies, and what
        # ran beside it (--timeline).
        self.timeline: list[tuple[float, float, float]] = []
        self.events: list[tuple[float, str]] = []
        self.peak_total_mib = 0.0
        self.peak_total_pss_mib = 0.0
        self.peak_child_mib = 0.0
        self.child_cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            kids = _children(self.pid)
            child = child_pss = 0.0
            for kid in kids:
                child += _rss_mib(kid)
                child_pss += _pss_mib(kid)
                self.peak_child_mib = max(self.peak_child_mib, _rss_mib(kid, "VmHWM:"))
                with contextlib.suppress(OSError, IndexError):
                    self.child_cpu[kid] = _cpu_s(kid)
            service_pss = _pss_mib(self.pid)
            self.timeline.append((time.perf_counter() - self.started, service_pss, child_pss))
            self.peak_total_mib = max(self.peak_total_mib, _rss_mib(self.pid) + child)
            self.peak_total_pss_mib = max(self.peak_total_pss_mib, service_pss + child_pss)

    def mark(self, event: str) -> None:
        self.events.append((time.perf_counter() - self.started, event))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _settled(pid: int, limit: float = 300) -> None:
    """Wait until the service is idle (its start-up builds done): under 0.05 CPU s in 1 s."""
    deadline = time.perf_counter() + limit
    before = _cpu_s(pid)
    while time.perf_counter() < deadline:
        time.sleep(1)
        now = _cpu_s(pid)
        if now - before < 0.05:
            return
        before = now


def _people(db: Path) -> tuple[str, dict[str, Any]]:
    """A source with ties outside FK, and a person to write and erase (plain SQL: no
    second large process)."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT p.id FROM people p WHERE p.until IS NULL AND p.organisation NOT LIKE "
            "'fk%' AND EXISTS (SELECT 1 FROM ties t WHERE t.a = p.id) LIMIT 2").fetchall()
        source, victim = rows[0][0], rows[1][0]
        cur = con.execute('SELECT * FROM people WHERE id = ?', (victim,))
        names = [d[0] for d in cur.description]
        row = {k: v for k, v in zip(names, cur.fetchone(), strict=True)
               if v is not None and k not in ("seq", "key")}
    finally:
        con.close()
    return source, row


def _reference(db: Path) -> dict[str, float]:
    """igraph loading the projection's edge list, and one scipy Dijkstra on it."""
    import igraph as ig
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import dijkstra

    from graph.store.sqlite_store import SQLiteStore

    G = SQLiteStore(db).collaboration_graph()
    index = {p: i for i, p in enumerate(G)}
    with tempfile.NamedTemporaryFile("w", suffix=".ncol", delete=False) as f:
        for u, v, w in G.edges(data="weight"):
            f.write(f"{index[u]} {index[v]} {w}\n")
    del G
    t = time.perf_counter()
    g = ig.Graph.Read_Ncol(f.name, weights=True, directed=False)
    load = time.perf_counter() - t
    os.unlink(f.name)
    edges = np.asarray(g.get_edgelist())
    weights = np.asarray(g.es["weight"])
    n = g.vcount()
    m = sp.csr_array((np.r_[weights, weights], (np.r_[edges[:, 0], edges[:, 1]],
                                                np.r_[edges[:, 1], edges[:, 0]])), (n, n))
    t = time.perf_counter()
    dijkstra(m, indices=0)
    return {"igraph_load": load, "dijkstra": time.perf_counter() - t,
            "people": n, "edges": g.ecount()}


def run(db: Path, *, reports: bool, wait_reports: float,
        timeline: Path | None = None) -> dict[str, Any]:
    from graph.core.access import AccessLog, Role

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "store.db"
        shutil.copy(db, copy)
        access = AccessLog(copy)
        # Writes are an administrator's, paths and reports a förbundschef's.
        admin = access.add_user(f"bench-admin-{time.time_ns()}", Role.ADMIN)
        token = access.add_user(f"bench-director-{time.time_ns()}", Role.DIRECTOR)
        source, victim = _people(copy)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = os.environ | {"PYTHONPATH": str(ROOT),
                            "SAMVERKAN_WARM_REPORTS": "1" if reports else "0",
                            "SAMVERKAN_QUERY_BUDGET_S": "600"}
        query = "/api/v1/paths?" + urllib.parse.urlencode({"from": source, "to": "org:fk"})
        started = time.perf_counter()
        service = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "--db", str(copy), "serve", "--no-seed",
             "--port", str(port)], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        out: dict[str, Any] = {"reports": reports}
        sampler = Sampler(service.pid)
        try:
            while True:
                try:
                    status, _ = _request(base, token, "GET", query)
                    break
                except (urllib.error.URLError, ConnectionError):
                    if service.poll() is not None:
                        raise RuntimeError("the service stopped") from None
                    time.sleep(0.1)
            assert status == 200, status
            out["first_answer"] = time.perf_counter() - started
            sampler.mark("first-answer")
            out["first_answer_cpu"] = _cpu_s(service.pid)
            # The write indexes follow the first answer (a second or two of CPU); a write
            # sent meanwhile shared the interpreter with them (160 ms of service CPU in
            # the PUT's window with reports on, where this wait was left out). The report
            # child is another process: its CPU is not the service's.
            _settled(service.pid)
            out["settled_cpu"] = _cpu_s(service.pid)
            out["warm_ms"] = statistics.median(
                _timed(base, token, "GET", query)[0] for _ in range(5)) * 1e3
            row_id = victim["id"]
            pid = service.pid
            # The warm answers may start background work of their own (the landmarks,
            # graph/analysis/landmarks.py): the PUT is measured once the service is idle,
            # as the erasure below is, so its window holds the write alone.
            _settled(pid, limit=120)
            out["put_ms"], status, answer = _timed(
                base, admin, "PUT", f"/api/v1/people/{row_id}", victim | {"title": "ny titel"},
                pid)
            assert status == 200, (status, answer)
            out["put_ms"] *= 1e3
            sampler.mark("put")
            out["put_cpu_ms"] = CPU["last"] * 1e3
            out["after_put_ms"] = _timed(base, token, "GET", query, pid=pid)[0] * 1e3
            out["after_put_cpu_ms"] = CPU["last"] * 1e3
            # The answer after the PUT starts background work of its own (the patched
            # index's landmarks, graph/analysis/landmarks.py): an erasure sent at once
            # shared the interpreter with it (500 ms of CPU in its window at 200,000
            # people, 3-5 ms for the erasure itself in-process).
            _settled(pid, limit=120)
            out["erase_ms"], status, answer = _timed(base, admin, "DELETE",
                                                     f"/api/v1/people/{row_id}", pid=pid)
            assert status == 200, (status, answer)
            out["erase_ms"] *= 1e3
            sampler.mark("delete")
            out["erase_cpu_ms"] = CPU["last"] * 1e3
            out["after_erase_ms"] = _timed(base, token, "GET", query, pid=pid)[0] * 1e3
            out["after_erase_cpu_ms"] = CPU["last"] * 1e3
            if reports:
                # The reports were built in the background on the first projection; the
                # writes made new ones, which the first request builds.
                deadline = time.perf_counter() + wait_reports
                status = 0
                while (left := deadline - time.perf_counter()) > 0:
                    # The request waits for the build: within what is left of the wait,
                    # not the request's own ten minutes.
                    try:
                        status, _ = _request(base, token, "GET", "/api/v1/analyses/spanners",
                                             timeout=max(1.0, left))
                    except TimeoutError:
                        break
                    if status == 200:
                        break
                sampler.mark("reports-done")
                out["reports_done_s"] = (time.perf_counter() - started
                                         if status == 200 else None)
            out["peak_rss_mib"] = _rss_mib(service.pid, "VmHWM:")
            sampler.stop()
            out["peak_total_rss_mib"] = sampler.peak_total_mib
            if timeline is not None:
                _write_timeline(timeline, sampler.timeline, sampler.events)
            out["peak_total_pss_mib"] = sampler.peak_total_pss_mib
            out["peak_build_rss_mib"] = sampler.peak_child_mib
            out["builds"] = len(sampler.child_cpu)
            out["build_cpu_s"] = sum(sampler.child_cpu.values())
            out["service_cpu_s"] = _cpu_s(service.pid)
        finally:
            service.terminate()
            try:
                service.wait(timeout=60)
            except subprocess.TimeoutExpired:  # a loaded machine: the figures still count
                service.kill()
                service.wait()
        out |= _reference(copy)
    return out


def _write_timeline(path: Path, samples: list[tuple[float, float, float]],
                    events: list[tuple[float, str]]) -> None:
    """One line per sample, as a CSV: the sample at the peak of the sum is marked, and
    each sample names the benchmark's steps (first answer, PUT, ...) done since the last."""
    peak = max(range(len(samples)), key=lambda i: samples[i][1] + samples[i][2], default=-1)
    pending = sorted(events)
    with path.open("w", encoding="utf-8") as f:
        f.write("seconds,service_pss_mib,builds_pss_mib,total_pss_mib,peak,events\n")
        for i, (t, service, builds) in enumerate(samples):
            done = [name for at, name in pending if at <= t]
            pending = pending[len(done):]
            f.write(f"{t:.1f},{service:.0f},{builds:.0f},{service + builds:.0f},"
                    f"{int(i == peak)},{' '.join(done)}\n")


def row(r: dict[str, Any]) -> str:
    done = r.get("reports_done_s")
    return (f"| {r['people']:,} / {r['edges']:,} | {'on' if r['reports'] else 'off'} "
            f"| {r['first_answer']:.1f} | {r['first_answer_cpu']:.1f} "
            f"| {r['warm_ms']:.0f} | {r['put_ms']:.0f} "
            f"| {r['after_put_ms']:.0f} | {r['erase_ms']:.0f} | {r['after_erase_ms']:.0f} "
            f"| {'–' if done is None else f'{done:.0f}'} | {r['peak_rss_mib']:,.0f} "
            f"| {r['peak_total_rss_mib']:,.0f} | {r['peak_total_pss_mib']:,.0f} "
            f"| {r['builds']} / {r['build_cpu_s']:.0f} "
            f"| {r['igraph_load']:.1f} | {r['dijkstra'] * 1e3:.0f} "
            f"| {r['first_answer_cpu'] / r['igraph_load']:.1f} |")


HEADER = ("| people / edges | reports at start | first path answer s | its service CPU s "
          "| warm answer ms "
          "| PUT ms | next answer ms | DELETE ms | next answer ms | reports done s "
          "| service peak RSS MiB | service + builds peak RSS MiB "
          "| service + builds peak PSS MiB | builds / their CPU s "
          "| igraph load s | one Dijkstra ms | first answer CPU / igraph load |\n"
          "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--reports", action="store_true",
                        help="build the reports in the background from the start")
    parser.add_argument("--wait-reports", type=float, default=600)
    parser.add_argument("--timeline", type=Path,
                        help="write the service's and the builds' PSS every 0.2 s (CSV)")
    args = parser.parse_args()
    print(f"Machine: {describe()} · load {os.getloadavg()[0]:.1f}\n")
    result = run(args.db, reports=args.reports, wait_reports=args.wait_reports,
                 timeline=args.timeline)
    print(json.dumps(result))
    print(HEADER)
    print(row(result))
    print(f"\nload after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

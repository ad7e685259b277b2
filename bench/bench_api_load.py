"""Read endpoints of the HTTP API under concurrent load (issue 7), on the seed data and on a
generated graph: an open-loop client sends a fixed rate of a mixed set of authenticated GET
requests (directory pages, one person, organisations, contact paths, topic search, the
Samverkansguide) to ``samverkan serve`` on loopback, and reports each endpoint's p50 and p99,
the achieved rate and the server's memory.

    .venv/bin/python -m bench.bench_api_load            # writes bench/RESULTS-api.md
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from api.seed_data import seed_document
from bench.bench_http import Request, load, percentiles, rss_mib, serving, warm
from bench.machine import describe
from graph.analysis.projection import collaboration_graph
from graph.core.access import AccessLog, Role
from graph.model.document import load_document
from graph.model.generator import generate
from graph.store.sqlite_store import SQLiteStore

RESULTS = Path(__file__).with_name("RESULTS-api.md")
TOPICS = ["aktivitetsersättning", "sjukpenning", "unga som saknar SGI", "försörjningsstöd",
          "psykisk ohälsa", "arbetsträning", "rehabilitering", "språkstöd"]


def _requests(doc: dict[str, Any], n: int, rng: random.Random) -> list[Request]:
    G = collaboration_graph(load_document(doc))
    people = list(G)
    comps = [list(c) for c in nx.connected_components(G) if len(c) > 10]
    orgs = [o["id"] for o in doc["organisations"] if o.get("parent") is None]
    kinds = ["people", "person", "organisations", "paths", "find", "guide"]
    out: list[Request] = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        if kind == "people":
            out.append(("/api/v1/people", {"limit": "100",
                                           "offset": str(rng.randrange(0, len(people), 100))}))
        elif kind == "person":
            out.append((f"/api/v1/people/{rng.choice(people)}", {}))
        elif kind == "organisations":
            out.append(("/api/v1/organisations", {"limit": "100"}))
        elif kind == "paths":
            comp = rng.choice(comps)
            out.append(("/api/v1/paths", {"from": rng.choice(comp), "to": rng.choice(comp)}))
        elif kind == "find":
            out.append(("/api/v1/find", {"topic": rng.choice(TOPICS), "top": "5"}))
        else:
            out.append((f"/api/v1/guide/{rng.choice(orgs)}", {}))
    return out


def _endpoint(path: str) -> str:
    for prefix, template in (("/api/v1/people/", "/api/v1/people/{id}"),
                             ("/api/v1/guide/", "/api/v1/guide/{org}")):
        if path.startswith(prefix):
            return template
    return path


def measure(name: str, doc: dict[str, Any], rate: float, seconds: float,
            workers: int) -> list[str]:
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "api.db"
        store = SQLiteStore(db)
        store.write(doc)
        store.close()
        token = AccessLog(db).add_user("bench", Role.STAFF)
        requests = _requests(doc, int(rate * seconds), rng)
        with serving(db, workers) as (url, proc):
            warm(url, token, requests[:60])  # projection, path and topic indexes
            started = time.perf_counter()
            latencies, errors = asyncio.run(load(url, token, requests, rate))
            elapsed = time.perf_counter() - started
            rss = rss_mib(proc)
    by_endpoint: dict[str, list[float]] = defaultdict(list)
    for (path, _), latency in zip(requests, latencies, strict=True):
        by_endpoint[_endpoint(path)].append(latency)
    p50, p99, worst = percentiles(latencies)
    rows = [f"| {name} | **all, {rate:.0f}/s** | {len(latencies):,} "
            f"| {len(latencies) / elapsed:.0f} | {p50:.1f} | {p99:.1f} | {worst:.1f} "
            f"| {errors} | {rss:,.0f} |"]
    for endpoint, values in sorted(by_endpoint.items()):
        e50, e99, emax = percentiles(values)
        rows.append(f"| | {endpoint} | {len(values):,} | | {e50:.1f} | {e99:.1f} "
                    f"| {emax:.1f} | | |")
    return rows


def run(rates: tuple[float, ...] = (50.0, 100.0, 200.0), seconds: float = 10.0,
        workers: int = 2, people: int = 20_000) -> str:
    docs = {"seed": seed_document(), f"{people:,} people": generate(people, seed=1)}
    rows = [row for name, doc in docs.items() for rate in rates
            for row in measure(name, doc, rate, seconds, workers)]
    return "\n".join([
        "## Read endpoints under load (issue 7)", "",
        f"`samverkan serve --workers {workers}` on loopback, staff token, every request "
        "audited. An open-loop client schedules a mix of GET requests in equal shares "
        "(directory page of 100, one person, organisations, contact paths with k = 3, topic "
        f"search, Samverkansguide) at a fixed rate for {seconds:.0f} s.", "",
        "| graph | endpoint | requests | achieved/s | p50 ms | p99 ms | max ms | errors "
        "| server RSS MiB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|", *rows, "",
        "Latency counts from each request's scheduled send time (no coordinated omission). "
        "The client shares the 2-core machine with the server."])


def main() -> None:
    started = time.perf_counter()
    text = "\n\n".join([
        "# HTTP API load benchmark", f"Machine: {describe()}",
        "Command: `.venv/bin/python -m bench.bench_api_load`", run(),
        f"Total benchmark time: {time.perf_counter() - started:.0f} s"]) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

"""Contact-path benchmark (issue 5): in-process query latency on generated graphs.

Queries mix person targets (someone in the same förbund) and organisation targets (a
national agency, thousands of people). The cost graph is built once per projection and
timed separately; each query is then timed on its own.
"""

from __future__ import annotations

import random
import statistics
import time

import networkx as nx

from graph.analysis.projection import collaboration_graph
from graph.model.document import load_document
from graph.model.generator import generate
from graph.reports.paths import k_best_paths, path_index, resolve


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(sizes: tuple[int, ...] = (20_000, 200_000), queries: int = 300) -> str:
    lines = ["## Contact paths (issue 5), in-process", "",
             "k = 3 best paths per query (Yen's algorithm, igraph, on the subgraph that can "
             "hold the k best paths, found with scipy's Dijkstra). Half the queries go to a "
             "person in the same förbund, half to an organisation (`org:fk`, every FK "
             "employee a possible end). Each query's time includes resolving its target, "
             "as the API does; an organisation's people are kept per projection after its "
             "first query.", "",
             "| people | cost-graph build s | queries | person p50 / p99 ms "
             "| organisation p50 / p99 ms | queries/s |",
             "|---:|---:|---:|---:|---:|---:|"]
    rng = random.Random(5)
    for n in sizes:
        G = collaboration_graph(load_document(generate(n, seed=1)))
        t0 = time.perf_counter()
        path_index(G)
        build = time.perf_counter() - t0
        components = [list(c) for c in nx.connected_components(G) if len(c) > 10]
        person_ms: list[float] = []
        org_ms: list[float] = []
        started = time.perf_counter()
        for q in range(queries):
            comp = rng.choice(components)
            source = rng.choice(comp)
            ref, bucket = ((f"person:{rng.choice(comp)}", person_ms) if q % 2
                           else ("org:fk", org_ms))
            t = time.perf_counter()
            k_best_paths(G, source, resolve(G, ref), k=3)
            bucket.append((time.perf_counter() - t) * 1000)
        rate = queries / (time.perf_counter() - started)
        lines.append(
            f"| {n:,} | {build:.2f} | {queries} | {statistics.median(person_ms):.1f} / "
            f"{_percentile(person_ms, 0.99):.1f} | {statistics.median(org_ms):.1f} / "
            f"{_percentile(org_ms, 0.99):.1f} | {rate:,.0f} |")
    return "\n".join(lines)

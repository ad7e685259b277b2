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


def national(sizes: tuple[int, ...] = (20_000,), queries: int = 200) -> str:
    """Connected national graphs (issue 17, item 4): the same queries with landmark bounds
    and without them (as while the landmarks are stale after a write), beside one full
    single-source scipy Dijkstra from each asker on the same matrix, all in the same run.
    Each query's time excludes resolving the target (kept per projection). Times are CPU
    time of this process (``time.process_time``): on a shared machine wall time measures
    the other work as much as this."""
    from scipy.sparse.csgraph import dijkstra

    from bench.bench_spanners import AS_OF
    from graph.analysis.landmarks import LandmarkStore

    lines = ["## Contact paths on connected national graphs (issue 17), in-process", "",
             "k = 3, half to `org:fk`, half to a person in the asker's förbund (the "
             "generator's unit ids start with the förbund's). Search from both ends "
             "(graph.analysis.paths_to_set): *landmarks* with ALT bounds from 8 "
             "farthest-point landmarks, *stale* without them (the fallback after a write "
             "until they are rebuilt). Reference: one full single-source scipy Dijkstra "
             "from the asker on the index's matrix.", "",
             "| people / edges | variant | landmarks build s | org p50 / p99 ms "
             "| person p50 / p99 ms | all p99 ms | one Dijkstra p50 / p99 ms "
             "| p99 / Dijkstra p99 |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        G = collaboration_graph(load_document(generate(n, seed=1, national=True)), as_of=AS_OF)
        idx = path_index(G)
        rng = random.Random(5)
        people = [p for p in G if G.degree(p) > 0]
        by_forbund: dict[str, list[str]] = {}
        for p in people:
            by_forbund.setdefault(str(G.nodes[p]["organisation"]).split("-")[0], []).append(p)
        asks = []
        for q in range(queries):
            source = rng.choice(people)
            near = by_forbund[str(G.nodes[source]["organisation"]).split("-")[0]]
            asks.append((source, "org:fk" if q % 2 == 0 else f"person:{rng.choice(near)}"))
        targets = {ref: resolve(G, ref) for _, ref in asks}
        ref_ms = []
        for source, _ in asks:
            c = int(idx.component_of[idx.index[source]])
            t = time.process_time()
            dijkstra(idx.matrices[c], indices=int(idx.position[idx.index[source]]))
            ref_ms.append((time.process_time() - t) * 1000)
        answers = {}
        for variant in ("landmarks", "stale"):
            idx.landmarks = LandmarkStore(background=False,
                                          min_vertices=None if variant == "landmarks" else n + 1)
            t = time.perf_counter()
            for c, matrix in idx.matrices.items():
                if c == idx.component_of[idx.index[people[0]]]:
                    idx.landmarks.get(matrix)
            built = time.perf_counter() - t
            org_ms: list[float] = []
            person_ms: list[float] = []
            got = []
            for source, ref in asks:
                t = time.process_time()
                rows = k_best_paths(G, source, targets[ref], k=3)
                (org_ms if ref.startswith("org") else person_ms).append(
                    (time.process_time() - t) * 1000)
                got.append([r["cost"] for r in rows])
            answers[variant] = got
            every = org_ms + person_ms
            lines.append(
                f"| {len(G):,} / {G.number_of_edges():,} | {variant} "
                f"| {built:.2f} "
                f"| {statistics.median(org_ms):.1f} / {_percentile(org_ms, 0.99):.1f} "
                f"| {statistics.median(person_ms):.1f} / {_percentile(person_ms, 0.99):.1f} "
                f"| {_percentile(every, 0.99):.1f} | {statistics.median(ref_ms):.1f} / "
                f"{_percentile(ref_ms, 0.99):.1f} "
                f"| {_percentile(every, 0.99) / _percentile(ref_ms, 0.99):.2f} |")
        same = answers["landmarks"] == answers["stale"]
        lines.append(f"| | costs identical in both variants: {'yes' if same else 'NO'} "
                     "| | | | | | |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(national(tuple(int(a) for a in sys.argv[1:]) or (20_000,)))

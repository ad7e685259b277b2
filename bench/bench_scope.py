"""Scoped analyses on a connected national graph (issue 17): one förbund's spanner, risk
and connectivity reports cut out of the national projection, beside the same reports on
the förbund's graph alone and the whole-graph reports, with networkit's KADABRA
(ε = 0.005) and igraph's articulation points as library references, all timed in the same
run on the same graphs.

Run: ``python -m bench.bench_scope [people ...]`` (default 20,000); writes nothing, prints
markdown for ``bench/RESULTS-national.md``.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import networkx as nx

from bench.bench_spanners import AS_OF
from bench.machine import describe
from graph.analysis.connectivity import organisation_connectivity
from graph.analysis.indexed import Indexed
from graph.analysis.projection import collaboration_graph
from graph.analysis.scope import scope_people, scoped
from graph.model.document import load_document
from graph.model.generator import generate
from graph.reports.key_persons import risk_report
from graph.reports.spanners import organisation_at_level, spanner_report


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds of this process (all its threads, so KADABRA's too): on a machine
    shared with other work, wall time measures that work as much as this."""
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


def _kadabra(G: nx.Graph) -> float:
    import networkit as nk

    graph = Indexed.of(G).networkit()  # networkit's algorithms do not keep their graph alive
    kad = nk.centrality.KadabraBetweenness(graph, 0.005, 0.1, deterministic=True)
    return timed(kad.run)[0]


def _articulation(G: nx.Graph) -> float:
    g = Indexed.of(G).igraph
    return timed(lambda: (g.biconnected_components(return_articulation_points=True)))[0]


def _reports(doc: Any, G: nx.Graph, connectivity: bool = True) -> dict[str, float]:
    return {
        "spanners": timed(lambda: spanner_report(G))[0],
        "risk": timed(lambda: risk_report(doc, G))[0],
        # All party pairs on the whole graph is w2223's max-flow work, minutes under load.
        "connectivity": timed(lambda: organisation_connectivity(
            G, organisation_at_level(G, 0)))[0] if connectivity else float("nan"),
        "kadabra": _kadabra(G),
        "articulation": _articulation(G),
    }


def measure(people: int, whole: bool) -> list[str]:
    doc = load_document(generate(people, seed=1, national=True))
    t_proj, G = timed(lambda: collaboration_graph(doc, as_of=AS_OF))
    feds = [o for o, v in G.graph["organisations"].items() if v["kind"] == "federation"]
    # The förbund of median size: neither the smallest nor the one a lucky draw made big.
    sizes = Counter({f: len(scope_people(G, [f])) for f in feds})
    f = sorted(sizes, key=lambda k: (sizes[k], k))[len(sizes) // 2]
    t_cut, H = timed(lambda: scoped(G, (f,)))
    scoped_t = _reports(doc, H)
    alone = nx.Graph(G.subgraph(set(H)))  # the förbund's graph, built independently
    alone_t = _reports(doc, alone)
    rows = [f"| {people:,} förbund {f}, scoped | {len(H):,} / {H.number_of_edges():,} "
            f"| {t_cut:.2f} | " + _cells(scoped_t),
            f"| {people:,} förbund {f}, its graph alone | {len(alone):,} / "
            f"{alone.number_of_edges():,} | – | " + _cells(alone_t)]
    if whole:
        rows.append(f"| {people:,} whole national graph | {len(G):,} / "
                    f"{G.number_of_edges():,} | projection {t_proj:.1f} | "
                    + _cells(_reports(doc, G, connectivity=False)))
    return rows


def _cells(t: dict[str, float]) -> str:
    return (f"{t['spanners']:.2f} | {t['risk']:.2f} | {t['connectivity']:.2f} "
            f"| {t['kadabra']:.2f} | {t['articulation']:.3f} "
            f"| {t['spanners'] / t['kadabra']:.2f} | {t['risk'] / t['kadabra']:.2f} |")


def run(sizes: tuple[int, ...] = (20_000,), whole_up_to: int = 20_000) -> str:
    lines = ["## Scoped analyses (issue 17)", "", describe(), "",
             f"`generate(n, seed=1, national=True)` projected on {AS_OF}; the förbund of "
             "median size. *Scoped*: `scoped(G, (f,))` (cut s is the first cut, kept per "
             "projection after it) and the report on it; *alone*: the same report on the "
             "förbund's induced subgraph built independently (`nx.Graph(G.subgraph(...))`). "
             "KADABRA ε = 0.005, δ = 0.1 and igraph's articulation points on the same graph "
             "in the same run. Seconds are CPU seconds of the process (all threads); "
             "whole-graph connectivity is not run (nan).", "",
             "| graph | people / edges | cut s | spanners s | risk s | connectivity s "
             "| KADABRA s | igraph articulation s | spanners / KADABRA | risk / KADABRA |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        lines += measure(n, whole=n <= whole_up_to)
    return "\n".join(lines)


if __name__ == "__main__":
    args = tuple(int(a) for a in sys.argv[1:]) or (20_000,)
    print(run(args))

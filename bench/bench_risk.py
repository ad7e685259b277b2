"""Key-person risk benchmark (issues 4 and 17): all-person departure impact and all-pairs
party connectivity, beside the per-person recomputation baseline and igraph's own
vertex-connectivity primitive, in the same run on the same graphs; and on connected
national graphs the whole risk report beside networkit's KADABRA (ε = 0.005), with the
sampled path-length figures against exact ones.

Run: ``python -m bench.bench_risk national [people ...] [--check]`` prints the national
section for ``bench/RESULTS-risk.md`` (default 20,000 people; ``--check`` adds the
path-length coverage on the first size, a few minutes); ``run()`` is the issue-4 table of
``bench/run.py``.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable, Hashable, Mapping
from functools import partial
from itertools import combinations
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np

from bench.bench_spanners import AS_OF, timed
from bench.machine import describe
from graph.analysis.connectivity import organisation_connectivity
from graph.analysis.departure import departure_impact
from graph.analysis.indexed import Indexed, org_key
from graph.analysis.path_increase import DEFAULT_SOURCES, path_increases
from graph.analysis.projection import collaboration_graph
from graph.model.document import load_document
from graph.model.generator import generate
from graph.model.schema import Document
from graph.reports.key_persons import risk_report
from graph.reports.spanners import organisation_at_level

SEED = Path(__file__).resolve().parents[1] / "seed" / "finsam.json"


def _recompute(G: nx.Graph, part: Mapping[Hashable, Hashable], people: list[Hashable]
               ) -> list[list[set[Hashable]]]:
    """The baseline: take each person out and recompute which parties stay together."""
    out = []
    for v in people:
        H = G.subgraph(nx.node_connected_component(G, v) - {v})
        out.append([{part.get(x) for x in piece} for piece in nx.connected_components(H)])
    return out


def _igraph_pairs(idx: Indexed, part: list[Hashable], pairs: list[tuple[Hashable, Hashable]]
                  ) -> list[int]:
    return [_igraph_pair(idx, part, a, b) for a, b in pairs]


def _igraph_pair(idx: Indexed, part: list[Hashable], a: Hashable, b: Hashable) -> int:
    """igraph's primitive: vertex connectivity between two added super-vertices."""
    n = len(idx.nodes)
    edges = list(zip(idx.src.tolist(), idx.dst.tolist(), strict=True))
    edges += [(n, i) for i in range(n) if part[i] == a]
    edges += [(n + 1, i) for i in range(n) if part[i] == b]
    H = ig.Graph(n=n + 2, edges=edges)
    return int(H.vertex_connectivity(source=n, target=n + 1, neighbors="ignore"))


def run(sizes: tuple[int, ...] = (10_000, 200_000)) -> str:
    docs: list[tuple[str, Document]] = [
        ("seed", load_document(json.loads(SEED.read_text(encoding="utf-8"))))]
    docs += [(f"{n:,} generated", load_document(generate(n, seed=1))) for n in sizes]
    lines = ["## Key-person risk (issue 4)", "",
             "All-person impact = articulation pieces from the block-cut tree plus direct-link "
             "reduction, for everyone at once. Party connectivity = max-flow per pair of "
             "parties (igraph, node-split digraph). Baselines are timed on a sample and "
             "extrapolated to everyone / every pair (marked ≈).", "",
             "| graph | people | all-person impact s | recompute per person s (≈ all) "
             "| party pairs | all-pairs connectivity s | igraph vertex_connectivity s (≈ all) "
             "| full risk report s |",
             "|---|---:|---:|---|---:|---:|---|---:|"]
    rng = random.Random(1)
    for label, doc in docs:
        G = collaboration_graph(doc)
        part = organisation_at_level(G, 0)
        idx = Indexed.of(G)
        t_impact, _ = timed(partial(departure_impact, G, part, indexed=idx))
        t_conn, conn = timed(partial(organisation_connectivity, G, part, indexed=idx))
        sample = rng.sample(list(G), min(50, len(G)))
        t_base, _ = timed(partial(_recompute, G, part, sample))
        per_person = t_base / len(sample)
        orgs = [part.get(v) for v in idx.nodes]
        pairs = [c.organisations for c in conn]
        pair_sample = rng.sample(pairs, min(10, len(pairs))) if pairs else []
        all_pairs = list(combinations(sorted({o for o in orgs if o is not None}, key=str), 2))
        t_ig, _ = timed(partial(_igraph_pairs, idx, orgs, pair_sample))
        per_pair = t_ig / max(1, len(pair_sample))
        t_report, _ = timed(partial(risk_report, doc, G))
        lines.append(
            f"| {label} | {len(G):,} | {t_impact:.2f} | {t_base:.2f} for {len(sample)} "
            f"(≈ {per_person * len(G):,.2f}) | {len(pairs):,} | {t_conn:.2f} "
            f"| {t_ig:.2f} for {len(pair_sample)} (≈ {per_pair * len(pairs):,.2f} for the "
            f"same pairs; {len(all_pairs):,} pairs of parties in all) | {t_report:.2f} |")
    lines += ["", "Connectivity is computed per connected component (paths never cross "
              "them), so only pairs of parties that share a component cost a max-flow; "
              "igraph's primitive works on the whole graph for every pair."]
    return "\n".join(lines)


def cpu(fn: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds of this process (all its threads, KADABRA's too): on a machine shared
    with other work, wall time measures that work as much as this."""
    seconds, _, out = clocks(fn)
    return seconds, out


def clocks(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """CPU and wall seconds of one call: KADABRA runs on every core, the report on one,
    so on a quiet machine the two clocks can order them differently."""
    t, w = time.process_time(), time.perf_counter()
    out = fn()
    return time.process_time() - t, time.perf_counter() - w, out


def _kadabra(idx: Indexed) -> tuple[float, float]:
    import networkit as nk

    graph = idx.networkit()  # networkit's algorithms do not keep their graph alive
    kad = nk.centrality.KadabraBetweenness(graph, 0.005, 0.1, deterministic=True)
    seconds, wall, _ = clocks(kad.run)
    return seconds, wall


def _codes(idx: Indexed, part: Mapping[Hashable, Hashable]) -> np.ndarray:
    codes: dict[Hashable, int] = {}
    return np.array([codes.setdefault(org_key(part, v), len(codes)) for v in idx.nodes])


def national(sizes: tuple[int, ...] = (20_000,), check: bool = False) -> str:
    """The risk report on connected national graphs beside KADABRA, same run and graph."""
    import networkit  # noqa: F401  imported before timing: neither side pays for it

    load = os.getloadavg()
    lines = ["## Key-person risk on connected national graphs (issue 17, item 3)", "",
             describe() + f" · load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
             "at the start", "",
             f"`generate(n, seed=1, national=True)` projected on {AS_OF}. CPU seconds of the "
             "process (all threads), and wall seconds of the report and KADABRA in the last "
             "column. *risk report*: `risk_report(doc, G)` as the CLI and "
             "the service build it (path lengths for the top 20 rows); beside it its parts "
             "timed alone: `departure_impact` (block-cut tree and the fragile party pairs) "
             f"and `path_increases` for the same 20 people ({DEFAULT_SOURCES} sources each). "
             "KADABRA ε = 0.005, δ = 0.1 (networkit) on the same graph in the same run.", "",
             "| people / edges | risk report s | departure impact s | path lengths s "
             "| KADABRA s | risk / KADABRA | wall: report s / KADABRA s (ratio) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    first: tuple[nx.Graph, Mapping[Hashable, Hashable], list[Hashable]] | None = None
    for n in sizes:
        doc = load_document(generate(n, seed=1, national=True))
        G = collaboration_graph(doc, as_of=AS_OF)
        idx = Indexed.of(G)
        part = organisation_at_level(G, 0)
        t_kadabra, w_kadabra = _kadabra(idx)
        t_report, w_report, rows = clocks(lambda: risk_report(doc, G))  # noqa: B023
        t_impact, _ = cpu(partial(departure_impact, G, part, indexed=idx))
        top = [r["person"] for r in rows[:20]]
        orgs = _codes(idx, part)
        t_paths, _ = cpu(lambda: path_increases(idx, orgs, [idx.index[v] for v in top]))  # noqa: B023
        lines.append(f"| {len(G):,} / {G.number_of_edges():,} | {t_report:.2f} "
                     f"| {t_impact:.2f} | {t_paths:.2f} | {t_kadabra:.2f} "
                     f"| {t_report / t_kadabra:.2f} "
                     f"| {w_report:.2f} / {w_kadabra:.2f} ({w_report / w_kadabra:.2f}) |")
        first = first or (G, part, top)
    if check and first is not None:
        lines += ["", *_coverage(*first)]
    return "\n".join(lines)


def _coverage(G: nx.Graph, part: Mapping[Hashable, Hashable], top: list[Hashable],
              people: int = 4, repeats: int = 30) -> list[str]:
    """The sampled path-length figures of the report's top people against the exact ones
    (every other person of the component a source), over independent draws."""
    idx = Indexed.of(G)
    orgs = _codes(idx, part)
    lines = [f"Path-length figures of the top {people} rows on the {len(G):,}-person graph: "
             f"exact (every other person a source) against {repeats} independent sampled "
             f"runs ({DEFAULT_SOURCES} draws each, interval at 95 %).", "",
             "| person | exact | sampled mean | median error | runs within error |",
             "|---|---:|---:|---:|---:|"]
    held_all = runs = 0
    for v in top[:people]:
        i = idx.index[v]
        exact = path_increases(idx, orgs, [i], sources=len(G))[i]
        sampled = [path_increases(idx, orgs, [i], seed=seed)[i] for seed in range(repeats)]
        if exact is None or any(x is None for x in sampled):
            continue
        held = sum(abs(x.mean - exact.mean) <= x.error for x in sampled if x is not None)
        held_all += held
        runs += len(sampled)
        means = [x.mean for x in sampled if x is not None]
        errors = [x.error for x in sampled if x is not None]
        lines.append(f"| {v} | {exact.mean:.4f} | {float(np.mean(means)):.4f} "
                     f"| {float(np.median(errors)):.4f} | {held} of {len(sampled)} |")
    lines += ["", f"In all {held_all} of {runs} runs within their stated error."]
    return lines


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["national"]:
        numbers = tuple(int(a) for a in args[1:] if a.isdigit()) or (20_000,)
        print(national(numbers, check="--check" in args))
    else:
        print(run())

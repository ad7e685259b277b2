"""Boundary-spanner benchmark (issues 3 and 17): the full report on the seed data, on
generated graphs of separate förbund and on connected national graphs, beside the fastest
library primitive and plain networkx for the same metric, timed in the same run on the same
graph; on connected graphs also peak memory, and the sampled figures against exact ones."""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis.betweenness import EXACT_WORK
from graph.analysis.indexed import Indexed
from graph.analysis.projection import collaboration_graph
from graph.analysis.structural_holes import constraint
from graph.model.document import load_document
from graph.model.generator import generate
from graph.reports.spanners import BETWEENNESS_EPSILON, organisation_at_level, spanner_report

SEED = Path(__file__).resolve().parents[1] / "seed" / "finsam.json"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def _primitives(G: nx.Graph, exact: bool, nx_pivots: int) -> dict[str, float]:
    import networkit as nk

    idx = Indexed.of(G)
    out: dict[str, float] = {}
    if exact:
        out["igraph betweenness (exact)"] = timed(
            lambda: idx.igraph.betweenness(directed=False))[0]
    graph = idx.networkit()  # networkit's algorithms do not keep their graph alive
    kad = nk.centrality.KadabraBetweenness(graph, 0.005, 0.1, deterministic=True)
    out["networkit KADABRA ε=0.005 (betweenness)"] = timed(kad.run)[0]
    if len(G) <= 3_000:  # networkx's exact Brandes takes minutes beyond this
        out["networkx betweenness (exact)"] = timed(lambda: nx.betweenness_centrality(G))[0]
    else:
        out[f"networkx betweenness ({nx_pivots} pivots)"] = timed(
            lambda: nx.betweenness_centrality(G, k=nx_pivots, seed=1))[0]
    out["networkx constraint"] = timed(lambda: nx.constraint(G, weight="weight"))[0]
    out["samverkan constraint (sparse)"] = timed(lambda: constraint(G))[0]
    return out


def run(sizes: tuple[int, ...] = (10_000, 200_000),
        connected: tuple[int, ...] = (20_000, 200_000), check_at: int | None = 20_000) -> str:
    graphs: list[tuple[str, nx.Graph, float]] = []
    doc = load_document(json.loads(SEED.read_text(encoding="utf-8")))
    t, G = timed(lambda: collaboration_graph(doc))
    graphs.append(("seed", G, t))
    for n in sizes:
        doc = load_document(generate(n, seed=1))
        t, G = timed(partial(collaboration_graph, doc))
        graphs.append((f"{n:,} generated", G, t))

    lines = ["## Boundary spanners (issue 3)", "",
             "Full report = betweenness, organisation-pair dependency, Gould–Fernandez "
             "roles, constraint, effective size, participation, score and explanations "
             f"for every person. Exact below a work budget of {EXACT_WORK:,} "
             "(people × edges summed over components), sampled above it.", "",
             "| graph | people / edges | projection s | full report s | method "
             "| same metric, library primitive or networkx: s |",
             "|---|---:|---:|---:|---|---|"]
    for label, G, t_proj in graphs:
        t_report, report = timed(partial(spanner_report, G))
        exact = report.method["betweenness"]["name"] == "exact"
        prims = _primitives(G, exact=exact, nx_pivots=200 if len(G) > 50_000 else 1000)
        method = (f"betweenness {report.method['betweenness']['name']} "
                  f"({report.method['betweenness']['algorithm']}); pairs "
                  f"{report.method['cross_org_brokerage']['name']}")
        prim_text = "; ".join(f"{k}: {v:.2f}" for k, v in prims.items())
        lines.append(f"| {label} | {len(G):,} / {G.number_of_edges():,} | {t_proj:.2f} "
                     f"| {t_report:.2f} | {method} | {prim_text} |")
    lines += ["",
              "The report's betweenness *is* the library primitive (igraph exact, or "
              "networkit KADABRA above the budget); the rest of the report time is "
              "organisation-pair dependency (igraph subset betweenness, or pair sampling "
              "above the budget), the other measures and building one row per person."]
    if connected:
        lines += ["", *connected_rows(connected)]
    if check_at:
        lines += ["", *accuracy(check_at)]
    return "\n".join(lines)


# The day the connected graphs describe: fixed, so every run measures the same graph.
AS_OF = date(2026, 6, 1)


def national_graph(people: int) -> nx.Graph:
    return collaboration_graph(load_document(generate(people, seed=1, national=True)),
                               as_of=AS_OF)


def timed_cpu(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds of one call. CPU is the process's (every thread: KADABRA runs
    on all cores) and its waited-for children's (the report shares its exact pair searches
    with a forked child), which a loaded machine inflates far less than wall time."""
    wall, cpu = time.perf_counter(), _cpu()
    out = fn()
    return time.perf_counter() - wall, _cpu() - cpu, out


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _measure_connected(people: int, rounds: int = 3) -> dict[str, Any]:
    """In a fresh process, so that its peak memory is this graph's and this report's.

    The reference and the report alternate on the same graph, ``rounds`` times each,
    the order flipped every round (K R, R K, K R, ...), so that load drifting during
    the run falls on both; each round gives its own ratio."""
    import networkit as nk

    t_proj, G = timed(partial(national_graph, people))
    idx = Indexed.of(G)
    graph = idx.networkit()  # networkit's algorithms do not keep their graph alive

    def kadabra() -> None:
        nk.centrality.KadabraBetweenness(graph, 0.005, 0.1, deterministic=True).run()

    def load() -> float:
        return os.getloadavg()[0]

    runs: list[dict[str, float]] = []
    report = None
    for r in range(rounds):
        out: dict[str, float] = {"load": load()}
        order = ("kadabra", "report") if r % 2 == 0 else ("report", "kadabra")
        for what in order:
            if what == "kadabra":
                out["k_wall"], out["k_cpu"], _ = timed_cpu(kadabra)
            else:
                out["r_wall"], out["r_cpu"], report = timed_cpu(partial(spanner_report, G))
        runs.append(out)
        # Each round as it ends: a long run stopped early still leaves its rounds.
        print(f"{people:,} people, round {r + 1}: {out}", file=sys.stderr, flush=True)
    assert report is not None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    # A forked child's resident pages include those it still shares with the report.
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"people": len(G), "edges": G.number_of_edges(), "child_peak_mib": child_peak / 1024,
            "components": nx.number_connected_components(G), "projection": t_proj,
            "runs": runs, "peak_mib": peak / 1024, "method": report.method,
            "load_end": load(),
            "connects": sum(c["claim"] == "connects" for row in report.rows
                            for c in row["claims"])}


def _spread(values: list[float]) -> str:
    """Median with min–max."""
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def connected_rows(sizes: tuple[int, ...], rounds: int = 3) -> list[str]:
    lines = ["### Connected national graphs (issue 17)", "",
             "`generate(n, seed=1, national=True)` (5 % of AF, FK and regional staff tied to "
             "a colleague in another förbund, regional units serving several förbund, "
             f"chiefs' networks), projected on {AS_OF}: one component. Each size runs in a "
             "fresh process: networkit KADABRA ε = 0.005, δ = 0.1 (the reference) and the "
             f"full report (its own KADABRA at ε = {BETWEENNESS_EPSILON}) alternate on the "
             f"same graph, {rounds} times each, the order "
             "flipped every round; seconds are medians (min–max), CPU seconds those of the "
             "whole process (all threads) and of its forked child (its share of the exact "
             "pair searches), and each ratio is the median (min–max) of the "
             "rounds' own ratios. Peak memory is the process's peak RSS "
             "(generator, projection and every round included), then the child's (its "
             "resident pages, most of them shared with the process).", "",
             "| generated people | people / edges | projection s | load (1 min) "
             "| KADABRA wall s | report wall s | report / KADABRA, wall "
             "| KADABRA CPU s | report CPU s | report / KADABRA, CPU | peak RSS MiB "
             "| pair dependency | \"Förbinder\" sentences |",
             "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    ctx = multiprocessing.get_context("spawn")
    for n in sizes:
        with ctx.Pool(1) as pool:
            r = pool.apply(_measure_connected, (n, rounds))
        pairs = r["method"]["cross_org_brokerage"]
        how = (f"{pairs['name']}: {pairs.get('sources', '–')} sources, "
               f"{pairs.get('samples', '–')} pairs, ± {pairs.get('epsilon', 0)} "
               f"at {1 - pairs.get('delta', 0):.0%}" if pairs["name"] == "sampled"
               else pairs["name"])
        runs = r["runs"]
        col = {k: [x[k] for x in runs] for k in runs[0]}
        loads = [*col["load"], r["load_end"]]
        lines.append(
            f"| {n:,} | {r['people']:,} / {r['edges']:,} | {r['projection']:.1f} "
            f"| {min(loads):.1f}–{max(loads):.1f} | {_spread(col['k_wall'])} "
            f"| {_spread(col['r_wall'])} "
            f"| {_spread([a / b for a, b in zip(col['r_wall'], col['k_wall'], strict=True)])} "
            f"| {_spread(col['k_cpu'])} | {_spread(col['r_cpu'])} "
            f"| {_spread([a / b for a, b in zip(col['r_cpu'], col['k_cpu'], strict=True)])} "
            f"| {r['peak_mib']:,.0f} + {r['child_peak_mib']:,.0f} | {how} | {r['connects']} |")
    return lines


def accuracy(people: int, pair_checks: int = 6) -> list[str]:
    """Sampled figures of the report against exact ones on one connected graph.

    Exact betweenness is networkit's Brandes (all threads); exact cross-organisation
    dependency is that less the pairs inside each organisation (igraph's subset
    betweenness per organisation); exact pair dependency, for ``pair_checks``
    organisation pairs (the top people's first pairs and the largest pairs by people),
    from igraph's subset betweenness from one organisation's people to the other's.
    """
    import networkit as nk

    from graph.analysis.betweenness import betweenness, pair_dependency

    G = national_graph(people)
    idx = Indexed.of(G)
    part = organisation_at_level(G, 0)
    g = idx.igraph
    n = len(idx.nodes)
    t_exact = time.perf_counter()
    graph = idx.networkit()
    brandes = nk.centrality.Betweenness(graph, normalized=False)
    brandes.run()
    raw = np.asarray(brandes.scores()) / 2.0  # networkit counts ordered pairs
    exact_bet = raw * 2.0 / ((n - 1) * (n - 2))
    codes = np.array([str(part.get(v)) for v in idx.nodes])
    within = np.zeros(n)
    for org in np.unique(codes):
        members = np.flatnonzero(codes == org).tolist()
        within += np.asarray(g.betweenness(directed=False, sources=members, targets=members))
    t_exact = time.perf_counter() - t_exact
    dep = pair_dependency(G, part, exact_work=0, indexed=idx)
    bet, bet_method = betweenness(G, exact_work=0, epsilon=BETWEENNESS_EPSILON, indexed=idx)
    has = dep.cross_pairs > 0
    exact_share = np.where(has, (raw - within) / np.maximum(dep.cross_pairs, 1), 0.0)
    share = np.where(has, dep.cross() / np.maximum(dep.cross_pairs, 1), 0.0)
    err_share = np.abs(share - exact_share)
    err_bet = np.abs(np.array([bet[v] for v in idx.nodes]) - exact_bet)
    eps = dep.method.epsilon or 0.0
    level = 1 - (dep.method.delta or 0)
    top = np.argsort(-exact_share)[:10]

    # Pairs: the top people's first pairs, then the pairs with most people.
    checked: list[tuple[str, str]] = []
    for i in top.tolist():
        own = dep.of(idx.nodes[i])
        if own:
            pair = max(own.items(), key=lambda kv: kv[1])[0]
            key = (str(pair[0]), str(pair[1]))
            if key not in checked:
                checked.append(key)
    for pair in sorted(dep.pairs, key=lambda p: -dep.pairs[p]):
        if len(checked) >= pair_checks:
            break
        key = (str(pair[0]), str(pair[1]))
        if key not in checked:
            checked.append(key)
    checked = checked[:pair_checks]
    column = {(str(a), str(b)): j for j, (a, b) in enumerate(dep.keys)}
    dense = dep.values.tocsc()
    pair_lines = []
    within_eps = within_eps_top = total_people = total_top = 0
    t_pairs = time.perf_counter()
    for a, b in checked:
        src = np.flatnonzero(codes == a)
        dst = np.flatnonzero(codes == b)
        if len(src) > len(dst):  # fewer searches from the smaller side
            src, dst = dst, src
        exact_pair = 2.0 * np.asarray(g.betweenness(directed=False, sources=src.tolist(),
                                                    targets=dst.tolist()))
        j = column.get((a, b))
        sampled = (dense[:, [j]].toarray().ravel() if j is not None else np.zeros(n))
        # Each person's pairs there are: the pair's people, less the person's own side.
        n_a, n_b = int(np.sum(codes == a)), int(np.sum(codes == b))
        total = np.full(n, n_a * n_b, dtype=float)
        total[codes == a] -= n_b
        total[codes == b] -= n_a
        total = np.maximum(total, 1.0)
        err = np.abs(sampled - exact_pair) / total
        best = np.argsort(-exact_pair)[:10]
        within_eps += int(np.sum(err <= eps))
        total_people += n
        within_eps_top += int(np.sum(err[best] <= eps))
        total_top += len(best)
        pair_lines.append(f"| {a}–{b} | {n_a * n_b:,} | {err.max():.5f} "
                          f"| {np.mean(err <= eps):.2%} | {err[best].max():.5f} "
                          f"| {np.mean(err[best] <= eps):.0%} |")
    t_pairs = time.perf_counter() - t_pairs
    lines = ["### Sampled against exact, connected graph (issue 17)", "",
             f"{n:,} people, one component (`national=True`, seed 1, {AS_OF}). Exact values: "
             f"networkit Brandes betweenness and igraph subset betweenness within each "
             f"organisation, {t_exact:.0f} s; exact pair dependency for {len(checked)} "
             f"organisation pairs, {t_pairs:.0f} s. Sampled: the report's defaults "
             f"({dep.method.sources} sources, {dep.method.samples} pairs).", "",
             "| figure | stated error | largest error, all people | people within "
             "stated error | largest error, top 10 people |",
             "|---|---|---:|---:|---:|",
             f"| betweenness (KADABRA) | ± {bet_method.epsilon} for all at once, "
             f"p ≥ {1 - (bet_method.delta or 0):.0%} | {err_bet.max():.5f} "
             f"| {np.mean(err_bet <= (bet_method.epsilon or 0)):.2%} "
             f"| {err_bet[np.argsort(-exact_bet)[:10]].max():.5f} |",
             f"| cross-organisation share | ± {eps} (widest half-width), each person's "
             f"own ± at {level:.0%} | {err_share.max():.5f} "
             f"| {np.mean(err_share <= dep.error + 1e-12):.2%} of own ± "
             f"(own ± {np.median(dep.error[has]):.5f} median, {dep.error[has].min():.5f} "
             f"least), {np.mean(err_share <= eps):.2%} of ± {eps} "
             f"| {err_share[top].max():.5f} |",
             "", "Pair dependency, per organisation pair: each person's sampled value "
             "against the exact one, as a share of the pairs of people there are (no bound "
             f"of its own is stated; the column compares it with the share's ± {eps}).", "",
             "| organisation pair | pairs of people | largest error, all people "
             f"| people within ± {eps} | largest error, top 10 people of the pair "
             f"| top 10 within ± {eps} |",
             "|---|---:|---:|---:|---:|---:|",
             *pair_lines,
             f"| all {len(checked)} pairs | | | {within_eps / max(total_people, 1):.2%} | "
             f"| {within_eps_top / max(total_top, 1):.0%} |"]
    return lines


def claims_check(people: int, shown: int = 20) -> list[str]:
    """The pair values the report's sentences quote, against exact ones on one connected
    graph: for every row with a "connects" claim, igraph's subset betweenness from the
    pair's *larger* side (the report counts from the smaller one, so the two are
    different computations of the same number)."""
    G = national_graph(people)
    idx = Indexed.of(G)
    part = organisation_at_level(G, 0)
    codes = np.array([str(part.get(v)) for v in idx.nodes])
    report = spanner_report(G)
    sampled = spanner_report(G, exact_pair_work=0)
    stated = [(rank, row, c) for rank, row in enumerate(report.rows) for c in row["claims"]
              if c["claim"] == "connects"]
    columns: dict[tuple[str, str], np.ndarray] = {}
    held = 0
    worst = 0.0
    for _, row, claim in stated:
        a, b = (str(x) for x in claim["organisations"])
        if (a, b) not in columns:
            side_a, side_b = np.flatnonzero(codes == a), np.flatnonzero(codes == b)
            large, small = (side_a, side_b) if len(side_a) >= len(side_b) else (side_b, side_a)
            columns[(a, b)] = 2.0 * np.asarray(idx.igraph.betweenness(
                directed=False, sources=large.tolist(), targets=small.tolist()))
        exact = float(columns[(a, b)][idx.index[row["person"]]])
        held += abs(round(exact, 3) - claim["pairs_via"]) <= 1e-3
        worst = max(worst, abs(exact - claim["pairs_via"]) / max(claim["pairs"], 1))
    # What the sentence quoted before: the first pair by its sampled value.
    before = sum(1 for row in sampled.rows[:shown] for p in row["top_pairs"][:1]
                 if p["pairs"] and p["pairs_via"] >= 0.5 and p["share"] >= 0.25)
    now = sum(1 for rank, _, _ in stated if rank < shown)
    method = report.method["pair_values"]
    return ["### Quoted pair values against exact ones, connected graph (issue 17, item 2)",
            "",
            f"{len(G):,} people, one component (`national=True`, seed 1, {AS_OF}). The "
            f"report's defaults: {method['algorithm']}. Exact values for the check: "
            "igraph subset betweenness "
            "from each pair's larger side.", "",
            "| rows with a \"connects\" sentence | of them in the first "
            f"{shown} rows | value within 0.001 of exact | largest error, share of the "
            f"pair's pairs | first {shown} rows with the sentence when sampled values "
            "were quoted |",
            "|---:|---:|---:|---:|---:|",
            f"| {len(stated)} | {now} | {held} of {len(stated)} | {worst:.6f} | {before} |"]


def main() -> None:
    """Only the connected-graph sections, for a run beside ``bench.run``'s full one:

        .venv/bin/python -m bench.bench_spanners --connected 20000 200000 --check-at 20000
    """
    import argparse

    from bench.machine import describe

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--connected", type=int, nargs="*", default=[20_000, 200_000])
    parser.add_argument("--check-at", type=int, default=20_000)
    parser.add_argument("--claims-at", type=int, default=0,
                        help="check the quoted pair values against exact ones")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternations of reference and report per size")
    args = parser.parse_args()
    print(f"Machine: {describe()}\n")
    if args.connected:
        print("\n".join(connected_rows(tuple(args.connected), args.rounds)), "\n",
              flush=True)
    if args.check_at:
        print("\n".join(accuracy(args.check_at)), flush=True)
    if args.claims_at:
        print("\n".join(claims_check(args.claims_at)), flush=True)


if __name__ == "__main__":
    main()

"""Seats, succession, the fragile-pair κ table and bridging at 20,000 connected people
(issue 22, items 2, 4, 5), beside library references timed in the same run on the same
graph.

The graph is :func:`bench.bench_turnover.connected_document`: the generated förbund
joined in a ring by ``links`` ties between neighbours (1: pairs across förbund hang on
two people, hundreds of fragile pairs; 4: every pair robust). The person judged is the
one on the most minimum cuts of fragile pairs (the top key person by what the seats and
succession reports weigh).

References, each on the same graph in the same process: one capped scipy maximum flow
of one party pair on the node-split digraph (the primitive the table used to run once
per pair) and igraph's ``vertex_connectivity`` of the same pair between two added
super-nodes (the library's own answer to the same question). Each step also counts its
maximum flows.

Run: ``.venv/bin/python -m bench.bench_seats [--rings 1 4]`` (writes
bench/RESULTS-seats.md after every step).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx

from bench.bench_spanners import timed
from bench.bench_turnover import connected_document, one_flow
from bench.machine import describe
from graph.analysis.connectivity import SplitComponent
from graph.analysis.projection import collaboration_graph
from graph.analysis.sole_links import kappa_table
from graph.reports.bridging import bridging_report
from graph.reports.party_connectivity import ROBUST_KAPPA, party_kappa
from graph.reports.seats import seats_report
from graph.reports.spanners import organisation_at_level
from graph.reports.succession import succession_report

DAY = date(2026, 6, 1)
OUT = Path(__file__).with_name("RESULTS-seats.md")


@contextmanager
def counting_flows() -> Iterator[Counter[str]]:
    """Counts the maximum flows run inside the block (the unit the sharing saves)."""
    count: Counter[str] = Counter()
    real = SplitComponent.max_flow

    def counted(self: SplitComponent, *args: Any, **kwargs: Any) -> Any:
        count["flows"] += 1
        return real(self, *args, **kwargs)

    SplitComponent.max_flow = counted  # type: ignore[method-assign]
    try:
        yield count
    finally:
        SplitComponent.max_flow = real  # type: ignore[method-assign]


def igraph_pair(G: nx.Graph, part: dict[Any, Any]) -> tuple[float, int]:
    """igraph's vertex connectivity between super-nodes joined to the first two parties."""
    a, b = sorted({str(o) for o in part.values()})[:2]
    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    s, t = len(nodes), len(nodes) + 1
    edges = [(index[u], index[v]) for u, v in G.edges()]
    edges += [(s, index[v]) for v in nodes if str(part.get(v)) == a]
    edges += [(index[v], t) for v in nodes if str(part.get(v)) == b]
    g = ig.Graph(n=len(nodes) + 2, edges=edges)
    return timed(lambda: g.vertex_connectivity(source=s, target=t, neighbors="ignore"))


def run_ring(links: int, note: Callable[[tuple[str, float, int | None, str]], None]) -> None:
    doc = connected_document(links=links)
    t, G = timed(lambda: collaboration_graph(doc, DAY))
    part = organisation_at_level(G, 0)
    ring = f"ring {links}"
    note((f"{ring}: projection ({G.number_of_nodes():,} people, {G.number_of_edges():,} "
          f"ties, {nx.number_connected_components(G)} component(s))", t, None, ""))
    t, value = one_flow(G, part)
    note((f"{ring}: reference, one scipy maximum flow of one pair", t, 1, f"κ = {value}"))
    t, value = igraph_pair(G, part)
    note((f"{ring}: reference, igraph vertex_connectivity of the same pair", t, None,
          f"κ = {value}"))
    with counting_flows() as count:
        t, table = timed(lambda: kappa_table(G, part, cap=ROBUST_KAPPA))
    robust = sum(1 for r in table.values() if r.at_least)
    note((f"{ring}: κ table capped at {ROBUST_KAPPA} (cold)", t, count["flows"],
          f"{len(table)} pairs, {robust} robust, {len(table) - robust} exact"))
    party_kappa(G, 0)  # the reports share the projection's table, as in the service
    on_cuts = Counter(v for r in table.values() if not r.at_least and r.connectivity <= 2
                      for v in r.cut)
    if not on_cuts:
        note((f"{ring}: seats, succession, bridging", 0.0, None, "no fragile pair"))
        return
    person = min(on_cuts, key=lambda v: (-on_cuts[v], str(v)))
    with counting_flows() as count:
        t, seats = timed(lambda: seats_report(doc, G, persons=[person]))
    note((f"{ring}: seats versus people for {person} (on {on_cuts[person]} fragile cuts; "
          "pairs κ ≤ 2)", t, count["flows"],
          f"{sum(len(r['pairs']) for r in seats['people'])} weakened pairs"))
    with counting_flows() as count:
        t, su = timed(lambda: succession_report(G, person))
    note((f"{ring}: succession for {person} (pairs κ ≤ 3, 15 candidates, no competence)", t,
          count["flows"], f"{len(su['affected_pairs'])} affected pairs, "
          f"{len(su['handover_plan']['steps'])} plan steps"))
    with counting_flows() as count:
        t, br = timed(lambda: bridging_report(G, max_kappa=2, limit=3))
    note((f"{ring}: bridging (3 pairs κ ≤ 2, 2 introductions each)", t, count["flows"],
          f"{sum(len(r['introductions']) for r in br)} introductions"))


def main() -> None:
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--rings", type=int, nargs="*", default=[1])
    args = parser.parse_args()
    rows: list[tuple[str, float, int | None, str]] = []
    start = describe()

    def note(row: tuple[str, float, int | None, str]) -> None:
        rows.append(row)
        print(f"{row[0]}: {row[1]:.2f} s, {row[2]} flows ({row[3]})", flush=True)
        OUT.write_text(render(start, rows), encoding="utf-8")

    for links in args.rings:
        run_ring(links, note)


def render(start: str, rows: list[tuple[str, float, int | None, str]]) -> str:
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "# Seats, succession, fragile-pair κ table, bridging at 20,000 connected (issue 22)",
        "", f"Machine: {start}; load average (1/5/15 min) at the last step: {load}.", "",
        "Command: `.venv/bin/python -m bench.bench_seats [--rings 1 4]`", "",
        "One run on a 2-core box shared with six other engineers' work: seconds are upper "
        "bounds, not medians. Compare a row with the references of the same ring (same "
        "graph, same process) and read the flow counts, which do not depend on load.", "",
        "| step | s | max flows | × one scipy flow | result |", "|---|---:|---:|---:|---|",
    ]
    ref: dict[str, float] = {}
    for name, t, flows, what in rows:
        ring = name.split(":")[0]
        if "one scipy maximum flow" in name:
            ref[ring] = t
        ratio = f"{t / ref[ring]:.0f}" if ring in ref and "reference" not in name else ""
        lines.append(f"| {name} | {t:.2f} | {'' if flows is None else flows} | {ratio} | "
                     f"{what} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

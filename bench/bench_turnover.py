"""Turnover benchmark (issue 22): changes between two days, bridging, seats versus people,
succession and brokerage significance on 20,000 connected people.

The generator makes one component per samordningsförbund; the national option is not on
main, so the förbund are linked here with a few cross ties (``links`` random ties between
current people of each förbund and the next, in a ring), which makes the graph one
component and every national party pair global across förbund. Two rings: 4 ties each
(every party pair robust, κ >= 4) and 1 tie each (pairs across förbund hang on two
people, so seats, succession and bridging have hundreds of fragile pairs to judge).

Beside the reports, one exact maximum flow of one pair (scipy's ``maximum_flow`` on the
node-split digraph, the primitive the exact table ran 780 times) and the exact table
itself, timed in the same run.

Run: ``.venv/bin/python -m bench.bench_turnover`` (writes bench/RESULTS-turnover.md).
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from bench.bench_spanners import timed
from bench.machine import describe
from graph.analysis.brokerage import brokerage_significance
from graph.analysis.connectivity import SplitComponent, _component_edges
from graph.analysis.indexed import Indexed, org_key
from graph.analysis.projection import collaboration_graph
from graph.analysis.sole_links import kappa_table, sole_links
from graph.model.generator import generate
from graph.model.schema import Document
from graph.reports.bridging import bridging_report
from graph.reports.changes import changes_report
from graph.reports.party_connectivity import ROBUST_KAPPA, party_kappa
from graph.reports.seats import seats_report
from graph.reports.spanners import organisation_at_level
from graph.reports.succession import succession_report

PEOPLE = 20_000
RINGS = (4, 1)
D1, D2 = date(2025, 1, 1), date(2026, 6, 1)
OUT = Path(__file__).with_name("RESULTS-turnover.md")


def connected_document(people: int = PEOPLE, seed: int = 1, links: int = 4) -> Document:
    """The generated document with its förbund tied together into one network."""
    data = generate(people, seed=seed)
    rng = random.Random(seed)
    by_fed: dict[str, list[str]] = {}
    for p in data["people"]:
        if p.get("until") is None:  # current on both benchmark days
            # a unit's id starts with its förbund's ("f3-af", "f3-k2-soc")
            by_fed.setdefault(p["organisation"].split("-")[0], []).append(p["id"])
    feds = sorted(k for k, v in by_fed.items() if len(v) > 10)
    for a, b in zip(feds, feds[1:] + feds[:1], strict=True):
        for _ in range(links):
            data["ties"].append({"a": rng.choice(by_fed[a]), "b": rng.choice(by_fed[b]),
                                 "kind": "collaboration", "strength": 2})
    return Document.model_validate(data)


def one_flow(G: nx.Graph, part: dict[Any, Any]) -> tuple[float, int]:
    """One exact maximum flow (scipy) between the first two parties, on the whole graph."""
    idx = Indexed.of(G)
    comp, (u, v) = max(_component_edges(idx), key=lambda c: len(c[0]))
    split = SplitComponent(len(comp), u, v)
    orgs = np.array([str(org_key(part, idx.nodes[i])) for i in comp.tolist()])
    a, b = sorted(set(orgs.tolist()))[:2]
    t, flow = timed(lambda: split.max_flow(orgs == a, orgs == b))
    return t, flow.value


def run_ring(links: int, note: Any, exact: bool, changes: bool) -> None:
    doc = connected_document(links=links)
    t_proj, (G1, G2) = timed(lambda: (collaboration_graph(doc, D1), collaboration_graph(doc, D2)))
    part = organisation_at_level(G2, 0)
    ring = f"ring {links}"
    note((f"{ring}: projections of both days ({G2.number_of_nodes():,} people, "
          f"{G2.number_of_edges():,} ties, {nx.number_connected_components(G2)} "
          "component(s) on the second day)", t_proj, ""))
    t, value = one_flow(G2, part)
    note((f"{ring}: library primitive, one exact maximum flow (scipy) of one pair", t,
          f"κ = {value}"))
    if exact:
        t, full = timed(lambda: kappa_table(G2, part))
        note((f"{ring}: exact κ table (one full flow per pair; the old default)", t,
              f"{len(full)} pairs, smallest κ {min(r.connectivity for r in full.values())}"))
    t, table = timed(lambda: party_kappa(G2, 0))
    robust = sum(1 for r in table.values() if r.at_least)
    note((f"{ring}: κ table capped at {ROBUST_KAPPA} (cold; kept for the projection)", t,
          f"{len(table)} pairs, {robust} robust (κ ≥ {ROBUST_KAPPA}), "
          f"{len(table) - robust} counted exactly"))
    t, sole = timed(lambda: sole_links(G2, part, table))
    note((f"{ring}: sole links (pairs with κ = 1)", t, f"{len(sole)} pairs"))
    t, sig = timed(lambda: brokerage_significance(G2, part))
    note((f"{ring}: brokerage significance (counts, exp, sd, z)", t, f"{len(sig)} people"))
    t, ch = timed(lambda: changes_report(doc, G1, G2)) if changes else (0.0, None)
    if ch is not None:
        note((f"{ring}: changes {D1} → {D2} (first day's table cold, spanner report twice)", t,
              f"{len(ch['pairs'])} pairs, {len(ch['key_persons'])} key persons, "
              f"{len(ch['seats'])} seats, {len(ch['spanners'])} spanners"))
    t, br = timed(lambda: bridging_report(G2, max_kappa=2, limit=3))
    note((f"{ring}: bridging (pairs κ ≤ 2, at most 3, 2 introductions each)", t,
          f"{len(br)} pairs, {sum(len(r['introductions']) for r in br)} introductions"))
    cut = sorted({v for r in table.values() if not r.at_least for v in r.cut}, key=str)[:1]
    if not cut:
        note((f"{ring}: seats and succession", 0.0, "no pair below the cap, nobody to judge"))
        return
    t, seats = timed(lambda: seats_report(doc, G2, persons=cut))
    note((f"{ring}: seats versus people (1 person on a fragile cut, pairs κ ≤ 2)", t,
          f"{sum(len(r['pairs']) for r in seats['people'])} weakened pairs, "
          f"{len(seats['seat_risks'])} seat risks"))
    t, su = timed(lambda: succession_report(G2, cut[0]))
    note((f"{ring}: succession for the same person (pairs κ ≤ 3, no competence)", t,
          f"{len(su['affected_pairs'])} affected pairs, {len(su['candidates'])} candidates, "
          f"{len(su['handover_plan']['steps'])} plan steps"))


def main() -> None:
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--exact", action="store_true", help="time the exact table too")
    parser.add_argument("--no-changes", action="store_true",
                        help="skip changes (two spanner reports, most of its time)")
    parser.add_argument("--rings", type=int, nargs="*", default=list(RINGS))
    args = parser.parse_args()
    rows: list[tuple[str, float, str]] = []

    def note(row: tuple[str, float, str]) -> None:
        # Written after every step: a step that runs past the time limit leaves the rest.
        rows.append(row)
        print(f"{row[0]}: {row[1]:.2f} s ({row[2]})", flush=True)
        OUT.write_text(render(rows), encoding="utf-8")

    for links in args.rings:
        run_ring(links, note, args.exact, not args.no_changes)


def render(rows: list[tuple[str, float, Any]]) -> str:
    lines = [
        "# Turnover benchmark (issue 22)", "",
        f"Machine: {describe()}", "",
        "Command: `.venv/bin/python -m bench.bench_turnover "
        "[--exact] [--no-changes] [--rings 4 1]`", "",
        f"Graphs: generated, {PEOPLE:,} people, förbund linked in a ring by 4 or 1 ties "
        "each (see the module).", "",
        "The machine (2 cores) was shared with other engineers' work during the run, so the "
        "times are upper bounds of one run, not medians; compare a row with the library "
        "primitive of the same ring.", "",
        "| step | s | result |", "|---|---:|---|",
    ]
    lines += [f"| {name} | {t:.2f} | {what} |" for name, t, what in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

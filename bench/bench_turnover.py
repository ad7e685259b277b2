"""Turnover benchmark (issue 22): changes between two days, bridging, seats versus people,
succession and brokerage significance on 20,000 connected people.

The generator makes one component per samordningsförbund; the national option is not on
main, so the förbund are linked here with a few cross ties (``LINKS`` random ties between
current people of each förbund and the next, in a ring), which makes the graph one
component and every national party pair global across förbund.

Run: ``.venv/bin/python -m bench.bench_turnover`` (writes bench/RESULTS-turnover.md).
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from bench.bench_spanners import timed
from bench.machine import describe
from graph.analysis.brokerage import brokerage_significance
from graph.analysis.projection import collaboration_graph
from graph.analysis.sole_links import sole_links
from graph.model.generator import generate
from graph.model.schema import Document
from graph.reports.bridging import bridging_report
from graph.reports.changes import changes_report
from graph.reports.party_connectivity import party_kappa
from graph.reports.seats import seats_report
from graph.reports.spanners import organisation_at_level
from graph.reports.succession import succession_report

PEOPLE = 20_000
LINKS = 4
D1, D2 = date(2025, 1, 1), date(2026, 6, 1)
OUT = Path(__file__).with_name("RESULTS-turnover.md")


def connected_document(people: int = PEOPLE, seed: int = 1) -> Document:
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
        for _ in range(LINKS):
            data["ties"].append({"a": rng.choice(by_fed[a]), "b": rng.choice(by_fed[b]),
                                 "kind": "collaboration", "strength": 2})
    return Document.model_validate(data)


def main() -> None:
    doc = connected_document()
    t_proj, (G1, G2) = timed(lambda: (collaboration_graph(doc, D1), collaboration_graph(doc, D2)))
    part = organisation_at_level(G2, 0)
    rows: list[tuple[str, float, str]] = []

    def note(row: tuple[str, float, str]) -> None:
        # Written after every step: a step that runs past the time limit leaves the rest.
        rows.append(row)
        print(f"{row[0]}: {row[1]:.2f} s ({row[2]})", flush=True)
        OUT.write_text(render(G2, t_proj, rows), encoding="utf-8")

    t, table = timed(lambda: party_kappa(G2, 0))
    kmin = min(r.connectivity for r in table.values())
    note(("κ of every party pair on the second day (cold; kept for the projection)", t,
          f"{len(table)} pairs with κ ≥ 1, smallest κ {kmin}"))
    t, sole = timed(lambda: sole_links(G2, part, table))
    note(("sole links (pairs with κ = 1)", t, f"{len(sole)} pairs"))
    weakest = sum(1 for r in table.values() if r.connectivity == kmin)
    note(("pairs at the smallest κ", 0.0, f"{weakest} pairs with κ = {kmin}"))
    t, sig = timed(lambda: brokerage_significance(G2, part))
    note(("brokerage significance (counts, exp, sd, z)", t, f"{len(sig)} people"))
    t, ch = timed(lambda: changes_report(doc, G1, G2))
    note((f"changes {D1} → {D2} (first day's κ table cold, spanner report twice)", t,
          f"{len(ch['pairs'])} pairs, {len(ch['key_persons'])} key persons, "
          f"{len(ch['seats'])} seats, {len(ch['spanners'])} spanners"))
    t, br = timed(lambda: bridging_report(G2, max_kappa=kmin, limit=3))
    note((f"bridging (3 pairs with κ = {kmin}, 2 introductions each; κ table warm)", t,
          f"{len(br)} pairs, {sum(len(r['introductions']) for r in br)} introductions"))
    cut = sorted({v for r in table.values() if r.connectivity == kmin for v in r.cut},
                 key=str)[:1]
    t, seats = timed(lambda: seats_report(doc, G2, persons=cut, max_kappa=kmin))
    note((f"seats versus people ({len(cut)} person on a κ = {kmin} cut; κ table warm)", t,
          f"{sum(len(r['pairs']) for r in seats['people'])} weakened pairs, "
          f"{len(seats['seat_risks'])} seat risks"))
    t, su = timed(lambda: succession_report(G2, cut[0], max_kappa=kmin))
    note((f"succession for the same person (pairs κ ≤ {kmin}, no competence; table warm)", t,
          f"{len(su['affected_pairs'])} affected pairs, {len(su['candidates'])} candidates, "
          f"{len(su['handover_plan']['steps'])} plan steps"))
    print(render(G2, t_proj, rows))


def render(G: nx.Graph, t_proj: float, rows: list[tuple[str, float, Any]]) -> str:
    lines = [
        "# Turnover benchmark (issue 22)", "",
        f"Machine: {describe()}", "",
        "Command: `.venv/bin/python -m bench.bench_turnover`", "",
        f"Graph: {G.number_of_nodes():,} current people, {G.number_of_edges():,} edges, "
        f"{nx.number_connected_components(G)} component(s) on {D2} (generated, {PEOPLE:,} "
        f"people, förbund linked with {LINKS} ties each); both projections took "
        f"{t_proj:.1f} s.", "",
        "The machine (2 cores) was shared with other engineers' work during the run, so the "
        "times are upper bounds of one run, not medians.", "",
        "| step | s | result |", "|---|---:|---|",
    ]
    lines += [f"| {name} | {t:.2f} | {what} |" for name, t, what in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

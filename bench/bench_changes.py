"""`analyze changes` at 20,000 connected people: cold, and with the spanner reports kept.

Nearly all of a cold `analyze changes` is the two days' spanner reports (sampled
betweenness and pair dependency at this size); the use case now reads them from the
reports kept per projection (:mod:`api.usecases.reports`), so a day whose map or changes
were asked for before costs nothing. Timed through the use case on a SQLite store (the
as-of views and the change history in the path), beside the library call that dominates
a report, networkit's KADABRA betweenness on the second day's graph, in the same run.

Run: ``.venv/bin/python -m bench.bench_changes [--people 20000]``
(writes bench/RESULTS-changes.md after every step).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from api.usecases import reports, turnover
from bench.bench_spanners import timed
from bench.bench_turnover import D1, D2, connected_document
from bench.machine import describe
from graph.analysis.betweenness import DEFAULT_DELTA, DEFAULT_EPSILON
from graph.analysis.indexed import Indexed
from graph.model.document import to_data
from graph.store.change_history import ChangeHistory
from graph.store.sqlite_store import SQLiteStore

OUT = Path(__file__).with_name("RESULTS-changes.md")


def kadabra(G: Any) -> float:
    import networkit as nk

    graph = Indexed.of(G).networkit()
    nk.setSeed(0, True)
    t, _ = timed(lambda: nk.centrality.KadabraBetweenness(
        graph, DEFAULT_EPSILON, DEFAULT_DELTA, deterministic=True).run())
    return t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    args = parser.parse_args()
    rows: list[tuple[str, float, str]] = []

    def note(name: str, t: float, what: str) -> None:
        rows.append((name, t, what))
        print(f"{name}: {t:.2f} s ({what})", flush=True)
        OUT.write_text(render(rows, args.people), encoding="utf-8")

    doc = connected_document(args.people, links=4)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "b.db"
        store = SQLiteStore(db)
        t, _ = timed(lambda: store.write(to_data(doc)))
        history = ChangeHistory(db)
        store.follow_history(history)
        G2 = store.collaboration_graph(D2)
        note("store write and the second day's projection", t,
             f"{len(G2):,} people, {G2.number_of_edges():,} edges on {D2}")
        note("library reference: KADABRA betweenness (networkit), second day", kadabra(G2),
             f"ε = {DEFAULT_EPSILON}, δ = {DEFAULT_DELTA}")
        t, first = timed(lambda: turnover.changes(store, D1, D2, history=history))
        note(f"changes {D1} → {D2}, cold (both spanner reports and κ tables built)", t,
             f"{len(first['pairs'])} pairs, {len(first['spanners'])} spanners")
        t, again = timed(lambda: turnover.changes(store, D1, D2, history=history))
        note("the same question again (reports and κ tables kept per projection)", t,
             "same answer" if again == first else "DIFFERENT ANSWER")
        store.close()
        # A fresh store on the same file: nothing kept. The map of the second day is
        # opened first (its spanner report kept), then changes builds only the first's.
        fresh = SQLiteStore(db)
        fresh.follow_history(history)
        t_map, _ = timed(lambda: reports.spanners(fresh, fresh.collaboration_graph(D2)))
        t, third = timed(lambda: turnover.changes(fresh, D1, D2, history=history))
        note("changes after the second day's map (one report built)", t,
             f"map {t_map:.1f} s before it; "
             + ("same answer" if third == first else "DIFFERENT ANSWER"))
        fresh.close()
        history.close()


def render(rows: list[tuple[str, float, str]], people: int) -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = ["# `analyze changes` benchmark (issue 22)", "",
             f"Machine: {describe()} · load average at the last step {load}", "",
             f"Command: `.venv/bin/python -m bench.bench_changes --people {people}`", "",
             f"Graph: `generate({people}, seed=1)` with its förbund tied in a ring by 4 ties "
             "each (bench/bench_turnover.py), one component.", "",
             "| step | s | result |", "|---|---:|---|"]
    lines += [f"| {name} | {t:.2f} | {what} |" for name, t, what in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

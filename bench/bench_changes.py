"""`analyze changes` on a national store: cold, again, and after writes.

The store is `generate(people, seed=1, national=True)` (one connected network) imported
into SQLite, then a recorded history of edits through the web editor's functions (people
leaving, moving to another unit, coming back; ties ended), dated from the first benchmark
day to the last, so both days are as-of views rewound by the history, as on a store
edited for a year. Every step is timed through the use case in CPU seconds (all threads
of the process, KADABRA's included) and wall seconds, beside library calls timed in the
same run on the second day's graph: networkit's KADABRA betweenness (the largest part of a
spanner report), igraph's biconnected components, and one networkx breadth-first search.

Run: ``.venv/bin/python -m bench.bench_changes [--people 20000] [--edits 1000]``
(writes bench/RESULTS-changes.md after every step; ``--out`` writes elsewhere).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from api.usecases import turnover
from bench.machine import describe
from graph.analysis.betweenness import DEFAULT_DELTA, DEFAULT_EPSILON
from graph.analysis.indexed import Indexed
from graph.model.generator import generate
from graph.store import row_edits
from graph.store.change_history import ChangeHistory
from graph.store.sqlite_store import SQLiteStore

OUT = Path(__file__).with_name("RESULTS-changes.md")
D1, D2 = date(2025, 1, 1), date(2026, 6, 1)
LAST_EDIT = date(2026, 12, 1)
T = TypeVar("T")
Row = tuple[str, float, float, str]


def clocked(fn: Callable[[], T]) -> tuple[float, float, T]:
    """(CPU seconds of the whole process, wall seconds, result)."""
    c, w = time.process_time(), time.perf_counter()
    out = fn()
    return time.process_time() - c, time.perf_counter() - w, out


def edit_history(store: SQLiteStore, history: ChangeHistory, edits: int) -> None:
    """``edits`` edits in the order of their days, from D1 to LAST_EDIT."""
    rng = random.Random(1)
    doc = store.read()
    people, ties = [p.id for p in doc.people], [t.key() for t in doc.ties]
    units = [o.id for o in doc.organisations if o.parent is not None]
    span = (LAST_EDIT - D1).days
    for day in sorted(str(D1 + timedelta(days=rng.randrange(span))) for _ in range(edits)):
        what = rng.choice(["move", "leave", "rehire", "tie"])
        if what == "tie":
            row_edits.delete(store, history, "ties", ties.pop(rng.randrange(len(ties))),
                             user="bench", at="x", day=day)
            continue
        row = row_edits.find(store, "people", rng.choice(people))
        assert row is not None
        if what == "move":
            row["organisation"] = rng.choice(units)
        elif what == "leave" and (row.get("since") or "") <= day:
            row["until"] = day
        elif what == "rehire" and row.get("until"):
            row.pop("until")
            row["since"] = day
        else:
            continue
        row_edits.put(store, history, "people", row, user="bench", at="x", day=day)


def references(G: nx.Graph) -> list[tuple[str, float, float, str]]:
    import networkit as nk

    idx = Indexed.of(G)
    graph, ig = idx.networkit(), idx.igraph
    nk.setSeed(0, True)
    kadabra = clocked(lambda: nk.centrality.KadabraBetweenness(
        graph, DEFAULT_EPSILON, DEFAULT_DELTA, deterministic=True).run())
    blocks = clocked(lambda: ig.biconnected_components(return_articulation_points=True))
    source = next(iter(G))
    bfs = clocked(lambda: nx.single_source_shortest_path_length(G, source))
    return [("library: KADABRA betweenness (networkit), second day", *kadabra[:2],
             f"ε = {DEFAULT_EPSILON}, δ = {DEFAULT_DELTA}"),
            ("library: biconnected components with articulation points (igraph)",
             *blocks[:2], f"{len(blocks[2][0]):,} blocks, {len(blocks[2][1]):,} articulation "
             "points"),
            ("library: one breadth-first search (networkx)", *bfs[:2],
             f"{len(bfs[2]):,} people reached")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--edits", type=int, default=1_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows: list[Row] = []
    start_load = os.getloadavg()

    def note(name: str, cpu: float, wall: float, what: str) -> None:
        rows.append((name, cpu, wall, what))
        print(f"{name}: {cpu:.2f} CPU s, {wall:.2f} s ({what})", flush=True)
        args.out.write_text(render(rows, args, start_load), encoding="utf-8")

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "b.db"
        store = SQLiteStore(db)
        history = ChangeHistory(db)
        store.follow_history(history)
        cpu, wall, _ = clocked(lambda: store.write(generate(args.people, seed=1,
                                                             national=True)))
        note("generate --national and store write", cpu, wall, f"{args.people:,} people")
        cpu, wall, _ = clocked(lambda: edit_history(store, history, args.edits))
        note("edit history through the editor's functions", cpu, wall,
             f"{history.state()[1]:,} entries in effect, {D1} to {LAST_EDIT}")
        store.close()
        history.close()
        # A fresh store on the file, as `samverkan analyze changes` opens it.
        store = SQLiteStore(db)
        history = ChangeHistory(db)
        store.follow_history(history)

        def ask() -> dict[str, Any]:
            return turnover.changes(store, D1, D2, history=history)

        cpu, wall, first = clocked(ask)
        G2 = store.collaboration_graph(D2)
        note(f"changes {D1} → {D2}, cold (as-of views, both spanner reports, κ tables)",
             cpu, wall, f"{len(G2):,} people and {G2.number_of_edges():,} ties on {D2}; "
             + ", ".join(f"{len(v)} {k}" for k, v in first.items() if isinstance(v, list)))
        for row in references(G2):
            note(*row)
        cpu, wall, again = clocked(ask)
        note("the same question again (kept per projection)", cpu, wall,
             "same answer" if again == first else "DIFFERENT ANSWER")
        # Two people current on the second day and not yet tied, for each write.
        current = list(G2)
        a, b, c, d = current[0], current[-1], current[1], current[-2]
        assert not G2.has_edge(a, b) and not G2.has_edge(c, d)
        row_edits.put(store, history, "ties", {"a": a, "b": b},
                      user="bench", at="x", day=LAST_EDIT.isoformat())
        cpu, wall, today = clocked(ask)
        note("after a tie recorded on the last day (neither day's graph changed)", cpu, wall,
             "same answer" if today == first else "DIFFERENT ANSWER")
        row_edits.put(store, history, "ties", {"a": c, "b": d},
                      user="bench", at="x", day=(D2 - timedelta(days=1)).isoformat())
        cpu, wall, _ = clocked(ask)
        changed = store.collaboration_graph(D2).has_edge(c, d)
        note("after a tie recorded the day before the second day (that day rebuilt)",
             cpu, wall, "the second day's graph has the new tie" if changed else "NOT SEEN")
        store.close()
        history.close()


def render(rows: list[Row], args: argparse.Namespace, start: tuple[float, ...]) -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = ["# `analyze changes` benchmark (issue 17, national store)", "",
             f"Machine: {describe()} · load average at the start "
             f"{' '.join(f'{x:.2f}' for x in start)}, at the last step {load}", "",
             f"Command: `.venv/bin/python -m bench.bench_changes --people {args.people} "
             f"--edits {args.edits}`", "",
             f"Store: `generate({args.people}, seed=1, national=True)` imported into SQLite, "
             f"then {args.edits} edits (moves, leavers, re-hires, ties ended) dated "
             f"{D1} to {LAST_EDIT}.", "",
             "| step | CPU s | wall s | result |", "|---|---:|---:|---|"]
    lines += [f"| {name} | {cpu:.2f} | {wall:.2f} | {what} |" for name, cpu, wall, what in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

"""`analyze changes` on a store with a dated change history, against a brute-force
recompute: each day's graph replayed from the base and only the edits up to it into a
store of its own (no history, so no as-of rewinding at all), every κ by networkx and
every sole link by removing each person in turn.

The histories mix what a national store sees: people leaving, moving to another unit and
coming back (a re-hire: the end date removed, a new first day, some in another
organisation), leaving on a day recorded ahead of it, ties ended and begun (some without a
kind, which the rows then leave unset), on graphs with fragments and organisations of one
person. The causes each pair row names (who left, started, whose tie ended or began) are
checked against the replayed rows of the second day, not today's: a leaver re-hired after
it has no end date today, yet left between the days.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from api.usecases import turnover
from graph.analysis.by_content import ByContent
from graph.model.document import to_data
from graph.model.schema import Document
from graph.reports.changes import changes_report
from graph.reports.spanners import organisation_at_level
from graph.store import row_edits
from graph.store.as_of import dumped_key, row_key
from graph.store.change_history import ChangeHistory
from graph.store.sqlite_store import SQLiteStore
from tests.test_as_of_history import Edit, _canonical, _row, replayed_day
from tests.test_changes import _check_pairs, all_kappa, brute_sole_links, random_document

START = date(2018, 6, 1)


def _base(seed: int) -> dict[str, Any]:
    """The random document with two one-person organisations tied into it, and some ties
    stored without a kind."""
    rng = random.Random(seed)
    data = to_data(random_document(seed))
    ids = [p["id"] for p in data["people"]]
    for k in range(2):
        data["organisations"].append({"id": f"solo{k}", "name": f"Ensam {k}"})
        data["people"].append({"id": f"s{k}", "name": f"Ensam{k} Person",
                               "organisation": f"solo{k}"})
        data.setdefault("ties", []).append({"a": f"s{k}", "b": rng.choice(ids)})
    for tie in data.get("ties", []):
        if tie.get("kind") == "collaboration" and rng.random() < 0.5:
            del tie["kind"]
    return data


Move = tuple[str, str]  # day, person


def _history(rng: random.Random, store: SQLiteStore, history: ChangeHistory,
             n: int) -> tuple[list[Edit], list[Move]]:
    """``n`` edits through the web editor's functions, in the order of their days, and
    the moves to another organisation among them."""
    homes = [o.id for o in store.read().organisations]
    day, edits, moves = START, [], []
    for _ in range(n):
        day += timedelta(days=rng.randint(0, 300))
        doc = store.read()
        people = [p.id for p in doc.people]
        what = rng.choice(["move", "leave", "leave_later", "rehire", "rehire_elsewhere",
                           "drop_tie", "add_tie", "add_tie"])
        section, row = "people", None
        if what == "move":
            row = _row(store, "people", rng.choice(people))
            home = rng.choice([h for h in homes if h != row["organisation"]])
            row["organisation"] = home
            moves.append((str(day), row["id"]))
        elif what in ("leave", "leave_later"):
            # A later leave is recorded on the edit's day, ahead of the last day worked.
            until = day + timedelta(days=rng.randint(30, 400) if what == "leave_later" else 0)
            row = _row(store, "people", rng.choice(people))
            if not row.get("since") or row["since"] <= day.isoformat():
                row["until"] = until.isoformat()
        elif what in ("rehire", "rehire_elsewhere"):
            gone = [p.id for p in doc.people if p.until is not None and p.until < day]
            if gone:
                row = _row(store, "people", rng.choice(gone))
                row.pop("until")
                row["since"] = day.isoformat()
                if what == "rehire_elsewhere":
                    row["organisation"] = rng.choice(
                        [h for h in homes if h != row["organisation"]])
                    moves.append((str(day), row["id"]))
        elif what == "drop_tie" and doc.ties:
            key = rng.choice(doc.ties).key()
            row_edits.delete(store, history, "ties", key, user="t", at="x", day=str(day))
            edits.append((str(day), "delete", "ties", key))
            continue
        elif what == "add_tie":
            a, b = rng.sample(people, 2)
            section, row = "ties", {"a": a, "b": b}
            if rng.random() < 0.5:
                row["kind"] = rng.choice(["meeting", "handover"])
            if rng.random() < 0.5:
                row["since"] = day.isoformat()
        if row is None:
            continue
        row_edits.put(store, history, section, row, user="t", at="x", day=str(day))
        edits.append((str(day), "put", section, row))
    return edits, moves


@pytest.mark.parametrize("seed", range(16))
def test_changes_equal_a_recompute_from_replayed_days(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    base = _base(seed)
    store = SQLiteStore(tmp_path / "s.db")
    store.write(base)
    history = ChangeHistory(tmp_path / "s.db")
    store.follow_history(history)
    edits, moves = _history(rng, store, history, rng.randint(4, 16))
    days = sorted({date.fromisoformat(e[0]) for e in edits})
    # Before the history, around edit days, and after it: pairs of days both ways round
    # the edits, so rewound days, plain days and one of each are all asked.
    # The day before each re-hire too: a second day between a leave and the re-hire.
    rehired = [date.fromisoformat(e[0]) for e in edits
               if e[2] == "people" and "until" not in e[3] and e[3].get("since") == e[0]]
    candidates = [START - timedelta(days=1), days[-1] + timedelta(days=1)] + [
        d + timedelta(days=k) for d in rng.sample(days, min(3, len(days))) for k in (-1, 0)
    ] + [d - timedelta(days=1) for d in rehired]
    for _ in range(4):
        d1, d2 = sorted(rng.sample(candidates, 2))
        if d1 == d2:
            continue
        doc1, G1 = replayed_day(base, edits, d1, tmp_path / "o1.db")
        doc2, G2 = replayed_day(base, edits, d2, tmp_path / "o2.db")
        assert _canonical(store.collaboration_graph(d1)) == _canonical(G1)
        assert _canonical(store.collaboration_graph(d2)) == _canonical(G2)
        report = turnover.changes(store, d1, d2, history=history)
        p1, p2 = organisation_at_level(G1, 0), organisation_at_level(G2, 0)
        k1, k2 = all_kappa(G1, p1), all_kappa(G2, p2)
        _check_pairs(doc2, G1, G2, p1, p2, k1, k2, report, 4, d1, d2)
        _check_causes(doc2, G1, G2, report, d1, d2)
        before, after = brute_sole_links(G1), brute_sole_links(G2)
        rows = {r["person"]: r for r in report["key_persons"]}
        assert set(rows) == before ^ after
        assert all(r["change"] == ("became" if v in after else "stopped")
                   for v, r in rows.items())
        # Moves both ways: told for exactly the people on a cut in two organisations on
        # the replayed days, dated by the last recorded move between the days.
        dated = {who: day for day, who in moves if d1.isoformat() < day <= d2.isoformat()}
        for r in report["pairs"]:
            cut = r["cut_before"] if r["before"] > r["after"] else r["cut_after"]
            told = {c["person"]: c["date"] for c in r["causes"] if c["kind"] == "moved"}
            assert told == {v: dated.get(v) for v in cut if v in G1 and v in G2
                            and G1.nodes[v]["organisation"] != G2.nodes[v]["organisation"]
                            and not any(c["person"] == v and c["kind"] in ("left", "started")
                                        for c in r["causes"])}
        # Everything else is the same report built on the replayed graphs.
        oracle = changes_report(doc2, G1, G2, doc_before=doc1, moved=dated)
        for section in ("seats", "initiatives", "handovers", "key_persons", "pairs"):
            assert report[section] == oracle[section], (section, d1, d2)
    store.close()
    history.close()


def _check_causes(doc2: Document, G1: Any, G2: Any, report: dict[str, Any], d1: date,
                  d2: date) -> None:
    """Each pair row's causes are exactly the events on its cut that the replayed rows of
    the second day date between the days, and each is true of the two graphs: a person
    named as gone was there on the first day and not on the second, one named as started
    is there on the second."""
    people = {p.id: p for p in doc2.people}
    lost_ties: dict[str, set[tuple[str, str]]] = {}
    new_ties: dict[str, set[tuple[str, str]]] = {}
    for t in doc2.ties:
        for u, w in ((t.a, t.b), (t.b, t.a)):
            if t.until is not None and d1 <= t.until < d2:
                lost_ties.setdefault(u, set()).add((w, t.until.isoformat()))
            if t.since is not None and d1 < t.since <= d2:
                new_ties.setdefault(u, set()).add((w, t.since.isoformat()))

    def left(v: str) -> str | None:
        until = people[v].until if v in people else None
        return until.isoformat() if until is not None and d1 <= until < d2 else None

    def started(v: str) -> str | None:
        since = people[v].since if v in people else None
        return since.isoformat() if since is not None and d1 < since <= d2 else None

    for r in report["pairs"]:
        lost = r["before"] > r["after"]
        cut = r["cut_before"] if lost else r["cut_after"]
        day_of, ties = (left, lost_ties) if lost else (started, new_ties)
        kind = "left" if lost else "started"
        told = {(c["person"], c["date"]) for c in r["causes"] if c["kind"] == kind}
        assert told == {(v, day_of(v)) for v in cut if day_of(v)}, (r, d1, d2)
        for v, _ in told:
            assert (v in G1 and v not in G2) if lost else v in G2
        told_ties = {(c["person"], c["other"], c["date"]) for c in r["causes"]
                     if c["kind"] == ("tie_ended" if lost else "tie_started")}
        assert told_ties == {(v, w, day) for v in cut for w, day in ties.get(v, ())
                             if not (day_of(v) and day_of(w))}, (r, d1, d2)


def test_the_histories_change_what_the_days_show(tmp_path: Path) -> None:
    """Claims both ways: the random histories do reach the reports (pairs whose κ moved,
    moves told), so the oracle test is not passing on reports of nothing."""
    pairs = moves = 0
    for seed in range(16):
        rng = random.Random(seed)
        path = tmp_path / f"s{seed}.db"
        store = SQLiteStore(path)
        store.write(_base(seed))
        history = ChangeHistory(path)
        store.follow_history(history)
        edits, _ = _history(rng, store, history, 12)
        last = date.fromisoformat(edits[-1][0]) + timedelta(days=1)
        report = turnover.changes(store, START - timedelta(days=1), last, history=history)
        pairs += len(report["pairs"])
        moves += sum(c["kind"] == "moved" for r in report["pairs"] for c in r["causes"])
        store.close()
        history.close()
    assert pairs >= 16 and moves >= 2


def test_a_rows_key_without_dumping_it(tmp_path: Path) -> None:
    """The key the as-of views match rows by is the plain data's, unset kinds included."""
    doc = SQLiteStore(tmp_path / "k.db")
    doc.write(_base(1))
    for section, rows in to_data(doc.read()).items():
        for row, model in zip(rows, getattr(doc.read(), section), strict=True):
            assert dumped_key(model) == row_key(section, row)
    assert any(dumped_key(t) != t.key() for t in doc.read().ties)
    doc.close()


def test_a_write_rebuilds_only_the_days_it_changed(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """After a write every day's view is a new projection. A day the write left as it was
    is answered from what was kept for its content (no spanner report, no κ table built
    again); a day it changed is computed again, and the answer is the one a report built
    from scratch on the two days' graphs gives."""
    import api.usecases.reports as kept
    import graph.reports.party_connectivity as kappas

    built: dict[str, int] = {"spanners": 0, "kappa": 0}

    def counting(name: str, real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            built[name] += 1
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(kept, "spanner_report", counting("spanners", kept.spanner_report))
    monkeypatch.setattr(kappas, "kappa_table", counting("kappa", kappas.kappa_table))
    # Nothing kept by content from graphs of earlier tests in this process.
    monkeypatch.setattr(turnover, "_leading", ByContent(16))
    monkeypatch.setattr(turnover, "_kappa", ByContent(16))
    d1, d2 = date(2019, 1, 1), date(2024, 1, 1)
    people = [{"id": f"a{k}", "name": f"Af{k} Ek", "organisation": "af"} for k in range(3)]
    people += [{"id": f"l{k}", "name": f"Lo{k} Holm", "organisation": "lomma"}
               for k in range(3)]
    data = {"organisations": [{"id": "af", "name": "AF"}, {"id": "lomma", "name": "Lomma"}],
            "people": people,
            "ties": [{"a": "a0", "b": "a1"}, {"a": "a1", "b": "a2"}, {"a": "l0", "b": "l1"},
                     {"a": "l1", "b": "l2"}, {"a": "a0", "b": "l0"}]}
    store = SQLiteStore(tmp_path / "w.db")
    store.write(data)
    history = ChangeHistory(tmp_path / "w.db")
    store.follow_history(history)

    def fresh() -> dict[str, Any]:
        return changes_report(store.read(), store.collaboration_graph(d1),
                              store.collaboration_graph(d2), moved={})

    first = turnover.changes(store, d1, d2, history=history)
    assert built == {"spanners": 2, "kappa": 2}
    # A tie recorded today (2026-01-01): neither day's graph changes.
    row_edits.put(store, history, "ties", {"a": "a2", "b": "l2"}, user="t", at="x")
    assert turnover.changes(store, d1, d2, history=history) == first
    assert built == {"spanners": 2, "kappa": 2}
    # A tie from 2020 on: the second day's graph changes (κ 1 → 2), the first's does not.
    row_edits.put(store, history, "ties", {"a": "a1", "b": "l1"}, user="t", at="x",
                  day="2020-06-01")
    second = turnover.changes(store, d1, d2, history=history)
    assert built == {"spanners": 3, "kappa": 3}
    expected = fresh()
    assert second == expected and second != first
    assert [(r["before"], r["after"]) for r in second["pairs"]] == [(1, 2)]
    store.close()
    history.close()


def test_an_erasure_drops_what_is_kept_by_content(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """What is kept by content names people (leading spanners, κ cuts) and outlives the
    projections: the service's erasure hooks drop it with the person."""
    from api.app import create_app
    from api.usecases import graph_data
    from graph.core.access import AccessLog
    from graph.core.settings import Settings

    monkeypatch.setattr(turnover, "_leading", ByContent(16))
    monkeypatch.setattr(turnover, "_kappa", ByContent(16))
    db = tmp_path / "e.db"
    store = SQLiteStore(db)
    store.write(_base(2))
    app = create_app(store, AccessLog(db), Settings(db=db))
    turnover.changes(store, START, date(2024, 1, 1), history=app.state.edit_history)
    assert len(turnover._leading) == 2 and len(turnover._kappa) == 2
    graph_data.erase_person(store, "s0", app.state.erasure_hooks)
    assert len(turnover._leading) == 0 and len(turnover._kappa) == 0
    store.close()


def test_a_leaver_re_hired_since_is_named_and_a_later_leaver_is_not(tmp_path: Path) -> None:
    """Two people hold AF and Lomma together. Xe left in 2019 and was re-hired in 2021,
    so today's row has no end date; Zed leaves in 2020, after the second day. The report
    from 2019 to 2020 says the pair lost one link because Xe left, and names Zed nowhere."""
    data = {"organisations": [{"id": "af", "name": "AF"}, {"id": "lomma", "name": "Lomma"},
                              {"id": "region", "name": "Regionen"}],
            "people": [{"id": "a0", "name": "Af0 Ek", "organisation": "af"},
                       {"id": "a1", "name": "Af1 Ek", "organisation": "af"},
                       {"id": "l0", "name": "Lo0 Holm", "organisation": "lomma"},
                       {"id": "l1", "name": "Lo1 Holm", "organisation": "lomma"},
                       {"id": "x", "name": "Xe Berg", "organisation": "region"},
                       {"id": "z", "name": "Zed Berg", "organisation": "region"}],
            "ties": [{"a": "a0", "b": "x"}, {"a": "x", "b": "l0"}, {"a": "a1", "b": "z"},
                     {"a": "z", "b": "l1"}]}
    store = SQLiteStore(tmp_path / "r.db")
    store.write(data)
    history = ChangeHistory(tmp_path / "r.db")
    store.follow_history(history)
    for day, who, change in [("2019-03-01", "x", {"until": "2019-03-01"}),
                             ("2020-06-01", "z", {"until": "2020-06-01"}),
                             ("2021-01-01", "x", {"until": None, "since": "2021-01-01"})]:
        row = _row(store, "people", who) | change
        row_edits.put(store, history, "people", {k: v for k, v in row.items() if v},
                      user="t", at="x", day=day)
    report = turnover.changes(store, date(2019, 1, 1), date(2020, 1, 1), history=history)
    (row,) = [r for r in report["pairs"] if r["organisations"] == ["af", "lomma"]]
    assert (row["before"], row["after"]) == (2, 1)
    assert [(c["kind"], c["person"], c["date"]) for c in row["causes"]] == [
        ("left", "x", "2019-03-01")]
    assert "Xe slutade 2019-03-01" in row["explanation"]
    # Zed is the pair's only link on the second day, and has not left by then.
    assert not any(c["person"] == "z" for r in report["pairs"] for c in r["causes"])
    assert not any("Zed slutade" in r["explanation"] or "hen har slutat" in r["explanation"]
                   for s in ("pairs", "key_persons", "seats") for r in report[s])
    assert {r["person"]: r["change"] for r in report["key_persons"]}["z"] == "became"
    store.close()
    history.close()


def test_a_report_reads_the_history_once(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Both days rewound (graphs and rows) and the moves between them: one decode of the
    history per report, not one per use; a write inside is still seen by the next read."""
    import graph.store.change_history as change_history

    store = SQLiteStore(tmp_path / "o.db")
    store.write(_base(3))
    history = ChangeHistory(tmp_path / "o.db")
    store.follow_history(history)
    edits, _ = _history(random.Random(3), store, history, 12)
    entries = len(history.in_effect())
    decoded = 0
    real = change_history._change

    def counting(row: tuple[Any, ...]) -> change_history.Change:
        nonlocal decoded
        decoded += 1
        return real(row)

    monkeypatch.setattr(change_history, "_change", counting)
    d1, d2 = START - timedelta(days=1), date.fromisoformat(edits[len(edits) // 2][0])
    turnover.changes(store, d1, d2, history=history)
    assert decoded == entries
    with history.shared():
        assert len(history.in_effect()) == entries
        row_edits.put(store, history, "ties", {"a": "s0", "b": "s1"}, user="t", at="x")
        assert len(history.in_effect()) == entries + 1
    store.close()
    history.close()

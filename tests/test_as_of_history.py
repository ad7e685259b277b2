"""The as-of views read the change history: the projection of a day is the graph built
from only the changes of days up to it (README, "Editing"), checked against an oracle that
replays exactly those changes into a store of its own, with no history at all."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from api.usecases import graph_data
from graph.analysis.projection import collaboration_graph
from graph.model.document import to_data
from graph.model.schema import SECTIONS, Document
from graph.store import row_edits
from graph.store.change_history import ChangeHistory
from graph.store.sqlite_store import SQLiteStore
from tests.test_changes import random_document

Edit = tuple[str, str, str, Any]  # day, "put" or "delete", section, row or key


def _row(store: SQLiteStore, section: str, key: str) -> dict[str, Any]:
    found = row_edits.find(store, section, key)
    assert found is not None
    return found


def _day(rng: random.Random, after: date) -> date:
    return after + timedelta(days=rng.randint(0, 400))


def random_edits(rng: random.Random, store: SQLiteStore, history: ChangeHistory,
                 n: int) -> list[Edit]:
    """``n`` edits in the order of their days, each made through the web editor's
    functions on ``store`` as it then is: moves to another organisation, ties removed,
    added and re-weighted, memberships given an end, people given an end."""
    doc = store.read()
    homes = [o.id for o in doc.organisations]
    day = date(2018, 6, 1)
    edits: list[Edit] = []
    for _ in range(n):
        day = _day(rng, day)
        doc = store.read()
        what = rng.choice(["move", "move", "drop_tie", "add_tie", "reweigh", "until", "leave"])
        section, row = "people", None
        if what == "move" and doc.people:
            person = rng.choice(doc.people).id
            row = _row(store, "people", person) | {"organisation": rng.choice(homes)}
        elif what == "drop_tie" and doc.ties:
            key = rng.choice(doc.ties).key()
            row_edits.delete(store, history, "ties", key, user="t", at="x", day=str(day))
            edits.append((str(day), "delete", "ties", key))
            continue
        elif what == "add_tie" and len(doc.people) > 1:
            a, b = rng.sample([p.id for p in doc.people], 2)
            section, row = "ties", {"a": a, "b": b, "kind": "meeting",
                                    "strength": rng.randint(1, 5)}
        elif what == "reweigh" and doc.ties:
            section = "ties"
            row = _row(store, "ties", rng.choice(doc.ties).key()) | {
                "strength": rng.randint(1, 5)}
        elif what in ("until", "leave"):
            section = "memberships" if what == "until" else "people"
            rows = getattr(doc, section)
            if not rows:
                continue
            row = _row(store, section, rng.choice(rows).key())
            until = _day(rng, day - timedelta(days=300))
            if row.get("since") and row["since"] > until.isoformat():
                until = date.fromisoformat(row["since"])
            row["until"] = until.isoformat()
        if row is None:
            continue
        row_edits.put(store, history, section, row, user="t", at="x", day=str(day))
        edits.append((str(day), "put", section, row))
    return edits


def replayed(base: dict[str, Any], edits: list[Edit], day: date, path: Path) -> nx.Graph:
    """The oracle: a store holding the base and only the edits of days up to ``day``."""
    return replayed_day(base, edits, day, path)[1]


def replayed_day(base: dict[str, Any], edits: list[Edit], day: date,
                 path: Path) -> tuple[Document, nx.Graph]:
    """The rows and the graph of :func:`replayed`'s store."""
    store = SQLiteStore(path)
    store.write(base)
    for when, action, section, payload in edits:
        if when <= day.isoformat():
            if action == "put":
                store.put(section, payload)
            else:
                store.delete(section, payload)
    doc, G = store.read(), store.collaboration_graph(day)
    store.close()
    path.unlink()
    return doc, G


def _canonical(G: nx.Graph) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        return sorted(map(str, value)) if isinstance(value, list | set | tuple) else value

    return {
        "nodes": {v: {k: plain(x) for k, x in d.items()} for v, d in G.nodes(data=True)},
        "edges": {frozenset((u, v)): {k: plain(x) for k, x in d.items()}
                  for u, v, d in G.edges(data=True)},
        "seats": G.graph.get("seats"), "participants": G.graph.get("participants"),
        "roles": G.graph.get("roles"), "not_current": G.graph.get("not_current"),
    }


@pytest.mark.parametrize("seed", range(20))
def test_as_of_is_the_graph_of_only_the_changes_up_to_the_day(seed: int,
                                                               tmp_path: Path) -> None:
    rng = random.Random(seed)
    base = to_data(random_document(seed))
    store = SQLiteStore(tmp_path / "s.db")
    store.write(base)
    history = ChangeHistory(tmp_path / "s.db")
    store.follow_history(history)
    edits = random_edits(rng, store, history, rng.randint(3, 14))
    # Before everything, after everything, and on and just before a sample of edit days.
    days = [date(2018, 1, 1), date(2030, 1, 1)] + [
        date.fromisoformat(e[0]) + timedelta(days=d)
        for e in rng.sample(edits, min(4, len(edits))) for d in (-1, 0)]
    for day in days:
        expected = _canonical(replayed(base, edits, day, tmp_path / "oracle.db"))
        assert _canonical(store.collaboration_graph(day)) == expected, day
    store.close()
    history.close()


def test_an_undone_edit_and_an_api_put_are_read_right(tmp_path: Path) -> None:
    """An edit that was undone changed nothing; a row written by the API's row routes is
    recorded on the projection's day (2026-01-01 in the tests), and a view of an earlier
    day shows the row as it was."""
    base = {"organisations": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
            "people": [{"id": "p", "name": "P P", "organisation": "a"},
                       {"id": "q", "name": "Q Q", "organisation": "b"}],
            "ties": [{"a": "p", "b": "q"}]}
    store = SQLiteStore(tmp_path / "s.db")
    store.write(base)
    history = ChangeHistory(tmp_path / "s.db")
    store.follow_history(history)
    row_edits.delete(store, history, "ties", "p\x1fq\x1fcollaboration", user="t", at="x",
                     day="2020-01-01")
    row_edits.undo(store, history, user="t", at="x")
    assert store.collaboration_graph(date(2021, 1, 1)).has_edge("p", "q")
    graph_data.put_row(store, "people", SECTIONS["people"].model_validate(
        {"id": "q", "name": "Q Q", "organisation": "a"}), history=history, user="t")
    assert store.collaboration_graph(date(2025, 12, 31)).nodes["q"]["organisation"] == "b"
    assert store.collaboration_graph(date(2026, 1, 1)).nodes["q"]["organisation"] == "a"
    graph_data.delete_row(store, "ties", "p\x1fq\x1fcollaboration", history=history)
    assert store.collaboration_graph(date(2025, 12, 31)).has_edge("p", "q")
    assert not store.collaboration_graph(None).has_edge("p", "q")
    store.close()
    history.close()


def test_the_random_edits_reach_the_views() -> None:
    """Claims both ways: on most random graphs some view differs from what the rows alone
    give, so the oracle test above is not passing on views the history never touched."""
    import tempfile

    differs = 0
    for seed in range(8):
        rng = random.Random(seed)
        with tempfile.TemporaryDirectory() as tmp:
            store = SQLiteStore(Path(tmp) / "s.db")
            store.write(to_data(random_document(seed)))
            history = ChangeHistory(Path(tmp) / "s.db")
            store.follow_history(history)
            edits = random_edits(rng, store, history, 10)
            rows_only = store.read()
            for when, *_ in edits:
                day = date.fromisoformat(when) - timedelta(days=1)
                differs += (_canonical(collaboration_graph(rows_only, day))
                            != _canonical(store.collaboration_graph(day)))
            store.close()
            history.close()
    assert differs >= 8


def test_a_history_written_before_entries_had_a_day(tmp_path: Path) -> None:
    """An older file's entries take effect on the day of their time stamp."""
    import sqlite3

    raw = sqlite3.connect(tmp_path / "old.db")
    raw.execute("CREATE TABLE edit_history (id INTEGER PRIMARY KEY, at TEXT NOT NULL, user "
                "TEXT, action TEXT NOT NULL, section TEXT NOT NULL, key TEXT NOT NULL, before "
                "TEXT NOT NULL, after TEXT NOT NULL, revision INTEGER NOT NULL, undone INTEGER "
                "NOT NULL DEFAULT 0, people TEXT NOT NULL)")
    raw.execute("INSERT INTO edit_history (at, user, action, section, key, before, after, "
                "revision, people) VALUES ('2024-05-06T10:00:00+00:00', 'a', 'delete', 'ties', "
                "'k', '{}', '{}', 3, '||')")
    raw.commit()
    raw.close()
    history = ChangeHistory(tmp_path / "old.db")
    (change,) = history.in_effect()
    assert change.day == "2024-05-06" and history.state() == (1, 1, "2024-05-06")
    again = ChangeHistory(tmp_path / "old.db")  # a second worker: the column is there
    assert again.in_effect()[0].day == "2024-05-06"
    history.close()
    again.close()


def test_the_kept_state_follows_every_write_of_every_worker(tmp_path: Path) -> None:
    """state() is kept between writes (each path answer asks it); an entry added, undone or
    erased here or by another worker's connection to the file still moves it at once."""
    path = tmp_path / "history.db"
    one, other = ChangeHistory(path), ChangeHistory(path)

    def add(history: ChangeHistory, day: str, people: set[str]) -> int:
        return history.add(at=f"{day}T10:00:00+00:00", user="a", action="put",
                           section="ties", key="k", before={}, after={}, revision=1,
                           people=people, day=day)

    assert one.state() == (0, 0, None)
    first = add(one, "2024-01-02", {"p1"})
    assert one.state() == (first, 1, "2024-01-02")
    second = add(other, "2024-03-04", {"p2"})
    assert one.state() == (second, 2, "2024-03-04")
    other.mark_undone(second)
    assert one.state() == (first, 1, "2024-01-02")
    one.forget("p1")
    assert other.state() == (0, 0, None) and one.state() == (0, 0, None)
    one.close()
    other.close()

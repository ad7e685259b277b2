"""`analyze changes` on the as-of views of the change history: "bytte enhet", checked
against the oracle's difference of two as-of computations (each day's graph replayed from
only the changes up to it, every κ by networkx)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from api.usecases import turnover
from graph.analysis.by_content import ByContent
from graph.model.document import to_data
from graph.reports.spanners import organisation_at_level
from graph.store import row_edits
from graph.store.change_history import ChangeHistory
from graph.store.sqlite_store import SQLiteStore
from tests.test_as_of_history import replayed
from tests.test_changes import nx_kappa, random_document

D1, D2 = date(2019, 1, 1), date(2024, 1, 1)


def _store(tmp_path: Path, data: dict[str, Any]) -> tuple[SQLiteStore, ChangeHistory]:
    store = SQLiteStore(tmp_path / "s.db")
    store.write(data)
    history = ChangeHistory(tmp_path / "s.db")
    store.follow_history(history)
    return store, history


def test_the_boards_sentence(tmp_path: Path) -> None:
    """Three AF people link AF and Lomma; Karin leaves, Per moves to FK (recorded in the
    editor afterwards, with the day of the move)."""
    people = [{"id": "karin", "name": "Karin Ek", "organisation": "af",
               "until": "2017-05-31"},
              {"id": "per", "name": "Per Lind", "organisation": "af"},
              {"id": "eva", "name": "Eva Ås", "organisation": "af"}]
    people += [{"id": f"l{k}", "name": f"Lo{k} Holm", "organisation": "lomma"}
               for k in range(3)] + [{"id": "f", "name": "Fia Berg", "organisation": "fk"}]
    data = {"organisations": [{"id": "af", "name": "AF"}, {"id": "lomma", "name": "Lomma"},
                              {"id": "fk", "name": "FK"}], "people": people,
            "ties": [{"a": a, "b": f"l{k}"} for k, a in enumerate(("karin", "per", "eva"))]}
    store, history = _store(tmp_path, data)
    row_edits.put(store, history, "people",
                  {"id": "per", "name": "Per Lind", "organisation": "fk"}, user="admin",
                  at="2026-01-01T10:00:00+00:00", day="2018-02-01")
    report = turnover.changes(store, date(2017, 1, 1), date(2018, 6, 1), history=history)
    row = next(r for r in report["pairs"] if r["names"] == ["AF", "Lomma"])
    assert row["explanation"] == ("AF – Lomma: 3 → 1 sedan Karin slutade 2017-05-31 och "
                                  "Per bytte enhet 2018-02-01.")
    assert {"kind": "moved", "person": "per", "name": "Per Lind",
            "date": "2018-02-01"} in row["causes"]
    gained = next(r for r in report["pairs"] if r["names"] == ["FK", "Lomma"])
    assert gained["explanation"] == "FK – Lomma: 0 → 1 sedan Per bytte enhet 2018-02-01."
    # Before the move was recorded, the same question had no move to tell (and the rows
    # alone would have put Per in FK on both days: no change for him at all).
    store.close()
    history.close()


def _moves(rng: random.Random, store: SQLiteStore, history: ChangeHistory) -> dict[str, str]:
    """People moved to another organisation on random days between the report's days;
    the last move of each person in the interval."""
    homes = [o.id for o in store.read().organisations]
    day, out = D1, {}
    for _ in range(rng.randint(1, 6)):
        day += timedelta(days=rng.randint(1, 300))
        person = rng.choice(store.read().people).id
        row = row_edits.find(store, "people", person)
        assert row is not None
        row["organisation"] = rng.choice([h for h in homes if h != row["organisation"]])
        row_edits.put(store, history, "people", row, user="t", at="x", day=str(day))
        if day <= D2:
            out[person] = str(day)
    return out


@pytest.mark.parametrize("seed", range(20))
def test_moves_against_two_replayed_as_of_computations(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    base = to_data(random_document(seed))
    store, history = _store(tmp_path, base)
    moved = _moves(rng, store, history)
    edits = [(c.day, "put", "people", c.after["people"][0]) for c in history.in_effect()]
    G1 = replayed(base, edits, D1, tmp_path / "o1.db")
    G2 = replayed(base, edits, D2, tmp_path / "o2.db")
    p1, p2 = organisation_at_level(G1, 0), organisation_at_level(G2, 0)
    report = turnover.changes(store, D1, D2, history=history)
    for row in report["pairs"]:
        a, b = row["organisations"]
        assert (row["before"], row["after"]) == (nx_kappa(G1, p1, a, b),
                                                  nx_kappa(G2, p2, a, b))
        cut = row["cut_before"] if row["before"] > row["after"] else row["cut_after"]
        told = {c["person"]: c for c in row["causes"] if c["kind"] == "moved"}
        # Both ways: every person on the cut whose unit differs on the two replayed days
        # is told as a move, with the day it was recorded, and no one else is.
        expected = {v for v in cut if v in G1 and v in G2 and v not in {
            c["person"] for c in row["causes"] if c["kind"] in ("left", "started")}
            and G1.nodes[v]["organisation"] != G2.nodes[v]["organisation"]}
        assert set(told) == expected
        for v, cause in told.items():
            assert cause["date"] == moved.get(v)
            assert f"{cause['name'].split()[0]} bytte enhet {cause['date']}" in \
                row["explanation"] or len(row["causes"]) > 4
    store.close()
    history.close()


def test_a_staff_list_move_is_recorded_on_the_lists_day(tmp_path: Path) -> None:
    """HR's export puts Per in another unit of AF: applied with the history, the move is
    dated by the list's day, the view of the day before shows Per where he was, and
    `analyze changes --level unit` tells it."""
    from graph.model.staff_list import apply, plan, read_staff_export
    from graph.store.staff_links import StaffLinks

    data = {"organisations": [{"id": "af", "name": "AF"},
                              {"id": "af-a", "name": "AF A", "kind": "unit", "parent": "af"},
                              {"id": "af-b", "name": "AF B", "kind": "unit", "parent": "af"},
                              {"id": "lomma", "name": "Lomma"}],
            "people": [{"id": "per", "name": "Per Lind", "organisation": "af-a"},
                       {"id": "lo", "name": "Lo Holm", "organisation": "lomma"}],
            "ties": [{"a": "per", "b": "lo"}]}
    store, history = _store(tmp_path, data)
    links = StaffLinks(tmp_path / "s.db")
    export = "Anställningsnummer;Namn;Enhet\n7;Per Lind;af-b\n".encode()
    staged = plan(store, links, "af", read_staff_export(export), date(2025, 3, 1))
    apply(store, links, staged, history, user="admin")
    assert store.collaboration_graph(date(2025, 2, 28)).nodes["per"]["organisation"] == "af-a"
    assert store.collaboration_graph(date(2025, 3, 1)).nodes["per"]["organisation"] == "af-b"
    report = turnover.changes(store, date(2025, 1, 1), date(2025, 6, 1), level=None,
                              history=history)
    row = next(r for r in report["pairs"] if r["names"] == ["AF A", "Lomma"])
    assert row["explanation"] == "AF A – Lomma: 1 → 0 sedan Per bytte enhet 2025-03-01; " \
        "parterna har inte längre någon kontaktväg."
    store.close()
    history.close()
    links.close()


def test_changes_reuse_the_spanner_reports_kept_per_projection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The two spanner reports are nearly all of the time on a large graph: a day whose
    report is kept (the map of today, an earlier question) is not built again, and the
    answer is the one the report built from scratch gives."""
    import api.usecases.reports as kept
    from graph.analysis.projection import collaboration_graph
    from graph.reports.changes import changes_report

    built: list[int] = []
    real = kept.spanner_report

    def counting(G: Any, **kwargs: Any) -> Any:
        built.append(len(G))
        return real(G, **kwargs)

    monkeypatch.setattr(kept, "spanner_report", counting)
    # Nothing kept by content from graphs of earlier tests in this process.
    monkeypatch.setattr(turnover, "_leading", ByContent(16))
    monkeypatch.setattr(turnover, "_kappa", ByContent(16))
    doc = random_document(3, people=30)
    store, history = _store(tmp_path, to_data(doc))
    kept.spanners(store, store.collaboration_graph(D2))  # the map of the second day
    assert len(built) == 1
    first = turnover.changes(store, D1, D2, history=history)
    assert len(built) == 2  # only the first day's
    assert turnover.changes(store, D1, D2, history=history) == first
    assert len(built) == 2
    assert first == changes_report(doc, collaboration_graph(doc, D1),
                                   collaboration_graph(doc, D2), moved={})
    store.close()
    history.close()


def test_a_move_in_the_web_editor_over_http(tmp_path: Path) -> None:
    """The editor's PUT with the day of the move, then the changes route and the as-of
    view of the person's organisation: the whole path a förbundschef's question takes."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.core.access import AccessLog, Role
    from graph.core.settings import Settings

    people = [{"id": "per", "name": "Per Lind", "organisation": "af"},
              {"id": "lo", "name": "Lo Holm", "organisation": "lomma"},
              {"id": "f", "name": "Fia Berg", "organisation": "fk"}]
    store = SQLiteStore(tmp_path / "a.db")
    store.write({"organisations": [{"id": "af", "name": "AF"}, {"id": "fk", "name": "FK"},
                                   {"id": "lomma", "name": "Lomma"}],
                 "people": people, "ties": [{"a": "per", "b": "lo"}]})
    access = AccessLog(tmp_path / "a.db")
    admin = {"Authorization": f"Bearer {access.add_user('admin', Role.ADMIN)}"}
    chef = {"Authorization": f"Bearer {access.add_user('chef', Role.DIRECTOR)}"}
    c = TestClient(create_app(store, access, Settings(db=tmp_path / "a.db")))
    moved = c.put("/api/v1/edit", headers=admin, json={
        "section": "people", "row": people[0] | {"organisation": "fk"}, "day": "2018-02-01"})
    assert moved.status_code == 200 and moved.json()["day"] == "2018-02-01"
    bad = c.put("/api/v1/edit", headers=admin, json={
        "section": "people", "row": people[0], "day": "2018-02-30"})
    assert bad.status_code == 422
    report = c.get("/api/v1/analyses/changes", headers=chef,
                   params={"from": "2018-01-01", "to": "2018-06-01"}).json()
    texts = [r["explanation"] for r in report["pairs"]]
    assert "AF – Lomma: 1 → 0 sedan Per bytte enhet 2018-02-01; parterna har inte längre " \
        "någon kontaktväg." in texts
    assert "FK – Lomma: 0 → 1 sedan Per bytte enhet 2018-02-01." in texts
    # The directory's as-of view: AF's people before the move, FK's after it.
    for day, org, ids in (("2018-01-31", "af", ["per"]), ("2018-01-31", "fk", ["f"]),
                          ("2018-02-01", "af", []), ("2018-02-01", "fk", ["f", "per"])):
        page = c.get("/api/v1/people", headers=chef,
                     params={"as_of": day, "organisation": org}).json()
        assert sorted(i["id"] for i in page["items"]) == ids, (day, org)
    # A tie removed in the editor from a day on: the section's as-of list has it before.
    (tie,) = c.get("/api/v1/edit/rows", headers=admin, params={"section": "ties"}).json()[
        "items"]
    gone = c.delete("/api/v1/edit", headers=admin, params={
        "section": "ties", "key": tie["key"], "day": "2018-03-01"})
    assert gone.status_code == 200
    for day, count in (("2018-02-28", 1), ("2018-03-01", 0)):
        ties = c.get("/api/v1/ties", headers=chef, params={"as_of": day}).json()
        assert ties["total"] == count, day
    assert c.get("/api/v1/ties", headers=chef).json()["total"] == 0
    store.close()
    access.close()

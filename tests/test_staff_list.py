"""Staff lists: a party's HR export previewed and applied; no one is ever deleted."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from api.cli import main
from graph.core.errors import ConflictError, DocumentError
from graph.model.staff_list import apply, plan, read_staff_export
from graph.store.sqlite_store import SQLiteStore
from graph.store.staff_links import StaffLinks

DAY = date(2026, 3, 1)
FIRST = (
    "Anställningsnummer;Namn;E-post;Titel;Enhet\n"
    "1001;Anna Ek;anna.ek@af.se;sektionschef;af-lund\n"  # in the graph already: by name
    "1002;Dan Berg;dan.berg@af.se;handläggare;af-lund\n"  # new
)


@pytest.fixture
def env(small: dict[str, Any], tmp_path: Path) -> tuple[SQLiteStore, StaffLinks]:
    store = SQLiteStore(tmp_path / "s.db")
    store.write(small)
    return store, StaffLinks(tmp_path / "s.db")


def _people(store: SQLiteStore) -> dict[str, Any]:
    return {p.id: p for p in store.read().people}


def test_preview_writes_nothing_and_apply_writes_exactly_it(
        env: tuple[SQLiteStore, StaffLinks]) -> None:
    store, links = env
    before = store.revision()
    first = plan(store, links, "af", read_staff_export(FIRST.encode()), DAY)
    assert store.revision() == before
    assert first.counts() == {"add": 1, "update": 0, "end": 0, "return": 0, "unchanged": 1}
    added = first.changes[0]
    assert (added.action, added.person, added.after["since"]) == ("add", "af-dan-berg",
                                                                  "2026-03-01")
    apply(store, links, first)
    assert _people(store)["af-dan-berg"].title == "handläggare"

    # Next month: Anna (now matched on her employee id) changed title and unit name is the
    # same, Dan left, Eva is new. Bo works elsewhere (lomma) and is not touched.
    second_export = ("employee_id,name,email,title,unit\n"
                     "1001,Anna Ek,anna.ek@af.se,avdelningschef,af-lund\n"
                     "1003,Eva Sund,eva@af.se,,af\n")
    second = plan(store, links, "af", read_staff_export(second_export.encode()),
                  date(2026, 4, 1))
    by_person = {c.person: c for c in second.changes}
    assert by_person["anna"].action == "update"
    assert by_person["anna"].matched_on == "employee_id"
    assert (by_person["anna"].before, by_person["anna"].after) == (
        {"title": "sektionschef"}, {"title": "avdelningschef"})
    assert by_person["af-dan-berg"].action == "end"
    assert by_person["af-dan-berg"].after == {"until": "2026-04-01"}
    assert by_person["af-eva-sund"].action == "add"
    count_before = len(store.read().people)
    apply(store, links, second)
    people = _people(store)
    assert len(people) == count_before + 1  # one added, no one deleted
    assert people["af-dan-berg"].until == date(2026, 4, 1)
    assert people["anna"].title == "avdelningschef"
    assert people["bo"].until is None
    # Cia had left before (until 2019): neither ended again nor matched.
    assert people["cia"].until == date(2019, 5, 31)

    # Dan comes back: matched on e-mail, his until is removed.
    third = plan(store, links, "af", read_staff_export(
        b"email,name\ndan.berg@af.se,Dan Berg\nanna.ek@af.se,Anna Ek\neva@af.se,Eva Sund\n"),
        date(2026, 5, 1))
    assert [(c.action, c.person, c.matched_on) for c in third.changes] == [
        ("return", "af-dan-berg", "email")]
    apply(store, links, third)
    assert _people(store)["af-dan-berg"].until is None


def test_apply_is_refused_when_the_graph_moved(env: tuple[SQLiteStore, StaffLinks]) -> None:
    store, links = env
    staged = plan(store, links, "af", read_staff_export(FIRST.encode()), DAY)
    store.write({"people": [{"id": "x", "name": "X", "organisation": "lomma"}]})
    with pytest.raises(ConflictError):
        apply(store, links, staged)
    assert "af-dan-berg" not in _people(store)


def test_bad_exports_are_named_by_row_and_column(env: tuple[SQLiteStore, StaffLinks]) -> None:
    store, links = env
    with pytest.raises(DocumentError) as err:
        read_staff_export(b"namn,titel\nAnna,chef\n", "hr.csv")
    assert "hr.csv, rad 1: kolumnen anställningsnummer" in str(err.value)
    with pytest.raises(DocumentError) as err:
        read_staff_export(b"namn,e-post\nAnna,a@x.se\n,b@x.se\nCia,a@x.se\n", "hr.csv")
    assert [str(p) for p in err.value.problems] == [
        "hr.csv, rad 3, kolumn namn: namn saknas",
        "hr.csv, rad 4, kolumn email: samma som rad 2"]
    with pytest.raises(DocumentError) as err:
        plan(store, links, "af", read_staff_export(b"namn,e-post,enhet\nA,a@x.se,lomma\n"),
             DAY)
    assert "rad 2, kolumn enhet: okänd enhet 'lomma'" in str(err.value)


def test_xlsx_export_and_cli_preview_then_apply(env: tuple[SQLiteStore, StaffLinks],
                                                tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    store, _ = env
    wb = Workbook()
    ws = wb.active
    ws.append(["Personalnummer", "Namn", "Befattning"])
    ws.append([1001, "Anna Ek", "sektionschef"])
    ws.append([1002, "Dan Berg", "handläggare"])
    path = tmp_path / "hr.xlsx"
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    db = str(tmp_path / "s.db")
    store.close()
    main(["--db", db, "staff", "import", str(path), "--organisation", "af",
          "--day", "2026-03-01", "--json"])
    preview = json.loads(capsys.readouterr().out)
    assert preview["applied"] is False and preview["counts"]["add"] == 1
    assert "af-dan-berg" not in _people(SQLiteStore(db))
    main(["--db", db, "staff", "import", str(path), "--organisation", "af",
          "--day", "2026-03-01", "--apply"])
    assert "Genomfört: 1 add" in capsys.readouterr().out
    assert _people(SQLiteStore(db))["af-dan-berg"].since == DAY

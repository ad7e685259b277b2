"""What a newcomer met importing a workbook: Swedish sheet and column names, every problem
of a file in one answer, an organisation written as its name, one person under two ids, a
formula without a saved value. Each refusal is in Swedish, names the place, and leaves the
store as it was. Real files (openpyxl), a real SQLite store."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from graph.core.errors import DocumentError
from graph.model.schema import SECTIONS
from graph.model.spreadsheet import MAX_PROBLEMS, import_sheets, read_csv, read_workbook
from graph.store.sqlite_store import SQLiteStore

ORGS = [{"id": "af", "name": "Arbetsförmedlingen", "kind": "agency"},
        {"id": "fk", "name": "Försäkringskassan", "kind": "agency"},
        {"id": "fk-skane", "name": "Försäkringskassan Skåne", "kind": "unit", "parent": "fk"},
        {"id": "fk-halland", "name": "Försäkringskassan Halland", "kind": "unit",
         "parent": "fk"}]


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = SQLiteStore(tmp_path / "s.db")
    s.write({"organisations": ORGS})
    yield s
    s.close()


def book(sheets: dict[str, list[list[Any]]]) -> io.BytesIO:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def refused(store: SQLiteStore, source: io.BytesIO) -> list[str]:
    before = (store.revision(), store.counts())
    with pytest.raises(DocumentError) as err:
        import_sheets(store, read_workbook(source))
    assert (store.revision(), store.counts()) == before  # nothing half-written
    return [str(p) for p in err.value.problems]


def test_swedish_sheet_and_column_names_are_read(store: SQLiteStore) -> None:
    source = book({
        "Organisationer": [["Id", "Namn", "Typ"], ["lomma", "Lomma kommun", "municipality"]],
        "Personer": [["Namn", "ID", "organisation", "E-post", "Telefon", "Från"],
                     ["Anna Ek", "p1", "lomma", "anna.ek@lomma.se", "040-12 34 56",
                      "2024-02-01"]],
        "Kontakter": [["A", "B", "Styrka"]],
    })
    result = import_sheets(store, read_workbook(source))
    assert result.rows["people"] == 1 and result.rows["organisations"] == 1
    anna = store.get("people", "p1")
    assert (anna.name, anna.organisation, anna.email, anna.phone, str(anna.since)) == (
        "Anna Ek", "lomma", "anna.ek@lomma.se", "040-12 34 56", "2024-02-01")


def test_two_sheets_for_one_section_are_refused(store: SQLiteStore) -> None:
    source = book({"people": [["id", "name", "organisation"]],
                   "Personer": [["id", "name", "organisation"], ["p1", "A", "af"]]})
    assert refused(store, source) == [
        "Personer: samma avsnitt som bladet 'people'; lägg raderna på ett av dem"]


def test_every_problem_of_a_file_comes_in_one_answer(store: SQLiteStore) -> None:
    source = book({
        "groups": [["id", "namn?"]],  # an unknown header ...
        "people": [["id", "name", "organisation", "since"],
                   ["p1", "Anna", "af", "1 maj 2020"],  # ... a bad date (shape) ...
                   ["p2", "Bo", "af", "2020-01-01"]],
        "ties": [["a", "b", "strength"],
                 ["p1", "p2", 3],  # p1's date is bad, but p1 is not "unknown"
                 ["p2", "spöke", 3]],  # ... and an unknown person (a reference)
    })
    assert refused(store, source) == [
        "groups, rad 1, kolumn B: okänd kolumn 'namn?'; tillåtna: id (Id), name (Namn), "
        "level (Nivå), organisation (Organisation), parent (Överordnad), "
        "description (Beskrivning)",
        "people, rad 2, kolumn since: ska vara ett datum ÅÅÅÅ-MM-DD, "
        "inte '1 maj 2020'",
        "ties, rad 3, kolumn b: okänd person 'spöke'"]


def test_many_problems_are_capped_with_a_count_of_the_rest(store: SQLiteStore) -> None:
    rows = [["id", "name", "organisation"]] + [[f"p{i}", f"P {i}", "nej"] for i in range(80)]
    problems = refused(store, book({"people": rows}))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0].startswith("people, rad 2, kolumn organisation: okänd organisation")
    assert problems[-1] == "… och 30 fel till; rätta dessa och importera igen"


def test_an_organisation_written_as_its_name_gets_the_closest_ids(store: SQLiteStore) -> None:
    text = "id,name,organisation\np1,Anna Ek,Försäkringskassan Skåne\np2,Bo Ek,fk-skåne\n"
    with pytest.raises(DocumentError) as err:
        import_sheets(store, read_csv(text.encode(), "people", name="personal.csv"))
    messages = [str(p) for p in err.value.problems]
    # A name is no id (a space): the closest ids by id or name, best first.
    assert messages[0] == (
        "personal.csv, rad 2, kolumn organisation: ogiltigt id 'Försäkringskassan Skåne': "
        "använd bokstäver, siffror, '_', '.' och '-'; menade du 'fk-skane' "
        "(Försäkringskassan Skåne) eller 'fk' (Försäkringskassan) eller 'fk-halland' "
        "(Försäkringskassan Halland)?")
    assert messages[1].startswith(
        "personal.csv, rad 3, kolumn organisation: okänd organisation 'fk-skåne'; "
        "menade du 'fk-skane' (Försäkringskassan Skåne)")
    # Nothing close: no guess.
    text = "id,name,organisation\np1,Anna Ek,regionstyrelsen\n"
    with pytest.raises(DocumentError) as err:
        import_sheets(store, read_csv(text.encode(), "people"))
    assert [p.message for p in err.value.problems] == [
        "okänd organisation 'regionstyrelsen'"]


def test_one_person_under_two_ids_is_refused(store: SQLiteStore) -> None:
    rows = [["id", "name", "organisation", "email"],
            ["p1", "Anna Ek", "af", "anna.ek@af.se"],
            ["p2", "Bo Ek", "af", "bo.ek@af.se"],
            ["anna2", "anna  ek", "fk", "Anna.Ek@af.se"]]
    assert refused(store, book({"people": rows})) == [
        "people, rad 4, kolumn id: samma person som 'p1' (people, rad 2): samma namn och "
        "e-post 'Anna.Ek@af.se' under ett annat id. Använd samma id för samma person; är "
        "det två personer, skilj dem åt med e-post eller telefon"]
    # Against the store too: Anna is there as p1; the same id again is an update.
    import_sheets(store, read_workbook(book({"people": rows[:3]})))
    again = [rows[0], ["p9", "Anna Ek", "fk", None, ], ["p1", "Anna Ek", "fk", "anna.ek@af.se"]]
    import_sheets(store, read_workbook(book({"people": again})))
    phone = [["id", "name", "organisation", "phone"], ["x", "Bo Ek", "af", "070-1"],
             ["y", "Bo Ek", "af", "0701"]]
    assert refused(store, book({"people": phone}))[0].startswith(
        "people, rad 3, kolumn id: samma person som 'x' (people, rad 2): samma namn och "
        "telefon '0701'")
    other = [["id", "name", "organisation", "email"], ["p7", "Bo Ek", "fk", "bo.ek@af.se"]]
    assert refused(store, book({"people": other}))[0].startswith(
        "people, rad 2, kolumn id: samma person som 'p2' (redan i grafen)")


def test_a_formula_without_a_saved_value_is_named_by_its_cell(store: SQLiteStore) -> None:
    # openpyxl, like many scripts and some programs, saves formulas without their values.
    source = book({"people": [["id", "name", "organisation", "title"],
                              ["p1", "Anna Ek", "af", "Handläggare"],
                              ["p2", "Bo Ek", "af", '=CONCAT("Hand","läggare")']]})
    assert refused(store, source) == [
        "people, rad 3, kolumn title (cell D3): formel utan sparat värde — öppna och spara "
        "filen i Excel"]
    assert store.counts() == {**dict.fromkeys(SECTIONS, 0), "organisations": len(ORGS)}

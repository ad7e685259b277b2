"""Spreadsheets in and out: an .xlsx workbook or one .csv per section, read exactly as JSON."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from api.cli import main
from graph.core.errors import DocumentError
from graph.core.progress import CancelledError, Progress
from graph.model.document import load_document, to_data
from graph.model.generator import generate
from graph.model.schema import SECTIONS
from graph.model.spreadsheet import (
    GUIDE_SHEET,
    import_sheets,
    read_csv,
    read_workbook,
    write_csv,
    write_workbook,
)
from graph.model.swedish_names import SHEET_NAMES
from graph.store.sqlite_store import SQLiteStore


def _canonical(data: dict[str, Any]) -> dict[str, Any]:
    return to_data(load_document(data))


def _workbook_bytes(data: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    write_workbook(data, out)
    return out.getvalue()


def _cells(raw: bytes) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(io.BytesIO(raw), read_only=True)
    return {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}


def _csv_round_trip(data: dict[str, Any]) -> dict[str, Any]:
    back: dict[str, Any] = {}
    for section, rows in data.items():
        text = io.StringIO()
        write_csv(rows, section, text)
        back.update(read_csv(text.getvalue().encode(), section).data)
    return back


@pytest.fixture(scope="module")
def generated() -> dict[str, Any]:
    return _canonical(generate(10_000, seed=3))


def test_seed_workbook_and_csv_round_trip_equal_the_json_one(seed: dict[str, Any],
                                                             tmp_path: Path) -> None:
    expected = _canonical(seed)
    raw = _workbook_bytes(expected)
    assert _canonical(read_workbook(io.BytesIO(raw)).data) == expected
    assert _canonical(_csv_round_trip(expected)) == expected

    # Through a store and back out: the same workbook, cell for cell.
    store = SQLiteStore(tmp_path / "s.db")
    import_sheets(store, read_workbook(io.BytesIO(raw)))
    assert to_data(store.read()) == expected
    assert _cells(_workbook_bytes(to_data(store.read()))) == _cells(raw)


def test_generated_10000_people_round_trip(generated: dict[str, Any]) -> None:
    assert len(generated["people"]) == 10_000
    raw = _workbook_bytes(generated)
    assert _canonical(read_workbook(io.BytesIO(raw)).data) == generated
    assert _canonical(_csv_round_trip(generated)) == generated


def _seed_workbook(seed: dict[str, Any]) -> Any:
    wb = load_workbook(io.BytesIO(_workbook_bytes(_canonical(seed))))
    return wb


def _saved(wb: Any, tmp_path: Path) -> Path:
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    return path


def test_bad_cells_are_named_by_sheet_row_and_column_and_nothing_is_written(
        seed: dict[str, Any], tmp_path: Path) -> None:
    wb = _seed_workbook(seed)
    assert wb["people"]["C1"].value == "organisation"
    wb["people"]["C14"] = "afx"
    wb["initiatives"]["D3"] = "af, nope"
    wb["roles"]["D2"] = "p1, ghost"
    store = SQLiteStore(tmp_path / "s.db")
    with pytest.raises(DocumentError) as err:
        import_sheets(store, read_workbook(_saved(wb, tmp_path)))
    messages = [str(p) for p in err.value.problems]
    # The unknown id comes with the closest existing one (difflib on ids and names).
    assert ("people, rad 14, kolumn organisation: okänd organisation 'afx'; "
            "menade du 'af' (Arbetsförmedlingen)?") in messages
    assert "initiatives, rad 3, kolumn parties (värde 2): okänd organisation 'nope'" in messages
    assert "roles, rad 2, kolumn holders (värde 2): okänd person 'ghost'" in messages
    assert store.counts() == dict.fromkeys(SECTIONS, 0)


def test_shape_errors_in_swedish(seed: dict[str, Any], tmp_path: Path) -> None:
    wb = _seed_workbook(seed)

    def cell(sheet: str, column: str, row: int) -> Any:
        # Found by header, not by letter: the columns follow the schema's fields.
        header = [c.value for c in wb[sheet][1]]
        return wb[sheet].cell(row=row, column=header.index(column) + 1)

    cell("ties", "strength", 5).value = 9
    cell("people", "since", 3).value = "1 maj 2020"
    cell("organisations", "kind", 2).value = "byrå"
    with pytest.raises(DocumentError) as err:
        read = read_workbook(_saved(wb, tmp_path))
        import_sheets(SQLiteStore(tmp_path / "s.db"), read)
    messages = [str(p) for p in err.value.problems]
    assert "ties, rad 5, kolumn strength: får vara högst 5, inte 9" in messages
    assert ("people, rad 3, kolumn since: ska vara ett datum ÅÅÅÅ-MM-DD, inte '1 maj 2020'"
            in messages)
    assert any(m.startswith("organisations, rad 2, kolumn kind: måste vara ett av") for m in
               messages)


def test_headers_and_sheets_are_checked(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "people"
    ws.append(["id", "name", "org"])
    other = wb.create_sheet("Blad2")
    other.append(["x"])
    path = tmp_path / "h.xlsx"
    wb.save(path)
    store = SQLiteStore(tmp_path / "s.db")
    # Both at once: an unknown sheet does not hide the other sheet's unknown column.
    with pytest.raises(DocumentError) as err:
        import_sheets(store, read_workbook(path))
    messages = [str(p) for p in err.value.problems]
    assert messages[0] == ("Blad2: okänt blad; bladen ska heta som avsnitten: "
                           + ", ".join(f"{s} ({SHEET_NAMES[s]})" for s in SECTIONS))
    assert messages[1].startswith("people, rad 1, kolumn C: okänd kolumn 'org'; tillåtna: "
                                  "id (Id), name (Namn), organisation (Organisation)")
    assert len(messages) == 2
    assert store.counts() == dict.fromkeys(SECTIONS, 0)


def test_numbers_dates_and_lists_read_as_the_json_would(tmp_path: Path) -> None:
    from datetime import datetime

    wb = Workbook()
    orgs = wb.active
    orgs.title = "organisations"
    orgs.append(["id", "name"])
    orgs.append([123, "Kommun 123"])
    orgs.append(["af", "Arbetsförmedlingen"])
    people = wb.create_sheet("people")
    people.append(["id", "name", "organisation", "since"])
    people.append(["p1", "Anna", 123, datetime(2020, 5, 1)])
    people.append([None, None, None, None])  # an empty row is skipped, not an error
    people.append(["p2", "Bo", "af", "2021-01-31"])
    inits = wb.create_sheet("initiatives")
    inits.append(["id", "name", "parties"])
    inits.append(["i1", "Insats", "af,123 , "])
    path = tmp_path / "n.xlsx"
    wb.save(path)
    sheets = read_workbook(path)
    assert sheets.data["organisations"][0] == {"id": "123", "name": "Kommun 123"}
    assert sheets.data["people"][0]["organisation"] == "123"
    assert sheets.data["people"][0]["since"] == "2020-05-01"
    assert sheets.rows["people"] == [2, 4]
    assert sheets.data["initiatives"][0]["parties"] == ["af", "123"]
    load_document(sheets.data)


def test_csv_import_names_the_file_and_accepts_semicolons(small: dict[str, Any],
                                                          tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.write({"organisations": small["organisations"]})
    path = tmp_path / "personal.csv"
    path.write_text("id;name;organisation\nx1;Xa;af\nx2;Xb;afx\n", encoding="utf-8-sig")
    with pytest.raises(DocumentError) as err:
        import_sheets(store, read_csv(path, "people"))
    assert [str(p) for p in err.value.problems] == [
        "personal.csv, rad 3, kolumn organisation: okänd organisation 'afx'; "
        "menade du 'af' (Arbetsförmedlingen)?"]
    assert store.counts()["people"] == 0
    path.write_text("id;name;organisation\nx1;Xa;af\nx2;Xb;lomma\n", encoding="utf-8")
    assert import_sheets(store, read_csv(path, "people")).rows["people"] == 2


def test_a_validators_own_message_is_whole_and_swedish_with_only_the_input_cut(
        small: dict[str, Any], tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.write({"organisations": small["organisations"]})
    long_date = "2025-01-01 " + "x" * 500
    text = ("id;name;organisation;email;since\n"
            "x1;Anna \u202eknarF\u202c Ek;af;;\n"
            "x2;Lisa Berg;af;lisa.berg@af;\n"
            f"x3;Bo Ek;af;;{long_date}\n")
    with pytest.raises(DocumentError) as err:
        import_sheets(store, read_csv(text.encode(), "people", name="personal.csv"))
    messages = {p.path: p.message for p in err.value.problems}
    assert messages["personal.csv, rad 2, kolumn name"] == (
        "innehåller styrtecknet U+202E på position 5; ta bort det")
    assert messages["personal.csv, rad 3, kolumn email"] == (
        "'lisa.berg@af' är ingen e-postadress; skriv till exempel "
        "namn.efternamn@kommun.se")
    # The input is still quoted only in part.
    dated = messages["personal.csv, rad 4, kolumn since"]
    assert dated.startswith("ska vara ett datum ÅÅÅÅ-MM-DD, inte '2025-01-01 xxx")
    assert len(dated) < 150
    assert store.counts()["people"] == 0


def test_a_file_that_is_no_workbook_is_refused_clearly() -> None:
    for raw in (b"PK\x03\x04trasig", b"id,name\n"):
        with pytest.raises(DocumentError, match="ingen läsbar xlsx-arbetsbok"):
            read_workbook(io.BytesIO(raw))


def test_template_has_guide_headers_and_drop_downs(tmp_path: Path) -> None:
    path = tmp_path / "mall.xlsx"
    write_workbook({}, path)
    wb = load_workbook(path)
    assert wb.sheetnames == [GUIDE_SHEET, *SECTIONS]
    assert "allt eller inget" in " ".join(str(c.value) for c in wb[GUIDE_SHEET]["A"])
    assert [c.value for c in wb["memberships"][1]] == ["person", "group", "as", "represents",
                                                       "since", "until", "mandate"]
    rules = {str(dv.sqref).split(":")[0]: dv.formula1
             for dv in wb["memberships"].data_validations.dataValidation}
    assert rules["C2"] == '"chair,member,deputy"'
    assert rules["A2"] == "=people!$A$2:$A$1048576"
    ties = {str(dv.sqref).split(":")[0]: dv for dv in wb["ties"].data_validations.dataValidation}
    assert (ties["D2"].type, ties["D2"].formula1, ties["D2"].formula2) == ("whole", "1", "5")
    assert read_workbook(path).data == {}


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    data = {"organisations": [{"id": "o", "name": "=HYPERLINK(\"x\")"}]}
    path = tmp_path / "f.xlsx"
    write_workbook(data, path)
    assert load_workbook(path)["organisations"]["B2"].data_type == "s"
    assert read_workbook(path).data == data


def test_cancel_stops_before_anything_is_written(seed: dict[str, Any], tmp_path: Path) -> None:
    raw = _workbook_bytes(_canonical(seed))
    store = SQLiteStore(tmp_path / "s.db")
    progress = Progress()
    sheets = read_workbook(io.BytesIO(raw), progress=progress)
    progress.cancel()
    with pytest.raises(CancelledError):
        import_sheets(store, sheets, progress=progress)
    assert store.revision() == 0 and store.counts()["people"] == 0


def test_cli_imports_and_exports_workbooks_and_csv(seed: dict[str, Any], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    book = tmp_path / "in.xlsx"
    book.write_bytes(_workbook_bytes(_canonical(seed)))
    main(["--db", db, "import", str(book)])
    assert "Importerade" in capsys.readouterr().out
    main(["--db", db, "export", "-o", str(tmp_path / "out.xlsx")])
    assert _cells((tmp_path / "out.xlsx").read_bytes()) == _cells(book.read_bytes())
    main(["--db", db, "export", "-o", str(tmp_path / "people.csv"), "--section", "people"])
    with pytest.raises(SystemExit) as code:
        main(["--db", str(tmp_path / "d.db"), "import", str(tmp_path / "people.csv")])
    assert code.value.code == 2  # a usage error: --section is missing
    main(["--db", db, "import", str(tmp_path / "people.csv"), "--section", "people"])
    main(["--db", db, "template", "-o", str(tmp_path / "mall.xlsx")])
    assert load_workbook(tmp_path / "mall.xlsx").sheetnames[0] == GUIDE_SHEET

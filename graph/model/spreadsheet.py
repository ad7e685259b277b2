"""The interchange document as a spreadsheet: an .xlsx workbook, or one .csv per section.

A workbook has one sheet per section, named after it (``people``, ``ties`` …), whose first
row holds the interchange keys; each later row is one row of the document. Cells are read
into exactly the plain data a JSON document would hold and then go through the same
validation and the same single write, so a spreadsheet import is all or nothing like any
other. Every problem names the sheet (or file), row and column in Swedish:
``people, rad 14, kolumn organisation: okänd organisation 'afx'``.

Cell format (also on the workbook's guide sheet):

* an empty cell is a key the row does not set;
* dates are date cells or text ``ÅÅÅÅ-MM-DD``;
* list fields (initiative ``parties``, role ``holders`` and ``deputies``) are ids separated
  by commas, ``af, lomma`` (ids cannot hold a comma, so no quoting is needed);
* an empty list and a list left out read the same: not set.

Export writes every section's sheet (headers even when empty), the guide sheet and the
drop-down lists of allowed values, so the template is the export of an empty graph and a
workbook read and written back is the same workbook.
"""

from __future__ import annotations

import ast
import codecs
import csv
import difflib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import IO, TYPE_CHECKING, Annotated, Any, BinaryIO, Literal, Union, get_args, get_origin

from lxml import etree
from python_calamine import CalamineError, CalamineWorkbook

from graph.core.errors import DocumentError, Problem
from graph.core.progress import Progress
from graph.model.document import Known, check_references, validate_row, validate_shape
from graph.model.schema import ENTITY_SECTIONS, NOUNS, REFERENCES, SECTIONS, Row
from graph.model.swedish_names import COLUMN_NAMES, SHEET_NAMES, column_key, section_of_sheet
from graph.model.swedish_problems import PATH, in_swedish

if TYPE_CHECKING:
    from openpyxl.worksheet.datavalidation import DataValidation

    from graph.store.protocol import GraphStore, ImportResult

__all__ = ["GUIDE_SHEET", "LIST_SEPARATOR", "SAFE_XML", "Sheets", "allowed_values", "columns",
           "csv_rows", "csv_text", "import_sheets", "read_csv", "read_workbook", "write_csv",
           "write_workbook"]

GUIDE_SHEET = "Instruktioner"
LIST_SEPARATOR = ","
_STEP = 1000  # rows between progress reports (and cancellation checks)
_LAST_ROW = 1_048_576  # Excel's last row: drop-downs cover the whole column

Kind = Literal["text", "int", "date", "list"]


def _base_types(annotation: Any) -> list[Any]:
    if get_origin(annotation) is Annotated:  # Annotated[int, Strict()]: the int
        return _base_types(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return [t for a in get_args(annotation) for t in _base_types(a)]
    return [get_origin(annotation) or annotation]


def _kind(annotation: Any) -> Kind:
    types = _base_types(annotation)
    if list in types:
        return "list"
    if date in types:
        return "date"
    if int in types:
        return "int"
    return "text"


def columns(section: str) -> list[tuple[str, Kind]]:
    """The sheet's header (interchange keys, in schema order) and what each column holds."""
    model: type[Row] = SECTIONS[section]
    return [(info.alias or name, _kind(info.annotation))
            for name, info in model.model_fields.items()]


_COLUMNS = {section: columns(section) for section in SECTIONS}


@dataclass
class Sheets:
    """Plain interchange data read from a spreadsheet, and where each row came from."""

    data: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)  # the sheet's row number per row
    source: dict[str, str] = field(default_factory=dict)  # section -> sheet or file name
    # What reading found (a header, a sheet name, a formula), located: reported together
    # with every row's problems by import_sheets, not one sheet at a time.
    problems: list[Problem] = field(default_factory=list)

    def where(self, section: str, index: int) -> str:
        name = self.source.get(section, section)
        numbers = self.rows.get(section, [])
        return f"{name}, rad {numbers[index]}" if index < len(numbers) else name

    def located(self, problems: Sequence[Problem]) -> DocumentError:
        return DocumentError(in_swedish(problems, self.where))

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.data.values())


# --- reading -----------------------------------------------------------------------------


def _cell(value: Any, kind: Kind) -> Any:
    """A cell's value as the JSON document would hold it; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        if kind == "list":
            return [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()] or None
        if kind == "int" and value.strip().lstrip("-").isdigit():
            # A CSV has no types: its "3" in a number column is the number (JSON's "3"
            # is refused, since there a string is a string).
            return int(value)
        return value
    if isinstance(value, datetime):
        # A date cell; a time of day other than midnight is not a date, so it stays visible.
        return value.date().isoformat() if value.time() == datetime.min.time() \
            else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if kind == "int":
        return value
    # A number typed into an id or a text column is meant as its text ("123", not 123).
    text = str(value)
    return [text] if kind == "list" else text


def _read_rows(section: str, name: str, rows: Iterator[Sequence[Any]], sheets: Sheets,
               progress: Progress) -> None:
    """Header first, then one document row per non-empty row. The header is checked whole
    and its problems kept, not raised: the rows are still read (a column with an unknown
    header left out), so that the rows' own problems are reported with it."""
    header = next(rows, None)
    if header is None:
        return
    kinds = dict(_COLUMNS[section])
    problems = sheets.problems
    keys: list[str | None] = []
    unnamed: set[int] = set()  # columns without a header: a value there is a problem
    for i, cell in enumerate(header):
        text = str(cell).strip() if cell is not None else ""
        key = column_key(list(kinds), text) if text else None
        if not text:
            unnamed.add(i)
            keys.append(None)
        elif key is None:
            problems.append(Problem(f"{name}, rad 1, kolumn {_column_letter(i + 1)}",
                                    f"okänd kolumn {text!r}; tillåtna: "
                                    + ", ".join(f"{k} ({COLUMN_NAMES[k]})" for k in kinds)))
            keys.append(None)
        elif key in keys:
            problems.append(Problem(f"{name}, rad 1, kolumn {_column_letter(i + 1)}",
                                    f"kolumnen {key!r} finns två gånger"))
            keys.append(None)
        else:
            keys.append(key)
    data: list[dict[str, Any]] = []
    numbers: list[int] = []
    for number, values in enumerate(rows, start=2):
        if number % _STEP == 0:
            progress.step(_STEP)
        row: dict[str, Any] = {}
        for i, (column, value) in enumerate(zip(keys, values, strict=False)):
            if column is None:
                if i in unnamed and value is not None and str(value).strip():
                    problems.append(Problem(f"{name}, rad {number}",
                                            "värde i en kolumn utan rubrik"))
                continue
            converted = _cell(value, kinds[column])
            if converted is not None:
                row[column] = converted
        if row:
            data.append(row)
            numbers.append(number)
    if data:
        sheets.data[section] = data
        sheets.rows[section] = numbers
        sheets.source[section] = name


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _formulas_without_value(source: str | Path | BinaryIO, wanted: Mapping[str, str]
                            ) -> list[Problem]:
    """A formula cell the file holds no computed value for (saved by a program that does
    not calculate, or written by a script): calamine reads it as empty, so it would be
    imported as not set. Found in the sheets' XML; only sheets holding a formula at all
    are parsed. ``wanted``: sheet name -> section."""
    problems: list[Problem] = []
    if not isinstance(source, str | Path):
        source.seek(0)
    try:
        with zipfile.ZipFile(source) as book:
            sheets = etree.fromstring(book.read("xl/workbook.xml"), _parser()).iter(
                f"{_MAIN}sheet")
            rels = {r.get("Id"): r.get("Target", "") for r in etree.fromstring(
                book.read("xl/_rels/workbook.xml.rels"), _parser()).iter(
                f"{_PKG_RELS}Relationship")}
            for sheet in sheets:
                name = sheet.get("name", "")
                target = rels.get(sheet.get(f"{_DOC_RELS}id"), "")
                if name not in wanted or not target:
                    continue
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                problems += _sheet_formulas(book, member, name, wanted[name])
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError):
        return []  # calamine read it; a part this check cannot find holds no formula
    finally:
        if not isinstance(source, str | Path):
            source.seek(0)
    return problems


# Untrusted XML (an uploaded workbook's or DOCX's parts): no DTD loaded, no entity expanded,
# nothing fetched, and libxml2's own depth limit kept (no huge_tree). One set of settings for
# the parsers here and in matching.inputs.
SAFE_XML: dict[str, bool] = {"resolve_entities": False, "no_network": True,
                             "load_dtd": False, "huge_tree": False}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(**SAFE_XML)


def _sheet_formulas(book: zipfile.ZipFile, member: str, name: str, section: str
                    ) -> list[Problem]:
    with book.open(member) as f:
        tail, found = b"", False
        for chunk in iter(lambda: f.read(1 << 20), b""):
            window = tail + chunk  # a marker split between two chunks is still seen
            if b"<f>" in window or b"<f " in window or b"<f/>" in window:
                found = True
                break
            tail = chunk[-3:]
        if not found:
            return []
    keys = [k for k, _ in _COLUMNS[section]]
    header: dict[str, str] = {}
    problems: list[Problem] = []
    with book.open(member) as f:
        for _, cell in etree.iterparse(f, tag=f"{_MAIN}c", **SAFE_XML):
            ref = cell.get("r", "")
            letters = ref.rstrip("0123456789")
            row = ref[len(letters):]
            value = cell.find(f"{_MAIN}v")
            if row == "1":
                header[letters] = "".join(cell.itertext())
            if cell.find(f"{_MAIN}f") is not None and (value is None or not value.text):
                key = column_key(keys, header.get(letters, "")) or letters
                problems.append(Problem(f"{name}, rad {row}, kolumn {key} (cell {ref})",
                                        "formel utan sparat värde — öppna och spara filen "
                                        "i Excel"))
            cell.clear()
    return problems


def read_workbook(source: str | Path | BinaryIO, progress: Progress | None = None) -> Sheets:
    """Read an .xlsx workbook: one sheet per section; the guide sheet is skipped.

    Reading uses calamine (Rust; python-calamine), about 25 times faster than openpyxl's
    reader on the generated workbooks; openpyxl writes them.
    """
    progress = progress or Progress()
    try:
        wb = CalamineWorkbook.from_object(str(source) if isinstance(source, Path) else source)
    except (CalamineError, OSError, ValueError, TypeError) as exc:
        raise DocumentError([Problem("", f"filen är ingen läsbar xlsx-arbetsbok: {exc}")]) \
            from None
    try:
        sheets = Sheets()
        names: dict[str, str] = {}  # sheet name -> section
        for n in wb.sheet_names:
            section = section_of_sheet(n)
            if n == GUIDE_SHEET:
                continue
            if section is None:
                sheets.problems.append(Problem(n, "okänt blad; bladen ska heta som avsnitten: "
                                               + ", ".join(f"{s} ({SHEET_NAMES[s]})"
                                                           for s in SECTIONS)))
            elif section in names.values():
                first = next(k for k, v in names.items() if v == section)
                sheets.problems.append(Problem(n, f"samma avsnitt som bladet {first!r}; "
                                               "lägg raderna på ett av dem"))
            else:
                names[n] = section
        by_section = sorted(names.items(), key=lambda item: list(SECTIONS).index(item[1]))
        sheets_of = {n: wb.get_sheet_by_name(n) for n, _ in by_section}
        progress.start("läser", sum(ws.total_height for ws in sheets_of.values()))
        for name, ws in sheets_of.items():
            try:
                # skip_empty_area=False: row i of the list is row i + 1 of the sheet, so the
                # row numbers in messages are the ones the user sees.
                rows = ws.to_python(skip_empty_area=False)
            except CalamineError as exc:
                sheets.problems.append(Problem(name, f"bladet kan inte läsas: {exc}"))
                continue
            _read_rows(names[name], name, iter(rows), sheets, progress)
            del rows
        sheets.problems += _formulas_without_value(source, names)
        return sheets
    finally:
        wb.close()


_XLS = b"\xd0\xcf\x11\xe0"  # an OLE2 file: Excel 97-2003's .xls


def csv_text(raw: bytes, name: str) -> str:
    """The file's text in the encodings Excel saves CSV in.

    "CSV UTF-8" is UTF-8 with a BOM; "Unicode-text" is UTF-16 with its BOM; Swedish Excel's
    plain "CSV (semikolonavgränsad)" is Windows-1252, as are many HR systems' exports. Text
    that is not valid UTF-8 is read as Windows-1252: a Swedish letter in Windows-1252 (å is
    the byte E5) followed by anything but two continuation bytes is never valid UTF-8, so
    the two are not confused.
    """
    if raw.startswith(_XLS):
        raise DocumentError([Problem(name, "en äldre Excel-fil (.xls) kan inte läsas; spara "
                                     "den som Excel-arbetsbok (.xlsx) eller CSV UTF-8")])
    marked = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8))
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = raw.decode("utf-16")
        else:
            text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if marked:
            raise DocumentError([Problem(name, f"filen är inte läsbar text: byte {exc.start} "
                                         "passar inte kodningen som filens början anger")]
                                ) from None
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:  # the five bytes Windows-1252 leaves undefined
            raise DocumentError([Problem(name, f"filen är varken UTF-8 eller Windows-1252 "
                                         f"(byte {exc.start}); spara den som CSV UTF-8")]
                                ) from None
    if "\x00" in text:  # no text file has NUL; a binary file read as Windows-1252 does
        raise DocumentError([Problem(name, "filen är ingen CSV-text; spara den som CSV UTF-8 "
                                     "eller som Excel-arbetsbok (.xlsx)")])
    return text


def csv_rows(text: str) -> Iterator[list[str]]:
    """Rows of CSV text, with ',', ';' (Swedish Excel) or a tab ("Unicode-text") between
    cells: whichever the header line holds most of, ',' when it holds none."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def read_csv(source: str | Path | bytes, section: str, *, name: str | None = None,
             progress: Progress | None = None) -> Sheets:
    """Read one section from CSV (the encodings and separators of :func:`csv_text` and
    :func:`csv_rows`)."""
    if section not in SECTIONS:
        raise DocumentError([Problem("section", f"okänt avsnitt {section!r}; välj ett av "
                                     + ", ".join(SECTIONS))])
    progress = progress or Progress()
    if isinstance(source, bytes):
        raw, name = source, name or f"{section}.csv"
    else:
        raw, name = Path(source).read_bytes(), name or Path(source).name
    text = csv_text(raw, name)
    progress.start("läser", text.count("\n"))
    sheets = Sheets()
    try:
        _read_rows(section, name, csv_rows(text), sheets, progress)
    except csv.Error as exc:
        raise DocumentError([Problem(name, f"felaktig CSV: {exc}")]) from None
    return sheets


MAX_PROBLEMS = 50  # reported of one file at most: enough to fix in one go, not a flood


def import_sheets(store: GraphStore, sheets: Sheets, *, replace: bool = False,
                  progress: Progress | None = None,
                  count_changes: bool = False) -> ImportResult:
    """Write what was read as one transaction. On any problem nothing is written and every
    problem of the file comes back at once (up to MAX_PROBLEMS), located and in Swedish:
    what reading found, every row's own, and the references of the rows that are sound.
    ``count_changes``: see :meth:`~graph.store.protocol.GraphStore.write`."""
    progress = progress or Progress()
    progress.start("kontrollerar och skriver", sheets.total)  # the last moment to cancel
    if sheets.problems:
        raise _every_problem(store, sheets, replace)
    duplicates = same_person_twice(sheets, store, replace)
    if duplicates:
        raise _capped(duplicates)
    try:
        result = store.write(sheets.data, replace=replace, count_changes=count_changes)
    except DocumentError:
        raise _every_problem(store, sheets, replace) from None
    progress.written(sheets.total)
    return result


def _capped(problems: list[Problem]) -> DocumentError:
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = [*problems[:MAX_PROBLEMS],
                    Problem("", f"… och {more} fel till; rätta dessa och importera igen")]
    return DocumentError(problems)


def _every_problem(store: GraphStore, sheets: Sheets, replace: bool) -> DocumentError:
    """Every problem of the file: reading's, each row's shape, and the references among the
    rows whose shape is sound (a row with a bad date still names its id, so rows that refer
    to it are not reported as referring to nothing)."""
    problems = list(sheets.problems)
    known = Known() if replace else store.known()
    sound: dict[str, list[dict[str, Any]]] = {}
    positions: dict[str, list[int]] = {}
    shape: list[Problem] = []
    for section, rows in sheets.data.items():
        for i, row in enumerate(rows):
            try:
                validate_row(section, row)
            except DocumentError as exc:
                shape += [Problem(f"{section}[{i}]{'.' if p.path else ''}{p.path}", p.message)
                          for p in exc.problems]
                if section in ENTITY_SECTIONS and isinstance(row.get("id"), str):
                    known.sections.setdefault(row["id"], section)
                continue
            sound.setdefault(section, []).append(row)
            positions.setdefault(section, []).append(i)
    references = check_references(validate_shape(sound), known)
    located = sheets.located(shape).problems + in_swedish(
        references, lambda s, i: sheets.where(s, positions[s][i]) if s in positions
        else sheets.where(s, i))
    hints = _suggestions(store, sheets, [*shape, *references])
    problems += [Problem(p.path, p.message + hint)
                 for p, hint in zip(located, hints, strict=True)]
    return _capped(problems)


_UNKNOWN = re.compile(r"^unknown ((?:\w+)(?: or \w+)*) ('.*'|\".*\")$")
_INVALID_ID = re.compile(r"^invalid id ('.*'|\".*\"): ")
_TARGETS = {(r.section, r.field): r.targets for r in REFERENCES}


def _wanted(problem: Problem) -> tuple[tuple[str, ...], str] | None:
    """The sections and the value of an id a problem says is unknown or malformed."""
    if m := _UNKNOWN.match(problem.message):
        kinds = m.group(1).split(" or ")
        return tuple(s for s in ENTITY_SECTIONS if NOUNS[s] in kinds), ast.literal_eval(
            m.group(2))
    where = PATH.match(problem.path)
    m = _INVALID_ID.match(problem.message)
    if m and where and (where.group("section"), where.group("field")) in _TARGETS:
        return (_TARGETS[(where.group("section"), where.group("field"))],
                ast.literal_eval(m.group(1)))
    return None


def _suggestions(store: GraphStore, sheets: Sheets, problems: list[Problem]) -> list[str]:
    """For each problem, "; menade du …?" when it names an unknown or malformed id that is
    close to an existing one or to the name of one (an organisation written as
    "Försäkringskassan Skåne" instead of its id), else ""."""
    wanted = [_wanted(p) for p in problems]
    if not any(wanted):
        return [""] * len(problems)
    names: dict[str, dict[str, str]] = {}  # section -> id -> name
    stored = store.read()
    for section in ENTITY_SECTIONS:
        for row in getattr(stored, section):
            names.setdefault(section, {})[row.id] = row.name
        for plain in sheets.data.get(section, []):
            if isinstance(plain.get("id"), str):
                names.setdefault(section, {})[plain["id"]] = str(plain.get("name", ""))
    out = []
    for found in wanted:
        if found is None:
            out.append("")
            continue
        sections, value = found
        candidates = {ident: name for s in sections for ident, name in names.get(s, {}).items()}
        out.append(_closest(str(value), candidates))
    return out


def _closest(value: str, candidates: Mapping[str, str]) -> str:
    """The ids whose id or name is closest to ``value`` (difflib), as a hint."""
    by_text: dict[str, set[str]] = {}
    for ident, name in candidates.items():
        for text in (ident, name):
            if text:
                by_text.setdefault(text.casefold(), set()).add(ident)
    close = difflib.get_close_matches(value.casefold(), list(by_text), n=3, cutoff=0.6)
    ids = list(dict.fromkeys(i for text in close for i in sorted(by_text[text])))[:3]
    if not ids:
        return ""
    return "; menade du " + " eller ".join(
        f"{i!r} ({candidates[i]})" if candidates[i] and candidates[i] != i else repr(i)
        for i in ids) + "?"


def same_person_twice(sheets: Sheets, store: GraphStore, replace: bool) -> list[Problem]:
    """People sheet rows that are one person under two ids: the same name and the same
    e-mail address or phone number as another row of the file, or as a person the store
    holds under another id. Refused, since an admin who imports a list means one row per
    person; two people who really share both name and address are told apart by either."""
    rows = sheets.data.get("people", [])
    if not rows:
        return []
    seen: dict[tuple[str, str, str], tuple[str, str]] = {}  # (name, kind, value) -> id, where
    if not replace:
        incoming = {r.get("id") for r in rows}
        for p in store.read().people:
            if p.id in incoming:
                continue
            for kind, value in (("e-post", p.email), ("telefon", p.phone)):
                if value:
                    seen[(_fold_name(p.name), kind, _fold_contact(value))] = (
                        p.id, "redan i grafen")
    problems = []
    for i, row in enumerate(rows):
        name, ident = row.get("name"), row.get("id")
        if not isinstance(name, str) or not isinstance(ident, str):
            continue
        for kind, key in (("e-post", "email"), ("telefon", "phone")):
            value = row.get(key)
            if not isinstance(value, str) or not value.strip():
                continue
            mark = (_fold_name(name), kind, _fold_contact(value))
            other = seen.get(mark)
            if other is not None and other[0] != ident:
                problems.append(Problem(
                    sheets.where("people", i) + ", kolumn id",
                    f"samma person som {other[0]!r} ({other[1]}): samma namn och {kind} "
                    f"{value!r} under ett annat id. Använd samma id för samma person; är det "
                    "två personer, skilj dem åt med e-post eller telefon"))
                break
            seen.setdefault(mark, (ident, sheets.where("people", i)))
    return problems


def _fold_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _fold_contact(value: str) -> str:
    """An address or number as written in different ways: case, spaces, dashes."""
    return re.sub(r"[\s\-()]", "", value).casefold()


# --- writing -----------------------------------------------------------------------------

_ENUMS: dict[tuple[str, str], list[str]] = {}
for _section, _model in SECTIONS.items():
    for _name, _info in _model.model_fields.items():
        for _t in _base_types(_info.annotation):
            if isinstance(_t, type) and issubclass(_t, Enum):
                _ENUMS[(_section, _info.alias or _name)] = [str(e.value) for e in _t]



def allowed_values(section: str, key: str) -> list[str] | None:
    """The values a column allows, when it has a fixed set (its drop-down list)."""
    return _ENUMS.get((section, key))


GUIDE = [
    "Så fyller du i arbetsboken",
    "",
    "Varje blad är ett avsnitt av nätverket och heter som avsnittet (organisations, people, "
    "groups, initiatives, roles, memberships, participations, ties).",
    "Bladen och kolumnerna får också heta på svenska: Personer, Organisationer, Grupper, "
    "Insatser, Roller, Medlemskap, Deltaganden, Kontakter; Namn, Organisation, E-post, "
    "Telefon, Titel, Från, Till … (listan nedan, inom parentes).",
    "Första raden är kolumnnamnen. Varje rad under är en rad i avsnittet.",
    "En tom cell betyder att värdet inte är satt.",
    "Datum skrivs ÅÅÅÅ-MM-DD (eller som datumcell).",
    "Listor (parties, holders, deputies) skrivs som id:n med komma emellan: af, lomma.",
    "Id:n består av bokstäver, siffror, '_', '.' och '-' och refererar till raderna på "
    "andra blad (people.organisation till organisations.id osv.).",
    "Kolumner med fasta värden har rullgardinslistor; strength är ett heltal 1–5.",
    "Importen är allt eller inget: finns ett fel skrivs ingenting, och alla fel i filen "
    "(högst 50) anges på en gång med blad, rad och kolumn.",
    "Samma person två gånger (samma namn och e-post eller telefon under två id:n) nekas: "
    "använd samma id för samma person.",
    "En formel måste ha sitt beräknade värde sparat: öppna och spara filen i Excel.",
    "Samma arbetsbok kan importeras igen: rader med samma id ersätts, nya läggs till.",
    "",
    "Avsnitten och deras kolumner:",
]


def _column_letter(n: int) -> str:
    """Excel's name of the ``n``-th column (1: A, 27: AA). openpyxl is imported here, on
    the way to a header's problem or a workbook written, not with this module (a service
    imports it at start; calamine reads workbooks)."""
    from openpyxl.utils.cell import get_column_letter

    return str(get_column_letter(n))


def _validations(section: str) -> list[DataValidation]:
    from openpyxl.worksheet.datavalidation import DataValidation

    out = []
    for i, (key, _) in enumerate(_COLUMNS[section]):
        column = _column_letter(i + 1)
        cells = f"{column}2:{column}{_LAST_ROW}"
        dv: DataValidation | None = None
        if (section, key) in _ENUMS:
            dv = DataValidation(type="list",
                                formula1='"' + ",".join(_ENUMS[(section, key)]) + '"')
        elif key == "strength":
            dv = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
        else:
            target = next((r.targets[0] for r in REFERENCES
                           if r.section == section and r.field == key and not r.many
                           and len(r.targets) == 1), None)
            if target is not None:
                # The ids on the referred sheet: a drop-down that follows what is entered there.
                dv = DataValidation(type="list", formula1=f"={target}!$A$2:$A${_LAST_ROW}")
        if dv is not None:
            dv.error = "Värdet finns inte bland de tillåtna."
            dv.errorTitle = "Ogiltigt värde"
            dv.add(cells)
            out.append(dv)
    return out


def _row_cells(ws: Any, row: Mapping[str, Any], cols: Sequence[tuple[str, Kind]]) -> list[Any]:
    out: list[Any] = []
    for key, kind in cols:
        value = row.get(key)
        if value is None:
            out.append(None)
        elif kind == "list":
            out.append(", ".join(value) if value else None)
        elif kind == "date" and isinstance(value, str):
            out.append(date.fromisoformat(value))
        elif isinstance(value, str) and value.startswith("="):
            # A text starting with '=' stays text, never a formula.
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(ws, value)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(value)
    return out


def write_workbook(data: Mapping[str, Sequence[Mapping[str, Any]]], out: str | Path | IO[bytes],
                   progress: Progress | None = None) -> None:
    """Write interchange data as a workbook; ``write_workbook({}, f)`` is the template."""
    progress = progress or Progress()
    progress.start("skriver", sum(len(rows) for rows in data.values()))
    # openpyxl only here, where a workbook is written: not at a service's start
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    guide = wb.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 110
    for line in GUIDE:
        guide.append([line])
    for section in SECTIONS:
        guide.append([f"{section} ({SHEET_NAMES[section]}): " + ", ".join(
            f"{key} ({COLUMN_NAMES[key]})" for key, _ in _COLUMNS[section])])
    for section in SECTIONS:
        ws = wb.create_sheet(section)
        ws.freeze_panes = "A2"
        for dv in _validations(section):
            ws.data_validations.append(dv)
        cols = _COLUMNS[section]
        for i, (key, _) in enumerate(cols):
            ws.column_dimensions[_column_letter(i + 1)].width = max(12, len(key) + 4)
        ws.append([key for key, _ in cols])
        for n, row in enumerate(data.get(section, ()), start=1):
            ws.append(_row_cells(ws, row, cols))
            if n % _STEP == 0:
                progress.step(_STEP)
    wb.save(out)


def write_csv(rows: Iterable[Mapping[str, Any]], section: str, out: IO[str]) -> None:
    """One section as CSV (header = interchange keys), in the cell format above."""
    cols = _COLUMNS[section]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([key for key, _ in cols])
    for row in rows:
        writer.writerow([
            "" if (v := row.get(key)) is None
            else ", ".join(v) if kind == "list" else v
            for key, kind in cols])

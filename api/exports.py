"""Tables and reports as files for the board and the diarium: CSV and PDF.

One module for every export, so every table leaves the service the same way:

* CSV as Swedish Excel opens it without an import dialogue: UTF-8 with a byte-order
  mark, semicolons between fields (the comma is the decimal sign) and decimal commas; a
  text that Excel would run as a formula (``=``, ``+``, ``-``, ``@``) starts with ``'``.
* PDF through fpdf2 with DejaVu Sans (Debian's ``fonts-dejavu-core``, installed by
  ``.ci/setup``), which has every letter a Swedish name needs; where that font is missing
  the PDF falls back to Helvetica and replaces what Latin-1 cannot show.

Nothing here imports FastAPI: the CLI writes the same bytes to a file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # fpdf is imported where a PDF is made: not at a service's start
    from fpdf import FPDF

__all__ = ["Column", "PdfReport", "csv_bytes", "swedish_number"]

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class Column:
    """One column of an exported table: the row key and its Swedish header."""

    key: str
    header: str


def swedish_number(value: Any, decimals: int = 2) -> str:
    """A value as a Swedish reader writes it: decimal comma, no trailing zeros beyond what
    ``decimals`` asks, lists joined by commas, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return f"{value:.{decimals}f}".replace(".", ",")
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(swedish_number(v, decimals) for v in value)
    return str(value)


def csv_bytes(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column]) -> bytes:
    """The rows as a CSV file Swedish Excel opens as a table (see the module's notes)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([_as_text(row.get(c.key)) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# Excel runs a cell beginning with one of these as a formula: a name imported as
# '=HYPERLINK("http://…";"Klicka")' would be a live link in the director's risk list
# (OWASP "CSV injection"). A leading apostrophe makes Excel show the text as it is.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: Any) -> str:
    text = swedish_number(value)
    if isinstance(value, int | float):  # -0,5 is a number, not a formula
        return text
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass
class PdfReport:
    """A printable report: a title, the day it was printed, then headings, paragraphs and
    tables in order. ``bytes()`` lays it out on A4."""

    title: str
    printed: date
    _parts: list[tuple[str, Any]] = field(default_factory=list)

    def heading(self, text: str) -> PdfReport:
        self._parts.append(("heading", text))
        return self

    def paragraph(self, text: str) -> PdfReport:
        self._parts.append(("paragraph", text))
        return self

    def table(self, rows: Iterable[Mapping[str, Any]], columns: Sequence[Column]) -> PdfReport:
        self._parts.append(("table", ([dict(r) for r in rows], list(columns))))
        return self

    def bytes(self) -> bytes:
        from fpdf import FPDF
        from fpdf.fonts import FontFace

        pdf = FPDF(format="A4")
        family, clean = _font(pdf)
        pdf.set_title(clean(self.title))
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()
        pdf.set_font(family, "B", 16)
        pdf.multi_cell(0, 8, clean(self.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 9)
        pdf.multi_cell(0, 6, clean(f"Utskriven {self.printed.isoformat()}"),
                       new_x="LMARGIN", new_y="NEXT")
        for kind, value in self._parts:
            if kind == "heading":
                pdf.ln(3)
                pdf.set_font(family, "B", 12)
                pdf.multi_cell(0, 7, clean(value), new_x="LMARGIN", new_y="NEXT")
            elif kind == "paragraph":
                pdf.set_font(family, "", 10)
                pdf.multi_cell(0, 5, clean(value), new_x="LMARGIN", new_y="NEXT")
            else:
                rows, columns = value
                pdf.set_font(family, "", 8)
                with pdf.table(headings_style=FontFace(emphasis="BOLD"),
                               text_align="LEFT") as table:
                    table.row([clean(c.header) for c in columns])
                    for row in rows:
                        table.row([clean(swedish_number(row.get(c.key))) for c in columns])
        return bytes(pdf.output())


def _font(pdf: FPDF) -> tuple[str, Any]:
    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return "DejaVu", lambda text: text

    def latin1(text: str) -> str:
        return text.replace("–", "-").replace("→", "->").encode(
            "latin-1", "replace").decode("latin-1")

    return "Helvetica", latin1

"""CSV and PDF exports: what Swedish Excel and a PDF reader get back."""

from __future__ import annotations

import csv
import io
from datetime import date

from pypdf import PdfReader

from api.exports import Column, PdfReport, csv_bytes, swedish_number

COLUMNS = [Column("name", "Namn"), Column("score", "Poäng"), Column("parties", "Parter")]
ROWS = [{"name": "Åsa Öberg", "score": 0.256, "parties": ["AF", "FK"]},
        {"name": "Per; \"Pelle\" Lund", "score": None, "parties": []}]


def test_csv_opens_as_a_swedish_table() -> None:
    data = csv_bytes(ROWS, COLUMNS)
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Namn", "Poäng", "Parter"], ["Åsa Öberg", "0,26", "AF, FK"],
                    ['Per; "Pelle" Lund', "", ""]]


def test_a_text_excel_would_run_as_a_formula_stays_text() -> None:
    rows = [{"name": '=HYPERLINK("http://evil.example";"Klicka")', "score": -0.5,
             "parties": ["@SUM(A1)", "FK"]},
            {"name": "+46 10 123 45 67", "score": -2, "parties": ["AF"]}]
    data = csv_bytes(rows, COLUMNS).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(data), delimiter=";"))[1:] == [
        ['\'=HYPERLINK("http://evil.example";"Klicka")', "-0,50", "'@SUM(A1), FK"],
        ["'+46 10 123 45 67", "-2", "AF"]]


def test_swedish_numbers() -> None:
    assert swedish_number(1.5) == "1,50"
    assert swedish_number(3) == "3"
    assert swedish_number(True) == "ja"
    assert swedish_number(None) == ""


def test_pdf_carries_title_date_and_table_text() -> None:
    pdf = (PdfReport("Gränsöverskridare", date(2026, 1, 1))
           .heading("Översikt").paragraph("Två personer håller ihop AF och FK.")
           .table(ROWS, COLUMNS).bytes())
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("Gränsöverskridare", "Utskriven 2026-01-01", "Översikt", "Åsa Öberg",
                     "0,26", "Poäng"):
        assert expected in text

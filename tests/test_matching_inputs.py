"""Candidate files: plain text, PDF with a text layer, DOCX; limits and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from fpdf import FPDF

from graph.core.errors import DocumentError, DocumentTooLargeError
from matching.inputs import Limits, read_candidate_bytes, read_candidate_file, read_jsonl

CV = "Jag har arbetat åtta år på Försäkringskassan med sjukpenning och försäkringsmedicin."


def _pdf(path: Path, pages: list[str]) -> Path:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        # Core fonts are Latin-1, which covers Swedish letters.
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def _docx(path: Path, paragraphs: list[str], page_breaks: int = 0) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for _ in range(page_breaks):
        document.add_page_break()
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "2015–2023"
    table.rows[0].cells[1].text = "Arbetsförmedlingen, arbetsförmedlare"
    document.save(str(path))
    return path


def test_plain_text_utf8_and_cp1252(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CV, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(CV.encode("cp1252"))
    assert read_candidate_file(tmp_path / "a.txt").text == CV
    candidate = read_candidate_file(tmp_path / "b.txt")
    assert candidate.id == "b" and candidate.text == CV



def test_plain_text_as_windows_saves_it(tmp_path: Path) -> None:
    # Notepad's "Unicode" is UTF-16 with a BOM, "UTF-8 med BOM" starts with one: the same
    # decoder as the CSV import reads both, and the BOM never becomes part of the text.
    (tmp_path / "c.txt").write_bytes(CV.encode("utf-16"))
    (tmp_path / "d.txt").write_bytes(CV.encode("utf-8-sig"))
    assert read_candidate_file(tmp_path / "c.txt").text == CV
    assert read_candidate_file(tmp_path / "d.txt").text == CV

def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    candidate = read_candidate_file(_pdf(tmp_path / "karin.pdf", [CV, "Socionomexamen 2006."]))
    assert candidate.id == "karin"
    assert "Försäkringskassan" in candidate.text and "Socionomexamen" in candidate.text


def test_docx_paragraphs_and_tables_are_read(tmp_path: Path) -> None:
    candidate = read_candidate_file(_docx(tmp_path / "bo.docx", [CV]))
    assert "sjukpenning" in candidate.text
    assert "Arbetsförmedlingen, arbetsförmedlare" in candidate.text


def test_pdf_without_text_layer_is_refused_by_name(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "scan.pdf", [""])
    with pytest.raises(DocumentError, match=r"scan\.pdf: PDF-filen saknar textlager"):
        read_candidate_file(path)


def test_too_many_pages(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "long.pdf", [CV] * 4)
    with pytest.raises(DocumentTooLargeError, match="4 sidor; högst 3"):
        read_candidate_file(path, Limits(max_pages=3))
    docx = _docx(tmp_path / "long.docx", [CV], page_breaks=5)
    with pytest.raises(DocumentTooLargeError, match="6 sidor; högst 3"):
        read_candidate_file(docx, Limits(max_pages=3))


def test_too_many_bytes(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 2000, encoding="utf-8")
    with pytest.raises(DocumentTooLargeError, match="2000 byte; gränsen är 1000"):
        read_candidate_file(tmp_path / "big.txt", Limits(max_bytes=1000))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cv.pdf", b"%PDF-1.4 this is not really a pdf", "ingen läsbar PDF-fil"),
        ("cv.docx", b"PK\x03\x04 broken zip", "ingen läsbar DOCX-fil"),
        ("cv.txt", b"\x00\x01\x02\xff\xfe binary", "ingen textfil"),
        ("cv.exe", b"MZ", "filtypen '.exe' stöds inte"),
        ("cv.txt", b"   \n ", "filen innehåller ingen text"),
    ],
)
def test_unreadable_files_get_a_clear_error(name: str, data: bytes, message: str) -> None:
    with pytest.raises(DocumentError) as info:
        read_candidate_bytes(data, name)
    assert info.value.problems[0].path == name
    assert message in info.value.problems[0].message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="filen kan inte läsas"):
        read_candidate_file(tmp_path / "nope.txt")


def test_jsonl_is_checked_whole_before_anything_is_scored(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    rows = [{"id": "a", "text": CV}, {"id": "a", "text": CV}, {"id": "", "text": "x"}, [1]]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        list(read_jsonl(path))
    paths = [p.path for p in info.value.problems]
    assert paths == ["c.jsonl:2.id", "c.jsonl:3.id", "c.jsonl:4", "c.jsonl:5"]


def test_jsonl_names_are_kept_for_masking(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "text": CV, "names": ["Zlatko Q"]}), encoding="utf-8")
    (candidate,) = read_jsonl(path)
    assert candidate.names == ("Zlatko Q",)

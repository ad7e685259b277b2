"""A corpus of hostile candidate files, generated here: every one is refused with 413 or
422 naming the file, through the reader and through the upload route; none gives a 5xx."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from fpdf import FPDF

from api.app import create_app
from graph.core.access import AccessLog, Role
from graph.core.errors import DocumentError, DocumentTooLargeError
from graph.core.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from matching.inputs import Limits, read_candidate_bytes
from matching.recruitments import Recruitment

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None,
               method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def _body(inner: str, head: str = "") -> bytes:
    return f'{head}<w:document {W}><w:body>{inner}</w:body></w:document>'.encode()


def _real_docx(text: str, breaks_in_one_run: int = 0) -> bytes:
    document = Document()
    paragraph = document.add_paragraph(text)
    run = paragraph.add_run("x")
    for _ in range(breaks_in_one_run):
        run.add_break(__import__("docx").enum.text.WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(pages: int = 1, text: str = "Jag har arbetat med samverkan.") -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for _ in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def _raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies, with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, xref))
    return out.getvalue()


def _page_pdf(content: bytes, flate: bool = False, extra_dict: bytes = b"") -> bytes:
    stream = zlib.compress(content, 9) if flate else content
    filt = b" /Filter /FlateDecode" if flate else b""
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + extra_dict + b">>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), filt) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def _nested_array_pdf(depth: int) -> bytes:
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * depth + b"]" * depth
                     + b" >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def _xform_recursion_pdf() -> bytes:
    """A form XObject that draws itself: infinite recursion for a naive extractor."""
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /X 5 0 R >> >> >>",
        b"<< /Length 8 >>\nstream\n/X Do\nq Q\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject "
        b"<< /X 5 0 R >> >> /Length 5 >>\nstream\n/X Do\nendstream",
    ])


def _page_tree_loop_pdf() -> bytes:
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def _laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        entities.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    return '<?xml version="1.0"?><!DOCTYPE lolz [' + "".join(entities) + "]>"


BILLION_LAUGHS = _laughs()
XXE = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _zip_bomb(size: int) -> bytes:
    inner = b"<w:t>" + b"A" * size + b"</w:t>"
    return _docx_with(_body(f"<w:p><w:r>{inner.decode()}</w:r></w:p>"))


def _lying_zip(declared: int, actual: int) -> bytes:
    """A member whose header declares a small size but inflates to much more."""
    data = bytearray(_zip_bomb(actual))
    # Patch the declared uncompressed size in the central directory and local header.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    real = info.file_size.to_bytes(4, "little")
    return bytes(data).replace(real, declared.to_bytes(4, "little"))


def corpus() -> dict[str, Callable[[], bytes]]:
    c: dict[str, Callable[[], bytes]] = {}
    # DOCX: structure
    c["empty.docx"] = lambda: b""
    c["not-zip.docx"] = lambda: b"PK\x03\x04 broken zip"
    c["text-as-docx.docx"] = lambda: "Jag är ingen DOCX".encode()
    c["zip-without-document.docx"] = lambda: _docx_with(b"")[:0] or _zip_only({"a.txt": b"x"})
    c["truncated.docx"] = lambda: _real_docx("Anna")[:2000]
    c["corrupt-member.docx"] = lambda: _corrupt_member()
    c["encrypted-member.docx"] = lambda: _encrypted_flag()
    c["bad-compression.docx"] = lambda: _bad_method()
    c["many-members.docx"] = lambda: _zip_only({f"m{i}": b"" for i in range(2500)})
    # DOCX: XML
    c["malformed-xml.docx"] = lambda: _docx_with(b"<w:document><w:body><w:p>")
    c["not-xml.docx"] = lambda: _docx_with(b"\x00\x01\x02 binary")
    c["billion-laughs.docx"] = lambda: _docx_with(_body("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>",
                                                        BILLION_LAUGHS))
    c["xxe.docx"] = lambda: _docx_with(_body("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>", XXE))
    c["dtd-only.docx"] = lambda: _docx_with(_body("<w:p/>", '<!DOCTYPE d [<!ELEMENT d ANY>]>'))
    c["deep-nesting.docx"] = lambda: _docx_with(_body("<w:p>" + "<w:r>" * 5000 + "</w:r>" * 5000
                                                      + "</w:p>"))
    c["deep-nesting-20k.docx"] = lambda: _docx_with(_body("<x>" * 20000 + "</x>" * 20000))
    c["wrong-namespace.docx"] = lambda: _docx_with(b"<document><body><p><t>x</t></p></body>"
                                                   b"</document>")
    c["no-text.docx"] = lambda: _docx_with(_body("<w:p/>"))
    c["utf16-garbage.docx"] = lambda: _docx_with(b"<?xml version='1.0' encoding='utf-16'?><a/>")
    # DOCX: sizes and pages
    c["zip-bomb.docx"] = lambda: _zip_bomb(40_000_000)
    c["zip-bomb-lying-header.docx"] = lambda: _lying_zip(1000, 40_000_000)
    c["ratio-bomb.docx"] = lambda: _zip_bomb(5_000_000)
    c["page-breaks-in-one-run.docx"] = lambda: _real_docx("Anna", breaks_in_one_run=1000)
    c["page-breaks-raw.docx"] = lambda: _docx_with(_body(
        "<w:p><w:r><w:t>x</w:t>" + '<w:br w:type="page"/>' * 40 + "</w:r></w:p>"))
    c["page-break-before.docx"] = lambda: _docx_with(_body(
        "<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>" * 40))
    c["section-breaks.docx"] = lambda: _docx_with(_body(
        "<w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>" * 40))
    c["too-much-text.docx"] = lambda: _docx_with(_body(
        "<w:p><w:r><w:t>" + "ord " * 60_000 + "</w:t></w:r></w:p>"))
    # PDF: structure
    c["empty.pdf"] = lambda: b""
    c["header-only.pdf"] = lambda: b"%PDF-1.4"
    c["not-pdf.pdf"] = lambda: b"%PDF-1.4 this is not really a pdf"
    c["truncated.pdf"] = lambda: _pdf()[:300]
    c["no-xref.pdf"] = lambda: _pdf().split(b"xref")[0]
    c["garbage-xref.pdf"] = lambda: _pdf().replace(b"xref", b"xraf")
    c["no-root.pdf"] = lambda: _raw_pdf([b"<< /Type /Pages /Kids [] /Count 0 >>"], root=9)
    c["root-not-dict.pdf"] = lambda: _raw_pdf([b"42"])
    c["pages-not-dict.pdf"] = lambda: _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"(x)"])
    c["page-tree-loop.pdf"] = _page_tree_loop_pdf
    c["zero-pages.pdf"] = lambda: _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                            b"<< /Type /Pages /Kids [] /Count 0 >>"])
    c["huge-count.pdf"] = lambda: _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                            b"<< /Type /Pages /Kids [] /Count 99999999 >>"])
    c["nested-arrays.pdf"] = lambda: _nested_array_pdf(100_000)
    c["nested-arrays-2k.pdf"] = lambda: _nested_array_pdf(2_000)
    c["xform-recursion.pdf"] = _xform_recursion_pdf
    c["encrypted-dict.pdf"] = lambda: _pdf().replace(b"/Root", b"/Encrypt << /Filter "
                                                     b"/Standard /V 1 >> /Root")
    # PDF: content
    c["no-text-layer.pdf"] = lambda: _page_pdf(b"0 0 m 10 10 l S")
    c["flate-bomb.pdf"] = lambda: _page_pdf(b"0 0 m\n" * 12_000_000, flate=True)
    c["large-content-stream.pdf"] = lambda: _page_pdf(
        b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" * 200_000, flate=True)
    c["bad-flate.pdf"] = lambda: _page_pdf(b"x", extra_dict=b"").replace(
        b"/Length 1 >>", b"/Length 1 /Filter /FlateDecode >>")
    c["unknown-filter.pdf"] = lambda: _page_pdf(b"BT ET").replace(
        b"/Length 5 >>", b"/Length 5 /Filter /NoSuchDecode >>")
    c["filter-chain.pdf"] = lambda: _page_pdf(b"BT ET").replace(
        b"/Length 5 >>", b"/Length 5 /Filter [" + b"/ASCIIHexDecode " * 40 + b"] >>")
    c["kid-is-catalog.pdf"] = lambda: _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                                b"<< /Type /Pages /Kids [1 0 R] /Count 1 >>"])
    c["negative-length.pdf"] = lambda: _page_pdf(b"BT ET").replace(b"/Length 5", b"/Length -5")
    c["too-many-pages.pdf"] = lambda: _pdf(pages=40)
    c["contents-not-stream.pdf"] = lambda: _page_pdf(b"BT ET").replace(b"/Contents 4 0 R",
                                                                       b"/Contents 5 0 R")
    # Other
    c["binary.txt"] = lambda: b"\x00\x01\x02\x03" * 100
    c["cv.exe"] = lambda: b"MZ\x90\x00"
    c["too-large.txt"] = lambda: b"a" * (6 * 1024 * 1024)
    c["blank.txt"] = lambda: b"   \n\t  "
    return c


def _zip_only(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _corrupt_member() -> bytes:
    data = bytearray(_docx_with(_body("<w:p><w:r><w:t>" + "Anna " * 500 + "</w:t></w:r></w:p>")))
    start = data.find(b"word/document.xml") + 40
    data[start:start + 50] = b"\xff" * 50
    return bytes(data)


def _encrypted_flag() -> bytes:
    data = bytearray(_docx_with(_body("<w:p/>")))
    # Set bit 0 (encrypted) of the general-purpose flags in every header.
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(sig)
        while at >= 0:
            data[at + offset] |= 1
            at = data.find(sig, at + 4)
    return bytes(data)


def _bad_method() -> bytes:
    data = bytearray(_docx_with(_body("<w:p/>")))
    for sig, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = data.find(sig)
        while at >= 0:
            data[at + offset:at + offset + 2] = (99).to_bytes(2, "little")
            at = data.find(sig, at + 4)
    return bytes(data)


CORPUS = corpus()


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 50


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_reader_refuses_each_file_by_name(name: str) -> None:
    with pytest.raises(DocumentError) as info:
        read_candidate_bytes(CORPUS[name](), name, Limits())
    assert info.value.problems[0].path == name
    assert len(info.value.message) < 1000


def test_pages_are_counted_wherever_the_breaks_are() -> None:
    for name in ("page-breaks-in-one-run.docx", "page-breaks-raw.docx",
                 "page-break-before.docx", "section-breaks.docx"):
        with pytest.raises(DocumentTooLargeError, match="sidor; högst 30"):
            read_candidate_bytes(CORPUS[name](), name)


def test_entities_are_never_expanded() -> None:
    for name in ("billion-laughs.docx", "xxe.docx"):
        with pytest.raises(DocumentError, match="DTD") as info:  # refused before parsing
            read_candidate_bytes(CORPUS[name](), name)
        assert "root:" not in info.value.message


def test_an_ordinary_docx_and_pdf_still_read() -> None:
    assert "Anna" in read_candidate_bytes(_real_docx("Anna Ek, handläggare"), "a.docx").text
    assert "samverkan" in read_candidate_bytes(_pdf(), "a.pdf").text


@pytest.fixture(scope="module")
def upload(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[str, str]]:
    db = tmp_path_factory.mktemp("hostile") / "h.db"
    access = AccessLog(db)
    token = access.add_user("rec", Role.RECRUITER)
    app = create_app(SQLiteStore(db), access, Settings(db=db, max_upload_request_mb=20))
    app.state.recruitments.create_recruitment(Recruitment(
        "r1", "Handläggare", "teamhandlaggare", None, None, False, ("rec",)))
    return TestClient(app), {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_upload_route_answers_413_or_422_naming_the_file(
        name: str, upload: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = upload
    data: Any = CORPUS[name]()
    r = client.post("/api/v1/recruitments/r1/candidates", headers=headers,
                    files=[("files", (name, data, "application/octet-stream"))])
    assert r.status_code in (413, 422), (r.status_code, r.text[:300])
    assert r.json()["problems"][0]["path"] == name


def test_no_file_is_left_behind(tmp_path: Path) -> None:
    # The reader works in memory: nothing it reads is written anywhere.
    before = set(tmp_path.iterdir())
    with pytest.raises(DocumentError):
        read_candidate_bytes(CORPUS["zip-bomb.docx"](), "zip-bomb.docx")
    assert set(tmp_path.iterdir()) == before

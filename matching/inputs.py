"""Read candidate texts from plain text, PDF (text layer) and DOCX, within limits.

A recruiter uploads what applicants send. A file that is too large, has too many pages, is
scanned without a text layer or is not what its name says gets an error that names the file
and the problem; nothing is half-read.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.core.errors import DocumentError, DocumentTooLargeError, Problem
from graph.core.unreadable_file import why_unreadable
from graph.model.document import excerpt
from graph.model.schema import strip_controls
from graph.model.spreadsheet import SAFE_XML, csv_text
from matching.scoring import Candidate

__all__ = ["Limits", "read_candidate_bytes", "read_candidate_file", "read_jsonl"]


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_pages: int = 30
    max_chars: int = 100_000


def _fail(source: str, message: str) -> DocumentError:
    return DocumentError([Problem(source, message)])


# What a CV needs, far below the libraries' own defaults (75 MB per stream): a flate bomb
# or a 60 MB content stream stops here with a named error instead of exhausting memory.
_PDF_LIMITS = {
    "maximum_declared_stream_length": 20_000_000,
    "array_based_stream_maximum_output_length": 20_000_000,
    "jbig2_maximum_output_length": 20_000_000,
    "lzw_maximum_output_length": 20_000_000,
    "run_length_maximum_output_length": 20_000_000,
    "zlib_maximum_output_length": 20_000_000,
    "brotli_maximum_output_length": 20_000_000,
    "image_maximum_buffer_size": 20_000_000,
    "stream_decoding_work_maximum_length": 60_000_000,
    "stream_parsing_work_maximum_count": 500_000,
    "xform_maximum_invocations_per_extraction": 500,
    "page_tree_maximum_depth": 50,
    "outline_maximum_depth": 50,
}
# A content stream longer than this is not a CV's text layer.
_PDF_MAX_CONTENT_BYTES = 4_000_000


def _pdf_text(data: bytes, source: str, limits: Limits) -> str:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    try:
        with apply_configuration(None, **_PDF_LIMITS):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise _fail(source, "PDF-filen är krypterad; skicka den utan lösenord")
            pages = len(reader.pages)
            if pages > limits.max_pages:
                raise DocumentTooLargeError(
                    [Problem(source, f"{pages} sidor; högst {limits.max_pages} läses")])
            parts: list[str] = []
            length = 0
            for number, page in enumerate(reader.pages, start=1):
                contents = page.get_contents()
                if contents is not None and len(contents.get_data()) > _PDF_MAX_CONTENT_BYTES:
                    raise DocumentTooLargeError([Problem(
                        source, f"sidan {number} har mer än {_PDF_MAX_CONTENT_BYTES} byte "
                        "innehåll; det har inget CV")])
                parts.append(page.extract_text() or "")
                length += len(parts[-1])
                if length > limits.max_chars:
                    break  # reported as too long below; no need to read further
    except LimitReachedError as exc:
        raise DocumentTooLargeError(
            [Problem(source, "PDF-filen packas upp över gränsen "
                             f"({excerpt(str(exc), quoted=False)})")]
        ) from None
    except RecursionError:
        raise _fail(source, "PDF-filen är för djupt nästlad för att läsas") from None
    except (DocumentError, MemoryError):
        raise
    except Exception as exc:
        # pypdf raises many kinds of errors on malformed input (PdfReadError, KeyError,
        # AttributeError, IndexError, ...); each means the same to the sender.
        raise _fail(source, f"ingen läsbar PDF-fil ({type(exc).__name__}: "
                            f"{excerpt(str(exc), quoted=False)})") from None
    text = "\n".join(parts)
    if not text.strip():
        raise _fail(source, "PDF-filen saknar textlager (en inskannad bild?); skicka en PDF "
                            "med text")
    return text


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_MAX_MEMBERS = 2000
_DOCX_MAX_XML_BYTES = 30_000_000  # word/document.xml unpacked
_DOCX_MAX_RATIO = 200  # unpacked / packed: text XML packs about 5-20 times


def _docx_xml(data: bytes, source: str) -> bytes:
    """word/document.xml, unpacked within limits that a zip bomb cannot pass."""
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > _DOCX_MAX_MEMBERS:
                raise DocumentTooLargeError([Problem(
                    source, f"{len(members)} delar i DOCX-filen; högst {_DOCX_MAX_MEMBERS}")])
            info = next((m for m in members if m.filename == "word/document.xml"), None)
            if info is None:
                raise _fail(source, "ingen läsbar DOCX-fil (word/document.xml saknas)")
            if info.file_size > _DOCX_MAX_XML_BYTES or \
                    info.file_size > _DOCX_MAX_RATIO * max(info.compress_size, 1000):
                raise DocumentTooLargeError([Problem(
                    source, f"dokumentet packas upp till {info.file_size} byte; högst "
                            f"{_DOCX_MAX_XML_BYTES}, och {_DOCX_MAX_RATIO} gånger packad storlek")])
            # The declared size can lie; never read more than the limit whatever it says.
            with archive.open(info) as member:
                xml = member.read(_DOCX_MAX_XML_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError,
            ValueError, EOFError) as exc:
        raise _fail(source, f"ingen läsbar DOCX-fil ({excerpt(str(exc), quoted=False)})"
                    ) from None
    if len(xml) > _DOCX_MAX_XML_BYTES:
        raise DocumentTooLargeError([Problem(
            source, f"dokumentet packas upp till mer än {_DOCX_MAX_XML_BYTES} byte")])
    return xml


def _docx_text(data: bytes, source: str, limits: Limits) -> str:
    from lxml import etree

    xml = _docx_xml(data, source)
    # Word never writes a DTD, and entity declarations are what XML bombs and external
    # entities are made of: a file with one is refused before any parser sees it.
    if any("<!DOCTYPE".encode(codec) in xml for codec in ("utf-8", "utf-16-le", "utf-16-be")):
        raise _fail(source, "DOCX-filen innehåller en DTD, vilket Word aldrig skriver")
    # And should one get past that check: no DTD is loaded, no entity expanded, nothing
    # fetched, and libxml2's own depth limit (256) stays on (no huge_tree).
    parser = etree.XMLParser(**SAFE_XML, remove_comments=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        reason = excerpt(str(exc), quoted=False)
        raise _fail(source, f"ingen läsbar DOCX-fil (trasig XML: {reason})") from None
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        lines.append("".join(
            (node.text or "") if node.tag == f"{_W}t" else "\t"
            for node in paragraph.iter(f"{_W}t", f"{_W}tab")))
    # Every page break counts, wherever it is (many in one run are many pages), and so does
    # every paragraph that starts a page and every section break that is not continuous.
    breaks = sum(1 for br in root.iter(f"{_W}br") if br.get(f"{_W}type") == "page")
    breaks += sum(1 for p in root.iter(f"{_W}pageBreakBefore")
                  if p.get(f"{_W}val") not in ("0", "false"))
    for section in root.iter(f"{_W}sectPr"):
        kind = section.find(f"{_W}type")
        in_paragraph = section.getparent().tag == f"{_W}pPr"  # the body's last one is not
        if in_paragraph and (kind is None or kind.get(f"{_W}val") != "continuous"):
            breaks += 1
    if breaks + 1 > limits.max_pages:
        raise DocumentTooLargeError(
            [Problem(source, f"{breaks + 1} sidor; högst {limits.max_pages} läses")])
    return "\n".join(lines)


def _plain_text(data: bytes, source: str) -> str:
    # One decoder for every text upload: the CSV import's reads what Windows saves (UTF-8
    # with or without a BOM, UTF-16 from Notepad's "Unicode", Windows-1252) and refuses
    # binary content; a CV saved in Notepad is the same kind of file.
    try:
        return csv_text(data, source)
    except DocumentError:
        raise _fail(
            source, "ingen textfil (binärt innehåll eller okänd teckenkodning); skicka .txt "
            "(UTF-8), .pdf eller .docx"
        ) from None


def read_candidate_bytes(
    data: bytes, filename: str, limits: Limits = Limits(), candidate_id: str | None = None
) -> Candidate:
    """A candidate from an uploaded file; the id defaults to the file's stem."""
    if len(data) > limits.max_bytes:
        raise DocumentTooLargeError(
            [Problem(filename, f"{len(data)} byte; gränsen är {limits.max_bytes}")]
        )
    suffix = Path(filename).suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        text = _pdf_text(data, filename, limits)
    elif suffix == ".docx":
        text = _docx_text(data, filename, limits)
    elif suffix in {".txt", ".md", ""}:
        text = _plain_text(data, filename)
    else:
        raise _fail(filename, f"filtypen {suffix!r} stöds inte; använd .txt, .pdf eller .docx")
    # Control and bidirectional-override characters would reorder what a reviewer reads
    # in the evidence (display spoofing); a CV has no use for them.
    text = strip_controls(text)
    if len(text) > limits.max_chars:
        raise DocumentTooLargeError(
            [Problem(filename, f"{len(text)} tecken; högst {limits.max_chars} läses")]
        )
    if not text.strip():
        raise _fail(filename, "filen innehåller ingen text")
    return Candidate(candidate_id or Path(filename).stem, text)


def read_candidate_file(path: Path, limits: Limits = Limits()) -> Candidate:
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise DocumentTooLargeError(
                [Problem(str(path), f"{size} byte; gränsen är {limits.max_bytes}")]
            )
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(str(path), f"filen kan inte läsas ({why_unreadable(path, exc)})") from None
    return read_candidate_bytes(data, str(path), limits, candidate_id=path.stem)


def read_jsonl(path: Path, limits: Limits = Limits()) -> Iterator[Candidate]:
    """Candidates from JSON lines ``{"id": ..., "text": ...}``; all are checked first."""
    candidates: list[Candidate] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(Problem(where, f"ogiltig JSON ({exc.msg})"))
                continue
            if not isinstance(row, dict):
                problems.append(Problem(where, "ska vara ett objekt med 'id' och 'text'"))
                continue
            cid, text = row.get("id"), row.get("text")
            if not isinstance(cid, str) or not cid:
                problems.append(Problem(f"{where}.id", "saknas eller är ingen sträng"))
            elif cid in seen:
                problems.append(Problem(f"{where}.id", f"id {cid!r} förekommer två gånger"))
            if not isinstance(text, str) or not text.strip():
                problems.append(Problem(f"{where}.text", "saknas eller är tom"))
            elif len(text) > limits.max_chars:
                problems.append(
                    Problem(f"{where}.text", f"{len(text)} tecken; högst {limits.max_chars}")
                )
            if isinstance(cid, str) and isinstance(text, str) and text.strip():
                seen.add(cid)
                names = row.get("names") or ()
                candidates.append(Candidate(cid, strip_controls(text),
                                            tuple(str(n) for n in names)))
    if problems:
        raise DocumentError(problems)
    yield from candidates

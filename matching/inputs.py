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
from matching.scoring import Candidate

__all__ = ["Limits", "read_candidate_bytes", "read_candidate_file", "read_jsonl"]


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_pages: int = 30
    max_chars: int = 100_000


def _fail(source: str, message: str) -> DocumentError:
    return DocumentError([Problem(source, message)])


def _pdf_text(data: bytes, source: str, limits: Limits) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _fail(source, "the PDF is encrypted; send it without a password")
        pages = len(reader.pages)
        if pages > limits.max_pages:
            raise DocumentTooLargeError(
                [Problem(source, f"{pages} pages; at most {limits.max_pages} are read")]
            )
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise _fail(source, f"not a readable PDF ({exc})") from None
    if not text.strip():
        raise _fail(source, "the PDF has no text layer (a scanned image?); send a text PDF")
    return text


def _docx_text(data: bytes, source: str, limits: Limits) -> str:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _fail(source, f"not a readable DOCX file ({exc})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
    # A page break count is the nearest DOCX has to a page count.
    breaks = sum(
        1 for p in document.paragraphs for run in p.runs if 'w:br w:type="page"' in run._r.xml
    )
    if breaks + 1 > limits.max_pages:
        raise DocumentTooLargeError(
            [Problem(source, f"{breaks + 1} pages; at most {limits.max_pages} are read")]
        )
    return "\n".join(lines)


def _plain_text(data: bytes, source: str) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise _fail(source, "not a text file (binary content); send .txt, .pdf or .docx")


def read_candidate_bytes(
    data: bytes, filename: str, limits: Limits = Limits(), candidate_id: str | None = None
) -> Candidate:
    """A candidate from an uploaded file; the id defaults to the file's stem."""
    if len(data) > limits.max_bytes:
        raise DocumentTooLargeError(
            [Problem(filename, f"{len(data)} bytes; the limit is {limits.max_bytes}")]
        )
    suffix = Path(filename).suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        text = _pdf_text(data, filename, limits)
    elif suffix == ".docx":
        text = _docx_text(data, filename, limits)
    elif suffix in {".txt", ".md", ""}:
        text = _plain_text(data, filename)
    else:
        raise _fail(filename, f"unsupported file type {suffix!r}; use .txt, .pdf or .docx")
    if len(text) > limits.max_chars:
        raise DocumentTooLargeError(
            [Problem(filename, f"{len(text)} characters; at most {limits.max_chars} are read")]
        )
    if not text.strip():
        raise _fail(filename, "the file has no text")
    return Candidate(candidate_id or Path(filename).stem, text)


def read_candidate_file(path: Path, limits: Limits = Limits()) -> Candidate:
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise DocumentTooLargeError(
                [Problem(str(path), f"{size} bytes; the limit is {limits.max_bytes}")]
            )
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(str(path), f"cannot read the file ({exc.strerror})") from None
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
                problems.append(Problem(where, f"invalid JSON ({exc.msg})"))
                continue
            if not isinstance(row, dict):
                problems.append(Problem(where, "expected an object with 'id' and 'text'"))
                continue
            cid, text = row.get("id"), row.get("text")
            if not isinstance(cid, str) or not cid:
                problems.append(Problem(f"{where}.id", "missing or not a string"))
            elif cid in seen:
                problems.append(Problem(f"{where}.id", f"duplicate id {cid!r}"))
            if not isinstance(text, str) or not text.strip():
                problems.append(Problem(f"{where}.text", "missing or empty"))
            elif len(text) > limits.max_chars:
                problems.append(
                    Problem(f"{where}.text", f"{len(text)} characters; at most {limits.max_chars}")
                )
            if isinstance(cid, str) and isinstance(text, str) and text.strip():
                seen.add(cid)
                names = row.get("names") or ()
                candidates.append(Candidate(cid, text, tuple(str(n) for n in names)))
    if problems:
        raise DocumentError(problems)
    yield from candidates

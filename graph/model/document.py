"""Reading, validating and writing the interchange document (JSON or YAML).

Validation is complete before anything is written: every problem is reported with the
row and field it concerns, e.g. ``people[3].organisation: unknown organisation 'afx'``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar, Literal

import yaml
from pydantic import ValidationError

from graph.core.errors import DocumentError, DocumentTooLargeError, Problem
from graph.core.progress import Progress
from graph.core.unreadable_file import why_unreadable
from graph.model.schema import ENTITY_SECTIONS, NOUNS, REFERENCES, SECTIONS, Document, Row

Format = Literal["json", "yaml"]
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
# A document is a mapping of lists of rows whose values are at most lists of strings:
# four levels. Anything far deeper is not a document, and nesting is refused before it
# can exhaust the stack of any code that walks it.
MAX_DEPTH = 32
# No message quotes more of the input than this.
EXCERPT_CHARS = 60
# A validator's own message with its quotes cut is shorter than this; a longer one is cut too.
MAX_MESSAGE_CHARS = 400


def excerpt(value: Any, *, quoted: bool = True) -> str:
    """A short quotation of part of an input, for error messages."""
    text = repr(value) if quoted else str(value)
    if len(text) <= EXCERPT_CHARS:
        return text
    return f"{text[:EXCERPT_CHARS]}… ({len(text)} tecken)"


def short_message(message: str) -> str:
    """A validator's message whole, unless it is longer than any of ours is."""
    return excerpt(message, quoted=False) if len(message) > MAX_MESSAGE_CHARS else message


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML without alias expansion and without YAML's own date parsing.

    An alias (``*name``) refers to a node already built, so a few hundred bytes of nested
    aliases describe gigabytes once anything walks them; an interchange document has no
    use for them. Dates stay strings so that the schema reads them, and an impossible
    date (2025-02-30) is a located error instead of the YAML library's ValueError.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "YAML aliases (*name) are not accepted in an import file",
                node.start_mark)
        return super().construct_object(node, deep)


def _check_depth(data: Any) -> None:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise DocumentError([Problem("", f"nested deeper than {MAX_DEPTH} levels; "
                                         "a document is lists of rows")])
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)



def format_for(path: str | os.PathLike[str], default: Format = "json") -> Format:
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    return default


def parse_bytes(data: bytes, fmt: Format | None = None) -> Any:
    """Decode JSON or YAML; a syntax error names the line and column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError([Problem("", f"not UTF-8 text (byte {exc.start})")]) from None
    if fmt is None:
        fmt = "json" if text.lstrip().startswith(("{", "[")) else "yaml"
    data = _parse_json(text) if fmt == "json" else _parse_yaml(text)
    _check_depth(data)
    return data


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise DocumentError([Problem("", msg)]) from None
    except RecursionError:
        raise DocumentError([Problem("", f"nested deeper than {MAX_DEPTH} levels; "
                                     "a document is lists of rows")]) from None


def _parse_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DocumentError([Problem("", f"malformed YAML{where}: {excerpt(problem, quoted=False)}")
                             ]) from None


def read_document(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Any:
    """Read a file into plain data, refusing files above ``max_bytes`` before reading them."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise DocumentTooLargeError(
                [Problem("", f"{p.name} är {f'{size / 2**20:.1f}'.replace('.', ',')} MiB; "
                         f"gränsen är {max_bytes / 2**20:.0f} MiB (SAMVERKAN_MAX_IMPORT_MB)")]
            )
        # Read here too: a folder passes stat() and failed in read_bytes() unanswered.
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError([Problem("", f"{p} kan inte läsas: {why_unreadable(p, exc)}")]
                            ) from None
    return parse_bytes(data, format_for(p, default="json") if p.suffix else None)


def _loc_to_path(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _strings(value: Any) -> list[str]:
    """The texts of a validated input: itself, or a row's values (a row's own checks)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [v for v in value.values() if isinstance(v, str)]
    return []


def _message(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if kind == "enum":
        return f"must be one of {err['ctx']['expected']}, got {excerpt(err['input'])}"
    if kind == "string_pattern_mismatch":
        return f"invalid id {excerpt(err['input'])}: use letters, digits, '_', '.' and '-'"
    if kind == "value_error":
        # The validators word these messages themselves (graph.model.swedish_problems knows
        # each wording whole): cut only the input a message quotes, never the message, or
        # its Swedish is lost ("contains the control character … ; remove …").
        message = str(err["ctx"]["error"])
        for value in _strings(err.get("input")):
            if len(repr(value)) > EXCERPT_CHARS:
                message = message.replace(repr(value), excerpt(value))
        return short_message(message)
    if kind in ("string_too_long", "too_long"):
        return str(err["msg"])  # the input itself is what is too long to quote
    return f"{err['msg']}, got {excerpt(err['input'])}" if "input" in err else str(err["msg"])


def problems_of(errors: Iterable[Mapping[str, Any]], prefix: Iterable[int | str] = ()
                ) -> list[Problem]:
    """pydantic's errors as problems, each with its path (``people[3].since``) and a
    readable message: the one translation for documents, rows, profiles and API bodies."""
    head = list(prefix)
    return [Problem(_loc_to_path([*head, *e.get("loc", ())]), _message(e)) for e in errors]


def validate_shape(data: Any) -> Document:
    """Validate types, enums, dates and unknown keys; no cross-references yet."""
    if isinstance(data, Document):  # validated already (validate_in_steps)
        return data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DocumentError([Problem("", "the document must be a mapping of lists")])
    try:
        return Document.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(problems_of(exc.errors(include_url=False))) from None


def validate_in_steps(data: Any, progress: Progress, rows_per_step: int = 1000) -> Document:
    """:func:`validate_shape` a chunk of rows at a time, so that a long import shows how far
    it is and can be cancelled between chunks (``progress.step`` raises then).

    The problems are validate_shape's own: on any, the whole document is validated again,
    since a chunk's problems would be numbered from the chunk's first row.
    """
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        return validate_shape(data)
    validate_shape({key: [] for key in data})  # an unknown section is refused first
    progress.start("kontrollerar", sum(len(rows) for rows in data.values()))
    checked: dict[str, list[Row]] = {}
    try:
        for section, rows in data.items():
            for start in range(0, len(rows), rows_per_step):
                chunk = rows[start:start + rows_per_step]
                checked.setdefault(section, []).extend(
                    getattr(validate_shape({section: chunk}), section))
                progress.step(len(chunk))
    except DocumentError:
        return validate_shape(data)
    # Rows already validated are taken as they are; the document's own checks still run.
    return Document.model_validate(checked)


def validate_row(section: str, row: Row | Mapping[str, Any]) -> Row:
    """One row of a section, validated as an import validates it (paths name the field)."""
    model = SECTIONS[section]
    if isinstance(row, model):
        return row
    data = row.model_dump(by_alias=True, exclude_unset=True) if isinstance(row, Row) else row
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(problems_of(exc.errors(include_url=False))) from None


@dataclass
class Known:
    """What a store already holds, so a merged document can refer to it."""

    sections: dict[str, str] = field(default_factory=dict)  # id -> section
    parents: dict[str, str | None] = field(default_factory=dict)  # org/group id -> parent


def check_references(doc: Document, known: Known | None = None) -> list[Problem]:
    """Every reference resolves, ids are unique across kinds, hierarchies have no cycles."""
    known = known or Known()
    problems: list[Problem] = []
    section_of = dict(known.sections)
    first_seen: dict[str, str] = {}
    for section in ENTITY_SECTIONS:
        for i, row in enumerate(getattr(doc, section)):
            where = f"{section}[{i}]"
            if row.id in first_seen:
                problems.append(Problem(f"{where}.id", f"duplicate id {row.id!r} "
                                        f"(also {first_seen[row.id]})"))
                continue
            first_seen[row.id] = where
            before = section_of.get(row.id)
            if before is not None and before != section:
                problems.append(Problem(f"{where}.id", f"id {row.id!r} is already used by a "
                                        f"{NOUNS[before]}"))
            section_of[row.id] = section

    def ref(path: str, value: str | None, *allowed: str) -> None:
        if value is None:
            return
        if section_of.get(value) not in allowed:
            wanted = " or ".join(NOUNS[s] for s in allowed)
            problems.append(Problem(path, f"unknown {wanted} {value!r}"))

    for reference in REFERENCES:
        for i, row in enumerate(getattr(doc, reference.section)):
            path = f"{reference.section}[{i}].{reference.field}"
            value = getattr(row, reference.field)
            if reference.many:
                for j, item in enumerate(value):
                    ref(f"{path}[{j}]", item, *reference.targets)
            else:
                ref(path, value, *reference.targets)

    for section in ("memberships", "participations", "ties"):
        seen: dict[str, int] = {}
        for i, row in enumerate(getattr(doc, section)):
            k = row.key()
            if k in seen:
                problems.append(Problem(f"{section}[{i}]",
                                        f"duplicate of {section}[{seen[k]}]"))
            else:
                seen[k] = i

    parents = dict(known.parents)
    parents.update({o.id: o.parent for o in doc.organisations})
    parents.update({g.id: g.parent for g in doc.groups})
    for section in ("organisations", "groups"):
        for i, row in enumerate(getattr(doc, section)):
            if _in_cycle(row.id, parents):
                problems.append(Problem(f"{section}[{i}].parent",
                                        f"{row.id!r} would be its own ancestor"))
    return problems


def _in_cycle(start: str, parents: Mapping[str, str | None]) -> bool:
    seen = {start}
    node = parents.get(start)
    while node is not None:
        if node in seen:
            return node == start
        seen.add(node)
        node = parents.get(node)
    return False


def load_document(data: Any, known: Known | None = None) -> Document:
    """Validate plain data completely; raise one DocumentError listing every problem."""
    doc = validate_shape(data)
    problems = check_references(doc, known)
    if problems:
        raise DocumentError(problems)
    return doc


def to_data(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """Plain data with only the keys each row set: the canonical export form."""
    return {
        section: [row.model_dump(mode="json", by_alias=True, exclude_unset=True)
                  for row in rows]
        for section in SECTIONS
        if (rows := getattr(doc, section))
    }


def dump(data: Mapping[str, Any], out: IO[str], fmt: Format) -> None:
    if fmt == "yaml":
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        yaml.dump(dict(data), out, Dumper=dumper, allow_unicode=True, sort_keys=False)
    else:
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.write("\n")

"""Validation problems in Swedish, located for the person who made the input.

The document validator (``graph.model.document``) reports problems in English against a
path into the interchange document, ``people[12].organisation: unknown organisation 'afx'``.
A spreadsheet user needs the sheet, row and column instead, and the web interface's edit
forms the field; both need Swedish. This module does that translation in one place, so an
import and an edit say the same thing about the same mistake.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from graph.core.errors import DocumentError, Problem, SamverkanError

__all__ = ["PATH", "in_swedish", "message_in_swedish", "noun"]

NOUNS = {"organisation": "organisation", "person": "person", "group": "grupp",
         "initiative": "insats", "role": "roll"}

# ``section[index].field[item]``: the parts of a problem's path.
PATH = re.compile(r"^(?P<section>\w+)\[(?P<index>\d+)\](?:\.(?P<field>\w+))?(?:\[(?P<item>\d+)\])?")


def noun(english: str) -> str:
    return " eller ".join(NOUNS.get(w, w) for w in english.split(" or "))


# The service's own patterns in words: a person asked for an id read the regular expression
# "^[a-z0-9][a-z0-9-]{0,63}$" (Administration's Ny rekrytering).
PATTERN_WORDS = {
    r"^[a-z0-9][a-z0-9-]{0,63}$":
        "använd små bokstäver a–z, siffror och bindestreck (inte först), högst 64 tecken, "
        "till exempel team-fk-2026",
    r"^[\w][\w.\-]*$": "använd bokstäver, siffror, '_', '.' och '-' ('.' och '-' inte först)",
}


def _got(m: re.Match[str], group: int) -> str:
    """", inte X" where the message named the value it got (our validator's and pydantic's
    own wording do; FastAPI's request validation does not)."""
    return f", inte {m.group(group)}" if m.group(group) is not None else ""


_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^unknown field$"), lambda m: "okänt fält"),
    (re.compile(r"^required field is missing$"), lambda m: "obligatoriskt fält saknas"),
    (re.compile(r"^must be one of (.*), got (.*)$"),
     lambda m: f"måste vara ett av {m.group(1).replace(' or ', ' eller ')}, inte {m.group(2)}"),
    (re.compile(r"^invalid id (.*): use letters, digits, '_', '\.' and '-'$"),
     lambda m: f"ogiltigt id {m.group(1)}: använd bokstäver, siffror, '_', '.' och '-'"),
    (re.compile(r"^expected a date as YYYY-MM-DD, got (.*)$"),
     lambda m: f"ska vara ett datum ÅÅÅÅ-MM-DD, inte {m.group(1)}"),
    (re.compile(r"^invalid date (.*)$"), lambda m: f"ogiltigt datum {m.group(1)}"),
    # Said without the keys: it stands beside the field (Till, Slut) or in its column.
    (re.compile(r"^(\w+) (\S+) is before (\w+) (\S+)$"),
     lambda m: f"slutdagen {m.group(2)} är före startdagen {m.group(4)}"),
    (re.compile(r"^contains the control character (U\+[0-9A-F]{4,}) at position (\d+); remove it$"),
     lambda m: f"innehåller styrtecknet {m.group(1)} på position {m.group(2)}; ta bort det"),
    (re.compile(r"^a tie needs two different people, got (.*) twice$"),
     lambda m: f"en kontakt behöver två olika personer, inte {m.group(1)} två gånger"),
    (re.compile(r"^unknown ((?:\w+)(?: or \w+)*) (.*)$"),
     lambda m: f"okänd {noun(m.group(1))} {m.group(2)}"),
    (re.compile(r"^id (.*) is already used by a (\w+)$"),
     lambda m: f"id {m.group(1)} används redan av en {noun(m.group(2))}"),
    (re.compile(r"^(.*) would be its own ancestor$"),
     lambda m: f"{m.group(1)} skulle bli sin egen överordnade"),
    (re.compile(r"^Input should be less than or equal to (\S+)(?:, got (.*))?$"),
     lambda m: f"får vara högst {m.group(1)}" + _got(m, 2)),
    (re.compile(r"^Input should be greater than or equal to (\S+)(?:, got (.*))?$"),
     lambda m: f"måste vara minst {m.group(1)}" + _got(m, 2)),
    (re.compile(r"^Input should be a valid integer.*, got (.*)$"),
     lambda m: f"ska vara ett heltal, inte {m.group(1)}"),
    (re.compile(r"^Input should be a valid (string|list).*, got (.*)$"),
     lambda m: f"ska vara {'text' if m.group(1) == 'string' else 'en lista'}, "
               f"inte {m.group(2)}"),
    (re.compile(r"^String should have at least 1 character, got (.*)$"),
     lambda m: "får inte vara tomt"),
    (re.compile(r"^String should have at most (\d+) characters?(?:, got .*)?$"),
     lambda m: f"får vara högst {m.group(1)} tecken"),
    # A whole document's problems (graph.model.document), as a JSON or YAML import over
    # HTTP answers them; the located duplicates keep their document paths.
    (re.compile(r"^the document must be a mapping of lists$"),
     lambda m: "dokumentet ska vara en mappning av listor (avsnitt: rader)"),
    (re.compile(r"^nested deeper than (\d+) levels; a document is lists of rows$"),
     lambda m: f"nästlat djupare än {m.group(1)} nivåer; ett dokument är listor av rader"),
    (re.compile(r"^not UTF-8 text \(byte (\d+)\)$"),
     lambda m: f"ingen UTF-8-text (byte {m.group(1)})"),
    (re.compile(r"^malformed (JSON|YAML)(?: at line (\d+), column (\d+))?: (.*)$", re.DOTALL),
     lambda m: f"felaktig {m.group(1)}"
               + (f" på rad {m.group(2)}, kolumn {m.group(3)}" if m.group(2) else "")
               + f": {m.group(4)}"),
    (re.compile(r"^duplicate of (\w+\[\d+\])$"), lambda m: f"samma rad som {m.group(1)}"),
    (re.compile(r"^duplicate id (.*) \(also (\w+\[\d+\])\)$"),
     lambda m: f"id {m.group(1)} finns redan ({m.group(2)})"),
    # FastAPI's request validation (pydantic's own wording, without the "got" part).
    (re.compile(r"^Field required$"), lambda m: "obligatoriskt fält saknas"),
    (re.compile(r"^Extra inputs are not permitted$"), lambda m: "okänt fält"),
    (re.compile(r"^String should match pattern '(.*)'$"),
     lambda m: f"har fel form: {PATTERN_WORDS[m.group(1)]}" if m.group(1) in PATTERN_WORDS
     else f"har fel form (tillåtet mönster: {m.group(1)})"),
    (re.compile(r"^String should have at least (\d+) characters?$"),
     lambda m: "får inte vara tomt" if m.group(1) == "1" else f"ska ha minst {m.group(1)} tecken"),
    (re.compile(r"^List should have at most (\d+) items?.*$"),
     lambda m: f"får ha högst {m.group(1)} värden"),
    (re.compile(r"^Input should be a valid integer.*$"), lambda m: "ska vara ett heltal"),
    (re.compile(r"^Input should be a valid boolean.*$"), lambda m: "ska vara true eller false"),
    (re.compile(r"^Input should be a valid (?:date|datetime).*$"),
     lambda m: "ska vara ett datum ÅÅÅÅ-MM-DD"),
    (re.compile(r"^Input should be a valid string$"), lambda m: "ska vara text"),
    (re.compile(r"^Input should be a valid (?:list|array)$"), lambda m: "ska vara en lista"),
    (re.compile(r"^Input should be (?:a valid dictionary|an object).*$"),
     lambda m: "ska vara ett objekt"),
    (re.compile(r"^Input should be ('.*')$"),
     lambda m: f"ska vara en av {m.group(1).replace(' or ', ' eller ')}"),
    (re.compile(r"^JSON decode error$"), lambda m: "ogiltig JSON"),
    # A multipart part with an empty file name ('filename=""') reaches FastAPI as a plain
    # text field, not as a file: the only way a browser or client sends one.
    (re.compile(r"^Expected UploadFile, received: .*$"),
     lambda m: "filen saknar filnamn; välj filen igen eller ge den ett namn"),
]


def message_in_swedish(message: str) -> str:
    """One validation message in Swedish where its wording is known, else as it is.

    >>> message_in_swedish("Field required")
    'obligatoriskt fält saknas'
    >>> message_in_swedish("Value error, expected a date as YYYY-MM-DD, got 'igår'")
    "ska vara ett datum ÅÅÅÅ-MM-DD, inte 'igår'"
    """
    message = message.removeprefix("Value error, ")
    for pattern, wording in _PATTERNS:
        m = pattern.match(message)
        if m:
            return wording(m)
    return message


def in_swedish(
    problems: Sequence[Problem], where: Callable[[str, int], str], *,
    field_label: Callable[[str], str] = lambda f: f"kolumn {f}",
) -> list[Problem]:
    """The problems reworded in Swedish, each located by ``where(section, index)``.

    ``where`` turns a row of the document into the user's place for it ("people, rad 14");
    the field becomes ``field_label(field)`` ("kolumn organisation").

    >>> p = Problem("people[12].organisation", "unknown organisation 'afx'")
    >>> str(in_swedish([p], lambda s, i: f"{s}, rad {i + 2}")[0])
    "people, rad 14, kolumn organisation: okänd organisation 'afx'"
    """
    out = []
    for problem in problems:
        message = problem.message
        duplicate = re.match(r"^duplicate of (\w+)\[(\d+)\]$", message)
        also = re.match(r"^duplicate id (.*) \(also (\w+)\[(\d+)\]\)$", message)
        if duplicate:
            message = f"samma rad som {where(duplicate.group(1), int(duplicate.group(2)))}"
        elif also:
            message = (f"id {also.group(1)} finns redan "
                       f"({where(also.group(2), int(also.group(3)))})")
        else:
            message = message_in_swedish(message)
        m = PATH.match(problem.path)
        if m is None:
            out.append(Problem(problem.path, message))
            continue
        parts = [where(m.group("section"), int(m.group("index")))]
        if m.group("field"):
            parts.append(field_label(m.group("field")))
        place = ", ".join(p for p in parts if p)
        if m.group("item") is not None:
            place += f" (värde {int(m.group('item')) + 1})"
        out.append(Problem(place, message))
    return out


def error_in_swedish(exc: SamverkanError) -> tuple[str, list[Problem]]:
    """An error's message and problems as a person reads them: the validators and the
    document checks word a document's problems in English (the logs keep them so), and an
    HTTP answer, a background job's record and the command line say them in Swedish, at
    the same paths.
    Problems already in Swedish (spreadsheets, edits) stay as they are."""
    problems = list(getattr(exc, "problems", None) or [])
    if isinstance(exc, DocumentError) and problems:
        problems = [Problem(p.path, message_in_swedish(p.message)) for p in problems]
        return exc.listing(problems), problems
    return exc.message, problems

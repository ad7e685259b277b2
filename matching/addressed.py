"""Blocks of a CV that address the reader: a pasted job advertisement or competence profile.

An advertisement is written in the profile's own words ("Som processledare ansvarar du för
att driva insatsen tillsammans med Försäkringskassan …", "You will lead the work of the
steering group"), so the encoder puts it as close to the behaviours as a candidate's own
work: on the seventh held-out set three CVs with a pasted advertisement scored 54-62
points at grades 0 and 1. What marks such a block is not its words but whom it speaks to:
it addresses the reader ("du", "dig", "you", "your") and never speaks as "jag"/"I", or it
stands under a heading that names the advertisement ("Om tjänsten", "Vi söker",
"Requirements", "(från annonsen)"). A form's question also says "du", and the answer under
it is the candidate's, so questions do not count towards a block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

_Mark = TypeVar("_Mark")

__all__ = ["addressed_to_reader", "paragraph_numbers"]

# "I" only in capitals: the Swedish "i" is "in".
_READER = re.compile(r"\b(?:[Dd]u|[Dd]ig|[Dd]in|[Dd]itt|[Dd]ina|[Yy]ou|[Yy]our|[Yy]ourself)\b")
_WRITER = re.compile(r"\b(?:[Jj]ag|[Mm]ig|[Mm]in|[Mm]itt|[Mm]ina|I|[Mm]e|[Mm]y|I'm|I've|I'd)\b")
# A heading that names an advertisement or a post's requirements.
_AD_HEADING = re.compile(
    r"(?i)\b(?:annons\w*|om tjänsten|om rollen|vi söker|vem är du|din profil|"
    r"advert\w*|job ad|about the (?:role|job|position)|requirements|who you are|your profile|"
    r"we are looking for|job description)\b"
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _is_heading(unit: str) -> bool:
    text = unit.strip()
    return len(text.split()) <= 6 and not re.search(r"[.!?]$", text)


def paragraph_numbers(text: str, starts: Sequence[int]) -> list[int]:
    """Per unit (by its start in ``text``), the number of the paragraph it stands in
    (paragraphs are separated by a blank line).

    >>> paragraph_numbers("Profil\\nDu leder.\\n\\nJag ledde.", [0, 7, 18])
    [0, 0, 1]
    """
    breaks = [m.end() for m in _BLANK_LINE.finditer(text)]
    return [sum(1 for b in breaks if b <= start) for start in starts]


def spread_in_paragraph(marks: list[_Mark | None], i: int, paragraphs: Sequence[int],
                        stop: Callable[[int], bool], steps: tuple[int, ...] = (1,)) -> None:
    """Give unit ``i``'s mark to the units next to it in its paragraph that have none,
    going each way of ``steps`` (1: on, -1: back) up to the first unit ``stop`` is true of
    (matching.frame's frames, matching.outsider's roles).

    >>> marks = [None, "x", None, None, None]
    >>> spread_in_paragraph(marks, 1, [0, 0, 0, 0, 1], lambda j: j == 3, (-1, 1))
    >>> marks
    ['x', 'x', 'x', None, None]
    """
    for step in steps:
        j = i + step
        while 0 <= j < len(marks) and paragraphs[j] == paragraphs[i] and not stop(j):
            marks[j] = marks[j] or marks[i]
            j += step


def _block_addresses_reader(units: Sequence[str]) -> bool:
    """True when a paragraph speaks to the reader: at least half its statements (not
    headings, not questions) say "du"/"you" and none says "jag"/"I"."""
    statements = [u for u in units if not _is_heading(u) and not u.rstrip().endswith("?")]
    if not statements or any(_WRITER.search(u) for u in units):
        return False
    return 2 * sum(1 for u in statements if _READER.search(u)) >= len(statements)


def addressed_to_reader(units: Sequence[str], paragraphs: Sequence[int]) -> list[bool]:
    """Per unit, True when it stands in a block addressed to the reader: an advertisement or
    competence profile pasted into the CV (``paragraphs``: :func:`paragraph_numbers`).

    >>> addressed_to_reader(["Profil", "Processledare till samverkansinsats.",
    ...     "Som processledare ansvarar du för att driva insatsen.",
    ...     "Du leder styrgruppens arbete.", "2019 – nu Lagerarbetare"], [0, 0, 0, 0, 1])
    [True, True, True, True, False]
    >>> addressed_to_reader(["As process lead you will run the initiative.",
    ...     "You will lead the steering group.", "Experience is an advantage."], [0, 0, 0])
    [True, True, True]
    >>> addressed_to_reader(["Som du ser ledde jag styrgruppen.", "Jag byggde teamet."],
    ...     [0, 0])
    [False, False]
    >>> addressed_to_reader(["Har du lett en grupp?", "Ja, ledde styrgruppen i fyra år."],
    ...     [0, 0])
    [False, False]
    >>> addressed_to_reader(["Requirements", "Five years in a joint team."], [0, 1])
    [True, True]
    """
    out = [False] * len(units)
    numbers = sorted(set(paragraphs))
    members = {p: [i for i, q in enumerate(paragraphs) if q == p] for p in numbers}
    follows_heading = False
    for p in numbers:
        rows = members[p]
        texts = [units[i] for i in rows]
        headed = _is_heading(texts[0]) and bool(_AD_HEADING.search(texts[0]))
        if headed or follows_heading or _block_addresses_reader(texts):
            for i in rows:
                out[i] = True
        # A heading standing alone heads the paragraph after it.
        follows_heading = headed and len(rows) == 1
    return out

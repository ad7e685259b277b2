"""How much evidence from a role that ended long ago counts.

"Mellan 1999 och 2002 arbetade jag på …", "From 2005 to 2009 I was process lead": the
collaboration such a text describes is real but old, and on the fifth held-out set a
grade-1 text whose only collaboration ended in 2002 scored 100 "stark". Each unit of a CV is
given the year the role it describes ended, read from the dates the text gives
(:func:`matching.facts.dated_span`: "2012–2016", "mellan 1999 och 2002", "from 2005 to
2009"; "sedan 2014" and "2015–idag" are current):

- a dated unit sets the period; the undated units after it (the rest of the CV row, the
  sentences that go on about that job) keep it, until a unit with another date, or one
  that speaks of now ("idag", "nu", "currently", "arbetar", "I work");
- an undated earlier role ("Tidigare arbetade jag …", "Previously I worked …") in a text
  whose current role is dated ("sedan 2003 slöjdlärare") ended at the latest when the
  current role began.

Evidence from a role that ended more than :data:`GRACE_YEARS` ago is halved every
:data:`HALF_LIFE_YEARS` beyond that (:func:`recency`), in both languages alike; the
evidence row says so ("avslutat 2002"). An undated role is never discounted: nothing says
when it ended.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from matching.facts import dated_span

__all__ = ["GRACE_YEARS", "HALF_LIFE_YEARS", "Ended", "ended_roles", "recency"]

# Set on the development set (docs/matching.md, "Sixth round of issue 18"): work that
# ended up to ten years ago is recent experience; a role that ended in 2002 weighs 9 % in
# 2026, one that ended in 2009 30 %.
GRACE_YEARS = 10
HALF_LIFE_YEARS = 4.0

_NOW = re.compile(
    r"(?i)\b(idag|i dag|nu|numera|för närvarande|just nu|today|now|currently|nowadays|"
    r"at present|arbetar|jobbar|I work|I lead|I run|I am working)\b"
)
# Only words that say "before": a past tense alone ("Där arbetade jag med …") is often the
# current job told in the past.
_EARLIER_ROLE = re.compile(
    r"(?i)\b(tidigare|förut|innan dess|dessförinnan|previously|formerly|earlier|before that|"
    r"prior to this)\b"
)
# An education row's years ("Socionomprogrammet 1995–1998") date no role.
_EDUCATION = re.compile(
    r"(?i)\b(examen|utbildning|universitet\w*|högskola\w*|programmet|studier|läste|"
    r"university|degree|programme|program|studies|studied|graduated)\b"
)


@dataclass(frozen=True, slots=True)
class Ended:
    """The year a unit's role ended; ``at_latest`` when only an upper bound is known."""

    year: int
    at_latest: bool = False

    @property
    def note(self) -> str:
        return f"avslutat {'senast ' if self.at_latest else ''}{self.year}"


def recency(ended: Ended | None, this_year: int) -> float:
    """The weight of evidence from a role that ended in ``ended.year``.

    >>> recency(None, 2026), recency(Ended(2018), 2026)
    (1.0, 1.0)
    >>> round(recency(Ended(2002), 2026), 3), round(recency(Ended(2009), 2026), 3)
    (0.088, 0.297)
    """
    if ended is None:
        return 1.0
    beyond = this_year - ended.year - GRACE_YEARS
    return 1.0 if beyond <= 0 else float(0.5 ** (beyond / HALF_LIFE_YEARS))


def ended_roles(units: Sequence[str], this_year: int) -> list[Ended | None]:
    """For each unit (in text order), when the role it describes ended; None if current or
    not known.

    >>> [e and e.note for e in ended_roles(["Mellan 1999 och 2002 arbetade jag på FK.",
    ...     "Där ledde jag styrgruppen.", "Idag arbetar jag som slöjdlärare."], 2026)]
    ['avslutat 2002', 'avslutat 2002', None]
    >>> [e and e.note for e in ended_roles(["Tidigare arbetade jag som processledare.",
    ...     "Sedan 2003 är jag slöjdlärare."], 2026)]
    ['avslutat senast 2003', None]
    >>> [e and e.note for e in ended_roles(["2012–2018 AF, arbetsförmedlare.",
    ...     "2018–idag Lomma kommun, samordnare."], 2026)]
    ['avslutat 2018', None]
    """
    spans = [None if _EDUCATION.search(u) else dated_span(u, this_year) for u in units]
    current_starts = [s[0] for s in spans if s is not None and s[2]]
    began = max(current_starts) if current_starts else None
    out: list[Ended | None] = []
    state: Ended | None = None
    for unit, span in zip(units, spans, strict=True):
        if _EDUCATION.search(unit):
            out.append(None)  # a degree is no part of the role before it
            continue
        if span is not None:
            state = None if span[2] else Ended(span[1])
        elif _EARLIER_ROLE.search(unit) and began is not None and not _NOW.search(unit):
            state = Ended(began, at_latest=True)
        elif _NOW.search(unit):
            state = None
        out.append(state)
    return out

"""Hard facts read from a CV by rules: degree, employers among the parties, years.

These are what a recruiter checks first and what an embedding model is worst at. They feed
the background dimension and the handbook's "hitta rätt": prefer experience from the
organisation and profession the post will mainly work with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from matching.sentences import split_sentences

__all__ = ["Employment", "Facts", "Party", "extract_facts", "party_of"]


class Party(StrEnum):
    """The four kinds of party to a samordningsförbund (lagen 2003:1210)."""

    AF = "af"
    FK = "fk"
    KOMMUN = "kommun"
    REGION = "region"


PARTY_NAMES: dict[Party, str] = {
    Party.AF: "Arbetsförmedlingen",
    Party.FK: "Försäkringskassan",
    Party.KOMMUN: "kommun",
    Party.REGION: "regionen",
}

_PARTY_PATTERNS: dict[Party, re.Pattern[str]] = {
    Party.AF: re.compile(r"(?i)\b(arbetsförmedlingen|swedish public employment service|af)\b"),
    Party.FK: re.compile(r"(?i)\b(försäkringskassan|swedish social insurance agency|fk)\b"),
    Party.KOMMUN: re.compile(
        r"(?i)(\b[\wåäö]+ kommun\b|\bkommunen\b|socialtjänst\w*|socialförvaltning\w*|"
        r"ekonomiskt bistånd|arbetsmarknadsenhet\w*|municipality|social services)"
    ),
    Party.REGION: re.compile(
        r"(?i)(\bregion [A-ZÅÄÖ]\w+|\bregionen\b|landsting\w*|vårdcentral\w*|primärvård\w*|"
        r"psykiatri\w*|sjukhus\w*|hälso- och sjukvård\w*|health care region)"
    ),
}

# Degrees with a behavioural or social orientation are what the handbook asks for; other
# care and welfare degrees count as "or similar".
_DEGREES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("socionom", re.compile(r"(?i)\bsocionom\w*|bachelor of social work|\bsocial work\b"), 1.0),
    ("beteendevetare", re.compile(r"(?i)\bbeteendevet\w+|behaviou?ral science"), 1.0),
    ("psykolog", re.compile(r"(?i)\bpsykolog(?:examen)?\b|\bpsychology\b"), 1.0),
    ("personalvetare", re.compile(r"(?i)\bpersonalvet\w+|human resource"), 0.9),
    ("sociolog", re.compile(r"(?i)\bsociolog\w*|\bsociology\b"), 0.9),
    ("folkhälsovetare", re.compile(r"(?i)\bfolkhälsovet\w+|public health"), 0.9),
    ("arbetsterapeut", re.compile(r"(?i)\barbetsterapeut\w*|occupational therap\w+"), 0.7),
    (
        "sjuksköterska",
        re.compile(r"(?i)\bsjuksköterske\w*|\bsjuksköterska\b|\bnurs(?:e|ing)\b"),
        0.6,
    ),
    ("fysioterapeut", re.compile(r"(?i)\bfysioterapeut\w*|\bsjukgymnast\w*|physiotherap\w+"), 0.6),
    ("pedagog", re.compile(r"(?i)\b(?:special)?pedagog(?:ik|examen)?\b|\beducation\b"), 0.6),
    (
        "högskoleexamen",
        re.compile(r"(?i)\b(kandidat|master|magister|högskole)examen|\bbachelor|\bmaster of"),
        0.4,
    ),
)
_DEGREE_CONTEXT = re.compile(
    r"(?i)(examen|utbildad|utbildning|exam|degree|universitet|högskola|university|legitimerad|"
    r"\bleg\.|\bär\b|\bsom\b|\d{4})"
)

PROFESSIONS: dict[str, re.Pattern[str]] = {
    "arbetsförmedlare": re.compile(r"(?i)\barbetsförmedlare\b|employment officer"),
    "handläggare": re.compile(r"(?i)\b\w*handläggare\b|case (?:worker|officer)"),
    "socialsekreterare": re.compile(r"(?i)\bsocialsekreterare\b|social worker"),
    "arbetsterapeut": re.compile(r"(?i)\barbetsterapeut\b|occupational therapist"),
    "sjuksköterska": re.compile(r"(?i)\bsjuksköterska\b|\bnurse\b"),
    "läkare": re.compile(r"(?i)\b(läkare|distriktsläkare|psykiater|physician|doctor)\b"),
    "rehabkoordinator": re.compile(r"(?i)\brehab\w*koordinator\b|rehabilitation coordinator"),
    "arbetskonsulent": re.compile(r"(?i)\b(arbets|job)\w*(konsulent|coach)\b|job coach"),
    "processledare": re.compile(r"(?i)\b(process|projekt)ledare\b|project (?:manager|lead)"),
    "chef": re.compile(r"(?i)\b(enhets|sektions|verksamhets|avdelnings)?chef\b|\bmanager\b"),
}

_YEAR = r"(?:19[6-9]\d|20[0-4]\d)"
_RANGE = re.compile(
    rf"\b({_YEAR})\s*(?:[-–—]|till|to)\s*({_YEAR}|nu|idag|i dag|pågående|present|now|today)?"
    r"(?![\d])"
)
_SINCE = re.compile(rf"(?i)\b(?:sedan|since|från|from)\s+({_YEAR})\b")
_CLAIMED_YEARS = re.compile(
    r"(?i)\b(\d{1,2})\s*(?:\+\s*)?(?:års|år|years?)(?:\s+\w+){0,3}\s+(?:erfarenhet|experience)"
    r"|\b(?:i|under|for|in)\s+(\d{1,2})\s+(?:år|years)\b"
)
_COLLABORATION = re.compile(r"(?i)(samverk|samordn|samarbet|finsam|collaborat|flerparts|tvärprof)")
_EMPLOYED = re.compile(
    r"(?i)\b(arbetar|jobbar|är anställd|har arbetat|har jobbat|har varit anställd|arbetade|"
    r"jobbade|var anställd|works?|worked|have worked|employed)\b"
)
_NOW_WORDS = ("nu", "idag", "i dag", "pågående", "present", "now", "today")


@dataclass(frozen=True, slots=True)
class Employment:
    """A dated stretch of work, as a CV line states it."""

    parties: tuple[Party, ...]
    professions: tuple[str, ...]
    start: int
    end: int
    current: bool
    collaboration: bool
    names: tuple[str, ...]
    sentence: str

    @property
    def years(self) -> int:
        return max(self.end - self.start, 1 if self.current or self.end == self.start else 0)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules found, each with the sentence it came from."""

    degrees: tuple[tuple[str, float, str], ...] = ()
    employments: tuple[Employment, ...] = ()
    parties: frozenset[Party] = frozenset()
    professions: frozenset[str] = frozenset()
    claimed_years: int = 0
    years_experience: int = 0
    collaboration_years: int = 0
    current_parties: frozenset[Party] = frozenset()
    evidence: dict[str, str] = field(default_factory=dict)

    @property
    def best_degree(self) -> tuple[str, float, str] | None:
        return max(self.degrees, key=lambda d: d[1]) if self.degrees else None


def party_of(text: str) -> tuple[Party, ...]:
    """The parties a piece of text names.

    >>> party_of("Handläggare på Försäkringskassan och socialtjänsten i Lomma")
    (<Party.FK: 'fk'>, <Party.KOMMUN: 'kommun'>)
    """
    return tuple(p for p, pattern in _PARTY_PATTERNS.items() if pattern.search(text))


def _professions(text: str) -> tuple[str, ...]:
    return tuple(name for name, pattern in PROFESSIONS.items() if pattern.search(text))


def _names(text: str) -> tuple[str, ...]:
    return tuple(m.group(0) for p in _PARTY_PATTERNS.values() for m in p.finditer(text))


def _union_years(spans: list[tuple[int, int]]) -> int:
    """Years covered by possibly overlapping spans, counted once."""
    years: set[int] = set()
    for start, end in spans:
        years.update(range(start, max(end, start + 1)))
    return len(years)


def _stated_employment(sentence: str, this_year: int) -> Employment | None:
    """ "Jag har arbetat på Försäkringskassan i åtta år": an employment without dates."""
    employed = _EMPLOYED.search(sentence)
    years = _CLAIMED_YEARS.search(sentence)
    parties = party_of(sentence)
    if not (employed and parties):
        return None
    count = int(years.group(1) or years.group(2)) if years else 1
    current = employed.group(0).lower().startswith(("arbetar", "jobbar", "är ", "work"))
    return Employment(
        parties=parties,
        professions=_professions(sentence),
        start=this_year - count,
        end=this_year,
        current=current,
        collaboration=bool(_COLLABORATION.search(sentence)),
        names=_names(sentence),
        sentence=sentence,
    )


def extract_facts(text: str, *, this_year: int) -> Facts:
    """Read degrees, employments among the parties and years of experience from ``text``.

    Parameters
    ----------
    text : str
        The masked CV text (birth years are gone, so they cannot pass for employment).
    this_year : int
        The year an open range ("2019–idag") runs to.

    Examples
    --------
    >>> f = extract_facts("Socionomexamen 2008. 2015–idag Försäkringskassan, handläggare i "
    ...                   "samverkansteam.", this_year=2026)
    >>> f.best_degree[0], [str(p) for p in sorted(f.parties)], f.collaboration_years
    ('socionom', ['fk'], 11)
    """
    degrees: list[tuple[str, float, str]] = []
    employments: list[Employment] = []
    claimed = 0
    sentences = split_sentences(text)
    for index, sentence in enumerate(sentences):
        body = sentence.text
        for name, pattern, weight in _DEGREES:
            short = len(body.split()) <= 3  # a bare "Socionom" line under a heading
            if pattern.search(body) and (short or _DEGREE_CONTEXT.search(body)):
                degrees.append((name, weight, body))
        for match in _CLAIMED_YEARS.finditer(body):
            claimed = max(claimed, int(match.group(1) or match.group(2)))
        span = _RANGE.search(body) or _SINCE.search(body)
        if not span:
            stated = _stated_employment(body, this_year)
            if stated:
                employments.append(stated)
            continue
        start = int(span.group(1))
        end_text = (span.group(2) or "") if span.re is _RANGE else "nu"
        current = end_text.lower() in _NOW_WORDS or not end_text
        end = this_year if current else int(end_text)
        if end < start:
            continue
        # A dated heading line ("2015–2019") often names the employer in the next sentence.
        context = body
        if not party_of(body) and index + 1 < len(sentences):
            context = body + " " + sentences[index + 1].text
        employments.append(
            Employment(
                parties=party_of(context),
                professions=_professions(context),
                start=start,
                end=end,
                current=current,
                collaboration=bool(_COLLABORATION.search(context)),
                names=tuple(
                    m.group(0) for p in _PARTY_PATTERNS.values() for m in p.finditer(context)
                ),
                sentence=body,
            )
        )
    parties = frozenset(p for e in employments for p in e.parties)
    evidence: dict[str, str] = {}
    if employments:
        evidence["employments"] = employments[0].sentence
    return Facts(
        degrees=tuple(degrees),
        employments=tuple(employments),
        parties=parties,
        professions=frozenset(p for e in employments for p in e.professions)
        | frozenset(_professions(text)),
        claimed_years=claimed,
        years_experience=max(_union_years([(e.start, e.end) for e in employments]), claimed),
        collaboration_years=_union_years(
            [(e.start, e.end) for e in employments if e.collaboration]
        ),
        current_parties=frozenset(p for e in employments if e.current for p in e.parties),
        evidence=evidence,
    )

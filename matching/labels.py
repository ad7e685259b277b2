"""The label a recruiter sees for a candidate: the CV's name line, a given label, or "Kandidat N".

An upload's file name is often the applicant's name, but just as often "CV_final2.pdf" or a
colleague's name on a forwarded file, so it is never shown. The name the CV itself states
is what a recruiter expects to read; the scorer never sees it (it is also passed to masking
as one of the candidate's names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from matching.cleaning import clean_text
from matching.masking import names_in
from matching.scoring import Candidate

__all__ = ["MAX_LABEL", "fallback_label", "label_candidates", "name_line", "unique_labels"]

MAX_LABEL = 80

# How many non-empty lines from the top a name line may be found in: below that, a
# capitalised pair of words is a heading or an employer, not the person.
_SEARCH_LINES = 6
_FIELD = re.compile(r"(?i)^\s*(?:namn|name|sökande|candidate|kandidat)\s*[:：]\s*(.+)$")
# "Anna Svensson | Processledare", "Anna Svensson – socionom": the name is the first part.
_PARTS = re.compile(r"\s+[|–—-]\s+|\s*[|,•·]\s*")
_TOKEN = re.compile(r"^[A-ZÅÄÖÉÜÆØ][A-Za-zÅÄÖÉÜÆØåäöéüæøßçşğıñ'’.-]*$")
_PARTICLES = frozenset({"van", "von", "de", "af", "al", "bin", "da", "di", "del", "la", "le"})
# Headings and common CV words that look like two capitalised words ("Curriculum Vitae",
# "Personligt Brev", "Om Mig"); lower-cased.
_NOT_NAMES = frozenset(
    """
    curriculum vitae cv resume résumé resumé meritförteckning personligt brev ansökan
    cover letter application about om mig profil profile sammanfattning summary kontakt
    contact kontaktuppgifter erfarenhet experience arbetslivserfarenhet utbildning education
    kompetenser skills nyckelord keywords referenser references språk languages linkedin
    work history anställningar uppdrag övrigt other till dear hej hello to whom it may
    concern sökes tjänst position job re ang angående handläggare processledare socionom
    samordnare samverkan försäkringskassan arbetsförmedlingen kommun region stockholm
    göteborg malmö sverige sweden sökande kandidat applicant candidate
    """.split()
)


def _as_name(line: str) -> str | None:
    part = _PARTS.split(line.strip(), maxsplit=1)[0].strip().rstrip(".,;:")
    tokens = part.split()
    if not 2 <= len(tokens) <= 4 or len(part) > MAX_LABEL:
        return None
    if any(t.lower().strip(".") in _NOT_NAMES for t in tokens):
        return None
    named = [t for t in tokens if t.lower() not in _PARTICLES]
    if len(named) < 2 or not all(_TOKEN.match(t) for t in named):
        return None
    # "ANNA SVENSSON" is a name in capitals; "AF FK" or "MI" are abbreviations.
    if all(t.isupper() for t in named):
        if any(len(t) < 3 for t in named):
            return None
        return " ".join(t.capitalize() if t.isupper() else t for t in tokens)
    return part


def name_line(text: str) -> str | None:
    """The candidate's name as the CV's first lines state it, or None.

    >>> name_line("Curriculum Vitae\\nAnna Svensson\\nSocionom")
    'Anna Svensson'
    >>> name_line("Namn: Erik Lind\\nProfil")
    'Erik Lind'
    >>> name_line("Jag har arbetat på Försäkringskassan i sju år.") is None
    True
    """
    lines = [line for line in clean_text(text).splitlines() if line.strip()][:_SEARCH_LINES]
    for line in lines:
        if field := _FIELD.match(line):
            return _as_name(field.group(1)) or field.group(1).strip()[:MAX_LABEL] or None
    for line in lines:
        if (name := _as_name(line)) is not None:
            return name
    return None


def fallback_label(position: int) -> str:
    return f"Kandidat {position}"


def unique_labels(wanted: Sequence[str | None], taken: Iterable[str] = ()) -> list[str]:
    """One label per candidate, none repeated within the recruitment.

    ``wanted`` holds a label per candidate or None (then "Kandidat N", N counting every
    candidate of the recruitment); a label already taken gets " (2)", " (3)", ….

    >>> unique_labels(["Anna Svensson", None, "Anna Svensson"], taken=["Kandidat 1"])
    ['Anna Svensson', 'Kandidat 3', 'Anna Svensson (2)']
    """
    used = set(taken)
    start = len(used)
    out: list[str] = []
    for position, label in enumerate(wanted, start=start + 1):
        base = label or fallback_label(position)
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base} ({n})", n + 1
        used.add(candidate)
        out.append(candidate)
    return out


def label_candidates(
    candidates: Sequence[Candidate],
    given: Sequence[str | None] | None = None,
    taken: Iterable[str] = (),
) -> list[Candidate]:
    """The candidates under their visible labels: the recruiter's, else the name line.

    Whatever id a candidate came with (an upload names it after its file) is dropped. A
    label that is a personal name joins the candidate's ``names``, and so do the names the
    text gives as its writer's (:func:`~matching.masking.names_in`), so masking removes
    them wherever the CV repeats them and the score cannot depend on them.
    """
    wanted = [
        (given[i] if given is not None and given[i] else None) or name_line(c.text)
        for i, c in enumerate(candidates)
    ]
    labels = unique_labels(wanted, taken)
    out: list[Candidate] = []
    for candidate, want, label in zip(candidates, wanted, labels, strict=True):
        name = _as_name(want) if want else None
        # And the names the text gives elsewhere (a signature, "Jag heter …"): masking
        # reads one sentence at a time and would not see them in the other sentences.
        given_names = ((name,) if name else ()) + names_in(candidate.text)
        names = candidate.names + tuple(
            n for i, n in enumerate(given_names)
            if n not in candidate.names and n not in given_names[:i])
        out.append(Candidate(label, candidate.text, names))
    return out

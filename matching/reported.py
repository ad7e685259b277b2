"""Third-person texts read as the candidate's own account.

A recruiter's interview notes and a reference write about the candidate in the third
person: "Hon berättar att hon startade ett nätverk …", "She says that in 2019 she phoned
…", "Helena har arbetat på Försäkringskassan i sju år". Masking makes these "hen berättar
att hen startade …", "they says that …", "[namn] har arbetat …" (matching.masking), and
the cue rules read a sentence whose subject is "hen" as someone else's work: on the fifth
held-out set grade-3 interview notes scored 55-61. In a text written about one person,
that person is the candidate, so their reported acts are read as first-person sentences
("jag startade …", "in 2019 I phoned …"), in both languages. Another person named through
the candidate ("hennes chef startade …" → "min chef startade …", "their manager started
…" → "my manager started …") stays someone else's work (matching.cues, ``Cue.OTHERS``).

Only the text that is read changes (cues, facts, embedding); the evidence shown is the
masked sentence as written. Masking comes first, so every name, gender and pronoun reads
the same: the rewrite cannot tell candidates apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matching.masking import NAME

__all__ = ["as_own", "is_third_person"]

_NAME = re.escape(NAME)
_SUBJECT = rf"(?:hen|they|{_NAME})"
# A clause whose subject is the person written about: "hen startade", "[namn] har arbetat",
# "they has led", and Swedish inversion after an adverbial ("Sedan 2019 leder hen …").
# A clause led by someone of theirs ("hens chef startade …", "their manager chairs …") is
# about the same person too.
_THIRD_SUBJECT = re.compile(
    rf"(?i)(?:^|[,;:]\s*|\b(?:och|men|att|som|när|and|but|that|when)\s+)"
    rf"(?:{_SUBJECT}|hens|their|them|{_NAME}s)\s+\w+"
    rf"|\b\w+(?:ar|er|ade|de|te|dde)\s+hen\b"
    # Masking writes "he"/"she" as "they" and leaves the verb singular ("In this session
    # they presents …", "[namn] is a case officer"): one person, wherever the clause starts.
    # A plural "they" ("they discuss", "they focus", "they were") is not matched.
    rf"|\bthey\s+(?:is|was|has|\w+[^su\W]s)\b|{_NAME}\s+(?:is|was|has|är|var|har)\b"
)
_FIRST_SUBJECT = re.compile(r"\b(?:[Jj]ag|I|I'm|I've)\b")
# Whose manager: the candidate's, by name ("Aminas", "Amina's": masking leaves a name's
# genitive as written) or by pronoun ("hens", "their"), not the writer's own past title
# ("Before this I was a production manager").
_WRITER_FRAME = re.compile(
    r"\b(?:[Jj]ag var|[Jj]ag är|I was|I am|I have been)\s+"
    rf"(?:{_NAME}s|{_NAME}'s|hens|their|[A-ZÅÄÖÉÈÜØÆÁÍÓÚÇŠŽ][\w-]*?(?:s|'s|'|’s|’))\s+"
    r"(?:(?:närmaste|direct|line|närmsta)\s+)?"
    r"(?:chef|handledare|manager|supervisor|team leader)\b"
    r"|^\s*(?:[Rr]eferens|[Rr]eference)\b"
)
# How a note reports what the person said: "hen berättar att", "[namn] säger att", "enligt
# hen", "they says that", "they told us how", "according to them".
_REPORTING = re.compile(
    rf"(?i)^(?:(?:och|men|and|but)\s+)?{_SUBJECT}\s+(?:har\s+|has\s+|have\s+)?"
    r"(?:berättar|berättade|berättat|säger|sa|sade|sagt|beskriver|beskrev|beskrivit|uppger|"
    r"uppgav|förklarar|förklarade|menar|nämner|nämnde|framhåller|betonar|"
    r"says?|said|explains?|explained|describes?|described|tells?(?: (?:us|me))?|"
    r"told(?: (?:us|me))?|reports?|reported|mentions?|mentioned|stresses|stressed)"
    r"\s+(?:om\s+)?(?:att|hur|när|that|how|when)?\s*"
    r"|^(?:enligt|according to)\s+(?:hen|them|" + _NAME + r")\s*,?\s*"
)
_PREPOSITION_HEN = re.compile(
    r"(?i)\b(med|till|för|av|om|åt|hos|mot|på|från|under|efter|utan|bredvid|kring)\s+"
    rf"(?:hen|{_NAME})\b"
)
_SWEDISH = (
    (re.compile(r"(?i)\bhens\b"), "min"),
    (re.compile(rf"{_NAME}s\b"), "min"),
    (re.compile(r"(?i)\bhen\b"), "jag"),
    (re.compile(_NAME), "jag"),
)
_ENGLISH = (
    (re.compile(r"(?i)\btheir\b"), "my"),
    (re.compile(r"(?i)\btheirs\b"), "mine"),
    (re.compile(r"(?i)\bthemselves\b|\bthemself\b"), "myself"),
    # Masking writes the possessive "her" as "them" ("Her manager chairs …" → "them manager
    # chairs …"); an object never starts a clause.
    (re.compile(r"(?i)(^|[,;:]\s*|\b(?:and|but|that|when)\s+)them\b"), r"\1my"),
    (re.compile(r"(?i)\bthem\b"), "me"),
    (re.compile(rf"{_NAME}'s\b"), "my"),
    (re.compile(r"(?i)\bthey\b"), "I"),
    (re.compile(_NAME), "I"),
    # Masking leaves "she has" as "they has": the verb agrees with the new subject.
    (re.compile(r"\bI (?:has|have)\b"), "I have"),
    (re.compile(r"\bI (?:is|are)\b"), "I am"),
    (re.compile(r"\bI were\b"), "I was"),
    (re.compile(r"\bI does\b"), "I do"),
    (re.compile(r"\bI (?!was\b|has\b|is\b|does\b)([a-z]{2,}[^s\W])s\b"), r"I \1"),
)


def is_third_person(sentences: Sequence[str]) -> bool:
    """True when a masked text is written about one person: at least two clauses have that
    person as subject, and more than have "jag"/"I".

    >>> is_third_person(["hen berättar att hen startade ett nätverk.", "[namn] leder det nu."])
    True
    >>> is_third_person(["Jag leder teamet.", "hen fick ett arbete.", "hen är nöjd."])
    True
    >>> is_third_person(["Jag leder teamet.", "Jag startade det.", "hen fick ett arbete."])
    False
    >>> is_third_person(["hen arbetar på AF.", "hens chef leder teamet."])
    True
    >>> is_third_person(["Jag var Saras chef.", "Jag ser fram emot det.", "[namn] startade ett "
    ...     "nätverk.", "hen ledde det.", "Jag rekommenderar hen."])
    True
    """
    third = sum(1 for s in sentences if _THIRD_SUBJECT.search(s))
    first = sum(1 for s in sentences if _FIRST_SUBJECT.search(s))
    # A reference letter's writer says who they were to the candidate ("Jag var [namn]s
    # chef", "I was their line manager"), and may write "jag" as often as "hen".
    writer = any(_WRITER_FRAME.search(s) for s in sentences)
    return third >= 2 and (third > first or writer)


def as_own(sentence: str, language: str) -> str:
    """A masked third-person sentence as the candidate's own, in its language.

    >>> as_own("hen berättar att hen startade ett nätverk med kommunen.", "sv")
    'jag startade ett nätverk med kommunen.'
    >>> as_own("hens chef startade samverkansteamet.", "sv")
    'min chef startade samverkansteamet.'
    >>> as_own("they says that in 2019 they phoned the agency and set up a group.", "en")
    'in 2019 I phoned the agency and set up a group.'
    >>> as_own("their manager chairs the board and they leads the team.", "en")
    'my manager chairs the board and I lead the team.'
    >>> as_own("them manager started the forum with them.", "en")
    'my manager started the forum with me.'
    >>> as_own("[namn] har arbetat på FK i sju år och kollegorna ringer till hen.", "sv")
    'jag har arbetat på FK i sju år och kollegorna ringer till mig.'
    """
    text = _REPORTING.sub("", sentence, count=1)
    if language == "en":
        for pattern, replacement in _ENGLISH:
            text = pattern.sub(replacement, text)
        return text
    text = _PREPOSITION_HEN.sub(lambda m: f"{m.group(1)} mig", text)
    for pattern, replacement in _SWEDISH:
        text = pattern.sub(replacement, text)
    return text

"""How much a sentence can count as evidence, whatever it is about.

An embedding model scores "försäkringsmedicin" and "Jag har aldrig arbetat med
försäkringsmedicin" as close to the item "kunskap i försäkringsmedicin". A recruiter does not:
a denial is no evidence, a wish is little, and a bare keyword list or a row of adjectives
says less than one described action. These rules are deterministic and named, so every
discount shows up in the explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Cue", "SentenceCue", "classify"]


class Cue(StrEnum):
    """Why a sentence counts fully or partly."""

    BEHAVIOUR = "behaviour"
    NEGATED = "negated"
    ASPIRATION = "aspiration"
    KEYWORDS = "keywords"
    ADJECTIVES = "adjectives"
    HEADING = "heading"


# The weight each kind of sentence carries as evidence.
WEIGHTS: dict[Cue, float] = {
    Cue.BEHAVIOUR: 1.0,
    Cue.NEGATED: 0.0,
    Cue.ASPIRATION: 0.2,
    Cue.KEYWORDS: 0.25,
    Cue.ADJECTIVES: 0.3,
    Cue.HEADING: 0.1,
}

EXPLANATIONS: dict[Cue, str] = {
    Cue.BEHAVIOUR: "beskriver något kandidaten gjort",
    Cue.NEGATED: "nekande mening, räknas inte",
    Cue.ASPIRATION: "önskan eller ambition, inte erfarenhet",
    Cue.KEYWORDS: "uppräkning av nyckelord utan beskrivning",
    Cue.ADJECTIVES: "egenskaper utan exempel på beteende",
    Cue.HEADING: "rubrik",
}

_NEGATION = re.compile(
    r"(?i)\b(inte|ej|aldrig|ingen|inget|inga|saknar|utan någon|varken|"
    r"not|never|no|lack|lacking|without any|neither|haven't|hasn't|don't|didn't)\b"
)
# "inte bara ... utan också", "aldrig gett upp": negation words that do not deny.
_NOT_DENIAL = re.compile(
    r"(?i)\b(inte bara|inte minst|inte sällan|aldrig gett upp|aldrig ger upp|not only|"
    r"no matter|never gave up|ingen utmaning|inga problem)\b"
)
_ASPIRATION = re.compile(
    r"(?i)\b(vill gärna|skulle vilja|hoppas|drömmer om|ser fram emot|vill lära|vill utvecklas|"
    r"vill arbeta|vill jobba|siktar på|är nyfiken på|intresserad av att|vill bli|vill prova|"
    r"would like|hope to|i hope|eager to|want to|aspire|look forward|keen to learn)\b"
)
_PAST_EXPERIENCE = re.compile(
    r"(?i)\b(har (?:arbetat|jobbat|lett|drivit|varit|haft)|arbetade|ledde|drev|"
    r"have (?:worked|led|managed)|worked|led)\b"
)
_COPULA_ADJECTIVES = re.compile(
    r"(?i)^(?:jag är|är|i am|i'm|som person är jag|personligen är jag)\s+"
    r"(?:en\s+|an?\s+)?(?:[\wåäö-]+(?:\s*,\s*|\s+och\s+|\s+and\s+|\s+))*[\wåäö-]+[.!]?$"
)
# Verbs and verb endings that mark a sentence as describing action (Swedish and English).
_VERB = re.compile(
    r"(?i)\b(har|hade|är|var|blev|kan|kunde|ska|skulle|leder|ledde|lett|driver|drev|drivit|"
    r"ansvarar|ansvarade|arbetar|jobbar|möter|mötte|träffar|byggde|skapade|samordnar|"
    r"samordnade|utvecklade|startade|införde|genomförde|stöttar|stöttade|motiverar|"
    r"have|has|had|was|were|led|managed|built|worked|work|coordinated|developed|"
    r"\w+(?:ade|ede|erade|at|it|tt|ed))\b"
)
# Prepositions and subordinators: "jag är van vid att ..." describes something, a row of
# adjectives does not.
_CONTENT_WORDS = re.compile(
    r"(?i)\b(att|som|när|med|i|på|av|för|vid|till|från|inom|efter|that|with|in|at|to|for|of|"
    r"when|from)\b"
)
_SEPARATORS = re.compile(r"\s*(?:,|;|\||/|•|·| och | and )\s*")


@dataclass(frozen=True, slots=True)
class SentenceCue:
    """The cue that decides a sentence's evidence weight."""

    cue: Cue

    @property
    def weight(self) -> float:
        return WEIGHTS[self.cue]

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.cue]


def _is_keyword_list(sentence: str) -> bool:
    body = sentence.strip().rstrip(".")
    if ":" in body:
        body = body.split(":", 1)[1]
    parts = [p for p in _SEPARATORS.split(body) if p.strip()]
    words = body.split()
    if len(parts) >= 3 and sum(len(p.split()) for p in parts) / len(parts) <= 3.0:
        return not re.search(r"(?i)\b(jag|vi|i|we)\b", body) and not _VERB.search(parts[0])
    # A lone term is a keyword; "Utbildning i försäkringsmedicin" states a fact.
    return len(words) <= 3 and not _VERB.search(body) and not _CONTENT_WORDS.search(body)


def classify(sentence: str) -> SentenceCue:
    """Decide how much ``sentence`` can count as evidence.

    Examples
    --------
    >>> classify("Jag har ingen erfarenhet av försäkringsmedicin.").cue
    <Cue.NEGATED: 'negated'>
    >>> classify("Försäkringsmedicin, MI, samverkan, rehabilitering").cue
    <Cue.KEYWORDS: 'keywords'>
    >>> classify("Jag är flexibel, driven och lösningsfokuserad.").cue
    <Cue.ADJECTIVES: 'adjectives'>
    >>> classify("Jag skulle vilja leda samverkansprojekt.").cue
    <Cue.ASPIRATION: 'aspiration'>
    >>> classify("Jag ledde styrgruppen i tre år.").cue
    <Cue.BEHAVIOUR: 'behaviour'>
    """
    text = sentence.strip()
    if text.endswith(":"):
        return SentenceCue(Cue.HEADING)
    denial = _NEGATION.search(text)
    if denial and not _NOT_DENIAL.search(text):
        return SentenceCue(Cue.NEGATED)
    if _ASPIRATION.search(text) and not _PAST_EXPERIENCE.search(text):
        return SentenceCue(Cue.ASPIRATION)
    if (
        _COPULA_ADJECTIVES.match(text)
        and len(text.split()) <= 12
        and not _CONTENT_WORDS.search(text.split(None, 2)[-1])
    ):
        return SentenceCue(Cue.ADJECTIVES)
    if _is_keyword_list(text):
        return SentenceCue(Cue.KEYWORDS)
    return SentenceCue(Cue.BEHAVIOUR)

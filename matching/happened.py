"""Whether a clause states an act that has happened, or one announced or planned.

"Från januari ska jag leda den nya styrgruppen" and "In January I will take over the
coordinator's role" are as close to the leading behaviours as having led: on the sixth
held-out set two texts whose only leading lay in the future scored 88 and 73 points, above
most grade-3 texts. A wish ("jag vill leda", "I would like to") is ``Cue.ASPIRATION``
already; this is the candidate's own act in the future or the conditional, with the
candidate (or the candidate's role) as subject, read per clause so that "hur receptionen ska
se ut" or "where the parties would meet" (someone else, or an outcome) are not read so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["called_off", "has_happened", "states_cancellation"]

_AUX_SV = r"(?:ska|skall|kommer att|kommer jag att|planerar att|är tänkt att|skulle)"
_AUX_EN = (
    r"(?:will|shall|'ll|am going to|are going to|am about to|are about to|am to|would|plan to)"
)
_ANNOUNCED = re.compile(
    # The candidate (or the candidate's role) before the modal: "jag ska leda", "I will
    # chair", "my job will then be to", "min uppgift blir att".
    rf"(?i)(?:^|[,;:]\s*|\b(?:och|men|då|and|but|then)\s+)(?:jag|vi)\s+(?:\w+\s+)?{_AUX_SV}\b"
    rf"|\b(?:I|we|I'll|we'll)\s+(?:\w+\s+)?{_AUX_EN}\b|\b(?:I'll|we'll)\b"
    r"|\b(?:ska|skall|kommer|skulle) (?:jag|vi)\b"
    r"|\b(?:my|our) (?:job|role|task|assignment|remit) will\b"
    r"|\b(?:min|vår) (?:uppgift|roll|tjänst) (?:blir|kommer att bli)\b"
    r"|\bär (?:jag )?tänkt att\b|\bis (?:planned|meant|intended|due) to\b"
    # A plan told in the past: "det var bestämt att jag skulle leda", "I was due to chair",
    # "we were supposed to start", "I was to take over".
    # Only after a decision: "för att vi skulle" states a purpose of a done act.
    r"|\b(?:bestämt|beslutat|planerat|tänkt|meningen|klart|sagt|överens om) att (?:jag|vi) "
    r"skulle\b"
    r"|\b(?:I|we) (?:was|were) (?:(?:due|supposed|meant|going|set|scheduled) )?to\b"
)
# A relative clause states what someone or something else will do ("som ska", "that will").
_NOT_OWN = re.compile(r"(?i)^(?:som|that|which|who)\b")


# A plan called off: "projektet lades ned", "ställdes in", "blev aldrig av", "förbundets
# styrelse avslog ansökan", "it was cancelled", "never started", "fell through".
_CANCELLED = re.compile(
    r"(?i)\b(?:lades (?:ned|ner)|lagts (?:ned|ner)|ställdes in|ställts in|blev (?:aldrig|inte) av|"
    r"avbröts|drogs tillbaka|avslog\w*|kom aldrig igång|startade aldrig|aldrig startade|"
    r"innan (?:det|den|projektet|insatsen) (?:startat|startade|började|hann)|"
    r"(?:was|were|got|had been) (?:cancell?ed|called off|shelved|scrapped|dropped|withdrawn)|"
    r"never (?:started|happened|began|took off|got off the ground|materiali[sz]ed)|"
    r"fell through|before it (?:started|began|had started)|turned down the application|"
    r"rejected the application)"
)
# Getting ready for the plan is not doing it: "Jag hade börjat förbereda arbetet, men
# projektet lades ned", "I had started preparing".
# Being asked or offered a role, or the plan it was for, is no act yet: "Förra året var jag
# tillfrågad att bli projektledare för en planerad insats | … men projektet blev aldrig av".
_OFFERED = re.compile(
    r"(?i)\b(?:tillfrågad|erbjuden|erbjöds|planerad\w*|asked to (?:become|lead|chair|take)|"
    r"offered|planned)\b"
)
_PREPARED = re.compile(r"(?i)\b(?:förbered\w*|prepar\w*)")


def states_cancellation(clause: str) -> bool:
    """True when the clause says a plan was called off.

    >>> states_cancellation("men förbundets styrelse avslog ansökan och projektet blev aldrig av.")
    True
    >>> states_cancellation("but the initiative was cancelled when the region withdrew.")
    True
    >>> states_cancellation("Jag ledde projektet i tre år.")
    False
    """
    return bool(_CANCELLED.search(clause))


def called_off(units: Sequence[str]) -> list[bool]:
    """Per unit, True when it states a plan of the candidate's that was called off: a plan
    or preparation in the unit that states the cancellation, or a plan in one of the two
    units before it (and what lies between: "Det var bestämt att jag skulle leda styrgruppen.
    | Jag hade börjat förbereda arbetet, | men projektet lades ned"). A done act beside a
    cancellation stays done: "Jag ledde projektet i tre år innan det lades ned".

    >>> called_off(["Jag skulle ha lett arbetet med kommunen, men projektet blev aldrig av."])
    [True]
    >>> called_off(["I was due to chair the steering group,", "but it was cancelled."])
    [True, True]
    >>> called_off(["Det var bestämt att jag skulle leda styrgruppen.",
    ...     "Jag hade börjat förbereda arbetet, men projektet lades ned."])
    [True, True]
    >>> called_off(["Jag var tillfrågad att bli projektledare för en planerad insats.",
    ...     "Men förbundets styrelse avslog ansökan."])
    [True, True]
    >>> called_off(["Jag ledde projektet i tre år innan det lades ned."])
    [False]
    >>> called_off(["I led the project for three years.", "It was cancelled in 2020."])
    [False, False]
    """
    out = [False] * len(units)
    for i, unit in enumerate(units):
        if not states_cancellation(unit):
            continue
        if not has_happened(unit) or _PREPARED.search(unit) or _OFFERED.search(unit):
            out[i] = True
        for j in range(i - 1, max(-1, i - 3), -1):
            if not has_happened(units[j]) or _OFFERED.search(units[j]):
                for k in range(j, i + 1):
                    out[k] = True
                break
    return out


def has_happened(clause: str) -> bool:
    """False when the clause announces or plans the candidate's own act, or states it in
    the conditional; True otherwise (done, ongoing, or not the candidate's act).

    >>> has_happened("Från januari ska jag leda den nya styrgruppen.")
    False
    >>> has_happened("In January I will take over the coordinator's role.")
    False
    >>> has_happened("My job will then be to anchor the initiative.")
    False
    >>> has_happened("Jag kommer att bygga upp teamet.")
    False
    >>> has_happened("Jag ledde styrgruppen i tre år.")
    True
    >>> has_happened("vi kom överens om hur receptionen ska se ut.")
    True
    >>> has_happened("I led the group that agreed who would get keys.")
    True
    >>> has_happened("Under 2024 var det bestämt att jag skulle leda styrgruppen.")
    False
    >>> has_happened("Jag åkte runt till varje part för att vi skulle förstå varandra.")
    True
    >>> has_happened("I was due to chair the new steering group.")
    False
    >>> has_happened("I was responsible for the steering group.")
    True
    """
    text = clause.strip()
    if _NOT_OWN.match(text):
        return True
    return not _ANNOUNCED.search(text)

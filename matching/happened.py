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

__all__ = ["has_happened"]

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
)
# A relative clause states what someone or something else will do ("som ska", "that will").
_NOT_OWN = re.compile(r"(?i)^(?:som|that|which|who)\b")


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
    """
    text = clause.strip()
    if _NOT_OWN.match(text):
        return True
    return not _ANNOUNCED.search(text)

"""Whether a clause states what a role may do (a mandate) rather than what the person did.

A delegation order or a job description lists a role's powers in the profile's own words:
"jag får besluta om försörjningsstöd …", "It lets me decide on income support …",
"Uppdrag enligt delegationsordningen: - att företräda enheten i samordningsförbundets
flerpartsmöten", "| 7.1 | Utse kommunens representant i beredningsgruppen | Socialchef |".
The encoder puts them as close to the behaviours as a described act, and on the eighth
held-out set two grade-1 texts that described their work only through the delegation order
scored 76 and 66, "stark". A mandate says the role may act; nothing says the person did.
What the person did under it ("I tjänsten sitter jag med i flerpartsmötena varje vecka") is
read as any clause is.

Read the same way in both languages, per unit (a clause, a list item or a table row):

- a clause that states a permission or a power: "får besluta", "har delegation att",
  "enligt delegationsordningen", "beslutanderätt", "lets me decide", "I am authorised to",
  "may decide", "under the delegation order";
- a clause that places a decision with someone else: "… ligger på enhetschefen", "Beslut
  om … fattas av nämnden", "… is for the unit manager to decide", "decisions on … rest
  with the board";
- the items of a list or table that a mandate heading or clause opens, while they go on as
  such items: infinitives without a subject ("att företräda …", "to represent …") and table
  rows ("| 7.1 | … |").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["mandate_units"]

_POWER = re.compile(
    r"(?i)\b(?:får (?:jag |hen |man )?(?:besluta|fatta beslut|teckna|utse|attestera|bevilja)|"
    r"(?:har|med|ger mig) (?:delegation|mandat|befogenhet\w*|beslutanderätt) (?:att|på|för|i)|"
    r"delegationsordning\w*|beslutanderätt\w*|delegerad\w* (?:att|till)|befattningsbeskrivning\w*|"
    r"(?:lets|allows|entitles|empowers|authori[sz]es) me (?:to )?(?:decide|approve|sign|grant)|"
    r"(?:I am|I'm|am) (?:authori[sz]ed|entitled|empowered|delegated|mandated) to|"
    r"\bmay (?:decide|approve|sign|grant|refuse)|delegation order|scheme of delegation|"
    r"delegated (?:authority|powers?)|decision-making powers?|job description)"
)
# Someone else holds the decision: "Beslut om bistånd utöver normen … ligger på
# enhetschefen", "Anything above the norm … is for the unit manager to decide".
_ELSEWHERE = re.compile(
    r"(?i)\b(?:ligger (?:hos|på) \w+|fattas av \w+|beslutas av \w+|"
    r"is for (?:the|my|our) (?:[\w-]+ ){0,3}?to decide|(?:lies|rests|sits) with (?:the|my)|"
    r"(?:is|are) decided by (?:the|my))"
)
# A list item or table row with no subject of its own: "- att företräda …", "to represent
# …", "| 7.3 | Beslut om att delta i flerpartsmöte | SoL | Socialsekreterare |".
_ITEM = re.compile(r"(?i)^\s*(?:[-•*–]\s*)?(?:att|to)\s+\w+|^\s*\|")


def mandate_units(units: Sequence[str]) -> list[bool]:
    """Per unit (read text, in order): does it state a mandate, not an act?

    >>> mandate_units(["Jag får besluta om försörjningsstöd upp till normen.",
    ...     "Beslut om bistånd utöver normen ligger på enhetschefen.",
    ...     "Jag utreder och följer upp planeringen med mina klienter."])
    [True, True, False]
    >>> mandate_units(["Uppdrag enligt kommunens delegationsordning:",
    ...     "att företräda enheten i förbundets flerpartsmöten",
    ...     "att vara kontaktperson gentemot Arbetsförmedlingen",
    ...     "I tjänsten sitter jag med i flerpartsmötena varje vecka."])
    [True, True, True, False]
    >>> mandate_units(["It lets me decide on income support up to the norm.",
    ...     "I chaired the joint intake meetings."])
    [True, False]
    >>> mandate_units(["Jag lärde mig att leda möten.", "att leda möten är roligt"])
    [False, False]
    """
    out: list[bool] = []
    for index, unit in enumerate(units):
        stated = bool(_POWER.search(unit) or _ELSEWHERE.search(unit))
        # A list or table goes on from the mandate that opens it, item by item.
        continued = index > 0 and out[-1] and bool(_ITEM.match(unit))
        out.append(stated or continued)
    return out

"""How much a clause's evidence counts, from whose act it is, whether it has happened and
what kind of act it is.

The decisions are made in their own modules (:mod:`matching.agency`,
:mod:`matching.happened`, :mod:`matching.work_kind`, :mod:`matching.initiative`); this one
turns them into one weight per unit and the short Swedish note the evidence row shows when
the unit counts for less than its match:

=============================================  =======  ==================================
clause                                          weight   note
=============================================  =======  ==================================
work for the organisation, not its clients     0        (no evidence, not shown)
a plan that was called off ("skulle ha lett …   0        (no evidence, not shown)
men projektet lades ned", "was due to chair …
but it was cancelled")
announced or planned ("ska leda", "will chair") 0.25     planerad, inte genomförd
a mandate: what the role may do ("får          0.25     befogenhet i rollen, inte en
besluta om …", "lets me decide", a                      beskriven handling
delegation order's list or table)
support of someone else's act                  0.5      stöd till någon annans handling
a line of a list of meetings attended          0.75     deltagande i möten
"vi/we" without the candidate's own part       0.7      gemensam handling, egen del inte
(not the group the candidate has just said              nämnd
they lead or started)
the candidate's own act                        initiative weight (1.5, 1.2, 0.75 or 1)
=============================================  =======  ==================================

The weights were set on the development set and the spent held-out sets (docs/matching.md,
"Seventh round of issue 18").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from matching.agency import Agent, attended, supports_other, whose_act
from matching.happened import called_off, has_happened
from matching.initiative import PARTICIPATION
from matching.mandate import mandate_units

__all__ = [
    "ANNOUNCED", "CANCELLED", "MANDATE", "SHARED", "SUPPORTED", "ActWeights", "act_weights",
    "discount_note",
]

# A plan called off never happened: at the announced weight (0.25) a grade-2 text whose
# leading role "blev aldrig av" was first of 68 on the seventh held-out set.
CANCELLED = 0.0
ANNOUNCED = 0.25
# A mandate is the role's power, not the person's act (matching.mandate): as an announced
# act, it shows the role the person holds and no more. At 1.0 two grade-1 texts that
# described their work only through a delegation order were "stark" on the eighth held-out
# set (76 and 66 points).
MANDATE = 0.25
SUPPORTED = 0.5
SHARED = 0.7

# A clause cut off after "och"/"and" without a subject of its own goes on with the act of
# the clause before it: "Från januari ska jag leda styrgruppen | och ta över samordningen".
_CONTINUES = re.compile(r"(?i)^(?:och|samt|and)\s+(?!(?:jag|vi|I|we)\b)")


@dataclass(frozen=True, slots=True)
class ActWeights:
    weights: list[float]
    notes: list[str | None]


def discount_note(reason: str, weight: float) -> str:
    """An evidence row's words for a discount, the same for every reason: "planerad, inte
    genomförd: räknas till 25 %", "avslutat 2002: räknas till 9 %" (matching.scoring)."""
    return f"{reason}: räknas till {round(100 * weight)} %"


def act_weights(
    units: Sequence[str],
    others: Sequence[bool],
    initiative: Sequence[float],
    *,
    non_client: bool = False,
) -> ActWeights:
    """Per read unit, its evidence weight and why it counts less (None: it does not).

    ``others``: the unit is someone else's act (``Cue.OTHERS``); ``initiative``: the
    weights of :func:`matching.initiative.initiative_weights`; ``non_client``: the text's
    work serves the organisation, not its clients (:func:`matching.work_kind.non_client_work`).

    >>> w = act_weights(["Från januari ska jag leda styrgruppen.", "Jag ledde styrgruppen."],
    ...     [False, False], [1.2, 1.2])
    >>> w.weights, w.notes[0]
    ([0.25, 1.2], 'planerad, inte genomförd: räknas till 25 %')
    >>> act_weights(["I will chair the steering group.", "and build a shared follow-up."],
    ...     [False, False], [1.0, 1.0]).weights
    [0.25, 0.25]
    >>> act_weights(["Jag skulle ha lett styrgruppen, men projektet lades ned."], [False],
    ...     [1.2]).weights
    [0.0]
    >>> act_weights(["Jag ledde mötena."], [False], [1.2], non_client=True).weights
    [0.0]
    >>> act_weights(["Vi tog emot deltagare."], [False], [1.0]).weights
    [0.7]
    >>> act_weights(["Jag startade ett projekt", "där vi tog emot deltagare."], [False, False],
    ...     [1.2, 1.0]).weights
    [1.2, 1.0]
    """
    if non_client:
        return ActWeights([0.0] * len(units), [None] * len(units))
    meetings = attended(units)
    cancelled = called_off(units)
    mandate = mandate_units(units)
    weights: list[float] = []
    notes: list[str | None] = []
    led_group = False
    for index, unit in enumerate(units):
        continued = index > 0 and bool(_CONTINUES.match(unit))
        # "Under fyra år ledde jag ett projekt | där vi tog emot …": the group the candidate
        # has just said they lead or started is theirs, and so is its "vi".
        led_group = led_group if whose_act(unit) is Agent.SHARED else (
            initiative[index] > 1.0 and not others[index])
        if cancelled[index]:
            weight, note = CANCELLED, discount_note("planerad men inställd", CANCELLED)
        elif mandate[index]:
            weight = MANDATE
            note = discount_note("befogenhet i rollen, inte en beskriven handling", MANDATE)
        elif not has_happened(unit) or (continued and notes[-1] is not None
                                      and weights[-1] == ANNOUNCED):
            weight, note = ANNOUNCED, discount_note("planerad, inte genomförd", ANNOUNCED)
        elif supports_other(units, others, index) or (
            # What the support was, after a colon or in the clause that goes on: "Jag
            # stöttade henne i det arbetet: jag tog fram exempel …".
            index > 0 and weights[-1] == SUPPORTED
            and (units[index - 1].rstrip().endswith(":") or continued)
        ):
            weight = SUPPORTED
            note = discount_note("stöd till någon annans handling", SUPPORTED)
        elif meetings[index]:
            weight = PARTICIPATION
            note = discount_note("deltagande i möten", PARTICIPATION)
        elif whose_act(unit) is Agent.SHARED and not led_group:
            weight = SHARED * min(initiative[index], 1.0)
            note = discount_note("gemensam handling, egen del inte nämnd", weight)
        else:
            weight, note = initiative[index], None
        weights.append(weight)
        notes.append(note)
    return ActWeights(weights, notes)

""" "Hitta rätt": the handbook's preference for experience from the post's target.

One implementation for the first scoring (:mod:`matching.scoring`, one candidate) and for
re-ranking (:mod:`matching.rerank`, 100,000 at a time). Both read the same input, the
``facts`` summary stored with every score, so they cannot disagree:

- experience at the target party counts 0.7;
- an employment that is at the target party *and* names the target organisation (its name
  or place, "Arbetsförmedlingen i Kristianstad") counts 1.0. The name must be in the same
  employment: "AF Malmö" and later "Kristianstads kommun" is 0.7 for AF Kristianstad;
- the target profession counts 1.0;
- with both a party and a profession set, the two parts are averaged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matching.facts import PARTY_NAMES, PROFESSIONS, Party
from matching.profile import Target

__all__ = ["PreferenceFacts", "preference", "reasons"]

_PARTIES = list(Party)
_PROFESSIONS = sorted(PROFESSIONS)
AT_PARTY = 0.7
AT_ORGANISATION = 1.0


@dataclass(frozen=True, slots=True)
class PreferenceFacts:
    """What the preference reads, for ``n`` candidates, as arrays."""

    parties: NDArray[np.uint8]  # bit per Party the candidate has worked for
    professions: NDArray[np.uint16]  # bit per known profession
    # Lower-cased sentences of each candidate's employments at each party ("\n"-joined, so a
    # name cannot straddle two), n x len(Party).
    party_text: NDArray[np.str_]

    @classmethod
    def of(cls, summaries: Sequence[Mapping[str, Any]]) -> PreferenceFacts:
        """From the ``facts`` summaries stored with scores (``CandidateScore.facts``)."""
        parties = [sum(1 << _PARTIES.index(Party(p)) for p in f["parties"]) for f in summaries]
        professions = [
            sum(1 << _PROFESSIONS.index(p) for p in f["professions"] if p in PROFESSIONS)
            for f in summaries
        ]
        text = [
            [
                "\n".join(
                    e["sentence"].lower() for e in f["employments"] if party.value in e["parties"]
                )
                for party in _PARTIES
            ]
            for f in summaries
        ]
        return cls(
            np.asarray(parties, dtype=np.uint8),
            np.asarray(professions, dtype=np.uint16),
            np.asarray(text, dtype=np.str_).reshape(len(summaries), len(_PARTIES)),
        )

    def __len__(self) -> int:
        return len(self.parties)

    def concat(self, other: PreferenceFacts) -> PreferenceFacts:
        return PreferenceFacts(
            np.concatenate([self.parties, other.parties]),
            np.concatenate([self.professions, other.professions]),
            np.concatenate([self.party_text, other.party_text]),
        )

    def head(self, count: int) -> PreferenceFacts:
        return PreferenceFacts(
            self.parties[:count], self.professions[:count], self.party_text[:count]
        )


@dataclass(frozen=True, slots=True)
class Preference:
    """Per candidate: the total and its parts (NaN where the target does not ask)."""

    value: NDArray[np.float64]
    party: NDArray[np.float64]
    profession: NDArray[np.float64]


def preference(facts: PreferenceFacts, target: Target) -> Preference | None:
    """The preference of every candidate in 0..1; ``None`` when the post has no target."""
    n = len(facts)
    parts: list[NDArray[np.float64]] = []
    party = np.full(n, np.nan)
    profession = np.full(n, np.nan)
    if target.party is not None:
        column = _PARTIES.index(target.party)
        worked = (facts.parties & np.uint8(1 << column)) != 0
        named = np.zeros(n, dtype=bool)
        # Only candidates who worked at the party can be named there: search those rows only.
        rows = np.flatnonzero(worked)
        text = facts.party_text[rows, column]
        for name in target.names:
            named[rows] |= np.strings.find(text, name.lower()) >= 0
        party = np.where(worked & named, AT_ORGANISATION, np.where(worked, AT_PARTY, 0.0))
        parts.append(party)
    if target.profession is not None:
        bit = np.uint16(1 << _PROFESSIONS.index(target.profession))
        profession = np.where((facts.professions & bit) != 0, 1.0, 0.0)
        parts.append(profession)
    if not parts:
        return None
    return Preference(np.asarray(np.mean(parts, axis=0), dtype=np.float64), party, profession)


def reasons(result: Preference, row: int, target: Target) -> list[str]:
    """The Swedish reasons behind one candidate's preference."""
    out: list[str] = []
    if target.party is not None:
        part = result.party[row]
        if part >= AT_ORGANISATION:
            out.append(f"erfarenhet från målorganisationen ({', '.join(target.names)})")
        elif part > 0:
            out.append(f"erfarenhet från {PARTY_NAMES[target.party]}")
        else:
            out.append(f"ingen erfarenhet från {PARTY_NAMES[target.party]}")
    if target.profession is not None:
        has = result.profession[row] > 0
        out.append(f"{'erfarenhet' if has else 'ingen erfarenhet'} som {target.profession}")
    return out

"""Re-rank scored candidates without reading the model again.

Once a candidate's item scores are known, a new target organisation or profession, or a
profile variant that reweights the same items (``extends``), changes only arithmetic. A
:class:`ScoreTable` keeps the item scores as one matrix and the hard facts as bit masks, so a
re-rank of 100,000 candidates is a few vector operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph.core.errors import DocumentError, Problem
from matching.facts import PROFESSIONS, Party
from matching.profile import Profile, Target
from matching.scoring import CandidateScore

__all__ = ["Ranking", "ScoreTable"]

_PARTIES = list(Party)
_PROFESSIONS = sorted(PROFESSIONS)


@dataclass(frozen=True, slots=True)
class Ranking:
    """Candidates best first with their totals, as arrays (100,000 tuples cost more)."""

    candidates: NDArray[np.str_]
    scores: NDArray[np.float64]

    def rows(self, limit: int | None = None) -> list[tuple[str, float]]:
        return [
            (str(c), float(s))
            for c, s in zip(self.candidates[:limit], self.scores[:limit], strict=True)
        ]


@dataclass(frozen=True, slots=True)
class ScoreTable:
    """Item scores of many candidates against one set of items."""

    candidates: NDArray[np.str_]
    item_ids: list[str]
    items: NDArray[np.float32]  # candidates x items
    parties: NDArray[np.uint8]  # bit per Party the candidate has worked for
    professions: NDArray[np.uint16]  # bit per known profession
    employment_text: NDArray[np.str_]  # lower-cased employment sentences, for named targets

    @classmethod
    def from_scores(cls, scores: Sequence[CandidateScore]) -> ScoreTable:
        if not scores:
            raise DocumentError([Problem("scores", "nothing to re-rank")])
        item_ids = [i.id for d in scores[0].dimensions for i in d.items]
        items = np.asarray(
            [[i.score for d in s.dimensions for i in d.items] for s in scores], dtype=np.float32
        )
        parties = np.asarray(
            [sum(1 << _PARTIES.index(Party(p)) for p in s.facts["parties"]) for s in scores],
            dtype=np.uint8,
        )
        professions = np.asarray(
            [
                sum(1 << _PROFESSIONS.index(p) for p in s.facts["professions"] if p in PROFESSIONS)
                for s in scores
            ],
            dtype=np.uint16,
        )
        text = [" ".join(e["sentence"] for e in s.facts["employments"]).lower() for s in scores]
        return cls(
            np.asarray([s.candidate for s in scores]),
            item_ids,
            items,
            parties,
            professions,
            np.asarray(text),
        )

    def concat(self, other: ScoreTable) -> ScoreTable:
        if other.item_ids != self.item_ids:
            raise DocumentError([Problem("scores", "tables score different items")])
        return ScoreTable(
            np.concatenate([self.candidates, other.candidates]),
            self.item_ids,
            np.vstack([self.items, other.items]),
            np.concatenate([self.parties, other.parties]),
            np.concatenate([self.professions, other.professions]),
            np.concatenate([self.employment_text, other.employment_text]),
        )

    def head(self, count: int) -> ScoreTable:
        return ScoreTable(
            self.candidates[:count],
            self.item_ids,
            self.items[:count],
            self.parties[:count],
            self.professions[:count],
            self.employment_text[:count],
        )

    def _weights(self, profile: Profile) -> NDArray[np.float64]:
        ids = [i.id for _, i in profile.items]
        if ids != self.item_ids:
            raise DocumentError(
                [Problem("profile", f"{profile.id!r} does not score the items of this table")]
            )
        dimension_total = sum(d.weight for d in profile.dimensions)
        weights = [
            d.weight / dimension_total * i.weight / sum(x.weight for x in d.items)
            for d in profile.dimensions
            for i in d.items
        ]
        return np.asarray(weights, dtype=np.float64)

    def _preference(self, target: Target) -> NDArray[np.float64] | None:
        parts: list[NDArray[np.float64]] = []
        if target.party is not None:
            bit = np.uint8(1 << _PARTIES.index(target.party))
            worked = (self.parties & bit) != 0
            part = np.where(worked, 0.7, 0.0)
            for name in target.names:
                named = np.strings.find(self.employment_text, name.lower()) >= 0
                part[worked & named] = 1.0
            parts.append(part)
        if target.profession is not None:
            bit16 = np.uint16(1 << _PROFESSIONS.index(target.profession))
            parts.append(np.where((self.professions & bit16) != 0, 1.0, 0.0))
        if not parts:
            return None
        return np.asarray(np.mean(parts, axis=0), dtype=np.float64)

    def rerank(
        self, profile: Profile, target: Target | None = None, top: int | None = None
    ) -> Ranking:
        """(candidate, total) best first, as :func:`~matching.scoring.score_candidates` ranks.

        Ties keep the table's order.
        """
        target = target if target is not None else profile.target
        totals = self.items.astype(np.float64) @ self._weights(profile)
        preference = self._preference(target)
        if preference is not None:
            w = profile.preference_weight
            totals = (1 - w) * totals + w * preference
        if top is not None and top < len(totals):
            head = np.argpartition(-totals, top)[:top]
            order = head[np.lexsort((head, -totals[head]))]
        else:
            order = np.lexsort((np.arange(len(totals)), -totals))
        return Ranking(self.candidates[order], totals[order])

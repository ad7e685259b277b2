"""Re-rank scored candidates without reading the model again.

Once a candidate's item scores are known, a new target organisation or profession, or a
profile variant that reweights the same items (``extends``), changes only arithmetic. A
:class:`ScoreTable` keeps the item scores as one matrix and the hard facts as arrays, so a
re-rank of 100,000 candidates is a few vector operations. The preference and the total are
the very functions the first scoring uses (:mod:`matching.preference`, :mod:`matching.scale`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from graph.core.errors import DocumentError, Problem
from matching.calibration import Signals, evidence_value
from matching.preference import PreferenceFacts, preference, reasons
from matching.profile import Profile, Target
from matching.scale import dimensions_shown, total, total_band
from matching.scoring import CandidateScore

__all__ = ["Ranking", "ScoreTable", "retarget"]


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
    """What the total reads of many candidates scored against one set of items (item scores,
    evidence rows, denial and brevity, :class:`~matching.calibration.Signals`), with their
    hard facts."""

    candidates: NDArray[np.str_]
    item_ids: list[str]
    signals: Signals
    facts: PreferenceFacts

    @classmethod
    def from_scores(cls, scores: Sequence[CandidateScore | Mapping[str, Any]]) -> ScoreTable:
        """From scores, or from their stored dicts (``CandidateScore.to_dict``)."""
        if not scores:
            raise DocumentError([Problem("scores", "nothing to re-rank")])
        rows = [s.to_dict() if isinstance(s, CandidateScore) else s for s in scores]
        item_ids = [i["id"] for d in rows[0]["dimensions"].values() for i in d["items"]]
        return cls(
            np.asarray([r["candidate"] for r in rows]),
            item_ids,
            Signals.of_results(rows),
            PreferenceFacts.of([r["facts"] for r in rows]),
        )

    def concat(self, other: ScoreTable) -> ScoreTable:
        if other.item_ids != self.item_ids:
            raise DocumentError([Problem("scores", "tables score different items")])
        return ScoreTable(
            np.concatenate([self.candidates, other.candidates]),
            self.item_ids,
            self.signals.concat(other.signals),
            self.facts.concat(other.facts),
        )

    def head(self, count: int) -> ScoreTable:
        return ScoreTable(
            self.candidates[:count], self.item_ids, self.signals.head(count),
            self.facts.head(count),
        )

    def rerank(
        self, profile: Profile, target: Target | None = None, top: int | None = None
    ) -> Ranking:
        """(candidate, total) best first, as :func:`~matching.scoring.score_candidates` ranks.

        Ties keep the table's order.
        """
        if [i.id for _, i in profile.items] != self.item_ids:
            raise DocumentError(
                [Problem("profile", f"{profile.id!r} does not score the items of this table")]
            )
        target = target if target is not None else profile.target
        pref = preference(self.facts, target)
        evidence, _ = evidence_value(self.signals, profile)
        totals = total(evidence, None if pref is None else pref.value, profile.preference_weight)
        if top is not None and top < len(totals):
            # Every candidate tied with the last place is kept before the cut: argpartition
            # alone picks among ties arbitrarily, and the top would differ from the full
            # ranking's first rows (ties keep input order there).
            kth = np.partition(-totals, top - 1)[top - 1]
            head = np.flatnonzero(-totals <= kth)
            order = head[np.lexsort((head, -totals[head]))][:top]
        else:
            order = np.lexsort((np.arange(len(totals)), -totals))
        return Ranking(self.candidates[order], totals[order])


def _shown(result: Mapping[str, Any]) -> tuple[int, int]:
    return dimensions_shown(
        [
            (d["score"], [[e["strength"] for e in i["evidence"]] for i in d["items"]])
            for d in result["dimensions"].values()
        ]
    )


def retarget(
    results: Sequence[Mapping[str, Any]], profile: Profile, target: Target
) -> list[dict[str, Any]]:
    """Stored results of ``profile`` for another target, best first, without the model.

    Only the preference and the total change with the target; items, dimensions, evidence
    and gaps are the stored ones. Every result must have been scored against ``profile``.
    """
    if any(r["profile_digest"] != profile.digest for r in results):
        raise DocumentError([Problem("profile", "stored scores are of another profile version")])
    if not results:
        return []
    table = ScoreTable.from_scores(results)
    pref = preference(table.facts, target)
    totals = total(
        # As the first scoring computed it from the same stored rows, so the totals agree.
        evidence_value(table.signals, profile)[0],
        None if pref is None else pref.value,
        profile.preference_weight,
    )
    out: list[dict[str, Any]] = []
    for row in np.lexsort((np.arange(len(totals)), -totals)):
        value = float(totals[row])
        out.append(
            {
                **results[row],
                "score": round(value, 4),
                "points": round(100 * value),
                # The band reads the stored evidence as the first scoring read it.
                "band": total_band(value, _shown(results[row])),
                "preference": None if pref is None else round(float(pref.value[row]), 4),
                "preference_reasons": [] if pref is None else reasons(pref, int(row), target),
            }
        )
    return out

"""What the per-round matching tests share: one fixed day and scoring against `handbok`."""

from __future__ import annotations

from datetime import date
from typing import Any

from matching.cues import Cue
from matching.profile import get_profile
from matching.scoring import Candidate, CandidateScore, prepare, score_candidates

TODAY = date(2026, 11, 1)


def score_texts(encoder: Any, **texts: str) -> dict[str, CandidateScore]:
    """Each text scored as a candidate named by its keyword, on TODAY."""
    candidates = [Candidate(k, t) for k, t in texts.items()]
    results = score_candidates(candidates, get_profile("handbok"), encoder, today=TODAY)
    return {r.candidate: r for r in results}


def evidence_of(result: CandidateScore) -> list[Any]:
    """Every evidence row of a result, over its dimensions and items."""
    return [e for d in result.dimensions for i in d.items for e in i.evidence]


def cues_and_weights(text: str) -> list[tuple[str, Cue, float]]:
    """Each unit of a text as prepared on TODAY: the masked unit, its cue and its act weight."""
    prepared = prepare(Candidate("x", text), TODAY.year)
    return [
        (m, c, float(w))
        for m, c, w in zip(prepared.units.masked, prepared.units.cues, prepared.act, strict=True)
    ]

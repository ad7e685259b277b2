"""Issue 18, fifth round: the same rules in Swedish and English (facts, keyword blocks,
language per clause), a denial of collaboration beside true employment facts, and texts
that switch language between and within sentences."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from matching.cues import Cue, classify, denies_collaboration, is_stuffing
from matching.facts import Party, extract_facts
from matching.language import languages_of
from matching.profile import get_profile
from matching.scoring import DENIED_GAP, Candidate, CandidateScore, prepare, score_candidates

TODAY = date(2026, 11, 1)
YEAR = TODAY.year


def _score(encoder: Any, texts: dict[str, str]) -> dict[str, CandidateScore]:
    results = score_candidates(
        [Candidate(k, t) for k, t in texts.items()], get_profile("handbok"), encoder, today=TODAY
    )
    return {r.candidate: r for r in results}


# --- the same rules in both languages ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "party", "current"),
    [
        ("Arbetsgivare: Försäkringskassan, lokalkontoret i Ystad", Party.FK, True),
        ("Employer: Social Insurance Agency (Försäkringskassan), Ystad office", Party.FK, True),
        ("Nuvarande arbetsgivare: Region Skåne", Party.REGION, True),
        ("Previous employer: the Public Employment Service, Ystad", Party.AF, False),
    ],
)
def test_an_employer_field_is_an_employment(text: str, party: Party, current: bool) -> None:
    facts = extract_facts([text], this_year=YEAR)
    assert facts.parties == {party}
    assert (party in facts.current_parties) is current


def test_an_english_form_line_is_english_and_no_keyword_block() -> None:
    form = [
        "Employer: Social Insurance Agency (Försäkringskassan), Ystad office",
        "How long have you been in your current role?",
        "Six years, as an employment officer focused on young adults.",
    ]
    # Two Swedish names in an English line made it Swedish; counted as words, the English
    # agency name and the missing "as"/"on" made both lines keyword blocks, so their facts
    # were never read (the Swedish originals were).
    assert languages_of(form) == ["en", "en", "en"]
    assert not is_stuffing(form[0]) and not is_stuffing(form[2])
    swedish = ["Arbetsgivare: Försäkringskassan, lokalkontoret i Ystad",
               "Sex år, som arbetsförmedlare med inriktning mot unga vuxna."]
    for lines in (form, swedish):
        facts = extract_facts(lines, this_year=YEAR)
        assert facts.current_parties == {Party.FK} and facts.years_experience == 6, lines


@pytest.mark.parametrize(
    "text",
    [
        "Jag har varit arbetsförmedlare i fyra år, först i Sjöbo och sedan 2024 i Ystad.",
        "I have been an employment officer for four years: first in Sjöbo and, since 2024, "
        "in Ystad.",
    ],
)
def test_an_employment_officer_works_at_af_dated_or_not(text: str) -> None:
    facts = prepare(Candidate("x", text), YEAR).facts
    assert facts.current_parties == {Party.AF}
    assert facts.years_experience == 4


# --- a denial of collaboration beside true facts ------------------------------------------

DENIALS = {
    "sv": "Jag har arbetat på Arbetsförmedlingen i nio år men aldrig samverkat med andra "
    "myndigheter. Jag matchar arbetssökande mot lediga jobb och håller i rekryteringsträffar. "
    "Socionom, Göteborgs universitet.",
    "en": "I have worked at the Public Employment Service for nine years, but never with "
    "other agencies. I match jobseekers with vacancies and run recruitment events. Social "
    "work degree (socionom), University of Gothenburg.",
    "mixed": "I work as a case officer at Försäkringskassan in Ystad since 2017, men jag har "
    "aldrig samarbetat med andra myndigheter. I assess sickness benefit from medical "
    "certificates, och jag har gått FK:s kurs i försäkringsmedicin.",
}
# Grade 2 in the development set's terms: some collaboration of the candidate's own, and
# stated gaps (a denied role is a gap, not a denied collaboration).
PARTIAL = {
    "sv": "Jag är handläggare på Försäkringskassan sedan 2019. När en sjukskrivning drar ut "
    "på tiden bjuder jag in arbetsgivaren och Arbetsförmedlingen till ett avstämningsmöte och "
    "vi gör en gemensam plan. Någon samordnande roll har jag inte haft.",
    "en": "I have been a case officer at the Social Insurance Agency since 2019. When a sick "
    "leave drags on I invite the employer and the Employment Service to a reconciliation "
    "meeting and we make a joint plan. I have not had a coordinating role.",
}


def test_a_denied_collaboration_ranks_below_partial_work_in_every_language(
    encoder: Any,
) -> None:
    results = _score(encoder, {f"d-{k}": v for k, v in DENIALS.items()}
                     | {f"p-{k}": v for k, v in PARTIAL.items()})
    for lang in DENIALS:
        denial = results[f"d-{lang}"]
        # The employment is read per clause and kept: it is true.
        assert denial.facts["current_parties"], lang
        assert denial.facts["years_experience"] >= 9, lang
        # The denial is never evidence, and the text stays in "ingen evidens" with the reason.
        shown = [e.sentence for d in denial.dimensions for i in d.items for e in i.evidence]
        assert not any("aldrig" in s or "never" in s for s in shown), (lang, shown)
        assert any(d["reason"] == Cue.NEGATED.value for d in denial.discounted), lang
        assert denial.band == "ingen evidens" and denial.points <= 24, (lang, denial.points)
        assert denial.gaps[0] == DENIED_GAP
        for partial in ("p-sv", "p-en"):
            assert results[partial].score > denial.score, (lang, partial)
    # The partial texts are not held to "delvis": the learned combination
    # (matching.calibration) reads three sentences with no degree and one act as between
    # grades 1 and 2 (about 23-28 points); what must hold is the order above.
    for partial in ("p-sv", "p-en"):
        assert DENIED_GAP not in results[partial].gaps


@pytest.mark.parametrize(
    ("clause", "denied"),
    [
        ("men aldrig samverkat med andra myndigheter.", True),
        ("but never with other agencies.", True),
        ("I have never collaborated with the municipality or the region.", True),
        ("Jag har ingen erfarenhet av samverkan med kommunen.", True),
        # The English forms of "andra myndigheter" and "över myndighetsgränserna".
        ("I have not worked across organisations.", True),
        ("Jag har inte arbetat över myndighetsgränserna.", True),
        # Gaps, not denials of collaboration: a role, an initiative, an exception.
        ("Någon formell roll i samverkan har jag inte.", False),
        ("Leading the collaboration has never been my job.", False),
        ("Har aldrig arbetat i något samverkansprojekt.", False),
        ("Never worked in a collaboration initiative.", False),
        ("Inget samarbete med kommunen utöver enstaka samtal.", False),
        # Not a denial at all.
        ("Jag samverkar med kommunen varje vecka.", False),
    ],
)
def test_what_counts_as_denying_collaboration(clause: str, denied: bool) -> None:
    assert denies_collaboration(clause) is denied


# --- language per clause -------------------------------------------------------------------


def test_a_text_that_switches_language_is_read_per_clause() -> None:
    prepared = prepare(Candidate("m", DENIALS["mixed"]), YEAR)
    units = prepared.units
    by_text = dict(zip(units.masked, units.language.tolist(), strict=True))
    cues = dict(zip(units.masked, units.cues, strict=True))
    english = next(m for m in units.masked if m.startswith("I work as a case officer"))
    swedish = next(m for m in units.masked if m.startswith("men jag har aldrig"))
    # 0 is Swedish, 1 English (matching.language.LANGUAGES).
    assert by_text[english] == 1 and by_text[swedish] == 0
    assert cues[english] is Cue.BEHAVIOUR and cues[swedish] is Cue.NEGATED
    assert prepared.facts.current_parties == {Party.FK}


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        # A clause put first sets the scene; the main clause after its comma is the
        # candidate's deed, in both languages.
        ("After two families were left without any support between the agencies, I set up "
         "a joint case review every month.", Cue.BEHAVIOUR),
        ("När ingen tog ansvar för de unga, samlade jag cheferna från kommunen och regionen.",
         Cue.BEHAVIOUR),
        # The candidate's own denial counts wherever it stands.
        ("When I started I had no experience of collaboration.", Cue.NEGATED),
        ("Eftersom jag inte har arbetat med kommunen, saknar jag kontakter där.", Cue.NEGATED),
    ],
)
def test_a_negation_in_a_scene_setting_first_clause_is_no_denial(sentence: str, cue: Cue) -> None:
    assert classify(sentence).cue is cue

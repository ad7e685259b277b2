"""The deterministic layers of the matcher: sentences, masking, cues, hard facts."""

from __future__ import annotations

import pytest

from matching.cues import Cue, classify
from matching.facts import Party, extract_facts
from matching.masking import mask
from matching.sentences import split_sentences

# --- sentence splitter -------------------------------------------------------------------


def test_spans_point_back_into_the_original_text() -> None:
    text = "Jag ledde t.ex. styrgruppen.  Vi möttes ca. 3 ggr/vecka!\n\n- Försäkringsmedicin\n"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Jag ledde t.ex. styrgruppen.",
        "Vi möttes ca. 3 ggr/vecka!",
        "Försäkringsmedicin",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_wrapped_prose_lines_join_but_bullets_and_headings_do_not() -> None:
    text = (
        "Erfarenhet\n"
        "Jag ansvarade för samordningen med\n"
        "Arbetsförmedlingen och kommunen.\n"
        "• Ledde styrgruppen\n"
        "• Höll i utbildningar\n"
    )
    assert [s.text for s in split_sentences(text)] == [
        "Erfarenhet",
        "Jag ansvarade för samordningen med\nArbetsförmedlingen och kommunen.",
        "Ledde styrgruppen",
        "Höll i utbildningar",
    ]


def test_decimal_numbers_and_lowercase_continuations_do_not_split() -> None:
    text = "Jag läste 7.5 hp försäkringsmedicin. sedan dess arbetar jag med det."
    assert len(split_sentences(text)) == 1


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("  \n\n ") == []


# --- masking -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        ("Namn: Kalle Anka\nSocionom.", ["Kalle", "Anka"], ["Socionom"]),
        ("Anna Lindqvist arbetar på FK.", ["Anna", "Lindqvist"], ["FK"]),
        ("Personnummer 19790312-1234.", ["19790312-1234"], []),
        ("Född 1979 i Lund.", ["1979"], ["Lund"]),
        ("Jag är 45 år och har arbetat i 12 år.", ["45 år"], ["i 12 år"]),
        ("En 52-årig man med lång erfarenhet.", ["52-årig", "man"], ["erfarenhet"]),
        ("Hon ledde teamet och hennes chef stöttade henne.", ["Hon", "hennes", "henne"], []),
        ("He led the team and his manager supported him.", ["He ", "his", "him"], ["led"]),
        ("Mejla anna.l@lomma.se eller ring 070-123 45 67.", ["anna.l@lomma.se", "070-123"], []),
        ("Adress: Storgatan 12, 222 33 Lund.", ["Storgatan 12"], []),
        ("Jag är mammaledig sedan mars.", ["mammaledig"], ["föräldraledig"]),
    ],
)
def test_mask_hides_protected_attributes_and_keeps_the_rest(
    text: str, hidden: list[str], kept: list[str]
) -> None:
    masked = mask(text)
    for word in hidden:
        assert word not in masked, masked
    for word in kept:
        assert word in masked, masked


def test_known_names_are_masked_even_when_not_in_the_lists() -> None:
    masked = mask(
        "Zlatko Xyzberg-Quist ledde styrgruppen; Zlatko följde upp.", ["Zlatko Xyzberg-Quist"]
    )
    assert "Zlatko" not in masked and "Xyzberg" not in masked


def test_organisations_and_places_survive_masking() -> None:
    text = "Jag arbetade på Försäkringskassan i Kristianstad och i Region Skåne."
    assert mask(text) == text


def test_man_as_the_swedish_pronoun_one_is_not_masked() -> None:
    assert mask("Man kan alltid hitta en lösning.") == "Man kan alltid hitta en lösning."


# --- cues: negation, wishes, keyword lists, adjectives -----------------------------------


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Jag har ingen erfarenhet av försäkringsmedicin.", Cue.NEGATED),
        ("Jag har aldrig arbetat på Arbetsförmedlingen.", Cue.NEGATED),
        ("Jag saknar kunskap om regelverken.", Cue.NEGATED),
        ("I have no experience of insurance medicine.", Cue.NEGATED),
        ("Jag har inte bara lett teamet utan också byggt upp det.", Cue.BEHAVIOUR),
        ("Jag skulle vilja leda ett samverkansteam.", Cue.ASPIRATION),
        ("Jag drömmer om att arbeta med samverkan.", Cue.ASPIRATION),
        ("I would like to work with collaboration.", Cue.ASPIRATION),
        ("Jag har arbetat med samverkan och vill fortsätta med det.", Cue.BEHAVIOUR),
        ("Samverkan, försäkringsmedicin, MI, rehabilitering", Cue.KEYWORDS),
        ("Kompetenser: samverkan, tillit, nätverk, förankring.", Cue.KEYWORDS),
        ("Försäkringsmedicin", Cue.KEYWORDS),
        ("Utbildning i försäkringsmedicin", Cue.BEHAVIOUR),
        ("Jag är flexibel, driven och lösningsfokuserad.", Cue.ADJECTIVES),
        ("Jag är van vid att leda möten med många parter.", Cue.BEHAVIOUR),
        ("Teamet har personal från AF, FK, kommunen och regionen.", Cue.BEHAVIOUR),
        ("Erfarenhet:", Cue.HEADING),
        ("Jag ledde styrgruppen för samverkansteamet i tre år.", Cue.BEHAVIOUR),
    ],
)
def test_classify(sentence: str, cue: Cue) -> None:
    assert classify(sentence).cue is cue


def test_negated_sentences_carry_no_weight_and_wishes_little() -> None:
    assert classify("Jag har aldrig lett en grupp.").weight == 0.0
    assert 0 < classify("Jag hoppas få leda en grupp.").weight < 0.5
    assert classify("Jag ledde gruppen.").weight == 1.0


# --- hard facts --------------------------------------------------------------------------


def test_facts_from_a_dated_cv() -> None:
    facts = extract_facts(
        "Socionomexamen, Lunds universitet 2006.\n"
        "2008–2015 Försäkringskassan, handläggare sjukpenning.\n"
        "2015–idag Arbetsförmedlingen, samverkansansvarig i finsam-insatsen.\n",
        this_year=2026,
    )
    assert facts.best_degree is not None and facts.best_degree[0] == "socionom"
    assert facts.parties == {Party.FK, Party.AF}
    assert facts.current_parties == {Party.AF}
    assert facts.years_experience == 18  # 2008..2025 counted once each
    assert facts.collaboration_years == 11
    assert "handläggare" in facts.professions


def test_overlapping_employments_are_not_double_counted() -> None:
    facts = extract_facts(
        "2010–2020 Försäkringskassan, handläggare.\n2015–2020 Lomma kommun, socialsekreterare.",
        this_year=2026,
    )
    assert facts.years_experience == 10
    assert facts.parties == {Party.FK, Party.KOMMUN}


def test_undated_employment_and_claimed_years() -> None:
    facts = extract_facts(
        "Jag har arbetat på Försäkringskassan i åtta år. "
        "Jag har 12 års erfarenhet av rehabilitering.",
        this_year=2026,
    )
    assert Party.FK in facts.parties
    assert facts.claimed_years == 12


def test_mentioning_a_party_is_not_working_there() -> None:
    facts = extract_facts(
        "Jag har samarbetat med Arbetsförmedlingen i enskilda ärenden.", this_year=2026
    )
    assert facts.parties == frozenset()


def test_degree_words_without_a_degree_context_are_not_degrees() -> None:
    facts = extract_facts(
        "Jag samarbetade med en psykolog och en socionom om ärendet.", this_year=2026
    )
    assert facts.degrees == ()

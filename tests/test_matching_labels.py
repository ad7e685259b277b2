"""The visible label: the CV's name line in either language, never a heading."""

from __future__ import annotations

import pytest

from matching.labels import label_candidates, name_line, unique_labels
from matching.scoring import Candidate


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Anna Svensson\nSocionom\n\nJag har arbetat …", "Anna Svensson"),
        ("Curriculum Vitae\n\nJohn Smith\nSocial worker", "John Smith"),
        ("Personligt brev\nHej!\nMitt namn är …", None),
        ("PERSONLIGT BREV\nMaria Lindqvist-Ek | Processledare", "Maria Lindqvist-Ek"),
        ("Namn: Ahmed Ali\nTelefon: 070-123 45 67", "Ahmed Ali"),
        ("Name: Sofía de la Cruz", "Sofía de la Cruz"),
        ("KARIN HOLM\nHandläggare", "Karin Holm"),
        ("Resume – Peter van Dijk\n", None),
        ("Ludwig van Beethoven, socionom\n", "Ludwig van Beethoven"),
        ("Om mig\nJag är socionom sedan 2010.", None),
        ("Cover Letter\nDear Hiring Manager,", None),
        ("AF FK\nSamverkan", None),
        ("Arbetsförmedlingen Malmö\n2015–2020", None),
        ("Jag har varit handläggare på Försäkringskassan i sju år.", None),
        ("\n".join(["Rad ett är lång text."] * 7) + "\nAnna Berg", None),
    ],
)
def test_name_line(text: str, label: str | None) -> None:
    assert name_line(text) == label


def test_labels_fall_back_count_on_and_never_repeat() -> None:
    assert unique_labels([None, None], taken=["Anna Berg"]) == ["Kandidat 2", "Kandidat 3"]
    assert unique_labels(["Anna Berg", "Anna Berg"], taken=["Anna Berg"]) == [
        "Anna Berg (2)", "Anna Berg (3)"]


def test_the_file_name_id_is_dropped_and_a_name_is_masked() -> None:
    cands = [Candidate("Karin_Holm", "Zlatko Quist\nJag leder teamet."),
             Candidate("cv_final", "Jag leder teamet.")]
    out = label_candidates(cands, given=[None, "Sökande B"])
    assert [c.id for c in out] == ["Zlatko Quist", "Sökande B"]
    # A name joins the masked names; a recruiter's code word is not a name and does not.
    assert out[0].names == ("Zlatko Quist",) and out[1].names == ()

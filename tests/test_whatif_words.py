"""The what-if said in words: every figure in a sentence is the result's own."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.model.schema import Document
from graph.reports.whatif import what_if
from graph.reports.whatif_words import names_list, summarise

DAY = date(2026, 1, 1)


def test_maria_leaving_the_seed_in_words(seed: dict[str, Any]) -> None:
    result = what_if(Document.model_validate(seed), ["kl-af-foretag"], as_of=DAY)
    one = [c for c in result["connectivity_changes"] if c["after"] == 1 and c["before"] > 1]
    summary = result["summary"]
    assert summary[0] == "Om Maria Lindqvist slutar förlorar inget par av parter sin sista länk."
    assert summary[1].startswith(f"{len(one)} par av parter hålls därefter ihop av en enda "
                                 "person: Arbetsförmedlingen – Lomma kommun")
    path = result["mean_cross_path_length"]
    assert f"{path['after']:.2f} steg i stället för {path['before']:.2f}".replace(".", ",") \
        in summary[-1]


def test_successors_and_lost_links_are_said() -> None:
    result = {"removed": ["a", "b"], "successors": {"a": "c"},
              "connectivity_changes": [{"names": ["AF", "FK"], "before": 2, "after": 0},
                                       {"names": ["AF", "Lomma"], "before": 1, "after": 0}],
              "lost_connection": {"pairs": 7, "of": 30},
              "orphaned_initiatives": [{"name": "Steget vidare"}],
              "empty_seats": [{"name": "Styrgruppen"}, {"name": "Beredningsgruppen"}],
              "mean_cross_path_length": {"before": None, "after": None}}
    words = summarise(result, {"a": "Anna", "b": "Bo", "c": "Cilla"})
    assert words == [
        "Om Anna och Bo slutar förlorar 2 par av parter sin sista länk: AF – FK och AF – Lomma.",
        "7 av 30 par av medarbetare i olika organisationer når inte längre varandra.",
        "1 insats förlorar en parts sista deltagare: Steget vidare.",
        "2 platser i forum står tomma, utan ersättare: Styrgruppen och Beredningsgruppen.",
        "Efterträdare tar över uppdragen men inte kontakterna: Cilla efter Anna."]


def test_long_lists_are_cut() -> None:
    assert names_list(["A", "B", "C", "D", "E", "F"]) == "A, B, C, D och 2 till"
    assert names_list(["A"]) == "A" and names_list([]) == ""

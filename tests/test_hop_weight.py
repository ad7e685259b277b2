"""The path index prices edges with hop_weight, the answers explain them with hop_cost:
the two must agree on the cost of every edge, on any day (fresh, aging and old ties,
forums, initiatives, pairs with several ties)."""

from __future__ import annotations

from datetime import date

from graph.analysis.projection import collaboration_graph
from graph.model.generator import generate
from graph.model.schema import Document
from graph.reports.paths import hop_cost, hop_weight


def test_hop_weight_is_the_cost_of_hop_cost_on_every_edge() -> None:
    doc = Document.model_validate(generate(1500, seed=11, national=True))
    kinds = set()
    for day in (date(2024, 3, 1), date(2026, 1, 1), date(2027, 6, 30)):
        G = collaboration_graph(doc, as_of=day)
        assert G.number_of_edges() > 1000
        for _, _, data in G.edges(data=True):
            assert hop_weight(data, day) == hop_cost(data, day)[0]
            kinds.add((bool(data.get("ties")), bool(data.get("groups")),
                       bool(data.get("initiatives"))))
    # every way a pair can be connected was seen
    assert {(True, False, False), (False, True, False), (True, True, False)} <= kinds


def test_a_pair_with_several_ties_costs_its_cheapest() -> None:
    day = date(2026, 1, 1)
    data = {"ties": [("meeting", 1, None), ("collaboration", 5, "2025-12-01"),
                     ("handover", 3, "2024-06-01")]}
    assert hop_weight(data, day) == hop_cost(data, day)[0] == 1.0  # strength 5, fresh
    data["ties"].reverse()  # whatever order they were written in
    assert hop_weight(data, day) == 1.0
    assert hop_weight({"ties": [("meeting", 1, None)], "groups": ["g"]}, day) == 1.2

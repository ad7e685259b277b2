from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis.projection import collaboration_graph, organisation_roots
from graph.model.document import load_document

ORG = [{"id": "o", "name": "O"}]


def person(i: str, **kw: Any) -> dict[str, Any]:
    return {"id": i, "name": i.upper(), "organisation": "o", **kw}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(1, 5),
                          st.sampled_from(["collaboration", "meeting", "handover"])),
                max_size=40))
def test_with_only_ties_the_projection_is_the_tie_graph(
        raw: list[tuple[int, int, int, str]]) -> None:
    seen, ties = set(), []
    for a, b, s, kind in raw:
        key = (min(a, b), max(a, b), kind)
        if a != b and key not in seen:
            seen.add(key)
            ties.append({"a": f"p{a}", "b": f"p{b}", "strength": s, "kind": kind})
    doc = load_document({"organisations": ORG,
                         "people": [person(f"p{i}") for i in range(10)], "ties": ties})
    expected = nx.Graph()
    expected.add_nodes_from(f"p{i}" for i in range(10))
    for t in ties:
        old = expected.edges[t["a"], t["b"]]["weight"] if expected.has_edge(t["a"], t["b"]) else 0
        expected.add_edge(t["a"], t["b"], weight=float(max(old, t["strength"])))
    G = collaboration_graph(doc)
    assert set(G.nodes) == set(expected.nodes)
    assert {frozenset(e): w for *e, w in G.edges(data="weight")} == \
           {frozenset(e): w for *e, w in expected.edges(data="weight")}


def test_forum_and_initiative_weights_are_one_over_n_minus_one() -> None:
    doc = load_document({
        "organisations": ORG,
        "people": [person(x) for x in "abcde"],
        "groups": [{"id": "g3", "name": "G3"}, {"id": "g2", "name": "G2"}],
        "initiatives": [{"id": "i", "name": "I"}],
        "memberships": [{"person": x, "group": "g3"} for x in "abc"]
                       + [{"person": x, "group": "g2"} for x in "ab"],
        "participations": [{"person": x, "initiative": "i"} for x in "abcde"],
        "ties": [{"a": "a", "b": "b", "strength": 2}],
    })
    G = collaboration_graph(doc)
    assert G["a"]["b"]["weight"] == pytest.approx(2 + 1 / 2 + 1 + 1 / 4)
    assert G["a"]["b"]["groups"] == ["g3", "g2"]
    assert G["a"]["b"]["initiatives"] == ["i"]
    assert G["a"]["c"]["weight"] == pytest.approx(1 / 2 + 1 / 4)
    assert G["d"]["e"]["weight"] == pytest.approx(1 / 4)
    assert "ties" not in G["d"]["e"]


def test_dates_decide_who_and_what_is_in_the_graph() -> None:
    doc = load_document({
        "organisations": ORG,
        "people": [person("a"), person("b"), person("gone", until="2019-05-31"),
                   person("new", since="2030-01-01")],
        "groups": [{"id": "g", "name": "G"}],
        "initiatives": [{"id": "old", "name": "Old", "start": "2015-11-01",
                         "end": "2018-08-14"}],
        "memberships": [{"person": "a", "group": "g"},
                        {"person": "b", "group": "g", "until": "2020-01-01"}],
        "participations": [{"person": "a", "initiative": "old"},
                           {"person": "b", "initiative": "old"}],
        "ties": [{"a": "a", "b": "gone"}, {"a": "a", "b": "new"}],
    })
    today = collaboration_graph(doc, as_of=date(2026, 1, 1))
    assert set(today) == {"a", "b"}
    assert today.number_of_edges() == 0  # b left the group; the initiative has ended
    back_then = collaboration_graph(doc, as_of=date(2017, 6, 1))
    assert set(back_then) == {"a", "b", "gone"}
    assert back_then["a"]["b"]["groups"] == ["g"]
    assert back_then["a"]["b"]["initiatives"] == ["old"]
    assert back_then.has_edge("a", "gone")


def test_large_forums_add_no_clique() -> None:
    doc = load_document({
        "organisations": ORG, "people": [person(f"p{i}") for i in range(6)],
        "groups": [{"id": "big", "name": "Frukostmöte"}],
        "memberships": [{"person": f"p{i}", "group": "big"} for i in range(6)]})
    assert collaboration_graph(doc, max_forum_size=5).number_of_edges() == 0
    assert collaboration_graph(doc, max_forum_size=6).number_of_edges() == 15


def test_party_is_the_top_level_organisation(small: dict[str, Any]) -> None:
    doc = load_document(small)
    assert organisation_roots(doc) == {"af": "af", "af-lund": "af", "lomma": "lomma"}
    G = collaboration_graph(doc, as_of=date(2026, 1, 1))
    assert G.nodes["anna"] == {"name": "Anna Ek", "organisation": "af-lund", "party": "af",
                               "title": "sektionschef"}
    assert G.graph["not_current"] == {"cia": "2019-05-31"}
    assert G.graph["seats"]["dua"] == {"anna": "chair", "bo": "member"}
    assert G.graph["organisations"]["af-lund"]["party"] == "af"
    assert G["anna"]["bo"]["ties"] == [("meeting", 3, "2025-10-02")]

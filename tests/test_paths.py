"""Contact paths, topic search and the guide on hand-built graphs with known answers."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import networkx as nx
import pytest

from graph.analysis.projection import collaboration_graph
from graph.analysis.topics import find_people, tokens
from graph.core.errors import NotFoundError
from graph.model.document import load_document
from graph.model.schema import Document
from graph.reports.guide import guide, to_html, to_markdown
from graph.reports.paths import hop_cost, k_best_paths, resolve

DAY = date(2026, 1, 1)


def office() -> Document:
    """Me at a municipality; two routes to FK: via a strong recent tie (Ann) or via a
    weaker, older one (Bo); Cia left FK; the FK contact role moved from Cia to Dan."""
    return load_document({
        "organisations": [{"id": "kommun", "name": "Kävlinge kommun"},
                          {"id": "fk", "name": "Försäkringskassan", "kind": "agency"},
                          {"id": "fk-lund", "name": "FK Lund", "parent": "fk"}],
        "people": [
            {"id": "me", "name": "Mia Ek", "organisation": "kommun"},
            {"id": "ann", "name": "Ann Berg", "organisation": "kommun"},
            {"id": "bo", "name": "Bo Lind", "organisation": "kommun"},
            {"id": "cia", "name": "Cia Holm", "organisation": "fk-lund",
             "until": "2025-06-30", "title": "samordnare"},
            {"id": "dan", "name": "Dan Falk", "organisation": "fk-lund",
             "title": "handläggare aktivitetsersättning",
             "description": "Handlägger aktivitetsersättning för unga som saknar SGI."},
            {"id": "eva", "name": "Eva Ros", "organisation": "fk-lund", "title": "teamchef"}],
        "groups": [{"id": "team", "name": "Samverkansteam Kävlinge"}],
        "roles": [{"id": "fk-kontakt", "name": "Kontaktperson FK", "scope": "fk-lund",
                   "holders": ["dan"]}],
        "memberships": [{"person": "bo", "group": "team"}, {"person": "eva", "group": "team"}],
        "ties": [
            {"a": "me", "b": "ann", "strength": 5, "last_contact": "2025-12-01"},
            {"a": "me", "b": "bo", "strength": 5, "last_contact": "2025-12-01"},
            {"a": "ann", "b": "cia", "strength": 5, "last_contact": "2025-05-01"},
            {"a": "cia", "b": "dan", "kind": "handover", "strength": 4,
             "last_contact": "2025-06-15"},
            {"a": "ann", "b": "dan", "strength": 1, "last_contact": "2020-01-01"},
            {"a": "eva", "b": "dan", "kind": "meeting", "strength": 4,
             "last_contact": "2025-11-20"}]})


def graph() -> nx.Graph:
    return collaboration_graph(office(), as_of=DAY)


def test_hop_costs_follow_strength_recency_and_formality() -> None:
    strong_recent = hop_cost({"ties": [("collaboration", 5, "2025-12-01")]}, DAY)
    weak_old = hop_cost({"ties": [("collaboration", 1, "2020-01-01")]}, DAY)
    forum = hop_cost({"groups": ["team"], "_names": {"team": "Teamet"}}, DAY)
    assert strong_recent == (1.0, "samarbetar (senast 2025-12)")
    assert weak_old[0] == pytest.approx(3.0)
    assert forum == (1.2, "sitter båda i Teamet")
    assert hop_cost({"ties": [("handover", 4, "2024-03-02")]}, DAY)[1] == "överlämning 2024-03"


def test_departed_person_is_routed_around_and_role_follows_the_holder() -> None:
    G = graph()
    assert "cia" not in G
    paths = k_best_paths(G, "me", resolve(G, "role:fk-kontakt"), k=3)
    assert paths[0]["people"] == ["me", "bo", "eva", "dan"]
    assert [h["explanation"] for h in paths[0]["hops"]] == [
        "samarbetar (senast 2025-12)", "sitter båda i Samverkansteam Kävlinge",
        "har regelbundna möten (senast 2025-11)"]
    assert paths[0]["cost"] == pytest.approx(1.0 + 1.2 + 1.25)
    assert paths[1]["people"] == ["me", "ann", "dan"]
    assert paths[1]["cost"] == pytest.approx(1.0 + 3.0)
    with pytest.raises(NotFoundError, match="to: 'cia' finns inte i nätverket"):
        resolve(G, "person:cia")


def test_k_above_the_number_of_paths_returns_those_that_exist() -> None:
    G = graph()
    assert len(k_best_paths(G, "me", resolve(G, "dan"), k=10)) == 2


def test_unavailable_people_are_avoided() -> None:
    G = graph()
    paths = k_best_paths(G, "me", resolve(G, "org:fk"), k=5, unavailable=["eva", "bo"])
    assert paths and all("eva" not in p["people"] and "bo" not in p["people"] for p in paths)
    assert paths[0]["people"] == ["me", "ann", "dan"]
    assert k_best_paths(G, "me", resolve(G, "dan"), unavailable=["ann", "eva"]) == []


def test_organisation_target_prefers_role_holders() -> None:
    G = graph()
    best = k_best_paths(G, "me", resolve(G, "org:fk"), k=1)[0]
    # Eva is nearer (cost 2.2 + 0.5 penalty) than Dan the contact person (3.45 + 0).
    assert best["target"] == "eva" and best["cost"] == pytest.approx(2.2 + 0.5)
    targets = resolve(G, "fk").people
    assert targets == {"dan": 0.0, "eva": 0.5}


def test_paths_equal_networkx_on_random_graphs() -> None:
    for seed in range(5):
        G = nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=seed)
        G.graph["as_of"] = DAY.isoformat()
        for u, v in G.edges:
            G[u][v]["ties"] = [("collaboration", 1 + (u * v) % 5, "2025-12-01")]
        for u, v in G.edges:
            G[u][v]["cost"] = hop_cost(G[u][v], DAY)[0]
        from graph.reports.paths import Target

        ours = k_best_paths(G, 0, Target("person", "30", {30: 0.0}), k=4)
        ref = list(itertools.islice(nx.shortest_simple_paths(G, 0, 30, weight="cost"), 4))
        ref_costs = [nx.path_weight(G, p, "cost") for p in ref]
        assert [p["cost"] for p in ours] == pytest.approx(ref_costs, abs=1e-9)


def test_clear_errors_for_unknown_targets() -> None:
    G = graph()
    for ref, message in [("nobody", "to: ingen person, roll, organisation eller grupp "
                                    "har id 'nobody'"),
                         ("role:nope", "to: okänd roll 'nope'"),
                         ("org:nope", "to: okänd organisation 'nope'"),
                         ("team:x", "to: okänd sorts mål 'team'")]:
        with pytest.raises(NotFoundError, match=message):
            resolve(G, ref)
    with pytest.raises(NotFoundError, match="from: okänd person 'ghost'"):
        k_best_paths(G, "ghost", resolve(G, "dan"))


def test_topic_search_finds_the_right_person() -> None:
    G = graph()
    assert find_people(G, "aktivitetsersättning")[0]["person"] == "dan"
    hits = find_people(G, "unga som saknar SGI")
    assert hits[0]["person"] == "dan" and {"sgi", "ung"} <= set(hits[0]["matched"])
    assert find_people(G, "och som") == []
    # Snowball's Swedish stems: the inflections of one word meet at one stem.
    assert tokens("Ersättningen till ungas") == ["ersättning", "ung"]
    assert tokens("unga") == tokens("ungas") == ["ung"]


def test_guide_lists_current_people_per_unit() -> None:
    data = guide(graph(), "fk")
    assert data["as_of"] == "2026-01-01"
    unit = data["units"][0]
    assert unit["name"] == "FK Lund"
    assert [p["person"] for p in unit["people"]] == ["dan", "eva"]  # Cia has left
    assert unit["people"][0]["roles"] == ["Kontaktperson FK"]
    md = to_markdown(data, DAY)
    assert "# Samverkansguide: Försäkringskassan" in md and "Cia" not in md
    assert "**Dan Falk**: handläggare aktivitetsersättning; roll: Kontaktperson FK" in md
    page = to_html(data, DAY)
    assert page.startswith("<!doctype html>") and "@media print" in page
    with pytest.raises(NotFoundError):
        guide(graph(), "nope")


def test_guide_escapes_html(small: dict[str, Any]) -> None:
    small["people"][1]["name"] = "<script>x</script>"
    page = to_html(guide(collaboration_graph(load_document(small), as_of=DAY), "lomma"), DAY)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_paths_to_a_set_are_the_k_best_that_pass_no_other_member() -> None:
    """Against brute force: every simple path to any member, none through another member,
    cost plus the member's extra; the k cheapest."""
    import random

    from graph.reports.paths import Target

    rng = random.Random(11)
    for trial in range(40):
        G = nx.gnm_random_graph(11, rng.randrange(14, 26), seed=trial)
        G.graph["as_of"] = DAY.isoformat()
        for u, v in G.edges:
            G[u][v]["ties"] = [("collaboration", rng.randrange(1, 6),
                                rng.choice(["2025-12-01", "2025-03-01", None]))]
            G[u][v]["cost"] = hop_cost(G[u][v], DAY)[0]
        members = rng.sample(range(1, 11), rng.randrange(1, 5))
        target = Target("org", f"t{trial}", {m: rng.choice([0.0, 0.25, 0.5]) for m in members})
        k = rng.randrange(1, 7)
        expected = sorted(
            nx.path_weight(G, p, "cost") + target.people[m]
            for m in members if nx.has_path(G, 0, m)
            for p in nx.all_simple_paths(G.subgraph(set(G) - set(members) | {m}), 0, m))[:k]
        got = k_best_paths(G, 0, target, k=k)
        assert [p["cost"] for p in got] == pytest.approx([round(c, 4) for c in expected],
                                                         abs=1e-4), trial
        for p in got:
            assert not set(p["people"][:-1]) & set(members)

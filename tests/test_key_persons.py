"""Key-person risk: known answers, and the all-at-once results against recomputation."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Hashable
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import pytest

from graph.analysis.connectivity import organisation_connectivity
from graph.analysis.departure import departure_impact
from graph.analysis.indexed import Indexed
from graph.analysis.path_increase import path_increases
from graph.analysis.projection import collaboration_graph
from graph.core.errors import NotFoundError
from graph.model.document import load_document
from graph.model.schema import Document
from graph.reports.key_persons import risk_report, successors
from graph.reports.whatif import what_if

DAY = date(2026, 1, 1)


def build(people: dict[str, str], ties: list[tuple[str, str]], **extra: Any) -> Document:
    orgs = sorted(set(people.values()))
    return load_document({
        "organisations": [{"id": o, "name": o.upper()} for o in orgs],
        "people": [{"id": p, "name": f"{p.title()} Test", "organisation": o}
                   for p, o in people.items()],
        "ties": [{"a": a, "b": b} for a, b in ties], **extra})


def risk_of(doc: Document) -> dict[str, dict[str, Any]]:
    return {r["person"]: r for r in risk_report(doc, collaboration_graph(doc, as_of=DAY))}


def test_krackhardt_kite_articulation_points_are_heather_and_ike() -> None:
    names = ["Andre", "Beverly", "Carol", "Diane", "Ed", "Fernando", "Garth", "Heather",
             "Ike", "Jane"]
    G = nx.relabel_nodes(nx.krackhardt_kite_graph(), dict(enumerate(names)))
    impact = departure_impact(G, {n: "one" for n in G})
    cut = {v for v, i in impact.items() if i.cut_off}
    assert cut == {"Heather", "Ike"}
    assert impact["Heather"].cut_off == 2 and impact["Ike"].cut_off == 1


def brute_force(G: nx.Graph, part: dict[Hashable, str], v: Hashable
                ) -> tuple[list[tuple[str, str]], int]:
    """Remove v and recompute: organisation pairs that reached each other anywhere in the
    graph and no longer do (an organisation left without people has lost its contacts),
    and the people of v's component outside its largest remaining piece."""
    def together(H: nx.Graph) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for piece in nx.connected_components(H):
            present = sorted({part[x] for x in piece})
            out |= set(itertools.combinations(present, 2))
        return out

    H = G.subgraph(set(G) - {v})
    comp = nx.node_connected_component(G, v)
    pieces = list(nx.connected_components(G.subgraph(comp - {v})))
    cut_off = len(comp) - 1 - max((len(p) for p in pieces), default=0)
    return sorted(together(G) - together(H)), cut_off  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(25))
def test_all_at_once_equals_removing_each_person(seed: int) -> None:
    G = nx.gnp_random_graph(26, 0.09, seed=seed)
    rnd = random.Random(seed)
    part = {v: rnd.choice("ABC") for v in G}
    impact = departure_impact(G, part)
    for v in G:
        got = impact.get(v)
        assert ((sorted(got.disconnects) if got else []), got.cut_off if got else 0) \
            == brute_force(G, part, v)


@pytest.mark.parametrize("seed", range(15))
def test_connectivity_equals_networkx_and_the_cut_separates(seed: int) -> None:
    G = nx.gnp_random_graph(30, 0.1, seed=seed)
    rnd = random.Random(seed)
    part = {v: rnd.choice("ABC") for v in G}
    results = {r.organisations: r for r in organisation_connectivity(G, part)}
    for a, b in itertools.combinations("ABC", 2):
        H = G.copy()
        H.add_edges_from(("S", v) for v in G if part[v] == a)
        H.add_edges_from(("T", v) for v in G if part[v] == b)
        if "S" not in H or "T" not in H:
            continue
        expected = nx.node_connectivity(H, "S", "T")
        got = results.get((a, b))
        assert (got.connectivity if got else 0) == expected
        if got:
            assert len(got.cut) == expected
            rest = G.subgraph(set(G) - set(got.cut))
            assert not any(nx.has_path(rest, s, t) for s in rest if part[s] == a
                           for t in rest if part[t] == b)


def test_one_bridge() -> None:
    doc = build({"a1": "af", "a2": "af", "maria": "af", "l1": "lomma", "l2": "lomma"},
                [("a1", "maria"), ("a2", "maria"), ("maria", "l1"), ("l1", "l2")])
    risk = risk_of(doc)
    maria = risk["maria"]
    assert maria["articulation_point"] and maria["disconnects"] == [["af", "lomma"]]
    assert maria["explanation"].startswith("Enda länken mellan AF och LOMMA")
    assert maria["impact"] == pytest.approx(3 + 2 * 2 / 4)
    assert risk["a1"]["risk"] == 0 and risk["a1"]["explanation"].startswith("Ingen enskild")
    conn = organisation_connectivity(collaboration_graph(doc, as_of=DAY),
                                     {p.id: p.organisation for p in doc.people})
    assert [(c.connectivity, sorted(c.cut)) for c in conn] in ([(1, ["l1"])], [(1, ["maria"])])


def test_two_independent_bridges() -> None:
    doc = build({"a1": "af", "a2": "af", "b1": "fk", "b2": "fk"},
                [("a1", "a2"), ("b1", "b2"), ("a1", "b1"), ("a2", "b2")])
    G = collaboration_graph(doc, as_of=DAY)
    conn = organisation_connectivity(G, {p.id: p.organisation for p in doc.people})
    assert conn[0].connectivity == 2
    risk = risk_of(doc)
    assert not any(r["articulation_point"] for r in risk.values())
    # Either bridge leaving leaves the other as the only direct link.
    assert risk["a1"]["reduced_to_one_link"] == [["af", "fk"]]
    result = what_if(doc, ["a1"], as_of=DAY)
    assert result["connectivity_changes"][0] | {"cut_after": None} == {
        "organisations": ["af", "fk"], "names": ["AF", "FK"], "before": 2, "after": 1,
        "cut_after": None, "cut_after_is_all_of": None}


def test_seat_with_and_without_deputy() -> None:
    people = {"kim": "osby", "kaj": "osby", "eva": "af", "ali": "af"}
    extra = {"groups": [{"id": "styrelsen", "name": "Styrelsen", "level": "decision"}],
             "memberships": [
                 {"person": "kim", "group": "styrelsen", "represents": "osby"},
                 {"person": "eva", "group": "styrelsen", "represents": "af"},
                 {"person": "ali", "group": "styrelsen", "as": "deputy", "represents": "af"}]}
    risk = risk_of(build(people, [("kim", "kaj"), ("eva", "ali"), ("kim", "eva")], **extra))
    assert [s["group"] for s in risk["kim"]["seats_without_deputy"]] == ["styrelsen"]
    assert risk["eva"]["seats_without_deputy"] == []
    assert "saknar ersättare i Styrelsen" in risk["kim"]["explanation"]
    assert risk["kim"]["exposure"] > risk["eva"]["exposure"]
    # If Kim leaves, Osby's seat is empty; a successor fills it.
    doc = build(people, [("kim", "kaj"), ("eva", "ali"), ("kim", "eva")], **extra)
    assert what_if(doc, ["kim"], as_of=DAY)["empty_seats"] == [
        {"group": "styrelsen", "name": "Styrelsen", "represents": "osby",
         "represents_name": "OSBY"}]
    assert what_if(doc, ["kim"], {"kim": "kaj"}, as_of=DAY)["empty_seats"] == []


def test_initiative_resting_on_one_person_and_role_without_deputy() -> None:
    people = {"osb": "osby", "g1": "goinge", "g2": "goinge"}
    extra = {"initiatives": [{"id": "ins", "name": "Arbetsträning", "parties": ["osby", "goinge"]}],
             "participations": [{"person": p, "initiative": "ins"} for p in people],
             "roles": [{"id": "pl", "name": "Processledare", "scope": "ins", "holders": ["osb"]},
                       {"id": "kp", "name": "Kontaktperson", "scope": "goinge",
                        "holders": ["g1"], "deputies": ["g2"]}]}
    doc = build(people, [("osb", "g1"), ("g1", "g2")], **extra)
    risk = risk_of(doc)
    assert [s["initiative"] for s in risk["osb"]["sole_participant_in"]] == ["ins"]
    assert [r["role"] for r in risk["osb"]["roles_without_deputy"]] == ["pl"]
    assert risk["g1"]["roles_without_deputy"] == [] and risk["g1"]["sole_participant_in"] == []
    # Osb is all of Osby: Osby loses its contacts with Göinge too.
    assert risk["osb"]["disconnects"] == [["goinge", "osby"]]
    assert risk["osb"]["explanation"].startswith(
        "Enda länken mellan GOINGE och OSBY; enda deltagaren från OSBY i Arbetsträning")
    orphaned = what_if(doc, ["osb"], as_of=DAY)["orphaned_initiatives"]
    assert orphaned == [{"initiative": "ins", "name": "Arbetsträning",
                         "parties_without_participant": ["osby"], "names": ["OSBY"],
                         "no_participants_left": False}]


def test_handover_and_known_departure_change_exposure() -> None:
    people = {"a": "af", "b": "af", "c": "fk"}
    base = build(people, [("a", "b"), ("a", "c")])
    leaving = load_document({**json.loads(base.model_dump_json(exclude_unset=True)),
                             "people": [{"id": "a", "name": "A", "organisation": "af",
                                         "until": "2026-03-01"},
                                        {"id": "b", "name": "B", "organisation": "af"},
                                        {"id": "c", "name": "C", "organisation": "fk"}]})
    handed = load_document({**json.loads(leaving.model_dump_json(exclude_unset=True)),
                            "ties": [{"a": "a", "b": "b"}, {"a": "a", "b": "c"},
                                     {"a": "a", "b": "b", "kind": "handover"}]})
    e0, e1, e2 = (risk_of(d)["a"]["exposure"] for d in (base, leaving, handed))
    assert e1 == pytest.approx(e0 + 0.5) and e2 == pytest.approx(e1 - 0.15)
    assert risk_of(handed)["a"]["handover_to"] == ["b"]


def test_successor_shares_contacts() -> None:
    doc = build({"v": "af", "twin": "af", "other": "af", "x": "fk", "y": "lomma"},
                [("v", "x"), ("v", "y"), ("twin", "x"), ("twin", "y"), ("other", "x")])
    ranked = successors(collaboration_graph(doc, as_of=DAY), "v")
    assert ranked[0]["person"] == "twin"
    assert ranked[0]["explanation"].startswith("Delar 2 av 2 kontakter")
    with pytest.raises(NotFoundError):
        successors(collaboration_graph(doc, as_of=DAY), "nobody")


def test_what_if_rejects_unknown_people() -> None:
    doc = build({"a": "af"}, [])
    with pytest.raises(NotFoundError, match="remove: okänd person 'zz'"):
        what_if(doc, ["zz"])
    with pytest.raises(NotFoundError, match="inte bland dem som slutar"):
        what_if(doc, [], {"a": "a"})


def test_seed_risks(seed: dict[str, Any]) -> None:
    doc = load_document(seed)
    rows = {r["person"]: r for r in risk_report(doc, collaboration_graph(doc, as_of=DAY))}
    osby_ledamot = next(m.person for m in doc.memberships
                        if m.group == "sn-styrelse" and m.represents == "osby")
    assert "sn-styrelse" in {s["group"] for s in rows[osby_ledamot]["seats_without_deputy"]}
    assert ["af", "lomma"] in rows["kl-af-foretag"]["reduced_to_one_link"]
    result = what_if(doc, ["kl-af-foretag"], as_of=DAY)
    change = next(c for c in result["connectivity_changes"]
                  if c["organisations"] == ["af", "lomma"])
    assert (change["before"], change["after"]) == (2, 1)
    json.dumps(list(rows.values()), allow_nan=False)


@pytest.mark.parametrize("seed", range(6))
def test_path_length_increase_equals_recomputation(seed: int) -> None:
    G = nx.connected_watts_strogatz_graph(40, 4, 0.2, seed=seed)
    rnd = random.Random(seed)
    part = {v: rnd.choice("ABC") for v in G}

    def path_length_increase(G: nx.Graph, part: dict[Any, str], v: Any) -> float | None:
        idx = Indexed.of(G)
        orgs = np.array([ord(part[x]) for x in idx.nodes])
        found = path_increases(idx, orgs, [idx.index[v]])[idx.index[v]]
        assert found is None or (found.exact and found.error == 0)
        return None if found is None else found.mean

    for v in rnd.sample(list(G), 5):
        H = G.copy()
        H.remove_node(v)
        d0, d1 = dict(nx.all_pairs_shortest_path_length(G)), dict(
            nx.all_pairs_shortest_path_length(H))
        pairs = [(s, t) for s in H for t in H
                 if s != t and part[s] != part[t] and t in d1[s]]
        expected = (sum(d1[s][t] for s, t in pairs) - sum(d0[s][t] for s, t in pairs)) / len(
            pairs)
        assert path_length_increase(G, part, v) == pytest.approx(expected)

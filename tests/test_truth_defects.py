"""Issue 16: each defect that made a claim the director reads false, as a test.

Every test here failed before the fix it names. The property suite
(``test_truth_properties.py``) holds every output to the contract on random graphs; these
are the small, named cases that show what was wrong.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, timedelta
from typing import Any

import networkx as nx
import pytest

from graph.analysis.connectivity import organisation_connectivity
from graph.analysis.projection import collaboration_graph
from graph.core.errors import NotFoundError
from graph.model.document import load_document
from graph.model.schema import Document
from graph.reports.key_persons import risk_report
from graph.reports.paths import k_best_paths, resolve
from graph.reports.spanners import organisation_at_level, spanner_report
from graph.reports.whatif import what_if
from graph.store.protocol import ProjectionCache

DAY = date(2026, 1, 1)


def build(people: dict[str, str], ties: list[tuple[str, str]], *,
          names: dict[str, str] | None = None, **extra: Any) -> Document:
    orgs = sorted(set(people.values()) | set(names or {}))
    return load_document({
        "organisations": [{"id": o, "name": (names or {}).get(o, o.upper())} for o in orgs],
        "people": [{"id": p, "name": f"{p.title()} Test", "organisation": o}
                   for p, o in people.items()],
        "ties": [{"a": a, "b": b} for a, b in ties], **extra})


def risk_rows(doc: Document, **kwargs: Any) -> dict[Hashable, dict[str, Any]]:
    G = collaboration_graph(doc, as_of=DAY)
    return {r["person"]: r for r in risk_report(doc, G, **kwargs)}


# --- 1. contact paths must not depend on who asked before --------------------------------

def fk_office() -> Document:
    """s (a municipality) reaches FK through f1 or through k1; f3 only behind f1."""
    return build({"s": "kommun", "k1": "kommun", "f1": "fk", "f2": "fk", "f3": "fk"},
                 [("s", "f1"), ("f1", "f2"), ("f1", "f3"), ("s", "k1"), ("k1", "f2")])


def fresh(asker: str, target: str) -> list[list[Hashable]]:
    G = collaboration_graph(fk_office(), as_of=DAY)
    return [p["people"] for p in k_best_paths(G, asker, resolve(G, target), k=3)]


@pytest.mark.parametrize("order", [("s", "f1"), ("f1", "s")])
def test_1_paths_do_not_depend_on_who_asked_first(order: tuple[str, str]) -> None:
    G = collaboration_graph(fk_office(), as_of=DAY)
    answers = {who: [p["people"] for p in k_best_paths(G, who, resolve(G, "org:fk"), k=3)]
               for who in order}
    assert answers == {who: fresh(who, "org:fk") for who in order}
    # The documented rule: a path to an organisation stops at its first person.
    assert all(not set(path[1:-1]) & {"f1", "f2", "f3"} for path in answers["s"])
    assert answers["f1"]  # f1 reaches its FK colleagues


# --- 2. "Enda länken" is judged on the whole graph, not inside one component -------------

def fragment_doc() -> Document:
    """AF and FK hold together three times over in the main part; a three-person
    fragment (AF - kommun - FK) is a second, separate route."""
    people = {"a1": "af", "a2": "af", "a3": "af", "f1": "fk", "f2": "fk", "f3": "fk",
              "ax": "af", "m": "kommun", "fx": "fk"}
    ties = [("a1", "f1"), ("a2", "f2"), ("a3", "f3"), ("a1", "a2"), ("a2", "a3"),
            ("f1", "f2"), ("ax", "m"), ("m", "fx")]
    return build(people, ties)


def test_2_the_only_link_is_judged_on_the_whole_graph() -> None:
    doc = fragment_doc()
    G = collaboration_graph(doc, as_of=DAY)
    conn = {r.organisations: r.connectivity
            for r in organisation_connectivity(G, organisation_at_level(G, 0))}
    assert conn[("af", "fk")] == 4
    m = risk_rows(doc)["m"]
    assert ["af", "fk"] not in m["disconnects"] + m["reduced_to_one_link"]
    # m is all of kommun, so kommun does lose its contacts when m leaves.
    assert m["disconnects"] == [["af", "kommun"], ["fk", "kommun"]]
    assert m["explanation"].startswith("Enda länken mellan AF och KOMMUN (och 1 par till)")


def test_2_brokerage_shares_count_pairs_in_the_whole_network() -> None:
    report = spanner_report(collaboration_graph(fragment_doc(), as_of=DAY))
    m = next(r for r in report.rows if r["person"] == "m")
    best = m["top_pairs"][0]
    # 1 pair (ax, fx) runs via m, of the 3 x 3 + 1 x 1 AF-FK pairs that reach each other.
    assert (best["organisations"], best["pairs_via"], best["pairs"]) == (["af", "fk"], 1, 10)
    assert "Förbinder" not in m["explanation"]


# --- 3. the last current member of an organisation disconnects it --------------------------

def test_3_a_sole_member_with_the_only_ties_is_the_only_link() -> None:
    doc = build({"l": "lomma", "b1": "af", "b2": "af"}, [("l", "b1"), ("l", "b2"),
                                                        ("b1", "b2")])
    row = risk_rows(doc)["l"]
    assert row["disconnects"] == [["af", "lomma"]]
    assert row["reduced_to_one_link"] == []
    assert row["explanation"].startswith("Enda länken mellan AF och LOMMA")


# --- 4. reduced_to_one_link is about connectivity, not about direct ties -----------------

def test_4_no_claim_when_the_pair_already_ran_through_one_person() -> None:
    doc = build({"maria": "af", "a1": "af", "l1": "lomma", "l2": "lomma"},
                [("a1", "maria"), ("maria", "l1"), ("maria", "l2"), ("l1", "l2")])
    rows = risk_rows(doc)
    assert rows["maria"]["disconnects"] == [["af", "lomma"]]
    for colleague in ("a1", "l1", "l2"):
        assert rows[colleague]["reduced_to_one_link"] == [], colleague


def test_4_two_independent_routes_through_a_third_party() -> None:
    doc = build({"a1": "af", "a2": "af", "k1": "kommun", "k2": "kommun",
                 "b1": "fk", "b2": "fk"},
                [("a1", "k1"), ("k1", "b1"), ("a2", "k2"), ("k2", "b2"), ("a1", "a2"),
                 ("b1", "b2")])
    rows = risk_rows(doc)
    assert ["af", "fk"] in rows["k1"]["reduced_to_one_link"]
    assert ["af", "fk"] in rows["k2"]["reduced_to_one_link"]


# --- 5. a handover counts only on a current tie to a current person ----------------------

def test_5_an_ended_handover_to_a_leaver_does_not_count() -> None:
    doc = load_document({
        "organisations": [{"id": "af", "name": "AF"}, {"id": "fk", "name": "FK"}],
        "people": [{"id": "a", "name": "A", "organisation": "af"},
                   {"id": "c", "name": "C", "organisation": "fk"},
                   {"id": "old", "name": "Old", "organisation": "af",
                    "until": "2024-06-30"}],
        "ties": [{"a": "a", "b": "c"},
                 {"a": "a", "b": "old", "kind": "handover", "until": "2024-06-30"}]})
    row = risk_rows(doc)["a"]
    assert row["handover_to"] == []
    assert row["explanation"].endswith("ingen registrerad överlämning.")
    assert row["exposure"] == pytest.approx(0.2 + 0.15)


# --- 6. what-if path lengths only over pairs connected before and after ------------------

def kite_doc() -> Document:
    names = ["Andre", "Beverly", "Carol", "Diane", "Ed", "Fernando", "Garth", "Heather",
             "Ike", "Jane"]
    G = nx.relabel_nodes(nx.krackhardt_kite_graph(), dict(enumerate(names)))
    return build({n: n.lower() for n in names}, list(G.edges()))


def test_6_mean_path_does_not_fall_when_people_are_cut_off() -> None:
    result = what_if(kite_doc(), ["Heather"], as_of=DAY)
    path = result["mean_cross_path_length"]
    assert path["after"] >= path["before"]
    # Ike and Jane lose everyone but each other: 2 x 7 pairs.
    assert result["lost_connection"]["pairs"] == 14


def test_6_lomma_cut_off_is_reported_as_lost_not_as_shorter() -> None:
    doc = build({"a1": "af", "a2": "af", "maria": "af", "l1": "lomma"},
                [("a1", "a2"), ("a2", "maria"), ("maria", "l1")])
    result = what_if(doc, ["maria"], as_of=DAY)
    assert result["lost_connection"]["pairs"] == 2  # (a1, l1) and (a2, l1)
    assert result["mean_cross_path_length"]["after"] is None
    assert result["mean_cross_path_length"]["pairs"] == 0


# --- 7. what-if on someone not current on the day says so --------------------------------

def test_7_what_if_on_a_leaver_refuses_like_successors() -> None:
    doc = load_document({
        "organisations": [{"id": "af", "name": "AF"}],
        "people": [{"id": "a", "name": "A", "organisation": "af"},
                   {"id": "gone", "name": "Gone", "organisation": "af",
                    "until": "2025-06-30"},
                   {"id": "new", "name": "New", "organisation": "af",
                    "since": "2026-06-01"}]})
    for who in ("gone", "new"):
        with pytest.raises(NotFoundError,
                           match=f"remove: '{who}' finns inte i nätverket den 1 januari 2026"):
            what_if(doc, [who], as_of=DAY)
    with pytest.raises(NotFoundError, match="successors: 'gone' finns inte i nätverket"):
        what_if(doc, ["a"], {"a": "gone"}, as_of=DAY)


# --- 8. connected pairs count two-person components ---------------------------------------

def test_8_one_tie_between_two_parties_is_one_connected_pair() -> None:
    G = collaboration_graph(build({"a": "af", "f": "fk"}, [("a", "f")]), as_of=DAY)
    pair = spanner_report(G).organisation_pairs[0]
    assert (pair["direct_ties"], pair["connected_pairs"]) == (1, 1)


# --- 9. "today" is the day the cache resolves, from an injectable clock ------------------

def test_9_a_projection_for_today_follows_the_clock() -> None:
    doc = load_document({
        "organisations": [{"id": "af", "name": "AF"}],
        "people": [{"id": "a", "name": "A", "organisation": "af"},
                   {"id": "b", "name": "B", "organisation": "af", "until": "2026-01-01"}]})
    day = [DAY]
    cache = ProjectionCache(lambda: 1, lambda: doc, today=lambda: day[0])
    first = cache.graph(None)
    assert first.graph["as_of"] == "2026-01-01" and "b" in first
    assert cache.graph(None) is first and cache.graph(DAY) is first
    day[0] = DAY + timedelta(days=1)  # midnight passes; nothing is written
    after = cache.graph(None)
    assert after.graph["as_of"] == "2026-01-02" and "b" not in after


# --- 10. explanations state only what the score rests on; trivial cuts say so -----------

def test_10_risk_zero_states_no_path_length() -> None:
    # AF and FK hold together four times over (a_i - f_i) with or without the hub h;
    # without h the paths between them get longer.
    people = {"h": "af", "a1": "af", "a2": "af", "a3": "af", "a4": "af",
              "f1": "fk", "f2": "fk", "f3": "fk", "f4": "fk"}
    ties = ([("h", x) for x in people if x != "h"]
            + [(f"a{i}", f"f{i}") for i in range(1, 5)]
            + [(f"a{i}", f"a{i + 1}") for i in range(1, 4)])
    rows = risk_rows(build(people, ties))
    h = rows["h"]
    assert h["risk"] == 0 and h["path_length_increase"] and h["path_length_increase"] > 0.1
    assert h["explanation"].startswith("Ingen enskild beroenderisk")
    assert "längre" not in h["explanation"]


def test_10_a_cut_that_is_a_whole_organisation_says_so() -> None:
    G = collaboration_graph(build({"l": "lomma", "b1": "af", "b2": "af"},
                                  [("l", "b1"), ("l", "b2")]), as_of=DAY)
    (row,) = organisation_connectivity(G, organisation_at_level(G, 0))
    assert (row.connectivity, row.cut, row.cut_is_all_of) == (1, ["l"], "lomma")
    # With a go-between, the cut names the go-between, not a whole organisation.
    G = collaboration_graph(build({"l": "lomma", "x": "kommun", "b": "af"},
                                  [("l", "x"), ("x", "b")]), as_of=DAY)
    rows = {r.organisations: r for r in organisation_connectivity(
        G, organisation_at_level(G, 0))}
    assert (rows[("af", "lomma")].cut, rows[("af", "lomma")].cut_is_all_of) == (["x"], None)

"""Seats versus people against brute force: κ by networkx after removing the person,
their purely personal edges (a successor in the same seats) or their purely formal ones."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from api.seed_data import seed_document
from graph.analysis.projection import collaboration_graph, is_current
from graph.analysis.sole_links import kappa_table
from graph.model.schema import Document
from graph.reports.party_connectivity import exact_up_to
from graph.reports.seats import person_seats, seats_report
from graph.reports.spanners import organisation_at_level
from tests.test_capped_connectivity import ring_graph
from tests.test_changes import D2, all_kappa, nx_kappa, random_document


def _shared_positions(doc: Document, day: date, a: str, b: str) -> bool:
    """Do a and b share a current forum or running initiative (from the document)?"""
    groups: dict[str, set[str]] = {}
    for m in doc.memberships:
        if is_current(m.since, m.until, day):
            groups.setdefault(m.group, set()).add(m.person)
    running = {i.id for i in doc.initiatives if is_current(i.start, i.end, day)}
    for p in doc.participations:
        if p.initiative in running and is_current(p.since, p.until, day):
            groups.setdefault("i:" + p.initiative, set()).add(p.person)
    return any(a in people and b in people for people in groups.values())


@pytest.mark.parametrize("seed", range(50))
def test_every_kappa_is_a_brute_force_removal(seed: int) -> None:
    doc = random_document(seed)
    G = collaboration_graph(doc, D2)
    part = organisation_at_level(G, 0)
    truth = all_kappa(G, part)
    report = seats_report(doc, G, persons=list(G), max_kappa=2)
    for row in report["people"]:
        v = row["person"]
        without = G.copy()
        without.remove_node(v)
        seats_only, ties_only = G.copy(), G.copy()
        seats_only.remove_edges_from([(v, u) for u in G[v] if not _shared_positions(
            doc, D2, v, u)])
        ties_only.remove_edges_from([(v, u) for u in G[v] if not G[v][u].get("ties")])
        expect = {p for p, k in truth.items() if k <= 2 and nx_kappa(without, part, *p) < k}
        assert {tuple(r["organisations"]) for r in row["pairs"]} == expect
        for r in row["pairs"]:
            p = tuple(r["organisations"])
            assert r["before"] == truth[p]
            assert r["without"] == nx_kappa(without, part, *p) == truth[p] - 1
            assert r["seats_only"] == nx_kappa(seats_only, part, *p)
            assert r["ties_only"] == nx_kappa(ties_only, part, *p)
        for c in row["contacts"]:
            assert part[c["person"]] != part[v]
            assert bool(c["via_seats"]) == _shared_positions(doc, D2, v, c["person"])
        assert row["formal_contacts"] == sum(1 for c in row["contacts"] if c["via_seats"])
        assert row["cross_contacts"] == sum(1 for u in G[v] if part[u] != part[v])


def test_the_seed_reads_as_the_issue_asks() -> None:
    # Maria Lindqvist: two of her four cross-party contacts come with a seat; Lomma hangs
    # on her own relations.
    doc = Document.model_validate(seed_document())
    G = collaboration_graph(doc, date(2026, 1, 1))
    row = seats_report(doc, G, persons=["kl-af-foretag"])["people"][0]
    assert (row["formal_contacts"], row["cross_contacts"]) == (2, 4)
    assert "återställs 2 av 4 kontakter" in row["explanation"]
    assert row["personal_only_organisations"] == ["lomma"]
    assert "kontakten med Lomma kommun hänger på Marias egna relationer" in row["explanation"]


def test_seat_risks_are_separate_from_person_risk() -> None:
    doc = Document.model_validate(seed_document())
    G = collaboration_graph(doc, date(2026, 1, 1))
    risks = seats_report(doc, G, persons=[])["seat_risks"]
    assert risks and {r["kind"] for r in risks} == {"mandate", "role"}
    for r in risks:
        if r["kind"] == "role":
            role = next(x for x in doc.roles if x.id == r["role"])
            assert [h for h in role.holders if h in G] == [r["holder"]]
            assert not [d for d in role.deputies if d in G]
        else:
            holders = [m for m in doc.memberships if m.group == r["group"]
                       and is_current(m.since, m.until, date(2026, 1, 1)) and m.person in G
                       and (m.represents or G.nodes[m.person]["party"]) == r["represents"]]
            assert [m.person for m in holders if str(m.as_) != "deputy"] == [r["holder"]]
            assert not [m for m in holders if str(m.as_) == "deputy"]


def test_an_unknown_person_is_refused() -> None:
    from graph.core.errors import NotFoundError

    G = nx.Graph()
    G.graph["as_of"] = "2026-01-01"
    with pytest.raises(NotFoundError, match="person: okänd person 'nobody'"):
        seats_report(Document(), G, persons=["nobody"])


@pytest.mark.parametrize("seed", range(12))
def test_ring_variants_are_brute_force_removals(seed: int) -> None:
    """On national-shaped rings, where the variants share cuts and hub bounds, each κ is
    still networkx's after removing the person or the kind of edges."""
    G, part = ring_graph(seed)
    table = kappa_table(G, part, cap=exact_up_to(2))
    truth = all_kappa(G, part)
    people = sorted({v for r in table.values() if r.connectivity <= 2 for v in r.cut},
                    key=str)[:6]
    for v in people:
        row = person_seats(G, v, part, table, {}, max_kappa=2)
        without, seats_only, ties_only = G.copy(), G.copy(), G.copy()
        without.remove_node(v)
        seats_only.remove_edges_from([(v, u) for u in G[v] if not G[v][u]["groups"]])
        ties_only.remove_edges_from([(v, u) for u in G[v] if not G[v][u]["ties"]])
        expect = {p for p, k in truth.items() if k <= 2 and nx_kappa(without, part, *p) < k}
        assert {tuple(r["organisations"]) for r in row["pairs"]} == expect
        for r in row["pairs"]:
            p = tuple(r["organisations"])
            assert (r["before"], r["without"]) == (truth[p], truth[p] - 1)
            assert r["seats_only"] == nx_kappa(seats_only, part, *p)
            assert r["ties_only"] == nx_kappa(ties_only, part, *p)

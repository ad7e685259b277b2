from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from graph.analysis.projection import collaboration_graph
from graph.model.document import load_document
from seed.build import build


def test_committed_seed_is_what_the_builder_makes(seed: dict[str, Any]) -> None:
    assert build() == seed


def test_seed_size_and_parties(seed: dict[str, Any]) -> None:
    doc = load_document(seed)
    assert 150 <= len(doc.people) <= 400
    sn = next(i for i in doc.initiatives if i.id == "sn-osby")
    orgs = {o.id: o for o in doc.organisations}
    assert orgs["ostra-goinge"].name == "Östra Göinge kommun"
    assert orgs["af-lund"].parent == "af"
    assert orgs["vc-loddekopinge"].parent == "region-skane"
    assert {"osby", "ostra-goinge", "af"} <= set(sn.parties)
    board_parties = {m.represents for m in doc.memberships if m.group == "sn-styrelse"}
    assert {"region-skane", "af", "fk", "bromolla", "hassleholm", "kristianstad", "osby",
            "ostra-goinge"} <= board_parties


def test_samverkanskartan_as_reported(seed: dict[str, Any]) -> None:
    doc = load_document(seed)
    kartan = next(i for i in doc.initiatives if i.id == "kl-kartan")
    assert (kartan.start, kartan.end) == (date(2015, 11, 1), date(2018, 8, 14))
    assert kartan.owner == "af-lund"
    assert set(kartan.parties) == {"af-lund", "kavlinge", "lomma", "region-skane",
                                   "halsan-lomma", "fk"}
    names = {g.id: g.name for g in doc.groups}
    assert {"kl-samverkansteam", "kl-arbetsmarknadsrad", "kl-chefsnatverk",
            "kl-dua-kavlinge", "kl-dua-lomma"} <= set(names)
    formers = [p for p in doc.people if p.id.startswith("kl-af-kontakt-")]
    assert len(formers) == 2 and all(p.until for p in formers)
    assert not any(t.kind == "handover" for t in doc.ties
                   if {t.a, t.b} & {p.id for p in formers})


def test_three_level_federation(seed: dict[str, Any]) -> None:
    doc = load_document(seed)
    ab = [g for g in doc.groups if g.id.startswith("ab-")]
    assert Counter(g.level for g in ab) == {"decision": 1, "strategic": 3, "operational": 3}
    seats = Counter(m.as_ for m in doc.memberships if m.group == "ab-styrelse")
    assert seats["member"] + seats["chair"] == 9 and seats["deputy"] == 8
    parents = {g.id: g.parent for g in ab}
    assert parents["ab-au"] == parents["ab-analys"] == "ab-strategiska"


def test_planted_risks_are_present(seed: dict[str, Any]) -> None:
    doc = load_document(seed)
    G = collaboration_graph(doc, as_of=date(2026, 6, 1))
    # Every working tie between AF and Lomma runs through the business adviser; beyond
    # her, the two parties meet only at the board table.
    links = [(a, b, d) for a, b, d in G.edges(data=True)
             if {G.nodes[a]["party"], G.nodes[b]["party"]} == {"af", "lomma"}]
    assert {p for a, b, d in links if "ties" in d for p in (a, b)
            if G.nodes[p]["party"] == "af"} == {"kl-af-foretag"}
    assert all(d.get("groups") == ["kl-styrelse"] for _, _, d in links if "ties" not in d)
    # Board seats without a deputy, per represented party.
    seats: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for m in doc.memberships:
        if m.group.endswith("styrelse"):
            seats[(m.group, m.represents)].add(m.as_)
    assert ("sn-styrelse", "osby") in {k for k, v in seats.items() if "deputy" not in v}
    # The Osby process has one Osby participant.
    osby = [p.person for p in doc.participations if p.initiative == "sn-osby"
            and next(x for x in doc.people if x.id == p.person).organisation == "osby-arb"]
    assert len(osby) == 1

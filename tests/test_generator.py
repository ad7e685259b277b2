from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from graph.analysis.projection import collaboration_graph, organisation_roots
from graph.model.document import load_document
from graph.model.generator import generate


@pytest.mark.parametrize("n", [1, 7, 40, 999, 6000])
def test_valid_and_exact_size(n: int) -> None:
    data = generate(n, seed=11)
    doc = load_document(data)
    if n >= 40:
        assert len(doc.people) == n
    else:  # every unit of a förbund keeps at least two people
        assert n <= len(doc.people) <= 40


def test_same_seed_same_bytes_other_seed_other_graph() -> None:
    a = json.dumps(generate(3000, seed=4), sort_keys=True)
    assert a == json.dumps(generate(3000, seed=4), sort_keys=True)
    assert a != json.dumps(generate(3000, seed=5), sort_keys=True)


def test_structure_is_realistic() -> None:
    doc = load_document(generate(8000, seed=2))
    kinds = Counter(o.kind for o in doc.organisations)
    assert kinds["federation"] == 3
    assert kinds["agency"] == 2 and kinds["municipality"] >= 3
    levels = Counter(g.level for g in doc.groups)
    assert levels["decision"] == 3 and levels["strategic"] == 9 and levels["operational"] > 10
    seats = Counter(m.as_ for m in doc.memberships if m.group.endswith("-styrelse"))
    assert 0 < seats["deputy"] < seats["member"] + seats["chair"]  # some seats lack a deputy

    roots = organisation_roots(doc)
    G = collaboration_graph(doc)
    cross = sum(1 for a, b in G.edges if G.nodes[a]["party"] != G.nodes[b]["party"])
    # Mostly internal ties, some bridges: the shape that makes brokers matter.
    assert 0.02 < cross / G.number_of_edges() < 0.25
    assert {roots[p.organisation] for p in doc.people} >= {"af", "fk"}
    assert nx.number_connected_components(G) < 0.01 * G.number_of_nodes()


def _forbund(org: str) -> str | None:
    """The förbund an organisation belongs to: its id's prefix (f3-af, f3-k1-soc -> f3)."""
    head = org.split("-")[0]
    return head if head.startswith("f") and head[1:].isdigit() else None


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2028, 6, 1)])
def test_national_graph_is_one_component_on_any_day(day: date) -> None:
    doc = load_document(generate(12_000, seed=3, national=True))
    G = collaboration_graph(doc, as_of=day)
    assert len(G) > 11_000 and nx.is_connected(G)
    separate = collaboration_graph(load_document(generate(12_000, seed=3)), as_of=day)
    assert nx.number_connected_components(separate) >= 5  # the old shape stays available


def test_national_graph_is_deterministic_and_keeps_its_size() -> None:
    a = json.dumps(generate(6000, seed=8, national=True), sort_keys=True)
    assert a == json.dumps(generate(6000, seed=8, national=True), sort_keys=True)
    assert a != json.dumps(generate(6000, seed=8), sort_keys=True)
    assert len(json.loads(a)["people"]) == 6000


@pytest.mark.parametrize("share", [0.02, 0.05, 0.15])
def test_share_of_cross_forbund_ties(share: float) -> None:
    doc = load_document(generate(15_000, seed=5, cross_ties=share))
    roots = organisation_roots(doc)
    org = {p.id: p.organisation for p in doc.people}
    outward = [p for p in doc.people if _forbund(p.organisation)
               and (roots[p.organisation] in ("af", "fk")
                    or roots[p.organisation].startswith("reg"))]
    same_party_across = sum(
        1 for t in doc.ties
        if roots[org[t.a]] == roots[org[t.b]] and _forbund(org[t.a]) and _forbund(org[t.b])
        and _forbund(org[t.a]) != _forbund(org[t.b]))
    # Each of these staff draws a colleague in another förbund with probability `share`;
    # the joining ties add a handful more.
    assert same_party_across / len(outward) == pytest.approx(share, rel=0.2, abs=0.003)
    # Regional units serve several förbund.
    hab = [p.id for p in doc.people if p.organisation.endswith("-hab")]
    served = {_forbund(org[t.b if t.a in hab else t.a]) for t in doc.ties
              if (t.a in hab) != (t.b in hab)}
    assert len(hab) == 150 and len(served - {None}) >= 4


def test_cli_generates_the_national_shape(tmp_path: Path) -> None:
    from api.cli import main

    out = tmp_path / "nat.json"
    for args in (["--national"], ["--cross-ties", "0.05"]):
        main(["generate", "--people", "3000", "--seed", "2", *args, "-o", str(out)])
        assert json.loads(out.read_text(encoding="utf-8")) == generate(3000, seed=2,
                                                                       national=True)

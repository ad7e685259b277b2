from __future__ import annotations

import json
from collections import Counter

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

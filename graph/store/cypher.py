"""Every Cypher statement the Neo4j backend runs, in one place.

Labels and relationship types come only from the fixed tables below, never from user text,
and every value travels as a query parameter. Keeping all statements here lets the test
suite hand each one to Neo4j's own linter (``tests/test_neo4j_contract.py``).

The graph model: each interchange row is a node labelled after its section (``Person``,
``Membership``, ...), with the row's fields as properties plus ``_key`` (its natural key)
and ``_seq`` (first-write order). References become relationships from the row to what it
names (``(:Person)-[:WORKS_AT]->(:Organisation)``), and role holders point at their role
(``(:Person)-[:HOLDS]->(:Role)``).
"""

from __future__ import annotations

import re
from typing import Any

from graph.model.schema import REFERENCES, SECTIONS

__all__ = ["LABELS", "PARAMETERS", "RELATIONSHIPS", "STATEMENTS", "parameters_of", "statement"]

LABELS: dict[str, str] = {
    "organisations": "Organisation",
    "people": "Person",
    "groups": "Group",
    "initiatives": "Initiative",
    "roles": "Role",
    "memberships": "Membership",
    "participations": "Participation",
    "ties": "Tie",
}
assert set(LABELS) == set(SECTIONS)

# One relationship type per reference field; link rows get a type per end.
RELATIONSHIPS: dict[tuple[str, str], str] = {
    ("organisations", "parent"): "PART_OF",
    ("people", "organisation"): "WORKS_AT",
    ("groups", "organisation"): "OWNED_BY",
    ("groups", "parent"): "REPORTS_TO",
    ("initiatives", "owner"): "PROCESS_OWNER",
    ("initiatives", "parties"): "PARTY",
    ("initiatives", "governed_by"): "GOVERNED_BY",
    ("roles", "scope"): "SCOPE",
    ("roles", "holders"): "HOLDS",
    ("roles", "deputies"): "DEPUTY_FOR",
    ("memberships", "person"): "MEMBER",
    ("memberships", "group"): "IN_GROUP",
    ("memberships", "represents"): "REPRESENTS",
    ("participations", "person"): "PARTICIPANT",
    ("participations", "initiative"): "IN_INITIATIVE",
    ("ties", "a"): "BETWEEN",
    ("ties", "b"): "AND",
}
assert set(RELATIONSHIPS) == {(r.section, r.field) for r in REFERENCES}

_META = "MERGE (m:SamverkanMeta {id: 'graph'}) ON CREATE SET m.revision = 0, m.next_seq = 0"

STATEMENTS: dict[str, str] = {
    # Taking the write lock on the meta node first serialises writers, so sequence numbers
    # and references are checked against a stable store.
    "lock_meta": _META + " SET m.locked_at = timestamp() RETURN m.revision AS revision, "
    "m.next_seq AS next_seq",
    "bump_meta": "MATCH (m:SamverkanMeta {id: 'graph'}) "
    "SET m.revision = m.revision + 1, m.next_seq = $next_seq RETURN m.revision AS revision",
    "revision": "OPTIONAL MATCH (m:SamverkanMeta {id: 'graph'}) "
    "RETURN coalesce(m.revision, 0) AS revision",
    "ping": "RETURN 1 AS ok",
    "gds_version": "RETURN gds.version() AS version",
}

for _section, _label in LABELS.items():
    STATEMENTS[f"upsert:{_section}"] = (
        f"UNWIND $rows AS row MERGE (n:{_label} {{_key: row.key}}) "
        "WITH n, row, coalesce(n._seq, row.seq) AS seq "
        "SET n = row.props SET n._key = row.key, n._seq = seq"
    )
    STATEMENTS[f"read:{_section}"] = (
        f"MATCH (n:{_label}) RETURN properties(n) AS row ORDER BY n._seq"
    )
    STATEMENTS[f"count:{_section}"] = f"MATCH (n:{_label}) RETURN count(n) AS n"
    STATEMENTS[f"get:{_section}"] = (
        f"MATCH (n:{_label} {{_key: $key}}) RETURN properties(n) AS row"
    )
    STATEMENTS[f"delete_row:{_section}"] = (
        f"MATCH (n:{_label} {{_key: $key}}) DETACH DELETE n"
    )
    STATEMENTS[f"delete:{_section}"] = f"MATCH (n:{_label}) DETACH DELETE n"
    STATEMENTS[f"constraint:{_section}"] = (
        f"CREATE CONSTRAINT samverkan_{_section}_key IF NOT EXISTS "
        f"FOR (n:{_label}) REQUIRE n._key IS UNIQUE"
    )

for _section in ("organisations", "people", "groups", "initiatives", "roles"):
    _label = LABELS[_section]
    STATEMENTS[f"index_id:{_section}"] = (
        f"CREATE INDEX samverkan_{_section}_id IF NOT EXISTS FOR (n:{_label}) ON (n.id)"
    )
    STATEMENTS[f"known:{_section}"] = (
        f"MATCH (n:{_label}) RETURN n.id AS id, n.parent AS parent"
    )

for _ref in REFERENCES:
    _type = RELATIONSHIPS[(_ref.section, _ref.field)]
    _label = LABELS[_ref.section]
    _targets = " OR ".join(f"t:{LABELS[s]}" for s in _ref.targets)
    _arrow = f"(t)-[:{_type}]->(n)" if _ref.from_target else f"(n)-[:{_type}]->(t)"
    _old = f"(n)<-[old:{_type}]-()" if _ref.from_target else f"(n)-[old:{_type}]->()"
    _names = f"$key IN n.{_ref.field}" if _ref.many else f"n.{_ref.field} = $key"
    STATEMENTS[f"referrers:{_ref.section}.{_ref.field}"] = (
        f"MATCH (n:{_label}) WHERE {_names} RETURN properties(n) AS row ORDER BY n._seq"
    )
    STATEMENTS[f"link:{_ref.section}.{_ref.field}"] = (
        f"UNWIND $rows AS row MATCH (n:{_label} {{_key: row.key}}) "
        f"OPTIONAL MATCH {_old} DELETE old "
        "WITH DISTINCT n, row UNWIND row.targets AS target "
        f"MATCH (t) WHERE t.id = target AND ({_targets}) "
        f"MERGE {_arrow}"
    )

# Analyses in the database when the Graph Data Science plugin is present. One projection
# serves them all: the person graph of current ties and of shared current forums and running
# initiatives of at most $max_forum people, as graph.analysis.projection builds it, with each
# pair's ``cost`` the cheapest hop of graph.reports.paths.hop_cost (a tie: 1 + (5 - strength)
# / 4, times 1.0 / 1.2 / 1.5 for a last contact within 90 days / a year / older or unknown;
# a shared forum 1.2; a shared initiative 1.3). Betweenness, articulation points and bridges
# ignore the cost; Yen's paths weigh by it. Dates are ISO strings, so they compare as text.
STATEMENTS["gds_drop"] = "CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName"


def _current(x: str, since: str = "since", until: str = "until") -> str:
    return (f"({x}.{since} IS NULL OR {x}.{since} <= $as_of) "
            f"AND ({x}.{until} IS NULL OR {x}.{until} >= $as_of)")


def _forum_pairs(forum: str, link: str, via: str, person: str, cost: str) -> str:
    """Pairs of current people sharing one forum of at most $max_forum current people."""
    return (
        f"MATCH ({forum})<-[:{link}]-(m:{via})-[:{person}]->(p:Person) "
        f"WHERE {_current('m')} AND {_current('p')} "
        "WITH f, collect(DISTINCT p) AS people WHERE size(people) <= $max_forum "
        "UNWIND people AS a UNWIND people AS b "
        f"WITH a, b WHERE elementId(a) < elementId(b) RETURN a, b, {cost} AS cost "
    )


_FRESH = (
    "CASE WHEN t.last_contact IS NULL THEN 1.5 "
    "WHEN date(t.last_contact) >= date($as_of) - duration({days: 90}) THEN 1.0 "
    "WHEN date(t.last_contact) >= date($as_of) - duration({days: 365}) THEN 1.2 "
    "ELSE 1.5 END"
)
STATEMENTS["gds_project"] = (
    "CALL () { "
    + _forum_pairs("f:Group", "IN_GROUP", "Membership", "MEMBER", "1.2")
    + "UNION ALL "
    + _forum_pairs("f:Initiative", "IN_INITIATIVE", "Participation", "PARTICIPANT", "1.3")
      .replace("WHERE ", f"WHERE {_current('f', 'start', 'end')} AND ", 1)
    + "UNION ALL "
    "MATCH (x:Person)<-[:BETWEEN]-(t:Tie)-[:AND]->(y:Person) "
    f"WHERE {_current('t')} AND {_current('x')} AND {_current('y')} "
    "RETURN CASE WHEN elementId(x) < elementId(y) THEN x ELSE y END AS a, "
    "CASE WHEN elementId(x) < elementId(y) THEN y ELSE x END AS b, "
    f"(1 + (5 - coalesce(t.strength, 1)) / 4.0) * {_FRESH} AS cost "
    "} "
    "WITH a, b, min(cost) AS cost "
    "RETURN gds.graph.project($name, a, b, {relationshipProperties: {cost: cost}}, "
    "{undirectedRelationshipTypes: ['*']}) AS g"
)
STATEMENTS["gds_betweenness"] = (
    "CALL gds.betweenness.stream($name, {samplingSize: $sample, samplingSeed: 42}) "
    "YIELD nodeId, score RETURN gds.util.asNode(nodeId).id AS person, score"
)
# GDS 2.15 and later: each articulation point with the pieces its departure leaves of its
# component (``resultingComponents``: count, min and max size).
STATEMENTS["gds_articulation_points"] = (
    "CALL gds.articulationPoints.stream($name) YIELD nodeId, resultingComponents "
    "RETURN gds.util.asNode(nodeId).id AS person, resultingComponents.max AS largest, "
    "resultingComponents.count AS pieces"
)
# GDS 2.14 and later: each bridge with the sizes of its two sides, ``from``'s first.
STATEMENTS["gds_bridges"] = (
    "CALL gds.bridges.stream($name) YIELD from, to, remainingSizes "
    "RETURN gds.util.asNode(from).id AS a, gds.util.asNode(to).id AS b, "
    "remainingSizes AS sizes"
)
STATEMENTS["gds_yens"] = (
    "MATCH (s:Person {id: $source}) MATCH (t:Person {id: $target}) "
    "CALL gds.shortestPath.yens.stream($name, {sourceNode: s, targetNode: t, k: $k, "
    "relationshipWeightProperty: 'cost'}) "
    "YIELD index, totalCost, nodeIds "
    "RETURN index, totalCost AS cost, [n IN nodeIds | gds.util.asNode(n).id] AS people "
    "ORDER BY index"
)


# Every parameter a statement may take, with an example value of its type: the linter checks
# each statement against these, and a statement using an undeclared one fails the tests.
PARAMETERS: dict[str, Any] = {
    "rows": [{"key": "k", "seq": 0, "props": {"id": "x"}, "targets": ["y"]}],
    "next_seq": 0,
    "key": "k",
    "name": "samverkan",
    "as_of": "2026-01-01",
    "sample": 1000,
    "k": 10,
    "max_forum": 50,
    "source": "p1",
    "target": "p2",
}


def parameters_of(text: str) -> set[str]:
    """The ``$names`` a statement uses."""
    return set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", text))


def statement(name: str) -> str:
    """A statement by name; the only way the backend gets Cypher."""
    return STATEMENTS[name]

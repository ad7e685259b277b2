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

# Analyses in the database when the Graph Data Science plugin is present. The projection is
# the person graph of current ties and shared current forums, as the embedded projection
# builds it (without its weights: GDS here only answers the structural questions).
STATEMENTS["gds_drop"] = "CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName"
_CURRENT = "({x}.until IS NULL OR {x}.until >= $as_of)"
STATEMENTS["gds_project"] = (
    "CALL () { "
    "MATCH (a:Person)<-[:MEMBER]-(ma:Membership)-[:IN_GROUP]->(:Group)"
    "<-[:IN_GROUP]-(mb:Membership)-[:MEMBER]->(b:Person) "
    f"WHERE elementId(a) < elementId(b) AND {_CURRENT.format(x='ma')} "
    f"AND {_CURRENT.format(x='mb')} RETURN a, b "
    "UNION "
    "MATCH (a:Person)<-[:PARTICIPANT]-(pa:Participation)-[:IN_INITIATIVE]->(:Initiative)"
    "<-[:IN_INITIATIVE]-(pb:Participation)-[:PARTICIPANT]->(b:Person) "
    f"WHERE elementId(a) < elementId(b) AND {_CURRENT.format(x='pa')} "
    f"AND {_CURRENT.format(x='pb')} RETURN a, b "
    "UNION "
    "MATCH (a:Person)<-[:BETWEEN]-(t:Tie)-[:AND]->(b:Person) "
    f"WHERE {_CURRENT.format(x='t')} RETURN a, b "
    "} "
    f"WITH a, b WHERE {_CURRENT.format(x='a')} AND {_CURRENT.format(x='b')} "
    "RETURN gds.graph.project($name, a, b, {}, {undirectedRelationshipTypes: ['*']}) AS g"
)
STATEMENTS["gds_betweenness"] = (
    "CALL gds.betweenness.stream($name, {samplingSize: $sample, samplingSeed: 42}) "
    "YIELD nodeId, score RETURN gds.util.asNode(nodeId).id AS person, score"
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
}


def parameters_of(text: str) -> set[str]:
    """The ``$names`` a statement uses."""
    return set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", text))


def statement(name: str) -> str:
    """A statement by name; the only way the backend gets Cypher."""
    return STATEMENTS[name]

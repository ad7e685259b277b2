"""The whole knowledge graph (every entity a node, every relation an edge) for Gephi.

GraphML and GEXF take only scalar attributes, so lists are joined with commas and unset
keys are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import networkx as nx

from graph.model.schema import ENTITY_SECTIONS, REFERENCES, Document

GephiFormat = Literal["graphml", "gexf"]


def _scalars(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in attrs.items():
        if v is None:
            continue
        out[k] = ",".join(v) if isinstance(v, list) else v
    return out


def knowledge_graph(doc: Document) -> nx.MultiDiGraph:
    """Entities as typed nodes (``type`` attribute) and relations as labelled edges."""
    G = nx.MultiDiGraph()
    for section, kind in (("organisations", "organisation"), ("people", "person"),
                          ("groups", "group"), ("initiatives", "initiative"),
                          ("roles", "role")):
        for row in getattr(doc, section):
            attrs = row.model_dump(mode="json", by_alias=True, exclude_unset=True)
            attrs.pop("id")
            G.add_node(row.id, type=kind, label=row.name, **_scalars(attrs))
    for reference in REFERENCES:
        if reference.section not in ENTITY_SECTIONS:
            continue
        for row in getattr(doc, reference.section):
            value = getattr(row, reference.field)
            for target in (value if reference.many else [value] if value else []):
                a, b = (target, row.id) if reference.from_target else (row.id, target)
                G.add_edge(a, b, relation=reference.relation)
    for rows, target, relation in ((doc.memberships, "group", "member_of"),
                                   (doc.participations, "initiative", "participates_in")):
        for row in rows:
            attrs = row.model_dump(mode="json", by_alias=True, exclude_unset=True)
            person, tgt = attrs.pop("person"), attrs.pop(target)
            G.add_edge(person, tgt, relation=relation, **_scalars(attrs))
    for t in doc.ties:
        attrs = t.model_dump(mode="json", by_alias=True, exclude_unset=True)
        a, b = attrs.pop("a"), attrs.pop("b")
        attrs["tie_kind"] = attrs.pop("kind", "collaboration")
        G.add_edge(a, b, relation="tie", **_scalars(attrs))
    return G


def write_gephi(doc: Document, path: str | Path, fmt: GephiFormat) -> None:
    G = knowledge_graph(doc)
    if fmt == "graphml":
        nx.write_graphml(G, path)
    else:
        nx.write_gexf(G, path)

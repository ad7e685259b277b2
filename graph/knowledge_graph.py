"""The whole knowledge graph (every entity a node, every relation an edge) for Gephi.

GraphML and GEXF take only scalar attributes, so lists are joined with commas and unset
keys are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import networkx as nx

from graph.model import Document

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
    for o in doc.organisations:
        if o.parent:
            G.add_edge(o.id, o.parent, relation="part_of")
    for p in doc.people:
        G.add_edge(p.id, p.organisation, relation="works_at")
    for g in doc.groups:
        if g.organisation:
            G.add_edge(g.id, g.organisation, relation="owned_by")
        if g.parent:
            G.add_edge(g.id, g.parent, relation="reports_to")
    for i in doc.initiatives:
        if i.owner:
            G.add_edge(i.id, i.owner, relation="process_owner")
        for party in i.parties:
            G.add_edge(i.id, party, relation="party")
        if i.governed_by:
            G.add_edge(i.id, i.governed_by, relation="governed_by")
    for r in doc.roles:
        if r.scope:
            G.add_edge(r.id, r.scope, relation="scope")
        for h in r.holders:
            G.add_edge(h, r.id, relation="holds")
        for d in r.deputies:
            G.add_edge(d, r.id, relation="deputy_for")
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

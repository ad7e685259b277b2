"""The Samverkansguide, generated from the graph: who to contact at an organisation.

Per unit of the organisation, the current people with their titles, the roles they hold,
the forums they sit in and the initiatives they work in, dated by the day it reflects.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any

import networkx as nx

from graph.analysis.per_projection import per_projection
from graph.analysis.projection import organisation_tree
from graph.core.errors import NotFoundError


@per_projection(64)  # 125 ms at 20,000 people; the same guides are opened all day
def guide(G: nx.Graph, organisation: str) -> dict[str, Any]:
    orgs = G.graph.get("organisations", {})
    if organisation not in orgs:
        raise NotFoundError(f"unknown organisation {organisation!r}")
    inside = organisation_tree(G).descendants(organisation)
    forums = G.graph.get("forums", {})
    roles = G.graph.get("roles", {})
    seats = G.graph.get("seats", {})
    initiatives = defaultdict(set)
    for u, v, data in G.edges(data=True):
        for i in data.get("initiatives", []):
            initiatives[u].add(forums.get(i, i))
            initiatives[v].add(forums.get(i, i))
    units: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person, data in G.nodes(data=True):
        if data.get("organisation") not in inside:
            continue
        units[data["organisation"]].append({
            "person": person, "name": data.get("name"), "title": data.get("title"),
            "roles": sorted(r["name"] for r in roles.values() if person in r["holders"]),
            "deputy_for": sorted(r["name"] for r in roles.values() if person in r["deputies"]),
            "forums": sorted(forums.get(g, g) for g, s in seats.items() if person in s),
            "initiatives": sorted(initiatives.get(person, ())),
        })
    ordered = sorted(units, key=lambda o: (o != organisation, orgs[o]["name"]))
    return {"organisation": organisation, "name": orgs[organisation]["name"],
            "as_of": G.graph.get("as_of"),
            "units": [{"organisation": o, "name": orgs[o]["name"],
                       "people": sorted(units[o], key=lambda p: (not p["roles"],
                                                                 str(p["name"])))}
                      for o in ordered]}


def _line(p: dict[str, Any]) -> list[str]:
    bits = [p["title"] or ""]
    if p["roles"]:
        bits.append("roll: " + ", ".join(p["roles"]))
    if p["deputy_for"]:
        bits.append("ersättare: " + ", ".join(p["deputy_for"]))
    if p["forums"]:
        bits.append("forum: " + ", ".join(p["forums"]))
    if p["initiatives"]:
        bits.append("insatser: " + ", ".join(p["initiatives"]))
    return [b for b in bits if b]


def to_markdown(data: dict[str, Any]) -> str:
    out = [f"# Samverkansguide: {data['name']}", "",
           f"Kontaktpersoner enligt samverkansgrafen den {data['as_of']}.", ""]
    for unit in data["units"]:
        out += [f"## {unit['name']}", ""]
        out += [f"- **{p['name']}**: " + "; ".join(_line(p)) for p in unit["people"]]
        out.append("")
    return "\n".join(out)


def to_html(data: dict[str, Any]) -> str:
    e = html.escape
    rows = []
    for unit in data["units"]:
        rows.append(f"<section><h2>{e(unit['name'])}</h2><ul>")
        rows += [f"<li><strong>{e(str(p['name']))}</strong>: {e('; '.join(_line(p)))}</li>"
                 for p in unit["people"]]
        rows.append("</ul></section>")
    return (
        '<!doctype html>\n<html lang="sv"><head><meta charset="utf-8">'
        f"<title>Samverkansguide: {e(data['name'])}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;"
        "line-height:1.4}h2{border-bottom:1px solid #999}section{break-inside:avoid}"
        "@media print{body{margin:0;font-size:10pt}}</style></head><body>"
        f"<h1>Samverkansguide: {e(data['name'])}</h1>"
        f"<p>Kontaktpersoner enligt samverkansgrafen den {e(str(data['as_of']))}.</p>"
        + "".join(rows) + "</body></html>\n")

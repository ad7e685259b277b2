"""The Samverkansguide, generated from the graph: who to contact at an organisation.

Per unit of the organisation, the current people with their titles, contact details
(e-mail, phone, what to contact them about), the roles they hold, the forums they sit in
with the mandate of their seat, and the initiatives they work in, dated by the day it
reflects. A förbund's guide also lists everyone who sits in its forums, under their own
organisation: the parties' representatives are who a förbund's staff contact.
"""

from __future__ import annotations

import html
from collections import defaultdict
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.per_projection import per_projection
from graph.analysis.projection import organisation_tree
from graph.core.errors import NotFoundError


@per_projection(64)  # 125 ms at 20,000 people; the same guides are opened all day
def guide(G: nx.Graph, organisation: str) -> dict[str, Any]:
    orgs = G.graph.get("organisations", {})
    if organisation not in orgs:
        raise NotFoundError(f"okänd organisation {organisation!r}", field="organisation")
    inside = organisation_tree(G).descendants(organisation)
    forums = G.graph.get("forums", {})
    roles = G.graph.get("roles", {})
    seats = G.graph.get("seats", {})
    mandates = G.graph.get("mandates", {})
    owned = {g for g, o in G.graph.get("forum_owners", {}).items() if o in inside}
    seated = {p for g in owned for p in seats.get(g, {})}
    # From the running initiatives' participants, not from the edges: a party's only
    # participant in an initiative may share it with nobody yet, and still works in it.
    initiatives = defaultdict(set)
    for i, people in G.graph.get("participants", {}).items():
        for person in people:
            initiatives[person].add(forums.get(i, i))
    units: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person, data in G.nodes(data=True):
        if data.get("organisation") not in inside and person not in seated:
            continue
        units[data["organisation"]].append({
            "person": person, "name": data.get("name"), "title": data.get("title"),
            "email": data.get("email"), "phone": data.get("phone"),
            "contact_about": data.get("contact_about"),
            "mandates": [{"forum": f, "mandate": m} for f, m in sorted(
                (forums.get(g, g), held[person]) for g, held in mandates.items()
                if person in held)],
            "roles": sorted(r["name"] for r in roles.values() if person in r["holders"]),
            "deputy_for": sorted(r["name"] for r in roles.values() if person in r["deputies"]),
            "forums": sorted(forums.get(g, g) for g, s in seats.items() if person in s),
            "initiatives": sorted(initiatives.get(person, ())),
        })
    ordered = sorted(units, key=lambda o: (o not in inside, o != organisation,
                                           orgs.get(o, {}).get("name", o)))
    return {"organisation": organisation, "name": orgs[organisation]["name"],
            "as_of": G.graph.get("as_of"),
            "units": [{"organisation": o, "name": orgs.get(o, {}).get("name", o),
                       "people": sorted(units[o], key=lambda p: (not p["roles"],
                                                                 str(p["name"])))}
                      for o in ordered]}


def contact_line(p: dict[str, Any]) -> str:
    """E-mail and phone as the guide prints them ("" when neither is known)."""
    return " · ".join(str(p[k]) for k in ("email", "phone") if p.get(k))


def _line(p: dict[str, Any]) -> list[str]:
    bits = [p["title"] or ""]
    if p.get("contact_about"):
        bits.append("kontakta om: " + p["contact_about"])
    if p["roles"]:
        bits.append("roll: " + ", ".join(p["roles"]))
    if p["deputy_for"]:
        bits.append("ersättare: " + ", ".join(p["deputy_for"]))
    if p["forums"]:
        bits.append("forum: " + ", ".join(p["forums"]))
    bits += [f"mandat i {m['forum']}: {m['mandate']}" for m in p.get("mandates", ())]
    if p["initiatives"]:
        bits.append("insatser: " + ", ".join(p["initiatives"]))
    return [b for b in bits if b]


def _dated(data: dict[str, Any], printed: date) -> str:
    return (f"Kontaktpersoner enligt samverkansgrafen den {swedish_date(data['as_of'])}, "
            f"utskriven {swedish_date(printed.isoformat())}.")


def swedish_date(iso: str | None) -> str:
    """2026-01-01 as "1 januari 2026"."""
    if not iso:
        return ""
    day = date.fromisoformat(iso[:10])
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december")


def to_markdown(data: dict[str, Any], printed: date) -> str:
    out = [f"# Samverkansguide: {data['name']}", "", _dated(data, printed), ""]
    for unit in data["units"]:
        out += [f"## {unit['name']}", ""]
        for p in unit["people"]:
            contact = contact_line(p)
            out.append(f"- **{p['name']}**{f' ({contact})' if contact else ''}: "
                       + "; ".join(_line(p)))
        out.append("")
    return "\n".join(out)


_PRINT_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.4;"
    "color:#111;padding:0 .5rem}h1{font-size:1.6rem}"
    "h2{border-bottom:1px solid #666;font-size:1.15rem}section{break-inside:avoid}"
    "ul{padding-left:1.1rem}li{margin:.35rem 0}.contact{white-space:nowrap}"
    "@page{size:A4;margin:15mm}"
    "@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}"
    "a{color:inherit;text-decoration:none}}")


def to_html(data: dict[str, Any], printed: date) -> str:
    e = html.escape
    rows = []
    for unit in data["units"]:
        rows.append(f"<section><h2>{e(unit['name'])}</h2><ul>")
        for p in unit["people"]:
            contact = []
            if p.get("email"):
                contact.append(f'<a class="contact" href="mailto:{e(p["email"])}">'
                               f"{e(p['email'])}</a>")
            if p.get("phone"):
                contact.append(f'<span class="contact">{e(p["phone"])}</span>')
            rows.append(f"<li><strong>{e(str(p['name']))}</strong>"
                        + (f" ({' · '.join(contact)})" if contact else "")
                        + f": {e('; '.join(_line(p)))}</li>")
        rows.append("</ul></section>")
    return (
        '<!doctype html>\n<html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Samverkansguide: {e(data['name'])}</title>"
        f"<style>{_PRINT_CSS}</style></head><body><main>"
        f"<h1>Samverkansguide: {e(data['name'])}</h1>"
        f"<p>{e(_dated(data, printed))}</p>"
        + "".join(rows) + "</main></body></html>\n")

"""Seats versus people: how much of a key person's bridging a successor in the same seats
would restore, and the risk of the seats themselves.

A person's contacts come through *formal positions* (shared forum seats and running
initiatives: what a successor in the same seats inherits) and through *personal ties*
(recorded relations: what leaves with the person). For a person ``v`` and every party
pair with κ <= ``max_kappa`` (default 2) whose κ drops when ``v`` leaves, three
recomputed κ values say what each part holds:

* ``without``: κ once ``v`` has left;
* ``seats_only``: κ with ``v``'s purely personal edges taken away, which is what a
  successor in the same seats (in the same organisation) would restore;
* ``ties_only``: κ with ``v``'s purely formal edges taken away.

Seat risk stands apart from person risk: a mandate (forum seat for an organisation) with
one holder and no deputy, or a role with one current holder and no deputy, is a risk
whoever holds it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.betweenness import Pair
from graph.analysis.indexed import Indexed
from graph.analysis.kappa_variants import variant_kappa, without_person
from graph.analysis.projection import is_current
from graph.analysis.sole_links import around
from graph.model.schema import Document, Seat
from graph.reports.party_connectivity import exact_up_to, party_kappa
from graph.reports.presence import current_person
from graph.reports.spanners import organisation_at_level

DEFAULT_MAX_KAPPA = 2


def seat_table(G: nx.Graph, doc: Document) -> dict[tuple[str, Hashable], dict[str, list[str]]]:
    """Current holders and deputies of every (forum, represented organisation) seat."""
    # Only the current membership says whom a seat is for: an ended one of the same person
    # in the same forum may have represented another organisation.
    day = date.fromisoformat(str(G.graph["as_of"]))
    represents = {(m.person, m.group): m.represents for m in doc.memberships
                  if is_current(m.since, m.until, day)}
    seats: dict[tuple[str, Hashable], dict[str, list[str]]] = defaultdict(
        lambda: {"holders": [], "deputies": []})
    for group, people in G.graph.get("seats", {}).items():
        for person, seat in people.items():
            if person not in G:
                continue
            org = represents.get((person, group)) or G.nodes[person].get("party")
            kind = "deputies" if seat == str(Seat.DEPUTY) else "holders"
            seats[(group, org)][kind].append(person)
    return seats


def _formal(data: Mapping[str, Any]) -> list[str]:
    return [*data.get("groups", []), *data.get("initiatives", [])]


def _genitive(name: str) -> str:
    first = name.split()[0] if name else name
    return first if first[-1:] in "sxz" else first + "s"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


def person_seats(G: nx.Graph, v: Hashable, partition: Mapping[Hashable, Hashable],
                 table: Mapping[Pair, Any], names: Mapping[Hashable, str],
                 max_kappa: int = DEFAULT_MAX_KAPPA) -> dict[str, Any]:
    """One person's contacts across organisations by kind, and κ by what holds it, for
    every pair with κ <= ``max_kappa`` that their departure weakens."""
    own = partition.get(v, v)
    forums = G.graph.get("forums", {})
    contacts = []
    for u in sorted(G[v], key=str):
        org = partition.get(u, u)
        if org == own:
            continue
        data = G[v][u]
        via = _formal(data)
        contacts.append({"person": u, "name": G.nodes[u].get("name"), "organisation": org,
                         "via_seats": via, "via_seat_names": [forums.get(f, f) for f in via],
                         "personal": bool(data.get("ties"))})
    personal_only = [(v, u) for u in G[v] if not _formal(G[v][u])]
    formal_only = [(v, u) for u in G[v] if not G[v][u].get("ties")]
    # Only v's component can change: κ elsewhere is added back unchanged (κ is global,
    # the sum over components).
    H = around(G, partition, [], [v])
    whole = H.number_of_nodes() == G.number_of_nodes()  # v's component is all of G
    if whole:
        H = G
    idx = Indexed.of(H)
    present = {partition.get(u, u) for u in H}
    # The fragile pairs only: each variant's κ is capped just above them (exact there).
    pairs = [p for p, r in table.items() if 1 <= r.connectivity <= max_kappa
             and p[0] in present and p[1] in present]
    cap = max_kappa + 1
    hints = [table[p].cut for p in pairs]
    local = {p: table[p].connectivity for p in pairs} if whole else {
        p: r.connectivity for p, r in
        variant_kappa(H, partition, pairs, cap=cap, hints=hints, indexed=idx).items()}
    elsewhere = {p: table[p].connectivity - local[p] for p in pairs}
    gone = variant_kappa(H, partition, pairs, cap=cap, remove=[v],
                         hints=without_person(hints, v), indexed=idx)
    without = {p: r.connectivity for p, r in gone.items()}
    # v lowers a pair's κ only where v lies on one of its minimum cuts; the successor
    # variants lie between κ without v and κ with v, and the cuts without v plus v
    # bound them from above.
    affected = [p for p in pairs if without[p] < local[p]]
    shared = hints + [[*gone[p].cut, v] for p in affected] + [gone[p].cut for p in affected]
    seats_only = {p: r.connectivity for p, r in variant_kappa(
        H, partition, affected, cap=cap, drop=personal_only, hints=shared, indexed=idx).items()}
    ties_only = {p: r.connectivity for p, r in variant_kappa(
        H, partition, affected, cap=cap, drop=formal_only, hints=shared, indexed=idx).items()}
    rows = [{"organisations": list(p), "names": [names.get(p[0], str(p[0])),
                                                 names.get(p[1], str(p[1]))],
             "before": table[p].connectivity, "without": without[p] + elsewhere[p],
             "seats_only": seats_only[p] + elsewhere[p], "ties_only": ties_only[p] + elsewhere[p]}
            for p in affected]
    formal_contacts = [c for c in contacts if c["via_seats"]]
    by_org: dict[Hashable, list[dict[str, Any]]] = defaultdict(list)
    for c in contacts:
        by_org[c["organisation"]].append(c)
    personal_orgs = sorted((o for o, cs in by_org.items() if not any(c["via_seats"] for c in cs)),
                           key=str)
    seat_names = sorted({n for c in formal_contacts for n in c["via_seat_names"]})
    name = str(G.nodes[v].get("name") or v)
    out = {"person": v, "name": name, "organisation": G.nodes[v].get("organisation"),
           "cross_contacts": len(contacts), "formal_contacts": len(formal_contacts),
           "personal_only_contacts": len(contacts) - len(formal_contacts),
           "contacts": contacts, "personal_only_organisations": personal_orgs,
           "pairs": rows}
    out["explanation"] = _explain(out, name, seat_names, names)
    return out


def _explain(row: dict[str, Any], name: str, seat_names: list[str],
             names: Mapping[Hashable, str]) -> str:
    total, formal = row["cross_contacts"], row["formal_contacts"]
    if not total:
        return f"{name} har inga kontakter i andra organisationer."
    parts = []
    if seat_names:
        where = _join(seat_names[:3]) + (f" (och {len(seat_names) - 3} till)"
                                         if len(seat_names) > 3 else "")
        parts.append(f"om en efterträdare tar över platserna i {where} återställs {formal} "
                     f"av {total} kontakter över organisationsgränsen")
    elif total == 1:
        parts.append("den enda kontakten över organisationsgränsen är personlig; en "
                     "efterträdare ärver den inte genom något uppdrag")
    else:
        parts.append(f"alla {total} kontakter över organisationsgränsen är personliga; en "
                     f"efterträdare ärver ingen av dem genom uppdrag")
    for pair in row["pairs"][:2]:
        a, b = pair["names"]
        parts.append(f"{a} – {b}: {pair['before']} → {pair['without']} om {name.split()[0]} "
                     f"slutar, {pair['seats_only']} med en efterträdare på platserna")
    orgs = [names.get(o, str(o)) for o in row["personal_only_organisations"]]
    if orgs and seat_names:
        parts.append(f"kontakten med {_join(orgs[:3])} hänger på {_genitive(name)} egna "
                     f"relationer")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def seat_risks(doc: Document, G: nx.Graph) -> list[dict[str, Any]]:
    """Mandates with one holder and no deputy, and roles with one holder and no deputy:
    a risk of the seat, whoever holds it."""
    groups = {g.id: g.name for g in doc.groups}
    orgs = {o.id: o.name for o in doc.organisations}
    out = []
    for (group, org), seat in sorted(seat_table(G, doc).items(), key=str):
        if len(seat["holders"]) == 1 and not seat["deputies"]:
            holder = seat["holders"][0]
            out.append({"kind": "mandate", "group": group, "name": groups.get(group, group),
                        "represents": org, "holder": holder,
                        "holder_name": G.nodes[holder].get("name"),
                        "explanation": f"Mandatet för {orgs.get(str(org), org)} i "
                                       f"{groups.get(group, group)} har en innehavare "
                                       f"({G.nodes[holder].get('name')}) och ingen ersättare."})
    for role_id, role in sorted(G.graph.get("roles", {}).items()):
        holders = [h for h in role["holders"] if h in G]
        if len(holders) == 1 and not [d for d in role["deputies"] if d in G]:
            out.append({"kind": "role", "role": role_id, "name": role["name"],
                        "scope": role.get("scope"), "holder": holders[0],
                        "holder_name": G.nodes[holders[0]].get("name"),
                        "explanation": f"Rollen {role['name'].lower()} hålls av en person "
                                       f"({G.nodes[holders[0]].get('name')}) utan ersättare."})
    return out


def seats_report(doc: Document, G: nx.Graph, *, level: int | None = 0,
                 persons: Iterable[Hashable] | None = None,
                 max_kappa: int = DEFAULT_MAX_KAPPA) -> dict[str, Any]:
    """Seats versus people for ``persons`` (default: everyone on a minimum cut of a party
    pair with κ <= ``max_kappa``, the people such pairs rest on), on the pairs with
    κ <= ``max_kappa``, and the seat risks.

    Examples
    --------
    >>> from datetime import date
    >>> from api.seed_data import seed_document
    >>> from graph.analysis.projection import collaboration_graph
    >>> doc = Document.model_validate(seed_document())
    >>> report = seats_report(doc, collaboration_graph(doc, date(2026, 1, 1)),
    ...                       persons=["kl-af-foretag"])
    >>> row = report["people"][0]
    >>> row["formal_contacts"] <= row["cross_contacts"]
    True
    """
    partition = organisation_at_level(G, level)
    table = party_kappa(G, level, exact_up_to(max_kappa))
    names = {k: str(v["name"]) for k, v in G.graph.get("organisations", {}).items()}
    if persons is None:
        chosen = sorted({v for r in table.values() if r.connectivity <= max_kappa
                         for v in r.cut}, key=str)
    else:
        chosen = list(persons)
        for p in chosen:
            current_person(G, p, "person")
    people = [person_seats(G, v, partition, table, names, max_kappa) for v in chosen]
    people.sort(key=lambda r: (-len(r["pairs"]), -r["cross_contacts"], str(r["person"])))
    return {"as_of": G.graph.get("as_of"), "people": people, "seat_risks": seat_risks(doc, G)}


__all__ = ["person_seats", "seat_risks", "seat_table", "seats_report"]

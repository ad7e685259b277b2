"""Key-person risk: single-person dependencies, with the reasons in Swedish.

Risk = impact x exposure.

Impact is a sum of points, each traceable to named pairs, people, initiatives or seats.
κ(A, B) is the connectivity of two organisations on the whole collaboration graph (the
fewest people whose departure leaves no path between them; see
:mod:`graph.analysis.connectivity`):

========================================================  ======
fact                                                      points
========================================================  ======
an organisation pair whose κ falls from 1 to 0             3
an organisation pair whose κ falls from 2 to 1             1
people cut off from the rest of their component            2 x (share of the component)
a party's only participant in a running initiative        2
a role held alone with no deputy                           1.5
a forum seat held with no deputy for that organisation    1.5
========================================================  ======

Exposure (0..1) is how likely that impact is to land soon and unprepared:
0.2 for anyone, + 0.5 when ``until`` falls within the horizon, + 0.15 when a role or seat
has no deputy, + 0.15 when no handover tie is recorded (a current handover tie to a
current person).

Every sentence of the explanation is written from a structured claim in the row's
``claims``, and every number in it is in the row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis.betweenness import Pair
from graph.analysis.departure import departure_impact
from graph.analysis.gds_records import StructureSource, component_sizes, embedded
from graph.analysis.indexed import Indexed, org_key
from graph.analysis.path_increase import DEFAULT_DELTA, path_increases
from graph.analysis.projection import is_current
from graph.model.schema import Document, Seat
from graph.reports.presence import current_person
from graph.reports.risk_inputs import RiskInputs, risk_inputs
from graph.reports.spanners import organisation_at_level

POINTS = {"disconnects": 3.0, "reduced_to_one_link": 1.0, "cut_off_share": 2.0,
          "sole_participant": 2.0, "role_without_deputy": 1.5, "seat_without_deputy": 1.5}
EXPOSURE = {"base": 0.2, "leaving_soon": 0.5, "no_deputy": 0.15, "no_handover": 0.15}
DEFAULT_HORIZON_DAYS = 180


@dataclass
class Positions:
    """Formal dependencies per person, from the document as it stands on a day."""

    sole_participant_in: dict[Hashable, list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list))
    roles_without_deputy: dict[Hashable, list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list))
    seats_without_deputy: dict[Hashable, list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list))
    handover_to: dict[Hashable, list[Hashable]] = field(
        default_factory=lambda: defaultdict(list))


def formal_positions(doc: Document | RiskInputs, G: nx.Graph,
                     party: Mapping[Hashable, Hashable], day: date) -> Positions:
    """Seats, roles and initiative places that rest on one current person."""
    inputs = risk_inputs(doc)
    pos = Positions()
    current = set(G)
    names = {o.id: o.name for o in inputs.organisations}
    initiatives = {i.id: i for i in inputs.initiatives if is_current(i.start, i.end, day)}
    by_party: dict[tuple[str, Hashable], set[Hashable]] = defaultdict(set)
    for pa in inputs.participations:
        if pa.initiative in initiatives and pa.person in current and is_current(
                pa.since, pa.until, day):
            by_party[(pa.initiative, party[pa.person])].add(pa.person)
    for (initiative, org), people in sorted(by_party.items(), key=str):
        if len(people) == 1:
            (person,) = people
            pos.sole_participant_in[person].append({
                "initiative": initiative, "name": initiatives[initiative].name,
                "organisation": org, "organisation_name": names.get(str(org), str(org))})
    scopes = names | {g.id: g.name for g in inputs.groups} | {
        i.id: i.name for i in inputs.initiatives}
    for role in inputs.roles:
        holders = [h for h in role.holders if h in current]
        deputies = [d for d in role.deputies if d in current]
        if len(holders) == 1 and not deputies:
            pos.roles_without_deputy[holders[0]].append({
                "role": role.id, "name": role.name, "scope": role.scope,
                "scope_name": scopes.get(role.scope or "", role.scope)})
    groups = {g.id: g for g in inputs.groups}
    seats: dict[tuple[str, Hashable], dict[str, list[Hashable]]] = defaultdict(
        lambda: {"holders": [], "deputies": []})
    for m in inputs.memberships:
        if m.person in current and is_current(m.since, m.until, day):
            represents = m.represents or party[m.person]
            kind = "deputies" if m.as_ == Seat.DEPUTY else "holders"
            seats[(m.group, represents)][kind].append(m.person)
    # A seat is lost when its only holder leaves and nobody deputises for that organisation.
    for (group, represents), seat in sorted(seats.items(), key=str):
        if seat["deputies"] or len(seat["holders"]) != 1:
            continue
        for person in seat["holders"]:
            pos.seats_without_deputy[person].append({
                "group": group, "name": groups[group].name, "represents": represents,
                "represents_name": names.get(str(represents), str(represents))})
    # A handover counts while its tie runs and both people are current: a handover to
    # someone who has left, or one that has ended, prepares nothing.
    for t in inputs.handovers:
        if t.a in current and t.b in current and is_current(t.since, t.until, day):
            pos.handover_to[t.a].append(t.b)
            pos.handover_to[t.b].append(t.a)
    return pos


def initiative_people(doc: Document, G: nx.Graph, day: date) -> dict[str, set[Hashable]]:
    """Current participants and styrgrupp members of each running initiative."""
    members: dict[str, set[Hashable]] = defaultdict(set)
    for m in doc.memberships:
        if m.person in G and is_current(m.since, m.until, day):
            members[m.group].add(m.person)
    out: dict[str, set[Hashable]] = {}
    for i in doc.initiatives:
        if is_current(i.start, i.end, day):
            out[i.id] = set(members.get(i.governed_by or "", set()))
    for pa in doc.participations:
        if pa.initiative in out and pa.person in G and is_current(pa.since, pa.until, day):
            out[pa.initiative].add(pa.person)
    return out


def risk_report(doc: Document | RiskInputs, G: nx.Graph, *, level: int | None = 0,
                horizon_days: int = DEFAULT_HORIZON_DAYS,
                path_lengths_for: int = 20,
                structure: StructureSource | None = None) -> list[dict[str, Any]]:
    """Every current person's key-person risk, highest first, with its reasons.

    The day is the projection's (``G.graph["as_of"]``). ``path_length_increase`` is
    computed for the ``path_lengths_for`` highest rows only (``None`` on the others), from
    shared sampled sources on large components (:mod:`graph.analysis.path_increase`):
    ``path_length_error`` is the half-width of its interval at level
    ``path_length_confidence`` (0 when exact) and ``path_length_sources`` the source
    people it rests on. Everything else comes from one pass for everyone. Each row's
    ``claims`` are the structured facts its Swedish ``explanation`` is written from.

    ``structure`` may supply articulation points and bridges computed elsewhere (Neo4j's
    GDS, :mod:`graph.store.gds_analyses`); each row's ``method`` says which ran.

    ``doc`` may be the whole document or only what the report reads of it
    (:mod:`graph.reports.risk_inputs`): the rows come out the same.
    """
    inputs = risk_inputs(doc)
    day = date.fromisoformat(G.graph["as_of"])
    partition = organisation_at_level(G, level)
    # level 0 is the party level itself: one walk of the people instead of two
    party = partition if level == 0 else organisation_at_level(G, 0)
    idx = Indexed.of(G)
    found = (structure(G, idx) if structure is not None else None) or embedded(idx)
    impact = departure_impact(G, partition, indexed=idx, cut_off=found.cut_off)
    positions = formal_positions(inputs, G, party, day)
    until = inputs.leaves
    names = {o.id: o.name for o in inputs.organisations}
    component_size = component_sizes(idx)
    horizon = day + timedelta(days=horizon_days)
    rows = []
    for v, data in G.nodes(data=True):
        structural = impact.get(v)
        disconnects = structural.disconnects if structural else []
        reduced = structural.reduced_to_one_link if structural else []
        cut_off = structural.cut_off if structural else 0
        sole = positions.sole_participant_in.get(v, [])
        roles = positions.roles_without_deputy.get(v, [])
        seats = positions.seats_without_deputy.get(v, [])
        handover = sorted(set(positions.handover_to.get(v, [])), key=str)
        others = component_size.get(v, 1) - 1
        share = cut_off / max(1, others)
        points = (POINTS["disconnects"] * len(disconnects)
                  + POINTS["reduced_to_one_link"] * len(reduced)
                  + POINTS["cut_off_share"] * share
                  + POINTS["sole_participant"] * len(sole)
                  + POINTS["role_without_deputy"] * len(roles)
                  + POINTS["seat_without_deputy"] * len(seats))
        leaving = until.get(v)
        soon = leaving is not None and day <= leaving <= horizon
        exposure = (EXPOSURE["base"] + (EXPOSURE["leaving_soon"] if soon else 0.0)
                    + (EXPOSURE["no_deputy"] if roles or seats else 0.0)
                    + (EXPOSURE["no_handover"] if not handover else 0.0))
        row = {
            "person": v, "name": data.get("name"), "organisation": data.get("organisation"),
            "organisation_name": names.get(data.get("organisation", "")),
            "risk": round(points * exposure, 4), "impact": round(points, 4),
            "exposure": round(exposure, 4),
            "articulation_point": cut_off > 0,
            "disconnects": [list(p) for p in disconnects],
            "reduced_to_one_link": [list(p) for p in reduced],
            "people_cut_off": cut_off,
            "people_in_component": others,
            "sole_participant_in": sole, "roles_without_deputy": roles,
            "seats_without_deputy": seats,
            "leaves": leaving.isoformat() if leaving else None, "leaving_within_horizon": soon,
            "handover_to": handover,
            "sole_ties": found.sole_ties.get(v, []),
            "method": found.method,
        }
        rows.append(row)
    rows.sort(key=lambda r: (-r["risk"], -r["impact"], str(r["person"])))
    everyone = G.number_of_nodes() - 1
    codes: dict[Hashable, int] = {}
    orgs = np.array([codes.setdefault(org_key(partition, v), len(codes)) for v in idx.nodes],
                    dtype=np.int64)
    lengths = path_increases(idx, orgs, [idx.index[r["person"]]
                                         for r in rows[:path_lengths_for]])
    for row in rows:
        longer = lengths.get(idx.index[row["person"]])
        row["path_length_increase"] = None if longer is None else round(longer.mean, 4)
        row["path_length_error"] = None if longer is None else round(longer.error, 4)
        row["path_length_sources"] = None if longer is None else longer.sources
        row["path_length_confidence"] = None if longer is None else 1 - DEFAULT_DELTA
        row["claims"] = risk_claims(row, names, whole_network=row["people_in_component"]
                                    == everyone)
        row["explanation"] = explain_risk(row["claims"])
    return rows


def _pair_names(pairs: list[list[Any]], names: Mapping[str, str]) -> list[list[str]]:
    return [[names.get(p, str(p)) for p in pair] for pair in pairs]


def risk_claims(row: dict[str, Any], names: Mapping[str, str], *,
                whole_network: bool) -> list[dict[str, Any]]:
    """The facts of a risk row that its explanation states, strongest first.

    Each claim carries every number and name its sentence uses; all of them are also in
    the row (``disconnects``, ``people_cut_off``, ...). The path-length increase is
    stated only when the person carries some risk: it never enters the score.
    """
    claims: list[dict[str, Any]] = []
    if row["disconnects"]:
        claims.append({"claim": "disconnects", "pairs": row["disconnects"],
                       "names": _pair_names(row["disconnects"], names)})
    if row["people_cut_off"]:
        claims.append({"claim": "cut_off", "people": row["people_cut_off"],
                       "of": row["people_in_component"], "whole_network": whole_network})
    for s in row["sole_participant_in"][:2]:
        claims.append({"claim": "sole_participant", **s})
    for s in row["seats_without_deputy"][:2]:
        claims.append({"claim": "seat_without_deputy", **s})
    for r in row["roles_without_deputy"][:2]:
        claims.append({"claim": "role_without_deputy", **r})
    if row["reduced_to_one_link"]:
        claims.append({"claim": "reduced_to_one_link", "pairs": row["reduced_to_one_link"],
                       "names": _pair_names(row["reduced_to_one_link"], names)})
    longer = row.get("path_length_increase")
    if claims and longer is not None and longer >= 0.1:
        claims.append({"claim": "longer_paths", "steps": longer,
                       "error": row.get("path_length_error") or 0.0})
    if not claims:
        return [{"claim": "no_single_dependency"}]
    if row["leaving_within_horizon"]:
        claims.append({"claim": "leaves", "date": row["leaves"]})
    if not row["handover_to"]:
        claims.append({"claim": "no_handover"})
    return claims


def _more(pairs: list[Any]) -> str:
    more = len(pairs) - 1
    return f" (och {more} par till)" if more else ""


def explain_risk(claims: list[dict[str, Any]]) -> str:
    """Swedish reasons from the claims, in their order: "Enda länken mellan ...; ..."."""
    parts: list[str] = []
    for c in claims:
        kind = c["claim"]
        if kind == "no_single_dependency":
            return ("Ingen enskild beroenderisk: ingen kontakt mellan organisationer hänger "
                    "på hen, och inga uppdrag, platser eller roller står utan hen.")
        if kind == "disconnects":
            a, b = c["names"][0]
            parts.append(f"Enda länken mellan {a} och {b}{_more(c['pairs'])}")
        elif kind == "cut_off":
            n = c["people"]
            who = f"{n} {'person' if n == 1 else 'personer'}"
            parts.append(f"{who} förlorar kontakten med resten av nätverket om hen slutar"
                         if c["whole_network"] else
                         f"{n} av de {c['of']} andra i hens del av nätverket förlorar "
                         f"kontakten med resten av den om hen slutar")
        elif kind == "sole_participant":
            parts.append(f"enda deltagaren från {c['organisation_name']} i {c['name']}")
        elif kind == "seat_without_deputy":
            parts.append(f"saknar ersättare i {c['name']}")
        elif kind == "role_without_deputy":
            where = f" för {c['scope_name']}" if c.get("scope_name") else ""
            parts.append(f"ensam {c['name'].lower()}{where}, utan ersättare")
        elif kind == "reduced_to_one_link":
            a, b = c["names"][0]
            parts.append(f"utan hen hänger kontakten mellan {a} och {b} på en enda person"
                         + _more(c["pairs"]))
        elif kind == "longer_paths":
            steps = f"{c['steps']:.1f}".replace(".", ",")
            # a sampled figure says so, with its error: the sentence claims no more
            error = c.get("error") or 0.0
            told = (f" (uppskattat, ± {error:.2f} steg)".replace(".", ",") if error
                    else "")
            parts.append(f"kortaste vägarna mellan personer i olika organisationer blir i "
                         f"snitt {steps} steg längre utan hen{told}")
        elif kind == "leaves":
            parts.append(f"slutar {c['date']}")
        elif kind == "no_handover":
            parts.append("ingen registrerad överlämning")
    return _sentence(parts)


def _sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def successors(G: nx.Graph, person: Hashable, *, level: int | None = 0,
               top: int = 5) -> list[dict[str, Any]]:
    """People who could take over: who shares the person's contacts and organisations.

    Structural equivalence: 0.5 x Jaccard overlap of contacts + 0.3 x cosine similarity of
    the contacts' organisation profile + 0.2 if in the same organisation (0.1 if only the
    same party). Competence fit joins the ranking once the matching issue has landed.
    """
    current_person(G, person, "person")
    partition = organisation_at_level(G, level)
    mine = set(G[person]) - {person}
    profile = _profile(G, mine, partition)
    names = {k: v["name"] for k, v in G.graph.get("organisations", {}).items()}
    own_org, own_party = G.nodes[person].get("organisation"), G.nodes[person].get("party")
    scored = []
    for u in G:
        if u == person:
            continue
        theirs = set(G[u]) - {u, person}
        shared = mine & theirs
        union = (mine - {u}) | theirs
        jaccard = len(shared) / len(union) if union else 0.0
        cosine = _cosine(profile, _profile(G, theirs, partition))
        same = 0.2 if G.nodes[u].get("organisation") == own_org else (
            0.1 if G.nodes[u].get("party") == own_party else 0.0)
        score = 0.5 * jaccard + 0.3 * cosine + same
        if score > 0:
            scored.append((score, u, shared))
    scored.sort(key=lambda t: (-t[0], str(t[1])))
    out = []
    for score, u, shared in scored[:top]:
        common_orgs = sorted({partition[w] for w in shared if w in partition}, key=str)
        reasons = [f"delar {len(shared)} av {len(mine)} kontakter"]
        if common_orgs:
            reasons.append("kontakter i " + ", ".join(names.get(o, str(o))
                                                      for o in common_orgs[:3]))
        if G.nodes[u].get("organisation") == own_org:
            reasons.append("samma enhet")
        out.append({"person": u, "name": G.nodes[u].get("name"), "score": round(score, 4),
                    "shared_contacts": sorted(shared, key=str),
                    "explanation": _sentence(reasons)})
    return out


def _profile(G: nx.Graph, people: set[Hashable], partition: Mapping[Hashable, Hashable]
             ) -> dict[Hashable, int]:
    counts: dict[Hashable, int] = defaultdict(int)
    for p in people:
        counts[partition.get(p, p)] += 1
    return counts


def _cosine(a: Mapping[Hashable, int], b: Mapping[Hashable, int]) -> float:
    dot = sum(a[k] * b.get(k, 0) for k in a)
    na = sum(x * x for x in a.values()) ** 0.5
    nb = sum(x * x for x in b.values()) ** 0.5
    return dot / (na * nb) if na and nb else 0.0


__all__ = ["EXPOSURE", "POINTS", "Pair", "explain_risk", "formal_positions",
           "risk_claims", "risk_report", "successors"]

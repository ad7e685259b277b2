"""What if these people left (and these successors took over)? Before and after.

Pairs of people who lose their connection are counted apart from path lengths, and the
mean path length is taken only over the pairs connected both before and after: people
cut off would otherwise drop out of the mean and make it look shorter.

A successor takes over the leaver's formal positions (forum seats, initiative places,
roles held or deputised) but not their informal ties: relations have to be built, and the
difference is exactly what a handover protects.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date, timedelta
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis.connectivity import organisation_connectivity
from graph.analysis.indexed import Indexed, org_key
from graph.analysis.projection import collaboration_graph, is_current
from graph.core.errors import NotFoundError
from graph.model.schema import Document
from graph.reports.guide import swedish_date
from graph.reports.key_persons import formal_positions
from graph.reports.spanners import organisation_at_level
from graph.reports.whatif_words import summarise

PATH_SOURCES = 300  # sampled source people for mean path length above this many


def _without(doc: Document, leavers: set[str], successors: Mapping[str, str],
             day: date) -> Document:
    gone = day - timedelta(days=1)
    people = [p.model_copy(update={"until": gone}) if p.id in leavers else p
              for p in doc.people]

    def swap(pid: str) -> str:
        return successors.get(pid, pid)

    return doc.model_copy(update={
        "people": people,
        "memberships": [m.model_copy(update={"person": swap(m.person)})
                        for m in doc.memberships],
        "participations": [pa.model_copy(update={"person": swap(pa.person)})
                           for pa in doc.participations],
        "roles": [r.model_copy(update={"holders": [swap(h) for h in r.holders],
                                       "deputies": [swap(d) for d in r.deputies]})
                  for r in doc.roles],
    })


def _cross_pairs(groups: np.ndarray, orgs: np.ndarray) -> int:
    """Pairs of people of different organisations that share a group label."""
    if not len(groups):
        return 0
    _, size = np.unique(groups, return_counts=True)
    _, same = np.unique(np.column_stack([groups, orgs]), axis=0, return_counts=True)
    return int((np.sum(size.astype(np.int64) ** 2) - np.sum(same.astype(np.int64) ** 2)) // 2)


def cross_path_lengths(before: nx.Graph, after: nx.Graph,
                       partition: Mapping[Hashable, Hashable], seed: int = 0
                       ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Path lengths and lost connections between people of different organisations.

    Only people present before and after count. ``lost`` counts the pairs connected
    before and not after (exact, from the components); the mean shortest path is taken
    over the pairs connected both before and after, the same pairs on both sides, from
    every person or, above ``PATH_SOURCES`` people, from a sample of source people.
    """
    remaining = [v for v in after if v in before]
    ib, ia = Indexed.of(before), Indexed.of(after)
    at_b = np.array([ib.index[v] for v in remaining], dtype=np.int64)
    at_a = np.array([ia.index[v] for v in remaining], dtype=np.int64)
    codes: dict[Hashable, int] = {}
    orgs = np.array([codes.setdefault(org_key(partition, v), len(codes)) for v in remaining],
                    dtype=np.int64)
    comp_b = np.asarray(ib.igraph.connected_components().membership, dtype=np.int64)[at_b] \
        if len(at_b) else np.zeros(0, dtype=np.int64)
    comp_a = np.asarray(ia.igraph.connected_components().membership, dtype=np.int64)[at_a] \
        if len(at_a) else np.zeros(0, dtype=np.int64)
    connected_before = _cross_pairs(comp_b, orgs)
    both = _cross_pairs(comp_b * (int(comp_a.max(initial=0)) + 1) + comp_a, orgs)
    connected_after = _cross_pairs(comp_a, orgs)
    n = len(remaining)
    rng = np.random.default_rng(seed)
    sampled = n > PATH_SOURCES
    sources = rng.choice(n, PATH_SOURCES, replace=False) if sampled else np.arange(n)
    total_b = total_a = 0.0
    count = 0
    for s in sources.tolist():
        d_b = np.asarray(ib.igraph.distances(source=[int(at_b[s])])[0], dtype=float)[at_b]
        d_a = np.asarray(ia.igraph.distances(source=[int(at_a[s])])[0], dtype=float)[at_a]
        mask = np.isfinite(d_b) & np.isfinite(d_a) & (orgs != orgs[s])
        total_b += float(d_b[mask].sum())
        total_a += float(d_a[mask].sum())
        count += int(mask.sum())
    lengths = {"before": total_b / count if count else None,
               "after": total_a / count if count else None,
               "pairs": both, "sources": len(sources) if sampled else None}
    lost = {"pairs": connected_before - both, "of": connected_before,
            "gained": connected_after - both}
    return lengths, lost


def _refuse_unless_current(doc: Document, G: nx.Graph, fields: Mapping[str, list[str]],
                           day: date) -> None:
    """Every id must be a person in the network on ``day``; say so, naming the request's
    field the id came in, when one is not."""
    people = {p.id: p for p in doc.people}
    for field, ids in fields.items():
        for pid in ids:
            person = people.get(pid)
            if person is None:
                raise NotFoundError(f"okänd person {pid!r}", field=field)
            if pid not in G:
                when = (f": slutade {swedish_date(person.until.isoformat())}"
                        if person.until and person.until < day
                        else f": börjar {swedish_date(person.since.isoformat())}"
                        if person.since else "")
                raise NotFoundError(f"{pid!r} finns inte i nätverket den "
                                    f"{swedish_date(day.isoformat())}{when}", field=field)


def what_if(doc: Document, remove: list[str], successors: Mapping[str, str] | None = None,
            *, as_of: date | None = None, level: int | None = 0) -> dict[str, Any]:
    """Connectivity, lost connections, initiatives, seats and path length before and after
    departures. Everyone leaving and every successor must be current on the day."""
    day = as_of or date.today()
    successors = dict(successors or {})
    before_g = collaboration_graph(doc, as_of=day)
    _refuse_unless_current(doc, before_g, {"remove": remove, "successors": [
        *successors, *successors.values()]}, day)
    for old in successors:
        if old not in remove:
            raise NotFoundError(f"{old!r} har en efterträdare men är inte bland dem "
                                "som slutar (remove)", field="successors")
    after_doc = _without(doc, set(remove), successors, day)
    after_g = collaboration_graph(after_doc, as_of=day)
    part_before = organisation_at_level(before_g, level)
    part_after = organisation_at_level(after_g, level)
    names = {o.id: o.name for o in doc.organisations}
    conn_before = {r.organisations: r for r in organisation_connectivity(before_g, part_before)}
    conn_after = {r.organisations: r for r in organisation_connectivity(after_g, part_after)}
    pairs: list[dict[str, Any]] = []
    for pair in sorted(conn_before.keys() | conn_after.keys(), key=str):
        k_before = conn_before[pair].connectivity if pair in conn_before else 0
        after = conn_after.get(pair)
        k_after = after.connectivity if after else 0
        if k_after != k_before:
            pairs.append({"organisations": list(pair),
                          "names": [names.get(str(p), str(p)) for p in pair],
                          "before": k_before, "after": k_after,
                          "cut_after": list(after.cut) if after else [],
                          "cut_after_is_all_of": after.cut_is_all_of if after else None})
    lengths, lost = cross_path_lengths(before_g, after_g, part_before)
    lost["organisations"] = [p["organisations"] for p in pairs
                             if p["before"] > 0 and p["after"] == 0]
    parties_before = formal_positions(doc, before_g, organisation_at_level(before_g, 0), day)
    parties_after = formal_positions(after_doc, after_g, organisation_at_level(after_g, 0), day)
    result: dict[str, Any] = {
        "as_of": day.isoformat(), "level": level, "removed": remove,
        "successors": successors,
        "connectivity_changes": sorted(pairs, key=lambda p: (p["after"], -p["before"])),
        "lost_connection": lost,
        "orphaned_initiatives": _orphaned(doc, after_doc, before_g, after_g, day, names),
        "empty_seats": _empty_seats(doc, after_doc, before_g, after_g, day, names),
        "new_seats_without_deputy": _new_entries(parties_before.seats_without_deputy,
                                                 parties_after.seats_without_deputy),
        "mean_cross_path_length": lengths,
        "people": {"before": before_g.number_of_nodes(), "after": after_g.number_of_nodes()},
        "components": {"before": nx.number_connected_components(before_g),
                       "after": nx.number_connected_components(after_g)},
    }
    result["summary"] = summarise(result, {p.id: p.name for p in doc.people})
    return result


def _participants(doc: Document, G: nx.Graph, day: date) -> dict[str, set[Hashable]]:
    party = organisation_at_level(G, 0)
    running = {i.id for i in doc.initiatives if is_current(i.start, i.end, day)}
    out: dict[str, set[Hashable]] = {}
    for pa in doc.participations:
        if pa.initiative in running and pa.person in G and is_current(pa.since, pa.until, day):
            out.setdefault(pa.initiative, set()).add(party[pa.person])
    return out


def _orphaned(before_doc: Document, after_doc: Document, before_g: nx.Graph,
              after_g: nx.Graph, day: date, names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Running initiatives in which a party loses its last participant."""
    before = _participants(before_doc, before_g, day)
    after = _participants(after_doc, after_g, day)
    titles = {i.id: i.name for i in before_doc.initiatives}
    out = []
    for initiative, parties in sorted(before.items()):
        lost = sorted(parties - after.get(initiative, set()), key=str)
        if lost:
            out.append({"initiative": initiative, "name": titles[initiative],
                        "parties_without_participant": lost,
                        "names": [names.get(str(p), str(p)) for p in lost],
                        "no_participants_left": not after.get(initiative)})
    return out


def _seats(doc: Document, G: nx.Graph, day: date) -> set[tuple[str, Hashable]]:
    party = organisation_at_level(G, 0)
    return {(m.group, m.represents or party[m.person]) for m in doc.memberships
            if m.person in G and is_current(m.since, m.until, day)}


def _empty_seats(before_doc: Document, after_doc: Document, before_g: nx.Graph,
                 after_g: nx.Graph, day: date, names: Mapping[str, str]
                 ) -> list[dict[str, Any]]:
    """Forum seats (group, represented organisation) with nobody left, deputies included.
    A seat is named by its forum and the organisation it is for: two empty seats of one
    forum are two seats, not one forum said twice."""
    lost = _seats(before_doc, before_g, day) - _seats(after_doc, after_g, day)
    groups = {g.id: g.name for g in before_doc.groups}
    return [{"group": g, "name": groups[g], "represents": r,
             "represents_name": names.get(str(r), str(r))} for g, r in sorted(lost, key=str)]


def _new_entries(before: Mapping[Hashable, list[dict[str, Any]]],
                 after: Mapping[Hashable, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    seen = {(e["group"], str(e["represents"])) for rows in before.values() for e in rows}
    return [{"person": p, **e} for p, rows in after.items() for e in rows
            if (e["group"], str(e["represents"])) not in seen]

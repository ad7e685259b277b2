"""What if these people left (and these successors took over)? Before and after.

A successor takes over the leaver's formal positions (forum seats, initiative places,
roles held or deputised) but not their informal ties: relations have to be built, and the
difference is exactly what a handover protects.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date, timedelta
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np

from graph.analysis.connectivity import organisation_connectivity
from graph.analysis.indexed import Indexed
from graph.analysis.projection import collaboration_graph, is_current
from graph.core.errors import NotFoundError
from graph.model.schema import Document
from graph.reports.key_persons import formal_positions
from graph.reports.spanners import organisation_at_level

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


def mean_cross_distance(G: nx.Graph, partition: Mapping[Hashable, Hashable],
                        seed: int = 0) -> float | None:
    """Mean shortest-path length between connected people of different organisations
    (from a sample of source people above ``PATH_SOURCES``)."""
    idx = Indexed.of(G)
    n = len(idx.nodes)
    if n < 2:
        return None
    orgs = np.array([hash(partition.get(v, ("\x00", v))) for v in idx.nodes])
    rng = np.random.default_rng(seed)
    sources = np.arange(n) if n <= PATH_SOURCES else rng.choice(n, PATH_SOURCES,
                                                               replace=False)
    H: ig.Graph = idx.igraph
    total, count = 0.0, 0
    for s in sources.tolist():
        d = np.asarray(H.distances(source=[s])[0], dtype=float)
        mask = np.isfinite(d) & (orgs != orgs[s])
        total += float(d[mask].sum())
        count += int(mask.sum())
    return total / count if count else None


def what_if(doc: Document, remove: list[str], successors: Mapping[str, str] | None = None,
            *, as_of: date | None = None, level: int | None = 0) -> dict[str, Any]:
    """Connectivity, initiatives, seats and path length before and after departures."""
    day = as_of or date.today()
    successors = dict(successors or {})
    known = {p.id for p in doc.people}
    for pid in [*remove, *successors, *successors.values()]:
        if pid not in known:
            raise NotFoundError(f"unknown person {pid!r}")
    for old in successors:
        if old not in remove:
            raise NotFoundError(f"{old!r} has a successor but is not among those leaving")
    before_g = collaboration_graph(doc, as_of=day)
    after_doc = _without(doc, set(remove), successors, day)
    after_g = collaboration_graph(after_doc, as_of=day)
    part_before = organisation_at_level(before_g, level)
    part_after = organisation_at_level(after_g, level)
    names = {o.id: o.name for o in doc.organisations}
    conn_before = {r.organisations: r for r in organisation_connectivity(before_g, part_before)}
    conn_after = {r.organisations: r for r in organisation_connectivity(
        after_g, part_after, pairs=list(conn_before))}
    pairs = []
    for pair, r in conn_before.items():
        after = conn_after.get(pair)
        k_after = after.connectivity if after else 0
        if k_after != r.connectivity:
            pairs.append({"organisations": list(pair),
                          "names": [names.get(str(p), str(p)) for p in pair],
                          "before": r.connectivity, "after": k_after,
                          "cut_after": list(after.cut) if after else []})
    parties_before = formal_positions(doc, before_g, organisation_at_level(before_g, 0), day)
    parties_after = formal_positions(after_doc, after_g, organisation_at_level(after_g, 0), day)
    return {
        "as_of": day.isoformat(), "removed": remove, "successors": successors,
        "connectivity_changes": sorted(pairs, key=lambda p: (p["after"], -p["before"])),
        "orphaned_initiatives": _orphaned(doc, after_doc, before_g, after_g, day, names),
        "empty_seats": _empty_seats(doc, after_doc, before_g, after_g, day),
        "new_seats_without_deputy": _new_entries(parties_before.seats_without_deputy,
                                                 parties_after.seats_without_deputy),
        "mean_cross_path_length": {"before": mean_cross_distance(before_g, part_before),
                                   "after": mean_cross_distance(after_g, part_after)},
        "people": {"before": before_g.number_of_nodes(), "after": after_g.number_of_nodes()},
        "components": {"before": nx.number_connected_components(before_g),
                       "after": nx.number_connected_components(after_g)},
    }


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
                 after_g: nx.Graph, day: date) -> list[dict[str, Any]]:
    """Forum seats (group, represented organisation) with nobody left, deputies included."""
    lost = _seats(before_doc, before_g, day) - _seats(after_doc, after_g, day)
    groups = {g.id: g.name for g in before_doc.groups}
    return [{"group": g, "name": groups[g], "represents": r} for g, r in sorted(lost, key=str)]


def _new_entries(before: Mapping[Hashable, list[dict[str, Any]]],
                 after: Mapping[Hashable, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    seen = {(e["group"], str(e["represents"])) for rows in before.values() for e in rows}
    return [{"person": p, **e} for p, rows in after.items() for e in rows
            if (e["group"], str(e["represents"])) not in seen]

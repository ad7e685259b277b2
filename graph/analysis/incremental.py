"""Keeping a projection current row by row, instead of building it again after every write.

A write touches a few rows; rebuilding the person-person graph from the whole document
costs seconds at 200,000 people. :class:`Projector` keeps the rows indexed by what they
name (a person's ties, a forum's memberships, an initiative's participations) and, for a
change, works out which people, forums and pairs it can affect, and recomputes exactly
those with the functions :func:`graph.analysis.projection.collaboration_graph` uses. The
result equals a full rebuild (``tests/test_store_rows.py`` checks node order, node and edge
data and the graph's dictionaries after random row writes).

The old graph is never changed: readers may still hold it. The new one shares every node's
data and adjacency with the old one except where the change reaches (copy on write), so a
write costs what it touches plus one shallow copy of the node tables.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any, TypeVar

import networkx as nx

from graph.analysis.projection import (
    DEFAULT_MAX_FORUM_SIZE,
    descriptions_view,
    edge_attributes,
    forum_owners_view,
    forums_view,
    is_current,
    left_or_starts,
    mandates_view,
    organisation_roots,
    organisations_view,
    person_attributes,
    roles_view,
)
from graph.model.schema import (
    SECTIONS,
    Document,
    Membership,
    Participation,
    Person,
    Row,
    Tie,
)

__all__ = ["Delta", "Patch", "Projector", "deltas_from", "patch_of"]

R = TypeVar("R", bound=Row)


@dataclass(frozen=True)
class Delta:
    """One row before and after a change (``None``: absent). A row removed and added
    again is two deltas, the removal first: it now stands last in the document's order."""

    section: str
    key: str
    old: Row | None
    new: Row | None


@dataclass(frozen=True)
class Patch:
    """How a patched projection differs from the one it was made from.

    ``pairs`` are the pairs whose edge was added, changed or removed (a person who left
    takes all theirs); ``appeared`` the people who are new; ``people`` everyone touched.
    Indexes derived from the projection (the contact-path index) use it to patch
    themselves the same way.
    """

    base: weakref.ref[nx.Graph]
    pairs: frozenset[tuple[str, str]]
    appeared: tuple[str, ...]
    # Everyone whose row changed or who came or went: a target (an organisation's people)
    # changes only through them (graph.reports.paths.resolve carries it over otherwise).
    people: frozenset[str] = frozenset()


# A patched projection's patch, for as long as the projection lives.
_PATCHES: weakref.WeakKeyDictionary[nx.Graph, Patch] = weakref.WeakKeyDictionary()


def patch_of(G: nx.Graph) -> Patch | None:
    """The patch that made ``G`` from an earlier projection, if it was patched."""
    return _PATCHES.get(G)


class Projector:
    """Row indexes of a document, and projections patched from them.

    Build it from the document once, then call :meth:`apply` with each change to the rows
    and :meth:`update` for every cached day's graph.
    """

    def __init__(self, doc: Document, max_forum_size: int = DEFAULT_MAX_FORUM_SIZE) -> None:
        self.max_forum_size = max_forum_size
        self.doc = doc
        self._counter = 0
        # Position in the document's order, per section: new rows go last.
        self.pos: dict[str, dict[str, int]] = {s: {} for s in SECTIONS}
        self.ties_of: dict[str, dict[str, Tie]] = defaultdict(dict)
        self.members_of: dict[str, dict[str, Membership]] = defaultdict(dict)
        self.memberships_by: dict[str, dict[str, Membership]] = defaultdict(dict)
        self.participants_of: dict[str, dict[str, Participation]] = defaultdict(dict)
        self.participations_by: dict[str, dict[str, Participation]] = defaultdict(dict)
        # People by id: a write of one person looked them up in a dict of all the
        # document's people built for it (0.3 s at 200,000 people).
        self.people: dict[str, Person] = {}
        for section in SECTIONS:
            for row in getattr(doc, section):
                self._add(section, row.key(), row)

    # -- the row indexes ---------------------------------------------------------------

    def _add(self, section: str, key: str, row: Row) -> None:
        if key not in self.pos[section]:
            self.pos[section][key] = self._counter
            self._counter += 1
        if isinstance(row, Tie):
            self.ties_of[row.a][key] = row
            self.ties_of[row.b][key] = row
        elif isinstance(row, Person):
            self.people[key] = row
        elif isinstance(row, Membership):
            self.members_of[row.group][key] = row
            self.memberships_by[row.person][key] = row
        elif isinstance(row, Participation):
            self.participants_of[row.initiative][key] = row
            self.participations_by[row.person][key] = row

    def _remove(self, section: str, key: str, row: Row) -> None:
        if isinstance(row, Tie):
            self.ties_of[row.a].pop(key, None)
            self.ties_of[row.b].pop(key, None)
        elif isinstance(row, Person):
            self.people.pop(key, None)
        elif isinstance(row, Membership):
            self.members_of[row.group].pop(key, None)
            self.memberships_by[row.person].pop(key, None)
        elif isinstance(row, Participation):
            self.participants_of[row.initiative].pop(key, None)
            self.participations_by[row.person].pop(key, None)

    def apply(self, doc: Document, deltas: Iterable[Delta]) -> None:
        """Move the indexes to ``doc``, the document after ``deltas``."""
        for d in deltas:
            if d.old is not None:
                self._remove(d.section, d.key, d.old)
            if d.new is None:
                self.pos[d.section].pop(d.key, None)
            else:
                self._add(d.section, d.key, d.new)
        self.doc = doc

    def _ordered(self, section: str, rows: Iterable[R]) -> list[R]:
        where = self.pos[section]
        return sorted(rows, key=lambda r: where[r.key()])

    # -- patching one day's graph ------------------------------------------------------

    def update(self, G: nx.Graph, deltas: list[Delta]) -> nx.Graph:
        """The projection of ``self.doc`` on G's day, from G (the one before ``deltas``)."""
        day = date.fromisoformat(G.graph["as_of"])
        doc = self.doc
        H = nx.Graph()
        H.graph = dict(G.graph)
        H._node = dict(G._node)
        H._adj = dict(G._adj)
        copied: set[str] = set()
        touched: set[tuple[str, str]] = set()

        def own(u: str) -> dict[str, Any]:
            # Copy on write: an adjacency dict shared with G is copied before it changes.
            if u not in copied:
                H._adj[u] = dict(H._adj[u])
                copied.add(u)
            adj: dict[str, Any] = H._adj[u]
            return adj

        sections = {d.section for d in deltas}
        people: set[str] = set()
        groups: set[str] = set()
        initiatives: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for d in deltas:
            for row in (d.old, d.new):
                if isinstance(row, Tie):
                    pairs.add((row.a, row.b) if row.a < row.b else (row.b, row.a))
                elif isinstance(row, Membership):
                    groups.add(row.group)
                elif isinstance(row, Participation):
                    initiatives.add(row.initiative)
            if d.section == "people":
                people.add(d.key)
            elif d.section == "groups":
                groups.add(d.key)
            elif d.section == "initiatives":
                initiatives.add(d.key)

        if sections & {"organisations"}:
            roots = organisation_roots(doc)
            H.graph["organisations"] = organisations_view(doc, roots)
            people |= {p for p, o in G.nodes(data="party")
                       if roots.get(G._node[p]["organisation"]) != o}
        else:
            roots = {o: v["party"] for o, v in G.graph["organisations"].items()}
        if sections & {"groups", "initiatives"}:
            H.graph["forums"] = forums_view(doc)
            H.graph["forum_owners"] = forum_owners_view(doc)
            H.graph["descriptions"] = descriptions_view(doc)
        if "roles" in sections:
            H.graph["roles"] = roles_view(doc)

        # People: presence and node data; someone who comes or goes changes every pair
        # and forum they are part of.
        rows = self.people
        not_current = None
        appeared: list[str] = []
        for pid in people:
            p = rows.get(pid)
            now = p is not None and is_current(p.since, p.until, day)
            before = pid in G
            if p is not None and (edge := left_or_starts(p, day)) is not None:
                not_current = not_current if not_current is not None else dict(
                    H.graph["not_current"])
                not_current[pid] = edge
            elif pid in H.graph["not_current"]:
                not_current = not_current if not_current is not None else dict(
                    H.graph["not_current"])
                not_current.pop(pid, None)
            if now:
                assert p is not None
                H._node[pid] = person_attributes(p, roots)
                if not before:
                    H._adj[pid] = {}
                    copied.add(pid)
                    appeared.append(pid)
            elif before:
                for nbr in list(H._adj[pid]):
                    own(nbr).pop(pid, None)
                    touched.add((pid, nbr))
                del H._node[pid]
                del H._adj[pid]
            if now != before:
                groups |= {m.group for m in self.memberships_by.get(pid, {}).values()}
                initiatives |= {pa.initiative
                                for pa in self.participations_by.get(pid, {}).values()}
                for t in self.ties_of.get(pid, {}).values():
                    pairs.add((t.a, t.b) if t.a < t.b else (t.b, t.a))
        if not_current is not None:
            H.graph["not_current"] = not_current
        if appeared:
            H._node, H._adj = self._in_document_order(H, G, appeared)

        # Forums and initiatives: their current members on the day, and every pair that
        # shares one whose membership changed.
        size: dict[str, int] = {}
        if groups:
            seats = dict(H.graph["seats"])
            known_groups = {g.id for g in doc.groups}
            for g in groups:
                old = {p for p in G.graph["seats"].get(g, {}) if p in G}
                held = self._ordered("memberships", self.members_of.get(g, {}).values())
                current = [m for m in held if is_current(m.since, m.until, day)]
                if g in known_groups:
                    seats[g] = {m.person: str(m.as_) for m in current}
                else:
                    seats.pop(g, None)
                new = {m.person for m in current if m.person in H}
                pairs |= _pairs_if_linked(old, new, self.max_forum_size)
            H.graph["seats"] = {g.id: seats.get(g.id, {}) for g in doc.groups}
            H.graph["mandates"] = mandates_view(doc, day)
        if initiatives:
            running = {i.id for i in doc.initiatives if is_current(i.start, i.end, day)}
            participants = dict(H.graph["participants"])
            for i in initiatives:
                old = set(G.graph["participants"].get(i, ()))
                new = {pa.person for pa in self.participants_of.get(i, {}).values()
                       if i in running and pa.person in H
                       and is_current(pa.since, pa.until, day)}
                if new:
                    participants[i] = sorted(new)
                else:
                    participants.pop(i, None)
                pairs |= _pairs_if_linked(old, new, self.max_forum_size)
            H.graph["participants"] = participants

        for u, v in pairs:
            if u not in H or v not in H:
                continue
            attrs = self._edge(H, u, v, day, size)
            if attrs is None:
                if v in H._adj[u]:
                    own(u).pop(v)
                    own(v).pop(u)
                    touched.add((u, v))
            elif H._adj[u].get(v) != attrs:
                own(u)[v] = attrs
                own(v)[u] = attrs
                touched.add((u, v))
        _PATCHES[H] = Patch(weakref.ref(G), frozenset(touched), tuple(appeared),
                            frozenset(people))
        return H

    def _in_document_order(self, H: nx.Graph, G: nx.Graph, appeared: list[str]
                           ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Node tables with people in document order, as a full build adds them.

        New people stand last in the document: appending them (in order) is enough
        unless someone who was there before comes back, which takes one sort.
        """
        order = self.pos["people"]
        last = max((order.get(p, -1) for p in G), default=-1)
        nodes, adj = H._node, H._adj
        if min(order[p] for p in appeared) > last:
            for p in sorted(appeared, key=order.__getitem__):
                nodes[p] = nodes.pop(p)
                adj[p] = adj.pop(p)
            return nodes, adj
        nodes = dict(sorted(nodes.items(), key=lambda item: order[item[0]]))
        return nodes, {p: adj[p] for p in nodes}

    def _edge(self, H: nx.Graph, u: str, v: str, day: date,
              size: dict[str, int]) -> dict[str, Any] | None:
        """The pair's edge data on ``day``, or ``None`` when nothing connects them."""
        ties = self._ordered("ties", (t for t in self.ties_of.get(u, {}).values()
                                      if (t.b if t.a == u else t.a) == v
                                      and is_current(t.since, t.until, day)))
        strength = max((t.strength for t in ties if isinstance(t, Tie)), default=0)
        tie_list = [(str(t.kind), t.strength,
                     t.last_contact.isoformat() if t.last_contact else None)
                    for t in ties if isinstance(t, Tie)]
        weight = 0.0
        shared: dict[str, list[str]] = {"groups": [], "initiatives": []}
        seats = H.graph["seats"]
        participants = H.graph["participants"]
        both_groups = self._groups_of(u, seats) & self._groups_of(v, seats)
        for g in sorted(both_groups, key=self.pos["groups"].__getitem__):
            n = size.setdefault(g, sum(1 for p in seats[g] if p in H))
            if 2 <= n <= self.max_forum_size:
                weight += 1.0 / (n - 1)
                shared["groups"].append(g)
        both_initiatives = [
            i for i in {pa.initiative for pa in self.participations_by.get(u, {}).values()}
            if u in participants.get(i, ()) and v in participants.get(i, ())]
        for i in sorted(both_initiatives, key=self.pos["initiatives"].__getitem__):
            n = len(participants[i])
            if 2 <= n <= self.max_forum_size:
                weight += 1.0 / (n - 1)
                shared["initiatives"].append(i)
        if not tie_list and not shared["groups"] and not shared["initiatives"]:
            return None
        return edge_attributes(strength, weight, tie_list or None, shared["groups"] or None,
                               shared["initiatives"] or None)


    def _groups_of(self, person: str, seats: Mapping[str, Mapping[str, str]]) -> set[str]:
        return {m.group for m in self.memberships_by.get(person, {}).values()
                if person in seats.get(m.group, {})}


def _pairs_if_linked(old: set[str], new: set[str], limit: int) -> set[tuple[str, str]]:
    """Pairs whose co-membership edge can change when a forum goes from ``old`` to ``new``."""
    if old == new or (len(old) > limit and len(new) > limit):
        return set()
    return {(a, b) if a < b else (b, a) for a, b in combinations(old | new, 2)}


def deltas_from(before: Mapping[str, Mapping[int, Row]],
                changes: Mapping[str, Mapping[int, Row | None]],
                replaced: set[tuple[str, int]]) -> list[Delta]:
    """The changes as deltas, given the rows as they were by write position (``before``).

    ``changes`` maps each touched position to its row now (``None``: gone); ``replaced``
    names positions whose row was removed and another written there since. Removals come
    first, so a row that moved is removed, then added at the end.
    """
    removals: list[Delta] = []
    rest: list[Delta] = []
    for s, rows in changes.items():
        for seq in sorted(rows):
            old, new = before[s].get(seq), rows[seq]
            if old is not None and new is not None and old.key() == new.key() and (
                    (s, seq) not in replaced):
                rest.append(Delta(s, new.key(), old, new))
                continue
            if old is not None:
                removals.append(Delta(s, old.key(), old, None))
            if new is not None:
                rest.append(Delta(s, new.key(), None, new))
    return removals + rest

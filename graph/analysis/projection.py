"""The collaboration graph: the person-person projection every analysis runs on.

Weights
-------
An edge's ``weight`` is the sum of what connects the pair:

* explicit ties: the strongest tie between them (strength 1-5);
* each forum (group) both sit in: ``1 / (n - 1)`` for a forum of ``n`` current members;
* each running initiative both take part in: ``1 / (n - 1)`` likewise.

The ``1 / (n - 1)`` rule is Newman's (2001) weighting for co-membership: each membership
adds at most 1 to a person's total, so a 3-person styrgrupp binds harder than a
40-person network meeting. Forums and initiatives with more than ``max_forum_size``
current members add no edges at all: a cohort that large is an audience, not a set of
working relations, and its clique would swamp every path-based measure.

With only ties in a document, the projection is exactly the tie graph.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations
from typing import Any

import networkx as nx

from graph.analysis.per_projection import PerProjection, per_projection
from graph.model.organisations import OrganisationTree
from graph.model.schema import Document, Person

DEFAULT_MAX_FORUM_SIZE = 50


def is_current(since: date | None, until: date | None, as_of: date) -> bool:
    """True when ``as_of`` lies within [since, until]; open ends are unbounded."""
    return (since is None or since <= as_of) and (until is None or until >= as_of)


def organisation_roots(doc: Document) -> dict[str, str]:
    """Map each organisation id to its top-level ancestor (the party it belongs to)."""
    tree = OrganisationTree({o.id: o.parent for o in doc.organisations})
    return {o.id: tree.root(o.id) for o in doc.organisations}


# The organisation tree of a projection, for walks up (levels, parties) and down (units).
organisation_tree = PerProjection(
    lambda G: OrganisationTree.of_projection(G.graph.get("organisations", {})))


def collaboration_graph(
    doc: Document,
    as_of: date | None = None,
    *,
    max_forum_size: int = DEFAULT_MAX_FORUM_SIZE,
) -> nx.Graph:
    """Build the undirected, weighted person-person graph as it stands on ``as_of``.

    Parameters
    ----------
    doc : Document
        The whole collaboration.
    as_of : date, optional
        The day the graph describes; today when omitted. People, memberships,
        participations and ties outside their dates, and initiatives not running that
        day, are left out.
    max_forum_size : int
        Forums and initiatives larger than this add no co-membership edges.

    Returns
    -------
    networkx.Graph
        Nodes are person ids with ``name``, ``organisation`` and ``party`` (the
        top-level organisation). Edges carry ``weight`` and, where present, ``ties``
        (a list of ``(kind, strength, last_contact)``), ``groups`` and ``initiatives``
        (ids of shared forums and initiatives). ``G.graph["organisations"]`` maps each
        organisation id to its name, kind, parent and party; ``G.graph["forums"]`` names
        groups and initiatives; ``G.graph["roles"]``, ``G.graph["seats"]`` (group to
        person to seat, current memberships) and ``G.graph["participants"]`` (running
        initiative to its current people) carry the formal positions.

    Examples
    --------
    >>> from graph.model.schema import Document, Person
    >>> doc = Document.model_validate({
    ...     "organisations": [{"id": "af", "name": "Arbetsförmedlingen"}],
    ...     "people": [{"id": "a", "name": "A", "organisation": "af"},
    ...                {"id": "b", "name": "B", "organisation": "af"}],
    ...     "ties": [{"a": "a", "b": "b", "strength": 3}]})
    >>> G = collaboration_graph(doc)
    >>> G["a"]["b"]["weight"]
    3.0
    """
    day = as_of or date.today()
    roots = organisation_roots(doc)
    G = nx.Graph(as_of=day.isoformat())
    G.graph["organisations"] = organisations_view(doc, roots)
    # Names and formal positions ride along so that paths and the guide need only G.
    G.graph["forums"] = forums_view(doc)
    G.graph["forum_owners"] = forum_owners_view(doc)
    G.graph["roles"] = roles_view(doc)
    seats: dict[str, dict[str, str]] = defaultdict(dict)
    for m in doc.memberships:
        if is_current(m.since, m.until, day):
            seats[m.group][m.person] = str(m.as_)
    G.graph["seats"] = {g.id: dict(seats.get(g.id, {})) for g in doc.groups}
    G.graph["mandates"] = mandates_view(doc, day)
    G.graph["not_current"] = {p.id: edge for p in doc.people
                              if (edge := left_or_starts(p, day)) is not None}
    G.graph["descriptions"] = descriptions_view(doc)
    # Filled in place rather than through add_node and add_edge, as networkx's own
    # builders do: at 200,000 people and 600,000 edges their per-call checks were half of
    # the build. The same tables come out (an edge's data is one dict under both ends).
    nodes, adj = G._node, G._adj
    for p in doc.people:
        if is_current(p.since, p.until, day):
            nodes[p.id] = person_attributes(p, roots)
            adj[p.id] = {}

    # Once per tie (600,000 at national scale): is_current inlined, and the pair's edge
    # data made here, so that the 570,000 pairs with ties only are looked up once each
    # (a second pass over every pair, with a dict lookup per attribute, was a fifth of
    # the build). Its weight is the strongest tie's until forums add theirs below.
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    # A few thousand distinct last-contact days among 400,000 ties: each written out once.
    # (``_value_``, the member's plain value: ``.value`` is a Python-level property.)
    days: dict[date, str] = {}
    for t in doc.ties:
        a, b, since, until = t.a, t.b, t.since, t.until
        if (a in nodes and b in nodes and (since is None or since <= day)
                and (until is None or until >= day)):
            pair = (a, b) if a < b else (b, a)
            last, text = t.last_contact, None
            if last is not None:
                text = days.get(last)
                if text is None:
                    text = days[last] = last.isoformat()
            entry = (t.kind._value_, t.strength, text)
            attrs = edges.get(pair)
            if attrs is None:
                attrs = edges[pair] = {"weight": float(t.strength), "ties": [entry]}
                adj[a][b] = adj[b][a] = attrs
            else:
                attrs["ties"].append(entry)
                attrs["weight"] = max(attrs["weight"], float(t.strength))

    forum_weight: dict[tuple[str, str], float] = defaultdict(float)
    shared: dict[str, dict[tuple[str, str], list[str]]] = {"groups": defaultdict(list),
                                                           "initiatives": defaultdict(list)}
    # Forums in document order, so a pair's shared forums (and the float sum of their
    # weights) come out the same however the graph was built (see graph.analysis.incremental).
    members: dict[str, set[str]] = {g.id: set() for g in doc.groups}
    for m in doc.memberships:
        if m.person in nodes and is_current(m.since, m.until, day):
            members[m.group].add(m.person)
    _add_cliques(members, forum_weight, shared["groups"], max_forum_size)

    running = {i.id for i in doc.initiatives if is_current(i.start, i.end, day)}
    participants: dict[str, set[str]] = {i.id: set() for i in doc.initiatives}
    for pa in doc.participations:
        if pa.initiative in running and pa.person in nodes and is_current(pa.since, pa.until, day):
            participants[pa.initiative].add(pa.person)
    _add_cliques(participants, forum_weight, shared["initiatives"], max_forum_size)
    G.graph["participants"] = {i: sorted(people) for i, people in participants.items() if people}

    groups, initiatives = shared["groups"], shared["initiatives"]
    for pair, weight in forum_weight.items():
        found = edges.get(pair)
        if found is None:
            u, v = pair
            adj[u][v] = adj[v][u] = edge_attributes(0, weight, None, groups.get(pair),
                                                   initiatives.get(pair))
        else:  # as edge_attributes sums them: the tie's strength plus the forums' weight
            found["weight"] += weight
            if pair in groups:
                found["groups"] = groups[pair]
            if pair in initiatives:
                found["initiatives"] = initiatives[pair]
    return G


def edge_attributes(strength: int, forum_weight: float,
                    ties: list[tuple[str, int, str | None]] | None,
                    groups: list[str] | None, initiatives: list[str] | None) -> dict[str, Any]:
    """An edge's data from what connects the pair (see the module's weights)."""
    attrs: dict[str, Any] = {"weight": float(strength) + forum_weight}
    if ties:
        attrs["ties"] = ties
    if groups:
        attrs["groups"] = groups
    if initiatives:
        attrs["initiatives"] = initiatives
    return attrs


def person_attributes(p: Person, roots: dict[str, str]) -> dict[str, Any]:
    """A current person's node data: name, organisation, party and what they do."""
    attrs: dict[str, Any] = {"name": p.name, "organisation": p.organisation,
                             "party": roots.get(p.organisation, p.organisation)}
    for key in ("title", "profession", "description", "email", "phone", "contact_about"):
        if (value := getattr(p, key)) is not None:
            attrs[key] = value
    return attrs


def left_or_starts(p: Person, day: date) -> str | None:
    """For someone not current on ``day``: the day they left (or start), else ``None``."""
    if is_current(p.since, p.until, day):
        return None
    # Someone who has not started yet may already have an end date: the day to name is
    # their start, not their end.
    edge = p.until if p.until is not None and p.until < day else p.since
    return edge.isoformat() if edge is not None else None


def organisations_view(doc: Document, roots: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {o.id: {"name": o.name, "kind": str(o.kind), "parent": o.parent,
                   "party": roots[o.id]} for o in doc.organisations}


def forums_view(doc: Document) -> dict[str, str]:
    return {g.id: g.name for g in doc.groups} | {i.id: i.name for i in doc.initiatives}


def forum_owners_view(doc: Document) -> dict[str, str]:
    """The organisation owning each group that has one: scopes take in a förbund's forums
    (graph.analysis.scope) and its guide lists them (graph.reports.guide)."""
    return {g.id: g.organisation for g in doc.groups if g.organisation is not None}


def roles_view(doc: Document) -> dict[str, dict[str, Any]]:
    return {r.id: {"name": r.name, "scope": r.scope, "holders": list(r.holders),
                   "deputies": list(r.deputies)} for r in doc.roles}


def mandates_view(doc: Document, day: date) -> dict[str, dict[str, str]]:
    """Per group, the mandate of each current member whose seat states one (the guide)."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for m in doc.memberships:
        if m.mandate and is_current(m.since, m.until, day):
            out[m.group][m.person] = m.mandate
    return dict(out)


def descriptions_view(doc: Document) -> dict[str, str]:
    return {g.id: g.description for g in doc.groups if g.description} | {
        i.id: i.description for i in doc.initiatives if i.description}


def _add_cliques(
    members: dict[str, set[str]],
    weight: dict[tuple[str, str], float],
    shared: dict[tuple[str, str], list[str]],
    max_size: int,
) -> None:
    for forum, people in members.items():
        n = len(people)
        if n < 2 or n > max_size:
            continue
        w = 1.0 / (n - 1)
        for pair in combinations(sorted(people), 2):
            weight[pair] += w
            shared[pair].append(forum)


@per_projection(256)
def people_of(G: nx.Graph, organisation: str | None) -> tuple[Any, ...]:
    """The people of the projection, of one organisation unit when given, in graph order.

    Kept per projection: a directory page needs the count and one slice, and scanning
    20,000 people for each page cost more than the page.
    """
    return tuple(p for p, o in G.nodes(data="organisation")
                 if organisation is None or o == organisation)

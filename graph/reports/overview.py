"""What the director's map shows: people or, on a large graph, organisations as clusters.

The map is a view of the collaboration graph, never a second model of it: nodes and edges
come from :func:`graph.analysis.projection.collaboration_graph`, filtered to an organisation (with
its units) or a forum, and above ``aggregate_above`` people folded into one node per
organisation, because a drawing of thousands of people is a hairball nobody can read.
"""

from __future__ import annotations

import math
import random
import threading
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Mapping
from typing import Any

import igraph as ig
import networkx as nx

from graph.analysis.projection import organisation_tree
from graph.core.errors import NotFoundError

AGGREGATE_ABOVE = 1500


def _edge_kinds(data: Mapping[str, Any]) -> list[str]:
    return [kind for kind, key in (("tie", "ties"), ("group", "groups"),
                                   ("initiative", "initiatives")) if data.get(key)]


def people_in(G: nx.Graph, *, organisation: str | None = None, group: str | None = None,
              initiative: str | None = None) -> set[Hashable]:
    """Current people of an organisation (and its units), a group and/or an initiative."""
    orgs = G.graph.get("organisations", {})
    chosen: set[Hashable] = set(G)
    if organisation is not None:
        if organisation not in orgs:
            raise NotFoundError(f"okänd organisation {organisation!r}", field="organisation")
        inside = organisation_tree(G).descendants(organisation)
        chosen &= {v for v, d in G.nodes(data=True) if d.get("organisation") in inside}
    if group is not None:
        seats = G.graph.get("seats", {})
        if group not in seats:
            raise NotFoundError(f"okänd grupp {group!r}", field="group")
        chosen &= set(seats[group])
    if initiative is not None:
        forums = G.graph.get("forums", {})
        if initiative not in forums or initiative in G.graph.get("seats", {}):
            raise NotFoundError(f"okänd insats {initiative!r}", field="initiative")
        chosen &= set(G.graph.get("participants", {}).get(initiative, []))
    return chosen


def map_view(G: nx.Graph, people: Collection[Hashable] | None = None, *,
             spanners: Collection[Hashable] = (), key_persons: Collection[Hashable] = (),
             aggregate_above: int = AGGREGATE_ABOVE) -> dict[str, Any]:
    """Nodes and edges to draw, with organisations and parties for colour and legend.

    Parameters
    ----------
    G : networkx.Graph
        The collaboration graph.
    people : collection, optional
        The people to show (see :func:`people_in`); everyone when omitted.
    spanners, key_persons : collection
        People to highlight.
    aggregate_above : int
        With more people than this, one node per organisation (``mode`` is
        ``"organisations"``) whose ``people`` is its head count, and one edge per pair of
        organisations whose ``links`` counts the person-person edges between them.

    Examples
    --------
    >>> G = nx.Graph(organisations={"af": {"name": "AF", "party": "af"},
    ...                             "fk": {"name": "FK", "party": "fk"}})
    >>> G.add_node("a", name="A", organisation="af", party="af")
    >>> G.add_node("b", name="B", organisation="fk", party="fk")
    >>> G.add_edge("a", "b", weight=2.0, ties=[("collaboration", 2, None)])
    >>> view = map_view(G, aggregate_above=1)
    >>> view["mode"], view["nodes"][0]["people"], view["edges"][0]["links"]
    ('organisations', 1, 1)
    """
    shown = set(G) if people is None else set(people) & set(G)
    orgs: dict[str, dict[str, Any]] = G.graph.get("organisations", {})
    H = G.subgraph(shown)
    legend = sorted({d.get("party") for _, d in H.nodes(data=True)} - {None}, key=str)
    parties = [{"id": p, "name": orgs.get(p, {}).get("name", p)} for p in legend]
    if len(shown) > aggregate_above:
        return {"mode": "organisations", "parties": parties, **_aggregated(H, orgs)}
    spanning, key = set(spanners), set(key_persons)
    order = sorted(H.nodes(data=True), key=lambda item: str(item[0]))
    at = positions(H, [v for v, _ in order])
    nodes = [{"id": v, "name": d.get("name"), "title": d.get("title"),
              "organisation": d.get("organisation"),
              "organisation_name": orgs.get(d.get("organisation", ""), {}).get("name"),
              "party": d.get("party"), "spanner": v in spanning, "key_person": v in key,
              "x": at[i][0], "y": at[i][1]}
             for i, (v, d) in enumerate(order)]
    edges = [{"source": u, "target": v, "weight": round(d.get("weight", 1.0), 3),
              "kinds": _edge_kinds(d)} for u, v, d in H.edges(data=True)]
    return {"mode": "people", "parties": parties, "nodes": nodes, "edges": edges}


_LAYOUT_LOCK = threading.Lock()
SPREAD = 45.0  # pixels per layout unit: neighbours end up about an edge's length apart


def positions(H: nx.Graph, order: list[Hashable]) -> list[tuple[float, float]]:
    """Where to draw each person: igraph's Fruchterman–Reingold layout on its grid variant,
    from a fixed start (a circle in ``order``), so the same view always looks the same.

    Laid out here rather than in the browser: Cytoscape.js's force layout is quadratic in
    JavaScript and froze the page for 17 s on 580 people (bench/RESULTS-web-map.md), where
    this takes a fraction of a second.

    >>> H = nx.path_graph(4)
    >>> positions(H, [0, 1, 2, 3]) == positions(H, [0, 1, 2, 3])
    True
    """
    n = len(order)
    if n == 0:
        return []
    index = {v: i for i, v in enumerate(order)}
    g = ig.Graph(n=n, edges=[(index[u], index[v]) for u, v in H.edges()])
    start = [[math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i in range(n)]
    # The layout draws random numbers from igraph's one process-wide generator: seed it for
    # this call alone, under a lock, and hand back Python's own afterwards.
    with _LAYOUT_LOCK:
        ig.set_random_number_generator(random.Random(0))
        try:
            layout = g.layout_fruchterman_reingold(seed=start, niter=300, grid="grid")
        finally:
            ig.set_random_number_generator(random)
    return [(round(x * SPREAD, 1), round(y * SPREAD, 1)) for x, y in layout.coords]


def _aggregated(H: nx.Graph, orgs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    heads = Counter(d.get("organisation") for _, d in H.nodes(data=True))
    links: dict[tuple[str, str], int] = defaultdict(int)
    weight: dict[tuple[str, str], float] = defaultdict(float)
    for u, v, d in H.edges(data=True):
        a, b = H.nodes[u].get("organisation"), H.nodes[v].get("organisation")
        if a == b or a is None or b is None:
            continue
        pair = (a, b) if a < b else (b, a)
        links[pair] += 1
        weight[pair] += d.get("weight", 1.0)
    nodes = [{"id": o, "name": orgs.get(o, {}).get("name", o),
              "party": orgs.get(o, {}).get("party", o), "people": n}
             for o, n in sorted(heads.items(), key=lambda item: str(item[0]))]
    edges = [{"source": a, "target": b, "links": n, "weight": round(weight[(a, b)], 3)}
             for (a, b), n in sorted(links.items())]
    return {"nodes": nodes, "edges": edges}


def person_card(G: nx.Graph, person: Hashable, *, spanner: Mapping[str, Any] | None = None,
                risk: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One person's formal positions, working relations and, when given, analysis facts.

    ``spanner`` and ``risk`` are the person's rows of
    :func:`graph.reports.spanners.spanner_report` and
    :func:`graph.reports.key_persons.risk_report`; the card carries their Swedish
    explanations and headline figures.
    """
    if person not in G:
        raise NotFoundError(f"ingen nuvarande person {person!r}", field="person")
    data = G.nodes[person]
    orgs = G.graph.get("organisations", {})
    forums = G.graph.get("forums", {})
    roles = G.graph.get("roles", {})
    ties = []
    for other, edge in G[person].items():
        ties.append({
            "person": other, "name": G.nodes[other].get("name"),
            "organisation_name": orgs.get(G.nodes[other].get("organisation", ""), {}).get(
                "name"),
            "kinds": [t[0] for t in edge.get("ties", [])],
            "strength": max((t[1] for t in edge.get("ties", [])), default=None),
            "last_contact": max((t[2] for t in edge.get("ties", []) if t[2]), default=None),
            "shared": sorted(forums.get(f, f) for f in [*edge.get("groups", []),
                                                         *edge.get("initiatives", [])]),
            "weight": round(edge.get("weight", 0.0), 3)})
    ties.sort(key=lambda t: (-t["weight"], str(t["person"])))
    card: dict[str, Any] = {
        "id": person, "name": data.get("name"), "title": data.get("title"),
        "organisation": data.get("organisation"),
        "organisation_name": orgs.get(data.get("organisation", ""), {}).get("name"),
        "roles": sorted(r["name"] for r in roles.values() if person in r["holders"]),
        "deputy_for": sorted(r["name"] for r in roles.values() if person in r["deputies"]),
        "groups": sorted(({"id": g, "name": forums.get(g, g), "seat": s[person]}
                          for g, s in G.graph.get("seats", {}).items() if person in s),
                         key=lambda x: x["name"]),
        "initiatives": sorted(({"id": i, "name": forums.get(i, i)}
                               for i, ps in G.graph.get("participants", {}).items()
                               if person in ps), key=lambda x: x["name"]),
        "ties": ties,
    }
    if spanner is not None:
        card["spanner"] = {k: spanner.get(k) for k in (
            "score", "organisations_reached", "cross_org_brokerage", "explanation")}
    if risk is not None:
        card["risk"] = {k: risk.get(k) for k in ("risk", "articulation_point",
                                                 "roles_without_deputy", "seats_without_deputy",
                                                 "sole_participant_in", "explanation")}
    return card

"""Which people belong to which samordningsförbund, as the collaboration graph draws it.

The data model has no "förbund" column on a person: AF and FK units, vårdcentraler and
municipal units are organisations of their own, and a förbund (an organisation of kind
``federation``) is linked to them only through the ties and forums of the people who work
together. So a person belongs to the förbund whose own staff is nearest to them in the
graph: a breadth-first search from every förbund's staff at once, in a fixed order, so
the same graph always gives the same answer.
Where the förbund share no ties (the seed data, the generator's default), this is exactly
each förbund's connected part; where they are linked into one national network, each
person still lands in the förbund they work closest to. People no förbund's staff can reach
belong to none.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable

import networkx as nx

from graph.analysis.projection import organisation_tree
from graph.core.errors import NotFoundError

__all__ = ["federation_of", "federation_people", "federations"]


def federations(G: nx.Graph) -> dict[str, str]:
    """The förbund of the graph: id -> name, sorted by id."""
    orgs = G.graph.get("organisations", {})
    return {o: d.get("name", o) for o, d in sorted(orgs.items())
            if d.get("kind") == "federation"}


def federation_of(G: nx.Graph) -> dict[Hashable, str]:
    """Each reachable person's förbund (see the module's notes).

    >>> G = nx.Graph(organisations={"f": {"kind": "federation", "parent": None},
    ...                             "g": {"kind": "federation", "parent": None},
    ...                             "af": {"kind": "unit", "parent": None}})
    >>> G.add_nodes_from([("a", {"organisation": "f"}), ("b", {"organisation": "af"}),
    ...                   ("c", {"organisation": "af"}), ("d", {"organisation": "g"}),
    ...                   ("e", {"organisation": "af"})])
    >>> G.add_edges_from([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(federation_of(G).items())
    [('a', 'f'), ('b', 'f'), ('c', 'g'), ('d', 'g')]
    """
    tree = organisation_tree(G)
    home: dict[Hashable, str] = {}
    queue: deque[Hashable] = deque()
    inside = {org: f for f in federations(G) for org in tree.descendants(f)}
    for v, d in sorted(G.nodes(data=True), key=lambda item: (inside.get(
            item[1].get("organisation"), ""), str(item[0]))):
        f = inside.get(d.get("organisation"))
        if f is not None:
            home[v] = f
            queue.append(v)
    # Sources enter the queue sorted and neighbours are visited sorted, so a person equally
    # near two förbund always joins the same one, whatever order the graph was built in.
    while queue:
        v = queue.popleft()
        for w in sorted(G[v], key=str):
            if w not in home:
                home[w] = home[v]
                queue.append(w)
    return home


def federation_people(G: nx.Graph, federation: str) -> set[Hashable]:
    """The people of one förbund; an id that is no förbund answers NotFoundError."""
    if federation not in federations(G):
        raise NotFoundError(f"okänt samordningsförbund {federation!r}")
    return {v for v, f in federation_of(G).items() if f == federation}

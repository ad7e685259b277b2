"""One förbund or organisation subtree cut out of a projection, for scoped analyses.

A förbundschef on a national store asks about their own förbund: the report must be the
one the förbund alone would give, at the cost of the förbund alone. So a scope is the
subgraph induced by the people in it, built once per projection and scope (weak keys,
like every index of a projection), and every analysis runs on it unchanged.

Who is in a scope of organisations:

* everyone whose organisation is one of them or a unit below them, at any depth;
* for a förbund (kind ``federation``), also everyone of the organisations that sit in its
  forums (groups it or its units own). A förbund's AF or municipal staff belong to their
  agency's tree, not the förbund's; the förbund holds them together through its styrelse
  and samverkansgrupper, whose members name those units. Only the member's own unit comes
  in, not the tree above it: a seat held by someone at AF's head office must not bring in
  all of AF.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from graph.analysis.per_projection import per_projection
from graph.analysis.projection import organisation_tree
from graph.core.errors import DocumentError, Problem

__all__ = ["in_scope", "parse_scope", "scope_people", "scoped"]


def parse_scope(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Organisation ids from ``"f1,af-lund"`` (or repeated values), sorted, no repeats.

    >>> parse_scope(" fk , af,af ")
    ('af', 'fk')
    >>> parse_scope(None)
    ()
    """
    if text is None:
        return ()
    parts = [text] if isinstance(text, str) else list(text)
    return tuple(sorted({o.strip() for part in parts for o in part.split(",") if o.strip()}))


def scope_people(G: nx.Graph, organisations: Iterable[str]) -> set[Hashable]:
    """The current people of ``G`` in the scope (see the module's description)."""
    orgs = G.graph.get("organisations", {})
    wanted = sorted(set(organisations))
    unknown = [o for o in wanted if o not in orgs]
    if unknown:
        raise DocumentError([Problem("scope", f"okänd organisation {o!r}") for o in unknown])
    tree = organisation_tree(G)
    inside: set[str] = set()
    for o in wanted:
        inside |= tree.descendants(o)
    federations = {o for o in inside if orgs[o].get("kind") == "federation"}
    if federations:
        owned = {g for g, owner in G.graph.get("forum_owners", {}).items()
                 if owner in inside}
        seated = {p for g in owned for p in G.graph.get("seats", {}).get(g, {})}
        inside |= {G.nodes[p]["organisation"] for p in seated if p in G}
    return {p for p, o in G.nodes(data="organisation") if o in inside}


def scoped(G: nx.Graph, organisations: tuple[str, ...]) -> nx.Graph:
    """The subgraph of ``G`` induced by the scope, in ``G``'s node and edge order.

    ``organisations`` empty means no scope: ``G`` itself. The formal positions in
    ``G.graph`` (seats, participants, role holders) keep only the people in scope, and
    ``G.graph["scope"]`` names the organisations asked for.
    """
    # Not kept: a value kept per projection that is the projection itself would keep
    # its own weak key alive, and the projection with it, forever.
    return G if not organisations else _cut(G, organisations)


@per_projection(64)
def _cut(G: nx.Graph, organisations: tuple[str, ...]) -> nx.Graph:
    """:func:`scoped` for a scope of at least one organisation, kept per projection."""
    keep = scope_people(G, organisations)
    # Built by hand rather than G.subgraph(keep).copy(): that iterates the set, so the
    # node order (and every sampled figure seeded on it) would change between runs.
    H = nx.Graph()
    H.graph.update(G.graph)
    H.graph["scope"] = list(organisations)
    H.graph["seats"] = {g: {p: s for p, s in seats.items() if p in keep}
                        for g, seats in G.graph.get("seats", {}).items()}
    H.graph["participants"] = {
        i: kept for i, people in G.graph.get("participants", {}).items()
        if (kept := [p for p in people if p in keep])}
    H.graph["roles"] = {r: _role_in(role, keep) for r, role in G.graph.get("roles", {}).items()}
    H.add_nodes_from((p, dict(data)) for p, data in G.nodes(data=True) if p in keep)
    H.add_edges_from((u, v, dict(d)) for u in H for v, d in G._adj[u].items() if v in keep)
    return H


def in_scope(G: nx.Graph, scope: str | Iterable[str] | None) -> nx.Graph:
    """``G`` cut to the scope as the CLI's ``--scope`` or a ``?scope=`` gives it."""
    return scoped(G, parse_scope(scope))


def _role_in(role: dict[str, Any], keep: set[Hashable]) -> dict[str, Any]:
    return {**role, "holders": [p for p in role["holders"] if p in keep],
            "deputies": [p for p in role["deputies"] if p in keep]}

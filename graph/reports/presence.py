"""Whether a person is in the network on the projection's day, said in Swedish."""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from graph.core.errors import NotFoundError
from graph.reports.guide import swedish_date


def absence(G: nx.Graph, person: Hashable, who: str) -> str:
    """"<who> finns inte i nätverket den 1 januari 2026: slutade 1 december 2025."."""
    day, today = G.graph.get("not_current", {}).get(person), str(G.graph.get("as_of"))
    text = f"{who} finns inte i nätverket den {swedish_date(today)}"
    if not day:
        return text + "."
    return text + (f": slutade {swedish_date(day)}." if day < today
                   else f": börjar {swedish_date(day)}.")


def current_person(G: nx.Graph, ident: Hashable, field: str) -> Hashable:
    """``ident`` if it is a person in the network on the graph's day; else an error that
    names the request's ``field`` the id came in."""
    if ident in G:
        return ident
    if ident in G.graph.get("not_current", {}):
        raise NotFoundError(absence(G, ident, repr(ident))[:-1]
                            + "; sök på personens roll i stället", field=field)
    raise NotFoundError(f"okänd person {ident!r}", field=field)


__all__ = ["absence", "current_person"]

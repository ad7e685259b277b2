"""The directory: current people a page at a time, and one person."""

from __future__ import annotations

from datetime import date
from typing import Any

from api.usecases.analyses import Scope, graph_of
from graph.analysis.projection import people_of
from graph.core.errors import NotFoundError
from graph.model.name_search import fold
from graph.store.protocol import GraphStore

__all__ = ["people_page", "person"]


def people_page(store: GraphStore, *, organisation: str | None = None,
                as_of: date | None = None, limit: int = 100, offset: int = 0,
                q: str = "", scope: Scope = None) -> dict[str, Any]:
    """Current people, optionally of one organisation, of a scope (graph.analysis.scope)
    and whose name or id contains ``q`` (case and accents ignored, name_search.fold):
    ``limit`` from ``offset``. A picker searches as it is typed instead of loading everyone
    (a national store)."""
    G = graph_of(store, as_of, scope)
    ids = people_of(G, organisation)
    needle = fold(q)
    if needle:
        ids = tuple(p for p in ids if needle in fold(str(p))
                    or needle in fold(str(G.nodes[p].get("name") or "")))
    items = [{"id": p, **{k: G.nodes[p].get(k) for k in ("name", "organisation", "title")}}
             for p in ids[offset:offset + limit]]
    return {"total": len(ids), "limit": limit, "offset": offset, "items": items}


def person(store: GraphStore, row_id: str, *, as_of: date | None = None) -> dict[str, Any]:
    """One current person with their organisation and title."""
    G = store.collaboration_graph(as_of)
    if row_id not in G:
        raise NotFoundError(f"ingen nuvarande person {row_id!r}")
    return {"id": row_id, **G.nodes[row_id]}

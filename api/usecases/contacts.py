"""Staff's contact questions: paths to a person or party, who knows about a topic, and
the Samverkansguide."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.scope import in_scope
from graph.analysis.topics import find_people
from graph.reports.contact_answer import require_in_scope
from graph.reports.guide import guide
from graph.reports.paths import Target, k_best_paths, path_index, resolve, resolved_at_once
from graph.reports.presence import current_person
from graph.store.gds_analyses import database_paths, in_database
from graph.store.protocol import GraphStore

__all__ = ["asks_database", "find", "guide_of", "paths", "prepare_paths",
           "prepare_paths_at_once"]


def prepare_paths(store: GraphStore, target: str, as_of: date | None = None, *,
                  scope: str | Iterable[str] | None = None, source: str | None = None
                  ) -> tuple[nx.Graph, Target]:
    """The day's projection with its path index built, and ``target`` resolved: the part
    of a path question that can take seconds (a projection or index not built yet).

    With ``scope`` (graph.analysis.scope), the projection cut to it, so the paths stay
    inside; an asker (``source``) or target outside it is a NotFoundError that says so.
    An unknown target, then an asker (``source``) who is not a current person, is a
    NotFoundError naming its field."""
    G = store.collaboration_graph(as_of)
    H = in_scope(G, scope)
    if H is not G:
        # Looked up in the whole network first: someone outside is "not in the scope",
        # not "unknown".
        asker = source.removeprefix("person:") if source is not None else None
        if asker is not None:
            current_person(G, asker, "from")
        require_in_scope(G, H, asker, resolve(G, target))
    path_index(H)
    goal = resolve(H, target)
    if source is not None:  # known before anything is recorded about the asker
        current_person(H, source.removeprefix("person:"), "from")
    return H, goal


def prepare_paths_at_once(store: GraphStore, target: str, as_of: date | None = None, *,
                          scope: str | None = None, source: str | None = None
                          ) -> tuple[nx.Graph, Target] | None:
    """:func:`prepare_paths` where nothing in it can take long or wait: the day's
    projection current and at hand (the store's ``ready_graph``), its path index built,
    the target a person or one resolved before, no scope. ``None`` otherwise: then
    :func:`prepare_paths`, off the event loop. The same answer and the same errors."""
    ready = getattr(store, "ready_graph", None)
    G = ready(as_of) if ready is not None and scope is None else None
    if G is None or path_index.peek(G) is None:
        return None
    goal = resolved_at_once(G, target)
    if goal is None:
        return None
    if source is not None:
        current_person(G, source.removeprefix("person:"), "from")
    return G, goal


def paths(G: nx.Graph, source: str, goal: Target, *, k: int = 3,
          unavailable: Iterable[str] = (), store: GraphStore | None = None
          ) -> list[dict[str, Any]]:
    """The ``k`` best contact paths from ``source`` (``person:`` optional) to ``goal``;
    a few milliseconds once :func:`prepare_paths` has run. With ``store``, paths between
    two people on a large Neo4j store come from GDS (graph.store.gds_analyses)."""
    asker, away = source.removeprefix("person:"), list(unavailable)
    found = (database_paths(store, G, asker, goal, k=k, unavailable=away)
             if store is not None else None)
    return found if found is not None else k_best_paths(G, asker, goal, k=k,
                                                        unavailable=away)


def asks_database(store: GraphStore, G: nx.Graph) -> bool:
    """Whether :func:`paths` with ``store`` may wait on the database (run it off the
    event loop then)."""
    return in_database(store, G)


def find(store: GraphStore, topic: str, *, top: int = 5, as_of: date | None = None,
         source: str | None = None, scope: str | Iterable[str] | None = None
         ) -> list[dict[str, Any]]:
    """People best placed to answer ``topic``; with ``source``, the best path from it to
    the best match that can be reached at all (in a row's ``path``). With ``scope``, only
    its people, ranked as in the whole network, and the path stays inside it."""
    G = store.collaboration_graph(as_of)
    H = in_scope(G, scope)
    rows = find_people(G, topic, top=top, among=None if H is G else H)
    if source:
        # Another förbund's staff may match better but be out of reach.
        start = source.removeprefix("person:")
        asker = resolve(G, f"person:{start}")
        if H is not G:  # an asker outside the scope is told so (field "from")
            require_in_scope(G, H, start, asker)
        for row in rows:
            best = k_best_paths(H, start, resolve(H, f"person:{row['person']}"), k=1)
            if best:
                row["path"] = best[0]
                break
    return rows


def guide_of(store: GraphStore, organisation: str, *, as_of: date | None = None
             ) -> dict[str, Any]:
    """The Samverkansguide of an organisation (kept per projection by the report)."""
    return guide(store.collaboration_graph(as_of), organisation)

"""Staff turnover: what changed between two days, seats versus people, succession and the
introductions that would make fragile party pairs sturdier."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from datetime import date
from typing import Any

import networkx as nx

from api.usecases.analyses import Scope, graph_of
from api.usecases.reports import spanners
from graph.analysis.betweenness import Pair
from graph.analysis.by_content import ByContent
from graph.analysis.connectivity import PairConnectivity
from graph.reports.bridging import DEFAULT_LIMIT, DEFAULT_PER_PAIR, bridging_report
from graph.reports.changes import DEFAULT_SPANNERS_TOP, changes_report
from graph.reports.party_connectivity import ROBUST_KAPPA, party_kappa
from graph.reports.seats import DEFAULT_MAX_KAPPA, seats_report
from graph.reports.succession import DEFAULT_MAX_KAPPA as SUCCESSION_MAX_KAPPA
from graph.reports.succession import DEFAULT_TOP, succession_report
from graph.store.as_of import moves, on_day
from graph.store.change_history import ChangeHistory
from graph.store.open import betweenness_source
from graph.store.protocol import GraphStore
from matching.encoders import Encoder
from matching.profile import Profile

__all__ = ["bridging", "changes", "forget", "seats", "succession"]


# What a changes report reads of each day, kept by the day's content (see
# graph.analysis.by_content): after a write, the view of a day the write left as it was
# is a new projection, and without this both spanner reports and κ tables were built
# again for it. A few days and levels at a time, a few rows each.
_leading: ByContent[tuple[int | None, int], list[dict[str, Any]]] = ByContent(16)
_kappa: ByContent[int | None, Mapping[Pair, PairConnectivity]] = ByContent(16)


def forget(person: str) -> None:
    """Erasure hook: what is kept by content outlives the projections and names people by
    id (leading spanners, κ cuts), so an erasure drops all of it (rare, and the next
    question builds again what it needs)."""
    del person
    _leading.clear()
    _kappa.clear()


def changes(store: GraphStore, first: date, last: date, *, level: int | None = 0,
            spanners_top: int = DEFAULT_SPANNERS_TOP,
            history: ChangeHistory | None = None, scope: Scope = None) -> dict[str, Any]:
    """What changed from ``first`` to ``last`` (the caller checks their order); with the
    store's change history, moves to another unit are told with their day. ``scope``
    cuts both days' graphs to a förbund or set of organisations (graph.analysis.scope)."""
    # Each day's view (the graph and the rows) and the moves read the history once.
    with history.shared() if history is not None else nullcontext():
        return _changes(store, first, last, history, level, spanners_top, scope)


def _changes(store: GraphStore, first: date, last: date, history: ChangeHistory | None,
             level: int | None, spanners_top: int, scope: Scope) -> dict[str, Any]:
    moved = ({p: day for p, (day, _, _) in moves(history.in_effect(), first, last).items()}
             if history is not None else None)
    G1, G2 = graph_of(store, first, scope), graph_of(store, last, scope)
    # Who left or started between the days is what the rows said on the days, not today:
    # a leaver re-hired since has no end date now.
    doc = store.read()
    doc1, doc2 = ((on_day(doc, history, first), on_day(doc, history, last))
                  if history is not None else (doc, doc))

    def leading(G: nx.Graph) -> Sequence[Mapping[str, Any]]:
        # The spanner reports kept per projection (api.usecases.reports): a day whose map
        # or changes were asked for before costs nothing here.
        def build() -> list[dict[str, Any]]:
            rows = spanners(store, G, level=level).report.rows[:spanners_top]
            return [{"person": r["person"], "score": r["score"]} for r in rows]

        if betweenness_source(store) is not None:  # computed in the database: not by G
            return build()
        return _leading(G, (level, spanners_top), build)

    return changes_report(doc2, G1, G2, doc_before=doc1, level=level,
                          spanners_top=spanners_top, moved=moved, spanner_rows=leading,
                          kappa=lambda G: _kappa(G, level,
                                                 lambda: party_kappa(G, level, ROBUST_KAPPA)),
                          within=set(G1) | set(G2) if scope else None)


def bridging(store: GraphStore, as_of: date | None = None, *, level: int | None = 0,
             max_kappa: int = 1, per_pair: int = DEFAULT_PER_PAIR,
             limit: int = DEFAULT_LIMIT, scope: Scope = None) -> list[dict[str, Any]]:
    """Introductions that raise the connectivity of pairs held by at most ``max_kappa``."""
    return bridging_report(graph_of(store, as_of, scope), level=level, max_kappa=max_kappa,
                           per_pair=per_pair, limit=limit)


def seats(store: GraphStore, as_of: date | None = None, *, level: int | None = 0,
          persons: list[str] | None = None,
          max_kappa: int = DEFAULT_MAX_KAPPA, scope: Scope = None) -> dict[str, Any]:
    """Seats versus people for ``persons`` (default: those on a thin cut)."""
    return seats_report(store.read(), graph_of(store, as_of, scope), level=level,
                        persons=persons, max_kappa=max_kappa)


def succession(store: GraphStore, person: str, as_of: date | None = None, *,
               level: int | None = 0, top: int = DEFAULT_TOP, profile: Profile | None = None,
               encoder: Encoder | None = None,
               max_kappa: int = SUCCESSION_MAX_KAPPA, scope: Scope = None) -> dict[str, Any]:
    """Successors for ``person`` and an överlämningsplan, on the projection's day."""
    G = graph_of(store, as_of, scope)
    return succession_report(G, person, level=level, top=top, profile=profile,
                             encoder=encoder, today=date.fromisoformat(G.graph["as_of"]),
                             max_kappa=max_kappa)

"""The director's analyses: spanners, organisation pairs, risk, connectivity, what-if,
successors, the map and a person's card."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx

from api.usecases.reports import risks, spanners
from graph.analysis.connectivity import (
    PairConnectivity,
    initiative_connectivity,
    organisation_connectivity,
)
from graph.analysis.scope import in_scope
from graph.core.settings import Settings
from graph.reports.key_persons import DEFAULT_HORIZON_DAYS, initiative_people, successors
from graph.reports.overview import map_view, people_in, person_card
from graph.reports.spanners import SpannerReport, organisation_at_level
from graph.reports.whatif import what_if
from graph.store.protocol import GraphStore

__all__ = ["HIGHLIGHTED", "Scope", "card", "connectivity", "graph_of", "map_of", "pair_rows",
           "risk", "spanner_report_of", "successors_of", "top_spanners", "what_if_of"]

HIGHLIGHTED = 10  # spanners and key persons marked on the map


Scope = str | Iterable[str] | None  # organisation ids (graph.analysis.scope); None: all


def graph_of(store: GraphStore, as_of: date | None = None, scope: Scope = None) -> nx.Graph:
    """The day's projection, cut to ``scope``: a förbund with the units seated in its
    forums, or organisations with their units. Both are kept per projection, so the
    reports kept on them are too."""
    return in_scope(store.collaboration_graph(as_of), scope)


def spanner_report_of(store: GraphStore, as_of: date | None = None, *,
                      level: int | None = 0, scope: Scope = None) -> SpannerReport:
    """The whole spanner report (rows and organisation pairs) of the day's projection."""
    return spanners(store, graph_of(store, as_of, scope), level=level).report


def top_spanners(store: GraphStore, as_of: date | None = None, *, level: int | None = 0,
                 top: int = 20, scope: Scope = None) -> list[dict[str, Any]]:
    """The ``top`` boundary spanners, each row with the report's method."""
    report = spanner_report_of(store, as_of, level=level, scope=scope)
    return [{**row, "method": report.method} for row in report.rows[:top]]


def risk(store: GraphStore, as_of: date | None = None, *, level: int | None = 0,
         top: int = 20, horizon_days: int = DEFAULT_HORIZON_DAYS,
         path_lengths_for: int | None = None, scope: Scope = None) -> list[dict[str, Any]]:
    """The ``top`` key persons. The longer paths a departure causes, the costliest part,
    are computed for the first ``path_lengths_for`` rows (default: all ``top``): a long
    table can ask for them on its first rows only."""
    G = graph_of(store, as_of, scope)
    lengths = top if path_lengths_for is None else min(top, path_lengths_for)
    rows = risks(store, G, level=level, horizon_days=horizon_days,
                 path_lengths_for=lengths).rows
    return [dict(row) for row in rows[:top]]


def connectivity(store: GraphStore, as_of: date | None = None, *, level: int | None = 0,
                 initiatives: bool = False, scope: Scope = None) -> list[dict[str, Any]]:
    """Per pair of organisations (or of parties inside each running initiative): how many
    people hold it together and which ones, in the order the analysis yields them."""
    G = graph_of(store, as_of, scope)
    names = {k: v["name"] for k, v in G.graph["organisations"].items()}
    scopes: dict[str | None, list[PairConnectivity]]
    if initiatives:
        day = date.fromisoformat(G.graph["as_of"])
        per_initiative = initiative_connectivity(
            G, initiative_people(store.read(), G, day), organisation_at_level(G, 0))
        scopes = {k: v for k, v in per_initiative.items()}
    else:
        scopes = {None: organisation_connectivity(G, organisation_at_level(G, level))}
    rows: list[dict[str, Any]] = []
    for initiative, results in scopes.items():
        for row in pair_rows(G, results, names):
            rows.append({"initiative": initiative, **row} if initiative else row)
    return rows


def pair_rows(G: nx.Graph, results: Iterable[PairConnectivity],
              names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Connectivity results as rows: the pair's ids and names, κ, one smallest cut by id
    and by name. ``names``: organisation id -> name (default: from ``G``)."""
    if names is None:
        names = {k: v["name"] for k, v in G.graph["organisations"].items()}
    return [{"organisations": list(r.organisations),
             "names": [names.get(str(o), str(o)) for o in r.organisations],
             "connectivity": r.connectivity,
             "cut": r.cut,
             "cut_names": [G.nodes[p].get("name") for p in r.cut],
             "cut_is_all_of": r.cut_is_all_of} for r in results]


def what_if_of(store: GraphStore, remove: list[str], successors: dict[str, str], *,
               as_of: date | None = None, level: int | None = 0) -> dict[str, Any]:
    """Before and after the given departures (and planned successors)."""
    return what_if(store.read(), remove, successors, as_of=as_of, level=level)


def successors_of(store: GraphStore, person: str, *, as_of: date | None = None,
                  level: int | None = 0, top: int = 5) -> list[dict[str, Any]]:
    """People who could take over from ``person``."""
    return successors(store.collaboration_graph(as_of), person, level=level, top=top)


def map_of(store: GraphStore, settings: Settings, as_of: date | None = None, *,
           organisation: str | None = None, group: str | None = None,
           initiative: str | None = None, scope: Scope = None) -> dict[str, Any]:
    """The map: people (or, on a large graph, organisations), the leading spanners and key
    persons marked from the projection's kept reports (of the scope's graph)."""
    G = graph_of(store, as_of, scope)
    chosen = people_in(G, organisation=organisation, group=group, initiative=initiative)
    above = settings.map_aggregate_above
    view = map_view(G, chosen, aggregate_above=above)
    if view["mode"] == "people" and len(G):
        spanning = [row["person"] for row in spanners(store, G).report.rows[:HIGHLIGHTED]
                    if row["score"] > 0]
        key = [row["person"] for row in risks(store, G).rows[:HIGHLIGHTED] if row["risk"] > 0]
        view = map_view(G, chosen, spanners=spanning, key_persons=key, aggregate_above=above)
    return {"as_of": G.graph.get("as_of"), **view}


def card(store: GraphStore, row_id: str, as_of: date | None = None) -> dict[str, Any]:
    """A person's roles, forums, initiatives, ties, and spanner and risk facts."""
    G = store.collaboration_graph(as_of)
    person_card(G, row_id)  # an unknown id answers 404 before any analysis runs
    return person_card(G, row_id, spanner=spanners(store, G).by_person.get(row_id),
                       risk=risks(store, G).by_person.get(row_id))

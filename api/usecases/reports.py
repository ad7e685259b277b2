"""The expensive whole-graph reports, each assembled in one place and kept per projection.

The default variants of the day's projection are built in a process of their own where
the service runs one (:mod:`api.usecases.background_reports`) and picked up from it.
A projection lives until the next write (:mod:`graph.analysis.per_projection`), so the map
and every person card opened until then read one spanner and one risk report instead of
recomputing them per request. Callers must treat what they get as read-only: it is shared.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import networkx as nx

from api.usecases import background_reports
from graph.analysis.per_projection import PerProjection, remember
from graph.model.schema import Document
from graph.reports.key_persons import DEFAULT_HORIZON_DAYS, risk_report
from graph.reports.risk_inputs import RiskInputs
from graph.reports.spanners import SpannerReport, spanner_report
from graph.store.gds_analyses import structure_source
from graph.store.open import betweenness_source
from graph.store.protocol import GraphStore

__all__ = ["Risks", "Spanners", "risks", "risks_of", "spanners", "spanners_of"]

# A few variants per projection at most (levels, horizons, path_lengths_for); the bound
# only guards against a client that walks through every parameter value.
_VARIANTS = 16


@dataclass(frozen=True)
class Spanners:
    report: SpannerReport
    by_person: Mapping[Any, dict[str, Any]]


@dataclass(frozen=True)
class Risks:
    rows: list[dict[str, Any]]
    by_person: Mapping[Any, dict[str, Any]]


_spanners: PerProjection[dict[int | None, Spanners]] = PerProjection(lambda G: {})
_risks: PerProjection[dict[tuple[int | None, int, int], Risks]] = PerProjection(lambda G: {})
# The map and the cards of a page all ask at once when a projection is new; one of them
# builds (seconds on a large graph) and the others wait for it instead of each building.
_building = threading.Lock()

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _once(table: dict[K, V], key: K, build: Callable[[], V]) -> V:
    found = table.get(key)
    if found is None:
        with _building:
            found = remember(table, key, _VARIANTS, build)
    return found


def spanners(store: GraphStore, G: nx.Graph, *, level: int | None = 0) -> Spanners:
    """The spanner report of ``G`` (a projection of ``store``), built once per level."""

    def build() -> Spanners:
        built = background_reports.picked_up(store, G, "spanners") if level == 0 else None
        if built is not None:
            return cast(Spanners, built)
        return spanners_of(store, G, level=level)

    return _once(_spanners(G), level, build)


def spanners_of(store: GraphStore, G: nx.Graph, *, level: int | None = 0) -> Spanners:
    """The spanner report of ``G`` built now and kept nowhere: for a process that writes
    it out and frees it (api.usecases.background_reports)."""
    report = spanner_report(G, level=level, betweenness_source=betweenness_source(store))
    return Spanners(report, {row["person"]: row for row in report.rows})


def risks(store: GraphStore, G: nx.Graph, *, level: int | None = 0,
          horizon_days: int = DEFAULT_HORIZON_DAYS, path_lengths_for: int = 0) -> Risks:
    """The key-person risk report of ``G`` (a projection of ``store``), built once per
    variant. ``path_lengths_for`` 0 leaves out the costly path-length figure (the map and
    the card do not show it)."""

    def build() -> Risks:
        default = (level, horizon_days, path_lengths_for) == (0, DEFAULT_HORIZON_DAYS, 0)
        built = background_reports.picked_up(store, G, "risks") if default else None
        if built is not None:
            return cast(Risks, built)
        return risks_of(store, G, store.read(), level=level, horizon_days=horizon_days,
                        path_lengths_for=path_lengths_for)

    return _once(_risks(G), (level, horizon_days, path_lengths_for), build)


def risks_of(store: GraphStore, G: nx.Graph, inputs: Document | RiskInputs, *,
             level: int | None = 0, horizon_days: int = DEFAULT_HORIZON_DAYS,
             path_lengths_for: int = 0) -> Risks:
    """The risk report of ``G`` from ``inputs`` (the document ``G`` was projected from,
    or what the report reads of it), built now and kept nowhere, as :func:`spanners_of`."""
    rows = risk_report(inputs, G, level=level, horizon_days=horizon_days,
                       path_lengths_for=path_lengths_for, structure=structure_source(store))
    return Risks(rows, {row["person"]: row for row in rows})

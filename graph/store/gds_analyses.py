"""Which analyses run in Neo4j's Graph Data Science library, and which run embedded.

Above :data:`GDS_THRESHOLD` people, on a projection of the whole store (not a scope), and
when the backend has GDS, the reports take the database's results:

* the spanner report its sampled betweenness (``Neo4jStore.betweenness_source``);
* the risk report its articulation points (people cut off by a departure, GDS 2.15 on)
  and bridges (sole ties, GDS 2.14 on) through :func:`structure_source`;
* contact paths between two people Yen's k shortest paths (:func:`database_paths`).

Everything else, and all of it below the threshold or without GDS, is computed embedded;
each report's ``method`` says which ran and, where GDS is too old, why. The records are
turned into report rows by the pure functions of :mod:`graph.analysis.gds_records`.

Procedure names and tiers (all production tier) and the versions that brought them are
from the GDS manual and its sources (README, "Run with Neo4j").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import date
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from graph.analysis.gds_records import (
    Structure,
    StructureSource,
    cut_off_of,
    embedded,
    paths_of,
    sole_ties_of,
)
from graph.analysis.indexed import Indexed
from graph.reports.paths import Target, path_rows

__all__ = ["ARTICULATION_SIZES", "BRIDGE_SIZES", "GDS_THRESHOLD", "GdsBackend",
           "database_paths", "gds_version_at_least", "in_database", "structure_from",
           "structure_source"]

# Above this many people, and with the GDS plugin present, analyses run in Neo4j.
GDS_THRESHOLD = 50_000
# gds.articulationPoints.stream yields resultingComponents from 2.15, and
# gds.bridges.stream remainingSizes from 2.14 (both procedures exist from 2.9, without them).
ARTICULATION_SIZES = (2, 15)
BRIDGE_SIZES = (2, 14)


def gds_version_at_least(version: str) -> Callable[[tuple[int, int]], bool]:
    """``at_least((2, 15))`` for a ``gds.version()`` text; an unreadable one is old."""
    found = re.match(r"\s*(\d+)\.(\d+)", version)
    have = (int(found[1]), int(found[2])) if found else (0, 0)
    return lambda need: have >= need


@runtime_checkable
class GdsBackend(Protocol):
    """A store that can run GDS (:class:`graph.store.neo4j_store.Neo4jStore`)."""

    def gds_structure(self, as_of: date, sample: int = ...) -> dict[str, Any] | None: ...

    def gds_paths(self, as_of: date, source: str, target: str, k: int
                  ) -> tuple[str, list[dict[str, Any]]] | None: ...


def in_database(store: object, G: nx.Graph, threshold: int = GDS_THRESHOLD) -> bool:
    """Whether analyses of ``G`` may ask the database: GDS runs on the whole stored graph,
    so a scoped projection (a förbund's own, graph.analysis.scope) is computed here."""
    return (isinstance(store, GdsBackend) and G.number_of_nodes() >= threshold
            and not G.graph.get("scope"))


def _too_old(what: str, version: str, need: tuple[int, int], algorithm: str
             ) -> dict[str, Any]:
    return {"name": "exact", "algorithm": f"{algorithm}; embedded: Neo4j GDS {version} "
            f"gives no {what} before {need[0]}.{need[1]}"}


def structure_from(result: Mapping[str, Any] | None, idx: Indexed) -> Structure | None:
    """The risk report's structure from :meth:`Neo4jStore.gds_structure`'s records, the
    embedded computation filling in what the GDS version cannot give (``None`` without
    GDS: all embedded)."""
    if result is None:
        return None
    version = str(result["version"])
    points, bridges = result["articulation_points"], result["bridges"]
    here = embedded(
        idx,
        articulation=None if points is not None else _too_old(
            "piece sizes for articulation points", version, ARTICULATION_SIZES,
            "block-cut tree (igraph biconnected components)"),
        bridges=None if bridges is not None else _too_old(
            "side sizes for bridges", version, BRIDGE_SIZES,
            "bridges (igraph) with a bridge tree"))
    method = dict(here.method)
    if points is not None:
        method["articulation_points"] = {
            "name": "exact", "algorithm": f"Neo4j GDS {version} gds.articulationPoints"}
    if bridges is not None:
        method["bridges"] = {"name": "exact", "algorithm": f"Neo4j GDS {version} gds.bridges"}
    return Structure(
        cut_off_of(points, idx) if points is not None else None,
        sole_ties_of(bridges) if bridges is not None else here.sole_ties,
        method)


def structure_source(store: object, threshold: int = GDS_THRESHOLD) -> StructureSource | None:
    """For :func:`graph.reports.key_persons.risk_report`: the database's articulation
    points and bridges where :func:`in_database`, else ``None`` (computed embedded)."""
    if not isinstance(store, GdsBackend):
        return None
    backend = store

    def source(G: nx.Graph, idx: Indexed) -> Structure | None:
        if not in_database(backend, G, threshold):
            return None
        return structure_from(backend.gds_structure(date.fromisoformat(G.graph["as_of"])),
                              idx)

    return source


def database_paths(store: object, G: nx.Graph, source: Hashable, target: Target, *,
                   k: int, unavailable: Iterable[Hashable] = (),
                   threshold: int = GDS_THRESHOLD) -> list[dict[str, Any]] | None:
    """Yen's ``k`` cheapest paths computed in Neo4j, as answer rows, or ``None`` for the
    embedded search: GDS's Yen runs from one person to one person, so a target that is a
    set (an organisation, role or group, whose paths stop at the first of its people) or
    people marked unavailable are answered embedded."""
    if (not in_database(store, G, threshold) or target.kind != "person"
            or list(unavailable) or source not in G):
        return None
    (goal,) = target.people
    # Only people with a tie are in the projected graph (GDS refuses a node outside it).
    if goal == source or not G.degree(source) or not G.degree(goal):
        return None
    assert isinstance(store, GdsBackend)
    found = store.gds_paths(date.fromisoformat(G.graph["as_of"]), str(source), str(goal), k)
    if found is None:
        return None
    version, records = found
    today = date.fromisoformat(G.graph["as_of"])
    return path_rows(G, paths_of(records)[:k], today, method={
        "name": "exact", "algorithm": f"Neo4j GDS {version} gds.shortestPath.yens"})

"""From the records Neo4j's Graph Data Science library streams to what the reports hold.

Pure functions over plain records (dicts), so they are tested here without a server: the
tests feed them the records the embedded computation would produce for random graphs and
check that the reports come out equal (tests/test_gds_records.py). The record shapes are
those of the statements in :mod:`graph.store.cypher`:

* ``gds_articulation_points``: ``{"person", "largest", "pieces"}``, where ``largest`` is
  ``resultingComponents.max``, the largest piece the person's departure leaves of their
  component (GDS 2.15 and later);
* ``gds_bridges``: ``{"a", "b", "sizes"}``, ``sizes`` being ``remainingSizes``, the sizes
  of the two sides once the tie is gone, ``a``'s side first (GDS 2.14 and later);
* ``gds_yens``: ``{"index", "cost", "people"}``, Yen's paths in order of cost.

What the embedded computation gives when the database does not answer is here too
(:func:`embedded`), so that a report takes one :class:`Structure` whichever way it ran.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.analysis.indexed import Indexed
from graph.analysis.sole_ties import SoleTies, sole_ties

__all__ = ["EMBEDDED_ARTICULATION", "EMBEDDED_BRIDGES", "Structure", "StructureSource",
           "component_sizes",
           "cut_off_of", "embedded", "paths_of", "sole_ties_of"]

EMBEDDED_ARTICULATION = {"name": "exact",
                         "algorithm": "block-cut tree (igraph biconnected components)"}
EMBEDDED_BRIDGES = {"name": "exact", "algorithm": "bridges (igraph) with a bridge tree"}


@dataclass(frozen=True)
class Structure:
    """Articulation points and bridges of a projection, for the risk report.

    ``cut_off`` is ``None`` when the block-cut tree of :mod:`graph.analysis.departure`
    is to compute it; ``method`` says, per analysis, which ran."""

    cut_off: dict[Hashable, int] | None
    sole_ties: SoleTies
    method: dict[str, dict[str, Any]]


# Given the projection and its arrays: the database's structure, or None to compute it here.
StructureSource = Callable[[nx.Graph, Indexed], Structure | None]


def embedded(idx: Indexed, *, articulation: dict[str, Any] | None = None,
             bridges: dict[str, Any] | None = None) -> Structure:
    """Everything computed here; ``articulation``/``bridges`` may name why (the method)."""
    return Structure(None, sole_ties(idx), {
        "articulation_points": articulation or EMBEDDED_ARTICULATION,
        "bridges": bridges or EMBEDDED_BRIDGES})


def component_sizes(idx: Indexed) -> dict[Hashable, int]:
    sizes: dict[Hashable, int] = {}
    for comp in idx.components:
        for i in comp.tolist():
            sizes[idx.nodes[i]] = len(comp)
    return sizes


def cut_off_of(records: Iterable[Mapping[str, Any]], idx: Indexed) -> dict[Hashable, int]:
    """People cut off by each articulation point's departure: those of its component
    outside the largest piece left (and not the person themself)."""
    size = component_sizes(idx)
    return {r["person"]: size[r["person"]] - 1 - int(r["largest"]) for r in records}


def sole_ties_of(records: Iterable[Mapping[str, Any]]) -> SoleTies:
    """:func:`graph.analysis.sole_ties.sole_ties` from bridge records."""
    out: SoleTies = {}
    for r in records:
        near, far = (int(x) for x in r["sizes"])
        out.setdefault(r["a"], []).append({"person": r["b"], "beyond": far})
        out.setdefault(r["b"], []).append({"person": r["a"], "beyond": near})
    for ties in out.values():
        ties.sort(key=lambda t: (-t["beyond"], str(t["person"])))
    return out


def paths_of(records: Iterable[Mapping[str, Any]]) -> list[tuple[float, list[Hashable]]]:
    """Yen's paths as (cost, people), cheapest first; equal costs by fewer hops, then by
    the people, as :func:`graph.reports.paths.k_best_paths` orders them."""
    found = [(float(r["cost"]), list(r["people"]))
             for r in sorted(records, key=lambda r: int(r["index"]))]
    found.sort(key=lambda cp: (cp[0], len(cp[1]), cp[1]))
    return found

"""κ of every party pair, kept per projection: one table serves changes, seats,
succession and bridging on the same day until the next write.

On one 19,000-person component the table is 780 maximum flows (about 160 s on two shared
cores), so each report building its own made every call pay it again.
"""

from __future__ import annotations

import networkx as nx

from graph.analysis.betweenness import Pair
from graph.analysis.connectivity import PairConnectivity
from graph.analysis.per_projection import per_projection
from graph.analysis.sole_links import kappa_table
from graph.reports.spanners import organisation_at_level


@per_projection(8)
def party_kappa(G: nx.Graph, level: int | None) -> dict[Pair, PairConnectivity]:
    """κ and one minimum cut per organisation pair at ``level`` (pairs with κ >= 1).

    Shared between callers: read it, never change it.
    """
    return kappa_table(G, organisation_at_level(G, level))


__all__ = ["party_kappa"]

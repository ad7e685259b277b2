"""κ of every party pair, kept per projection: one table serves changes, seats,
succession and bridging on the same day until the next write.

On one 19,000-person component the exact table is 780 maximum flows (about 160 s on two
shared cores), so each report building its own made every call pay it again. The reports
only need κ exactly where it is small: the table is capped (:data:`ROBUST_KAPPA` by
default), and a pair at the cap is only proved robust, with no cut.
"""

from __future__ import annotations

import networkx as nx

from graph.analysis.betweenness import Pair
from graph.analysis.connectivity import PairConnectivity
from graph.analysis.per_projection import per_projection
from graph.analysis.sole_links import kappa_table
from graph.reports.spanners import organisation_at_level

# Four people who each alone can go without the pair losing touch: a director treats the
# pair as robust and needs no exact count above it (the reports say so).
ROBUST_KAPPA = 4


def party_kappa(G: nx.Graph, level: int | None, cap: int | None = ROBUST_KAPPA
                ) -> dict[Pair, PairConnectivity]:
    """κ and one minimum cut per organisation pair at ``level`` (pairs with κ >= 1); pairs
    with κ >= ``cap`` carry ``connectivity = cap`` and ``at_least`` (``None``: exact).

    Shared between callers: read it, never change it.
    """
    return _party_kappa(G, (level, cap))


@per_projection(8)
def _party_kappa(G: nx.Graph, key: tuple[int | None, int | None]
                 ) -> dict[Pair, PairConnectivity]:
    level, cap = key
    return kappa_table(G, organisation_at_level(G, level), cap=cap)


def exact_up_to(max_kappa: int) -> int:
    """The cap that keeps κ exact up to ``max_kappa`` (and never below the robust line)."""
    return max(ROBUST_KAPPA, max_kappa + 1)


__all__ = ["ROBUST_KAPPA", "exact_up_to", "party_kappa"]

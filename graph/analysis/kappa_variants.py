"""κ of party pairs on variants of one graph (a person gone, some of their ties gone, a
successor in their seats), sharing what the original table already proved.

Seats and succession ask the same question many times: how does κ of the fragile pairs
change when one person leaves, loses their personal or formal ties, or is replaced? Each
variant is a capped :func:`graph.analysis.connectivity.organisation_connectivity` (the
values asked about lie below the cap, so they are exact) given the original cuts as
hints: a separator of a graph still separates in a subgraph, and with the leaver taken
out of it, it separates the graph without them, so most pairs need no flow of their
own; every hint is checked on the variant before it is used.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import networkx as nx
import numpy as np

from graph.analysis.betweenness import Pair
from graph.analysis.connectivity import PairConnectivity, organisation_connectivity
from graph.analysis.indexed import Indexed
from graph.analysis.sole_links import Tie


def variant_kappa(G: nx.Graph, partition: Mapping[Hashable, Hashable], pairs: Iterable[Pair],
                  *, cap: int, hints: Iterable[Iterable[Hashable]] = (),
                  remove: Iterable[Hashable] = (), add: Iterable[Tie] = (),
                  drop: Iterable[Tie] = (), indexed: Indexed | None = None
                  ) -> dict[Pair, PairConnectivity]:
    """κ and a cut of ``pairs`` on ``G`` without ``remove`` and the ties ``drop``, with
    the ties ``add`` (between people of ``G``); exact below ``cap``, proved ``at_least``
    at it. ``indexed`` is ``G`` numbered once, shared by a caller's variants.

    Examples
    --------
    >>> G = nx.Graph([("a1", "m"), ("m", "l1"), ("a1", "l2")])
    >>> part = {"a1": "af", "m": "af", "l1": "lomma", "l2": "lomma"}
    >>> variant_kappa(G, part, [("af", "lomma")], cap=3, drop=[("a1", "l2")],
    ...               hints=[["a1", "m"]])[("af", "lomma")].connectivity
    1
    """
    wanted = list(pairs)
    if not wanted:
        return {}
    idx = indexed or Indexed.of(G)
    return {r.organisations: r for r in organisation_connectivity(
        G, partition, pairs=wanted, cap=cap, hints=hints,
        indexed=variant_index(idx, remove, add, drop))}


def variant_index(idx: Indexed, remove: Iterable[Hashable], add: Iterable[Tie],
             drop: Iterable[Tie]) -> Indexed:
    """``idx`` with the ties of ``remove`` and ``drop`` gone and ``add`` there, as arrays
    (a networkx copy of 20,000 people costs more than the flows). A removed person stays
    numbered, alone in a component of their own, where no pair has a path."""
    n = len(idx.nodes)
    src, dst = idx.src, idx.dst
    key = np.minimum(src, dst) * n + np.maximum(src, dst)
    gone = np.fromiter((idx.index[v] for v in remove if v in idx.index), dtype=np.int64)
    keep = ~(np.isin(src, gone) | np.isin(dst, gone))
    dropped = _keys(idx, drop)
    if len(dropped):
        keep &= ~np.isin(key, dropped)
    added = _keys(idx, add)
    added = added[~np.isin(added, key[keep]) & ~np.isin(added // n, gone)
                  & ~np.isin(added % n, gone)]
    return Indexed(idx.nodes, idx.index, np.r_[src[keep], added // n],
                   np.r_[dst[keep], added % n], np.r_[idx.weight[keep], np.ones(len(added))])


def _keys(idx: Indexed, ties: Iterable[Tie]) -> np.ndarray:
    """Ties between numbered people as min * n + max, once each, no self-ties."""
    n = len(idx.nodes)
    pairs = [(idx.index[a], idx.index[b]) for a, b in ties
             if a in idx.index and b in idx.index and a != b]
    return np.unique(np.array([min(p) * n + max(p) for p in pairs], dtype=np.int64))


def without_person(cuts: Iterable[Iterable[Hashable]], person: Hashable
                   ) -> list[list[Hashable]]:
    """Hints for the graph without ``person``: each cut, and each cut less the person (a
    cut through them, less them, separates the pair once they are gone)."""
    out: list[list[Hashable]] = []
    for cut in cuts:
        people = list(cut)
        out.append(people)
        if person in people:
            out.append([p for p in people if p != person])
    return out


__all__ = ["variant_index", "variant_kappa", "without_person"]

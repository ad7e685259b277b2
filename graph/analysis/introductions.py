"""Greedy introductions: the new ties that raise party connectivity κ the most.

A plan adds one tie at a time, each time the candidate tie with the largest gain in the
sum of κ over the pairs it is for (ties broken by the candidates' order), and records κ
of every pair after each step. Each κ is the maximum flow of
:mod:`graph.analysis.connectivity` on the graph with the ties so far: one flow per pair
and step, whose residual graph tells which candidates raise which pair
(:class:`graph.analysis.connectivity.TieJudge`; a flow per candidate only where it cannot
tell), so the figures a plan states are what the graph would be, not an estimate; greedy is not
guaranteed optimal over several steps (tests compare one step with every possible tie).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from graph.analysis.betweenness import Pair
from graph.analysis.connectivity import PairConnectivity, TieJudge
from graph.analysis.indexed import Indexed
from graph.analysis.kappa_variants import variant_index, variant_kappa
from graph.analysis.sole_links import Tie, around, bare_graph, kappa_after


@dataclass
class Step:
    tie: Tie
    kappa: dict[Pair, int] = field(default_factory=dict)  # every pair, after this step
    gain: int = 0


def greedy_introductions(G: nx.Graph, partition: Mapping[Hashable, Hashable],
                         pairs: Iterable[Pair], candidates: Sequence[Tie], *,
                         steps: int = 3, remove: Iterable[Hashable] = (),
                         at_most: int | None = None,
                         hints: Iterable[Iterable[Hashable]] = ()
                         ) -> tuple[dict[Pair, int], list[Step]]:
    """κ of ``pairs`` without ``remove`` (the start), and up to ``steps`` introductions.

    A step is taken only when it raises the total κ; the plan stops when no candidate
    does. With ``at_most`` (κ of every pair at the start is known to be at most that),
    every κ is a flow capped just above what a plan can reach, proved by the shared
    hubs and known cuts (``hints``, then each step's own cuts) of
    :func:`graph.analysis.kappa_variants.variant_kappa`, and only pairs that some
    candidate tie could raise get the tie judge's flow: a tie leaves κ where it is when
    a minimum cut of the pair still separates it with the tie added.

    Examples
    --------
    AF reaches Lomma only through Maria; introducing Anna to Lena adds a second route:

    >>> G = nx.Graph([("anna", "maria"), ("maria", "lars"), ("lars", "lena")])
    >>> part = {"anna": "af", "maria": "af", "lars": "lomma", "lena": "lomma"}
    >>> start, plan = greedy_introductions(G, part, [("af", "lomma")], [("anna", "lena")])
    >>> start, [(s.tie, s.kappa) for s in plan]
    ({('af', 'lomma'): 1}, [(('anna', 'lena'), {('af', 'lomma'): 2})])
    """
    wanted = sorted(set(pairs), key=str)
    gone = list(remove)
    G = around(G, partition, wanted, [v for t in candidates for v in t])
    idx = Indexed.of(G)
    cap = None if at_most is None else at_most + steps + 1
    known = [list(h) for h in hints]

    def kappa(add: list[Tie]) -> dict[Pair, PairConnectivity] | dict[Pair, int]:
        if cap is None:
            return kappa_after(G, partition, wanted, remove=gone, add=add)
        rows = variant_kappa(G, partition, wanted, cap=cap, remove=gone, add=add,
                             hints=known, indexed=idx)
        known.extend(r.cut for r in rows.values() if r.cut)
        return rows

    def values(rows: Mapping[Pair, PairConnectivity] | Mapping[Pair, int]) -> dict[Pair, int]:
        return {p: r if isinstance(r, int) else r.connectivity for p, r in rows.items()}

    rows = kappa([])
    start = values(rows)
    current = dict(start)
    chosen: list[Tie] = []
    plan: list[Step] = []
    left = [t for t in candidates if not G.has_edge(*t)]
    for _ in range(steps):
        best: tuple[int, int, dict[Pair, int]] | None = None
        open_ = _raisable(idx, partition, rows, gone, chosen, left) if cap is not None \
            else wanted
        # The judge is a flow per open pair; with few candidate ties, recomputing κ per
        # tie (a few hub flows per organisation, cuts shared) is the cheaper way.
        orgs = {o for p in open_ for o in p}
        judge = TieJudge(bare_graph(G, gone, chosen), partition, open_) \
            if left and open_ and (cap is None or len(open_) <= 2 * len(orgs) * len(left)) \
            else None
        for k, tie in enumerate(left):
            # no open pair: every pair's cut survives every tie, so none gains
            told = judge.gains(tie) if judge is not None else {} if not open_ else None
            if told is None:
                after = values(kappa([*chosen, tie]))
            else:
                after = {p: current[p] + told.get(p, 0) for p in wanted}
            gain = sum(after.values()) - sum(current.values())
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, k, after)
        if best is None:
            break
        gain, k, after = best
        tie = left.pop(k)
        chosen.append(tie)
        current = after
        plan.append(Step(tie=tie, kappa=dict(after), gain=gain))
        if cap is not None and left and len(plan) < steps:
            rows = kappa(chosen)
    return start, plan


def _raisable(idx: Indexed, partition: Mapping[Hashable, Hashable],
              rows: Mapping[Pair, PairConnectivity] | Mapping[Pair, int],
              gone: list[Hashable], chosen: list[Tie], ties: list[Tie]) -> list[Pair]:
    """The pairs of ``rows`` (κ and a minimum cut on the graph with ``chosen``, without
    ``gone``) that one of ``ties`` might raise: those whose cut some tie bridges, joining
    a part of the graph without the cut that holds members of one organisation to one
    that holds members of the other. Where no tie does, the cut still separates the pair
    with any one of them added, so κ stays (and the judge needs no flow for it)."""
    H = variant_index(idx, gone, chosen, ())
    n = len(idx.nodes)
    code_of: dict[Hashable, int] = {}
    codes = np.fromiter((code_of.setdefault(partition.get(v, v), len(code_of))
                         for v in idx.nodes), dtype=np.int64, count=n)
    ends = [(idx.index[a], idx.index[b]) for a, b in ties
            if a in idx.index and b in idx.index]
    parts: dict[tuple[int, ...], np.ndarray] = {}
    out = []
    for pair, row in rows.items():
        if isinstance(row, int) or row.at_least or not row.connectivity:
            out.append(pair)  # no cut to test ties against (κ = 0: any tie may join)
            continue
        cut = tuple(sorted(idx.index[v] for v in row.cut))
        if cut not in parts:
            alive = np.ones(n, dtype=bool)
            alive[list(cut)] = False
            ok = alive[H.src] & alive[H.dst]
            graph = sp.coo_array((np.ones(int(ok.sum()), dtype=np.int8),
                                  (H.src[ok], H.dst[ok])), shape=(n, n))
            label = connected_components(graph, directed=False)[1]
            label[~alive] = -1
            parts[cut] = label
        label = parts[cut]
        side_a, side_b = ({int(x) for x in np.unique(label[codes == code_of.get(o, -1)])
                           if x >= 0} for o in pair)
        for x, y in ends:
            lx, ly = int(label[x]), int(label[y])
            if lx < 0 or ly < 0 or lx == ly:
                continue
            if (lx in side_a and ly in side_b) or (ly in side_a and lx in side_b):
                out.append(pair)
                break
    return out

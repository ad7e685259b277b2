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

from graph.analysis.betweenness import Pair
from graph.analysis.connectivity import TieJudge
from graph.analysis.sole_links import Tie, around, bare_graph, kappa_after


@dataclass
class Step:
    tie: Tie
    kappa: dict[Pair, int] = field(default_factory=dict)  # every pair, after this step
    gain: int = 0


def greedy_introductions(G: nx.Graph, partition: Mapping[Hashable, Hashable],
                         pairs: Iterable[Pair], candidates: Sequence[Tie], *,
                         steps: int = 3, remove: Iterable[Hashable] = ()
                         ) -> tuple[dict[Pair, int], list[Step]]:
    """κ of ``pairs`` without ``remove`` (the start), and up to ``steps`` introductions.

    A step is taken only when it raises the total κ; the plan stops when no candidate
    does.

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
    start = kappa_after(G, partition, wanted, remove=gone)
    current = dict(start)
    chosen: list[Tie] = []
    plan: list[Step] = []
    left = [t for t in candidates if not G.has_edge(*t)]
    for _ in range(steps):
        best: tuple[int, int, dict[Pair, int]] | None = None
        judge = TieJudge(bare_graph(G, gone, chosen), partition, wanted) if left else None
        for k, tie in enumerate(left):
            told = judge.gains(tie) if judge is not None else None
            if told is None:
                after = kappa_after(G, partition, wanted, remove=gone, add=[*chosen, tie])
            else:
                after = {p: current[p] + told[p] for p in wanted}
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
    return start, plan


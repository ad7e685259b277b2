"""How much longer the shortest paths between organisations get when one person leaves.

For a person v, the figure is the mean of d'(s, t) - d(s, t) over ordered pairs (s, t) of
other people of v's component in different organisations that are connected both with
and without v (d' is the distance without v; pairs the departure disconnects are counted
elsewhere, as ``disconnects`` and ``cut_off``).

Per source s, one breadth-first search without v gives d'(s, .), and d(s, .) follows
from it and one search from v: d(s, t) = min(d'(s, t), d(s, v) + d(v, t)), since a
shortest path either avoids v or runs through it. The searches are networkit's BFS (C++)
on one graph from which each person in turn is taken out and put back (O(degree)).

Sources: every other person of the component when there are at most ``sources`` of them
(the figure is exact, error 0); otherwise ``sources`` draws with replacement, each person
drawn with probability proportional to 1 / d(s, v). The pairs whose distance v lengthens
lie mostly near v, so a uniform sample misses them and understates both the figure and
its spread: on the random graphs of the tests its 95 % interval held the exact value in
80 % of cases at 24 draws, against 91 % for draws weighted by 1 / d. The estimate is the
ratio of the Hansen-Hurwitz estimates of the two totals (increase over pairs, pairs); its
``error`` the half-width of the normal-approximation interval of that ratio at level
``1 - delta`` (delta method), as the spanner report's sampled pair shares state theirs.
It undercovers somewhat: at 95 % it held the exact value in 108 of 120 runs on the
20,000-person national graph (bench/RESULTS-risk.md) and in 90 % of the tests' cases.

Why not a guaranteed bound: Hoeffding's inequality needs the range of one pair's increase,
which can be twice the distance between two of v's neighbours without v, and was ± 1.1 to
± 2.9 steps wide at 64 sources on the 20,000-person national graph, for figures of 0.002
to 0.25. Why not repair only the affected targets per source: the people at the top of the
report are gateways, with 800-3,000 targets per source whose every shortest path runs
through them, and that repair in Python cost 36 s for the top 20 against 2 s for the
searches.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from graph.analysis.indexed import Indexed

DEFAULT_SOURCES = 64
DEFAULT_DELTA = 0.05
_BLOCK = 64  # sources searched at once (their rows over the component are held together)
_UNREACHED = 1e300  # networkit's distance to people a search did not reach is the float max


@dataclass(frozen=True)
class PathIncrease:
    """The mean increase, the half-width of its interval at level ``1 - delta`` (0 when
    every source was used), and how many source people were searched from."""

    mean: float
    error: float
    sources: int
    exact: bool


def path_increases(idx: Indexed, orgs: np.ndarray, people: Iterable[int], *,
                   sources: int = DEFAULT_SOURCES, delta: float = DEFAULT_DELTA,
                   seed: int = 0) -> dict[int, PathIncrease | None]:
    """The path-length increase of each of ``people`` (vertex ids of ``idx``); ``orgs``
    holds every vertex's organisation code. ``None`` where no pair qualifies."""
    wanted = sorted(set(people))
    out: dict[int, PathIncrease | None] = dict.fromkeys(wanted)
    if not wanted:
        return out
    comp_of = np.empty(len(idx.nodes), dtype=np.int64)
    for c, comp in enumerate(idx.components):
        comp_of[comp] = c
    graph = idx.networkit()
    rng = np.random.default_rng(seed)
    for v in wanted:
        comp = idx.components[comp_of[v]]
        if len(comp) < 3:
            continue
        gone = int(np.searchsorted(comp, v))
        to_v = _distances(graph, np.array([v]), comp)[0]
        others = np.delete(np.arange(len(comp)), gone)
        if len(others) <= sources:
            drawn, chance = others, np.full(len(others), 1.0 / len(others))
        else:
            weight = 1.0 / to_v[others]
            chance = weight / weight.sum()
            picks = rng.choice(len(others), size=sources, p=chance)
            drawn, chance = others[picks], chance[picks]
        searched, back = np.unique(drawn, return_inverse=True)
        sums, pairs = np.zeros(len(searched)), np.zeros(len(searched))
        around = list(graph.iterNeighbors(v))
        graph.removeNode(v)
        try:
            # a block of sources at a time: rows x component stays small at any size
            for start in range(0, len(searched), _BLOCK):
                block = searched[start:start + _BLOCK]
                after = _distances(graph, comp[block], comp)
                before = np.minimum(after, to_v[block][:, None] + to_v[None, :])
                sums[start:start + _BLOCK], pairs[start:start + _BLOCK] = _sums(
                    before, after, orgs[comp[block]], orgs[comp], gone)
        finally:
            graph.restoreNode(v)
            for u in around:
                graph.addEdge(v, u)
        out[v] = _estimate(sums[back], pairs[back], chance, len(searched),
                           exact=len(others) <= sources, delta=delta)
    return out


def _distances(graph: Any, sources: np.ndarray, comp: np.ndarray) -> np.ndarray:
    """Hops from each source to each person of ``comp`` (inf where unreached)."""
    import networkit as nk  # loaded by the first analysis that needs it, as betweenness does

    out = np.empty((len(sources), len(comp)))
    for j, s in enumerate(sources.tolist()):
        bfs = nk.distance.BFS(graph, s, storePaths=False)
        bfs.run()
        out[j] = np.asarray(bfs.getDistances(asarray=True))[comp]
    out[out > _UNREACHED] = np.inf
    return out


def _sums(before: np.ndarray, after: np.ndarray, source_orgs: np.ndarray,
          orgs: np.ndarray, gone: int) -> tuple[np.ndarray, np.ndarray]:
    """Per source: the increase summed over its qualifying targets, and their number."""
    counted = (orgs[None, :] != source_orgs[:, None]) & np.isfinite(after)
    counted[:, gone] = False
    return np.where(counted, after - before, 0.0).sum(axis=1), counted.sum(axis=1)


def _estimate(sums: np.ndarray, pairs: np.ndarray, chance: np.ndarray, searched: int, *,
              exact: bool, delta: float) -> PathIncrease | None:
    """The ratio of the two estimated totals and the half-width of its interval."""
    y, n = sums / chance, pairs / chance
    if not n.sum():
        return None
    mean = float(y.sum() / n.sum())
    k = len(y)
    if exact or k < 2:
        return PathIncrease(mean, 0.0, searched, True)
    spread = float(np.var(y - mean * n, ddof=1))
    z = NormalDist().inv_cdf(1 - delta / 2)
    return PathIncrease(mean, z * math.sqrt(spread / k) / float(n.mean()), searched, False)

"""How much longer the shortest paths between organisations get when one person leaves.

For a person v, the figure is the mean of d'(s, t) - d(s, t) over ordered pairs (s, t) of
other people of v's component in different organisations that are connected both with
and without v (d' is the distance without v; pairs the departure disconnects are counted
elsewhere, as ``disconnects`` and ``cut_off``).

Per source s, one breadth-first search without v gives d'(s, .), and d(s, .) follows
from it and one search from v: d(s, t) = min(d'(s, t), d(s, v) + d(v, t)), since a
shortest path either avoids v or runs through it. The searches without v run 64 sources
at a time, one bit each of a word per person (``_Component._block``): on the
192,000-person national graph that took the top 20 rows from 41 s (one networkit search
per source) to about 6 s, with the same sources and the same figures.

Sources: every other person of the component when there are at most ``sources`` of them
(the figure is exact, error 0); otherwise ``sources`` draws with replacement, each person
drawn with probability proportional to 1 / d(s, v). The pairs whose distance v lengthens
lie mostly near v, so a uniform sample misses them and understates both the figure and
its spread: on the random graphs of the tests its 95 % interval held the exact value in
80 % of cases at 24 draws, against 91 % for draws weighted by 1 / d. The estimate is the
ratio of the Hansen-Hurwitz estimates of the two totals (increase over pairs, pairs); its
``error`` the half-width of a Student-t interval (k - 1 degrees of freedom, delta
method) of that ratio. The interval stated at 1 - delta is computed at 1 - delta / 5,
because at its own level it undercovered: the increase is heavy-tailed (a rare source
with a long detour), and a sample that misses the tail understates both the figure and
its spread. Measured against the exact figure (every source): the normal interval at
95 % held it in 108 of 120 runs (90 %) on the 20,000-person national graph and in 92-94 %
of the tests' random cases; Student t at 95 % in 93-94 % of those; the one stated now
(t at 99 %) in 96-98 % of them and in 115 of 120 runs on the 20,000-person graph,
about 1.3 times as wide. ``tests/test_path_increase.py`` requires 95 %.

Why not a guaranteed bound: Hoeffding's inequality needs the range of one pair's increase,
which can be twice the distance between two of v's neighbours without v, and was ± 1.1 to
± 2.9 steps wide at 64 sources on the 20,000-person national graph, for figures of 0.002
to 0.25. Why not repair only the affected targets per source: the people at the top of the
report are gateways, with 800-3,000 targets per source whose every shortest path runs
through them, and that repair in Python cost 36 s for the top 20 against 2 s for the
searches (the word-parallel searches find those late targets per layer instead).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from graph.analysis.indexed import Indexed

DEFAULT_SOURCES = 64
DEFAULT_DELTA = 0.05
# The interval stated at 1 - delta is computed at 1 - delta / 5 (99 % for the stated
# 95 %): the increase is heavy-tailed, and the normal-theory interval at the stated level
# held the exact figure in only 90-93 % of measured cases (see the module docstring).
_WIDER = 5
_WORD = 64  # sources searched together, one bit each of a uint64
_ALL = np.uint64(2**64 - 1)


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
    adjacency = idx.adjacency(weighted=False)
    pieces: dict[int, _Component] = {}
    rng = np.random.default_rng(seed)
    for v in wanted:
        c = int(comp_of[v])
        comp = idx.components[c]
        if len(comp) < 3:
            continue
        if c not in pieces:
            pieces[c] = _Component.of(adjacency, comp, orgs[comp])
        piece = pieces[c]
        gone = int(np.searchsorted(comp, v))
        to_v = hops(piece.graph, gone)
        others = np.delete(np.arange(len(comp)), gone)
        if len(others) <= sources:
            drawn, chance = others, np.full(len(others), 1.0 / len(others))
        else:
            weight = 1.0 / to_v[others]
            chance = weight / weight.sum()
            picks = rng.choice(len(others), size=sources, p=chance)
            drawn, chance = others[picks], chance[picks]
        searched, back = np.unique(drawn, return_inverse=True)
        sums, pairs = piece.sums(gone, to_v, searched)
        out[v] = _estimate(sums[back], pairs[back], chance, len(searched),
                           exact=len(others) <= sources, delta=delta)
    return out


def hops(graph: sp.csr_array, source: int) -> np.ndarray:
    """Hops from ``source`` to every vertex of ``graph`` (-1 where unreached).

    scipy's breadth-first order with predecessors, C code that took 0.9 ms a search on
    the 19,213-person graph where networkit's BFS with its distances took 2 ms. A
    breadth-first queue appends a vertex's children after those of every vertex before
    it, so the parents' places in the order never decrease along it: each layer ends
    where the parents of the previous layer end, found by bisection, one per layer.
    """
    order, parent = breadth_first_order(graph, source, directed=True,
                                        return_predecessors=True)
    place = np.empty(graph.shape[0], dtype=np.int64)
    place[order] = np.arange(len(order))
    parents = place[parent[order[1:]]]
    ends = [1]
    while ends[-1] < len(order):
        ends.append(1 + int(np.searchsorted(parents, ends[-1])))
    out = np.full(graph.shape[0], -1, dtype=np.int64)
    out[order] = np.repeat(np.arange(len(ends)), np.diff([0, *ends]))
    return out


@dataclass
class _Component:
    """One component's graph in its own numbering (ids are places in the sorted
    component), and its people grouped by organisation."""

    graph: sp.csr_array
    orgs: np.ndarray
    by_org: np.ndarray  # the component's people sorted by organisation
    starts: np.ndarray  # where each organisation code starts in by_org

    @classmethod
    def of(cls, adjacency: sp.csr_array, comp: np.ndarray, orgs: np.ndarray) -> _Component:
        # float64 data and int32 indices are what scipy's searches take without a copy
        graph = sp.csr_array(adjacency[comp][:, comp], dtype=np.float64)
        by_org = np.argsort(orgs, kind="stable")
        starts = np.searchsorted(orgs[by_org], np.arange(int(orgs.max()) + 2))
        return cls(graph, orgs, by_org, starts)

    def sums(self, gone: int, to_v: np.ndarray, searched: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
        """Per source: the increase summed over its qualifying targets, and their number."""
        sums = np.zeros(len(searched))
        pairs = np.zeros(len(searched))
        for start in range(0, len(searched), _WORD):
            block = slice(start, start + _WORD)
            sums[block], pairs[block] = self._block(gone, to_v, searched[block])
        return sums, pairs

    def _block(self, gone: int, to_v: np.ndarray, sources: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
        """Up to 64 breadth-first searches without ``gone`` at once, one bit per source
        (multi-source BFS, Then et al., VLDB 2015): each layer pulls its neighbours'
        frontier words over the whole graph in two numpy passes (about 15 ms a layer on
        the 192,000-person graph, where one scipy search per source cost 12 ms).

        Without v, d(s, t) = min(d'(s, t), d(s, v) + d(v, t)), so a pair first reached
        at layer L gains max(0, L - d(s, v) - d(v, t)). With the bits in order of
        d(s, v), the sources for which t is late (L > d(s, v) + d(v, t)) are a prefix of
        the word, so the late pairs of a layer are found with word operations and only
        they are unpacked into bits. v is reached but passes nothing on; people cut off
        from s are never reached and count neither way.
        """
        g = self.graph
        k = len(sources)
        order = np.argsort(to_v[sources], kind="stable")
        sources = sources[order]
        from_v = to_v[sources]
        bit = np.left_shift(np.uint64(1), np.arange(k, dtype=np.uint64))
        prefix = np.concatenate([[np.uint64(0)], np.cumsum(bit, dtype=np.uint64)])
        # a target's bits of the sources in its own organisation: those pairs never count
        own = np.zeros(int(self.orgs.max()) + 1, dtype=np.uint64)
        np.bitwise_or.at(own, self.orgs[sources], bit)
        counted = ~own[self.orgs]
        seen = np.zeros(g.shape[0], dtype=np.uint64)
        seen[sources] = bit  # the sources are distinct (np.unique)
        frontier = seen.copy()
        late_pairs = np.zeros(k, dtype=np.int64)  # per source: pairs made longer
        late_gain = np.zeros(k, dtype=np.int64)  # and the sum of L - d(v, t) over them
        layer = 0
        while frontier.any():
            layer += 1
            pulled = np.bitwise_or.reduceat(frontier[g.indices], g.indptr[:-1])
            new = pulled & ~seen
            seen |= new
            new[gone] = 0  # v neither counts as a target nor passes anything on
            frontier = new
            # how many sources have d(s, v) < L - d(v, t): t is late for exactly those
            ahead = np.searchsorted(from_v, layer - to_v, side="left")
            late = np.flatnonzero(new & counted & prefix[ahead])
            if len(late):
                words = new[late] & counted[late] & prefix[ahead[late]]
                bits = np.unpackbits(words.view(np.uint8), bitorder="little").reshape(
                    -1, 64)[:, :k]
                late_pairs += bits.sum(axis=0, dtype=np.int64)
                late_gain += (layer - to_v[late]) @ bits
        reached = np.unpackbits(seen.view(np.uint8), bitorder="little").reshape(-1, 64)
        pairs = reached[:, :k].sum(axis=0, dtype=np.int64) - 1  # v is always reached
        for j, s in enumerate(sources.tolist()):
            org = self.orgs[s]
            mine = self.by_org[self.starts[org]:self.starts[org + 1]]
            mine = mine[mine != gone]
            pairs[j] -= int(np.count_nonzero(seen[mine] & bit[j]))
        sums = late_gain - from_v * late_pairs
        back = np.empty(k, dtype=np.int64)
        back[order] = np.arange(k)
        return sums[back].astype(float), pairs[back].astype(float)


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
    # scipy.stats here, at first use: not at a service's start, for a report built later
    from scipy.stats import t as student

    q = float(student.ppf(1 - delta / _WIDER / 2, k - 1))
    return PathIncrease(mean, q * math.sqrt(spread / k) / float(n.mean()), searched, False)

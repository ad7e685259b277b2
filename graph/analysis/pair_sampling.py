"""Shortest paths between random pairs of people, for sampled pair dependency.

A sample is an ordered pair (s, t) of people of different organisations in one component,
uniform over all such pairs, and one of their shortest paths, uniform over those paths;
each person strictly inside the path is credited with the pair of organisations. The share
of samples that credit a person estimates the share of cross-organisation pairs whose
shortest paths run through them, without bias, and the same samples split by organisation
pair give every pair dependency (Riondato & Kornaropoulos 2016 sample pairs the same way
for betweenness).

One breadth-first search from a source serves a batch of targets: the source is drawn in
proportion to its number of cross-organisation targets, the targets uniformly among them,
so every pair stays equally likely. Batches from different sources are independent, and
the variance between them gives the error the stopping rule reads (see :class:`Sampler`).
The targets of one batch are not independent of each other (they share the source's
neighbourhood), so a pair of organisations one of which is small, and so rarely a source,
gets a coarse estimate: the stopping rule bounds people's shares, not pair values.

Memory is two n-vectors of running sums, the graph's arrays and the hits themselves (one
entry per person strictly inside a sampled path): never people x pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import scipy.sparse as sp

from graph.analysis.shortest_path_dag import shortest_path_dag


@dataclass
class Sampler:
    """Pair samples in one connected component, with a stopping rule on their error.

    ``codes`` are organisation codes of the component's vertices (local numbering 0..n-1)
    and ``adjacency`` its unweighted symmetric adjacency matrix. After :meth:`run`,
        ``keys`` (``vertex * n_codes**2 + pair code``, ascending) and ``counts`` hold how many
    samples credited each vertex with each organisation pair, ``share`` is each
    vertex's estimated share of ordered cross-organisation pairs through it, ``error`` the
    half-width of its confidence interval at level ``1 - delta``.
    """

    adjacency: sp.csr_array
    codes: np.ndarray
    n_codes: int
    rng: np.random.Generator
    batch: int = 128
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    sources: int = 0
    samples: int = 0

    def __post_init__(self) -> None:
        n = len(self.codes)
        self.n = n
        order = np.argsort(self.codes, kind="stable")
        self.by_code = order  # vertices grouped by organisation
        counts = np.bincount(self.codes, minlength=self.n_codes)
        self.code_start = np.concatenate([[0], np.cumsum(counts)])
        self.targets = n - counts[self.codes]  # cross-organisation targets per vertex
        total = float(self.targets.sum())
        self.weights = self.targets / total if total else self.targets.astype(float)
        self.sum1 = np.zeros(n)
        self.sum2 = np.zeros(n)
        self._keys: list[np.ndarray] = []
        self._pending = 0

    @property
    def ordered_pairs(self) -> int:
        """Ordered pairs of people of different organisations in the component."""
        return int(self.targets.sum())

    def run(self, epsilon: float, delta: float, min_sources: int, max_sources: int,
            round_size: int = 64, check_every: int = 16) -> None:
        """Sample sources until every vertex's error is at most ``epsilon`` (after at
        least ``min_sources``), or ``max_sources`` are spent.

        Sources are drawn ``round_size`` at a time and the rule is read at
        ``min_sources`` and every ``check_every`` sources after it: a run that stops at
        k sources holds the first k sources of one that goes on (where the rule is read
        does not change the random stream). Read only at the end of each round of 64,
        the rule stopped the 20,000-person connected graph at 192 sources (± 0.0258);
        read every 16, at 144 (± 0.0290): a quarter fewer searches for an error still
        within epsilon (``bench/RESULTS.md``)."""
        if self.ordered_pairs == 0:
            return
        step = max(1, check_every)
        while self.sources < max_sources:
            for s in self.rng.choice(self.n, size=min(round_size, max_sources - self.sources),
                                     p=self.weights):
                self._source(int(s))
                if (self.sources >= min_sources and (self.sources - min_sources) % step == 0
                        and float(self.error(delta).max()) <= epsilon):
                    self._flush()
                    return
        self._flush()

    def share(self) -> np.ndarray:
        return self.sum1 / max(self.sources, 1)

    def error(self, delta: float) -> np.ndarray:
        """Half-width at level ``1 - delta`` of each vertex's share: the normal
        approximation of the mean of independent per-source batch shares, and at least
        Wilson's upper bound for a share never hit, ``z^2 / (k + z^2)`` over ``k``
        sources. The floor is there because the normal approximation fails where hits
        are rare: a person hit by few batches has a tiny sample variance, and on the
        20,000-person connected graph only 57 % of the people had their exact share
        within the normal half-width alone (``bench/RESULTS.md``). Each batch share lies
        in 0..1, so its variance is at most a coin's, which Wilson's bound assumes."""
        k = max(self.sources, 1)
        mean = self.sum1 / k
        var = np.maximum(self.sum2 / k - mean * mean, 0.0) * k / max(k - 1, 1)
        z = NormalDist().inv_cdf(1 - delta / 2)
        return np.maximum(z * np.sqrt(var / k), z * z / (k + z * z))

    def _source(self, s: int) -> None:
        dag = shortest_path_dag(self.adjacency, s)
        parent, child = dag.parent, dag.child
        # Within each vertex's predecessor list, the chance to step to each predecessor
        # (sigma_p / sigma_v) as running sums, so one search picks a step for many paths.
        cum = np.cumsum(dag.sigma[parent] / dag.sigma[child])
        own = self.codes[s]
        k = min(self.batch, int(self.targets[s]))
        pick = self.rng.integers(0, int(self.targets[s]), size=k)
        # The k-th cross target: skip the block of the source's own organisation.
        lo, hi = self.code_start[own], self.code_start[own + 1]
        t = self.by_code[np.where(pick < lo, pick, pick + (hi - lo))]
        pair = _pair_code(own, self.codes[t], self.n_codes)
        cur, cur_pair = dag.pos[t], pair  # positions in the DAG; the source is 0
        batch_hits: list[np.ndarray] = []
        while len(cur):
            start = dag.ptr[cur]
            base = np.where(start > 0, cum[start - 1], 0.0)
            step = np.searchsorted(cum, base + self.rng.random(len(cur)), side="right")
            step = np.minimum(np.maximum(step, start), dag.ptr[cur + 1] - 1)
            nxt = parent[step]
            inside = nxt != 0
            cur, cur_pair = nxt[inside], cur_pair[inside]
            hit = dag.order[cur]
            batch_hits.append(hit)
            self._keys.append(hit * np.int64(self.n_codes * self.n_codes) + cur_pair)
            self._pending += len(cur)
        if batch_hits:
            visits = np.bincount(np.concatenate(batch_hits), minlength=self.n) / k
            self.sum1 += visits
            self.sum2 += visits * visits
        self.sources += 1
        self.samples += k
        if self._pending > 4_000_000:  # merge now and then: memory stays near the hits'
            self._flush()

    def _flush(self) -> None:
        if not self._keys:
            return
        keys, inverse = np.unique(np.concatenate([self.keys, *self._keys]),
                                  return_inverse=True)
        weights = np.concatenate([self.counts, np.ones(len(inverse) - len(self.counts),
                                                       dtype=np.int64)])
        self.counts = np.bincount(inverse, weights=weights).astype(np.int64)
        self.keys = keys
        self._keys = []
        self._pending = 0


def _pair_code(a: int | np.ndarray, b: np.ndarray, n_codes: int) -> np.ndarray:
    """One code per unordered pair of organisation codes."""
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return np.asarray(lo * n_codes + hi, dtype=np.int64)

"""Betweenness and organisation-pair dependency on shortest paths, at any size.

Exact results come from igraph's Brandes implementation (C). Above a work budget,
betweenness is estimated with KADABRA (Borassi & Natale 2016; networkit), which bounds the
additive error of every node at once, and organisation-pair dependency is estimated from
random pairs of people and their shortest paths (:mod:`graph.analysis.pair_sampling`),
without bias and with a stopping rule on its error. Neither holds a people x pairs array:
pair dependency is a sparse matrix of its non-zeros. Every result says which method
produced it.

The networkx functions ``betweenness_centrality`` and ``betweenness_centrality_subset``
define the numbers; tests check these functions against them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.analysis.forked import can_fork, share_out
from graph.analysis.indexed import Indexed, OrgMatrix
from graph.analysis.pair_sampling import Sampler
from graph.analysis.shared_searches import ComponentSearches
from graph.core.budget import check

# Work is measured as sum over components of (people x edges): the cost of one exact
# Brandes pass. igraph manages about 4e7 units a second on the reference machine.
EXACT_WORK = 100_000_000
EXACT_RATE = 4e7
# One sampled source costs about this many seconds per edge of its component (1.2e-7
# measured at 20,000 people on the reference machine, 2.7e-7 at 200,000 under load);
# the up-front estimate takes the lower figure, so it refuses only what surely fails.
SOURCE_SECONDS_PER_EDGE = 1.2e-7
DEFAULT_EPSILON = 0.005
DEFAULT_DELTA = 0.1
# Sampled pair dependency: the half-width of every person's share (of cross-organisation
# pairs through them) the sampling stops at, and its bounds on sources per component.
# Each person's half-width is at least z^2/(k + z^2) over k sources (0.0207 at 128),
# so at ε = 0.02 the sampling stopped at 192 sources at the earliest (320 on the
# 20,000-person connected graph); at 0.03 it may stop at the first check, 128 (it is read
# every 16 sources from there: 144 on that graph, ± 0.0290, where reading it every 64
# stopped at 192). The
# figures the explanations quote are exact (:func:`exact_pairs`), so the samples only
# rank people and pairs and give the share's stated error.
PAIR_EPSILON = 0.03
MIN_SOURCES = 128
MAX_SOURCES = 2_000
# Exact pair values for the pairs the report quotes (:func:`exact_pairs`): at most this
# much work in all, counted as edges visited (one search per person of a pair's smaller
# side, each over its component's edges). Fixed in work, not in searches: KADABRA's cost
# grows far slower than the number of edges (its bidirectional searches stop early), so
# a budget of 1,000 searches, about 60,000,000 edge visits at 20,000 connected people,
# cost more than KADABRA itself at 200,000 (1,000 searches of 600,000 edges). At that
# size this budget buys about 100 searches: pairs with a small side.
EXACT_PAIR_WORK = 60_000_000
# A further target organisation on searches already paid for costs its accumulation
# only: a quarter of a search counted against that budget (one more accumulation added
# about 0.2 of a one-target search's time, numpy, 20,000 connected people, under load).
EXTRA_TARGET_SHARE = 0.25
# From this many target organisations on, one numpy search with an accumulation per
# target beats one igraph subset search per target (CPU ms per source at 20,000
# connected people, load 3.5: numpy 4.1 / 6.2 / 6.0 / 6.1 / 6.8 for 1 / 2 / 3 / 4 / 6
# targets, igraph 1.9 / 4.5 / 5.1 / 5.9 / 9.6). The budget above still charges a further
# target a quarter of a search: what an igraph search per target costs is more, but no
# more than the numpy searches cost before this threshold.
SHARED_FROM_TARGETS = 5
# From this much planned work (edges visited) on, ``exact_pairs(split=True)`` searches
# half in a forked child: about 30 searches at 20,000 connected people, where a fork
# and the results' trip back cost a few milliseconds against 2 ms a search.
SPLIT_FROM_WORK = 2_000_000
# Chunks per searched side, shared out between the two processes as each is free: the
# last chunk is the most either can wait for the other (38 of 608 searches at 20,000).
SPLIT_CHUNKS = 16

Pair = tuple[Hashable, Hashable]

__all__ = ["EXACT_PAIR_WORK", "EXACT_WORK", "PAIR_EPSILON", "Method", "Pair",
           "PairDependency", "betweenness", "exact_pairs", "pair_dependency"]


@dataclass(frozen=True)
class Method:
    """How a figure was computed, for the output to say."""

    name: str  # "exact" or "sampled"
    algorithm: str
    epsilon: float | None = None
    delta: float | None = None
    sources: int | None = None
    samples: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def betweenness(G: nx.Graph, *, exact_work: int = EXACT_WORK,
                epsilon: float = DEFAULT_EPSILON, delta: float = DEFAULT_DELTA,
                seed: int = 0, indexed: Indexed | None = None, threads: int | None = None
                ) -> tuple[dict[Hashable, float], Method]:
    """Betweenness of every node, normalised as networkx does for undirected graphs.

    Exact while the graph's work (sum of people x edges over components) is at most
    ``exact_work``; above it, KADABRA estimates every value within ``epsilon`` with
    probability at least ``1 - delta``, on ``threads`` of networkit's threads (its
    default, every core, when ``None``; the setting is the calling thread's own, put
    back afterwards).

    Examples
    --------
    >>> G = nx.path_graph(4)
    >>> values, method = betweenness(G)
    >>> values[1], method.name
    (0.6666666666666666, 'exact')
    """
    idx = indexed or Indexed.of(G)
    n = len(idx.nodes)
    if n < 3 or len(idx.src) == 0:
        return dict.fromkeys(idx.nodes, 0.0), Method("exact", "trivial")
    scale = 2.0 / ((n - 1) * (n - 2))
    if idx.work() <= exact_work:
        raw = idx.igraph.betweenness(directed=False)
        return ({node: raw[i] * scale for i, node in enumerate(idx.nodes)},
                Method("exact", "Brandes (igraph)"))
    import networkit as nk

    nk.setSeed(seed, True)
    # networkit's algorithm objects do not keep their graph alive: hold it here.
    graph = idx.networkit()
    kadabra = nk.centrality.KadabraBetweenness(graph, epsilon, delta, deterministic=True)
    before = nk.getMaxNumberOfThreads()
    if threads is not None:
        nk.setNumberOfThreads(max(1, threads))
    try:
        kadabra.run()
    finally:
        nk.setNumberOfThreads(before)
    # networkit normalises by unordered pairs over n(n-1)/2; networkx by (n-1)(n-2)/2.
    factor = n / (2.0 * (n - 2))
    scores = kadabra.scores()
    return ({node: scores[i] * factor for i, node in enumerate(idx.nodes)},
            Method("sampled", "KADABRA (networkit)", epsilon=epsilon, delta=delta))


@dataclass
class PairDependency:
    """How many cross-organisation pairs of people depend on each person.

    The dependency of person ``v`` on organisation pair (A, B) is the number of pairs
    {s in A, t in B} (s, t != v) whose shortest paths pass through ``v``, each pair
    counted by the fraction of its shortest paths that do (Brandes' pair dependency).
    ``values[i, j]`` holds it for vertex ``i`` and pair ``keys[j]``, non-zeros only (a
    sparse matrix: people x pairs is too large to hold densely on a national graph).
    ``pairs[(A, B)]`` counts connected A-B pairs; ``cross_pairs[v]`` the connected pairs
    of people of different organisations that do not include ``v``; ``error[v]`` the
    stated error of ``v``'s share of them (0 where exact). Pairs are tuples of
    organisation ids in a fixed order.
    """

    indexed: Indexed
    keys: list[Pair]
    values: sp.csr_array
    pairs: dict[Pair, int]
    cross_pairs: np.ndarray
    component: np.ndarray  # each vertex's component, an index into ``sizes``
    sizes: list[dict[Hashable, int]]  # people per organisation, per component
    error: np.ndarray
    method: Method = Method("exact", "Brandes subsets (igraph)")
    exact: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per component
    exact_pairs: frozenset[Pair] = frozenset()  # pairs exact in every component

    def is_exact(self, vertex: int, pair: Pair) -> bool:
        """Whether ``values[vertex, pair]`` is exact: the vertex's component was taken
        exactly, or the pair was (:func:`exact_pairs`)."""
        return pair in self.exact_pairs or bool(self.exact[self.component[vertex]])

    def with_exact(self, columns: Mapping[Pair, np.ndarray]) -> PairDependency:
        """A copy whose columns for ``columns``' pairs are the given exact values.

        ``cross()`` of the copy mixes exact and sampled values; the stated error of the
        cross-organisation share is the sampled one's, so take it from the original."""
        if not columns:
            return self
        keys = list(self.keys)
        code = {k: j for j, k in enumerate(keys)}
        for pair in columns:
            code.setdefault(pair, len(keys))
            if len(keys) < len(code):
                keys.append(pair)
        coo = self.values.tocoo()
        drop = np.isin(coo.col, [code[p] for p in columns])
        rows, cols, vals = [coo.row[~drop]], [coo.col[~drop]], [coo.data[~drop]]
        for pair, column in columns.items():
            hit = np.flatnonzero(column > 1e-12)
            rows.append(hit)
            cols.append(np.full(len(hit), code[pair]))
            vals.append(column[hit])
        values = sp.csr_array((np.concatenate(vals), (np.concatenate(rows).astype(np.int64),
                                                      np.concatenate(cols).astype(np.int64))),
                              shape=(self.values.shape[0], len(keys)))
        return replace(self, keys=keys, values=values,
                       exact_pairs=self.exact_pairs | frozenset(columns))

    def exact_only(self) -> PairDependency:
        """A copy holding only the exact values (``is_exact``)."""
        V = self.values
        rows = np.repeat(np.arange(V.shape[0]), np.diff(V.indptr))
        exact_cols = np.array([k in self.exact_pairs for k in self.keys], dtype=bool)
        keep = self.exact[self.component[rows]] | exact_cols[V.indices]
        values = sp.csr_array((V.data[keep], (rows[keep], V.indices[keep])), shape=V.shape)
        return replace(self, values=values)

    def of(self, person: Hashable) -> dict[Pair, float]:
        """Non-zero dependencies of one person."""
        i = self.indexed.index[person]
        lo, hi = self.values.indptr[i], self.values.indptr[i + 1]
        return {self.keys[j]: float(x) for j, x in zip(
            self.values.indices[lo:hi].tolist(), self.values.data[lo:hi].tolist(),
            strict=True) if x > 1e-12}

    def cross(self) -> np.ndarray:
        """Total cross-organisation pair dependency per vertex."""
        return np.asarray(self.values.sum(axis=1)).ravel()

    def pair_count(self, vertex: int, pair: Pair, without: Hashable | None = None) -> int:
        """Pairs of people {s in A, t in B} in ``vertex``'s component, leaving out a
        person of ``without``."""
        sizes = self.sizes[self.component[vertex]]
        a = sizes.get(pair[0], 0) - (pair[0] == without)
        b = sizes.get(pair[1], 0) - (pair[1] == without)
        return int(a * b)


def pair_dependency(G: nx.Graph, partition: Mapping[Hashable, Hashable], *,
                    exact_work: int = EXACT_WORK, seed: int = 0,
                    indexed: Indexed | None = None, epsilon: float = PAIR_EPSILON,
                    delta: float = DEFAULT_DELTA, max_sources: int = MAX_SOURCES
                    ) -> PairDependency:
    """Per person, the organisation pairs whose shortest paths run through them.

    While the work (people x edges x organisations / 2, summed over components) is at
    most ``exact_work``, each component's pairs (A, B) come from igraph's subset
    betweenness from the people of A to the people of B: exact. Above it, components are
    taken exactly, smallest first, while the budget lasts; the rest are sampled
    (:mod:`graph.analysis.pair_sampling`): random pairs of people of different
    organisations and one of their shortest paths each, sources drawn in rounds until
    every person's share of cross-organisation pairs has a confidence interval at level
    ``1 - delta`` no wider than ``± epsilon``, or ``max_sources`` sources per component
    are spent. ``method.epsilon`` is the largest half-width reached: the stated error of
    every person's share (on the 20,000-person connected graph every person was within
    it). Each person's own half-width, in ``error``, is floored at Wilson's bound for a
    share never hit (:meth:`Sampler.error`): without the floor it was too narrow where
    hits are rare.
    Pair values are the same samples split by pair, unbiased but without a bound of their
    own (``bench/RESULTS.md`` measures them).
    """
    idx = indexed or Indexed.of(G)
    n = len(idx.nodes)
    degree = idx.degree()
    orgs = OrgMatrix.of(idx, partition).of_vertices()
    grouped: list[dict[Hashable, np.ndarray]] = []
    works = []
    for comp in idx.components:
        by_org: dict[Hashable, list[int]] = {}
        for i in comp.tolist():
            by_org.setdefault(orgs[i], []).append(i)
        grouped.append({o: np.asarray(v) for o, v in by_org.items()})
        works.append(len(comp) * int(degree[comp].sum()) // 2 * max(0, len(by_org) - 1) // 2)
    exact = np.ones(len(works), dtype=bool)
    if sum(works) > exact_work:
        spent = 0
        for c in np.argsort(works, kind="stable").tolist():
            spent += works[c]
            exact[c] = spent <= exact_work
    _check_budget(idx, degree, works, exact, max_sources)
    rng = np.random.default_rng(seed)
    adjacency = idx.adjacency(weighted=False) if not exact.all() else None
    keys: dict[Pair, int] = {}
    pairs: dict[Pair, int] = {}
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    cross_pairs = np.zeros(n, dtype=np.int64)
    component = np.zeros(n, dtype=np.int64)
    error = np.zeros(n)
    sizes_of: list[dict[Hashable, int]] = []
    sources = samples = 0
    widest = 0.0
    for c, (comp, groups) in enumerate(zip(idx.components, grouped, strict=True)):
        n_c = len(comp)
        sizes = {o: len(m) for o, m in groups.items()}
        sizes_of.append(sizes)
        component[comp] = c
        total_cross = (n_c * n_c - sum(s * s for s in sizes.values())) // 2
        own = np.array([sizes[orgs[i]] for i in comp.tolist()])
        cross_pairs[comp] = total_cross - (n_c - own)
        if len(groups) < 2 or n_c < 3:
            continue
        ordered = sorted(groups, key=str)
        for a, b in combinations(ordered, 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + sizes[a] * sizes[b]
        if exact[c]:
            parts = _exact_component(idx, comp, groups, ordered)
        else:
            assert adjacency is not None
            sampler = Sampler(adjacency[comp][:, comp], _local_codes(comp, orgs, ordered),
                              len(ordered), rng)
            sampler.run(epsilon, delta, min(MIN_SOURCES, max_sources), max_sources)
            parts = _sampled_component(sampler, comp, ordered, sizes)
            error[comp] = sampler.error(delta)
            sources += sampler.sources
            samples += sampler.samples
            widest = max(widest, float(error[comp].max()))
        for (a, b), (local, values) in parts.items():
            j = keys.setdefault((a, b), len(keys))
            rows.append(comp[local])
            cols.append(np.full(len(local), j, dtype=np.int64))
            vals.append(values)
    values = sp.csr_array(
        (np.concatenate(vals) if vals else np.zeros(0),
         (np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64),
          np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64))),
        shape=(n, len(keys)))
    method = Method("exact", "Brandes subsets (igraph)")
    if not exact.all():
        method = Method("sampled", "shortest paths of random cross-organisation pairs of "
                        "people, sources drawn until the widest half-width of the "
                        f"people's {1 - delta:.0%} confidence intervals (normal "
                        "approximation) is at most epsilon, the error stated for every "
                        "person's share; exact in components within the work budget",
                        epsilon=round(widest, 5), delta=delta, sources=sources,
                        samples=samples)
    return PairDependency(idx, list(keys), values, pairs, cross_pairs, component, sizes_of,
                          error, method, exact)


def exact_pairs(dep: PairDependency, partition: Mapping[Hashable, Hashable],
                pairs: Iterable[Pair], *, work: float = EXACT_PAIR_WORK,
                split: bool = False, meanwhile: Callable[[], None] | None = None
                ) -> dict[Pair, np.ndarray]:
    """Every person's exact dependency on each of ``pairs``, taken in the order given while
    the budget lasts: ``work`` edges visited in all (one search per person of the
    searched side in each sampled component, each costing its component's edges; a
    pair that does not fit is skipped, a later smaller one may still fit).

    A pair (A, B) is taken, in each sampled component, from one side's people: a side
    already searched for an earlier pair serves it for ``EXTRA_TARGET_SHARE`` of its
    searches' cost (one search from a source carries an accumulation per target
    organisation, :mod:`graph.analysis.shared_searches`), else the smaller side is
    searched.

    Sampled pair values are unbiased but not bounded: one search from a source serves a
    batch of targets (:mod:`graph.analysis.pair_sampling`), so a pair with a small
    organisation rests on the few sources drawn from it (off by up to 0.19 of the pair's
    pairs for the top people on the 20,000-person connected graph, ``bench/RESULTS.md``).
    A figure the report quotes is therefore computed here: Brandes' accumulation from
    each person of the searched side with only the other side's people as targets, which
    gives every person's dependency on the pair at once. Components taken exactly
    already hold exact values and keep them.

    With ``split`` (and a fork, two cores and at least ``SPLIT_FROM_WORK``), the searched
    sides' people are searched in chunks shared with a forked child process
    (:func:`graph.analysis.forked.share_out`): igraph holds the GIL, so a thread would
    not help. ``meanwhile()`` (work of the caller's that needs no exact value) runs in
    this thread before it takes its share, while the child searches; it runs first
    when nothing is split, and always exactly once.
    """
    idx = dep.indexed
    sampled = ~dep.exact[dep.component] if len(dep.exact) else np.zeros(0, dtype=bool)
    if not sampled.any():
        if meanwhile is not None:
            meanwhile()
        return {}
    by_code = OrgMatrix.of(idx, partition)
    orgs = np.array([str(k) for k in by_code.keys])[by_code.codes]
    degree = idx.degree()
    edges = np.bincount(dep.component, weights=degree) / 2  # per component
    # People of each organisation per sampled component, found once for every pair.
    listed: dict[tuple[int, str], list[int]] = {}
    where = np.flatnonzero(sampled)
    for c, o, v in zip(dep.component[where].tolist(), orgs[where].tolist(), where.tolist(),
                       strict=True):
        listed.setdefault((c, o), []).append(v)
    members = {k: np.asarray(v, dtype=np.int64) for k, v in listed.items()}
    comps_of: dict[str, set[int]] = {}
    for c, o in members:
        comps_of.setdefault(o, set()).add(c)
    # Per (component, searched organisation), the target organisations, in order.
    plan: dict[tuple[int, str], list[str]] = {}
    served: dict[Pair, list[tuple[int, str, str]]] = {}
    spent = 0.0
    for pair in dict.fromkeys(pairs):
        if pair in served:
            continue
        a, b = str(pair[0]), str(pair[1])
        steps: list[tuple[int, str, str]] = []
        cost = 0.0
        for c in sorted(comps_of.get(a, set()) & comps_of.get(b, set())):
            if (c, a) in plan or (c, b) in plan:
                source = a if (c, a) in plan else b
                # The search is paid for; a further target's accumulation is not free.
                cost += EXTRA_TARGET_SHARE * len(members[(c, source)]) * float(edges[c])
            else:
                source = a if len(members[(c, a)]) <= len(members[(c, b)]) else b
                cost += len(members[(c, source)]) * float(edges[c])
            steps.append((c, source, b if source == a else a))
        if spent + cost > work:
            continue
        spent += cost
        for c, source, target in steps:
            targets = plan.setdefault((c, source), [])
            if target not in targets:
                targets.append(target)
        served[pair] = steps
    found = _search_plan(idx, dep, members, plan, split=split and spent >= SPLIT_FROM_WORK,
                         meanwhile=meanwhile or (lambda: None))
    keys = {k: j for j, k in enumerate(dep.keys)}
    out: dict[Pair, np.ndarray] = {}
    for pair, steps in served.items():
        column = np.zeros(len(idx.nodes))
        for c, source, target in steps:
            column += found[(c, source)][target]
        j = keys.get(pair)
        if j is not None:  # the exactly taken components' values, already exact
            kept = dep.values[:, [j]].toarray().ravel()
            column = np.where(sampled, column, kept)
        out[pair] = column
    return out


def _search_plan(idx: Indexed, dep: PairDependency,
                 members: Mapping[tuple[int, str], np.ndarray],
                 plan: Mapping[tuple[int, str], list[str]], *, split: bool,
                 meanwhile: Callable[[], None]
                 ) -> dict[tuple[int, str], dict[str, np.ndarray]]:
    """``_searched`` for every (component, searched organisation) of the plan, after
    ``meanwhile()``; with ``split``, its people in chunks shared with a forked child."""
    if not split or not can_fork():
        meanwhile()
        return {key: _searched(idx, dep, members, key, targets, members[key])
                for key, targets in plan.items()}
    # igraph's graph and the numpy searches' adjacency, built once before the fork.
    idx.igraph  # noqa: B018
    local = {key[0]: _local_adjacency(idx, key[0]) for key, targets in plan.items()
             if len(targets) >= SHARED_FROM_TARGETS}
    tasks = [(key, chunk) for key in plan
             for chunk in np.array_split(members[key], min(SPLIT_CHUNKS, len(members[key])))]

    def task(i: int) -> dict[str, np.ndarray]:
        key, sources = tasks[i]
        return _searched(idx, dep, members, key, plan[key], sources, local.get(key[0]))

    done = share_out(len(tasks), task, meanwhile=meanwhile, what="de exakta parvärdena")
    found: dict[tuple[int, str], dict[str, np.ndarray]] = {}
    for (key, _), part in zip(tasks, done, strict=True):  # in task order: deterministic
        into = found.setdefault(key, {})
        for target, column in part.items():
            into[target] = into[target] + column if target in into else column
    return found


def _local_adjacency(idx: Indexed, c: int) -> sp.csr_array:
    comp = idx.components[c]
    return idx.adjacency(weighted=False)[comp][:, comp]


def _searched(idx: Indexed, dep: PairDependency, members: Mapping[tuple[int, str], np.ndarray],
              key: tuple[int, str], targets: list[str], sources: np.ndarray,
              adjacency: sp.csr_array | None = None) -> dict[str, np.ndarray]:
    """Per target organisation, every vertex's dependency on the pairs {s of
    ``sources`` (people of the searched organisation), t of the target} in one
    component."""
    c = key[0]
    if len(targets) < SHARED_FROM_TARGETS:  # igraph's C code, one call per target
        return {target: _subset(idx.igraph, sources, members[(c, target)])
                for target in targets}
    comp = idx.components[c]
    searches = ComponentSearches(_local_adjacency(idx, c) if adjacency is None else adjacency)
    classes = np.zeros((len(comp), len(targets)))
    for j, target in enumerate(targets):
        classes[np.searchsorted(comp, members[(c, target)]), j] = 1.0
    local = searches.dependency(np.searchsorted(comp, sources), classes)
    out = {}
    for j, target in enumerate(targets):
        column = np.zeros(len(idx.nodes))
        column[comp] = local[:, j]
        out[target] = column
    return out


def _subset(graph: Any, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Brandes' pair dependency of every vertex on the pairs {s in sources, t in
    targets}, the two sets disjoint: each pair counted once, by the share of its
    shortest paths through the vertex."""
    # igraph halves subset betweenness on undirected graphs, as if each pair were
    # counted in both directions.
    return 2.0 * np.asarray(graph.betweenness(directed=False, sources=sources.tolist(),
                                              targets=targets.tolist()))


def _check_budget(idx: Indexed, degree: np.ndarray, works: list[int], exact: np.ndarray,
                  max_sources: int) -> None:
    """Refuse up front what cannot fit the query budget in force (if any): time from
    the exact work and the fewest sources sampling may stop at, memory from the largest
    sampled component's per-source arrays (about 12 arrays of its directed edges) and
    the hits held before they are merged."""
    sampled = [int(degree[c].sum()) for c, e in zip(idx.components, exact, strict=True)
               if not e]
    seconds = (sum(w for w, e in zip(works, exact, strict=True) if e) / EXACT_RATE
               + sum(min(MIN_SOURCES, max_sources) * m * SOURCE_SECONDS_PER_EDGE / 2
                     for m in sampled))
    memory = (12 * 8 * max(sampled, default=0) + 2 * 8 * 4_000_000) / 2**20 if sampled else 0
    check(seconds=seconds, memory_mb=memory)


def _local_codes(comp: np.ndarray, orgs: list[Hashable], ordered: list[Hashable]
                 ) -> np.ndarray:
    code = {o: k for k, o in enumerate(ordered)}
    return np.array([code[orgs[i]] for i in comp.tolist()], dtype=np.int64)


def _exact_component(idx: Indexed, comp: np.ndarray, groups: dict[Hashable, np.ndarray],
                     ordered: list[Hashable]) -> dict[Pair, tuple[np.ndarray, np.ndarray]]:
    """Every pair's non-zero dependencies in one component (local vertex ids)."""
    # copy_and_delete keeps the vertices' relative order: local k is comp[k].
    sub = idx.igraph.induced_subgraph(comp.tolist(), implementation="copy_and_delete")
    local = {o: np.searchsorted(comp, m) for o, m in groups.items()}
    out = {}
    for a, b in combinations(ordered, 2):
        column = _subset(sub, local[a], local[b])
        hit = np.flatnonzero(column > 1e-12)
        if len(hit):
            out[(a, b)] = (hit, column[hit])
    return out


def _sampled_component(sampler: Sampler, comp: np.ndarray, ordered: list[Hashable],
                       sizes: dict[Hashable, int]
                       ) -> dict[Pair, tuple[np.ndarray, np.ndarray]]:
    """Sample counts scaled to pairs of people: each sample stands for
    ``ordered pairs / samples`` ordered pairs, half as many unordered ones."""
    k = len(ordered)
    vertex, code = np.divmod(sampler.keys, k * k)
    lo, hi = np.divmod(code, k)
    scale = sampler.ordered_pairs / 2 / max(sampler.samples, 1)
    out = {}
    order = np.lexsort((vertex, code))
    vertex, lo, hi, counts = vertex[order], lo[order], hi[order], sampler.counts[order]
    bounds = np.flatnonzero(np.diff(code[order])) + 1
    for part in np.split(np.arange(len(vertex)), bounds):
        if not len(part):
            continue
        a, b = ordered[int(lo[part[0]])], ordered[int(hi[part[0]])]
        # A sampled value never exceeds the pairs there are.
        values = np.minimum(counts[part] * scale, sizes[a] * sizes[b])
        out[(a, b)] = (vertex[part], values)
    return out

"""Betweenness and organisation-pair dependency on shortest paths, at any size.

Exact results come from igraph's Brandes implementation (C). Above a work budget,
betweenness is estimated with KADABRA (Borassi & Natale 2016; networkit), which bounds the
additive error of every node at once, and organisation-pair dependency is estimated from a
stratified sample of source people (Brandes & Pich 2007), which is unbiased. Every result
says which method produced it.

The networkx functions ``betweenness_centrality`` and ``betweenness_centrality_subset``
define the numbers; tests check these functions against them.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis.indexed import Indexed, org_key

# Work is measured as sum over components of (people x edges): the cost of one exact
# Brandes pass. igraph manages about 4e7 units a second on the reference machine.
EXACT_WORK = 100_000_000
DEFAULT_EPSILON = 0.005
DEFAULT_DELTA = 0.1

Pair = tuple[Hashable, Hashable]

__all__ = ["EXACT_WORK", "Method", "Pair", "PairDependency", "betweenness",
           "pair_dependency"]


@dataclass(frozen=True)
class Method:
    """How a figure was computed, for the output to say."""

    name: str  # "exact" or "sampled"
    algorithm: str
    epsilon: float | None = None
    delta: float | None = None
    sources: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def betweenness(G: nx.Graph, *, exact_work: int = EXACT_WORK,
                epsilon: float = DEFAULT_EPSILON, delta: float = DEFAULT_DELTA,
                seed: int = 0, indexed: Indexed | None = None
                ) -> tuple[dict[Hashable, float], Method]:
    """Betweenness of every node, normalised as networkx does for undirected graphs.

    Exact while the graph's work (sum of people x edges over components) is at most
    ``exact_work``; above it, KADABRA estimates every value within ``epsilon`` with
    probability at least ``1 - delta``.

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
    kadabra.run()
    # networkit normalises by unordered pairs over n(n-1)/2; networkx by (n-1)(n-2)/2.
    factor = n / (2.0 * (n - 2))
    scores = kadabra.scores()
    return ({node: scores[i] * factor for i, node in enumerate(idx.nodes)},
            Method("sampled", "KADABRA (networkit)", epsilon=epsilon, delta=delta))


@dataclass
class Block:
    """Pair dependency inside one component: ``values[i, j]`` for person ``people[i]``
    and organisation pair ``pairs[j]``."""

    people: np.ndarray  # vertex ids
    pairs: list[Pair]
    values: np.ndarray
    sizes: dict[Hashable, int]  # people per organisation in this component

    def pair_count(self, pair: Pair, without: Hashable | None = None) -> int:
        """Pairs of people {s in A, t in B} here, leaving out a person of ``without``."""
        a = self.sizes[pair[0]] - (pair[0] == without)
        b = self.sizes[pair[1]] - (pair[1] == without)
        return int(a * b)


@dataclass
class PairDependency:
    """How many cross-organisation pairs of people depend on each person.

    The dependency of person ``v`` on organisation pair (A, B) is the number of pairs
    {s in A, t in B} (s, t != v) whose shortest paths pass through ``v``, each pair
    counted by the fraction of its shortest paths that do (Brandes' pair dependency).
    ``pairs[(A, B)]`` counts connected A-B pairs; ``cross_pairs[v]`` the connected pairs
    of people of different organisations that do not include ``v``. Pairs are tuples of
    organisation ids in a fixed order.
    """

    indexed: Indexed
    blocks: list[Block] = field(default_factory=list)
    pairs: dict[Pair, int] = field(default_factory=dict)
    cross_pairs: np.ndarray = field(default_factory=lambda: np.zeros(0))
    method: Method = Method("exact", "Brandes subsets (igraph)")

    def of(self, person: Hashable) -> dict[Pair, float]:
        """Non-zero dependencies of one person."""
        i = self.indexed.index[person]
        for block in self.blocks:
            hit = np.searchsorted(block.people, i)
            if hit < len(block.people) and block.people[hit] == i:
                row = block.values[hit]
                return {block.pairs[j]: float(row[j]) for j in np.nonzero(row > 1e-12)[0]}
        return {}

    def cross(self) -> np.ndarray:
        """Total cross-organisation pair dependency per vertex."""
        out = np.zeros(len(self.indexed.nodes))
        for block in self.blocks:
            out[block.people] = block.values.sum(axis=1)
        return out


def pair_dependency(G: nx.Graph, partition: Mapping[Hashable, Hashable], *,
                    exact_work: int = EXACT_WORK, seed: int = 0,
                    indexed: Indexed | None = None) -> PairDependency:
    """Per person, the organisation pairs whose shortest paths run through them.

    For each component and each pair of organisations (A, B) in it, igraph's subset
    betweenness from the people of A to the people of B gives every person's share.
    When the work exceeds ``exact_work``, the sources of each organisation are a random
    sample (at least 5 or all of them) and the sums are scaled up: an unbiased estimate.
    """
    idx = indexed or Indexed.of(G)
    degree = np.asarray(idx.igraph.degree())
    orgs = [org_key(partition, n) for n in idx.nodes]
    grouped: list[dict[Hashable, np.ndarray]] = []
    work = 0
    for comp in idx.components:
        by_org: dict[Hashable, list[int]] = {}
        for i in comp.tolist():
            by_org.setdefault(orgs[i], []).append(i)
        grouped.append({o: np.asarray(v) for o, v in by_org.items()})
        work += len(comp) * int(degree[comp].sum()) // 2 * max(0, len(by_org) - 1) // 2
    rate = 1.0 if work <= exact_work else exact_work / work
    rng = np.random.default_rng(seed)
    result = PairDependency(idx, cross_pairs=np.zeros(len(idx.nodes), dtype=np.int64))
    used = 0
    for comp, groups in zip(idx.components, grouped, strict=True):
        n_c = len(comp)
        sizes = {o: len(m) for o, m in groups.items()}
        total_cross = (n_c * n_c - sum(s * s for s in sizes.values())) // 2
        own = np.array([sizes[orgs[i]] for i in comp.tolist()])
        result.cross_pairs[comp] = total_cross - (n_c - own)
        if len(groups) < 2 or n_c < 3:
            continue
        # copy_and_delete keeps the vertices' relative order: local k is comp[k].
        sub = idx.igraph.induced_subgraph(comp.tolist(), implementation="copy_and_delete")
        local = {o: np.searchsorted(comp, m) for o, m in groups.items()}
        sources = {}
        for o, members in local.items():
            k = len(members) if rate >= 1 else min(len(members),
                                                   max(5, math.ceil(len(members) * rate)))
            sources[o] = members if k == len(members) else rng.choice(members, k,
                                                                      replace=False)
            used += k
        pairs = list(combinations(sorted(local, key=str), 2))
        values = np.zeros((n_c, len(pairs)))
        for j, (a, b) in enumerate(pairs):
            result.pairs[(a, b)] = result.pairs.get((a, b), 0) + sizes[a] * sizes[b]
            src = sources[a]
            # igraph halves subset betweenness on undirected graphs; a pair {s, t} with
            # s in A and t in B appears once in the A -> B sum.
            factor = 2.0 * len(local[a]) / len(src)
            values[:, j] = np.asarray(sub.betweenness(
                directed=False, sources=src.tolist(), targets=local[b].tolist())) * factor
        result.blocks.append(Block(comp, pairs, values, sizes))
    if rate < 1:
        result.method = Method("sampled", "Brandes subsets from stratified sample of "
                               "sources (igraph)", sources=used)
    return result

"""Boundary spanners (gränsöverskridare): who holds the parties together, and why.

The score
---------
Each person's ``score`` in 0..1 is a weighted sum of five parts, each scaled to 0..1:

=====================================  ======  =============================================
part                                   weight  scaled as
=====================================  ======  =============================================
cross-organisation brokerage           0.40    share / highest share in the graph
betweenness                            0.20    value / highest value in the graph
brokerage opportunity (1 - constraint) 0.15    clipped to 0..1; no contacts counts as 0
participation coefficient              0.15    as is (0 = one organisation, ->1 = spread)
organisations reached directly         0.10    count / highest count in the graph
=====================================  ======  =============================================

Cross-organisation brokerage weighs most because it is what the director asks about: whose
departure would lengthen or cut the paths between parties. Betweenness adds brokerage in
general (within a large party too); constraint and participation reward a network that
spans structural holes rather than one closed group.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from dataclasses import dataclass
from functools import partial
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.analysis.betweenness import (
    EXACT_PAIR_WORK,
    EXACT_WORK,
    Method,
    Pair,
    PairDependency,
    betweenness,
    exact_pairs,
    pair_dependency,
)
from graph.analysis.brokerage import ALL_ROLES, role_counts, significance
from graph.analysis.forked import usable_cores
from graph.analysis.indexed import Indexed, OrgMatrix
from graph.analysis.projection import organisation_tree
from graph.analysis.structural_holes import constraint, effective_size
from graph.core.gc_pause import gc_paused

BetweennessSource = Callable[[nx.Graph], tuple[dict[Hashable, float], Method] | None]

# Below this share of an organisation pair's shortest paths, "connects A with B" overstates.
BRIDGE_SHARE = 0.25
# KADABRA's error bound where betweenness is sampled. No sentence states a betweenness;
# it is a fifth of the score, divided by the graph's highest value, so ± 0.01 moves a
# score by about 0.2 x 0.01 / highest (0.014 at 20,000 connected people, highest 0.145;
# up to twice that where the highest is off too). KADABRA's samples grow as
# 1 / epsilon^2: at 20,000 connected people one thread took 1.37 CPU s at 0.01 against
# 5.87 s at 0.005 (load 4.7), and at 0.005 it alone was most of the report's time.
# ``method.betweenness`` states the bound.
BETWEENNESS_EPSILON = 0.01
WEIGHTS = {"cross_org_brokerage": 0.40, "betweenness": 0.20, "openness": 0.15,
           "participation": 0.15, "reach": 0.10}


def organisation_at_level(G: nx.Graph, level: int | None) -> dict[Hashable, Hashable]:
    """Each person's organisation at a level of the organisation tree.

    ``0`` is the top-level party (Arbetsförmedlingen), ``1`` the level below it (AF
    Lundaregionen), and so on; a person whose organisation is shallower keeps it.
    ``None`` is the person's own organisation.
    """
    tree = organisation_tree(G)
    at_level: dict[Hashable, Hashable] = {}

    def lift(org: Hashable) -> Hashable:
        if org not in at_level:
            at_level[org] = tree.at_level(str(org), level or 0)
        return at_level[org]

    return {person: (org if level is None else lift(org))
            for person, org in G.nodes(data="organisation") if org is not None}


def participation_coefficient(G: nx.Graph, partition: Mapping[Hashable, Hashable], *,
                              indexed: Indexed | None = None) -> dict[Hashable, float]:
    """Guimerà–Amaral participation over organisations: 1 - sum_s (k_s / k)^2.

    Examples
    --------
    >>> G = nx.star_graph(4)
    >>> participation_coefficient(G, {0: "x", 1: "a", 2: "a", 3: "b", 4: "b"})[0]
    0.5
    """
    idx = indexed or Indexed.of(G)
    values = _participation(OrgMatrix.of(idx, partition).counts)
    return {v: float(values[i]) for i, v in enumerate(idx.nodes)}


def _participation(counts: sp.csr_array) -> np.ndarray:
    degree = np.asarray(counts.sum(axis=1)).ravel()
    squares = np.asarray(counts.multiply(counts).sum(axis=1)).ravel()
    safe = np.where(degree > 0, degree, 1.0)
    return np.where(degree > 0, 1.0 - squares / safe ** 2, 0.0)


class ConnectedPairs:
    """Pairs of people, one in each of two organisations, who reach each other, counted
    over the whole network: the denominator every share states.

    A person in a three-person fragment who carries its one AF-FK pair carries 1 of the
    network's AF-FK pairs, not "1 of 1".
    """

    def __init__(self, idx: Indexed, orgs: OrgMatrix) -> None:
        self.orgs = orgs
        self.code = {k: c for c, k in enumerate(orgs.keys)}
        self.comp_of = np.zeros(len(idx.nodes), dtype=np.int64)
        for c, comp in enumerate(idx.components):
            self.comp_of[comp] = c
        # people per (component, organisation), and per organisation its components
        keys, counts = np.unique(np.column_stack([self.comp_of, orgs.codes]), axis=0,
                                 return_counts=True) if len(idx.nodes) else (
            np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64))
        self.count: dict[tuple[int, int], int] = {}
        self.where: dict[int, dict[int, int]] = {}
        for (c, o), k in zip(keys.tolist(), counts.tolist(), strict=True):
            self.count[(c, o)] = k
            self.where.setdefault(o, {})[c] = k
        # The same counts as one sorted array of ``component * organisations + code``
        # (np.unique sorted them so), for looking up many people at once.
        self._flat = keys[:, 0] * len(orgs.keys) + keys[:, 1]
        self._flat_count = counts.astype(np.int64)
        self.size = np.bincount(self.comp_of, minlength=len(idx.components))
        same = np.zeros(len(idx.components), dtype=np.int64)
        np.add.at(same, keys[:, 0], counts.astype(np.int64) ** 2)
        self.cross_total = int((np.sum(self.size.astype(np.int64) ** 2) - same.sum()) // 2)
        self._pairs: dict[Pair, int] = {}

    def pairs(self, pair: Pair) -> int:
        """Connected pairs {a in A, b in B} in the whole network."""
        found = self._pairs.get(pair)
        if found is None:
            a = self.where.get(self.code.get(pair[0], -1), {})
            b = self.where.get(self.code.get(pair[1], -1), {})
            small, large = (a, b) if len(a) <= len(b) else (b, a)
            found = sum(k * large.get(c, 0) for c, k in small.items())
            self._pairs[pair] = found
        return found

    def pairs_without(self, keys: list[Pair], column: np.ndarray, vertex: np.ndarray
                      ) -> np.ndarray:
        """Per entry, connected A-B pairs in the whole network that do not include
        ``vertex[i]``, where (A, B) is ``keys[column[i]]``: one array pass, not a
        Python call per entry (the report asks for some 60,000 of them)."""
        used = np.unique(column).tolist()
        total = np.zeros(len(keys), dtype=np.int64)
        side = np.full((2, len(keys)), -1, dtype=np.int64)
        for j in used:
            total[j] = self.pairs(keys[j])
            side[0, j], side[1, j] = (self.code.get(o, -1) for o in keys[j])
        own = self.orgs.codes[vertex]
        comp = self.comp_of[vertex]
        a, b = side[0][column], side[1][column]
        # A person of A leaves out the B people of their own component, and so for B.
        left: np.ndarray = (total[column] - np.where(own == a, self._count_at(comp, b), 0)
                            - np.where(own == b, self._count_at(comp, a), 0))
        return left

    def _count_at(self, comp: np.ndarray, code: np.ndarray) -> np.ndarray:
        """People of organisation ``code`` in component ``comp``, per entry (0 for none)."""
        if not len(self._flat):
            return np.zeros(len(code), dtype=np.int64)
        query = comp * len(self.orgs.keys) + code
        at = np.minimum(np.searchsorted(self._flat, query), len(self._flat) - 1)
        return np.where((code >= 0) & (self._flat[at] == query), self._flat_count[at], 0)

    def cross_without(self, vertex: int) -> int:
        """Connected pairs of people of different organisations without ``vertex``."""
        c = int(self.comp_of[vertex])
        return self.cross_total - int(self.size[c]) + self.count[(c, int(self.orgs.codes[vertex]))]

    def present(self) -> list[Pair]:
        """Organisation pairs with people who reach each other, in key order."""
        by_comp: dict[int, list[int]] = {}
        for c, o in self.count:
            by_comp.setdefault(c, []).append(o)
        keys = self.orgs.keys
        out = {_pair_key(keys[x], keys[y]) for members in by_comp.values()
               for i, x in enumerate(members) for y in members[i + 1:]}
        return sorted(out, key=lambda p: (str(p[0]), str(p[1])))


def _pair_key(a: Hashable, b: Hashable) -> Pair:
    return (a, b) if str(a) <= str(b) else (b, a)


@dataclass
class SpannerReport:
    rows: list[dict[str, Any]]
    organisation_pairs: list[dict[str, Any]]
    method: dict[str, dict[str, Any]]


def spanner_report(G: nx.Graph, *, level: int | None = 0, exact_work: int = EXACT_WORK,
                   seed: int = 0, top_pairs: int = 3,
                   betweenness_source: BetweennessSource | None = None,
                   exact_pair_work: float = EXACT_PAIR_WORK) -> SpannerReport:
    """Every person's boundary-spanning figures, score and Swedish explanation.

    Parameters
    ----------
    G : networkx.Graph
        The collaboration graph (:func:`graph.analysis.projection.collaboration_graph`).
    level : int or None
        Organisation level that defines "organisation": 0 is the party.
    exact_work : int
        Above this work, betweenness and pair dependency are sampled (see
        :mod:`graph.analysis.betweenness`).
    betweenness_source : callable, optional
        Computes betweenness elsewhere (Neo4j's Graph Data Science on a large graph); it
        returns ``None`` when it cannot, and the embedded computation runs instead.
    exact_pair_work : float
        Where pair dependency is sampled, the budget (edges visited) of the exact values
        of the pairs the explanations quote (:func:`graph.analysis.betweenness.exact_pairs`): only
        an exact figure is stated, so a row whose pair is over budget says no
        "connects" sentence.

    Returns
    -------
    SpannerReport
        ``rows`` sorted by score (highest first), ``organisation_pairs``, and ``method``
        saying how betweenness, cross-organisation brokerage and the quoted pair values
        were computed.
    """
    # The rows, their pair entries and claims are some 300,000 dicts and lists at 20,000
    # people, on top of the graph's own objects: with the cyclic collector on, its full
    # collections walked everything alive three or four times a report (1.2-1.6 of the
    # main thread's 10-11 CPU s, gc.callbacks, 20,000 connected people, load 3.4-5). The
    # report builds no reference cycles; see graph.core.gc_pause.
    with gc_paused():
        return _spanner_report(G, level=level, exact_work=exact_work, seed=seed,
                               top_pairs=top_pairs, betweenness_source=betweenness_source,
                               exact_pair_work=exact_pair_work)


def _spanner_report(G: nx.Graph, *, level: int | None, exact_work: int, seed: int,
                    top_pairs: int, betweenness_source: BetweennessSource | None,
                    exact_pair_work: float) -> SpannerReport:
    """:func:`spanner_report`, with the cyclic collector paused."""
    partition = organisation_at_level(G, level)  # bad input fails before any thread
    names = _org_names(G)
    idx = Indexed.of(G)
    # The cached components, built before a second thread reads them; from the arrays
    # alone, so that KADABRA starts before anything else (igraph's graph included).
    idx.work()
    external = betweenness_source(G) if betweenness_source is not None else None
    with ThreadPoolExecutor(1) as pool:
        # KADABRA (networkit) leaves the GIL while it runs: everything but the score and
        # the order of the rows runs beside it instead of after it.
        # KADABRA gets one core less than there are: the rest of the report is one
        # thread (the GIL), and on two cores three busy threads left it two thirds of a
        # core while KADABRA's waiting threads spun.
        pending = None if external else pool.submit(
            copy_context().run, partial(betweenness, G, exact_work=exact_work, seed=seed,
                                        epsilon=BETWEENNESS_EPSILON, indexed=idx,
                                        threads=usable_cores() - 1))
        m = _measures(G, idx, partition, names, exact_work, seed)
        dep, connected, orgs = m.dep, m.connected, m.orgs
        # The budget of exact pair values goes to the rows that will rank first: by
        # their score less its betweenness part (all betweenness 0 here), which is
        # still being computed.
        early = _scores(m.share, [0.0] * len(m.share), m.reach, m.constraint,
                        m.participation)
        first = sorted(range(len(early)), key=lambda i: -early[i])
        quoted = _worth_quoting(_top_pairs(dep, 1, connected), dep.keys, first)
        # KADABRA at ε = 0.01 has ended or nearly (1.4 CPU s against the 1.5-2 s of the
        # main thread so far): its core shares the searches, in a forked child, while
        # this thread first builds the rows, which need no exact value.
        rows: list[dict[str, Any]] = []
        exact = exact_pairs(dep, partition, quoted, work=exact_pair_work, split=True,
                            meanwhile=lambda: rows.extend(_row_dicts(G, m, partition, names)))
        refined = dep.with_exact(exact)
        best_pairs = _pair_entries(_top_pairs(refined, top_pairs, connected), refined.keys,
                                   names)
        best_exact = _pair_entries(_top_pairs(refined.exact_only(), 1, connected),
                                   refined.keys, names)
        # Claims and explanations state no betweenness and no score: built here too.
        for i, row in enumerate(rows):
            row["top_pairs"] = best_pairs.get(i, [])
            row["quoted_pair"] = next(iter(best_exact.get(i, [])), None)
            row["claims"] = spanner_claims(row)
            row["explanation"] = explain(row["claims"], row.get("name"))
        by_pair = organisation_pairs(G, idx, orgs, refined, names, connected)
        if external is None:
            assert pending is not None
            external = pending.result()
    bet, bet_method = external
    for row in rows:
        row["betweenness"] = _finite(bet.get(row["person"], 0.0))
    _score(rows)
    rows.sort(key=lambda r: (-r["score"], str(r["person"])))
    pair_method = (Method("exact", "Brandes subsets (igraph)") if dep.method.name == "exact"
                   else Method("exact", "Brandes subsets (igraph; numpy where pairs "
                               "share a searched side) for the pairs the "
                               "explanations quote, within a budget of "
                               f"{exact_pair_work:g} edges visited "
                               f"({len(exact)} organisation pairs); other pair values "
                               "sampled, without a bound of their own, and never quoted"))
    return SpannerReport(
        rows=rows, organisation_pairs=by_pair,
        method={"betweenness": bet_method.as_dict(),
                "cross_org_brokerage": dep.method.as_dict(),
                "pair_values": pair_method.as_dict()})


@dataclass
class _Measures:
    """Every figure of the rows, as columns (index = vertex), before any row exists: the
    early score needs only these, and the rows are built while the exact pair values
    are searched."""

    dep: PairDependency
    connected: ConnectedPairs
    orgs: OrgMatrix
    share: list[float]  # cross-organisation brokerage
    denominator: list[int]
    reach: list[float]
    reached: list[list[Hashable]]
    constraint: list[float | None]
    participation: list[float]
    effective_size: list[float]
    roles: list[list[int]]
    z: list[list[float | None]]
    expected: list[list[float]]


def _measures(G: nx.Graph, idx: Indexed, partition: Mapping[Hashable, Hashable],
              names: Mapping[Hashable, str], exact_work: int, seed: int) -> _Measures:
    """Every row's figures but its betweenness, pairs, score and claims."""
    dep = pair_dependency(G, partition, exact_work=exact_work, seed=seed, indexed=idx)
    counts = role_counts(idx, partition)
    observed = np.column_stack([counts, counts.sum(axis=1)])
    sig = significance(idx, partition, observed)
    cons = constraint(G, indexed=idx)
    esize = effective_size(G, indexed=idx)
    orgs = OrgMatrix.of(idx, partition)
    part = _participation(orgs.counts).tolist()
    cross = dep.cross().tolist()
    connected = ConnectedPairs(idx, orgs)
    reached_of = _reached(orgs, names)
    denominators = [connected.cross_without(i) for i in range(len(idx.nodes))]
    # Python floats and lists, converted once: per-person numpy scalars cost more than
    # the figures themselves on a national graph.
    constraints = [None if c is None else _finite(c) for c in (cons[v] for v in idx.nodes)]
    return _Measures(
        dep=dep, connected=connected, orgs=orgs,
        share=[_finite(x / d) if d else 0.0 for x, d in zip(cross, denominators, strict=True)],
        denominator=denominators, reach=[float(len(r)) for r in reached_of],
        reached=reached_of, constraint=constraints,
        participation=[_finite(x) for x in part],
        effective_size=[_finite(esize[v]) for v in idx.nodes],
        roles=observed.tolist(),
        z=[[None if math.isnan(z) else z for z in row] for row in sig.z.tolist()],
        expected=sig.expected_for_degree.tolist())


def _row_dicts(G: nx.Graph, m: _Measures, partition: Mapping[Hashable, Hashable],
               names: Mapping[Hashable, str]) -> list[dict[str, Any]]:
    """The rows of the measures, betweenness 0 and no pairs, score or claims yet."""
    rows: list[dict[str, Any]] = []
    for i, (v, data) in enumerate(G.nodes(data=True)):
        own = partition.get(v)
        rows.append({
            "person": v, "name": data.get("name"), "organisation": own,
            "organisation_name": names.get(own) if own is not None else None,
            "betweenness": 0.0,
            "cross_org_brokerage": m.share[i],
            "cross_org_pairs": m.denominator[i],
            "top_pairs": [],
            "brokerage": dict(zip(ALL_ROLES, m.roles[i], strict=True)),
            # sna::brokerage()'s z.nli (None where sna gives NA) and the expectation for
            # the person's own number of contacts (graph.analysis.brokerage).
            "brokerage_z": dict(zip(ALL_ROLES, m.z[i], strict=True)),
            "brokerage_expected": {r: round(x, 4)
                                   for r, x in zip(ALL_ROLES, m.expected[i], strict=True)},
            "constraint": m.constraint[i],
            "effective_size": m.effective_size[i],
            "organisations_reached": len(m.reached[i]),
            "reached": m.reached[i],
            "participation_coefficient": m.participation[i],
        })
    return rows


def _pair_entries(best: _Best, keys: list[Pair], names: Mapping[Hashable, str]
                  ) -> dict[int, list[dict[str, Any]]]:
    """Each vertex's entries of ``best``, in its ranked order, as the rows state them.

    The shares are divided as arrays (the same IEEE quotients Python's ``/`` gives) and
    each pair's names looked up once: one dict per entry is what is left per entry.
    """
    total = best.pairs
    share = np.minimum(1.0, np.divide(best.value, total, out=np.zeros(len(total)),
                                      where=total > 0))
    labels = {j: (names.get(keys[j][0], str(keys[j][0])), names.get(keys[j][1], str(keys[j][1])))
              for j in np.unique(best.column).tolist()}
    out: dict[int, list[dict[str, Any]]] = {}
    for vertex, j, value, among, part, exact in zip(
            best.vertex.tolist(), best.column.tolist(), best.value.tolist(), total.tolist(),
            share.tolist(), best.exact.tolist(), strict=True):
        a, b = keys[j]
        out.setdefault(vertex, []).append({
            "organisations": [a, b], "names": list(labels[j]), "pairs_via": round(value, 3),
            "pairs": among, "share": round(part, 4) if among else 0.0, "exact": exact})
    return out


def _org_names(G: nx.Graph) -> dict[Hashable, str]:
    return {k: str(v["name"]) for k, v in G.graph.get("organisations", {}).items()}


def _reached(orgs: OrgMatrix, names: Mapping[Hashable, str]) -> list[list[Hashable]]:
    """Per vertex, the named organisations other than its own it has contacts in, in
    string order: one sort of all contacts instead of one per person."""
    C = orgs.counts
    rows = np.repeat(np.arange(C.shape[0]), np.diff(C.indptr))
    cols = C.indices
    rank = np.argsort(np.argsort([str(k) for k in orgs.keys], kind="stable"))
    named = np.array([k in names for k in orgs.keys], dtype=bool)
    keep = (cols != orgs.codes[rows]) & named[cols]
    rows, cols = rows[keep], cols[keep]
    order = np.lexsort((rank[cols], rows))
    rows, cols = rows[order], cols[order]
    bounds = np.searchsorted(rows, np.arange(C.shape[0] + 1))
    keys = [orgs.keys[k] for k in cols.tolist()]
    return [keys[bounds[i]:bounds[i + 1]] for i in range(C.shape[0])]


def _first_name(name: str | None, fallback: str) -> str:
    return name.split()[0] if name else fallback


def _finite(x: float) -> float:
    return float(x) if math.isfinite(x) else 0.0


@dataclass
class _Best:
    """Pair dependencies chosen per vertex, one entry per index, grouped by vertex
    (ascending) and ranked within it: the vertex, the column of ``dep.keys``, the value,
    the pairs it is out of (people of the two organisations who reach each other
    anywhere in the network, the vertex left out) and whether the value is exact."""

    vertex: np.ndarray
    column: np.ndarray
    value: np.ndarray
    pairs: np.ndarray
    exact: np.ndarray


def _top_pairs(dep: PairDependency, k: int, connected: ConnectedPairs) -> _Best:
    """Each vertex's ``k`` largest pair dependencies (:class:`_Best`)."""
    rows, keep = _ranked(dep, k, by_row=True)
    vertex, column = rows[keep], dep.values.indices[keep].astype(np.int64)
    exact_column = np.array([pair in dep.exact_pairs for pair in dep.keys], dtype=bool)
    # ``dep.is_exact`` for every entry at once.
    exact = exact_column[column] | dep.exact[dep.component[vertex]].astype(bool)
    return _Best(vertex, column, dep.values.data[keep],
                 connected.pairs_without(dep.keys, column, vertex), exact)


def _ranked(dep: PairDependency, k: int, by_row: bool) -> tuple[np.ndarray, np.ndarray]:
    """The vertex of each non-zero, and, in ranked order, the non-zeros among the ``k``
    largest of their row (``by_row``) or of their column within one component.

    Ties go to the pair first in string order (rows) or the lower vertex (columns), as
    one dense array per component sorted stably gave before.
    """
    V = dep.values
    rows = np.repeat(np.arange(V.shape[0]), np.diff(V.indptr))
    pair_rank = np.zeros(len(dep.keys), dtype=np.int64)
    by_name = sorted(range(len(dep.keys)), key=lambda j: (str(dep.keys[j][0]),
                                                          str(dep.keys[j][1])))
    pair_rank[by_name] = np.arange(len(by_name))
    cols = V.indices
    if by_row:
        order = np.lexsort((pair_rank[cols], -V.data, rows))
        group = rows[order]
    else:
        comp = dep.component[rows]
        order = np.lexsort((rows, -V.data, comp, cols))
        group = cols[order] * (len(dep.sizes) + 1) + comp[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    starts = np.flatnonzero(first)
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.append(starts, len(order))))
    chosen = order[(rank < k) & (V.data[order] > 1e-12)]
    return rows, chosen


def _worth_quoting(best: _Best, keys: list[Pair], order: list[int]) -> list[Pair]:
    """The pairs of ``best`` (one per vertex) that would pass :func:`_worth_stating`,
    in the vertices' ``order``."""
    enough = (best.pairs > 0) & (best.value >= 0.5) & (
        np.divide(best.value, best.pairs, out=np.zeros(len(best.value)),
                  where=best.pairs > 0) >= BRIDGE_SHARE)
    column = np.full(len(order), -1, dtype=np.int64)  # ``order`` holds every vertex
    column[best.vertex[enough]] = best.column[enough]
    return [keys[j] for j in column[np.asarray(order, dtype=np.int64)].tolist() if j >= 0]


def _worth_stating(entry: dict[str, Any] | None) -> bool:
    """Whether a pair entry carries enough of its pairs for "connects A with B"."""
    return bool(entry and entry["pairs"] and entry["pairs_via"] >= 0.5
                and entry["share"] >= BRIDGE_SHARE)


def _score(rows: list[dict[str, Any]]) -> None:
    """Each row's ``score`` from its figures (:func:`_scores`)."""
    scores = _scores([float(r["cross_org_brokerage"]) for r in rows],
                     [float(r["betweenness"]) for r in rows],
                     [float(r["organisations_reached"]) for r in rows],
                     [r["constraint"] for r in rows],
                     [r["participation_coefficient"] for r in rows])
    for r, x in zip(rows, scores, strict=True):
        r["score"] = x


def _scores(share: list[float], bet: list[float], reach: list[float],
            constraints: list[float | None], participation: list[float]) -> list[float]:
    # One pass of plain arithmetic per person, in the weights' order (cross-organisation
    # brokerage, betweenness, openness, participation, reach): runs twice a report,
    # and per-person dicts of parts cost more than the sums.
    best_share = max(share, default=0.0) or 1.0
    best_bet = max(bet, default=0.0) or 1.0
    best_reach = max(reach, default=0.0) or 1.0
    w_share, w_bet, w_open, w_part, w_reach = (
        WEIGHTS[k] for k in ("cross_org_brokerage", "betweenness", "openness",
                             "participation", "reach"))
    out = []
    for x_share, x_bet, x_reach, c, x_part in zip(share, bet, reach, constraints,
                                                  participation, strict=True):
        openness = 0.0 if c is None else min(1.0, max(0.0, 1 - c))
        out.append(round(w_share * (x_share / best_share) + w_bet * (x_bet / best_bet)
                         + w_open * openness + w_part * x_part
                         + w_reach * (x_reach / best_reach), 4))
    return out


def spanner_claims(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts of a spanner row that its explanation states (at most two).

    Every number is in the row: ``connects`` is its ``quoted_pair``, the largest of its
    exact pair dependencies (the pairs of people routed via the person, of the pairs in
    the whole network that reach each other; a sampled value is never stated: where
    pair dependency is exact it is the first ``top_pairs`` entry), ``reaches`` its
    ``organisations_reached``, ``liaison`` half its ``brokerage.liaison`` (R counts
    ordered pairs).
    """
    claims: list[dict[str, Any]] = []
    best = row.get("quoted_pair")
    if _worth_stating(best):
        assert best is not None
        claims.append({"claim": "connects", "organisations": best["organisations"],
                       "names": best["names"], "pairs_via": best["pairs_via"],
                       "pairs": best["pairs"], "share": best["share"]})
    reached = row["organisations_reached"]
    if reached >= 2 or (reached == 1 and not claims):
        claims.append({"claim": "reaches", "organisations": reached})
    liaison = row["brokerage"]["liaison"] // 2
    if liaison and len(claims) < 2:
        expected = row.get("brokerage_expected", {}).get("liaison", -1)
        claims.append({"claim": "liaison", "pairs": liaison,
                       "not_above_expected": row["brokerage"]["liaison"] <= expected})
    if claims:
        return claims[:2]
    if row["constraint"] is None:
        return [{"claim": "no_contacts"}]
    return [{"claim": "within", "organisation": row.get("organisation"),
             "organisation_name": row.get("organisation_name")}]


def explain(claims: list[dict[str, Any]], name: str | None = None) -> str:
    """One or two Swedish sentences, one per claim."""
    who = _first_name(name, "personen")
    facts: list[str] = []
    for c in claims:
        kind = c["claim"]
        if kind == "connects":
            a, b = c["names"]
            via = math.floor(c["pairs_via"] + 0.5)
            about = "" if abs(c["pairs_via"] - via) < 1e-9 else "motsvarande "
            facts.append(f"Förbinder {a} med {b}: för {about}{via} av {c['pairs']} par av "
                         f"medarbetare (en på var sida) som når varandra i hela nätverket "
                         f"går kortaste vägen via {who}.")
        elif kind == "reaches":
            n = c["organisations"]
            facts.append(f"Har direkta kontakter i {n} andra organisationer." if n >= 2 else
                         "Har direkta kontakter i en annan organisation.")
        elif kind == "liaison":
            facts.append(f"Länkar samman {c['pairs']} par av kontakter från två olika andra "
                         f"organisationer som saknar direkt kontakt med varandra"
                         + (", vilket inte är fler än väntat för någon med lika många "
                            "kontakter spridda slumpvis över organisationerna."
                            if c.get("not_above_expected") else "."))
        elif kind == "no_contacts":
            facts.append("Saknar registrerade kontakter.")
        elif kind == "within":
            org = c.get("organisation_name") or "den egna organisationen"
            facts.append(f"Ingen gränsöverskridande roll i grafen: alla kontakter finns "
                         f"inom {org}.")
    return " ".join(facts)


def organisation_pairs(G: nx.Graph, idx: Indexed, orgs: OrgMatrix, dep: PairDependency,
                       names: Mapping[Hashable, str],
                       connected: ConnectedPairs | None = None, brokers: int = 3
                       ) -> list[dict[str, Any]]:
    """Per pair of organisations: direct ties, the people who hold them, the pairs of
    people who reach each other (``connected_pairs``, over the whole network) and the
    main brokers, each with their share of those pairs."""
    connected = connected or ConnectedPairs(idx, orgs)
    a, b = orgs.codes[idx.src], orgs.codes[idx.dst]
    cross = a != b
    first = [str(orgs.keys[k]) for k in range(len(orgs.keys))]
    rank = np.argsort(np.argsort(first, kind="stable"))  # string order of organisation keys
    lo = np.where(rank[a] <= rank[b], a, b)[cross]
    hi = np.where(rank[a] <= rank[b], b, a)[cross]
    links: dict[Pair, int] = {}
    people: dict[Pair, set[int]] = {}
    ends = zip(lo.tolist(), hi.tolist(), idx.src[cross].tolist(), idx.dst[cross].tolist(),
               strict=True)
    for x, y, u, v in ends:
        pair = (orgs.keys[x], orgs.keys[y])
        links[pair] = links.get(pair, 0) + 1
        people.setdefault(pair, set()).update((u, v))
    candidates: dict[Pair, list[tuple[float, int, int]]] = {}
    rows, top = _ranked(dep, brokers, by_row=False)
    column = dep.values.indices[top].astype(np.int64)
    among = connected.pairs_without(dep.keys, column, rows[top])
    for v, j, value, n in zip(rows[top].tolist(), column.tolist(),
                              dep.values.data[top].tolist(), among.tolist(), strict=True):
        candidates.setdefault(dep.keys[j], []).append((value, v, n))
    out = []
    for pair in sorted(set(links) | set(connected.present()),
                       key=lambda p: (str(p[0]), str(p[1]))):
        best = sorted(candidates.get(pair, []), key=lambda t: (-t[0] / max(t[2], 1),
                                                               t[1]))[:brokers]
        out.append({
            "organisations": list(pair),
            "names": [names.get(pair[0], str(pair[0])), names.get(pair[1], str(pair[1]))],
            "direct_ties": links.get(pair, 0),
            "people_with_direct_ties": len(people.get(pair, ())),
            "connected_pairs": connected.pairs(pair),
            "main_brokers": [{"person": idx.nodes[v], "name": G.nodes[idx.nodes[v]].get("name"),
                              "pairs_via": round(val, 3), "pairs": among,
                              "share": round(min(1.0, val / among), 4) if among else 0.0,
                              "exact": dep.is_exact(v, pair)}
                             for val, v, among in best],
        })
    return out


__all__ = ["BETWEENNESS_EPSILON", "WEIGHTS", "ConnectedPairs", "SpannerReport", "explain",
           "organisation_at_level", "participation_coefficient", "spanner_claims", "spanner_report"]

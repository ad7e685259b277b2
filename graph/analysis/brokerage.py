"""Gould–Fernandez brokerage roles with a partition (here: organisations).

Counted as R's ``sna::brokerage()`` counts them: a broker ``v`` sits on a two-path
``a -> v -> c`` with ``a != c`` and no tie ``a -> c``; every ordered pair counts, so an
undirected tie counts in both directions and, in an undirected graph, the representative
and gatekeeper counts of a person are equal.

========================  =================================================
role                      groups on the two-path a -> v -> c
========================  =================================================
coordinator               a, v and c in one group
itinerant (consultant)    a and c in one group, v in another
representative            a with v, c elsewhere (v represents its group)
gatekeeper                c with v, a elsewhere (v guards its group)
liaison                   a, v and c in three different groups
========================  =================================================

A person missing from the partition counts as a group of their own.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypedDict

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.analysis.indexed import Indexed, OrgMatrix

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def _closed(X: sp.csr_array, Y: sp.csr_array, Z: sp.csr_array) -> np.ndarray:
    """Per node v, the ordered neighbour pairs (a, c) with v-a in X, a-c in Y, c-v in Z."""
    return np.asarray((X @ Y).multiply(Z).sum(axis=1)).ravel()


def gould_fernandez(G: nx.Graph, partition: Mapping[Hashable, Hashable], *,
                    indexed: Indexed | None = None) -> dict[Hashable, dict[str, int]]:
    """Brokerage role counts of every node of an undirected graph.

    All ordered pairs of neighbours are counted per role from how many neighbours each
    organisation has; the pairs that are tied to each other (triangles) are then taken
    away, counted with sparse products over same-organisation ties ``B`` and
    cross-organisation ties ``X``: ``diag(BBB)`` coordinator, ``diag(BXX)``
    representative (and gatekeeper), ``diag(XBX)`` itinerant, ``diag(XXX)`` liaison.

    Parameters
    ----------
    G : networkx.Graph
    partition : mapping
        Node to group (organisation).

    Returns
    -------
    dict
        Node to ``{"coordinator", "itinerant", "representative", "gatekeeper",
        "liaison", "total"}``.

    Examples
    --------
    A social worker (``v``) between two colleagues at AF who do not know each other:

    >>> G = nx.Graph([("a", "v"), ("v", "c")])
    >>> gould_fernandez(G, {"a": "af", "v": "kommun", "c": "af"})["v"]["itinerant"]
    2
    """
    idx = indexed or Indexed.of(G)
    counts = role_counts(idx, partition)
    totals = counts.sum(axis=1)
    return {v: {**dict(zip(ROLES, counts[i].tolist(), strict=True)), "total": int(totals[i])}
            for i, v in enumerate(idx.nodes)}


def role_counts(idx: Indexed, partition: Mapping[Hashable, Hashable]) -> np.ndarray:
    """:func:`gould_fernandez` as an array: one row per vertex, one column per role of
    ``ROLES`` (no total)."""
    n = len(idx.nodes)
    if n == 0:
        return np.zeros((0, len(ROLES)), dtype=np.int64)
    orgs = OrgMatrix.of(idx, partition)
    codes = orgs.codes
    A = idx.adjacency(weighted=False)
    same = codes[idx.src] == codes[idx.dst]
    ones = np.ones(int(same.sum()))
    B = sp.csr_array(sp.coo_array(
        (np.concatenate([ones, ones]),
         (np.concatenate([idx.src[same], idx.dst[same]]),
          np.concatenate([idx.dst[same], idx.src[same]]))), shape=(n, n)))
    X = sp.csr_array(A - B)
    per_org = orgs.counts
    degree = np.asarray(A.sum(axis=1)).ravel()
    n_own = np.asarray(per_org[np.arange(n), codes]).ravel()
    squares_other = np.asarray(per_org.multiply(per_org).sum(axis=1)).ravel() - n_own ** 2
    rest = degree - n_own
    roles = {
        "coordinator": n_own * (n_own - 1) - _closed(B, B, B),
        "itinerant": squares_other - rest - _closed(X, B, X),
        "representative": n_own * rest - _closed(B, X, X),
        "gatekeeper": rest * n_own - _closed(B, X, X),
        "liaison": rest * rest - squares_other - _closed(X, X, X),
    }
    return np.asarray(np.rint(np.column_stack([roles[r] for r in ROLES])), dtype=np.int64)


ALL_ROLES = (*ROLES, "total")


class Significance(TypedDict):
    count: int
    expected: float
    sd: float
    z: float | None
    expected_for_degree: float


def brokerage_significance(G: nx.Graph, partition: Mapping[Hashable, Hashable], *,
                           indexed: Indexed | None = None,
                           counts: Mapping[Hashable, Mapping[str, int]] | None = None
                           ) -> dict[Hashable, dict[str, Significance]]:
    """Gould–Fernandez counts against their expectation, as ``sna::brokerage()`` gives it.

    The null model is R sna's: a random graph with the observed density
    ``d = 2m / (N (N - 1))`` (each ordered pair tied independently) and the observed
    group sizes. With ``n_i`` the size of the broker's group, ``c = d^2 (1 - d)`` the
    chance that an ordered triple is an open two-path and ``c3 = d^3 (1 - d)^3``:

    expectation (``exp.nli``) and variance (``sd.nli`` squared) per role:

    * coordinator: ``E = c (n_i - 1)(n_i - 2)``,
      ``V = E (1 - c) + 2 (n_i - 1)(n_i - 2)(n_i - 3) c3``;
    * itinerant: ``E = c sum_j n_j (n_j - 1)``,
      ``V = E (1 - c) + 2 sum_j n_j (n_j - 1)(n_j - 2) c3``;
    * representative and gatekeeper: ``E = c (N - n_i)(n_i - 1)``,
      ``V = E (1 - c) + 2 ((n_i - 1) C(N - n_i, 2) + (N - n_i) C(n_i - 1, 2)) c3``;
    * liaison: ``E = c (sum_{j,k} n_j n_k - sum_j n_j^2)``,
      ``V = E (1 - c) + 4 sum_j n_j C(N - n_j - n_i, 2) c3``;
    * total: ``E = c (N - 1)(N - 2)``, ``V = E (1 - c) + 2 (N - 1)(N - 2)(N - 3) c3``

    (sums over the other groups ``j, k != i``). ``z = (count - expected) / sd`` is
    ``z.nli``; it is ``None`` where sna gives ``NaN`` (sd 0: a group of one has no
    coordinator pairs to count) and where it would be infinite.

    ``expected_for_degree`` rescales the expectation to the person's own number of
    contacts ``k``: the same null with ``k (k - 1)`` ordered neighbour pairs in place of
    their mean ``d^2 (N - 1)(N - 2)``. A count at or below it is what anyone with that
    many contacts spread at random over the organisations would have.

    Examples
    --------
    Padgett's Florentine marriages (networkx's 15 connected families), every family its
    own group: the Medici's liaison count, expectation and z-score, as
    ``sna::brokerage()`` gives them on the same graph.

    >>> G = nx.florentine_families_graph()
    >>> s = brokerage_significance(G, {v: v for v in G})["Medici"]["liaison"]
    >>> s["count"], round(s["expected"], 4), round(s["z"], 4)
    (28, 5.3454, 4.92)
    """
    idx = indexed or Indexed.of(G)
    if not idx.nodes:
        return {}
    if counts is None:
        observed = role_counts(idx, partition)
        observed = np.column_stack([observed, observed.sum(axis=1)])
    else:
        observed = np.array([[counts[v][r] for r in ALL_ROLES] for v in idx.nodes],
                            dtype=np.int64)
    sig = significance(idx, partition, observed)
    out: dict[Hashable, dict[str, Significance]] = {}
    for i, v in enumerate(idx.nodes):
        row: dict[str, Significance] = {}
        for j, role in enumerate(ALL_ROLES):
            z = float(sig.z[i, j])
            row[role] = Significance(
                count=int(observed[i, j]), expected=float(sig.expected[i, j]),
                sd=float(sig.sd[i, j]), z=z if np.isfinite(z) else None,
                expected_for_degree=float(sig.expected_for_degree[i, j]))
        out[v] = row
    return out


@dataclass
class SignificanceArrays:
    """:func:`brokerage_significance` as arrays, one row per vertex and one column per
    role of ``ALL_ROLES``; ``z`` is NaN where the mapping says ``None``."""

    expected: np.ndarray
    sd: np.ndarray
    z: np.ndarray
    expected_for_degree: np.ndarray


def significance(idx: Indexed, partition: Mapping[Hashable, Hashable],
                 observed: np.ndarray) -> SignificanceArrays:
    """Expectation, sd, z and the degree-rescaled expectation of every vertex's role
    counts ``observed`` (columns as ``ALL_ROLES``), computed once per group."""
    orgs = OrgMatrix.of(idx, partition)
    member = orgs.codes
    sizes = np.bincount(member, minlength=len(orgs.keys)).astype(float)
    N = len(idx.nodes)
    d = 2 * len(idx.src) / (N * (N - 1)) if N > 1 else 0.0
    c, c3 = d * d * (1 - d), d ** 3 * (1 - d) ** 3
    per_group = [_moments(float(n_i), sizes, N, c, c3) for n_i in sizes.tolist()]
    exp = np.array([[m[r][0] for r in ALL_ROLES] for m in per_group]).reshape(-1, len(ALL_ROLES))
    var = np.array([[m[r][1] for r in ALL_ROLES] for m in per_group]).reshape(-1, len(ALL_ROLES))
    exp, var = exp[member] + 0.0, var[member]
    sd = np.sqrt(np.maximum(var, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, (observed - exp) / np.where(sd > 0, sd, 1.0), np.nan)
    z = np.where(np.isfinite(z), z, np.nan)
    pairs_mean = d * d * (N - 1) * (N - 2)
    k = np.bincount(np.concatenate([idx.src, idx.dst]), minlength=N).astype(float)
    scale = k * (k - 1) / pairs_mean if pairs_mean > 0 else np.zeros(N)
    return SignificanceArrays(exp, sd, z, exp * scale[:, None] + 0.0)


def _moments(n_i: float, n: np.ndarray, N: int, c: float, c3: float
             ) -> dict[str, tuple[float, float]]:
    """Expectation and variance of each role count for a broker in a group of ``n_i``."""

    def pairs(x: float) -> float:
        return x * (x - 1) / 2  # choose(x, 2); 0 for x in {0, 1}

    others = n.copy()
    others = np.delete(others, np.flatnonzero(others == n_i)[:1])  # every group but one of n_i
    out: dict[str, tuple[float, float]] = {}
    e = c * (n_i - 1) * (n_i - 2)
    out["coordinator"] = e, e * (1 - c) + 2 * (n_i - 1) * (n_i - 2) * (n_i - 3) * c3
    e = c * float(np.sum(others * (others - 1)))
    out["itinerant"] = e, e * (1 - c) + 2 * float(np.sum(others * (others - 1) * (others - 2))) * c3
    e = c * (N - n_i) * (n_i - 1)
    v = e * (1 - c) + 2 * ((n_i - 1) * pairs(N - n_i) + (N - n_i) * pairs(n_i - 1)) * c3
    out["representative"] = out["gatekeeper"] = e, v
    e = c * float(np.sum(others) ** 2 - np.sum(others ** 2))
    rest = N - others - n_i
    out["liaison"] = e, e * (1 - c) + 4 * float(np.sum(others * rest * (rest - 1) / 2)) * c3
    e = c * (N - 1) * (N - 2)
    out["total"] = e, e * (1 - c) + 2 * (N - 1) * (N - 2) * (N - 3) * c3
    return out

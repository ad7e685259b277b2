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
    n = len(idx.nodes)
    if n == 0:
        return {}
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
    n_own = per_org[np.arange(n), codes].ravel() if n else np.zeros(0)
    n_own = np.asarray(n_own).ravel()
    squares_other = np.asarray(per_org.multiply(per_org).sum(axis=1)).ravel() - n_own ** 2
    rest = degree - n_own
    roles = {
        "coordinator": n_own * (n_own - 1) - _closed(B, B, B),
        "itinerant": squares_other - rest - _closed(X, B, X),
        "representative": n_own * rest - _closed(B, X, X),
        "gatekeeper": rest * n_own - _closed(B, X, X),
        "liaison": rest * rest - squares_other - _closed(X, X, X),
    }
    counts = np.rint(np.column_stack([roles[r] for r in ROLES])).astype(np.int64)
    totals = counts.sum(axis=1)
    return {v: {**dict(zip(ROLES, counts[i].tolist(), strict=True)), "total": int(totals[i])}
            for i, v in enumerate(idx.nodes)}

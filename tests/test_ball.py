"""The ball search (graph.analysis.ball) against scipy's Dijkstra, the oracle: the same
distances to the bit, within each radius a search is grown to, on many random graphs."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from graph.analysis.ball import Ball, usable
from graph.reports.paths import GROUP_COST, INITIATIVE_COST

# the hop costs the contact paths use: ties of every strength and age, forums, initiatives
COSTS = sorted({(1 + (5 - s) / 4) * f
                for s in range(1, 6) for f in (1.0, 1.2, 1.5)} | {GROUP_COST, INITIATIVE_COST})


def _graph(rng: np.random.Generator, n: int, symmetric: bool) -> sp.csr_array:
    m = int(rng.integers(0, 4 * n))
    # a sparse graph of several components, isolated vertices among them
    matrix = sp.csr_array((rng.choice(COSTS, m), (rng.integers(0, n, m), rng.integers(0, n, m))),
                          shape=(n, n))
    matrix.setdiag(0)
    matrix.eliminate_zeros()
    if symmetric:
        matrix = sp.csr_array(matrix.maximum(matrix.T))
    matrix.sum_duplicates()
    return matrix


@pytest.mark.parametrize("seed", range(6))
def test_grown_ball_is_scipys_dijkstra(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for trial in range(60):
        n = int(rng.integers(2, 250))
        matrix = _graph(rng, n, symmetric=bool(trial % 2))
        if not usable(matrix):
            continue
        sources = rng.choice(n, min(n, int(rng.integers(1, 5))), replace=False)
        search = Ball(matrix, sources, np.zeros(len(sources)))
        for limit in sorted(rng.choice([0.0, 1.0, 1.1, 2.5, 5.0, 8.0, 40.0, np.inf], 3)):
            search.grow(float(limit))
            expected = dijkstra(matrix, indices=sources, limit=limit, min_only=True)
            assert np.array_equal(search.dist, expected)
            assert np.array_equal(np.sort(search.vertices), np.flatnonzero(np.isfinite(expected)))
            assert np.array_equal(search.dist[search.vertices], search.distances)
            assert np.all(np.diff(search.distances) >= 0)  # nearest first


def test_start_costs_shift_each_source() -> None:
    """Sources that start at different costs: min over sources of start + distance."""
    rng = np.random.default_rng(7)
    for _ in range(100):
        n = int(rng.integers(2, 120))
        matrix = _graph(rng, n, symmetric=True)
        if not usable(matrix):
            continue
        sources = rng.choice(n, min(n, 3), replace=False)
        start = rng.choice([0.0, 0.25, 0.5], len(sources))
        search = Ball(matrix, sources, start)
        search.grow(6.0)
        full = dijkstra(matrix, indices=sources)
        expected = (full + start[:, None]).min(axis=0)
        expected[expected > 6.0] = np.inf
        assert np.allclose(search.dist, expected, rtol=0, atol=1e-12)
        assert np.array_equal(np.isfinite(search.dist), np.isfinite(expected))


def test_refuses_edges_of_cost_zero() -> None:
    matrix = sp.csr_array((np.array([0.0, 1.0]), (np.array([0, 1]), np.array([1, 2]))),
                          shape=(3, 3))
    assert not usable(matrix)
    with pytest.raises(ValueError):
        Ball(matrix, np.asarray([0]), np.zeros(1))


def test_released_arrays_serve_the_next_search_clean() -> None:
    """A search's arrays handed back are reset: the next search of a graph of that size
    (which takes them) still gives scipy's distances."""
    rng = np.random.default_rng(11)
    n = 200
    for _ in range(40):
        matrix = _graph(rng, n, symmetric=True)
        if not usable(matrix):
            continue
        source = np.asarray([int(rng.integers(0, n))])
        search = Ball(matrix, source, np.zeros(1))
        search.grow(float(rng.choice([3.0, 8.0, np.inf])))
        search.release()
        again = Ball(matrix, source, np.zeros(1))
        again.grow(4.0)
        assert np.array_equal(again.dist, dijkstra(matrix, indices=source[0], limit=4.0))
        again.release()

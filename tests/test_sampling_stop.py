"""The pair-share sampling's stopping rule: read every few sources, on one random stream."""

from __future__ import annotations

import networkx as nx
import numpy as np

from graph.analysis.indexed import Indexed
from graph.analysis.pair_sampling import Sampler

DELTA = 0.1


def _sampler() -> Sampler:
    G = nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=1)
    idx = Indexed.of(G)
    codes = np.arange(len(idx.nodes)) % 5
    return Sampler(idx.adjacency(weighted=False), codes, 5, np.random.default_rng(3))


def _recorded(sources: int) -> tuple[dict[int, float], dict[int, np.ndarray]]:
    """A run that never stops early, its widest half-width and running sums after
    every source."""
    probe = _sampler()
    widths: dict[int, float] = {}
    sums: dict[int, np.ndarray] = {}
    step = probe._source

    def recording(s: int) -> None:
        step(s)
        widths[probe.sources] = float(probe.error(DELTA).max())
        sums[probe.sources] = probe.sum1.copy()

    probe._source = recording  # type: ignore[method-assign]
    probe.run(0.0, DELTA, sources, sources)
    return widths, sums


def test_stops_at_the_first_checked_count_within_epsilon() -> None:
    widths, sums = _recorded(200)
    target = widths[40]
    checked = range(16, 201, 8)  # min_sources 16, read every 8
    first = next(k for k in checked if widths[k] <= target)
    s = _sampler()
    s.run(target, DELTA, 16, 200, check_every=8)
    assert s.sources == first < 64
    assert float(s.error(DELTA).max()) <= target
    # The samples are those of the run that went on: the same sources, in order.
    assert np.array_equal(s.sum1, sums[first])
    # Read only every 64 sources, the same rule goes on to the end of the first round.
    coarse = _sampler()
    coarse.run(target, DELTA, 16, 200, check_every=64)
    assert coarse.sources > s.sources


def test_never_stops_before_min_sources() -> None:
    s = _sampler()
    s.run(1.0, DELTA, 40, 200, check_every=8)  # any error is within 1.0
    assert s.sources == 40

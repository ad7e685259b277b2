"""Indexes derived from a projection are built once, even when many requests ask at once."""

from __future__ import annotations

import gc
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import networkx as nx

from graph.per_projection import PerProjection


def test_concurrent_callers_share_one_build() -> None:
    builds: list[int] = []

    def build(G: nx.Graph) -> int:
        builds.append(threading.get_ident())
        time.sleep(0.05)  # long enough that every caller arrives during the build
        return G.number_of_nodes()

    index = PerProjection(build)
    G = nx.path_graph(7)
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda _: index(G), range(32)))
    assert results == [7] * 32
    assert len(builds) == 1


def test_a_new_projection_gets_its_own_and_the_old_one_is_dropped() -> None:
    index = PerProjection(lambda G: object())
    first, second = nx.path_graph(3), nx.path_graph(3)
    a = index(first)
    assert index(first) is a
    assert index(second) is not a
    del first
    gc.collect()
    assert len(index._values) == 1

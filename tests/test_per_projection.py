"""Indexes derived from a projection are built once, even when many requests ask at once."""

from __future__ import annotations

import gc
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import networkx as nx
import pytest

from graph.analysis.per_projection import PerProjection


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


def test_keyed_answers_are_kept_per_projection_and_errors_are_not() -> None:
    from graph.analysis.per_projection import per_projection

    calls: list[object] = []

    @per_projection(limit=2)
    def degree_of(G: nx.Graph, node: int) -> int:
        calls.append(node)
        if node not in G:
            raise KeyError(node)
        return int(G.degree(node))

    G = nx.star_graph(4)
    assert [degree_of(G, 0), degree_of(G, 0), degree_of(G, 1)] == [4, 4, 1]
    assert calls == [0, 1]
    for _ in range(2):  # an error is raised again, not remembered
        with pytest.raises(KeyError):
            degree_of(G, 99)
    assert calls == [0, 1, 99, 99]
    degree_of(G, 2)  # a third key empties the full table
    degree_of(G, 0)
    assert calls[-2:] == [2, 0]
    assert degree_of(nx.path_graph(3), 0) == 1  # another projection, its own answer

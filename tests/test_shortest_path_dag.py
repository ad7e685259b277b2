"""The one shortest-path DAG builder (graph.analysis.shortest_path_dag) against networkx:
its levels, predecessor lists and path counts, which pair sampling and the exact shared
searches both read."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from graph.analysis.indexed import Indexed
from graph.analysis.shortest_path_dag import shortest_path_dag


@pytest.mark.parametrize("seed", range(4))
def test_levels_predecessors_and_path_counts_equal_networkx(seed: int) -> None:
    # Fragments and isolates too: the search must leave unreached vertices out.
    G = nx.gnp_random_graph(60, 0.06, seed=seed)
    G.add_edges_from(nx.connected_watts_strogatz_graph(30, 4, 0.3, seed=seed).edges)
    idx = Indexed.of(G)
    A = idx.adjacency(weighted=False)
    for s in range(0, len(idx.nodes), 7):
        dag = shortest_path_dag(A, s)
        source = idx.nodes[s]
        dist = nx.single_source_shortest_path_length(G, source)
        preds = nx.predecessor(G, source)
        assert sorted(idx.nodes[v] for v in dag.order) == sorted(dist)
        assert dag.order[0] == s
        for d in range(dag.depth + 1):
            level = dag.order[dag.starts[d]:dag.starts[d + 1]]
            assert {dist[idx.nodes[v]] for v in level} == {d}
        for k, v in enumerate(dag.order.tolist()):
            got = dag.order[dag.parent[dag.ptr[k]:dag.ptr[k + 1]]]
            assert sorted(got.tolist()) == sorted(idx.index[p] for p in preds[idx.nodes[v]])
            assert np.all(dag.child[dag.ptr[k]:dag.ptr[k + 1]] == k)
            paths = sum(1 for _ in nx.all_shortest_paths(G, source, idx.nodes[v]))
            assert dag.sigma[k] == paths, (s, v)
            assert dag.pos[v] == k

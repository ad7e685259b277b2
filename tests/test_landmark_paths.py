"""Contact paths searched from both ends with landmark bounds, against brute force.

The search (graph.analysis.paths_to_set) must return what networkx's Yen returns, with
landmarks and without (the fallback while they are stale), on random documents of every
family of the truth suite (fragmented, connected, trees, one-person organisations, people
who left, dated ties), with people unavailable, and on larger graphs where the balls of
the search stop well short of the whole component. After a write the landmarks of the
changed component are stale: they are not used, and the answer still equals networkx.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import pytest
from scipy.sparse.csgraph import dijkstra

from graph.analysis.ball import Ball
from graph.analysis.landmarks import LandmarkStore, build
from graph.analysis.paths_to_set import (
    SetSide,
    _last_edges,
    k_best_from,
    k_best_to_set,
    with_row,
)
from graph.analysis.projection import collaboration_graph
from graph.model.document import load_document
from graph.reports.paths import Target, _csr, _terminal, hop_cost, k_best_paths, path_index, resolve
from graph.store.sqlite_store import SQLiteStore
from tests.test_truth_oracle import DAY, FAMILIES, random_document, target_people
from tests.test_truth_properties import askers_in_random_order, check_answer


def _with_landmarks(G: nx.Graph, on: bool) -> None:
    """Landmarks built at once on every component (on), or never (the stale fallback)."""
    path_index(G).landmarks = LandmarkStore(background=False,
                                            min_vertices=0 if on else 10**9)


def _refs(data: dict[str, Any], G: nx.Graph) -> list[str]:
    refs = [f"person:{v}" for v in sorted(G)[:4]]
    refs += [f"{kind}:{row['id']}" for kind, rows in
             (("org", data["organisations"]), ("group", data["groups"]),
              ("role", data["roles"])) for row in rows]
    return [r for r in refs if target_people(G, data, r)]


@pytest.mark.parametrize("landmarks", [True, False], ids=["landmarks", "stale"])
def test_paths_equal_brute_force_on_random_documents(landmarks: bool) -> None:
    rnd = random.Random(17)
    checked = 0
    for trial in range(90):
        data = random_document(seed=trial, people=rnd.randint(6, 34),
                               family=FAMILIES[trial % len(FAMILIES)],
                               parties=rnd.randint(1, 4))
        G = collaboration_graph(load_document(data), as_of=DAY)
        refs = _refs(data, G)
        if not refs:
            continue
        _with_landmarks(G, landmarks)
        k = rnd.randint(1, 5)
        for ref, asker in askers_in_random_order(rnd, data, G, refs):
            got = k_best_paths(G, asker, resolve(G, ref), k=k)
            check_answer(G, asker, target_people(G, data, ref), got, k)
            checked += 1
        # people marked unavailable: as if they were not in the graph at all
        ref = rnd.choice(refs)
        ends = target_people(G, data, ref)
        askers = sorted(set(G) - set(ends))
        if not askers:
            continue
        asker = rnd.choice(askers)
        away = set(rnd.sample(sorted(set(G) - {asker}), min(len(G) - 1, rnd.randint(1, 4))))
        got = k_best_paths(G, asker, resolve(G, ref), k=k, unavailable=away)
        check_answer(G.subgraph(set(G) - away), asker,
                     {p: x for p, x in ends.items() if p not in away}, got, k)
        checked += 1
    assert checked > 200


def _costed(G: nx.Graph, rnd: random.Random) -> nx.Graph:
    G.graph["as_of"] = DAY.isoformat()
    for u, v in G.edges:
        G[u][v]["ties"] = [("collaboration", rnd.randint(1, 5),
                            rnd.choice(["2025-12-01", "2025-03-01", None]))]
        G[u][v]["cost"] = hop_cost(G[u][v], DAY)[0]
    return G


@pytest.mark.parametrize("landmarks", [True, False], ids=["landmarks", "stale"])
def test_long_paths_on_larger_graphs_equal_networkx(landmarks: bool) -> None:
    """Hundreds of people, paths of ten hops and more: both balls stop far short of the
    component, so the radii, the candidate cut and the margin all come into play."""
    rnd = random.Random(3)
    for trial in range(8):
        n = rnd.randint(250, 600)
        G = _costed(nx.connected_watts_strogatz_graph(n, 4, rnd.choice([0.02, 0.1]),
                                                      seed=trial), rnd)
        _with_landmarks(G, landmarks)
        source = 0
        for _ in range(3):
            if rnd.random() < 0.5:
                t = rnd.randrange(1, n)
                target = Target("person", f"t{t}", {t: 0.0})
            else:
                members = rnd.sample(range(1, n), rnd.randint(2, 8))
                target = Target("org", f"o{trial}-{members[0]}",
                                {m: rnd.choice([0.0, 0.25, 0.5]) for m in members})
            k = rnd.randint(1, 4)
            expected: list[float] = []
            for t, extra in target.people.items():
                sub = G.subgraph(set(G) - (set(target.people) - {t}))
                if nx.has_path(sub, source, t):
                    expected += [nx.path_weight(sub, p, "cost") + extra for p in
                                 itertools.islice(nx.shortest_simple_paths(
                                     sub, source, t, "cost"), k)]
            got = k_best_paths(G, source, target, k=k)
            assert [p["cost"] for p in got] == pytest.approx(
                [round(c, 4) for c in sorted(expected)[:k]], abs=1e-4), (trial, target)


def _expected_costs(G: nx.Graph, source: int, ends: dict[int, float], k: int) -> list[float]:
    """networkx's Yen to each end on the graph without the other ends (and, for an asker
    who is one of them, to the others only): the k cheapest over all ends."""
    others = {t: x for t, x in ends.items() if t != source}
    found: list[float] = []
    for t, extra in others.items():
        sub = G.subgraph(set(G) - (set(others) - {t}))
        if nx.has_path(sub, source, t):
            found += [nx.path_weight(sub, p, "cost") + extra for p in itertools.islice(
                nx.shortest_simple_paths(sub, source, t, "cost"), k)]
    return [round(c, 4) for c in sorted(found)[:k]]


@pytest.mark.parametrize("landmarks", [True, False], ids=["landmarks", "stale"])
def test_one_target_asked_by_many_equals_networkx(landmarks: bool) -> None:
    """The set's side of the search is kept per target and widened as askers need: askers
    near and far, one after the other, some of them the target's own people (who look
    for the others), each answer equal to brute force, and the kept side grows only."""
    rnd = random.Random(11)
    for trial in range(3):
        n = rnd.randint(300, 500)
        G = _costed(nx.connected_watts_strogatz_graph(n, 4, rnd.choice([0.02, 0.1]),
                                                      seed=40 + trial), rnd)
        _with_landmarks(G, landmarks)
        members = rnd.sample(range(n), rnd.randint(3, 25))
        target = Target("org", f"big{trial}", {m: rnd.choice([0.0, 0.25, 0.5])
                                                for m in members})
        askers = rnd.sample(range(n), 8) + members[:3]
        rnd.shuffle(askers)
        radii = []
        for source in askers:
            k = rnd.randint(1, 4)
            got = k_best_paths(G, source, target, k=k)
            assert [p["cost"] for p in got] == pytest.approx(
                _expected_costs(G, source, target.people, k), abs=1e-4), (trial, source)
            for path in got:  # a real path, ending at a member it does not pass before
                assert path["people"][0] == source and path["target"] in target.people
                assert not set(path["people"][1:-1]) & set(target.people)
            idx = path_index(G)
            radii.append(idx.target_parts[("org", target.id, idx.whole or 0)].side.radius)
        assert radii == sorted(radii) and radii[-1] > 0


# The reference call runs igraph on graphs where t may be out of reach; igraph warns.
@pytest.mark.filterwarnings("ignore:Couldn't reach some vertices:RuntimeWarning")
def test_search_matches_yen_on_the_whole_graph() -> None:
    """The search alone, on sparse random graphs with many equal costs, some pairs apart:
    the costs of igraph's Yen on the whole graph, and real paths of those costs."""
    rng = random.Random(4)
    for trial in range(60):
        n = rng.randrange(20, 160)
        g = ig.Graph.Erdos_Renyi(n=n, m=n * rng.choice([1, 2, 3]))
        g.es["weight"] = [rng.choice([0.2, 0.5, 1.0, 1.7, 3.0]) for _ in range(g.ecount())]
        s, t = rng.sample(range(n), 2)
        k = rng.randrange(1, 6)
        expected = [sum(g.es[e]["weight"] for e in p) for p in
                    g.get_k_shortest_paths(s, t, k=k, weights="weight", output="epath")]
        matrix = _csr(g)
        # landmarks on a component only: distances elsewhere are infinite
        lm = build(matrix) if trial % 2 and g.is_connected() else None
        got = k_best_to_set(matrix, matrix, s, np.asarray([t]), np.zeros(1), k, lm)
        assert [round(c, 9) for c, _ in got] == [round(c, 9) for c in expected], trial
        for cost, vertices in got:
            assert vertices[0] == s and vertices[-1] == t
            assert len(set(vertices)) == len(vertices)
            assert cost == pytest.approx(sum(g.es[g.get_eid(a, b)]["weight"]
                                             for a, b in itertools.pairwise(vertices)))


def test_landmark_bounds_are_lower_bounds() -> None:
    rng = random.Random(8)
    for trial in range(10):
        G = _costed(nx.connected_watts_strogatz_graph(300, 4, 0.1, seed=trial), rng)
        _with_landmarks(G, True)
        idx = path_index(G)
        matrix = idx.matrices[idx.whole if idx.whole is not None else 0]
        lm = build(matrix, count=4)
        assert len(set(lm.vertices.tolist())) == 4
        every = np.arange(matrix.shape[0])
        exact = dijkstra(matrix)
        s = rng.randrange(300)
        assert (lm.from_vertex(s, every) <= exact[s] + 1e-9).all()
        ends = np.asarray(rng.sample(range(300), 5))
        extra = np.asarray([rng.choice([0.0, 0.5]) for _ in ends])
        to_set = (exact[:, ends] + extra).min(axis=1)
        bounds = lm.toward(ends, extra)(every)
        assert (bounds <= to_set + 1e-9).all()
        assert bounds.max() > 0  # and they bound something


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_a_vertex_out_of_the_landmarks_reach_gets_no_bound_rather_than_nan() -> None:
    # A ring of 600 plus two people kept without edges (they left): the landmarks'
    # distances to them are infinite, and ``inf - inf`` must bound nothing, not poison
    # the bounds with NaN (a NaN bound drops a vertex from every comparison), nor write
    # numpy's "invalid value" warning into the service's log on every such question.
    ring = nx.cycle_graph(600)
    ring.add_nodes_from([600, 601])
    G = _costed(ring, random.Random(3))
    matrix = nx.to_scipy_sparse_array(G, nodelist=range(602), weight="cost", format="csr")
    lm = build(matrix, count=3)
    assert np.isinf(lm.dist[:, 600:]).all()
    every = np.arange(602)
    alone = lm.from_vertex(600, every)
    assert not np.isnan(alone).any()
    assert alone[600] == 0.0 and alone[601] == 0.0
    exact = dijkstra(matrix, indices=5)
    near = lm.from_vertex(5, every)
    assert (near[:600] <= exact[:600] + 1e-9).all() and near[:600].max() > 0
    bounds = lm.toward(np.asarray([10, 601]), np.asarray([0.0, 0.5]))(every)
    assert not np.isnan(bounds).any() and (bounds >= 0).all()


DOC: dict[str, Any] = {
    "organisations": [{"id": o, "name": o.upper()} for o in ("af", "fk")],
    "people": [{"id": f"p{i}", "name": f"p{i}", "organisation": "af" if i < 20 else "fk"}
               for i in range(24)],
    # a ring of 24: the far side is twelve hops away
    "ties": [{"a": f"p{i}", "b": f"p{(i + 1) % 24}", "strength": 1 + i % 5}
             for i in range(24)],
    "groups": [], "memberships": [], "roles": [],
}


def test_a_new_tie_makes_the_landmarks_stale_and_answers_stay_exact(tmp_path: Path) -> None:
    path = tmp_path / "ring.db"
    writer, worker = SQLiteStore(path), SQLiteStore(path)
    try:
        writer.write(DOC, replace=True)
        G = worker.collaboration_graph(DAY)
        # The worker reads its document, as a service does after its first answer: a
        # projection built before that, from plain rows, is built again after another
        # process's write instead of patched (tests/test_projection_rows.py).
        worker.prepare_writes()
        _with_landmarks(G, True)
        idx = path_index(G)
        assert k_best_paths(G, "p0", resolve(G, "p12"), k=3)
        old = idx.landmarks.get(idx.matrices[idx.whole])
        assert old is not None and old.valid_for(idx.matrices[idx.whole])
        # a strong, recent tie across the ring: distances shrink
        writer.put("ties", {"a": "p0", "b": "p12", "strength": 5, "last_contact": "2026-05-01"})
        H = worker.collaboration_graph(DAY)
        jdx = path_index(H)
        assert jdx.landmarks is idx.landmarks  # the store follows the patched index
        matrix = jdx.matrices[jdx.whole]
        assert not old.valid_for(matrix)
        # Both ways: the old bounds now exceed true distances, so using them would be wrong.
        s = jdx.index["p0"]
        assert (old.from_vertex(s, np.arange(matrix.shape[0]))
                > dijkstra(matrix, indices=s) + 1e-9).any()
        for source, ref in (("p0", "p12"), ("p3", "p15"), ("p6", "org:fk")):
            got = k_best_paths(H, source, resolve(H, ref), k=3)
            ends = target_people(H, DOC, f"person:{ref}" if ":" not in ref else ref)
            check_answer(H, source, ends, got, 3)
        fresh = jdx.landmarks.get(matrix)  # built again for the new matrix
        assert fresh is not None and fresh.valid_for(matrix)
    finally:
        writer.close()
        worker.close()


@pytest.mark.parametrize("write", ["erase", "weaker"])
def test_a_write_that_only_lengthens_paths_keeps_the_landmarks(tmp_path: Path,
                                                               write: str) -> None:
    """An erasure takes edges away and a weaker tie costs more: no distance shrinks, so
    the earlier landmarks still bound every distance from below, and the patched matrix is
    searched with them at once, the answers still exact."""
    path = tmp_path / "ring.db"
    writer, worker = SQLiteStore(path), SQLiteStore(path)
    try:
        writer.write(DOC, replace=True)
        G = worker.collaboration_graph(DAY)
        worker.prepare_writes()  # the worker reads its document, as above
        _with_landmarks(G, True)
        idx = path_index(G)
        assert k_best_paths(G, "p0", resolve(G, "p12"), k=3)
        old = idx.landmarks.get(idx.matrices[idx.whole])
        assert old is not None
        if write == "erase":
            writer.delete("people", "p5", cascade=True)
        else:
            writer.put("ties", {"a": "p7", "b": "p8", "strength": 1})
        H = worker.collaboration_graph(DAY)
        jdx = path_index(H)
        matrix = jdx.matrices[jdx.whole]
        assert matrix is not idx.matrices[idx.whole]
        kept = LandmarkStore.get(jdx.landmarks, matrix)
        assert kept is not None and kept.valid_for(matrix) and kept.dist is old.dist
        s = jdx.index["p0"]
        assert (kept.from_vertex(s, np.arange(matrix.shape[0]))
                <= dijkstra(matrix, indices=s) + 1e-9).all()
        for source, ref in (("p0", "p12"), ("p3", "p15"), ("p6", "org:fk")):
            got = k_best_paths(H, source, resolve(H, ref), k=3)
            ends = target_people(H, DOC, f"person:{ref}" if ":" not in ref else ref)
            check_answer(H, source, ends, got, 3)
    finally:
        writer.close()
        worker.close()


def test_landmarks_are_built_off_the_request_path() -> None:
    rng = random.Random(2)
    G = _costed(nx.connected_watts_strogatz_graph(700, 4, 0.1, seed=1), rng)
    idx = path_index(G)
    idx.landmarks = LandmarkStore(background=True, min_vertices=500)
    matrix = idx.matrices[idx.whole if idx.whole is not None else 0]
    # the first asker does not wait: the search runs without bounds meanwhile
    assert idx.landmarks.get(matrix) is None
    first = k_best_paths(G, 0, Target("person", "350", {350: 0.0}), k=3)
    idx.landmarks.wait()
    found = idx.landmarks.get(matrix)
    assert found is not None and found.valid_for(matrix)
    assert k_best_paths(G, 0, Target("person", "350", {350: 0.0}), k=3) == first
    ring = ig.Graph.Ring(20)
    ring.es["weight"] = [1.0] * ring.ecount()
    assert LandmarkStore(background=False).get(_csr(ring)) is None  # too small to need


@pytest.mark.filterwarnings("ignore:Couldn't reach some vertices:RuntimeWarning")
def test_a_search_that_cannot_settle_falls_back_to_everything_in_reach(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the candidate cut broken (it keeps only the asker, so no round finds a path
    and the margin doubles for ever) the round limit ends the search with Yen on
    everything the asker reaches: the same answer as igraph's Yen on the whole graph,
    instead of a request that never returns."""
    from graph.analysis import paths_to_set

    monkeypatch.setattr(paths_to_set, "_candidates",
                        lambda from_s, *args: (np.flatnonzero(from_s == 0), False))
    rng = random.Random(5)
    for trial in range(20):
        n = rng.randrange(20, 120)
        g = ig.Graph.Erdos_Renyi(n=n, m=n * 2)
        g.es["weight"] = [rng.choice([0.2, 0.5, 1.0, 1.7, 3.0]) for _ in range(g.ecount())]
        s, t = rng.sample(range(n), 2)
        if not np.isfinite(g.distances(s, t, weights="weight")[0][0]):
            continue
        k = rng.randrange(1, 5)
        expected = [sum(g.es[e]["weight"] for e in p) for p in
                    g.get_k_shortest_paths(s, t, k=k, weights="weight", output="epath")]
        matrix = _csr(g)
        got = k_best_to_set(matrix, matrix, s, np.asarray([t]), np.zeros(1), k, None)
        assert [round(c, 9) for c, _ in got] == [round(c, 9) for c in expected], trial


def _set_graph(rng: random.Random, n: int, members_in: tuple[int, int], extras: list[float]
               ) -> tuple[ig.Graph, Any, np.ndarray, np.ndarray, Any, Any]:
    """A sparse random graph of ``n`` vertices with many equal costs, a set of members
    (their number drawn from ``members_in``, each extra from ``extras``) and the matrices
    a search to them runs on: forward, and backward (both the graph for one member)."""
    g = ig.Graph.Erdos_Renyi(n=n, m=n * rng.choice([1, 2, 3]))
    g.es["weight"] = [rng.choice([0.5, 1.0, 1.5, 3.0]) for _ in range(g.ecount())]
    matrix = _csr(g)
    members = np.asarray(sorted(rng.sample(range(n), rng.randrange(*members_in))))
    extra = np.asarray([rng.choice(extras) for _ in members])
    is_end = np.zeros(n, dtype=bool)
    is_end[members] = True
    forward, backward = (matrix, matrix) if len(members) == 1 else _terminal(matrix, is_end)
    return g, matrix, members, extra, forward, backward


def test_an_asker_in_the_set_read_from_its_own_row_equals_the_copied_matrix() -> None:
    """An asker who is one of the set's people: the search reading the asker's edges out
    from the component's matrix (``own_row``) gives the very answer (paths, their order,
    costs) of the search on a copy of the set's forward matrix with that row put back,
    on graphs with many equal costs, where igraph's tie order shows."""
    rng = random.Random(11)
    answered = 0
    for trial in range(80):
        n = rng.randrange(20, 160)
        g, matrix, members, extra, forward, backward = _set_graph(rng, n, (3, 9), [0.0, 0.5])
        s = int(members[rng.randrange(len(members))])
        others = members != s
        ends, ends_extra = members[others], extra[others]
        lm = build(matrix) if trial % 2 and g.is_connected() else None
        k = rng.randrange(1, 6)
        read = k_best_from(forward, SetSide(backward, ends, ends_extra), s, k, lm,
                           own_row=matrix)
        copied = k_best_from(with_row(forward, matrix, s), SetSide(backward, ends, ends_extra),
                             s, k, lm)
        assert read == copied, trial
        answered += bool(read)
    assert answered > 40  # most askers reach another member: the row was read


def test_paths_by_their_last_edge_bound_the_kth_cost_from_above() -> None:
    """The bound that settles an asker with one cheap path and then detours (the k-th of
    the paths that end by one edge into a member from a vertex the asker's ball reaches)
    is never below the true k-th cost, networkx's ``shortest_simple_paths`` to a sink
    joined to every member at its extra, whatever the ball's radius; and it is often
    exact, so the search's next round is sized to the answer, not to a detour."""
    rng = random.Random(23)
    finite = exact = 0
    for trial in range(120):
        n = rng.randrange(15, 90)
        _, _, members, extra, forward, backward = _set_graph(rng, n, (1, 8),
                                                             [0.0, 0.5, 2.0])
        s = rng.choice([v for v in range(n) if v not in set(members.tolist())])
        k = rng.randrange(1, 5)
        ball = Ball(forward, np.asarray([s]), np.zeros(1))
        ball.grow(rng.choice([1.0, 2.5, 4.0, np.inf]))
        got = _last_edges(ball.dist, SetSide(backward, members, extra), k)
        ball.release()
        D = nx.DiGraph()
        D.add_nodes_from(range(n))
        rows, cols = forward.nonzero()
        D.add_weighted_edges_from(zip(rows.tolist(), cols.tolist(),
                                      forward[rows, cols].tolist(), strict=True))
        D.add_weighted_edges_from((int(t), "z", float(x)) for t, x in zip(members, extra,
                                                                         strict=True))
        try:
            costs = [nx.path_weight(D, p, "weight") for p in
                     itertools.islice(nx.shortest_simple_paths(D, s, "z", "weight"), k)]
        except nx.NetworkXNoPath:
            costs = []
        if len(costs) < k:
            assert got == np.inf, trial
            continue
        assert got >= costs[-1] * (1 - 1e-12), trial
        finite += got < np.inf
        exact += got == pytest.approx(costs[-1])
    assert finite > 40 and exact > 20

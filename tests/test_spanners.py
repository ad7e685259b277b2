"""Boundary-spanner measures against published values and independent implementations."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np
import pytest

from graph.analysis.betweenness import betweenness, pair_dependency
from graph.analysis.brokerage import gould_fernandez
from graph.analysis.projection import collaboration_graph
from graph.analysis.structural_holes import constraint, effective_size
from graph.model.document import load_document
from graph.reports.spanners import organisation_at_level, participation_coefficient, spanner_report

# Borgatti (1997), "Structural holes: unpacking Burt's redundancy measures"; the values
# are those networkx's tests take from UCINET and igraph.
BORGATTI = [("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"), ("F", "G"),
            ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")]
BORGATTI_WEIGHTS = {("A", "B"): 2, ("A", "F"): 3, ("A", "G"): 5, ("A", "E"): 2,
                    ("E", "G"): 8, ("F", "G"): 3, ("B", "G"): 4, ("B", "D"): 1,
                    ("D", "G"): 3, ("G", "C"): 10}


def borgatti(weighted: bool = False) -> nx.Graph:
    G = nx.Graph(BORGATTI)
    if weighted:
        nx.set_edge_attributes(G, BORGATTI_WEIGHTS, "weight")
    return G


def test_constraint_borgatti() -> None:
    c = constraint(borgatti(), weight=None)
    assert c["G"] == pytest.approx(0.400, abs=1e-3)
    assert c["A"] == pytest.approx(0.595, abs=1e-3)
    assert c["C"] == pytest.approx(1.0, abs=1e-3)
    w = constraint(borgatti(weighted=True))
    assert (w["G"], w["A"], w["C"]) == pytest.approx((0.299, 0.795, 1.0), abs=1e-3)


def test_effective_size_borgatti() -> None:
    e = effective_size(borgatti(), weight=None)
    assert (e["G"], e["A"], e["C"]) == pytest.approx((4.67, 2.50, 1.0), abs=1e-2)
    w = effective_size(borgatti(weighted=True))
    assert (w["G"], w["A"], w["C"]) == pytest.approx((5.47, 2.47, 1.0), abs=1e-2)


def test_isolated_people_have_defined_values() -> None:
    G = borgatti()
    G.add_node("alone")
    assert constraint(G)["alone"] is None
    assert effective_size(G)["alone"] == 0.0


@pytest.mark.parametrize("seed", range(6))
def test_structural_holes_equal_networkx_on_random_graphs(seed: int) -> None:
    G = nx.gnp_random_graph(35, 0.15, seed=seed)
    rnd = random.Random(seed)
    for u, v in G.edges:
        G[u][v]["weight"] = rnd.randint(1, 5)
    for weight in ("weight", None):
        ours_c, ours_e = constraint(G, weight), effective_size(G, weight)
        ref_c = nx.constraint(G, weight=weight)
        # nodes=list(G) takes networkx's per-node path: its sparse path mis-normalises
        # weighted effective size (networkx PR #8906).
        ref_e = nx.effective_size(G, nodes=list(G), weight=weight)
        for n in G:
            if G.degree(n):
                assert ours_c[n] == pytest.approx(ref_c[n], abs=1e-12)
                assert ours_e[n] == pytest.approx(ref_e[n], abs=1e-12)


KITE = {"Andre": 0.833, "Beverly": 0.833, "Carol": 0.0, "Diane": 3.667, "Ed": 0.0,
        "Fernando": 8.333, "Garth": 8.333, "Heather": 14.0, "Ike": 8.0, "Jane": 0.0}


def test_betweenness_krackhardt_kite() -> None:
    G = nx.relabel_nodes(nx.krackhardt_kite_graph(), dict(enumerate(KITE)))
    values, method = betweenness(G)
    pairs = (len(G) - 1) * (len(G) - 2) / 2  # undo networkx's normalisation
    assert method.name == "exact"
    assert {n: round(v * pairs, 3) for n, v in values.items()} == KITE


def test_betweenness_florentine_families() -> None:
    published = {"Acciaiuoli": 0.000, "Albizzi": 0.212, "Barbadori": 0.093,
                 "Bischeri": 0.104, "Castellani": 0.055, "Ginori": 0.000,
                 "Guadagni": 0.255, "Lamberteschi": 0.000, "Medici": 0.522, "Pazzi": 0.000,
                 "Peruzzi": 0.022, "Ridolfi": 0.114, "Salviati": 0.143, "Strozzi": 0.103,
                 "Tornabuoni": 0.092}
    values, _ = betweenness(nx.florentine_families_graph())
    assert {n: round(v, 3) for n, v in values.items()} == published


@pytest.mark.parametrize("seed", range(4))
def test_exact_betweenness_equals_networkx(seed: int) -> None:
    G = nx.gnp_random_graph(60, 0.05, seed=seed)  # several components, isolates
    values, _ = betweenness(G)
    ref = nx.betweenness_centrality(G)
    assert all(values[n] == pytest.approx(ref[n], abs=1e-12) for n in G)


def test_sampled_betweenness_keeps_its_error_bound() -> None:
    G = nx.connected_watts_strogatz_graph(800, 6, 0.05, seed=3)
    exact, _ = betweenness(G)
    sampled, method = betweenness(G, exact_work=0, epsilon=0.01, delta=0.1, seed=1)
    assert method.name == "sampled" and method.epsilon == 0.01
    assert max(abs(sampled[n] - exact[n]) for n in G) <= 0.01


def test_kadabra_on_fewer_threads_keeps_its_bound_and_puts_the_setting_back() -> None:
    import networkit as nk

    G = nx.connected_watts_strogatz_graph(800, 6, 0.05, seed=3)
    exact, _ = betweenness(G)
    before = nk.getMaxNumberOfThreads()
    sampled, method = betweenness(G, exact_work=0, epsilon=0.01, delta=0.1, seed=1, threads=1)
    assert nk.getMaxNumberOfThreads() == before
    assert method.name == "sampled"
    assert max(abs(sampled[n] - exact[n]) for n in G) <= 0.01


def _partition(G: nx.Graph, seed: int, groups: str = "ABCD") -> dict[Hashable, str]:
    rnd = random.Random(seed)
    return {v: rnd.choice(groups) for v in G}


@pytest.mark.parametrize("seed", range(4))
def test_pair_dependency_equals_networkx_subset_betweenness(seed: int) -> None:
    G = nx.gnp_random_graph(45, 0.07, seed=seed)
    part = _partition(G, seed)
    dep = pair_dependency(G, part)
    for a, b in itertools.combinations("ABCD", 2):
        S = [v for v in G if part[v] == a]
        T = [v for v in G if part[v] == b]
        ref = nx.betweenness_centrality_subset(G, S, T, normalized=False)
        for v in G:
            # networkx halves subset sums on undirected graphs; a pair counts once.
            assert dep.of(v).get((a, b), 0.0) == pytest.approx(2 * ref[v], abs=1e-9)


def test_sampled_pair_dependency_is_close_and_says_so() -> None:
    G = nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=2)
    part = _partition(G, 2, "AB")
    exact = pair_dependency(G, part)
    runs = [pair_dependency(G, part, exact_work=100_000, seed=s) for s in range(8)]
    assert all(r.method.name == "sampled" for r in runs)
    top = max(G, key=lambda v: exact.of(v).get(("A", "B"), 0.0))
    mean = sum(r.of(top).get(("A", "B"), 0.0) for r in runs) / len(runs)
    assert mean == pytest.approx(exact.of(top)[("A", "B")], rel=0.15)


def brokerage_by_definition(G: nx.Graph, part: dict[Hashable, str]) -> dict[Any, dict[str, int]]:
    """sna::brokerage() read literally: ordered two-paths a->v->c, a != c, no a->c."""
    out = {}
    for v in G:
        counts = dict.fromkeys(["coordinator", "itinerant", "representative", "gatekeeper",
                                "liaison"], 0)
        for a, c in itertools.permutations(G[v], 2):
            if G.has_edge(a, c):
                continue
            pa, pv, pc = part[a], part[v], part[c]
            if pa == pv == pc:
                counts["coordinator"] += 1
            elif pa == pc:
                counts["itinerant"] += 1
            elif pa == pv:
                counts["representative"] += 1
            elif pv == pc:
                counts["gatekeeper"] += 1
            else:
                counts["liaison"] += 1
        counts["total"] = sum(counts.values())
        out[v] = counts
    return out


@pytest.mark.parametrize("seed", range(6))
def test_brokerage_equals_the_definition(seed: int) -> None:
    G = nx.gnp_random_graph(40, 0.15, seed=seed)
    part = _partition(G, seed, "ABC")
    assert gould_fernandez(G, part) == brokerage_by_definition(G, part)


def test_brokerage_known_answer() -> None:
    # v (kommun) between two AF colleagues, an FK officer and a second kommun colleague;
    # the two AF colleagues know each other.
    G = nx.Graph([("v", "af1"), ("v", "af2"), ("v", "fk"), ("v", "k2"), ("af1", "af2")])
    part = {"v": "kommun", "af1": "af", "af2": "af", "fk": "fk", "k2": "kommun"}
    assert gould_fernandez(G, part)["v"] == {
        "coordinator": 0, "itinerant": 0, "representative": 3, "gatekeeper": 3,
        "liaison": 4, "total": 10}


def test_participation_coefficient() -> None:
    G = nx.star_graph(4)
    part = {0: "x", 1: "a", 2: "a", 3: "b", 4: "b"}
    assert participation_coefficient(G, part)[0] == pytest.approx(1 - (2 / 4) ** 2 * 2)
    assert participation_coefficient(G, part)[1] == 0.0


def _doc(people: list[tuple[str, str]], ties: list[tuple[str, str]]) -> nx.Graph:
    orgs = sorted({o for _, o in people})
    return collaboration_graph(load_document({
        "organisations": [{"id": o, "name": o.upper()} for o in orgs],
        "people": [{"id": p, "name": f"{p.title()} Test", "organisation": o}
                   for p, o in people],
        "ties": [{"a": a, "b": b} for a, b in ties]}))


def test_single_bridge_is_explained_in_swedish() -> None:
    G = _doc([("a1", "af"), ("a2", "af"), ("a3", "af"), ("k1", "lomma"), ("k2", "lomma")],
             [("a1", "a2"), ("a2", "a3"), ("a3", "k1"), ("k1", "k2")])
    report = spanner_report(G)
    top = report.rows[0]
    assert top["person"] in ("a3", "k1")
    assert top["top_pairs"][0]["organisations"] == ["af", "lomma"]
    a3 = next(r for r in report.rows if r["person"] == "a3")
    # Pairs (a1,k1), (a1,k2), (a2,k1), (a2,k2) of the 2 x 2 others run through a3.
    assert a3["top_pairs"][0]["pairs_via"] == 4 and a3["top_pairs"][0]["pairs"] == 4
    assert a3["explanation"].startswith("Förbinder AF med LOMMA: för 4 av 4 par")
    assert a3["explanation"].endswith("via A3.")
    pair = report.organisation_pairs[0]
    assert pair["direct_ties"] == 1 and pair["people_with_direct_ties"] == 2
    assert pair["connected_pairs"] == 6


def test_edge_cases_give_defined_results() -> None:
    empty = spanner_report(nx.Graph())
    assert empty.rows == [] and empty.organisation_pairs == []
    one_org = _doc([("a", "af"), ("b", "af"), ("c", "af")], [("a", "b"), ("b", "c")])
    rows = spanner_report(one_org).rows
    assert all(r["cross_org_brokerage"] == 0.0 for r in rows)
    assert "inom AF" in next(r for r in rows if r["person"] == "b")["explanation"]
    G = _doc([("a", "af"), ("b", "fk"), ("c", "fk"), ("lonely", "af")], [("a", "b")])
    G.add_node("nobody", name="Utan Organisation")  # a person with no organisation
    G.add_edge("nobody", "c")
    report = spanner_report(G)
    lonely = next(r for r in report.rows if r["person"] == "lonely")
    assert lonely["constraint"] is None and lonely["effective_size"] == 0.0
    assert lonely["explanation"] == "Saknar registrerade kontakter."
    json.dumps([report.rows, report.organisation_pairs], allow_nan=False)


def test_levels_of_the_organisation_tree(seed: dict[str, Any]) -> None:
    G = collaboration_graph(load_document(seed))
    assert organisation_at_level(G, 0)["kl-af-foretag"] == "af"
    assert organisation_at_level(G, 1)["kl-af-foretag"] == "af-lund"
    assert organisation_at_level(G, 5)["kl-af-foretag"] == "af-lund"
    assert organisation_at_level(G, None)["p1"] == G.nodes["p1"]["organisation"]


def test_seed_business_adviser_connects_af_and_lomma(seed: dict[str, Any]) -> None:
    report = spanner_report(collaboration_graph(load_document(seed)))
    adviser = next(r for r in report.rows if r["person"] == "kl-af-foretag")
    assert adviser["top_pairs"][0]["organisations"] == ["af", "lomma"]
    assert adviser["top_pairs"][0]["share"] > 0.5
    assert "Arbetsförmedlingen med Lomma kommun" in adviser["explanation"]
    assert report.method["betweenness"]["name"] == "exact"
    scores = [r["score"] for r in report.rows]
    assert scores == sorted(scores, reverse=True) and 0 <= min(scores) <= max(scores) <= 1


def test_the_report_pauses_the_cyclic_collector_and_puts_it_back(seed: dict[str, Any]) -> None:
    # Full collections walked every object alive three or four times a report at 20,000
    # people (graph.reports.spanners). The seed's rows alone are a few thousand dicts and
    # lists: several collections if the collector ran; at most the one that may follow
    # the pause's end inside the call.
    import gc

    G = collaboration_graph(load_document(seed))
    started: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    assert gc.isenabled()
    gc.collect()
    gc.callbacks.append(count)
    try:
        report = spanner_report(G)
        during = len(started)
    finally:
        gc.callbacks.remove(count)
    assert len(report.rows) == len(G)
    assert during <= 1
    assert gc.isenabled()


def _shares(dep: Any) -> dict[Hashable, float]:
    cross = dep.cross()
    return {v: cross[i] / dep.cross_pairs[i] for i, v in enumerate(dep.indexed.nodes)
            if dep.cross_pairs[i]}


def test_sampled_shares_stay_within_their_stated_error() -> None:
    G = nx.connected_watts_strogatz_graph(600, 6, 0.1, seed=4)
    part = _partition(G, 4, "ABCD")
    exact = _shares(pair_dependency(G, part))
    dep = pair_dependency(G, part, exact_work=0, epsilon=0.03, delta=0.1, seed=2)
    assert dep.method.name == "sampled" and dep.method.epsilon is not None
    assert dep.method.epsilon <= 0.03  # the stopping rule ran to its target
    sampled = _shares(dep)
    within = [abs(sampled[v] - exact[v]) <= dep.method.epsilon for v in G]
    # The stated error is the widest 90 % half-width: nearly everyone is within it, and
    # no one far outside.
    assert sum(within) / len(within) >= 0.9
    assert max(abs(sampled[v] - exact[v]) for v in G) <= 2 * dep.method.epsilon


@pytest.mark.parametrize("seed", range(3))
def test_each_persons_own_interval_covers_the_exact_share(seed: int) -> None:
    """Each person's stated half-width (``error``), not only the widest, holds at its
    level: on random graphs, connected and in fragments, with a one-person organisation,
    about 90 % of the people or more have their exact share inside it; and the interval
    says something (most are far narrower than the shares themselves can move)."""
    rnd = random.Random(seed)
    G = nx.connected_watts_strogatz_graph(400, 4, 0.1, seed=seed)
    G = nx.disjoint_union(G, nx.gnp_random_graph(60, 0.08, seed=seed))  # a fragment
    part = {v: rnd.choice("ABCD") for v in G}
    part[0] = "solo"  # an organisation of one person
    exact = _shares(pair_dependency(G, part))
    dep = pair_dependency(G, part, exact_work=0, epsilon=0.03, delta=0.1, seed=seed)
    index = dep.indexed.index
    people = [v for v in G if v in exact]
    sampled = _shares(dep)
    inside = [abs(sampled[v] - exact[v]) <= dep.error[index[v]] + 1e-12 for v in people]
    assert sum(inside) / len(inside) >= 0.88
    assert float(np.median(dep.error[dep.cross_pairs > 0])) <= 0.03


def test_sampling_says_when_its_source_cap_stops_it_early() -> None:
    G = nx.connected_watts_strogatz_graph(300, 4, 0.1, seed=1)
    part = _partition(G, 1, "AB")
    dep = pair_dependency(G, part, exact_work=0, epsilon=0.001, max_sources=20)
    assert dep.method.sources == 20 and dep.method.epsilon is not None
    assert dep.method.epsilon > 0.001  # the reached error, not the one asked for


def test_sampled_pair_dependency_is_sparse_and_bounded_by_pairs() -> None:
    G = nx.connected_watts_strogatz_graph(500, 6, 0.05, seed=5)
    part = {v: f"org{v % 40}" for v in G}  # 40 organisations: 780 pairs
    dep = pair_dependency(G, part, exact_work=0, seed=3)
    assert dep.method.samples is not None
    # One entry at most per person strictly inside a sampled path.
    assert dep.values.nnz <= dep.method.samples * nx.diameter(G)
    for v in list(G)[:50]:
        for (a, b), value in dep.of(v).items():
            assert 0 < value <= dep.pairs[(a, b)]


def test_spanner_report_on_a_connected_national_graph() -> None:
    from datetime import date

    from graph.model.generator import generate

    G = collaboration_graph(load_document(generate(3000, seed=6, national=True)),
                            as_of=date(2026, 6, 1))
    report = spanner_report(G, exact_work=0)
    assert nx.is_connected(G)
    assert report.method["cross_org_brokerage"]["name"] == "sampled"
    assert report.method["betweenness"]["algorithm"] == "KADABRA (networkit)"
    for row in report.rows[:20]:
        for pair in row["top_pairs"]:
            assert 0 < pair["pairs_via"] <= pair["pairs"] or pair["pairs"] == 0
            assert 0 <= pair["share"] <= 1


def test_a_report_that_cannot_fit_the_budget_refuses_up_front_in_swedish() -> None:
    from graph.core.budget import Budget, budget
    from graph.core.errors import QueryBudgetError

    G = nx.connected_watts_strogatz_graph(2000, 6, 0.1, seed=1)
    part = _partition(G, 1)
    with budget(Budget(seconds=0.001, memory_mb=4096)), pytest.raises(QueryBudgetError) as e:
        pair_dependency(G, part, exact_work=0)
    assert "tidsgräns på 0.001 s (SAMVERKAN_QUERY_BUDGET_S)" in e.value.message
    with budget(Budget(seconds=60, memory_mb=1)), pytest.raises(QueryBudgetError) as e:
        pair_dependency(G, part, exact_work=0)
    assert "minnesgräns på 1 MiB (SAMVERKAN_MEMORY_BUDGET_MB)" in e.value.message
    with budget(Budget(seconds=60, memory_mb=4096)):  # within both: it runs
        assert pair_dependency(G, part, exact_work=0).method.name == "sampled"

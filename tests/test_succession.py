"""Succession: every κ a candidate row or an överlämningsplan states is recomputed by
networkx on the graph it describes; the competence part is the matcher's own score."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from api.seed_data import seed_document
from graph.analysis.brokerage import gould_fernandez
from graph.analysis.projection import collaboration_graph
from graph.core.errors import NotFoundError
from graph.model.schema import Document
from graph.reports.spanners import organisation_at_level
from graph.reports.succession import _cross, _ego, succession_report
from matching.profile import get_profile
from matching.scoring import Candidate, score_candidates
from tests.test_capped_connectivity import ring_graph
from tests.test_changes import D2, all_kappa, nx_kappa, random_document


def _leavers(G: Any, part: Any, truth: dict[Any, int], k: int = 3) -> list[Any]:
    out = []
    for v in sorted(G, key=str):
        H = G.copy()
        H.remove_node(v)
        if any(nx_kappa(H, part, *p) < kappa for p, kappa in truth.items() if kappa <= 3):
            out.append(v)
    return out[:k]


@pytest.mark.parametrize("seed", range(30))
def test_plan_and_candidates_are_recomputed(seed: int) -> None:
    G = collaboration_graph(random_document(seed), D2)
    part = organisation_at_level(G, 0)
    truth = all_kappa(G, part)
    for v in _leavers(G, part, truth):
        _check_report(G, part, truth, v)


@pytest.mark.parametrize("seed", range(6))
def test_ring_plans_and_candidates_are_recomputed(seed: int) -> None:
    """National-shaped rings (förbund on one or two links): the candidates' and the
    plan's κ come from capped variants sharing cuts, and are still networkx's."""
    G, part = ring_graph(seed)
    truth = all_kappa(G, part)
    for v in _leavers(G, part, truth, k=2):
        _check_report(G, part, truth, v)


def _check_report(G: Any, part: Any, truth: dict[Any, int], v: Any) -> None:
    report = succession_report(G, v, top=3, max_kappa=3)
    gone = G.copy()
    gone.remove_node(v)
    affected = {p for p, k in truth.items() if k <= 3 and nx_kappa(gone, part, *p) < k}
    assert {tuple(r["organisations"]) for r in report["affected_pairs"]} == affected
    plan = report["handover_plan"]
    assert plan["kappa_before"] == sum(truth[p] for p in affected)
    assert plan["kappa_after_leaving"] == sum(nx_kappa(gone, part, *p) for p in affected)
    H = gone.copy()
    for step in plan["steps"]:
        a, b = step["people"]
        assert not G.has_edge(a, b) and part[a] == part[v] and part[b] != part[v]
        H.add_edge(a, b)
        for row in step["kappa_after"]:
            assert row["kappa"] == nx_kappa(H, part, *row["organisations"])
    assert plan["kappa_with_plan"] == sum(nx_kappa(H, part, *p) for p in affected)
    formal = [u for u in G[v] if G[v][u].get("groups") or G[v][u].get("initiatives")]
    for cand in report["candidates"]:
        c = cand["person"]
        T = gone.copy()
        T.add_edges_from((c, u) for u in formal if u != c)
        moved = {**part, c: part[v]}
        lost = sum(truth[p] - nx_kappa(gone, part, *p) for p in affected)
        back = 0
        for row in cand["kappa_with_candidate"]:
            p = tuple(row["organisations"])
            assert row["with_candidate"] == nx_kappa(T, moved, *p)
            back += row["with_candidate"] - row["without"]
        if lost:
            assert cand["connectivity_restored"] == round(back / lost, 4)
        # brokerage on the whole graphs, as the report's ego networks must give it
        leaver = _cross(gould_fernandez(G, part)[v])
        gained = _cross(gould_fernandez(T, moved)[c]) - _cross(gould_fernandez(gone, part)[c])
        assert cand["brokerage_restored"] == (
            None if not leaver else round(min(1.0, max(0.0, gained / leaver)), 4))
        assert cand["competence"] is None
        assert "kompetens ej bedömd (ingen rollprofil vald)" in cand["explanation"]


def test_competence_is_the_matchers_score(encoder: Any) -> None:
    doc = Document.model_validate(seed_document())
    G = collaboration_graph(doc, date(2026, 1, 1))
    profile = get_profile("handbok")
    report = succession_report(G, "kl-af-kontakt", profile=profile, encoder=encoder,
                               today=date(2026, 1, 1), top=10)
    assessed = [c for c in report["candidates"] if c["competence"] is not None]
    for cand in report["candidates"]:
        described = bool(G.nodes[cand["person"]].get("description"))
        assert (cand["competence"] is not None) == described
        if not described:
            assert "ingen beskrivning att bedöma" in cand["explanation"]
    for cand in assessed:
        (direct,) = score_candidates(
            [Candidate(id=cand["person"], text=G.nodes[cand["person"]]["description"],
                       names=(G.nodes[cand["person"]]["name"],))],
            profile, encoder, today=date(2026, 1, 1))
        assert cand["competence"]["score"] == round(direct.score, 4)
        assert cand["score"] == pytest.approx((cand["network"] + direct.score) / 2, abs=1e-4)
        assert "kompetens mot profilen handbok" in cand["explanation"]


def test_a_leaver_alone_in_their_organisation_is_told_so() -> None:
    doc = Document.model_validate(seed_document())
    G = collaboration_graph(doc, date(2026, 1, 1))
    plan = succession_report(G, "kl-processledare")["handover_plan"]
    assert plan["steps"] == [] and plan["kappa_with_plan"] == plan["kappa_after_leaving"] == 0
    assert "Karin är ensam i Finsam Kävlinge–Lomma" in plan["explanation"]


def test_someone_not_current_is_refused() -> None:
    doc = Document.model_validate(seed_document())
    G = collaboration_graph(doc, date(2026, 1, 1))
    with pytest.raises(NotFoundError, match="person: 'kl-af-kontakt-2015' finns inte i "
                       "nätverket den 1 januari 2026: slutade"):
        succession_report(G, "kl-af-kontakt-2015")  # left in 2016


@pytest.mark.parametrize("seed", range(20))
def test_brokerage_on_the_ego_network_is_the_whole_graphs(seed: int) -> None:
    """A person's Gould-Fernandez counts depend on their contacts and the ties among
    them only: on the ego network (leaver gone, seats' ties added) they are the whole
    graph's."""
    G, part = ring_graph(seed)
    rng = random.Random(seed)
    nodes = sorted(G)
    for _ in range(5):
        c, gone = rng.sample(nodes, 2)
        add = [(c, u) for u in rng.sample(nodes, 4) if u not in (c, gone)]
        whole = G.copy()
        whole.remove_node(gone)
        whole.add_edges_from(add)
        moved = {**part, c: rng.choice(sorted(set(part.values())))}
        assert gould_fernandez(_ego(G, c, add, gone), moved)[c] == \
            gould_fernandez(whole, moved)[c]

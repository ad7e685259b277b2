"""Gould–Fernandez significance against R's ``sna::brokerage()`` itself.

R runs in a subprocess on the same graphs (Debian's r-cran-sna, installed by .ci/setup);
the test is skipped, with the reason, only where ``Rscript`` is absent.
"""

from __future__ import annotations

import math
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest

from graph.analysis.brokerage import ALL_ROLES, brokerage_significance

R_SCRIPT = r"""
suppressMessages(library(sna))
root <- commandArgs(trailingOnly = TRUE)[1]
for (case in list.dirs(root, recursive = FALSE)) {
  n <- as.integer(readLines(file.path(case, "n.txt")))
  m <- matrix(0, n, n)
  lines <- readLines(file.path(case, "edges.txt"))
  for (line in lines) {
    ij <- as.integer(strsplit(line, ",")[[1]]) + 1
    m[ij[1], ij[2]] <- 1; m[ij[2], ij[1]] <- 1
  }
  b <- brokerage(m, readLines(file.path(case, "groups.txt")))
  for (part in c("raw.nli", "exp.nli", "sd.nli", "z.nli"))
    write.table(b[[part]], file.path(case, paste0(part, ".csv")), sep = ",",
                col.names = FALSE, row.names = FALSE)
}
"""

needs_r = pytest.mark.skipif(shutil.which("Rscript") is None,
                             reason="Rscript is absent (install Debian's r-cran-sna)")


def _sna(tmp: Path, cases: list[tuple[nx.Graph, dict[Any, Any]]]) -> list[dict[str, np.ndarray]]:
    for k, (G, part) in enumerate(cases):
        case = tmp / f"case{k:03d}"
        case.mkdir()
        ix = {v: i for i, v in enumerate(G)}
        (case / "n.txt").write_text(f"{len(G)}\n")
        (case / "edges.txt").write_text("".join(f"{ix[u]},{ix[v]}\n" for u, v in G.edges()))
        (case / "groups.txt").write_text("".join(f"g{part[v]}\n" for v in G))
    script = tmp / "brokerage.R"
    script.write_text(R_SCRIPT)
    subprocess.run(["Rscript", str(script), str(tmp)], check=True, capture_output=True,
                   timeout=300)
    return [{part: np.atleast_2d(np.genfromtxt(tmp / f"case{k:03d}" / f"{part}.csv",
                                               delimiter=","))
             for part in ("raw.nli", "exp.nli", "sd.nli", "z.nli")}
            for k in range(len(cases))]


def _compare(G: nx.Graph, part: dict[Any, Any], sna: dict[str, np.ndarray]) -> int:
    ours = brokerage_significance(G, part)
    checked = 0
    for i, v in enumerate(G):
        for j, role in enumerate(ALL_ROLES):
            row = ours[v][role]
            assert row["count"] == sna["raw.nli"][i, j], (v, role)
            assert math.isclose(row["expected"], sna["exp.nli"][i, j], rel_tol=1e-9,
                                abs_tol=1e-12), (v, role)
            assert math.isclose(row["sd"], sna["sd.nli"][i, j], rel_tol=1e-9,
                                abs_tol=1e-12), (v, role)
            z = sna["z.nli"][i, j]
            if math.isfinite(z):
                assert row["z"] is not None and math.isclose(row["z"], z, rel_tol=1e-9,
                                                             abs_tol=1e-9), (v, role)
            else:
                assert row["z"] is None, (v, role, z)
            checked += 1
    return checked


def _random_cases() -> list[tuple[nx.Graph, dict[Any, Any]]]:
    rng = random.Random(22)
    cases = []
    for k in range(24):
        n = rng.randint(5, 60)
        G = (nx.gnp_random_graph(n, rng.uniform(0.03, 0.4), seed=k) if k % 2 else
             nx.barabasi_albert_graph(n, rng.randint(1, 3), seed=k))
        groups = rng.randint(1, 7)
        part = {v: rng.randrange(groups) for v in G}
        part[rng.choice(list(G))] = "solo"  # a one-person organisation
        cases.append((G, part))
    return cases


@needs_r
def test_equal_to_sna_on_published_graphs(tmp_path: Path) -> None:
    flo = nx.florentine_families_graph()
    kite = nx.krackhardt_kite_graph()
    cases = [(flo, {v: v for v in flo}),
             (flo, {v: len(v) % 3 for v in flo}),
             (kite, {v: "a" if v < 5 else "b" for v in kite}),
             (kite, {v: v % 3 for v in kite})]
    checked = sum(_compare(G, p, s) for (G, p), s in zip(cases, _sna(tmp_path, cases),
                                                         strict=True))
    assert checked == 6 * (15 + 15 + 10 + 10)


@needs_r
def test_equal_to_sna_on_random_graphs(tmp_path: Path) -> None:
    cases = _random_cases()
    checked = sum(_compare(G, p, s) for (G, p), s in zip(cases, _sna(tmp_path, cases),
                                                         strict=True))
    assert checked == 6 * sum(len(G) for G, _ in cases)


def test_florentine_medici_published_values() -> None:
    # sna::brokerage(flo, rownames(flo)) on the 15 connected families (R 4.2, sna 2.7-1).
    G = nx.florentine_families_graph()
    medici = brokerage_significance(G, {v: v for v in G})["Medici"]
    assert medici["liaison"]["count"] == 28
    assert medici["liaison"]["expected"] == pytest.approx(5.345427059712773, rel=1e-12)
    assert medici["liaison"]["z"] == pytest.approx(4.920003577127393, rel=1e-12)
    assert medici["coordinator"]["z"] is None  # sna: NaN, a group of one


def test_expected_for_degree_scales_the_null_to_the_persons_contacts() -> None:
    G = nx.star_graph(4)  # centre 0 with four leaves in two organisations
    part = {0: "x", 1: "a", 2: "a", 3: "b", 4: "b"}
    s = brokerage_significance(G, part)[0]
    d = 4 / 10
    for role in ALL_ROLES:
        mean_pairs = d * d * 4 * 3
        assert s[role]["expected_for_degree"] == pytest.approx(
            s[role]["expected"] * 4 * 3 / mean_pairs)
    assert s["total"]["expected_for_degree"] == pytest.approx((1 - d) * 4 * 3)
    assert s["liaison"]["count"] == 8 and s["itinerant"]["count"] == 4


def test_spanner_rows_carry_brokerage_z_and_say_when_a_count_is_unremarkable() -> None:
    from datetime import date

    from api.seed_data import seed_document
    from graph.analysis.projection import collaboration_graph
    from graph.model.schema import Document
    from graph.reports.spanners import organisation_at_level, spanner_report

    G = collaboration_graph(Document.model_validate(seed_document()), date(2026, 1, 1))
    significance = brokerage_significance(G, organisation_at_level(G, 0))
    said = 0
    for row in spanner_report(G).rows:
        assert row["brokerage_z"] == {r: significance[row["person"]][r]["z"] for r in ALL_ROLES}
        liaison = row["brokerage"]["liaison"]
        expected = significance[row["person"]]["liaison"]["expected_for_degree"]
        unremarkable = "inte är fler än väntat" in row["explanation"]
        assert unremarkable == ("Länkar samman" in row["explanation"]
                                and liaison <= round(expected, 4)), row["person"]
        said += unremarkable
    # On the seed contacts cluster inside each party, so by chance (contacts spread
    # over all parties) every liaison count is unremarkable.
    assert said > 0


def test_the_unremarkable_clause_fires_for_a_count_chance_would_give() -> None:
    from graph.reports.spanners import spanner_report

    # v (org x) knows eight colleagues (a clique) and one person each in a and b; many small
    # organisations make A-B-like pairs common by chance, and a, b reach x otherwise too.
    G = nx.Graph()
    orgs = {"v": "x"} | {f"x{i}": "x" for i in range(8)}
    for o in "abcdef":
        orgs |= {f"{o}{i}": o for i in range(5)}
    G.add_nodes_from(orgs)
    G.add_edges_from([("v", f"x{i}") for i in range(8)] + [("v", "a0"), ("v", "b0")])
    G.add_edges_from((f"x{i}", f"x{j}") for i in range(8) for j in range(i))
    G.add_edges_from([(f"{o}{i}", f"{o}{i + 1}") for o in "abcdef" for i in range(4)])
    G.add_edges_from([("x0", "a1"), ("x1", "b1"), ("x2", "c0"), ("x3", "d0"), ("x4", "e0"),
                      ("x5", "f0"), ("a2", "b2")])
    G.add_edges_from((f"x{i}", f"{o}{i % 5}") for i in range(8) for o in "ab")
    nx.set_node_attributes(G, orgs, "organisation")
    G.graph["organisations"] = {o: {"name": o.upper(), "parent": None} for o in "xabcdef"}
    row = next(r for r in spanner_report(G).rows if r["person"] == "v")
    assert row["brokerage"]["liaison"] == 2
    assert row["brokerage_expected"]["liaison"] > 2
    assert "Länkar samman 1 par" in row["explanation"]
    assert "inte är fler än väntat" in row["explanation"]

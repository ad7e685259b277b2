"""Key-person risk benchmark (issue 4): all-person departure impact and all-pairs party
connectivity, beside the per-person recomputation baseline and igraph's own
vertex-connectivity primitive, in the same run on the same graphs."""

from __future__ import annotations

import json
import random
from collections.abc import Hashable, Mapping
from functools import partial
from itertools import combinations
from pathlib import Path

import igraph as ig
import networkx as nx

from bench.bench_spanners import timed
from graph.analysis.connectivity import organisation_connectivity
from graph.analysis.departure import departure_impact
from graph.analysis.indexed import Indexed
from graph.analysis.projection import collaboration_graph
from graph.model.document import load_document
from graph.model.generator import generate
from graph.model.schema import Document
from graph.reports.key_persons import risk_report
from graph.reports.spanners import organisation_at_level

SEED = Path(__file__).resolve().parents[1] / "seed" / "finsam.json"


def _recompute(G: nx.Graph, part: Mapping[Hashable, Hashable], people: list[Hashable]
               ) -> list[list[set[Hashable]]]:
    """The baseline: take each person out and recompute which parties stay together."""
    out = []
    for v in people:
        H = G.subgraph(nx.node_connected_component(G, v) - {v})
        out.append([{part.get(x) for x in piece} for piece in nx.connected_components(H)])
    return out


def _igraph_pairs(idx: Indexed, part: list[Hashable], pairs: list[tuple[Hashable, Hashable]]
                  ) -> list[int]:
    return [_igraph_pair(idx, part, a, b) for a, b in pairs]


def _igraph_pair(idx: Indexed, part: list[Hashable], a: Hashable, b: Hashable) -> int:
    """igraph's primitive: vertex connectivity between two added super-vertices."""
    n = len(idx.nodes)
    edges = list(zip(idx.src.tolist(), idx.dst.tolist(), strict=True))
    edges += [(n, i) for i in range(n) if part[i] == a]
    edges += [(n + 1, i) for i in range(n) if part[i] == b]
    H = ig.Graph(n=n + 2, edges=edges)
    return int(H.vertex_connectivity(source=n, target=n + 1, neighbors="ignore"))


def run(sizes: tuple[int, ...] = (10_000, 200_000)) -> str:
    docs: list[tuple[str, Document]] = [
        ("seed", load_document(json.loads(SEED.read_text(encoding="utf-8"))))]
    docs += [(f"{n:,} generated", load_document(generate(n, seed=1))) for n in sizes]
    lines = ["## Key-person risk (issue 4)", "",
             "All-person impact = articulation pieces from the block-cut tree plus direct-link "
             "reduction, for everyone at once. Party connectivity = max-flow per pair of "
             "parties (igraph, node-split digraph). Baselines are timed on a sample and "
             "extrapolated to everyone / every pair (marked ≈).", "",
             "| graph | people | all-person impact s | recompute per person s (≈ all) "
             "| party pairs | all-pairs connectivity s | igraph vertex_connectivity s (≈ all) "
             "| full risk report s |",
             "|---|---:|---:|---|---:|---:|---|---:|"]
    rng = random.Random(1)
    for label, doc in docs:
        G = collaboration_graph(doc)
        part = organisation_at_level(G, 0)
        idx = Indexed.of(G)
        t_impact, _ = timed(partial(departure_impact, G, part, indexed=idx))
        t_conn, conn = timed(partial(organisation_connectivity, G, part, indexed=idx))
        sample = rng.sample(list(G), min(50, len(G)))
        t_base, _ = timed(partial(_recompute, G, part, sample))
        per_person = t_base / len(sample)
        orgs = [part.get(v) for v in idx.nodes]
        pairs = [c.organisations for c in conn]
        pair_sample = rng.sample(pairs, min(10, len(pairs))) if pairs else []
        all_pairs = list(combinations(sorted({o for o in orgs if o is not None}, key=str), 2))
        t_ig, _ = timed(partial(_igraph_pairs, idx, orgs, pair_sample))
        per_pair = t_ig / max(1, len(pair_sample))
        t_report, _ = timed(partial(risk_report, doc, G))
        lines.append(
            f"| {label} | {len(G):,} | {t_impact:.2f} | {t_base:.2f} for {len(sample)} "
            f"(≈ {per_person * len(G):,.2f}) | {len(pairs):,} | {t_conn:.2f} "
            f"| {t_ig:.2f} for {len(pair_sample)} (≈ {per_pair * len(pairs):,.2f} for the "
            f"same pairs; {len(all_pairs):,} pairs of parties in all) | {t_report:.2f} |")
    lines += ["", "Connectivity is computed per connected component (paths never cross "
              "them), so only pairs of parties that share a component cost a max-flow; "
              "igraph's primitive works on the whole graph for every pair."]
    return "\n".join(lines)

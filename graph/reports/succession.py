"""Succession with competence: who could take over from a leaver, and an överlämningsplan.

Candidates come from :func:`graph.reports.key_persons.successors` (structural
similarity: shared contacts, the contacts' organisation profile, same unit). Each is then
measured in two independent ways, both shown:

* **network position**: the candidate takes over the leaver's post: joins the leaver's
  organisation (the seats represent it) and the leaver's formal positions (the leaver's
  edges that come with a forum seat or an initiative, as in :mod:`graph.reports.seats`),
  and keeps their own ties; ``connectivity_restored`` is the
  share of the κ the party pairs lose when the leaver goes that this gives back
  (recomputed maximum flows; ``None`` when no pair loses anything), and
  ``brokerage_restored`` the candidate's cross-organisation Gould–Fernandez count after
  taking over against the leaver's (capped at 1);
* **competence fit**: the matcher (:func:`matching.scoring.score_candidates`) on the
  candidate's description against a role profile (``seed/profiles``); ``None`` without a
  profile or a description.

``network`` is the mean of the network parts present and ``score`` the mean of network
and competence (network alone when competence is missing).

The **överlämningsplan** is :func:`graph.analysis.introductions.greedy_introductions`:
ties between the leaver's colleagues (the best candidate first) and the leaver's contacts
in other organisations, chosen one at a time to restore the most κ once the leaver has
left, with κ of every affected pair after each introduction.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.betweenness import Pair
from graph.analysis.brokerage import ROLES, gould_fernandez
from graph.analysis.connectivity import PairConnectivity
from graph.analysis.indexed import Indexed
from graph.analysis.introductions import greedy_introductions
from graph.analysis.kappa_variants import variant_kappa, without_person
from graph.analysis.sole_links import Tie, around
from graph.reports.key_persons import successors
from graph.reports.party_connectivity import exact_up_to, party_kappa
from graph.reports.presence import current_person
from graph.reports.spanners import organisation_at_level
from matching.encoders import Encoder
from matching.profile import Profile
from matching.scoring import Candidate, score_candidates

CROSS_ROLES = tuple(r for r in ROLES if r != "coordinator")
DEFAULT_TOP = 5
DEFAULT_MAX_KAPPA = 3
SHORTLIST = 15
DEFAULT_PLAN_STEPS = 3
MAX_PLAN_CONTACTS = 15
MAX_PLAN_COLLEAGUES = 5


def _cross(counts: Mapping[str, int]) -> int:
    return sum(int(counts[r]) for r in CROSS_ROLES)


def _formal_neighbours(G: nx.Graph, v: Hashable) -> list[Hashable]:
    return [u for u in G[v] if G[v][u].get("groups") or G[v][u].get("initiatives")]


def _kappa(rows: Mapping[Pair, PairConnectivity]) -> dict[Pair, int]:
    return {p: r.connectivity for p, r in rows.items()}


def _ego(G: nx.Graph, v: Hashable, add: Iterable[Tie] = (), gone: Hashable | None = None
         ) -> nx.Graph:
    """``v``, their contacts and the ties among them, with ``add`` (ties of ``v``) and
    without ``gone``: all that ``v``'s brokerage counts depend on."""
    extra = [t for t in add if gone not in t]
    people = ({v, *G[v]} | {u for t in extra for u in t}) - {gone}
    ego = nx.Graph(G.subgraph(people).edges())
    ego.add_nodes_from(people)
    ego.add_edges_from(extra)
    return ego


def _first(G: nx.Graph, v: Hashable) -> str:
    name = str(G.nodes[v].get("name") or v)
    return name.split()[0]


def succession_report(G: nx.Graph, person: Hashable, *, level: int | None = 0,
                      top: int = DEFAULT_TOP, plan_steps: int = DEFAULT_PLAN_STEPS,
                      profile: Profile | None = None, encoder: Encoder | None = None,
                      today: date | None = None, max_kappa: int = DEFAULT_MAX_KAPPA
                      ) -> dict[str, Any]:
    """Ranked successors for ``person`` with every part explained, and the handover plan.

    Connectivity is judged on the party pairs with κ <= ``max_kappa`` (the fragile ones).
    ``profile`` and ``encoder`` give the competence part; without them it is ``None`` and
    the ranking is by network position alone. ``today`` dates the matcher's facts.
    """
    current_person(G, person, "person")
    partition = organisation_at_level(G, level)
    names = {k: str(v["name"]) for k, v in G.graph.get("organisations", {}).items()}
    table = party_kappa(G, level, exact_up_to(max_kappa))
    H = around(G, partition, [], [person])
    whole = H.number_of_nodes() == G.number_of_nodes()  # the leaver's component is all of G
    if whole:
        H = G
    idx = Indexed.of(H)
    present = {partition.get(u, u) for u in H}
    # The fragile pairs only (κ <= max_kappa), each variant capped just above them (exact
    # there) and given the cuts known so far as hints: see graph/analysis/kappa_variants.
    pairs = [p for p, r in table.items() if r.connectivity <= max_kappa
             and p[0] in present and p[1] in present]
    cap = max_kappa + 1
    hints = [table[p].cut for p in pairs]
    local = {p: table[p].connectivity for p in pairs} if whole else _kappa(
        variant_kappa(H, partition, pairs, cap=cap, hints=hints, indexed=idx))
    gone = variant_kappa(H, partition, pairs, cap=cap, remove=[person],
                         hints=without_person(hints, person), indexed=idx)
    without = _kappa(gone)
    affected = [p for p in pairs if without[p] < local[p]]
    elsewhere = {p: table[p].connectivity - local[p] for p in affected}
    lost = sum(local[p] - without[p] for p in affected)
    leaver_cross = _cross(gould_fernandez(_ego(G, person), partition)[person])
    formal = _formal_neighbours(G, person)
    after_cuts = [gone[p].cut for p in affected]

    # A fixed shortlist, so that a smaller --top shows the head of the same ranking.
    shortlist = successors(G, person, level=level, top=max(SHORTLIST, top))
    competence = _competence(G, [s["person"] for s in shortlist], profile, encoder, today)
    rows = []
    own = partition.get(person, person)
    for s in shortlist:
        c = s["person"]
        # The candidate's own component joins when it is another one (another förbund).
        W, widx = (H, idx) if c in H else (around(G, partition, [], [person, c]), None)
        widx = widx or Indexed.of(W)
        shift = {p: table[p].connectivity - r for p, r in (
            _kappa(variant_kappa(W, partition, affected, cap=cap, hints=hints, indexed=widx))
            if W is not H else local).items()}
        moved = {**partition, c: own}
        # With the leaver's seats, κ lies between κ without the leaver and one more; the
        # cuts without the leaver, with and without the candidate, bound it from above.
        took = [(c, u) for u in formal if u != c]
        after = {p: r.connectivity + shift[p] for p, r in variant_kappa(
            W, moved, affected, cap=cap, remove=[person], add=took, indexed=widx,
            hints=[*after_cuts, *([*cut, c] for cut in after_cuts),
                   *without_person(hints, person)]).items()}
        gone_k = {p: without[p] + elsewhere[p] for p in affected}
        restored = (sum(after[p] - gone_k[p] for p in affected) / lost) if lost else None
        # A count is about a person's neighbours and the ties among them: their ego
        # network, with the leaver gone and, after taking over, the seats' contacts.
        gained = _cross(gould_fernandez(_ego(G, c, took, person), moved)[c]) - _cross(
            gould_fernandez(_ego(G, c, (), person), partition)[c])
        brokerage = min(1.0, max(0.0, gained / leaver_cross)) if leaver_cross else None
        parts = [x for x in (restored, brokerage, s["score"]) if x is not None]
        network = sum(parts) / len(parts)
        fit = competence.get(c)
        if fit is None and profile is not None and encoder is not None:
            fit_note = "ingen beskrivning att bedöma"
        else:
            fit_note = "ingen rollprofil vald" if fit is None else ""
        score = network if fit is None else (network + fit["score"]) / 2
        row = {"person": c, "name": s["name"], "score": round(score, 4),
               "network": round(network, 4),
               "connectivity_restored": None if restored is None else round(restored, 4),
               "kappa_with_candidate": [{"organisations": list(p),
                                         "before": local[p] + elsewhere[p],
                                         "without": without[p] + elsewhere[p],
                                         "with_candidate": after[p]}
                                        for p in affected],
               "brokerage_restored": None if brokerage is None else round(brokerage, 4),
               "structural_similarity": s["score"], "shared_contacts": s["shared_contacts"],
               "competence": fit}
        row["explanation"] = _explain_candidate(G, person, row, s["explanation"], lost,
                                                fit_note, max_kappa)
        rows.append(row)
    rows.sort(key=lambda r: (-r["score"], str(r["person"])))
    rows = rows[:top]
    plan = _plan(G, person, partition, affected,
                 {p: local[p] + elsewhere[p] for p in affected}, rows, names,
                 [*after_cuts, *without_person(hints, person)], max_kappa)
    return {"person": person, "name": G.nodes[person].get("name"),
            "as_of": G.graph.get("as_of"),
            "profile": profile.id if profile is not None else None,
            "affected_pairs": [{"organisations": list(p),
                                "names": [names.get(p[0], str(p[0])), names.get(p[1], str(p[1]))],
                                "before": local[p] + elsewhere[p],
                                "without": without[p] + elsewhere[p]} for p in affected],
            "candidates": rows, "handover_plan": plan}


def _competence(G: nx.Graph, people: list[Hashable], profile: Profile | None,
                encoder: Encoder | None, today: date | None) -> dict[Hashable, dict[str, Any]]:
    if profile is None or encoder is None:
        return {}
    texts = [(p, str(G.nodes[p].get("description") or "")) for p in people]
    candidates = [Candidate(id=str(p), text=t, names=(str(G.nodes[p].get("name") or ""),))
                  for p, t in texts if t.strip()]
    if not candidates:
        return {}
    by_id = {str(p): p for p in people}
    out = {}
    for result in score_candidates(candidates, profile, encoder, today=today):
        out[by_id[result.candidate]] = {"profile": profile.id, "score": round(result.score, 4),
                                        "band": result.band, "gaps": result.gaps[:3],
                                        "note": result.note}
    return out


def fragile_scope(max_kappa: int) -> str:
    """The pairs a succession is judged on, said plainly: only those are checked, so a
    robust pair that loses one of many routes is not "no weakening"."""
    return f"ingen skör partskoppling (högst {max_kappa} oberoende vägar)"


def _explain_candidate(G: nx.Graph, leaver: Hashable, row: dict[str, Any], structural: str,
                       lost: int, fit_note: str, max_kappa: int) -> str:
    who, gone = _first(G, row["person"]), _first(G, leaver)
    parts = []
    if row["connectivity_restored"] is None:
        parts.append(f"{fragile_scope(max_kappa)} försvagas när {gone} slutar")
    else:
        back = round(row["connectivity_restored"] * lost)
        # A candidate from another organisation leaves its own post too: taking over can
        # cost its old organisation's pairs more than it gives back.
        parts.append(f"med {gone}s uppdrag återställer {who} {back} av {lost} förlorade "
                     f"oberoende vägar mellan parterna" if back >= 0 else
                     f"med {gone}s uppdrag återställer {who} ingen av {lost} förlorade "
                     f"oberoende vägar mellan parterna; när {who} lämnar sin egen plats "
                     f"försvinner {-back} till")
    if row["brokerage_restored"] is not None:
        parts.append(f"{round(100 * row['brokerage_restored'])} % av {gone}s mäklarroller "
                     f"mellan organisationer")
    structural = structural.rstrip(".")
    parts.append("strukturellt: " + structural[:1].lower() + structural[1:])
    fit = row["competence"]
    if fit is not None:
        parts.append(f"kompetens mot profilen {fit['profile']}: {fit['band']} "
                     f"({fit['score']:.2f})".replace(".", ",", 1))
    else:
        parts.append(f"kompetens ej bedömd ({fit_note})")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _plan(G: nx.Graph, leaver: Hashable, partition: Mapping[Hashable, Hashable],
          affected: list[Pair], now: Mapping[Pair, int],
          rows: list[dict[str, Any]], names: Mapping[Hashable, str],
          hints: list[list[Hashable]], max_kappa: int) -> dict[str, Any]:
    gone = _first(G, leaver)
    if not affected:
        scope = fragile_scope(max_kappa)
        return {"steps": [], "explanation": f"{scope[:1].upper()}{scope[1:]} försvagas när "
                                            f"{gone} slutar; ingen introduktion behövs för "
                                            f"sammanhållningen."}
    own = partition.get(leaver, leaver)
    alone = [p for p in affected if own in p] if not any(
        partition.get(u, u) == own for u in G if u != leaver) else []
    note = (f" {gone} är ensam i {names.get(own, own)}: bara en efterträdare där återställer "
            f"organisationens {len(alone)} partskopplingar; ingen introduktion kan göra det."
            if alone else "")
    colleagues = [r["person"] for r in rows if partition.get(r["person"]) == own][:1]
    colleagues += sorted((u for u in G[leaver] if partition.get(u, u) == own
                          and u not in colleagues), key=lambda u: (-G.degree(u), str(u)))
    colleagues = colleagues[:MAX_PLAN_COLLEAGUES]
    contacts = sorted((u for u in G[leaver] if partition.get(u, u) != own),
                      key=lambda u: (-G.degree(u), str(u)))[:MAX_PLAN_CONTACTS]
    ties: list[Tie] = [(a, b) for a in colleagues for b in contacts if a != b]
    start, steps = greedy_introductions(G, partition, affected, ties, steps=DEFAULT_PLAN_STEPS,
                                        remove=[leaver], at_most=max(now.values()),
                                        hints=hints)
    out: list[dict[str, Any]] = []
    final = sum(start[p] for p in affected)  # greedy's κ is global already
    for k, step in enumerate(steps, 1):
        a, b = step.tie
        kappa = {p: step.kappa[p] for p in affected}
        final = sum(kappa.values())
        changed = [p for p in affected if kappa[p] > start[p]]
        pair_text = "; ".join(f"{names.get(p[0], p[0])} – {names.get(p[1], p[1])} "
                              f"{kappa[p]}" for p in changed[:3])
        out.append({"step": k, "people": [a, b],
                    "names": [G.nodes[a].get("name"), G.nodes[b].get("name")],
                    "kappa_after": [{"organisations": list(p), "kappa": kappa[p]}
                                    for p in affected],
                    "explanation": f"{k}. {gone} introducerar {G.nodes[a].get('name')} för "
                                   f"{G.nodes[b].get('name')} "
                                   f"({names.get(partition.get(b, b), partition.get(b, b))}); "
                                   f"därefter, när {gone} har slutat: {pair_text}."})
    before = sum(now[p] for p in affected)
    after_leaving = sum(start[p] for p in affected)
    plural = "introduktion" if len(out) == 1 else "introduktioner"
    explanation = (f"När {gone} slutar sjunker summan av κ för de berörda paren från {before} "
                   f"till {after_leaving}; med {len(out)} {plural} före avgången blir "
                   f"den {final}.") + note
    return {"steps": out, "kappa_before": before, "kappa_after_leaving": after_leaving,
            "kappa_with_plan": final, "explanation": explanation}


__all__ = ["succession_report"]

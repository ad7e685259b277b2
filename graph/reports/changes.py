"""What changed between two days, and why: the board's follow-up of turnover.

Every row is the difference of two as-of computations on the collaboration graph of each
day (:func:`graph.analysis.projection.collaboration_graph`), never an estimate:

* ``spanners``: who entered or left the top ``spanners_top`` boundary spanners
  (:func:`graph.reports.spanners.spanner_report`, score above 0);
* ``key_persons``: who became or stopped being the only link of a party pair (their
  departure alone would leave κ = 0, :func:`graph.analysis.sole_links.sole_links`);
* ``pairs``: party pairs whose κ changed (below ``robust``: a pair with κ >= ``robust`` on
  both days is robust on both and not counted exactly; a pair that crosses the line gets
  an exact flow on the day it was robust), with ``before``, ``after``, ``lost_last_link``
  and the events that caused it: people on the pair's minimum cut on the first day who
  left (each of them alone lowers κ by one, since they sit on a minimum cut), ties of
  theirs that ended, and for gains the people and ties on the second day's cut that
  started;
* ``seats``: forum seats (group, represented organisation) that became empty or lost
  their deputy, and roles that lost their last holder or deputy;
* ``initiatives``: a party's place in a running initiative that rested on two or more
  people and now rests on one;
* ``handovers``: handover ties that start between the two days.

Who left, started, ended or began a tie between the days is read from the rows as they
were on the second day (``doc``, with the history's later changes undone,
:func:`graph.store.as_of.on_day`), not from today's: a person who left between the days and
was re-hired after them has no end date today, yet left in between; a seat's holders on
each day come from that day's memberships. Every sentence then agrees with the two graphs.

A person's move to another unit is told from the two graphs (the person's organisation on
each day, which the as-of views take from the change history, :mod:`graph.store.as_of`):
a person on the cut who changed unit is a cause ("Per bytte enhet 2018-02-01"), dated by
``moved`` (person → day) where the history has the day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.betweenness import Pair
from graph.analysis.connectivity import PairConnectivity
from graph.analysis.sole_links import kappa_table, sole_links
from graph.model.schema import Document, TieKind
from graph.reports.party_connectivity import ROBUST_KAPPA, party_kappa
from graph.reports.seats import seat_table
from graph.reports.spanners import organisation_at_level, spanner_report

DEFAULT_SPANNERS_TOP = 10
Projection = Callable[[date], nx.Graph]
SpannerRows = Callable[[nx.Graph], Sequence[Mapping[str, Any]]]
KappaTable = Callable[[nx.Graph], Mapping[Pair, PairConnectivity]]


def _names(G: nx.Graph) -> dict[Hashable, str]:
    return {k: str(v["name"]) for k, v in G.graph.get("organisations", {}).items()}


def _person(doc_people: Mapping[str, Any], pid: Hashable) -> str:
    p = doc_people.get(str(pid))
    return p.name if p is not None else str(pid)


def _first(name: str) -> str:
    return name.split()[0] if name else name


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


def changes_report(doc: Document, G1: nx.Graph, G2: nx.Graph, *,
                   doc_before: Document | None = None, level: int | None = 0,
                   spanners_top: int = DEFAULT_SPANNERS_TOP,
                   robust: int | None = ROBUST_KAPPA,
                   moved: Mapping[str, str] | None = None,
                   spanner_rows: SpannerRows | None = None,
                   kappa: KappaTable | None = None,
                   within: Collection[Hashable] | None = None) -> dict[str, Any]:
    """Everything that changed from ``G1``'s day to ``G2``'s day, explained in Swedish.

    Parameters
    ----------
    doc : Document
        The rows as they were on the second day (for dates, seats, roles and handovers):
        the store's rows when no change after that day was recorded.
    G1, G2 : networkx.Graph
        The collaboration graphs of the first and the second day.
    doc_before : Document, optional
        The rows as they were on the first day (for its seats and the names of people
        gone by the second); default ``doc``.
    level : int or None
        Organisation level of the pairs (0: parties).
    robust : int or None
        κ from which a pair counts as robust (at least 2); ``None`` counts every pair
        exactly, one full maximum flow per pair and day.
    moved : mapping, optional
        The day (``YYYY-MM-DD``) each person moved to another unit between the days, as
        recorded (:func:`graph.store.as_of.moves`); a move without a day is told undated.
    spanner_rows : callable, optional
        The rows of a day's spanner report, sorted by score; default: the report built
        here. The two reports are nearly all the time of this report on a large graph,
        so a service passes the ones it keeps per projection. Only the first
        ``spanners_top`` rows' ``person`` and ``score`` are read.
    kappa : callable, optional
        A day's capped κ table (:func:`graph.reports.party_connectivity.party_kappa` at
        ``level`` and ``robust``, the default); a service passes the ones it keeps.
    within : collection, optional
        The people of a scoped report (``G1`` and ``G2`` are cut to a förbund): handovers
        count only between two of them. Everything else follows from the graphs.
    """
    if robust is not None and robust < 2:
        raise ValueError("robust must be at least 2: κ = 1 is what the report looks for")
    d1, d2 = date.fromisoformat(G1.graph["as_of"]), date.fromisoformat(G2.graph["as_of"])
    first = doc if doc_before is None else doc_before
    people = {p.id: p for p in first.people} | {p.id: p for p in doc.people}
    p1, p2 = organisation_at_level(G1, level), organisation_at_level(G2, level)
    table = kappa or (lambda G: party_kappa(G, level, robust))
    k1, k2 = _exact_where_crossing(G1, G2, p1, p2, table(G1), table(G2))
    names = _names(G2) | _names(G1)
    events = _events(doc, d1, d2)
    events["moved"] = {v: (moved or {}).get(str(v)) for v in G1
                       if v in G2 and G1.nodes[v].get("organisation")
                       != G2.nodes[v].get("organisation")}
    return {
        "from": d1.isoformat(), "to": d2.isoformat(), "robust_from": robust,
        "note": (f"Par med κ ≥ {robust} båda dagarna räknas som robusta och visas inte: "
                 f"{robust} personer som var för sig kan försvinna utan att parterna "
                 "tappar kontakten räcker för styrningen." if robust is not None else None),
        "spanners": _spanners(G1, G2, spanner_rows or _report_rows(level), spanners_top,
                              people),
        "key_persons": _key_persons(G1, G2, p1, p2, k1, k2, names, people),
        "pairs": _pairs(k1, k2, names, people, events),
        "seats": _seats(G1, G2, first, doc, names, people),
        "initiatives": _initiatives(G1, G2, names, people),
        "handovers": [h for h in _handovers(doc, d1, d2, people)
                      if within is None or any(p in within for p in h["people"])],
    }


def _exact_where_crossing(G1: nx.Graph, G2: nx.Graph, p1: Mapping[Hashable, Hashable],
                          p2: Mapping[Hashable, Hashable], k1: Mapping[Pair, Any],
                          k2: Mapping[Pair, Any]) -> tuple[dict[Pair, Any], dict[Pair, Any]]:
    """Both capped tables, with an exact κ and cut on the day a pair was robust when it
    is not robust on the other day ("≥ 4 → 2" becomes "7 → 2", with the cut of the first
    day to explain it). Copies: the cached tables are shared."""
    def robust(k: Mapping[Pair, Any], pair: Pair) -> bool:
        return pair in k and bool(k[pair].at_least)

    pairs = k1.keys() | k2.keys()
    first = [p for p in pairs if robust(k1, p) and not robust(k2, p)]
    second = [p for p in pairs if robust(k2, p) and not robust(k1, p)]
    out1, out2 = dict(k1), dict(k2)
    if first:
        out1.update(kappa_table(G1, p1, pairs=first))
    if second:
        out2.update(kappa_table(G2, p2, pairs=second))
    return out1, out2


def _events(doc: Document, d1: date, d2: date) -> dict[str, Any]:
    left = {p.id: p.until for p in doc.people if p.until is not None and d1 <= p.until < d2}
    started = {p.id: p.since for p in doc.people if p.since is not None and d1 < p.since <= d2}
    ended: dict[str, list[tuple[str, date]]] = defaultdict(list)
    begun: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for t in doc.ties:
        if t.until is not None and d1 <= t.until < d2:
            ended[t.a].append((t.b, t.until))
            ended[t.b].append((t.a, t.until))
        if t.since is not None and d1 < t.since <= d2:
            begun[t.a].append((t.b, t.since))
            begun[t.b].append((t.a, t.since))
    return {"left": left, "started": started, "ties_ended": ended, "ties_started": begun}


def _report_rows(level: int | None) -> SpannerRows:
    return lambda G: spanner_report(G, level=level).rows


def _spanners(G1: nx.Graph, G2: nx.Graph, rows_of: SpannerRows, top: int,
              people: Mapping[str, Any]) -> list[dict[str, Any]]:
    def leading(G: nx.Graph) -> dict[Hashable, int]:
        rows = rows_of(G) if len(G) else []
        return {r["person"]: k + 1 for k, r in enumerate(rows[:top]) if r["score"] > 0}

    before, after = leading(G1), leading(G2)
    out = []
    for v in sorted(before.keys() | after.keys(), key=str):
        if (v in before) == (v in after):
            continue
        name = _person(people, v)
        became = v in after
        text = (f"{name} är ny bland de {top} främsta gränsöverskridarna (plats {after[v]})."
                if became else
                f"{name} är inte längre bland de {top} främsta gränsöverskridarna "
                f"(var plats {before[v]})"
                + (" och finns inte i nätverket längre." if v not in G2 else "."))
        out.append({"person": v, "name": name, "change": "became" if became else "stopped",
                    "rank_before": before.get(v), "rank_after": after.get(v),
                    "explanation": text})
    return out


def _key_persons(G1: nx.Graph, G2: nx.Graph, p1: Mapping[Hashable, Hashable],
                 p2: Mapping[Hashable, Hashable], k1: Mapping[Pair, Any],
                 k2: Mapping[Pair, Any], names: Mapping[Hashable, str],
                 people: Mapping[str, Any]) -> list[dict[str, Any]]:
    def by_person(sole: Mapping[Pair, list[Hashable]]) -> dict[Hashable, list[Pair]]:
        out: dict[Hashable, list[Pair]] = defaultdict(list)
        for pair, who in sole.items():
            for v in who:
                out[v].append(pair)
        return out

    before = by_person(sole_links(G1, p1, k1))
    after = by_person(sole_links(G2, p2, k2))
    rows = []
    for v in sorted(before.keys() | after.keys(), key=str):
        gained = sorted(set(after.get(v, [])) - set(before.get(v, [])), key=str)
        lost = sorted(set(before.get(v, [])) - set(after.get(v, [])), key=str)
        if (v in before) == (v in after):
            continue
        name = _person(people, v)
        pairs = gained or lost
        pair_text = "; ".join(f"{names.get(a, a)} och {names.get(b, b)}" for a, b in pairs[:2])
        if len(pairs) > 2:
            pair_text += f" (och {len(pairs) - 2} par till)"
        if v in after:
            text = f"{name} har blivit enda länken mellan {pair_text}."
        else:
            text = (f"{name} är inte längre enda länken mellan {pair_text}"
                    + (": hen har slutat." if v not in G2 else "."))
        rows.append({"person": v, "name": name,
                     "change": "became" if v in after else "stopped",
                     "sole_link_before": [list(p) for p in before.get(v, [])],
                     "sole_link_after": [list(p) for p in after.get(v, [])],
                     "explanation": text})
    return rows


def _pairs(k1: Mapping[Pair, Any], k2: Mapping[Pair, Any], names: Mapping[Hashable, str],
           people: Mapping[str, Any], events: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for pair in sorted(k1.keys() | k2.keys(), key=str):
        before = k1[pair].connectivity if pair in k1 else 0
        after = k2[pair].connectivity if pair in k2 else 0
        if before == after:
            continue
        causes = _causes(k1[pair].cut if before > after else k2[pair].cut,
                         before > after, people, events)
        a, b = names.get(pair[0], str(pair[0])), names.get(pair[1], str(pair[1]))
        text = f"{a} – {b}: {before} → {after}"
        if causes:
            text += " sedan " + _join([c["text"] for c in causes[:4]])
            if len(causes) > 4:
                text += f" (och {len(causes) - 4} händelser till)"
        if after == 0:
            text += "; parterna har inte längre någon kontaktväg"
        rows.append({"organisations": list(pair), "names": [a, b], "before": before,
                     "after": after, "lost_last_link": before >= 1 and after == 0,
                     "cut_before": k1[pair].cut if pair in k1 else [],
                     "cut_after": k2[pair].cut if pair in k2 else [],
                     "causes": [{k: v for k, v in c.items() if k != "text"} for c in causes],
                     "explanation": text + "."})
    rows.sort(key=lambda r: (r["after"] - r["before"], r["after"], r["names"]))
    return rows


def _causes(cut: list[Hashable], lost: bool, people: Mapping[str, Any],
            events: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Events on the cut that moved κ: on the first day's cut for a loss, the second's
    for a gain."""
    out: list[dict[str, Any]] = []
    moved = events["left"] if lost else events["started"]
    ties = events["ties_ended"] if lost else events["ties_started"]
    verb = "slutade" if lost else "började"
    for v in sorted(cut, key=str):
        name = _person(people, v)
        if v in moved:
            out.append({"kind": "left" if lost else "started", "person": v, "name": name,
                        "date": moved[v].isoformat(),
                        "text": f"{_first(name)} {verb} {moved[v].isoformat()}"})
        elif v in events["moved"]:
            day = events["moved"][v]
            out.append({"kind": "moved", "person": v, "name": name, "date": day,
                        "text": f"{_first(name)} bytte enhet" + (f" {day}" if day else "")})
        for other, day in sorted(ties.get(v, []), key=lambda t: (t[1], t[0])):
            if other in moved and v in moved:
                continue  # the person's own departure already says it
            out.append({"kind": "tie_ended" if lost else "tie_started", "person": v,
                        "name": name, "other": other, "other_name": _person(people, other),
                        "date": day.isoformat(),
                        "text": (f"kontakten {_first(name)}–{_first(_person(people, other))} "
                                 f"{'upphörde' if lost else 'inleddes'} {day.isoformat()}")})
    out.sort(key=lambda c: (c["date"] or "", str(c["person"])))
    return out


def _seats(G1: nx.Graph, G2: nx.Graph, doc1: Document, doc2: Document,
           names: Mapping[Hashable, str], people: Mapping[str, Any]) -> list[dict[str, Any]]:
    groups = {g.id: g.name for g in doc1.groups} | {g.id: g.name for g in doc2.groups}
    s1, s2 = seat_table(G1, doc1), seat_table(G2, doc2)
    rows = []
    for key in sorted(s1, key=str):
        was = s1[key]
        now = s2.get(key, {"holders": [], "deputies": []})
        group, org = key
        where = f"{groups.get(group, group)} ({names.get(org, str(org))})"
        gone = sorted(set(was["holders"]) - set(now["holders"]))
        if was["holders"] and not now["holders"]:
            change = "became_empty"
            text = (f"Platsen i {where} står tom sedan "
                    + _join([_first(_person(people, p)) for p in gone]) + " lämnade den.")
        elif was["deputies"] and not now["deputies"] and now["holders"]:
            change = "lost_deputy"
            text = (f"Platsen i {where} saknar ersättare sedan "
                    + _join([_first(_person(people, p)) for p in sorted(was["deputies"])])
                    + " lämnade uppdraget.")
        else:
            continue
        rows.append({"kind": "seat", "group": group, "name": groups.get(group, group),
                     "represents": org, "change": change,
                     "holders_before": sorted(was["holders"]),
                     "holders_after": sorted(now["holders"]),
                     "deputies_before": sorted(was["deputies"]),
                     "deputies_after": sorted(now["deputies"]), "explanation": text})
    for role_id, role in sorted(G1.graph.get("roles", {}).items()):
        held = [h for h in role["holders"] if h in G1], [h for h in role["holders"] if h in G2]
        deps = [d for d in role["deputies"] if d in G1], [d for d in role["deputies"] if d in G2]
        if held[0] and not held[1]:
            change, who = "became_empty", held[0]
            text = f"Rollen {role['name'].lower()} saknar innehavare sedan "
        elif deps[0] and not deps[1] and held[1]:
            change, who = "lost_deputy", deps[0]
            text = f"Rollen {role['name'].lower()} saknar ersättare sedan "
        else:
            continue
        rows.append({"kind": "role", "role": role_id, "name": role["name"],
                     "scope": role.get("scope"), "change": change,
                     "holders_before": held[0], "holders_after": held[1],
                     "deputies_before": deps[0], "deputies_after": deps[1],
                     "explanation": text + _join([_first(_person(people, p)) for p in who])
                     + " slutade."})
    return rows


def _initiatives(G1: nx.Graph, G2: nx.Graph, names: Mapping[Hashable, str],
                 people: Mapping[str, Any]) -> list[dict[str, Any]]:
    def by_party(G: nx.Graph) -> dict[tuple[str, Hashable], list[str]]:
        out: dict[tuple[str, Hashable], list[str]] = defaultdict(list)
        for initiative, who in G.graph.get("participants", {}).items():
            for p in who:
                out[(initiative, G.nodes[p].get("party"))].append(p)
        return out

    forums = G2.graph.get("forums", {}) | G1.graph.get("forums", {})
    b1, b2 = by_party(G1), by_party(G2)
    rows = []
    for key in sorted(b2, key=str):
        if len(b2[key]) == 1 and len(b1.get(key, [])) >= 2:
            initiative, party = key
            (left_with,) = b2[key]
            gone = sorted(set(b1[key]) - set(b2[key]))
            rows.append({"initiative": initiative, "name": forums.get(initiative, initiative),
                         "organisation": party, "people_before": sorted(b1[key]),
                         "people_after": [left_with],
                         "explanation": f"{names.get(party, str(party))} i "
                                        f"{forums.get(initiative, initiative)} vilar nu på "
                                        f"{_person(people, left_with)} ensam sedan "
                                        + _join([_first(_person(people, p)) for p in gone])
                                        + " lämnade insatsen."})
    return rows


def _handovers(doc: Document, d1: date, d2: date,
               people: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for t in doc.ties:
        if t.kind == TieKind.HANDOVER and t.since is not None and d1 < t.since <= d2:
            a, b = _person(people, t.a), _person(people, t.b)
            rows.append({"people": [t.a, t.b], "names": [a, b], "date": t.since.isoformat(),
                         "explanation": f"Överlämning mellan {a} och {b} registrerad "
                                        f"{t.since.isoformat()}."})
    rows.sort(key=lambda r: (r["date"], r["people"]))
    return rows


__all__ = ["DEFAULT_SPANNERS_TOP", "changes_report"]

"""What changed between two days, against a brute-force oracle: the difference of two
as-of computations, each κ by networkx (two super-nodes and ``node_connectivity``)."""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping
from datetime import date, timedelta
from typing import Any

import networkx as nx
import pytest

from api.seed_data import seed_document
from graph.analysis.projection import collaboration_graph, is_current
from graph.analysis.sole_links import kappa_table, sole_links
from graph.model.schema import Document
from graph.reports.changes import changes_report
from graph.reports.spanners import organisation_at_level, spanner_report

D1, D2 = date(2020, 1, 1), date(2024, 1, 1)


def random_document(seed: int, people: int | None = None) -> Document:
    """A small collaboration with everything that can change: dated people and ties,
    units under parties, one-person organisations, fragments, seats with deputies,
    initiatives, roles and handovers."""
    rng = random.Random(seed)
    n = people or rng.randint(8, 36)
    parties = [f"p{k}" for k in range(rng.randint(2, 5))]
    orgs = [{"id": p, "name": f"Part {p}"} for p in parties]
    units = []
    for p in parties:
        for u in range(rng.randint(0, 2)):
            units.append(f"{p}u{u}")
            orgs.append({"id": f"{p}u{u}", "name": f"Enhet {p}u{u}", "kind": "unit",
                         "parent": p})
    homes = parties + units

    def day() -> str:
        return (date(2018, 1, 1) + timedelta(days=rng.randrange(0, 8 * 365))).isoformat()

    def period(p: float) -> dict[str, str]:
        out = {}
        if rng.random() < p:
            out["since"] = day()
        if rng.random() < p:
            out["until"] = day()
        if "since" in out and "until" in out and out["until"] < out["since"]:
            out["since"], out["until"] = out["until"], out["since"]
        return out

    persons = [{"id": f"v{i}", "name": f"Förnamn{i} Efternamn", "organisation": rng.choice(homes),
                **period(0.4)} for i in range(n)]
    ids = [p["id"] for p in persons]
    ties, seen = [], set()
    for _ in range(rng.randint(n // 2, 2 * n)):
        a, b = rng.sample(ids, 2)
        kind = "handover" if rng.random() < 0.08 else "collaboration"
        key = (min(a, b), max(a, b), kind)
        if key not in seen:
            seen.add(key)
            ties.append({"a": a, "b": b, "kind": kind, "strength": rng.randint(1, 5),
                         **period(0.5)})
    groups = [{"id": f"g{k}", "name": f"Styrgrupp {k}"} for k in range(rng.randint(0, 3))]
    memberships = []
    for g in groups:
        for p in rng.sample(ids, min(len(ids), rng.randint(2, 6))):
            seat = rng.choice(["member", "member", "deputy", "chair"])
            memberships.append({"person": p, "group": g["id"], "as": seat,
                                "represents": rng.choice(parties), **period(0.5)})
    initiatives = [{"id": f"i{k}", "name": f"Insats {k}", "parties": parties, **(
        {"start": "2018-01-01"} if rng.random() < 0.5 else {})} for k in range(rng.randint(0, 2))]
    participations = [{"person": p, "initiative": i["id"], **period(0.5)}
                      for i in initiatives for p in rng.sample(ids, min(len(ids), 5))]
    roles = [{"id": f"r{k}", "name": f"Roll {k}", "holders": rng.sample(ids, 1),
              "deputies": rng.sample(ids, rng.randint(0, 1))} for k in range(rng.randint(0, 3))]
    return Document.model_validate({
        "organisations": orgs, "people": persons, "ties": ties, "groups": groups,
        "memberships": memberships, "initiatives": initiatives,
        "participations": participations, "roles": roles})


def nx_kappa(G: nx.Graph, part: Mapping[Hashable, Hashable], a: Hashable, b: Hashable) -> int:
    """κ(A, B) by networkx: super-nodes joined to every member, vertex connectivity."""
    A = [v for v in G if part.get(v, v) == a]
    B = [v for v in G if part.get(v, v) == b]
    if not A or not B:
        return 0
    H = nx.Graph(G.edges())
    H.add_nodes_from(G)
    H.add_edges_from(("_s", v) for v in A)
    H.add_edges_from((v, "_t") for v in B)
    return int(nx.node_connectivity(H, "_s", "_t"))


def all_kappa(G: nx.Graph, part: Mapping[Hashable, Hashable]) -> dict[tuple[Any, Any], int]:
    orgs = sorted({part.get(v, v) for v in G}, key=str)
    return {(a, b): k for i, a in enumerate(orgs) for b in orgs[i + 1:]
            if (k := nx_kappa(G, part, a, b)) > 0}


def _people(doc: Document) -> dict[str, Any]:
    return {p.id: p for p in doc.people}


@pytest.mark.parametrize("seed", range(60))
def test_pairs_are_the_difference_of_two_as_of_computations(seed: int) -> None:
    doc = random_document(seed)
    G1, G2 = collaboration_graph(doc, D1), collaboration_graph(doc, D2)
    p1, p2 = organisation_at_level(G1, 0), organisation_at_level(G2, 0)
    k1, k2 = all_kappa(G1, p1), all_kappa(G2, p2)
    # exact, robust from 2 (so the cap and the exact recount of crossing pairs are hit on
    # small graphs too) and the default
    for robust in (None, 2, 4):
        report = changes_report(doc, G1, G2, robust=robust)
        assert report["robust_from"] == robust
        _check_pairs(doc, G1, G2, p1, p2, k1, k2, report, robust)


def _check_pairs(doc: Document, G1: nx.Graph, G2: nx.Graph, p1: Mapping[Hashable, Hashable],
                 p2: Mapping[Hashable, Hashable], k1: Mapping[tuple[Any, Any], int],
                 k2: Mapping[tuple[Any, Any], int], report: dict[str, Any],
                 robust: int | None, first: date = D1, last: date = D2) -> None:
    def both_robust(pair: tuple[Any, Any]) -> bool:
        return robust is not None and min(k1.get(pair, 0), k2.get(pair, 0)) >= robust

    changed = {pair for pair in k1.keys() | k2.keys()
               if k1.get(pair, 0) != k2.get(pair, 0) and not both_robust(pair)}
    rows = {tuple(r["organisations"]): r for r in report["pairs"]}
    assert set(rows) == changed
    people = _people(doc)
    for pair, row in rows.items():
        assert (row["before"], row["after"]) == (k1.get(pair, 0), k2.get(pair, 0))
        assert len(row["cut_before"]) == row["before"] and len(row["cut_after"]) == row["after"]
        assert row["lost_last_link"] == (row["before"] >= 1 and row["after"] == 0)
        assert f"{row['before']} → {row['after']}" in row["explanation"]
        for cause in row["causes"]:
            who = people[cause["person"]]
            if cause["kind"] == "left":
                assert who.until is not None and first <= who.until < last
                # each cause alone lowers κ on the first day: it sits on a minimum cut
                H = G1.copy()
                H.remove_node(cause["person"])
                assert nx_kappa(H, p1, *pair) == row["before"] - 1
                assert f"slutade {who.until.isoformat()}" in row["explanation"] or len(
                    row["causes"]) > 4
            if cause["kind"] in ("tie_ended", "tie_started"):
                ended = cause["kind"] == "tie_ended"
                assert cause["person"] in row["cut_before" if ended else "cut_after"]
                assert any({t.a, t.b} == {cause["person"], cause["other"]}
                           and (t.until if ended else t.since) == date.fromisoformat(
                               cause["date"]) for t in doc.ties)
            if cause["kind"] == "started":
                assert who.since is not None and first < who.since <= last
                H = G2.copy()
                H.remove_node(cause["person"])
                assert nx_kappa(H, p2, *pair) == row["after"] - 1


def brute_sole_links(G: nx.Graph) -> set[Hashable]:
    """Everyone whose removal alone leaves a pair of κ = 1 at κ = 0, by trying each."""
    part = organisation_at_level(G, 0)
    out = set()
    for pair, k in all_kappa(G, part).items():
        if k != 1:
            continue
        for v in G:
            H = G.copy()
            H.remove_node(v)
            if nx_kappa(H, part, *pair) == 0:
                out.add(v)
    return out


@pytest.mark.parametrize("seed", range(40))
def test_key_persons_are_exactly_the_changed_sole_links(seed: int) -> None:
    doc = random_document(seed)
    G1, G2 = collaboration_graph(doc, D1), collaboration_graph(doc, D2)
    before, after = brute_sole_links(G1), brute_sole_links(G2)
    rows = {r["person"]: r for r in changes_report(doc, G1, G2)["key_persons"]}
    assert set(rows) == before ^ after
    for v, row in rows.items():
        assert row["change"] == ("became" if v in after else "stopped")


def test_sole_links_equal_brute_force_removal() -> None:
    for seed in range(40):
        G = collaboration_graph(random_document(seed), D2)
        part = organisation_at_level(G, 0)
        table = kappa_table(G, part)
        assert {p: r.connectivity for p, r in table.items()} == all_kappa(G, part)
        found = sole_links(G, part, table)
        for pair, r in table.items():
            if r.connectivity != 1:
                assert pair not in found
                continue
            expect = []
            for v in G:
                H = G.copy()
                H.remove_node(v)
                if nx_kappa(H, part, *pair) == 0:
                    expect.append(v)
            assert found[pair] == sorted(expect, key=str)


@pytest.mark.parametrize("seed", range(40))
def test_seats_initiatives_and_handovers_by_brute_force(seed: int) -> None:
    doc = random_document(seed)
    G1, G2 = collaboration_graph(doc, D1), collaboration_graph(doc, D2)
    report = changes_report(doc, G1, G2)
    people = _people(doc)

    def seat_table(day: date) -> dict[tuple[str, str], tuple[set[str], set[str]]]:
        G = G1 if day == D1 else G2
        out: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
        for m in doc.memberships:
            p = people[m.person]
            if is_current(m.since, m.until, day) and is_current(p.since, p.until, day):
                key = (m.group, m.represents or G.nodes[m.person]["party"])
                out.setdefault(key, (set(), set()))[1 if str(m.as_) == "deputy" else 0].add(
                    m.person)
        return out

    s1, s2 = seat_table(D1), seat_table(D2)
    expect = set()
    for key, (holders, deputies) in s1.items():
        h2, d2 = s2.get(key, (set(), set()))
        if holders and not h2:
            expect.add((key, "became_empty"))
        elif deputies and not d2 and h2:
            expect.add((key, "lost_deputy"))
    got = {((r["group"], r["represents"]), r["change"]) for r in report["seats"]
           if r["kind"] == "seat"}
    assert got == expect
    for r in report["seats"]:
        if r["kind"] == "role":
            role = next(x for x in doc.roles if x.id == r["role"])
            alive = [h for h in role.holders if h in G2]
            if r["change"] == "became_empty":
                assert not alive and any(h in G1 for h in role.holders)
    expect_h = {(t.a, t.b, t.since) for t in doc.ties
                if str(t.kind) == "handover" and t.since and D1 < t.since <= D2}
    assert {(*r["people"], date.fromisoformat(r["date"])) for r in report["handovers"]} == \
        expect_h
    for r in report["initiatives"]:
        assert len(r["people_before"]) >= 2 and len(r["people_after"]) == 1


def test_spanners_are_the_difference_of_two_reports() -> None:
    doc = Document.model_validate(seed_document())
    G1, G2 = collaboration_graph(doc, date(2017, 1, 1)), collaboration_graph(doc, date(2026, 1, 1))
    top = {day: [r["person"] for r in spanner_report(G).rows[:10] if r["score"] > 0]
           for day, G in ((1, G1), (2, G2))}
    rows = changes_report(doc, G1, G2)["spanners"]
    assert {r["person"] for r in rows if r["change"] == "became"} == set(top[2]) - set(top[1])
    assert {r["person"] for r in rows if r["change"] == "stopped"} == set(top[1]) - set(top[2])


def test_seed_example_reads_like_the_board_wants_it() -> None:
    # AF's strategic contact Jonas Ek left on 2016-12-31 with no handover: his seat in
    # Samverkanskartan's styrgrupp stood empty.
    doc = Document.model_validate(seed_document())
    report = changes_report(doc, collaboration_graph(doc, date(2016, 1, 1)),
                            collaboration_graph(doc, date(2017, 6, 1)))
    seat = next(r for r in report["seats"] if r["represents"] == "af")
    assert seat["change"] == "became_empty"
    assert seat["holders_before"] == ["kl-af-kontakt-2015"] and seat["holders_after"] == []
    assert "står tom sedan Jonas lämnade den" in seat["explanation"]
    assert report["pairs"] and all(f"{r['before']} → {r['after']}" in r["explanation"]
                                   for r in report["pairs"])


def test_cli_and_api_answer_what_the_functions_answer(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Any) -> None:
    import json

    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.core.access import AccessLog, Role
    from graph.reports.bridging import bridging_report
    from graph.reports.seats import seats_report
    from graph.reports.succession import succession_report
    from graph.store.sqlite_store import SQLiteStore
    from tests.test_cli import SEED, run

    db = str(tmp_path / "t.db")
    assert run(capsys, "--db", db, "import", str(SEED))[0] == 0
    doc = Document.model_validate(seed_document())
    day1, day2 = date(2016, 1, 1), date(2017, 6, 1)
    G1, G2 = collaboration_graph(doc, day1), collaboration_graph(doc, day2)
    expected = {
        "changes": json.loads(json.dumps(changes_report(doc, G1, G2), default=str)),
        "bridging": json.loads(json.dumps(bridging_report(G2), default=str)),
        "seats": json.loads(json.dumps(seats_report(doc, G2, persons=["kl-af-foretag"]))),
        "succession": json.loads(json.dumps(succession_report(G2, "kl-af-foretag"))),
    }
    commands = {
        "changes": ["changes", "--from", "2016-01-01", "--to", "2017-06-01"],
        "bridging": ["bridging", "--as-of", "2017-06-01"],
        "seats": ["seats", "--person", "kl-af-foretag", "--as-of", "2017-06-01"],
        "succession": ["succession", "kl-af-foretag", "--as-of", "2017-06-01"],
    }
    for name, args in commands.items():
        code, out, err = run(capsys, "--db", db, "analyze", *args, "--json")
        assert code == 0, err
        assert json.loads(out) == expected[name], name
    code, out, _ = run(capsys, "--db", db, "analyze", *commands["changes"])
    assert code == 0 and expected["changes"]["note"] and expected["changes"]["note"] in out
    assert run(capsys, "--db", db, "analyze", "changes", "--from", "2017-06-01", "--to",
               "2016-01-01")[0] == 2
    store = SQLiteStore(tmp_path / "api.db")
    store.write(seed_document())
    access = AccessLog(tmp_path / "api.db")
    token = access.add_user("chef", Role.DIRECTOR)
    client = TestClient(create_app(store, access))
    headers = {"Authorization": f"Bearer {token}"}
    routes = {
        "changes": ("/api/v1/analyses/changes", {"from": "2016-01-01", "to": "2017-06-01"}),
        "bridging": ("/api/v1/analyses/bridging", {"as_of": "2017-06-01"}),
        "seats": ("/api/v1/analyses/seats", {"person": "kl-af-foretag", "as_of": "2017-06-01"}),
        "succession": ("/api/v1/analyses/succession/kl-af-foretag", {"as_of": "2017-06-01"}),
    }
    for name, (path, params) in routes.items():
        response = client.get(path, params=params, headers=headers)
        assert response.status_code == 200, response.text
        assert response.json() == expected[name], name
    bad = client.get("/api/v1/analyses/changes", params={"from": "2017-06-01",
                                                          "to": "2016-01-01"}, headers=headers)
    assert bad.status_code in (400, 422)
    gone = client.get("/api/v1/analyses/succession/kl-af-kontakt-2015",
                      params={"as_of": "2017-06-01"}, headers=headers)
    assert gone.status_code == 404
    store.close()
    access.close()

"""Random documents and a brute-force oracle for the issue-16 contract.

The oracle knows nothing of flows, block-cut trees or caches. It removes people and
recomputes with networkx: which organisation pairs still reach each other once any one
or two people are gone, who is left in each piece, which shortest paths run where. The
property suites (``test_truth_properties.py``, ``test_truth_http.py``) hold every claim of
every person to it, both ways.

The tests in this file check the oracle itself against networkx's own vertex
connectivity, so that it is not the oracle that is wrong.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import networkx as nx
import pytest
from hypothesis import strategies as st

from graph.model.document import load_document
from graph.model.schema import Document
from graph.reports.paths import NON_HOLDER_PENALTY, hop_cost

DAY = date(2026, 1, 1)
HORIZON_DAYS = 180
FAMILIES = ("er", "ba", "fragments", "tree", "sparse")
KINDS = ("collaboration", "collaboration", "meeting", "handover", "mentoring", "other")
Pair = tuple[Hashable, Hashable]


# --- random documents ---------------------------------------------------------------------

def _day(rnd: random.Random, lo: int, hi: int) -> str:
    return (DAY + timedelta(days=rnd.randint(lo, hi))).isoformat()


def _period(rnd: random.Random, p_past: float, p_future: float) -> dict[str, str]:
    """since/until that make a row current on DAY, past, or not yet begun."""
    x = rnd.random()
    if x < p_past:  # ended
        start = rnd.randint(-3000, -400)
        return {"since": _day(rnd, start, start), "until": _day(rnd, start + 1, -1)}
    if x < p_past + p_future:  # not yet begun
        return {"since": _day(rnd, 1, 400)}
    out = {}
    if rnd.random() < 0.3:
        out["since"] = _day(rnd, -3000, 0)
    if rnd.random() < 0.3:
        out["until"] = _day(rnd, 0, 700)  # some leave within the horizon
    return out


def random_document(seed: int, people: int, family: str, parties: int) -> dict[str, Any]:
    """One collaboration: parties with units two levels deep (some empty, some with one
    person), people with since/until, ties of every kind with dates, forums, initiatives
    and roles. ``family`` shapes the ties."""
    rnd = random.Random(seed)
    orgs: list[dict[str, Any]] = []
    for p in range(parties):
        orgs.append({"id": f"p{p}", "name": f"Part {p}", "kind": "agency"})
        for u in range(rnd.randint(0, 2)):
            unit = f"p{p}u{u}"
            orgs.append({"id": unit, "name": f"Enhet {p}.{u}", "kind": "unit", "parent": f"p{p}"})
            if rnd.random() < 0.5:
                orgs.append({"id": f"{unit}s", "name": f"Grupp {p}.{u}", "kind": "unit",
                             "parent": unit})
    if rnd.random() < 0.3:
        orgs.append({"id": "tom", "name": "Tom organisation"})  # nobody works here
    ids = [o["id"] for o in orgs if o["id"] != "tom"]
    rows = []
    for i in range(people):
        row = {"id": f"x{i}", "name": f"Person{i} Test", "organisation": rnd.choice(ids),
               **_period(rnd, 0.08, 0.05)}
        rows.append(row)
    names = [r["id"] for r in rows]
    pairs = _tie_pairs(rnd, len(names), family)
    ties = []
    for a, b in pairs:
        tie: dict[str, Any] = {"a": names[a], "b": names[b], "kind": rnd.choice(KINDS),
                               "strength": rnd.randint(1, 5), **_period(rnd, 0.1, 0.03)}
        if rnd.random() < 0.7:
            tie["last_contact"] = _day(rnd, -800, 0)
        ties.append(tie)
    # a few handovers to people who left or on ties that ended
    for _ in range(rnd.randint(0, 2)):
        if len(names) >= 2:
            a, b = rnd.sample(names, 2)
            if not any({t["a"], t["b"]} == {a, b} and t["kind"] == "handover" for t in ties):
                ties.append({"a": a, "b": b, "kind": "handover",
                             **_period(rnd, 0.5, 0.1)})
    doc: dict[str, Any] = {"organisations": orgs, "people": rows, "ties": ties,
                           "groups": [], "memberships": [], "initiatives": [],
                           "participations": [], "roles": []}
    parties_ids = [o["id"] for o in orgs if "parent" not in o and o["id"] != "tom"]
    for g in range(rnd.randint(0, 2) if names else 0):
        gid = f"g{g}"
        doc["groups"].append({"id": gid, "name": f"Forum {g}"})
        for person in rnd.sample(names, min(len(names), rnd.randint(2, 6))):
            doc["memberships"].append({
                "person": person, "group": gid,
                "as": rnd.choice(["member", "member", "chair", "deputy"]),
                **({"represents": rnd.choice(parties_ids)} if rnd.random() < 0.5 else {}),
                **_period(rnd, 0.1, 0.05)})
    for k in range(rnd.randint(0, 2) if names else 0):
        iid = f"i{k}"
        initiative: dict[str, Any] = {"id": iid, "name": f"Insats {k}",
                                      "parties": rnd.sample(parties_ids,
                                                            min(2, len(parties_ids)))}
        if rnd.random() < 0.3:
            initiative["end"] = _day(rnd, -100, 300)
        if doc["groups"] and rnd.random() < 0.5:
            initiative["governed_by"] = rnd.choice(doc["groups"])["id"]
        doc["initiatives"].append(initiative)
        for person in rnd.sample(names, min(len(names), rnd.randint(1, 5))):
            doc["participations"].append({"person": person, "initiative": iid,
                                          **_period(rnd, 0.1, 0.05)})
    scopes = [o["id"] for o in orgs] + [g["id"] for g in doc["groups"]]
    for r in range(rnd.randint(0, 3) if names else 0):
        chosen = rnd.sample(names, min(len(names), rnd.randint(1, 3)))
        cut = rnd.randint(1, len(chosen))
        doc["roles"].append({"id": f"r{r}", "name": f"Roll {r}", "scope": rnd.choice(scopes),
                             "holders": chosen[:cut], "deputies": chosen[cut:]})
    return doc


def _tie_pairs(rnd: random.Random, n: int, family: str) -> list[tuple[int, int]]:
    if n < 2:
        return []
    seed = rnd.randint(0, 2**31)
    if family == "er":
        G = nx.gnp_random_graph(n, rnd.uniform(0.05, 0.35), seed=seed)
    elif family == "ba":
        G = nx.barabasi_albert_graph(n, rnd.randint(1, min(3, n - 1)), seed=seed)
    elif family == "fragments":  # several förbund, barely or not at all connected
        G = nx.Graph()
        G.add_nodes_from(range(n))
        cuts = sorted(rnd.sample(range(1, n), min(n - 1, rnd.randint(1, 4))))
        parts = [list(range(a, b)) for a, b in itertools.pairwise([0, *cuts, n])]
        for part in parts:
            H = nx.gnp_random_graph(len(part), rnd.uniform(0.3, 0.8), seed=rnd.randint(0, 2**31))
            G.add_edges_from((part[a], part[b]) for a, b in H.edges())
        for _ in range(rnd.randint(0, 2)):
            a, b = rnd.sample(range(n), 2)
            G.add_edge(a, b)
    elif family == "tree":
        G = nx.random_labeled_tree(n, seed=seed) if n > 1 else nx.empty_graph(n)
        for _ in range(rnd.randint(0, max(1, n // 5))):
            a, b = rnd.sample(range(n), 2)
            G.add_edge(a, b)
    else:  # sparse: many isolated people and pairs
        G = nx.gnm_random_graph(n, rnd.randint(0, n), seed=seed)
    return sorted((min(a, b), max(a, b)) for a, b in G.edges() if a != b)


def people_count(seed: int, most: int) -> int:
    """How many people: a tenth tiny (0-3: empty and one-person graphs), the rest spread
    up to ``most`` (hypothesis alone would draw mostly small numbers)."""
    rnd = random.Random(seed ^ 0x5EED)
    return rnd.randint(0, 3) if rnd.random() < 0.1 else rnd.randint(4, most)


@st.composite
def documents(draw: st.DrawFn, max_people: int = 26) -> dict[str, Any]:
    """A random document: hypothesis chooses the family, the parties and the seed, which
    decides the size and everything else."""
    seed = draw(st.integers(0, 2**31 - 1))
    return random_document(seed=seed, people=people_count(seed, max_people),
                           family=draw(st.sampled_from(FAMILIES)),
                           parties=draw(st.integers(1, 4)))


def load(data: dict[str, Any]) -> Document:
    return load_document(data)


# --- the oracle ---------------------------------------------------------------------------

def current(row: dict[str, Any], day: date = DAY, first: str = "since",
            last: str = "until") -> bool:
    since, until = row.get(first), row.get(last)
    return ((since is None or date.fromisoformat(since) <= day)
            and (until is None or date.fromisoformat(until) >= day))


def party_of(data: dict[str, Any]) -> dict[str, str]:
    parent = {o["id"]: o.get("parent") for o in data["organisations"]}
    out = {}
    for o in parent:
        node = o
        while parent.get(node):
            node = parent[node]
        out[o] = node
    return out


def partition(data: dict[str, Any], G: nx.Graph, level: int | None) -> dict[Hashable, str]:
    """Each current person's organisation: the party (level 0) or their own unit (None)."""
    party = party_of(data)
    org = {p["id"]: p["organisation"] for p in data["people"]}
    return {v: party[org[v]] if level == 0 else org[v] for v in G}


@dataclass
class Removal:
    """Which organisation pairs reach each other once a set of people is gone, for every
    set of at most two people: the whole brute force, computed once per graph."""

    G: nx.Graph
    part: dict[Hashable, str]
    reach: dict[frozenset[Hashable], set[Pair]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        people = list(self.G)
        self.reach[frozenset()] = self._pairs(frozenset())
        for v in people:
            self.reach[frozenset([v])] = self._pairs(frozenset([v]))
        for v, w in itertools.combinations(people, 2):
            self.reach[frozenset([v, w])] = self._pairs(frozenset([v, w]))

    def _pairs(self, gone: frozenset[Hashable]) -> set[Pair]:
        out: set[Pair] = set()
        H = self.G.subgraph(set(self.G) - gone)
        for piece in nx.connected_components(H):
            orgs = sorted({self.part[x] for x in piece})
            out.update(itertools.combinations(orgs, 2))
        return out

    def organisation_pairs(self) -> list[Pair]:
        orgs = sorted(set(self.part.values()))
        return list(itertools.combinations(orgs, 2))

    def kappa(self, pair: Pair, cap: int = 3) -> int:
        """κ(A, B) by trying every set of fewer than ``cap`` people; ``cap`` means more."""
        for size in range(cap):
            for gone in itertools.combinations(self.G, size):
                if pair not in self.reach[frozenset(gone)]:
                    return size
        return cap

    def kappa_without(self, pair: Pair, v: Hashable, cap: int = 2) -> int:
        """κ(A, B) once ``v`` has left (A and B without v), capped at ``cap``."""
        for size in range(cap):
            for gone in itertools.combinations([w for w in self.G if w != v], size):
                if pair not in self.reach[frozenset([v, *gone])]:
                    return size
        return cap

    def claims(self, v: Hashable) -> tuple[list[list[str]], list[list[str]]]:
        """(disconnects, reduced_to_one_link) of v, by the contract."""
        disconnects, reduced = [], []
        for pair in self.organisation_pairs():
            before = self.kappa(pair)
            if before == 0:
                continue
            after = self.kappa_without(pair, v)
            if after == 0:
                disconnects.append(list(pair))
            elif after == 1 and before >= 2:
                reduced.append(list(pair))
        return disconnects, reduced

    def cut_off(self, v: Hashable) -> tuple[int, int]:
        """(people of v's component outside its largest remaining piece, its others)."""
        comp = nx.node_connected_component(self.G, v) - {v}
        pieces = [len(p) for p in nx.connected_components(self.G.subgraph(comp))]
        return len(comp) - max(pieces, default=0), len(comp)


def exact_kappa(G: nx.Graph, part: dict[Hashable, str], pair: Pair) -> int:
    """κ(A, B) from networkx: vertex connectivity between two added super-nodes."""
    H = G.copy()
    a = [v for v in G if part[v] == pair[0]]
    b = [v for v in G if part[v] == pair[1]]
    if not a or not b:
        return 0
    H.add_edges_from(("\x00S", v) for v in a)
    H.add_edges_from(("\x00T", v) for v in b)
    return int(nx.node_connectivity(H, "\x00S", "\x00T"))


def separates(G: nx.Graph, part: dict[Hashable, str], pair: Pair,
              cut: Iterable[Hashable]) -> bool:
    rest = G.subgraph(set(G) - set(cut))
    for piece in nx.connected_components(rest):
        if {pair[0], pair[1]} <= {part[x] for x in piece}:
            return False
    return True


def formal_claims(data: dict[str, Any], G: nx.Graph) -> dict[str, dict[Hashable, set[Any]]]:
    """Sole participants, roles and seats without deputy, handovers: from the document."""
    party = party_of(data)
    org = {p["id"]: p["organisation"] for p in data["people"]}
    now = set(G)
    out: dict[str, dict[Hashable, set[Any]]] = {
        k: {} for k in ("sole", "roles", "seats", "handover")}
    running = {i["id"] for i in data["initiatives"] if current(i, first="start", last="end")}
    by_party: dict[tuple[str, str], set[str]] = {}
    for pa in data["participations"]:
        if pa["initiative"] in running and pa["person"] in now and current(pa):
            by_party.setdefault((pa["initiative"], party[org[pa["person"]]]), set()).add(
                pa["person"])
    for (initiative, p), people in by_party.items():
        if len(people) == 1:
            out["sole"].setdefault(next(iter(people)), set()).add((initiative, p))
    for role in data["roles"]:
        holders = [h for h in role["holders"] if h in now]
        if len(holders) == 1 and not [d for d in role["deputies"] if d in now]:
            out["roles"].setdefault(holders[0], set()).add(role["id"])
    seats: dict[tuple[str, str], dict[str, list[str]]] = {}
    for m in data["memberships"]:
        if m["person"] in now and current(m):
            seat = seats.setdefault((m["group"], m.get("represents") or party[org[m["person"]]]),
                                    {"holders": [], "deputies": []})
            seat["deputies" if m.get("as") == "deputy" else "holders"].append(m["person"])
    for (group, represents), seat in seats.items():
        if not seat["deputies"] and len(seat["holders"]) == 1:
            out["seats"].setdefault(seat["holders"][0], set()).add((group, represents))
    for t in data["ties"]:
        if t.get("kind") == "handover" and current(t) and t["a"] in now and t["b"] in now:
            out["handover"].setdefault(t["a"], set()).add(t["b"])
            out["handover"].setdefault(t["b"], set()).add(t["a"])
    return out


def cross_distances(G: nx.Graph, part: dict[Hashable, str], people: Iterable[Hashable]
                    ) -> dict[tuple[Hashable, Hashable], int]:
    """Shortest-path lengths between the given people of different organisations."""
    keep = set(people)
    out = {}
    for s, lengths in nx.all_pairs_shortest_path_length(G):
        if s in keep:
            out.update({(s, t): d for t, d in lengths.items()
                        if t in keep and part[s] != part[t]})
    return out


class Dependency:
    """Brandes' pair dependency of every person per organisation pair, from path counts:
    the pairs {s in A, t in B} (s, t != v) whose shortest paths pass v, each counted by
    the share of its shortest paths that do."""

    def __init__(self, G: nx.Graph, part: dict[Hashable, str]) -> None:
        self.G, self.part = G, part
        self.dist = dict(nx.all_pairs_shortest_path_length(G))
        self.sigma: dict[Hashable, dict[Hashable, int]] = {}
        for s in G:
            count = {s: 1}
            for t in sorted(self.dist[s], key=self.dist[s].__getitem__):
                if t != s:
                    count[t] = sum(count[u] for u in G[t]
                                   if self.dist[s].get(u) == self.dist[s][t] - 1)
            self.sigma[s] = count

    def of(self, v: Hashable) -> dict[Pair, float]:
        dist, sigma, part = self.dist, self.sigma, self.part
        out: dict[Pair, float] = {}
        for s, t in itertools.combinations([x for x in self.G if x != v], 2):
            if part[s] == part[t] or t not in dist[s] or v not in dist[s]:
                continue
            if dist[s][v] + dist[v][t] != dist[s][t]:
                continue
            pair = (part[s], part[t]) if part[s] <= part[t] else (part[t], part[s])
            out[pair] = out.get(pair, 0.0) + sigma[s][v] * sigma[v][t] / sigma[s][t]
        return out


def connected_pairs(G: nx.Graph, part: dict[Hashable, str], pair: Pair,
                    without: Hashable | None = None) -> int:
    """Pairs {a in A, b in B} that reach each other, over the whole graph."""
    total = 0
    for piece in nx.connected_components(G):
        piece = piece - {without}
        total += sum(part[x] == pair[0] for x in piece) * sum(part[x] == pair[1] for x in piece)
    return total


def path_costs(G: nx.Graph, today: date) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from(G)
    names = G.graph.get("forums", {})
    for a, b, data in G.edges(data=True):
        H.add_edge(a, b, cost=hop_cost({**data, "_names": names}, today)[0])
    return H


def best_path_costs(G: nx.Graph, source: Hashable, ends: dict[Hashable, float], k: int
                    ) -> list[float]:
    """The k cheapest paths from source to a target person, passing no other target
    person: for each end, Yen's paths on the graph without the other ends (networkx)."""
    H = path_costs(G, date.fromisoformat(G.graph["as_of"]))
    costs: list[float] = []
    for t, extra in ends.items():
        sub = H.subgraph(set(H) - (set(ends) - {t}))
        if source not in sub or t not in sub or not nx.has_path(sub, source, t):
            continue
        for path in itertools.islice(nx.shortest_simple_paths(sub, source, t, "cost"), k):
            costs.append(nx.path_weight(sub, path, "cost") + extra)
    return sorted(costs)[:k]


def target_people(G: nx.Graph, data: dict[str, Any], ref: str) -> dict[Hashable, float]:
    """The people of a target and the extra cost of ending at each, from the document."""
    kind, ident = ref.split(":", 1)
    if kind == "person":
        return {ident: 0.0}
    if kind == "org":
        parent = {o["id"]: o.get("parent") for o in data["organisations"]}

        def inside(o: str | None) -> bool:
            while o is not None:
                if o == ident:
                    return True
                o = parent.get(o)
            return False

        scopes = {o for o in parent if inside(o)}
        holders = {h for r in data["roles"] if r.get("scope") in scopes for h in r["holders"]}
        return {v: 0.0 if v in holders else NON_HOLDER_PENALTY for v in G
                if inside(G.nodes[v]["organisation"])}
    if kind == "group":
        seats = {m["person"]: m.get("as", "member") for m in data["memberships"]
                 if m["group"] == ident and current(m)}
        return {v: 0.0 if seat == "chair" else NON_HOLDER_PENALTY
                for v, seat in seats.items() if v in G}
    role = next(r for r in data["roles"] if r["id"] == ident)
    out = {p: 0.0 for p in role["holders"] if p in G}
    out.update({p: NON_HOLDER_PENALTY / 2 for p in role["deputies"] if p in G and p not in out})
    return out


def check_path(G: nx.Graph, path: dict[str, Any], source: Hashable,
               ends: dict[Hashable, float]) -> None:
    """One answer obeys the documented rule: a simple path from the asker along ties of
    the graph to a target person, passing no other target person, at the stated cost."""
    people = path["people"]
    assert people[0] == source and people[-1] in ends and path["target"] == people[-1]
    assert len(set(people)) == len(people)
    assert not set(people[1:-1]) & set(ends), people
    H = path_costs(G, date.fromisoformat(G.graph["as_of"]))
    cost = sum(H[a][b]["cost"] for a, b in itertools.pairwise(people)) + ends[people[-1]]
    assert path["cost"] == pytest.approx(cost, abs=1e-3)
    assert [h["from"] for h in path["hops"]] == people[:-1]


# --- every claim of a risk row, both ways ---------------------------------------------------

def expected_path_increase(G: nx.Graph, part: dict[Hashable, str], v: Hashable
                           ) -> float | None:
    """Mean increase of shortest paths between people of different organisations in v's
    component, over the pairs connected both with and without v (remove, recompute)."""
    comp = nx.node_connected_component(G, v)
    if len(comp) < 3:
        return None
    H = G.subgraph(comp)
    before = cross_distances(H, part, comp - {v})
    after = cross_distances(H.subgraph(comp - {v}), part, comp - {v})
    common = [k for k in before if k in after]
    if not common:
        return None
    return sum(after[k] - before[k] for k in common) / len(common)


def check_risk_rows(data: dict[str, Any], G: nx.Graph, rows: list[dict[str, Any]],
                    level: int | None, *, path_lengths: bool = True) -> int:
    """Every claim of every row against the oracle, both ways; returns the claims seen."""
    from graph.reports.key_persons import EXPOSURE, POINTS, explain_risk

    part = partition(data, G, level)
    oracle = Removal(G, part)
    formal = formal_claims(data, G)
    names = {o["id"]: o["name"] for o in data["organisations"]}
    until = {p["id"]: p.get("until") for p in data["people"]}
    articulation = set(nx.articulation_points(G))
    assert sorted(r["person"] for r in rows) == sorted(G)
    assert [r["risk"] for r in rows] == sorted((r["risk"] for r in rows), reverse=True)
    checked = 0
    for row in rows:
        v = row["person"]
        disconnects, reduced = oracle.claims(v)
        assert row["disconnects"] == disconnects, (v, "disconnects")
        assert row["reduced_to_one_link"] == reduced, (v, "reduced_to_one_link")
        cut_off, others = oracle.cut_off(v)
        assert (row["people_cut_off"], row["people_in_component"]) == (cut_off, others), v
        assert row["articulation_point"] == (v in articulation)
        sole = {(s["initiative"], s["organisation"]) for s in row["sole_participant_in"]}
        assert sole == formal["sole"].get(v, set()), (v, "sole")
        assert {r["role"] for r in row["roles_without_deputy"]} == formal["roles"].get(v, set())
        assert {(s["group"], s["represents"]) for s in row["seats_without_deputy"]} \
            == formal["seats"].get(v, set()), (v, "seats")
        assert set(row["handover_to"]) == formal["handover"].get(v, set()), (v, "handover")
        leaves = until.get(v)
        soon = leaves is not None and DAY <= date.fromisoformat(leaves) <= DAY + timedelta(
            days=HORIZON_DAYS)
        assert (row["leaves"], row["leaving_within_horizon"]) == (leaves, soon)
        impact = (POINTS["disconnects"] * len(disconnects)
                  + POINTS["reduced_to_one_link"] * len(reduced)
                  + POINTS["cut_off_share"] * cut_off / max(1, others)
                  + POINTS["sole_participant"] * len(sole)
                  + POINTS["role_without_deputy"] * len(row["roles_without_deputy"])
                  + POINTS["seat_without_deputy"] * len(row["seats_without_deputy"]))
        exposure = (EXPOSURE["base"] + EXPOSURE["leaving_soon"] * soon
                    + EXPOSURE["no_deputy"] * bool(row["roles_without_deputy"]
                                                   or row["seats_without_deputy"])
                    + EXPOSURE["no_handover"] * (not row["handover_to"]))
        assert row["impact"] == pytest.approx(impact, abs=1e-4)
        assert row["exposure"] == pytest.approx(exposure, abs=1e-4)
        assert row["risk"] == pytest.approx(impact * exposure, abs=1e-3)
        if path_lengths:
            want = expected_path_increase(G, part, v)
            got = row["path_length_increase"]
            assert (got is None) == (want is None), (v, got, want)
            if want is not None:
                assert got == pytest.approx(want, abs=1e-3)
        check_risk_sentence(row, names, len(G))
        assert row["explanation"] == explain_risk(row["claims"])
        checked += 2 * len(oracle.organisation_pairs()) + 6
    return checked


def check_risk_sentence(row: dict[str, Any], names: dict[str, str], people: int) -> None:
    """The claims stand in the row, carry its numbers, and the sentence states them."""
    claims = {c["claim"]: c for c in row["claims"]}
    text = row["explanation"]
    risky = row["impact"] > 0
    assert ("no_single_dependency" in claims) == (not risky)
    assert text.startswith("Ingen enskild beroenderisk") == (not risky)
    for kind, field_name, words in (("disconnects", "disconnects", "Enda länken mellan"),
                                    ("reduced_to_one_link", "reduced_to_one_link",
                                     "hänger kontakten mellan")):
        pairs = row[field_name]
        assert (kind in claims) == bool(pairs)
        assert (words in text) == bool(pairs)
        if pairs:
            assert claims[kind]["pairs"] == pairs
            assert claims[kind]["names"] == [[names[a], names[b]] for a, b in pairs]
            a, b = claims[kind]["names"][0]
            assert f"{a} och {b}" in text
    if row["people_cut_off"]:
        c = claims["cut_off"]
        assert (c["people"], c["of"], c["whole_network"]) == (
            row["people_cut_off"], row["people_in_component"],
            row["people_in_component"] == people - 1)
        assert text.lower().startswith(f"{row['people_cut_off']} ") or \
            f"; {row['people_cut_off']} " in text
    else:
        assert "cut_off" not in claims
    longer = row["path_length_increase"]
    assert ("longer_paths" in claims) == (risky and longer is not None and longer >= 0.1)
    assert ("längre utan hen" in text) == ("longer_paths" in claims)
    if "longer_paths" in claims:
        assert claims["longer_paths"]["steps"] == longer
        assert claims["longer_paths"]["error"] == (row["path_length_error"] or 0.0)
    # a sampled figure says it is an estimate, with its error; an exact one does not
    assert ("uppskattat" in text) == bool("longer_paths" in claims
                                          and row["path_length_error"])
    assert ("leaves" in claims) == (risky and row["leaving_within_horizon"])
    assert ("no_handover" in claims) == (risky and not row["handover_to"])
    assert ("ingen registrerad överlämning" in text) == ("no_handover" in claims)
    for kind, rows_of in (("sole_participant", "sole_participant_in"),
                          ("seat_without_deputy", "seats_without_deputy"),
                          ("role_without_deputy", "roles_without_deputy")):
        stated = [{k: v for k, v in c.items() if k != "claim"} for c in row["claims"]
                  if c["claim"] == kind]
        assert stated == row[rows_of][:2]


# --- the oracle itself, against networkx --------------------------------------------------

@pytest.mark.parametrize("seed", range(12))
def test_oracle_kappa_equals_networkx(seed: int) -> None:
    rnd = random.Random(seed)
    G = nx.gnp_random_graph(14, 0.2, seed=seed)
    part = {v: rnd.choice("ABCD") for v in G}
    oracle = Removal(G, part)
    for pair in oracle.organisation_pairs():
        assert oracle.kappa(pair) == min(3, exact_kappa(G, part, pair))
        for v in rnd.sample(list(G), 3):
            H = G.subgraph(set(G) - {v})
            assert oracle.kappa_without(pair, v) == min(
                2, exact_kappa(H, {x: part[x] for x in H}, pair))


def test_random_documents_load_and_vary() -> None:
    seen = set()
    for seed in range(40):
        data = random_document(seed, 20, FAMILIES[seed % len(FAMILIES)], 1 + seed % 4)
        doc = load(data)
        seen.add((bool(doc.groups), bool(doc.initiatives), bool(doc.roles),
                  any(p.until for p in doc.people)))
    assert len(seen) > 4

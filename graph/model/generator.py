"""Synthetic collaboration documents for scale tests and benchmarks.

Several samordningsförbund share the national agencies (AF, FK) and a few regions; each
has its own municipalities and agency units, a three-level forum structure (styrelse with
ledamöter and ersättare, strategic group with arbetsutskott and analysgrupp, one
operational styrgrupp per initiative), initiatives with a processledare, and ties that are
mostly internal to a unit with a few bridges across parties. The same seed gives the same
document, byte for byte.

By default the förbund share no people and no ties: each is a component of its own. With
``national=True`` the document is one national network instead (see :func:`generate`):
staff of the national and regional parties know colleagues of their own party in other
förbund, regional units serve several förbund, and the förbund chiefs meet in national and
regional networks, so that every current person lies in one connected component.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

FIRST_NAMES = (
    "Anna Eva Maria Karin Sara Lena Emma Kerstin Ingrid Malin Sofia Linnea Elin Ida Johanna "
    "Camilla Helena Therese Jenny Frida Maja Ebba Hanna Amira Leila Fatima Nora Lars Anders "
    "Johan Per Erik Karl Mikael Peter Jonas Fredrik Magnus Daniel Mattias Henrik Oskar "
    "Viktor Emil Ali Ahmed Omar Nils Olof Gustav Axel Hugo Samir Tobias"
).split()
LAST_NAMES = (
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson "
    "Gustafsson Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson "
    "Magnusson Lindström Olofsson Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lind "
    "Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson Ali Mohammed "
    "Forsberg Sjöberg Wallin Engström Danielsson Håkansson Eklund Lundin Holm Björk "
    "Sundberg Ek Åberg Falk Hedlund Strand Nyström Blom Ahmadi Hosseini"
).split()
_PLACE_HEADS = (
    "Ås Berg Lunda Sjö Ek Björk Ros Hag Ulf Norr Söder Väster Öster Strand Hult Mal Vik Dal "
    "Alm Lin Tor Hammar Gran Lid Kvarn Ny Sten"
).split()
_PLACE_TAILS = (
    "by köping hult torp ås näs holm stad vik sjö dal bro fors ryd"
).split()

# (share of a förbund's staff, titles; the first title is the unit's manager)
STAFF_MIX: dict[str, tuple[float, tuple[str, ...]]] = {
    "af": (0.15, ("sektionschef", "arbetsförmedlare", "arbetsförmedlare", "företagsrådgivare",
                  "arbetspsykolog", "SIUS-konsulent", "specialhandläggare")),
    "fk": (0.12, ("teamchef", "handläggare sjukpenning", "handläggare aktivitetsersättning",
                  "samordnare", "försäkringsmedicinsk rådgivare")),
    "vc": (0.12, ("verksamhetschef", "rehabkoordinator", "kurator", "arbetsterapeut",
                  "distriktsläkare", "sjuksköterska")),
    "psy": (0.06, ("verksamhetschef", "kurator", "psykolog", "skötare", "psykiater")),
    "soc": (0.28, ("enhetschef", "socialsekreterare", "socialsekreterare",
                   "boendestödjare", "handläggare försörjningsstöd")),
    "arb": (0.22, ("enhetschef", "arbetsmarknadskonsulent", "jobbcoach",
                   "studie- och yrkesvägledare")),
    "care": (0.03, ("verksamhetschef", "rehabkoordinator", "fysioterapeut")),
    "fed": (0.02, ("förbundschef", "processledare", "administratör")),
}
PROFESSION = {"socialsekreterare": "socionom", "kurator": "socionom", "psykolog": "psykolog",
              "arbetspsykolog": "psykolog", "distriktsläkare": "läkare", "psykiater": "läkare",
              "arbetsterapeut": "arbetsterapeut", "fysioterapeut": "fysioterapeut",
              "sjuksköterska": "sjuksköterska"}
BASE_DATE = date(2026, 1, 1)


def place_name(rng: random.Random) -> str:
    return rng.choice(_PLACE_HEADS) + rng.choice(_PLACE_TAILS)


@dataclass
class Builder:
    """Accumulates interchange rows; shared by the generator and the seed builder."""

    rng: random.Random
    doc: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {
        s: [] for s in ("organisations", "people", "groups", "initiatives", "roles",
                        "memberships", "participations", "ties")})
    next_person: int = 1
    _tie_keys: set[tuple[str, str, str]] = field(default_factory=set)
    _memberships: set[tuple[str, str]] = field(default_factory=set)

    def org(self, ident: str, name: str, kind: str, parent: str | None = None) -> str:
        row = {"id": ident, "name": name, "kind": kind}
        if parent:
            row["parent"] = parent
        self.doc["organisations"].append(row)
        return ident

    def person(self, organisation: str, title: str, *, name: str | None = None,
               ident: str | None = None, **extra: Any) -> str:
        if ident is None:
            ident = f"p{self.next_person}"
            self.next_person += 1
        row: dict[str, Any] = {
            "id": ident,
            "name": name or f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
            "organisation": organisation, "title": title}
        if title in PROFESSION:
            row["profession"] = PROFESSION[title]
        row.update({k: v for k, v in extra.items() if v is not None})
        self.doc["people"].append(row)
        return ident

    def staff(self, organisation: str, titles: tuple[str, ...], n: int,
              since_years: tuple[int, int] = (2008, 2025)) -> list[str]:
        """``n`` people for a unit; the first is its manager. Some have left, some leave soon."""
        out = []
        for k in range(n):
            title = titles[0] if k == 0 else titles[1 + (k - 1) % (len(titles) - 1)]
            since = date(self.rng.randint(*since_years), self.rng.randint(1, 12), 1)
            r = self.rng.random()
            until = None
            if r < 0.04 and k > 0:  # left before the base date
                until = BASE_DATE - timedelta(days=self.rng.randint(30, 900))
                since = min(since, until - timedelta(days=200))
            elif r < 0.07:  # known departure ahead
                until = BASE_DATE + timedelta(days=self.rng.randint(300, 700))
            out.append(self.person(organisation, title, since=iso(since), until=iso(until)))
        return out

    def tie(self, a: str, b: str, kind: str = "collaboration", strength: int = 1,
            last_contact: date | None = None) -> None:
        lo, hi = (a, b) if a < b else (b, a)
        if a == b or (lo, hi, kind) in self._tie_keys:
            return
        self._tie_keys.add((lo, hi, kind))
        row: dict[str, Any] = {"a": a, "b": b}
        if kind != "collaboration":
            row["kind"] = kind
        if strength != 1:
            row["strength"] = strength
        if last_contact:
            row["last_contact"] = iso(last_contact)
        self.doc["ties"].append(row)

    def wire_unit(self, people: list[str], extra: float = 1.0) -> None:
        """Colleagues: a ring to the next two, plus random shortcuts (small world)."""
        n = len(people)
        for i, a in enumerate(people):
            for step in (1, 2):
                if n > step and (step == 1 or n > 3):
                    self.tie(a, people[(i + step) % n], strength=self.rng.randint(2, 5),
                             last_contact=self.recent())
            if n > 4 and self.rng.random() < extra:
                self.tie(a, self.rng.choice(people), strength=self.rng.randint(1, 3))

    def recent(self) -> date:
        return BASE_DATE - timedelta(days=self.rng.randint(1, 400))

    def group(self, ident: str, name: str, level: str, organisation: str | None = None,
              parent: str | None = None, description: str | None = None) -> str:
        row: dict[str, Any] = {"id": ident, "name": name, "level": level}
        for k, v in (("organisation", organisation), ("parent", parent),
                     ("description", description)):
            if v:
                row[k] = v
        self.doc["groups"].append(row)
        return ident

    def member(self, person: str, group: str, seat: str = "member",
               represents: str | None = None, since: date | None = None,
               until: date | None = None) -> None:
        if (person, group) in self._memberships:
            return
        self._memberships.add((person, group))
        row: dict[str, Any] = {"person": person, "group": group}
        if seat != "member":
            row["as"] = seat
        for k, v in (("represents", represents), ("since", iso(since)), ("until", iso(until))):
            if v:
                row[k] = v
        self.doc["memberships"].append(row)

    def initiative(self, ident: str, name: str, owner: str, parties: list[str],
                   start: date | None, end: date | None, governed_by: str | None,
                   description: str | None = None) -> str:
        row: dict[str, Any] = {"id": ident, "name": name, "owner": owner, "parties": parties}
        for k, v in (("start", iso(start)), ("end", iso(end)), ("governed_by", governed_by),
                     ("description", description)):
            if v:
                row[k] = v
        self.doc["initiatives"].append(row)
        return ident

    def participate(self, person: str, initiative: str, role: str | None = None) -> None:
        row = {"person": person, "initiative": initiative}
        if role:
            row["role"] = role
        self.doc["participations"].append(row)

    def role(self, ident: str, name: str, scope: str, holders: list[str],
             deputies: list[str] | None = None) -> str:
        row: dict[str, Any] = {"id": ident, "name": name, "scope": scope, "holders": holders}
        if deputies:
            row["deputies"] = deputies
        self.doc["roles"].append(row)
        return ident

    def result(self) -> dict[str, list[dict[str, Any]]]:
        return {k: v for k, v in self.doc.items() if v}


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# National mode: the share of national and regional staff with a colleague of their own
# party in another förbund (5 % joins 200,000 people into one component with room to
# spare), and the share of all people who work in regional units serving several förbund.
NATIONAL_CROSS_TIES = 0.05
REGIONAL_UNIT_SHARE = 0.01

# A förbund's staff: unit id -> (party, people).
Staff = dict[str, tuple[str, list[str]]]


def generate(people: int, seed: int = 1, *, national: bool = False,
             cross_ties: float | None = None) -> dict[str, list[dict[str, Any]]]:
    """An interchange document with about ``people`` people (exactly, for ``people >= 40``).

    Parameters
    ----------
    people : int
        How many people.
    seed : int
        The same seed (and options) give the same document, byte for byte.
    national : bool
        ``False`` (the default): separate förbund that share no ties, one component
        each, the shape of the earlier benchmarks. ``True``: one national network (the
        module docstring lists what joins it); every person current on 2026-01-01 is
        in one connected component of the collaboration graph.
    cross_ties : float, optional
        In national mode, the share of AF, FK and regional staff who get a tie to a
        colleague of their own party in another förbund (default
        ``NATIONAL_CROSS_TIES``, 0.05). Giving it implies ``national``.

    Examples
    --------
    >>> doc = generate(500, seed=7)
    >>> len(doc["people"])
    500
    >>> generate(500, seed=7) == doc
    True
    >>> len(generate(5000, seed=7, national=True)["people"])
    5000
    """
    if people < 1:
        raise ValueError("people must be at least 1")
    if cross_ties is not None and not 0 <= cross_ties <= 1:
        raise ValueError("cross_ties must lie between 0 and 1")
    national = national or cross_ties is not None
    rng = random.Random(seed)
    b = Builder(rng)
    n_fed = max(1, round(people / 2500))
    n_regions = min(21, n_fed // 4 + 1)
    b.org("af", "Arbetsförmedlingen", "agency")
    b.org("fk", "Försäkringskassan", "agency")
    for r in range(n_regions):
        b.org(f"reg{r}", f"Region {place_name(rng)}", "region")
    regional = round(people * REGIONAL_UNIT_SHARE) if national and people >= 400 else 0
    rest = people - regional
    per_fed = [rest // n_fed + (1 if i < rest % n_fed else 0) for i in range(n_fed)]
    federations = [_federation(b, f"f{i}", f"reg{i % n_regions}", budget)
                   for i, budget in enumerate(per_fed)]
    if national:
        _national(b, federations, n_regions, regional,
                  NATIONAL_CROSS_TIES if cross_ties is None else cross_ties)
    return b.result()


def _national(b: Builder, federations: list[Staff], n_regions: int, regional: int,
              cross_ties: float) -> None:
    """Join separate förbund into one national network (see :func:`generate`)."""
    rng = b.rng
    # Regional units that serve several förbund: each member works with the vårdcentral
    # or psychiatry staff of two of the region's förbund.
    by_region = [[f for i, f in enumerate(federations) if i % n_regions == r]
                 for r in range(n_regions)]
    for r in range(n_regions):
        n = regional // n_regions + (1 if r < regional % n_regions else 0)
        if n < 2 or not by_region[r]:
            continue
        unit = b.org(f"reg{r}-hab", "Regionens habilitering och rehabilitering",
                     "unit", f"reg{r}")
        team = b.staff(unit, STAFF_MIX["care"][1], n)
        b.wire_unit(team)
        clinical = [people for staff in by_region[r] for u, (_, people) in staff.items()
                    if u.endswith(("-vc", "-psy"))]
        for p in team:
            for other in rng.sample(clinical, min(2, len(clinical))):
                b.tie(p, rng.choice(other), "collaboration", rng.randint(1, 3), b.recent())
    # Colleagues of the same national or regional party in another förbund.
    pools: dict[str, list[list[str]]] = {}  # party -> people per förbund
    for staff in federations:
        mine: dict[str, list[str]] = {}
        for party, people in staff.values():
            if party in ("af", "fk") or party.startswith("reg"):
                mine.setdefault(party, []).extend(people)
        for party, people in mine.items():
            pools.setdefault(party, []).append(people)
    for party in sorted(pools):
        groups = pools[party]
        if len(groups) < 2:
            continue
        for k, people in enumerate(groups):
            for p in people:
                if rng.random() < cross_ties:
                    other = rng.choice([g for j, g in enumerate(groups) if j != k])
                    kind = rng.choice(("collaboration", "meeting", "multiparty_meeting"))
                    b.tie(p, rng.choice(other), kind, rng.randint(1, 3), b.recent())
    # National and regional networks of the förbund chiefs: forums, and the ties they
    # keep between meetings (a national forum is too large to add co-membership edges).
    chiefs = [staff[f][1][0] for staff in federations for f in staff if "-" not in f]
    national_net = b.group("nat-fc", "Nationella nätverket för samordningsförbund",
                           "strategic", description="Förbundschefernas nationella nätverk")
    for chief in chiefs:
        b.member(chief, national_net)
    for r in range(n_regions):
        members = [chiefs[i] for i in range(r, len(chiefs), n_regions)]
        if len(members) > 1:
            net = b.group(f"reg{r}-fc", "Regionalt nätverk för samordningsförbund",
                          "strategic", f"reg{r}")
            for chief in members:
                b.member(chief, net)
    for i, chief in enumerate(chiefs):
        if len(chiefs) > 1:
            b.tie(chief, chiefs[(i + 1) % len(chiefs)], "multiparty_meeting", 2, b.recent())
    _join_components(b)


def _join_components(b: Builder) -> None:
    """Tie every component of the people who stay to the largest one.

    Random ties almost always connect everything; this makes it certain. Only ties
    between people without an end date count, so the network holds on any day after the
    base date, whoever has left by then.
    """
    rng = b.rng
    stays = [p["id"] for p in b.doc["people"] if "until" not in p]
    parent = {p: p for p in stays}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for t in b.doc["ties"]:
        if t["a"] in parent and t["b"] in parent:
            parent[find(t["a"])] = find(t["b"])
    members: dict[str, list[str]] = {}
    for p in stays:
        members.setdefault(find(p), []).append(p)
    groups = sorted(members.values(), key=lambda g: (-len(g), g[0]))
    if not groups:
        return
    for group in groups[1:]:
        b.tie(rng.choice(group), rng.choice(groups[0]), "meeting", 1, b.recent())
    # Whoever leaves later keeps a tie to someone who stays, while they are there.
    anchored = {x for t in b.doc["ties"] for x, y in ((t["a"], t["b"]), (t["b"], t["a"]))
                if y in parent}
    org_stays: dict[str, str] = {}
    for row in b.doc["people"]:
        if "until" not in row:
            org_stays.setdefault(row["organisation"], row["id"])
    for p in b.doc["people"]:
        if "until" in p and p["id"] not in anchored:
            anchor = org_stays.get(p["organisation"]) or rng.choice(groups[0])
            b.tie(p["id"], anchor, "collaboration", 2, b.recent())


def _federation(b: Builder, f: str, region: str, budget: int) -> Staff:
    rng = b.rng
    area = place_name(rng)
    b.org(f, f"Samordningsförbundet {area}", "federation")
    units: dict[str, tuple[str, str]] = {  # unit id -> (staff kind, party)
        b.org(f"{f}-af", f"Arbetsförmedlingen {area}", "unit", "af"): ("af", "af"),
        b.org(f"{f}-fk", f"Försäkringskassan {area}", "unit", "fk"): ("fk", "fk"),
        b.org(f"{f}-vc", f"Vårdcentralerna {area}", "unit", region): ("vc", region),
        b.org(f"{f}-psy", f"Psykiatrin {area}", "unit", region): ("psy", region),
    }
    for j in range(rng.randint(1, 5)):
        town = place_name(rng)
        k = b.org(f"{f}-k{j}", f"{town} kommun", "municipality")
        units[b.org(f"{k}-soc", f"Socialtjänsten {town}", "unit", k)] = ("soc", k)
        units[b.org(f"{k}-arb", f"Arbetsmarknadsenheten {town}", "unit", k)] = ("arb", k)
    if rng.random() < 0.5:
        care = b.org(f"{f}-care", f"Hälsocentralen {area} AB", "care_provider")
        units[care] = ("care", care)
    units[f] = ("fed", f)

    weights = {u: STAFF_MIX[kind][0] for u, (kind, _) in units.items()}
    kinds_count: dict[str, int] = {}
    for kind, _ in units.values():
        kinds_count[kind] = kinds_count.get(kind, 0) + 1
    total_w = sum(w / kinds_count[units[u][0]] for u, w in weights.items())
    sizes = {u: max(2, int(budget * w / kinds_count[units[u][0]] / total_w))
             for u, w in weights.items()}
    biggest = max(sizes, key=lambda u: sizes[u])
    sizes[biggest] = max(2, sizes[biggest] + budget - sum(sizes.values()))
    staff = {u: b.staff(u, STAFF_MIX[units[u][0]][1], n) for u, n in sizes.items()}
    for people in staff.values():
        b.wire_unit(people)
    unit_list = list(units)

    # Bridges: a few people per unit know someone at another party, or another unit
    # of their own party; most cross-party contact runs through them.
    for u, people in staff.items():
        for p in people:
            r = rng.random()
            if r < 0.06:
                other = rng.choice([v for v in unit_list if units[v][1] != units[u][1]])
                kind = rng.choice(("collaboration", "meeting", "multiparty_meeting"))
                b.tie(p, rng.choice(staff[other]), kind, rng.randint(1, 3), b.recent())
            elif r < 0.09:
                same = [v for v in unit_list if units[v][1] == units[u][1] and v != u]
                if same:
                    b.tie(p, rng.choice(staff[rng.choice(same)]), strength=rng.randint(1, 4))

    parties = sorted({party for _, party in units.values() if party != f})
    party_units = {party: [u for u in unit_list if units[u][1] == party] for party in parties}
    fed_staff = staff[f]
    chief = fed_staff[0]

    board = b.group(f"{f}-styrelse", f"Styrelsen {area}", "decision", f)
    for n, party in enumerate(parties):
        managers = [staff[u][0] for u in party_units[party]]
        b.member(managers[0], board, "chair" if n == 0 else "member", party)
        if rng.random() < 0.8:
            pool = [p for u in party_units[party] for p in staff[u][1:4]]
            b.member(rng.choice(pool), board, "deputy", party)
    strat = b.group(f"{f}-strat", f"Strategiska samverkansgruppen {area}", "strategic", f, board)
    b.member(chief, strat, "chair")
    for u in unit_list:
        if u != f:
            b.member(staff[u][0], strat, represents=units[u][1])
    au = b.group(f"{f}-au", f"Arbetsutskottet {area}", "strategic", f, strat)
    b.member(chief, au, "chair")
    for p in rng.sample([staff[u][0] for u in unit_list if u != f], 2):
        b.member(p, au)
    analys = b.group(f"{f}-analys", f"Analysgruppen {area}", "strategic", f, strat)
    for party in parties:
        b.member(rng.choice(staff[rng.choice(party_units[party])]), analys, represents=party)
    b.role(f"{f}-fc", "Förbundschef", f, [chief])

    for party in parties:
        contact = rng.choice(staff[party_units[party][0]])
        deputies = [rng.choice(staff[party_units[party][-1]])] if rng.random() < 0.4 else None
        b.role(f"{f}-kontakt-{party}", "Strategisk kontaktperson", party, [contact],
               [d for d in deputies or [] if d != contact] or None)

    operational = [u for u in unit_list if u != f]
    for j in range(max(1, budget // 120)):
        chosen = rng.sample(operational, min(len(operational), rng.randint(2, 4)))
        start = date(rng.randint(2016, 2025), rng.randint(1, 12), 1)
        end = None if rng.random() < 0.5 else start + timedelta(days=rng.randint(365, 1800))
        sg = b.group(f"{f}-sg{j}", f"Styrgrupp insats {j + 1} {area}", "operational", f, strat)
        b.member(chief, sg, represents=f)
        for u in chosen:
            b.member(staff[u][0], sg, represents=units[u][1])
        ini = b.initiative(f"{f}-ins{j}", f"Insats {j + 1} {area}", chosen[0],
                           [units[u][1] for u in chosen], start, end, sg)
        team = [p for u in chosen for p in rng.sample(staff[u][1:], min(len(staff[u]) - 1,
                                                                        rng.randint(1, 3)))]
        leader = rng.choice(fed_staff[1:] or team)
        b.participate(leader, ini, "processledare")
        for p in team:
            if p != leader:
                b.participate(p, ini, "deltagare")
        deputy = [rng.choice(team)] if team and rng.random() < 0.4 else None
        b.role(f"{ini}-pl", "Processledare", ini, [leader],
               [d for d in deputy or [] if d != leader] or None)
        if rng.random() < 0.3 and len(team) > 1:
            b.tie(team[0], team[1], "handover", 3, b.recent())
    return {u: (units[u][1], people) for u, people in staff.items()}

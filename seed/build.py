"""Build the seed document: fictional people on the real structures of three förbund.

Run ``python -m seed.build`` to rewrite ``seed/finsam.json``; a test checks that the
committed file is exactly what this script produces.

* Samordningsförbundet Skåne Nordost: Region Skåne, Arbetsförmedlingen, Försäkringskassan
  and the municipalities Bromölla, Hässleholm, Kristianstad, Osby and Östra Göinge; a
  styrelse with ledamöter and ersättare, a beredningsgrupp, a förbundschef who is
  co-opted to every styrgrupp, and operational processes with styrgrupper.
* Finsam Kävlinge–Lomma with Samverkanskartan steg 2 (1 Nov 2015 – 14 Aug 2018; AF
  Lundaregionen process owner), Samverkansteam Kävlinge and its weekly multi-party
  meetings, Arbetsmarknadsråd, the chefsnätverk, DUA; AF's strategic contact person has
  changed several times without handover, and AF's business adviser is the key contact
  in both municipalities.
* Samordningsförbundet Älvbygden (fictional), organised in three levels: styrelse of nine
  ledamöter and nine ersättare, a strategic group with arbetsutskott and analysgrupp, and
  operational styrgrupper for two- and four-party processes.

Planted risks (the analyses must find them): Lomma reaches AF only through the business
adviser; some board seats have no ersättare; one Skåne Nordost process rests on a single
person from Osby; several roles have no deputy.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

from graph.model.generator import STAFF_MIX, Builder

SEED_FILE = Path(__file__).with_name("finsam.json")


def _titles(kind: str) -> tuple[str, ...]:
    return STAFF_MIX[kind][1]


def _bridges(b: Builder, left: list[str], right: list[str], n: int, kind: str = "collaboration",
             strength: tuple[int, int] = (1, 3)) -> None:
    for _ in range(n):
        b.tie(b.rng.choice(left), b.rng.choice(right), kind, b.rng.randint(*strength), b.recent())


def skane_nordost(b: Builder) -> None:
    f = b.org("sn", "Samordningsförbundet Skåne Nordost", "federation")
    units = {
        "sn-af": b.org("sn-af", "Arbetsförmedlingen Skåne Nordost", "unit", "af"),
        "sn-fk": b.org("sn-fk", "Försäkringskassan Kristianstad", "unit", "fk"),
        "sn-vc": b.org("sn-vc", "Primärvården Skåne Nordost", "unit", "region-skane"),
        "sn-psy": b.org("sn-psy", "Psykiatri Skåne Nordost", "unit", "region-skane"),
    }
    towns = {"bromolla": "Bromölla", "hassleholm": "Hässleholm", "kristianstad": "Kristianstad",
             "osby": "Osby", "ostra-goinge": "Östra Göinge"}
    for key, town in towns.items():
        b.org(key, f"{town} kommun", "municipality")
        units[f"{key}-soc"] = b.org(f"{key}-soc", f"Socialtjänsten {town}", "unit", key)
        units[f"{key}-arb"] = b.org(f"{key}-arb", f"Arbetsmarknadsenheten {town}", "unit", key)
    sizes = {"sn-af": 14, "sn-fk": 10, "sn-vc": 10, "sn-psy": 6}
    staff: dict[str, list[str]] = {}
    for u, n in sizes.items():
        kind = u.split("-")[1]
        staff[u] = b.staff(u, _titles(kind), n)
    for key in towns:
        small = key in ("osby", "bromolla")
        staff[f"{key}-soc"] = b.staff(f"{key}-soc", _titles("soc"), 5 if small else 8)
        staff[f"{key}-arb"] = b.staff(f"{key}-arb", _titles("arb"), 4 if small else 7)
    chief = b.person(f, "förbundschef", name="Helena Strandberg", ident="sn-chef",
                     since="2017-03-01",
                     description="Leder förbundets arbete; föredragande i styrelsen, ingår i "
                                 "beredningsgruppen och är adjungerad i processernas styrgrupper.")
    staff[f] = [chief]
    for people in staff.values():
        b.wire_unit(people)
    for key in towns:
        _bridges(b, staff[f"{key}-soc"], staff[f"{key}-arb"], 3, strength=(2, 4))
        _bridges(b, staff[f"{key}-arb"], staff["sn-af"], 2, "meeting")
    _bridges(b, staff["sn-fk"], staff["sn-vc"], 3, "meeting")
    _bridges(b, staff["sn-psy"], staff["kristianstad-soc"], 2)
    _bridges(b, staff["sn-fk"], staff["sn-af"], 2, "multiparty_meeting")
    _bridges(b, staff["hassleholm-soc"], staff["sn-vc"], 1)

    parties = {"region-skane": staff["sn-vc"], "af": staff["sn-af"], "fk": staff["sn-fk"]}
    parties.update({k: staff[f"{k}-soc"] + staff[f"{k}-arb"] for k in towns})
    board = b.group("sn-styrelse", "Styrelsen, Skåne Nordost", "decision", f,
                    description="Förbundets beslutande organ med ledamöter och ersättare "
                                "från parterna.")
    no_deputy = {"osby", "fk"}
    for party, people in parties.items():
        b.member(people[0], board, "chair" if party == "kristianstad" else "member", party)
        if party not in no_deputy:
            b.member(people[1], board, "deputy", party)
    b.member(chief, board, represents=f)
    bered = b.group("sn-beredning", "Beredningsgruppen, Skåne Nordost", "strategic", f, board,
                    "Bereder ansökningar om medel inför styrelsebeslut.")
    b.member(chief, bered, "chair", f)
    for party, people in parties.items():
        b.member(people[0] if party in ("af", "fk") else people[2], bered, represents=party)
    b.role("sn-fc", "Förbundschef", f, [chief])

    processes = [
        ("sn-vagen", "Vägen vidare Kristianstad", ["sn-af", "kristianstad-arb", "kristianstad-soc"],
         date(2021, 2, 1), None, "Unga vuxna 18–29 år med försörjningsstöd"),
        ("sn-tidig", "Tidig samordning Nordost", ["sn-fk", "sn-vc", "sn-af"],
         date(2022, 9, 1), date(2027, 6, 30), "Sjukskrivna som riskerar att bli långvarigt "
                                              "sjukskrivna"),
        ("sn-osby", "Arbetsträning Osby–Östra Göinge", ["osby-arb", "ostra-goinge-arb", "sn-af"],
         date(2023, 1, 15), None, "Personer långt från arbetsmarknaden"),
        ("sn-psyk", "Samverkansteam psykiatri Hässleholm", ["sn-psy", "hassleholm-soc", "sn-fk"],
         date(2020, 5, 1), None, "Personer med psykisk ohälsa i behov av samordnat stöd"),
        ("sn-brom", "Resursteam Bromölla", ["bromolla-soc", "bromolla-arb", "sn-fk", "sn-vc"],
         date(2019, 3, 1), date(2024, 12, 31), "Personer med aktivitetsersättning"),
    ]
    for ident, name, chosen, start, end, target in processes:
        sg = b.group(f"{ident}-sg", f"Styrgrupp {name}", "operational", f, bered)
        b.member(chief, sg, represents=f)
        for u in chosen:
            b.member(staff[u][0], sg, represents=_party(b, u))
        b.initiative(ident, name, chosen[0], [_party(b, u) for u in chosen], start, end, sg,
                     target)
        team: list[str] = []
        for u in chosen:
            # Osby takes part in its own process through one person only.
            k = 1 if u == "osby-arb" else 2
            team += staff[u][1:1 + k]
        leader = team[0]
        b.participate(leader, ident, "processledare")
        for p in team[1:]:
            b.participate(p, ident, "deltagare")
        deputy = [team[2]] if ident in ("sn-vagen", "sn-psyk") else None
        b.role(f"{ident}-pl", "Processledare", ident, [leader], deputy)


def _party(b: Builder, unit: str) -> str:
    parents = {o["id"]: o.get("parent") for o in b.doc["organisations"]}
    while parents.get(unit):
        unit = parents[unit]  # type: ignore[assignment]
    return unit


def kavlinge_lomma(b: Builder) -> None:
    f = b.org("kl", "Finsam Kävlinge–Lomma", "federation")
    afl = b.org("af-lund", "AF Lundaregionen", "unit", "af")
    fkl = b.org("fk-lund", "Försäkringskassan Lund", "unit", "fk")
    vcl = b.org("vc-loddekopinge", "VC Löddeköpinge", "unit", "region-skane")
    b.org("kavlinge", "Kävlinge kommun", "municipality")
    b.org("lomma", "Lomma kommun", "municipality")
    kav_soc = b.org("kavlinge-soc", "Individ- och familjeomsorgen Kävlinge", "unit", "kavlinge")
    kav_arb = b.org("kavlinge-arb", "Arbetsmarknadsenheten Kävlinge", "unit", "kavlinge")
    lom_soc = b.org("lomma-soc", "Socialtjänsten Lomma", "unit", "lomma")
    lom_arb = b.org("lomma-arb", "Arbete och integration Lomma", "unit", "lomma")
    care = b.org("halsan-lomma", "Hälsocentralen Lomma AB", "care_provider")

    af = b.staff(afl, _titles("af"), 12)
    fk = b.staff(fkl, _titles("fk"), 7)
    vc = b.staff(vcl, _titles("vc"), 6)
    ks = b.staff(kav_soc, _titles("soc"), 9)
    ka = b.staff(kav_arb, _titles("arb"), 6)
    ls = b.staff(lom_soc, _titles("soc"), 8)
    la = b.staff(lom_arb, _titles("arb"), 5)
    cp = b.staff(care, _titles("care"), 3)
    adviser = b.person(afl, "företagsrådgivare", name="Maria Lindqvist", ident="kl-af-foretag",
                       since="2012-08-15",
                       description="Arbetar mot arbetsgivare i Kävlinge och Lomma; viktig "
                                   "person även i den strategiska samverkan med båda "
                                   "kommunerna.")
    # AF's strategic contact toward the municipalities: three holders since 2015, no handovers.
    former = [
        b.person(afl, "sektionschef", name="Jonas Ek", ident="kl-af-kontakt-2015",
                 since="2011-01-10", until="2016-12-31",
                 description="Tidigare strategisk kontaktperson mot Kävlinge och Lomma."),
        b.person(afl, "sektionschef", name="Cecilia Holm", ident="kl-af-kontakt-2017",
                 since="2017-02-01", until="2019-05-31",
                 description="Tidigare strategisk kontaktperson mot Kävlinge och Lomma."),
    ]
    contact = b.person(afl, "sektionschef", name="Peter Sandberg", ident="kl-af-kontakt",
                       since="2019-09-01",
                       description="Strategisk kontaktperson för AF mot Kävlinge och Lomma; "
                                   "ansvarar för sektionen som arbetar med förbättrade "
                                   "förutsättningar i Lund.")
    leader = b.person(f, "processledare", name="Karin Wallin", ident="kl-processledare",
                      since="2015-10-01",
                      description="Processledare för Samverkanskartan steg 2; redaktör för "
                                  "Samverkansguiden.")
    af += [adviser, contact]
    for people in (af, fk, vc, ks, ka, ls, la, cp):
        b.wire_unit(people)
    b.tie(former[0], former[1], "collaboration", 1)
    _bridges(b, ks, ka, 3, strength=(2, 4))
    _bridges(b, ls, la, 3, strength=(2, 4))
    _bridges(b, fk, vc, 2, "meeting")
    _bridges(b, cp, vc, 1)
    _bridges(b, fk, af[:6], 2, "meeting")
    # Kävlinge–AF: weekly multi-party meetings (Mondays 10–12) carry many links.
    for _ in range(5):
        b.tie(b.rng.choice(af[1:8]), b.rng.choice(ka + ks), "multiparty_meeting", 4,
              date(2025, 11, 10))
    b.tie(contact, ka[0], "meeting", 3, date(2025, 3, 12))
    # Lomma reaches AF only through the business adviser.
    b.tie(adviser, la[0], "meeting", 4, date(2025, 10, 2))
    b.tie(adviser, ka[0], "meeting", 3, date(2025, 9, 18))
    b.tie(adviser, ls[0], "collaboration", 2, date(2025, 6, 5))
    b.tie(leader, ks[0], "collaboration", 3)

    board = b.group("kl-styrelse", "Styrelsen, Finsam Kävlinge–Lomma", "decision", f)
    for party, people, deputy in (("af", af, af[1]), ("fk", fk, None),
                                  ("region-skane", vc, vc[1]), ("kavlinge", ks, ks[1]),
                                  ("lomma", ls, None)):
        b.member(people[0], board, "chair" if party == "kavlinge" else "member", party)
        if deputy:
            b.member(deputy, board, "deputy", party)
    chefs = b.group("kl-chefsnatverk", "Chefsnätverket Finsam Kävlinge–Lomma", "strategic", f,
                    board, "Chefer från parterna; forum för frågor om överlämningar.")
    for p, party in ((fk[0], "fk"), (vc[0], "region-skane"), (ks[0], "kavlinge"),
                     (ka[0], "kavlinge"), (ls[0], "lomma"), (leader, f)):
        b.member(p, chefs, represents=party)
    # AF's seat in the chefsnätverk went with the last contact person who left.
    b.member(former[1], chefs, represents="af", since=date(2017, 3, 1), until=date(2019, 5, 31))
    amr = b.group("kl-arbetsmarknadsrad", "Arbetsmarknadsråd Kävlinge", "strategic", "kavlinge",
                  description="AF och Kävlinge kommun; tänkt att träffas fyra gånger per år.")
    for p, party in ((contact, "af"), (adviser, "af"), (ka[0], "kavlinge"), (ks[0], "kavlinge")):
        b.member(p, amr, represents=party)
    dua_k = b.group("kl-dua-kavlinge", "DUA Kävlinge", "strategic", "kavlinge",
                    description="Överenskommelse mellan kommunen och AF om unga och nyanlända.")
    for p, party in ((contact, "af"), (af[2], "af"), (ka[0], "kavlinge"), (ka[1], "kavlinge")):
        b.member(p, dua_k, represents=party)
    dua_l = b.group("kl-dua-lomma", "DUA Lomma", "strategic", "lomma",
                    description="Överenskommelse mellan kommunen och AF om unga och nyanlända.")
    for p in (la[0], la[1], ls[2]):
        b.member(p, dua_l, represents="lomma")
    team = b.group("kl-samverkansteam", "Samverkansteam Kävlinge", "operational", "kavlinge",
                   description="Medarbetare från kommunen, AF och rehabkoordinator från VC "
                               "Löddeköpinge; flerpartssamtal varje måndag 10–12.")
    reko = next(p for p in vc if b.doc["people"][_index(b, p)]["title"] == "rehabkoordinator")
    for p, party in ((af[3], "af"), (af[4], "af"), (ka[1], "kavlinge"), (ks[2], "kavlinge"),
                     (ks[3], "kavlinge"), (reko, "region-skane")):
        b.member(p, team, represents=party)

    sg = b.group("kl-kartan-sg", "Styrgrupp Samverkanskartan", "operational", f, board)
    for p, party in ((former[0], "af"), (ks[0], "kavlinge"), (ls[0], "lomma"),
                     (vc[0], "region-skane"), (fk[0], "fk")):
        b.member(p, sg, represents=party, since=date(2015, 11, 1), until=date(2018, 8, 14))
    kartan = b.initiative("kl-kartan", "Samverkanskartan steg 2", afl,
                          [afl, "kavlinge", "lomma", "region-skane", "halsan-lomma", "fk"],
                          date(2015, 11, 1), date(2018, 8, 14), sg,
                          "Chefer och medarbetare hos parterna som arbetar med personer i behov "
                          "av samordnade rehabiliteringsinsatser")
    b.participate(leader, kartan, "processledare")
    for p in (former[0], former[1], ks[1], ls[1], vc[1], fk[1], cp[0]):
        b.participate(p, kartan, "deltagare")
    b.role("kl-af-strategisk-kontakt", "Strategisk kontaktperson AF mot Kävlinge och Lomma",
           afl, [contact])
    b.role("kl-guide-redaktor", "Redaktör för Samverkansguiden", f, [leader])
    b.role("kl-auskultation-af", "Kontaktperson för auskultation", afl, [af[5]], [af[6]])


def _index(b: Builder, person: str) -> int:
    return next(i for i, row in enumerate(b.doc["people"]) if row["id"] == person)


def alvbygden(b: Builder) -> None:
    """A fictional förbund organised in the three levels of the governance appendix."""
    f = b.org("ab", "Samordningsförbundet Älvbygden", "federation")
    reg = b.org("region-alv", "Region Älvbygden", "region")
    units = {
        b.org("ab-af", "Arbetsförmedlingen Älvbygden", "unit", "af"): ("af", "af", 10),
        b.org("ab-fk", "Försäkringskassan Älvbygden", "unit", "fk"): ("fk", "fk", 8),
        b.org("ab-vc", "Hälsocentralerna Älvbygden", "unit", reg): ("vc", reg, 10),
    }
    for key, town in (("alvsby", "Älvsby"), ("norrfors", "Norrfors"), ("selsjo", "Selsjö")):
        b.org(key, f"{town} kommun", "municipality")
        units[b.org(f"{key}-soc", f"Socialtjänsten {town}", "unit", key)] = ("soc", key, 8)
        units[b.org(f"{key}-arb", f"Arbetsmarknadsenheten {town}", "unit", key)] = ("arb", key, 6)
    staff = {u: b.staff(u, _titles(kind), n) for u, (kind, _, n) in units.items()}
    kansli = [b.person(f, "förbundschef", ident="ab-chef", since="2020-01-01"),
              b.person(f, "biträdande förbundschef", ident="ab-bitr", since="2021-04-01"),
              b.person(f, "administratör", ident="ab-admin", since="2022-08-15")]
    staff[f] = kansli
    for people in staff.values():
        b.wire_unit(people)
    unit_ids = list(units)
    for u in unit_ids:
        for v in unit_ids:
            if u < v and b.rng.random() < 0.35:
                _bridges(b, staff[u], staff[v], 1)

    board = b.group("ab-styrelse", "Styrelsen, Älvbygden", "decision", f)
    # Nine seats: AF, FK and the region one each, each municipality two.
    seats = [(u, units[u][1]) for u in unit_ids]
    for n, (u, party) in enumerate(seats):
        b.member(staff[u][0], board, "chair" if n == 0 else "member", party)
        if u != "norrfors-arb":  # one seat lacks an ersättare
            b.member(staff[u][1], board, "deputy", party)
    strat = b.group("ab-strategiska", "Strategiska samverkansgruppen", "strategic", f, board,
                    "Chefer på verksamhetsledningsnivå från varje organisation.")
    for u in unit_ids:
        b.member(staff[u][0], strat, represents=units[u][1])
    b.member(kansli[0], strat, "chair", f)
    au = b.group("ab-au", "Strategiska gruppens arbetsutskott", "strategic", f, strat,
                 "Förbundschef och två tjänstepersoner från den strategiska nivån.")
    b.member(kansli[0], au, "chair", f)
    b.member(staff["ab-af"][0], au, represents="af")
    b.member(staff["alvsby-soc"][0], au, represents="alvsby")
    analys = b.group("ab-analys", "Analysgruppen", "strategic", f, strat,
                     "Sammanställer och analyserar statistik från parterna.")
    for u in unit_ids:
        if units[u][0] in ("af", "fk", "vc", "soc"):
            b.member(staff[u][2], analys, represents=units[u][1])
    b.role("ab-fc", "Förbundschef", f, [kansli[0]], [kansli[1]])
    processes = [
        ("ab-unga", "Unga till arbete Älvsby", ["ab-af", "alvsby-arb"]),
        ("ab-rehab", "Gemensam rehabilitering Älvbygden", ["ab-af", "ab-fk", "ab-vc",
                                                           "norrfors-soc"]),
        ("ab-fyrpart", "Fyrpartsteam Selsjö", ["ab-af", "ab-fk", "ab-vc", "selsjo-soc"]),
    ]
    for ident, name, chosen in processes:
        sg = b.group(f"{ident}-sg", f"Styrgrupp {name}", "operational", f, strat)
        for u in chosen:
            b.member(staff[u][0], sg, represents=units[u][1])
        b.initiative(ident, name, chosen[0], [units[u][1] for u in chosen], date(2022, 1, 1),
                     None, sg)
        team = [p for u in chosen for p in staff[u][3:5]]
        b.participate(kansli[1], ident, "processledare")
        for p in team:
            b.participate(p, ident, "deltagare")
        b.role(f"{ident}-pl", "Processledare", ident, [kansli[1]])


def build() -> dict[str, Any]:
    b = Builder(random.Random(2003_1210))
    b.org("af", "Arbetsförmedlingen", "agency")
    b.org("fk", "Försäkringskassan", "agency")
    b.org("region-skane", "Region Skåne", "region")
    skane_nordost(b)
    kavlinge_lomma(b)
    alvbygden(b)
    doc = b.result()
    _contact_details(doc)
    return doc


# What to contact someone about, by title: the guide's "kontakta om" column.
CONTACT_ABOUT = {
    "förbundschef": "förbundets insatser, medel och samverkan mellan parterna",
    "försäkringsmedicinsk rådgivare": "försäkringsmedicinska bedömningar av arbetsförmåga",
    "handläggare sjukpenning": "sjukpenning, avstämningsmöten och återgång i arbete",
    "handläggare aktivitetsersättning": "aktivitetsersättning för unga med nedsatt "
                                        "arbetsförmåga",
    "rehabkoordinator": "samordning av sjukskrivnas rehabilitering i vården",
    "företagsrådgivare": "arbetsgivarkontakter, praktikplatser och subventionerade jobb",
    "handläggare försörjningsstöd": "ekonomiskt bistånd och planering mot arbete",
    "samordnare": "samordnade insatser och flerpartssamtal",
}
# Numbers the Swedish telecoms regulator (PTS) keeps for fiction, so no real line rings.
FICTION_NUMBERS = ([f"08-465 004 {n:02d}" for n in range(100)]
                   + [f"070-174 06 {n:02d}" for n in range(5, 100)])
_ASCII = str.maketrans("åäöéü", "aaoeu")


def _contact_details(doc: dict[str, Any]) -> None:
    """E-mail, phone and "kontakta om" for the people the guide is most used to find
    (role holders and the titles above), and a mandate on decision and strategic seats;
    fixed by document order, so the file stays the same build after build. Addresses are
    under .example (RFC 2606) and numbers from PTS's fiction ranges."""
    holders = {p for r in doc["roles"] for p in r["holders"]}
    orgs = {o["id"]: o for o in doc["organisations"]}

    def party(org: str) -> str:
        while orgs[org].get("parent"):
            org = orgs[org]["parent"]
        return org

    numbers = iter(FICTION_NUMBERS)
    taken: set[str] = set()  # an address links a sign-in to one person: never two
    for person in doc["people"]:
        about = CONTACT_ABOUT.get(person.get("title", ""))
        if about is None and person["id"] not in holders:
            continue
        if person.get("until"):
            continue  # who has left keeps no contact details
        local = ".".join(person["name"].lower().translate(_ASCII).split())
        address = f"{local}@{party(person['organisation'])}.example"
        n = 2
        while address in taken:
            address, n = f"{local}{n}@{party(person['organisation'])}.example", n + 1
        taken.add(address)
        person["email"] = address
        person["phone"] = next(numbers)
        if about is not None:
            person["contact_about"] = about
    levels = {g["id"]: g.get("level", "operational") for g in doc["groups"]}
    for seat in doc["memberships"]:
        party_name = orgs.get(seat.get("represents", ""), {}).get("name")
        if levels[seat["group"]] == "operational" or party_name is None:
            continue
        if levels[seat["group"]] == "decision":
            seat["mandate"] = (f"beslutar för {party_name} när ledamoten är borta"
                               if seat.get("as") == "deputy"
                               else f"beslutar för {party_name} om förbundets mål och medel")
        else:
            seat["mandate"] = f"kan avdela personal och resurser från {party_name} till " \
                              "gemensamma insatser"


def main() -> None:
    SEED_FILE.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n",
                         encoding="utf-8")


if __name__ == "__main__":
    main()

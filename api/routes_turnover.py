"""Turnover routes: what changed between two days, seats versus people, succession and
bridging suggestions (graph/reports/changes, seats, succession, bridging)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.deps import AsOf, EditHistoryDep, ScopeQuery, Store, audit, within_budget
from api.routes_matching import _encoder as shared_encoder
from api.usecases import turnover
from graph.core.errors import DocumentError, Problem
from graph.model.schema import IsoDate
from graph.reports.bridging import DEFAULT_LIMIT, DEFAULT_PER_PAIR
from graph.reports.changes import DEFAULT_SPANNERS_TOP
from graph.reports.seats import DEFAULT_MAX_KAPPA
from graph.reports.succession import DEFAULT_MAX_KAPPA as SUCCESSION_MAX_KAPPA
from graph.reports.succession import DEFAULT_TOP
from graph.store import protocol
from matching.profile import get_profile

# Real answers on the seed (changes 2016-01-01 to 2017-06-01; the others on 2026-01-01),
# shortened.
CHANGES_EXAMPLE: dict[str, Any] = {'from': '2016-01-01',
 'to': '2017-06-01',
 'spanners': [{'person': 'p105',
               'name': 'Olof Falk',
               'change': 'became',
               'rank_before': None,
               'rank_after': 6,
               'explanation': 'Olof Falk är ny bland de 10 främsta gränsöverskridarna '
                              '(plats 6).'}],
 'key_persons': [{'person': 'p124',
                  'name': 'Oskar Lundberg',
                  'change': 'stopped',
                  'sole_link_before': [['kavlinge', 'region-skane'],
                                       ['kl', 'region-skane']],
                  'sole_link_after': [],
                  'explanation': 'Oskar Lundberg är inte längre enda länken mellan '
                                 'Kävlinge kommun och Region Skåne; Finsam Kävlinge–Lomma '
                                 'och Region Skåne.'}],
 'pairs': [{'organisations': ['af', 'sn'],
            'names': ['Arbetsförmedlingen', 'Samordningsförbundet Skåne Nordost'],
            'before': 0,
            'after': 1,
            'lost_last_link': False,
            'cut_before': [],
            'cut_after': ['sn-chef'],
            'causes': [{'kind': 'started',
                        'person': 'sn-chef',
                        'name': 'Helena Strandberg',
                        'date': '2017-03-01'}],
            'explanation': 'Arbetsförmedlingen – Samordningsförbundet Skåne Nordost: 0 → 1 '
                           'sedan Helena började 2017-03-01.'}],
 'seats': [{'kind': 'seat',
            'group': 'kl-kartan-sg',
            'name': 'Styrgrupp Samverkanskartan',
            'represents': 'af',
            'change': 'became_empty',
            'holders_before': ['kl-af-kontakt-2015'],
            'holders_after': [],
            'deputies_before': [],
            'deputies_after': [],
            'explanation': 'Platsen i Styrgrupp Samverkanskartan (Arbetsförmedlingen) står '
                           'tom sedan Jonas lämnade den.'}],
 'initiatives': [],
 'handovers': []}
BRIDGING_EXAMPLE: list[dict[str, Any]] = [{'organisations': ['af', 'halsan-lomma'],
  'names': ['Arbetsförmedlingen', 'Hälsocentralen Lomma AB'],
  'kappa': 1,
  'cut': ['p159'],
  'cut_names': ['Viktor Sandberg'],
  'introductions': [{'people': ['p105', 'p157'],
                     'steps_today': 3,
                     'names': ['Olof Falk', 'Sofia Karlsson'],
                     'kappa_before': 1,
                     'kappa_after': 2,
                     'reason': 'Olof Falk (AF Lundaregionen) och Sofia Karlsson '
                               '(Hälsocentralen Lomma AB) har ingen direkt kontakt i dag; '
                               'med den blir Arbetsförmedlingen – Hälsocentralen Lomma AB '
                               '1 → 2, en väg som inte går via Viktor Sandberg. Olof Falk '
                               'når Hälsocentralen Lomma AB i dag i 3 steg; Olof Falk har '
                               '7 och Sofia Karlsson 2 kontakter i den egna '
                               'organisationen.'}],
  'explanation': 'Arbetsförmedlingen – Hälsocentralen Lomma AB hålls i dag ihop av 1 '
                 'person (Viktor Sandberg). 2 introduktioner höjer det till 3.'}]
SEATS_EXAMPLE: dict[str, Any] = {'as_of': '2026-01-01',
 'people': [{'person': 'kl-af-foretag',
             'name': 'Maria Lindqvist',
             'organisation': 'af-lund',
             'cross_contacts': 4,
             'formal_contacts': 2,
             'personal_only_contacts': 2,
             'contacts': [{'person': 'p129',
                           'name': 'Fredrik Berglund',
                           'organisation': 'kavlinge',
                           'via_seats': ['kl-arbetsmarknadsrad'],
                           'via_seat_names': ['Arbetsmarknadsråd Kävlinge'],
                           'personal': False},
                          {'person': 'p138',
                           'name': 'Samir Fredriksson',
                           'organisation': 'kavlinge',
                           'via_seats': ['kl-arbetsmarknadsrad'],
                           'via_seat_names': ['Arbetsmarknadsråd Kävlinge'],
                           'personal': True}],
             'personal_only_organisations': ['lomma'],
             'pairs': [{'organisations': ['af', 'kavlinge'],
                        'names': ['Arbetsförmedlingen', 'Kävlinge kommun'],
                        'before': 8,
                        'without': 7,
                        'seats_only': 7,
                        'ties_only': 8}],
             'explanation': 'Om en efterträdare tar över platserna i Arbetsmarknadsråd '
                            'Kävlinge återställs 2 av 4 kontakter över '
                            'organisationsgränsen; Arbetsförmedlingen – Kävlinge kommun: 8 '
                            '→ 7 om Maria slutar, 7 med en efterträdare på platserna; '
                            'Arbetsförmedlingen – Lomma kommun: 2 → 1 om Maria slutar, 1 '
                            'med en efterträdare på platserna; kontakten med Lomma kommun '
                            'hänger på Marias egna relationer.'}],
 'seat_risks': [{'kind': 'mandate',
                 'group': 'ab-analys',
                 'name': 'Analysgruppen',
                 'represents': 'af',
                 'holder': 'p162',
                 'holder_name': 'Emma Forsberg',
                 'explanation': 'Mandatet för Arbetsförmedlingen i Analysgruppen har en '
                                'innehavare (Emma Forsberg) och ingen ersättare.'}]}
SUCCESSION_EXAMPLE: dict[str, Any] = {'person': 'kl-af-foretag',
 'name': 'Maria Lindqvist',
 'as_of': '2026-01-01',
 'profile': None,
 'affected_pairs': [{'organisations': ['af', 'kavlinge'],
                     'names': ['Arbetsförmedlingen', 'Kävlinge kommun'],
                     'before': 8,
                     'without': 7}],
 'candidates': [{'person': 'p107',
                 'name': 'Sofia Mohammed',
                 'score': 0.4256,
                 'network': 0.4256,
                 'connectivity_restored': 0.0,
                 'kappa_with_candidate': [{'organisations': ['af', 'kavlinge'],
                                           'before': 8,
                                           'without': 7,
                                           'with_candidate': 7}],
                 'brokerage_restored': 0.7727,
                 'structural_similarity': 0.504,
                 'shared_contacts': ['p108'],
                 'competence': None,
                 'explanation': 'Med Marias uppdrag återställer Sofia 0 av 5 förlorade '
                                'oberoende vägar mellan parterna; 77 % av Marias '
                                'mäklarroller mellan organisationer; strukturellt: delar 1 '
                                'av 10 kontakter; kontakter i Arbetsförmedlingen; samma '
                                'enhet; kompetens ej bedömd (ingen rollprofil vald).'}],
 'handover_plan': {'steps': [{'step': 1,
                              'people': ['p115', 'p152'],
                              'names': ['Jenny Pettersson', 'Helena Jansson'],
                              'kappa_after': [{'organisations': ['af', 'kavlinge'],
                                               'kappa': 8}],
                              'explanation': '1. Maria introducerar Jenny Pettersson för '
                                             'Helena Jansson (Lomma kommun); därefter, när '
                                             'Maria har slutat: Arbetsförmedlingen – '
                                             'Kävlinge kommun 8; Arbetsförmedlingen – '
                                             'Lomma kommun 2; Försäkringskassan – Lomma '
                                             'kommun 2.'}],
                   'kappa_before': 16,
                   'kappa_after_leaving': 11,
                   'kappa_with_plan': 16,
                   'explanation': 'När Maria slutar sjunker summan av κ för de berörda '
                                  'paren från 16 till 11; med 1 introduktion före avgången '
                                  'blir den 16.'}}


def _example(value: Any) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {"application/json": {"example": value}}}}


# Förändringar opens on the latest changes: the month up to the store's day.
DEFAULT_CHANGES_DAYS = 30


def router() -> APIRouter:
    r = APIRouter(tags=["turnover"])

    @r.get("/api/v1/analyses/changes", responses=_example(CHANGES_EXAMPLE))
    async def changes(request: Request, store: Store, history: EditHistoryDep,
                      first: Annotated[IsoDate | None, Query(
                          alias="from", examples=["2016-01-01"], description=(
                              f"The first day (default {DEFAULT_CHANGES_DAYS} days before "
                              "the second)."))] = None,
                      last: Annotated[IsoDate | None, Query(
                          alias="to", examples=["2017-06-01"],
                          description="The second day (default today).")] = None,
                      spanners_top: Annotated[int, Query(ge=1, le=100)] = DEFAULT_SPANNERS_TOP,
                      scope: ScopeQuery = None) -> dict[str, Any]:
        """What changed between two days, each change explained with its people and dates;
        without days, in the last 30 days up to today."""
        last = last or protocol.today()
        first = first or last - timedelta(days=DEFAULT_CHANGES_DAYS)
        if last < first:
            raise DocumentError([Problem("to", f"slutdagen {last} är före startdagen {first}")])

        report = await within_budget(request, lambda: turnover.changes(
            store, first, last, spanners_top=spanners_top, history=history, scope=scope))
        audit(request, "analyze_changes", f"{first}..{last}", "analys")
        return report

    @r.get("/api/v1/analyses/bridging", responses=_example(BRIDGING_EXAMPLE))
    async def bridging(request: Request, store: Store, as_of: AsOf = None,
                       max_kappa: Annotated[int, Query(ge=1, le=5)] = 1,
                       per_pair: Annotated[int, Query(ge=1, le=10)] = DEFAULT_PER_PAIR,
                       limit: Annotated[int, Query(ge=1, le=200)] = DEFAULT_LIMIT,
                       scope: ScopeQuery = None) -> list[dict[str, Any]]:
        """Introductions that raise the connectivity of party pairs held by few people."""
        rows = await within_budget(request, lambda: turnover.bridging(
            store, as_of, max_kappa=max_kappa, per_pair=per_pair, limit=limit, scope=scope))
        audit(request, "analyze_bridging", None, "analys")
        return rows

    @r.get("/api/v1/analyses/seats", responses=_example(SEATS_EXAMPLE))
    async def seats(request: Request, store: Store, as_of: AsOf = None,
                    person: Annotated[list[str] | None, Query(
                        examples=[["kl-af-foretag"]],
                        description="Person ids; default: everyone on a minimum cut of a "
                                    "party pair with κ <= max_kappa.")] = None,
                    max_kappa: Annotated[int, Query(ge=1, le=5)] = DEFAULT_MAX_KAPPA,
                    scope: ScopeQuery = None) -> dict[str, Any]:
        """Seats versus people: how much of each key person's bridging a successor in the
        same seats restores, and the seats that are a risk whoever holds them."""
        report = await within_budget(request, lambda: turnover.seats(
            store, as_of, persons=person, max_kappa=max_kappa, scope=scope))
        audit(request, "analyze_seats", ",".join(person or []) or None, "analys")
        return report

    @r.get("/api/v1/analyses/succession/{person_id}", responses=_example(SUCCESSION_EXAMPLE))
    async def succession(request: Request, person_id: str, store: Store,
                         as_of: AsOf = None,
                         profile: Annotated[str | None, Query(
                             examples=["processledare"],
                             description="Role profile for the competence part; without "
                                         "it the ranking is by network position alone.")] = None,
                         top: Annotated[int, Query(ge=1, le=20)] = DEFAULT_TOP,
                         max_kappa: Annotated[int, Query(ge=1, le=10)] = SUCCESSION_MAX_KAPPA,
                         scope: ScopeQuery = None) -> dict[str, Any]:
        """Successors by network position and competence fit, and an överlämningsplan:
        the introductions the leaver should make, with κ after each."""
        chosen = get_profile(profile) if profile else None

        report = await within_budget(request, lambda: turnover.succession(
            store, person_id, as_of, top=top, profile=chosen,
            encoder=shared_encoder(request) if chosen is not None else None,
            max_kappa=max_kappa, scope=scope))
        audit(request, "analyze_succession", person_id, "analys")
        return report

    return r


__all__ = ["router"]

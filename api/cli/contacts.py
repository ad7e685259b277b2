"""Staff's contact commands: paths, find and the Samverkansguide."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from api.cli.options import Context, as_of_option, json_option, pass_ctx, scope_option
from api.cli.render import emit, find_text, paths_text
from api.usecases import contacts
from graph.reports.guide import to_html, to_markdown


@click.command("paths")
@click.argument("source", metavar="FRÅN")
@click.argument("target", metavar="TILL")
@click.option("--k", type=click.IntRange(min=1, max=20), default=3, show_default=True)
@click.option("--unavailable", default="",
              help="Personer (id, kommaseparerade) som vägarna ska gå förbi.")
@as_of_option
@scope_option
@json_option
@pass_ctx
def paths_cmd(
    ctx: Context,
    source: str,
    target: str,
    k: int,
    unavailable: str,
    as_of: date | None,
    scope: tuple[str, ...],
    as_json: bool,
) -> None:
    """De k bästa kontaktvägarna från en person till en person, role:, org: eller group:;
    med --scope bara genom personerna i de organisationerna."""
    G, goal = contacts.prepare_paths(ctx.store, target, as_of, scope=scope, source=source)
    rows = contacts.paths(G, source, goal, k=k,
                          unavailable=[p for p in unavailable.split(",") if p],
                          store=ctx.store)
    if not rows:
        click.echo(f"Ingen kontaktväg från {source} till {target} i grafen.", err=True)
    elif len(rows) < k:
        click.echo(f"Det finns bara {len(rows)} väg(ar), inte {k}.", err=True)
    emit(rows, as_json, paths_text(rows))


@click.command("find")
@click.argument("topic")
@click.option("--from", "source", help="Visa också den bästa vägen från den här personen.")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True)
@as_of_option
@scope_option
@json_option
@pass_ctx
def find_cmd(
    ctx: Context, topic: str, source: str | None, top: int, as_of: date | None,
    scope: tuple[str, ...], as_json: bool
) -> None:
    """De personer som bäst kan svara på ÄMNE, och vägen till den bästa av dem."""
    rows = contacts.find(ctx.store, topic, top=top, as_of=as_of, source=source, scope=scope)
    emit(rows, as_json, find_text(rows, topic, source))


@click.command("guide")
@click.option("--organisation", required=True)
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@as_of_option
@pass_ctx
def guide_cmd(
    ctx: Context, organisation: str, fmt: str, output: Path | None, as_of: date | None
) -> None:
    """En organisations Samverkansguide, som Markdown eller utskrivbar HTML."""
    data = contacts.guide_of(ctx.store, organisation, as_of=as_of)
    text = to_markdown(data, date.today()) if fmt == "md" else to_html(data, date.today())
    if output is None:
        click.echo(text)
    else:
        output.write_text(text, encoding="utf-8")


COMMANDS = [paths_cmd, find_cmd, guide_cmd]

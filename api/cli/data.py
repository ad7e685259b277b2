"""Commands that move the graph in and out: import, export, template, staff lists,
generate, migrate, and the row counts of stats."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from api.cli.options import Context, json_option, parse_day, pass_ctx
from api.cli.render import bar, emit, import_text, staff_text, stats_text
from api.usecases import graph_data
from graph.core.progress import Progress
from graph.model.document import dump, format_for, to_data
from graph.model.generator import generate
from graph.model.knowledge_graph import write_gephi
from graph.model.schema import SECTIONS
from graph.model.spreadsheet import (
    write_csv,
    write_workbook,
)
from graph.model.staff_list import apply as staff_apply
from graph.model.staff_list import plan as staff_plan
from graph.model.staff_list import read_staff_export
from graph.reports.stats import graph_stats
from graph.store.open import open_spec
from graph.store.staff_links import StaffLinks


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Töm databasen först (standard: slå ihop efter id).")
@click.option("--section", type=click.Choice(list(SECTIONS)),
              help="Avsnittet som .csv-filen innehåller (krävs för .csv).")
@json_option
@pass_ctx
def import_cmd(ctx: Context, file: Path, replace: bool, section: str | None,
               as_json: bool) -> None:
    """Läs in ett utbytesdokument (JSON, YAML, .xlsx eller ett avsnitts .csv); allt eller inget.

    En förloppsindikator i en terminal; Ctrl-C avbryter innan något skrivs.
    """
    suffix = file.suffix.lower()
    if suffix == ".csv" and section is None:
        raise click.UsageError("en .csv-fil rymmer ett avsnitt: ange --section")
    progress = Progress(bar(as_json))
    result = graph_data.import_file(ctx.store, file, section=section, replace=replace,
                                    max_bytes=ctx.settings.max_import_bytes,
                                    progress=progress)
    emit(graph_data.summary(result), as_json,
         import_text(result.rows, result.total, result.revision))


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Skriv hit i stället för till standard ut.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "yaml", "graphml", "gexf", "xlsx", "csv"]),
    help="Standard: efter filnamnet, annars json.",
)
@click.option("--section", type=click.Choice(list(SECTIONS)),
              help="Avsnittet som ska skrivas som CSV (krävs för csv).")
@pass_ctx
def export(ctx: Context, output: Path | None, fmt: str | None, section: str | None) -> None:
    """Skriv hela nätverket som utbytesdokument eller arbetsbok, eller som GraphML/GEXF."""
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = (
            suffix if suffix in ("graphml", "gexf", "xlsx", "csv")
            else (format_for(output) if output else "json")
        )
    if fmt in ("graphml", "gexf", "xlsx"):
        if output is None:
            raise click.UsageError(f"--format {fmt} behöver --output FIL")
        if fmt == "xlsx":
            write_workbook(graph_data.export_data(ctx.store), output)
        else:
            write_gephi(ctx.store.read(), output, fmt)  # type: ignore[arg-type]
        return
    data = graph_data.export_data(ctx.store)
    if fmt == "csv":
        if section is None:
            raise click.UsageError("csv rymmer ett avsnitt: ange --section")
        if output is None:
            write_csv(data.get(section, []), section, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                write_csv(data.get(section, []), section, out)
        return
    if output is None:
        dump(data, sys.stdout, fmt)  # type: ignore[arg-type]
    else:
        with output.open("w", encoding="utf-8") as out:
            dump(data, out, fmt)  # type: ignore[arg-type]


@click.command("template")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help=".xlsx-filen som ska skrivas.")
def template_cmd(output: Path) -> None:
    """Skriv en tom arbetsbok: rubriker, ett blad med instruktioner och rullgardinslistor."""
    write_workbook({}, output)


@click.group("staff")
def staff() -> None:
    """Håll en parts personer aktuella utifrån personalsystemets export."""


@staff.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", required=True, help="Parten vars personallista det är.")
@click.option("--day", callback=parse_day, help="Listans dag (standard: i dag).")
@click.option("--apply", "apply_it", is_flag=True,
              help="Skriv ändringarna (standard: visa dem bara).")
@click.option("--confirm-ends", is_flag=True,
              help="Krävs med --apply när listan avslutar mer än hälften av partens "
                   "nuvarande personal.")
@json_option
@pass_ctx
def staff_import_cmd(ctx: Context, file: Path, organisation: str, day: date | None,
                     apply_it: bool, confirm_ends: bool, as_json: bool) -> None:
    """Visa (eller med --apply skriv) vad en personalexport ändrar; ingen raderas."""
    links = StaffLinks(ctx.db or ctx.settings.db)
    rows = read_staff_export(file.read_bytes(), file.name)
    progress = Progress(bar(as_json))  # Ctrl-C before the write writes nothing
    the_plan = staff_plan(ctx.store, links, organisation, rows, day or date.today(), progress)
    if apply_it:
        staff_apply(ctx.store, links, the_plan, ctx.history(), progress=progress,
                    confirm_ends=confirm_ends)
    emit({**the_plan.as_dict(), "applied": apply_it}, as_json, staff_text(the_plan, apply_it))


@click.command("generate")
@click.option("--people", type=click.IntRange(min=1), required=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--national", is_flag=True,
              help="Ett sammanhängande nationellt nätverk i stället för separata förbund.")
@click.option("--cross-ties", type=click.FloatRange(0, 1),
              help="Andel av AF:s, FK:s och regionens personal med en kollega i ett annat "
                   "förbund (innebär --national; standard 0,05).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@json_option
def generate_cmd(people: int, seed: int, national: bool, cross_ties: float | None,
                 output: Path | None, as_json: bool) -> None:
    """Skriv ett påhittat dokument med flera förbund (samma för samma frö)."""
    data = generate(people, seed, national=national, cross_ties=cross_ties)
    if output is None:
        dump(data, sys.stdout, "json")
        return
    with output.open("w", encoding="utf-8") as out:
        dump(data, out, format_for(output))
    counts = {k: len(v) for k, v in data.items()}
    emit(
        {"output": str(output), "rows": counts},
        as_json,
        f"Wrote {output}: " + ", ".join(f"{n} {k}" for k, n in counts.items()),
    )


@click.command()
@click.option("--as-of", callback=parse_day, help="Dagen som nätverket beskriver (ÅÅÅÅ-MM-DD).")
@json_option
@pass_ctx
def stats(ctx: Context, as_of: date | None, as_json: bool) -> None:
    """Antal rader och samverkansnätverkets form."""
    store = ctx.store
    result = graph_stats(store.read(), store.collaboration_graph(as_of))
    emit(result, as_json, stats_text(result))


@click.command("migrate")
@click.option("--from", "source", required=True, help="sqlite:SÖKVÄG eller neo4j:URI")
@click.option("--to", "target", required=True, help="sqlite:SÖKVÄG eller neo4j:URI")
@json_option
@pass_ctx
def migrate_cmd(ctx: Context, source: str, target: str, as_json: bool) -> None:
    """Flytta ett helt nätverk mellan databaser; målet ersätts i en transaktion."""
    doc = open_spec(source, ctx.settings).read()
    result = open_spec(target, ctx.settings).write(to_data(doc), replace=True)
    emit(
        {"from": source, "to": target, "rows": result.rows, "total": result.total},
        as_json,
        f"Moved {result.total} rows from {source} to {target}.",
    )


COMMANDS = [import_cmd, export, template_cmd, staff, generate_cmd, stats, migrate_cmd]

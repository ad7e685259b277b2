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
@click.option("--replace", is_flag=True, help="Empty the store first (default: merge by id).")
@click.option("--section", type=click.Choice(list(SECTIONS)),
              help="The section a .csv file holds (required for .csv).")
@json_option
@pass_ctx
def import_cmd(ctx: Context, file: Path, replace: bool, section: str | None,
               as_json: bool) -> None:
    """Load an interchange document (JSON, YAML, .xlsx or one section's .csv); all or nothing.

    A progress bar on a terminal; Ctrl-C stops before anything is written.
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
    help="Write here instead of standard output.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "yaml", "graphml", "gexf", "xlsx", "csv"]),
    help="Default: from the file name, else json.",
)
@click.option("--section", type=click.Choice(list(SECTIONS)),
              help="The section to write as CSV (required for csv).")
@pass_ctx
def export(ctx: Context, output: Path | None, fmt: str | None, section: str | None) -> None:
    """Write the whole graph as an interchange document or workbook, or as GraphML/GEXF."""
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
              required=True, help="The .xlsx file to write.")
def template_cmd(output: Path) -> None:
    """Write an empty workbook: headers, a Swedish guide sheet and drop-down lists."""
    write_workbook({}, output)


@click.group("staff")
def staff() -> None:
    """Keep a party's people current from its HR system's staff export."""


@staff.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", required=True, help="The party whose staff list this is.")
@click.option("--day", callback=parse_day, help="The day of the list (default: today).")
@click.option("--apply", "apply_it", is_flag=True,
              help="Write the changes (default: only show them).")
@click.option("--confirm-ends", is_flag=True,
              help="Needed with --apply when the list ends more than half the party's "
                   "current staff.")
@json_option
@pass_ctx
def staff_import_cmd(ctx: Context, file: Path, organisation: str, day: date | None,
                     apply_it: bool, confirm_ends: bool, as_json: bool) -> None:
    """Preview (or with --apply, write) what a staff export changes; no one is deleted."""
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
              help="One connected national network instead of separate förbund.")
@click.option("--cross-ties", type=click.FloatRange(0, 1),
              help="Share of AF, FK and regional staff with a colleague in another "
                   "förbund (implies --national; default 0.05).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@json_option
def generate_cmd(people: int, seed: int, national: bool, cross_ties: float | None,
                 output: Path | None, as_json: bool) -> None:
    """Write a synthetic document of several förbund (deterministic for a seed)."""
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
@click.option("--as-of", callback=parse_day, help="Date the graph describes (YYYY-MM-DD).")
@json_option
@pass_ctx
def stats(ctx: Context, as_of: date | None, as_json: bool) -> None:
    """Counts of rows and the shape of the collaboration graph."""
    store = ctx.store
    result = graph_stats(store.read(), store.collaboration_graph(as_of))
    emit(result, as_json, stats_text(result))


@click.command("migrate")
@click.option("--from", "source", required=True, help="sqlite:PATH or neo4j:URI")
@click.option("--to", "target", required=True, help="sqlite:PATH or neo4j:URI")
@json_option
@pass_ctx
def migrate_cmd(ctx: Context, source: str, target: str, as_json: bool) -> None:
    """Move a whole graph between stores; the target is replaced in one transaction."""
    doc = open_spec(source, ctx.settings).read()
    result = open_spec(target, ctx.settings).write(to_data(doc), replace=True)
    emit(
        {"from": source, "to": target, "rows": result.rows, "total": result.total},
        as_json,
        f"Moved {result.total} rows from {source} to {target}.",
    )


COMMANDS = [import_cmd, export, template_cmd, staff, generate_cmd, stats, migrate_cmd]

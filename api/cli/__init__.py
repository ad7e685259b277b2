"""The ``samverkan`` command line: the use cases the HTTP API calls, worded for a terminal.

One module per command group (:mod:`api.cli.data`, :mod:`api.cli.analyses`,
:mod:`api.cli.contacts`, :mod:`api.cli.matching`, :mod:`api.cli.service`), their shared
options in :mod:`api.cli.options`, and everything printed in :mod:`api.cli.render`.

Every command that prints results takes ``--json``. Domain errors are mapped to exit codes
in one place (:func:`main`): 2 for bad input, 3 for an unavailable store, 4 for not found.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from api.cli import analyses, contacts, data, matching, service
from api.cli.click_swedish import help_in_swedish, usage_in_swedish
from api.cli.options import Context
from api.cli.render import failure_json
from graph.core.access import DuplicateUserError
from graph.core.errors import DocumentError, NotFoundError, SamverkanError, UnavailableError
from graph.core.progress import CancelledError
from graph.model.swedish_problems import error_in_swedish

__all__ = ["EXIT_CODES", "cli", "main"]

EXIT_CODES: dict[type[SamverkanError], int] = {
    DocumentError: 2,
    DuplicateUserError: 2,
    UnavailableError: 3,
    NotFoundError: 4,
    CancelledError: 130,
}


@click.group()
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="SAMVERKAN_DB",
    help="SQLite-databasens fil (standard: användarens datakatalog).",
)
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """Samverkan: samverkansnätverket i ett samordningsförbund."""
    ctx.obj = Context(db)


for command in [*data.COMMANDS, analyses.analyze, *contacts.COMMANDS, *matching.COMMANDS,
                *service.COMMANDS]:
    cli.add_command(command)
help_in_swedish(cli)


def fail(exc: SamverkanError, as_json: bool) -> NoReturn:
    code = next((c for cls, c in EXIT_CODES.items() if isinstance(exc, cls)), 1)
    if as_json:
        click.echo(failure_json(exc), err=True)
    else:
        # A document's problems in the same Swedish as the HTTP answer says them.
        click.echo(f"fel: {error_in_swedish(exc)[0]}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    try:
        cli.main(args=args, prog_name="samverkan", standalone_mode=False)
    except SamverkanError as exc:
        fail(exc, "--json" in args)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.UsageError as exc:
        # click's "Usage: ... Error: Missing option" in the "fel: ..." of every error.
        hint = f"\nSe '{exc.ctx.command_path} --help'." if exc.ctx is not None else ""
        click.echo(f"fel: {usage_in_swedish(exc.format_message())}{hint}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"fel: {usage_in_swedish(exc.format_message())}", err=True)
        sys.exit(exc.exit_code)

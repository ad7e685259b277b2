"""What every command group shares: the context (settings, the store opened on first use)
and the options and parsers of days, levels and JSON output."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.core.access import AccessLog
from graph.core.errors import EncoderUnavailableError, NotFoundError
from graph.core.settings import Settings
from graph.store.change_history import ChangeHistory
from graph.store.open import open_store
from graph.store.protocol import GraphStore


class Context:
    def __init__(self, db: Path | None) -> None:
        self.settings = Settings()
        self.db = db
        self._store: GraphStore | None = None
        self._history: ChangeHistory | None = None

    @property
    def store(self) -> GraphStore:
        if self._store is None:
            self._store = open_store(self.settings, self.db)
            # The change history is in the service's file (as the web editor keeps it),
            # so an as-of view on the command line rewinds the same changes.
            self._store.follow_history(self.history())
        return self._store

    def history(self) -> ChangeHistory:
        if self._history is None:
            self._history = ChangeHistory(self.db or self.settings.db)
        return self._history

    def access(self) -> AccessLog:
        return AccessLog(self.db or self.settings.db, token_days=self.settings.token_days)


pass_ctx = click.make_pass_decorator(Context)


def parse_day(_: Any, __: Any, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"skriv ett datum som ÅÅÅÅ-MM-DD, inte {value!r}") from None


def required_day(ctx: Any, param: Any, value: str) -> date:
    day = parse_day(ctx, param, value)
    assert day is not None  # click makes the option required
    return day


def parse_level(_: Any, __: Any, value: str) -> int | None:
    if value == "party":
        return 0
    if value == "unit":
        return None
    try:
        level = int(value)
    except ValueError:
        raise click.BadParameter(f"skriv party, unit eller ett tal, inte {value!r}") from None
    if level < 0:
        raise click.BadParameter("nivån måste vara 0 eller mer")
    return level


json_option = click.option("--json", "as_json", is_flag=True, help="Skriv ut JSON.")
scope_option = click.option(
    "--scope", multiple=True, metavar="ORGANISATIONER",
    help="Begränsa analysen till de här organisationerna (id, kommaseparerade eller "
    "upprepade): ett förbund med enheterna som har platser i dess forum, eller organisationer "
    "med sina enheter.")
level_option = click.option(
    "--level",
    default="party",
    show_default=True,
    callback=parse_level,
    help="Vad som räknas som en organisation: party (parten, översta nivån), unit (personens "
    "egen enhet) eller ett djup i organisationsträdet (0 = parten).",
)
as_of_option = click.option(
    "--as-of", callback=parse_day,
    help="Dagen som nätverket beskriver (ÅÅÅÅ-MM-DD); standard i dag.")

FC = TypeVar("FC", bound=Callable[..., Any])
T = TypeVar("T")


def for_option(option: str, call: Callable[[], T]) -> T:
    """``call()``, where an unknown value (a profile, an organisation) or an encoder that
    cannot be loaded is said with the option that gave it ("--profile: okänd profil 'x'"),
    as click names an option whose value it refuses; the exit code stays the error's."""
    try:
        return call()
    except (NotFoundError, EncoderUnavailableError) as exc:
        # The option takes the place of the request field the domain names (``field``).
        raise type(exc)(f"{option}: {exc.reason}") from exc


def max_kappa_option(default: int) -> Callable[[FC], FC]:
    return click.option("--max-kappa", type=click.IntRange(min=1), default=default,
                        show_default=True, help="Bedöm partpar med κ upp till detta.")

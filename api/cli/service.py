"""Running the HTTP service and managing its users."""

from __future__ import annotations

import click

from api.cli.options import Context, json_option, pass_ctx
from api.cli.render import emit, user_key_text, user_revoked_text, users_text
from api.sessions import SessionStore
from graph.core.access import AccessLog, Role
from graph.core.errors import NotFoundError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--no-seed", is_flag=True, help="Läs inte in exempeldata i en tom databas.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Arbetsprocesser (frågorna belastar processorn; en per kärna).",
)
@pass_ctx
def serve(ctx: Context, host: str, port: int, no_seed: bool, workers: int) -> None:
    """Starta HTTP-tjänsten; en tom databas fylls först med exempeldata."""
    import uvicorn

    from api.app import create_app
    from api.seed_data import seed_document
    from api.server import uvicorn_options
    from graph.core import gc_pause

    store = ctx.store
    if not no_seed and sum(store.counts().values()) == 0:
        result = store.write(seed_document())
        click.echo(f"Tom databas: exempeldata inlästa ({result.total} rader).", err=True)
    click.echo(f"Tjänsten visar {getattr(store, 'path', '')} på http://{host}:{port}", err=True)
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
            # The supervisor's ping is answered by a thread that needs the GIL, so a worker
            # deep in a long analysis can answer late; with the default 5 s uvicorn would
            # kill and restart it, dropping the connections it holds.
            timeout_worker_healthcheck=60,
            **uvicorn_options(),
        )
        return
    gc_pause.serving()  # its worker processes say so in api.main.app_factory
    uvicorn.run(
        create_app(store, AccessLog(db, token_days=ctx.settings.token_days), ctx.settings,
                   warm=True),
        host=host,
        port=port,
        **uvicorn_options(),
    )


@click.group()
def user() -> None:
    """HTTP-tjänstens användare."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--person", help="Användarens person i nätverket (ett id), så att gränssnittet "
              "vet vem hen är.")
@json_option
@pass_ctx
def user_add(ctx: Context, name: str, role: str, person: str | None, as_json: bool) -> None:
    """Skapa en användare och skriv ut hens nyckel (visas bara den här gången).

    Utan inställd OpenID Connect är samma nyckel provkörningsnyckeln som personen loggar in
    i webbgränssnittet med."""
    if person is not None and person not in ctx.store.collaboration_graph():
        raise NotFoundError(f"--person: ingen nuvarande person {person!r}")
    access = ctx.access()
    token = access.add_user(name, Role(role), person)
    expires = next(u["expires"] for u in access.users() if u["name"] == name)
    emit(
        {"name": name, "role": role, "person": person, "token": token, "expires": expires},
        as_json,
        user_key_text(name, role, expires, token),
    )


@user.command("list")
@json_option
@pass_ctx
def user_list(ctx: Context, as_json: bool) -> None:
    """Användare, deras roller, när nyckeln går ut eller spärrades, och när den senast användes."""
    rows = ctx.access().users()
    emit(rows, as_json, users_text(rows))


@user.command("revoke")
@click.argument("name")
@json_option
@pass_ctx
def user_revoke(ctx: Context, name: str, as_json: bool) -> None:
    """Spärra en användares nyckel direkt (rotate ger en ny) och avsluta hens inloggningar."""
    access = ctx.access()
    access.revoke(name)
    # A browser session began with the key; it must not outlive it.
    ended = SessionStore(access.path).end_all(name)
    emit({"name": name, "revoked": True, "sessions_ended": ended}, as_json,
         user_revoked_text(name, ended))


@user.command("rotate")
@click.argument("name")
@json_option
@pass_ctx
def user_rotate(ctx: Context, name: str, as_json: bool) -> None:
    """Ge en användare en ny nyckel (visas bara nu); den gamla slutar gälla."""
    access = ctx.access()
    token = access.rotate(name)
    SessionStore(access.path).end_all(name)
    expires = next(u["expires"] for u in access.users() if u["name"] == name)
    emit({"name": name, "token": token, "expires": expires}, as_json,
         user_key_text(name, None, expires, token))


COMMANDS = [serve, user]

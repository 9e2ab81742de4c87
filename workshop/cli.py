"""The `workshop` command: a Flask CLI group; each domain adds its own commands."""

import gc
import os

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from workshop import create_app
from workshop.connections import idle_timeout_handler, raise_open_file_limit
from workshop.extensions import db, socketio
from workshop.lan import NoReachableAddress, origin, set_public_url


def _database_is_current() -> bool:
    """Whether the database has had every migration applied."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = current_app.extensions["migrate"].migrate.get_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with db.engine.connect() as connection:
        applied = set(MigrationContext.configure(connection).get_current_heads())
    return applied == heads


@click.command("run")
@click.option("--host", default=None, help="Address to listen on  [default: 127.0.0.1]")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--lan",
    is_flag=True,
    help="Listen on the local network so that phones can join: join links and QR codes use "
    "this machine's network address (or WORKSHOP_PUBLIC_URL).",
)
@click.option("--debug/--no-debug", default=False)
@with_appcontext
def run_command(host: str | None, port: int, debug: bool, lan: bool) -> None:
    """Serve the app with Socket.IO; load the built-in strategy on first run."""
    host = host or ("0.0.0.0" if lan else "127.0.0.1")
    phones_url = _public_url(host, port, lan)
    from workshop.auth.services import count_users
    from workshop.strategy.services import ensure_strategy_loaded

    if not _database_is_current():
        raise click.ClickException("The database is not up to date: run `workshop db upgrade`.")
    loaded = ensure_strategy_loaded()
    db.session.commit()
    if loaded is not None:
        click.echo(f"Loaded the built-in strategy: {loaded.strategy.name}.")
    if count_users() == 0:
        click.echo(
            "No account yet. Create the first one (an admin, who can add the others) with:\n"
            "    .venv/bin/workshop user create --email you@example.org --name 'Your Name' "
            "--role admin"
        )
    db.session.remove()
    open_files = raise_open_file_limit()
    bound = current_app.extensions["connections"].max_connections
    click.echo(f"Open-file limit {open_files}: room for {bound} live connections.")
    if phones_url:
        click.echo(f"Phones join at {phones_url}/join (the code is on the console and projector).")
    click.echo(f"Strategiapaja: {origin(_local_host(host), port)}/")
    # Flask refuses app.run() under its CLI unless this marker is gone; this command *is* the
    # server, so it is removed on purpose.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    from workshop import offload

    offload.start(current_app)  # the worker processes for exports and password checks
    tune_garbage_collector()
    server_options = {}
    if socketio.server.eio.async_mode == "gevent":
        server_options["handler_class"] = idle_timeout_handler()
    socketio.run(
        current_app._get_current_object(),
        host=host,
        port=port,
        debug=debug,
        use_reloader=False,
        allow_unsafe_werkzeug=True,
        **server_options,
    )


def _public_url(host: str, port: int, lan: bool) -> str | None:
    """The join links' address (workshop/lan.py), a missing network address said as a CLI error."""
    try:
        return set_public_url(host, port, lan)
    except NoReachableAddress as error:
        raise click.ClickException(str(error)) from None


def _local_host(host: str) -> str:
    """The address to open on this machine itself: a wildcard is reached on loopback."""
    return {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)


def tune_garbage_collector() -> None:
    """Keep the collector from pausing the server for long.

    With hundreds of connections open, a full collection walks millions of objects and stops
    every greenlet for a third of a second (measured in bench/live.py). Objects made while
    starting are frozen out of collection, and young collections run less often.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def main() -> None:
    """Entry point of the `workshop` console script."""
    os.environ.setdefault("FLASK_APP", "workshop")
    cli = FlaskGroup(create_app=create_app, help="Strategiapaja: the strategy review workshop.")
    cli.add_command(run_command)
    cli.main(prog_name="workshop")

"""The `workshop` command: a Flask CLI group; each domain adds its own commands."""

import gc
import os

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from workshop import create_app
from workshop.connections import idle_timeout_handler, raise_open_file_limit
from workshop.extensions import db, socketio


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
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug/--no-debug", default=False)
@with_appcontext
def run_command(host: str, port: int, debug: bool) -> None:
    """Serve the app with Socket.IO; load the built-in strategy on first run."""
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
    click.echo(f"Strategiapaja: http://{host}:{port}/")
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

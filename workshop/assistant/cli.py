"""`workshop assistant ...`: try the assistant from the command line."""

import json

import click
from flask.cli import AppGroup

from workshop.assistant import services
from workshop.extensions import db
from workshop.language import morphology

assistant_cli = AppGroup("assistant", help="The review assistant.")


@assistant_cli.command("ask")
@click.argument("text")
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the whole answer as JSON.")
def ask_command(text: str, lang: str, as_json: bool) -> None:
    """What the assistant would answer TEXT outside a session. On a fresh database it loads
    the built-in strategy first, as `workshop run` does."""
    from workshop.cli import _database_is_current
    from workshop.strategy.services import ensure_strategy_loaded

    try:
        morphology.check()
    except morphology.MorphologyUnavailable as error:
        raise click.ClickException(str(error)) from error
    if not _database_is_current():
        raise click.ClickException("The database is not up to date: run `workshop db upgrade`.")
    loaded = ensure_strategy_loaded()
    db.session.commit()
    if loaded is not None:
        click.echo(f"Loaded the built-in strategy: {loaded.strategy.name}.", err=True)
    answer = services.ask(text, lang)
    if as_json:
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    click.echo(f"[{answer['intent']}]")
    click.echo(answer["reply"])

"""`workshop assistant ...`: try the assistant from the command line."""

import json

import click
from flask.cli import AppGroup

from workshop.assistant import services

assistant_cli = AppGroup("assistant", help="The review assistant.")


@assistant_cli.command("ask")
@click.argument("text")
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the whole answer as JSON.")
def ask_command(text: str, lang: str, as_json: bool) -> None:
    """What the assistant would answer TEXT outside a session."""
    answer = services.ask(text, lang)
    if as_json:
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    click.echo(f"[{answer['intent']}]")
    click.echo(answer["reply"])

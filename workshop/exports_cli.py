"""`workshop export ...`: the group that each domain's export commands attach to."""

from flask.cli import AppGroup

export_cli = AppGroup("export", help="Export a round's results and documents.")

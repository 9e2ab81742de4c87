"""The `workshop` console script. `workshop run` serves many long-lived Socket.IO connections
with gevent, which must patch the standard library before anything else is imported."""

import sys


def main() -> None:
    if sys.argv[1:2] == ["run"]:
        from gevent import monkey

        monkey.patch_all()
    from workshop.cli import main as cli_main

    cli_main()

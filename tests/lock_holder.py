"""Another process that holds a database's write lock: ``python tests/lock_holder.py URL SECONDS``.

Prints ``locked`` once it holds the lock, keeps it for SECONDS, then lets go. SQLite: ``BEGIN
EXCLUSIVE`` on the file; PostgreSQL: the ``answer`` and ``participant`` tables locked in ACCESS
EXCLUSIVE mode.
"""

import subprocess
import sys
import time
from contextlib import contextmanager


def hold(url: str, seconds: float) -> None:
    if url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(url.split(":///", 1)[1], isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
    else:
        import psycopg

        connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
        connection.execute("LOCK TABLE answer, participant IN ACCESS EXCLUSIVE MODE")
    print("locked", flush=True)
    time.sleep(seconds)
    connection.rollback() if not url.startswith("sqlite") else connection.execute("COMMIT")
    connection.close()


@contextmanager
def locked(url: str, seconds: float):
    """The database locked by another process for ``seconds`` from when this returns."""
    process = subprocess.Popen(
        [sys.executable, __file__, url, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == "locked"
        yield process
    finally:
        process.wait(timeout=seconds + 30)


if __name__ == "__main__":
    hold(sys.argv[1], float(sys.argv[2]))

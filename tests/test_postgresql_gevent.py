"""psycopg 3 waits for PostgreSQL cooperatively under gevent: a slow or locked query does not
stop the other greenlets of `workshop run`."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.heartbeat import RESPONSIVE

# Its own process: gevent's patching must come first, as `workshop run` does (workshop.entry).
SCRIPT = """
from gevent import monkey
monkey.patch_all()
import json, sys, time
import psycopg.waiting
from sqlalchemy import create_engine, text
from tests.heartbeat import longest_pause
from workshop import create_app

config = {"SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "x", "TESTING": True}
app = create_app(config, instance_path=sys.argv[2])

def slow_query():
    engine = create_engine(sys.argv[1])
    began = time.perf_counter()
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_sleep(0.6)"))
    engine.dispose()
    return time.perf_counter() - began

with app.app_context():
    (took,), pause = longest_pause(slow_query)
print(json.dumps({"wait": psycopg.waiting.wait.__name__, "took": took, "pause": pause}))
"""


def postgresql_url() -> str:
    url = (
        os.environ.get("WORKSHOP_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    return "postgresql+psycopg://" + url.split("://", 1)[1]


def test_a_slow_postgresql_query_does_not_stall_other_greenlets(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, postgresql_url(), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "FLASK_APP": "workshop"},
        check=True,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["wait"] != "wait_c"  # psycopg's C wait blocks the whole process
    assert measured["took"] >= 0.6
    assert measured["pause"] < RESPONSIVE

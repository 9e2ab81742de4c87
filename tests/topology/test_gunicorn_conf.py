"""deploy/gunicorn.conf.py prepares each worker as `workshop run` prepares its process."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import gc, json, runpy, sys, types
from workshop import create_app
conf = runpy.run_path(sys.argv[1])
app = create_app({"OFFLOAD": "inline", "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[2]})
before = gc.get_threshold()
conf["post_worker_init"](types.SimpleNamespace(wsgi=app))
print(json.dumps({"before": before, "after": gc.get_threshold(), "frozen": gc.get_freeze_count()}))
"""


def test_a_worker_tunes_its_garbage_collector_before_serving(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT / "deploy/gunicorn.conf.py"), str(tmp_path / "d")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["before"] != [50_000, 20, 100]
    assert found["after"] == [50_000, 20, 100]
    assert found["frozen"] > 0  # the app's start-up objects are out of collection

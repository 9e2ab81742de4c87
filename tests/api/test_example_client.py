"""docs/examples/api_client.py reads a round's results with a token from a live server."""

import json
import os
import subprocess
import sys

from tests.api.conftest import bearer
from tests.live_server import ROOT, served

CLIENT = ROOT / "docs" / "examples" / "api_client.py"


def _run(*args, token):
    return subprocess.run(
        [sys.executable, str(CLIENT), *args],
        env={**os.environ, "WORKSHOP_API_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_example_client_prints_the_rounds_results_as_the_api_gives_them(app, client, world):
    expected = client.get(
        f"/api/v1/rounds/{world['round'].id}/results", headers=bearer(world["tokens"]["read"])
    ).get_json()
    area = world["areas"][0]
    item = next(
        i for i in expected["items"] if i["focus_area"] == area and i["question"] == "edistyminen"
    )
    with served(app) as url:
        as_json = _run(
            "--url", url, "--round", str(world["round"].id), "--json", token=world["tokens"]["read"]
        )
        text = _run("--url", url, "--round", str(world["round"].id), token=world["tokens"]["read"])
        refused = _run("--url", url, "--round", str(world["round"].id), token="wsp_wrong")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["items"] == expected["items"]
    assert text.returncode == 0, text.stderr
    assert f"n={item['count']} mean={item['mean']:.2f}" in text.stdout
    assert "Other groups: n=5" in text.stdout  # the three businesses and two municipalities
    assert refused.returncode == 1 and "401 unauthenticated" in refused.stderr

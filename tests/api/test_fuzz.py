"""Schemathesis fuzzes the API from its own OpenAPI document, in-process on the WSGI app with a
write token: valid and invalid requests for every operation, every built-in check (no server
error, every status, header and body as documented, invalid input refused, valid accepted,
auth not ignored). Prints its figures: operations, cases, failures."""

import copy

from hypothesis import HealthCheck, given, settings

from tests.api.conftest import bearer
from workshop.api.openapi import document

# Cases per operation and generation mode: enough to reach every parameter and body shape of
# this small API, few enough for the whole run to take seconds, not minutes.
EXAMPLES = 25


def _with_real_ids(doc: dict, ids: dict[str, tuple[int, int]]) -> dict:
    """The document with each path id within the range of the test's rounds, sessions and
    steps, so that valid cases reach real data rather than 404s; invalid cases still get ids
    outside it (which name nothing: 404)."""
    doc = copy.deepcopy(doc)
    for item in doc["paths"].values():
        for operation in item.values():
            for parameter in operation["parameters"]:
                if parameter["in"] == "path" and parameter["name"] in ids:
                    low, high = ids[parameter["name"]]
                    parameter["schema"] = {"type": "integer", "minimum": low, "maximum": high}
    return doc


def _what(error) -> str:
    """The failure's check names and first lines (Schemathesis' report of it, shortened)."""
    text = "\n".join(str(e) for e in getattr(error, "exceptions", [error]))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    found = [line for line in lines if line.startswith("- ")] or lines[:1]
    detail = next((line for line in lines if line.startswith(("[", "curl"))), "")
    return "; ".join(found) + " " + detail


def test_schemathesis_finds_no_server_error_and_no_answer_against_the_schema(
    app, world, monkeypatch, capsys, tmp_path
):
    import schemathesis
    from schemathesis import GenerationMode
    from schemathesis.core import storage

    # Whatever Schemathesis keeps between runs (its cache of crashes) goes to this test's
    # temporary directory, never into the checkout.
    monkeypatch.setattr(storage, "DEFAULT_ROOT", tmp_path / ".schemathesis")

    monkeypatch.setitem(app.config, "API_RATE_LIMIT", 100_000)  # the limit has its own test
    steps = [step.id for step in world["session"].steps]
    ids = {
        "round_id": (world["round"].id, world["round"].id),
        "session_id": (world["session"].id, world["session"].id),
        "step_id": (min(steps), max(steps)),
    }
    schema = schemathesis.openapi.from_dict(_with_real_ids(document(), ids))
    schema.app = app
    # identity: the in-process transport does not undo the gzip a real client undoes.
    headers = {**bearer(world["tokens"]["write"]), "Accept-Encoding": "identity"}
    operations = [result.ok() for result in schema.get_all_operations()]
    cases = 0
    failures: list[str] = []

    def fuzz(operation, mode):
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,  # the same cases every run: a failure here is reproducible
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            nonlocal cases
            cases += 1
            try:
                case.call_and_validate(headers=headers)
            except (Exception, BaseExceptionGroup) as error:  # each one is reported below
                failures.append(f"{operation.label} [{mode.value}]: {str(error)[:600]}")

        run()

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode)

    with capsys.disabled():  # the figures belong in the test run's output (and CI's log)
        for failure in sorted(set(failures)):
            print(failure)
        print(
            f"\nSchemathesis: {len(operations)} operations, {cases} cases, {len(failures)} failures"
        )
    assert len(operations) == sum(len(item) for item in document()["paths"].values())
    assert cases >= len(operations) * 10
    assert failures == []


def test_schemathesis_files_are_never_committed():
    import subprocess
    from pathlib import Path

    root = Path(__file__).parents[2]
    tracked = subprocess.run(
        ["git", "ls-files", ".schemathesis"], cwd=root, capture_output=True, text=True, check=True
    )
    assert tracked.stdout == ""
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".schemathesis/default/cache/crashes/manifest.json"],
        cwd=root,
    )
    assert ignored.returncode == 0

"""Heavy work runs in worker processes: the same results as in the server's own process,
while a concurrent greenlet keeps running (workshop/offload.py)."""

import io
import json
import time
import zipfile

import gevent
import pytest
from flask import g

from tests.evidence.conftest import example_file_bytes
from tests.heartbeat import RESPONSIVE, longest_pause
from tests.report.conftest import scored_round  # noqa: F401
from tests.review.conftest import make_round, open_session, review_round  # noqa: F401
from workshop import offload
from workshop.auth import hashing
from workshop.evidence.models import IndicatorValue
from workshop.extensions import db
from workshop.report.services import report_docx
from workshop.strategy.services import default_strategy


@pytest.fixture(scope="module")
def worker_pool(app):
    """Real worker processes, as under `workshop run`, started once for these tests."""
    app.config["OFFLOAD"] = "process"
    offload.start(app)
    app.config["OFFLOAD"] = "inline"
    yield
    offload.shutdown()


@pytest.fixture
def worker_processes(app, worker_pool, monkeypatch):
    """Jobs run in the worker processes (tests default to inline)."""
    monkeypatch.setitem(app.config, "OFFLOAD", "process")


def document_parts(docx: bytes) -> dict[str, bytes]:
    """The parts of a .docx but its timestamps (docProps/core.xml says when it was made)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {
            name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"
        }


def test_offloaded_draft_is_the_draft_made_in_process(scored_round, worker_processes):  # noqa: F811
    in_process = report_docx(scored_round, "fi")
    offloaded = offload.run("workshop.report.services:round_report_docx", scored_round.id, "fi")
    assert document_parts(offloaded) == document_parts(in_process)
    assert len(document_parts(offloaded)["word/document.xml"]) > 10_000


def test_offloaded_proposals_csv_is_the_same_text(review_round, worker_processes):  # noqa: F811
    from workshop.proposals.export import proposals_csv, proposals_json

    job = "workshop.proposals.export:round_proposals_export"
    assert offload.run(job, review_round.id, "csv") == proposals_csv(review_round)
    offloaded, in_process = (
        json.loads(text)
        for text in (offload.run(job, review_round.id, "json"), proposals_json(review_round))
    )
    assert offloaded.pop("exported_at") and in_process.pop("exported_at")
    assert offloaded == in_process


def test_a_draft_export_does_not_stall_other_greenlets(scored_round, worker_processes):  # noqa: F811
    round_id = scored_round.id
    db.session.commit()

    def export():
        return offload.run("workshop.report.services:round_report_docx", round_id, "fi")

    began = time.perf_counter()
    (offloaded,), pause = longest_pause(export)
    took = time.perf_counter() - began
    assert offloaded.startswith(b"PK")
    assert pause < RESPONSIVE and pause < took / 4

    # The same export in this process holds the loop for nearly all of its duration.
    began = time.perf_counter()
    _, inline_pause = longest_pause(lambda: report_docx(scored_round, "fi"))
    assert inline_pause > 0.8 * (time.perf_counter() - began - 0.02)


def test_password_checks_do_not_stall_other_greenlets(app, worker_processes):
    stored = hashing.generate("a long password")
    wrong = [lambda: hashing.check(stored, "wrong") for _ in range(4)]
    results, pause = longest_pause(lambda: hashing.check(stored, "a long password"), *wrong)
    assert results == [True, False, False, False, False]
    assert pause < RESPONSIVE


def test_an_import_in_a_worker_commits_its_rows(strategy_version, worker_processes):
    strategy = default_strategy()
    outcome, summary = offload.run(
        "workshop.evidence.services:import_file",
        "indicators",
        strategy.id,
        example_file_bytes("indicators"),
    )
    assert outcome == "imported" and summary.created > 0
    db.session.expire_all()
    assert db.session.query(IndicatorValue).count() == summary.created


def test_an_invalid_import_in_a_worker_reports_its_problems(strategy_version, worker_processes):
    outcome, problems = offload.run(
        "workshop.evidence.services:import_file", "funding", default_strategy().id, b"x;y\n1;2\n"
    )
    assert outcome == "problems"
    assert {problem.code for problem in problems} >= {"missing_column"}
    assert db.session.query(IndicatorValue).count() == 0


def test_jobs_run_inline_in_tests_by_default(app, scored_round):  # noqa: F811
    assert offload.mode(app.config) == "inline"
    g.marker = "this process"
    job = "workshop.report.services:round_report_docx"
    assert offload.run(job, scored_round.id, "en")[:2] == b"PK"


warmed_up = []


def record_warm_up():
    """A warm-up for the test below: says it ran, inside the worker's app."""
    from flask import current_app

    warmed_up.append(current_app.name)


def fail_warm_up():
    raise RuntimeError("no model")


def test_a_worker_warms_up_and_a_failed_warm_up_stops_nothing(app, monkeypatch):
    monkeypatch.setattr(offload, "_worker_app", app, raising=False)
    monkeypatch.setattr(
        offload,
        "WARM_UPS",
        ("tests.test_offload:fail_warm_up", "tests.test_offload:record_warm_up"),
    )
    warned = []
    monkeypatch.setattr(offload.log, "warning", lambda *args: warned.append(args[0] % args[1:]))
    offload._warm_up()
    assert warmed_up == [app.name]
    assert warned == ["warm-up tests.test_offload:fail_warm_up failed: RuntimeError"]


def scheduling() -> tuple[bool, int]:
    """A job: whether the thread running it is in the idle class, and its nice value."""
    import os
    import threading

    idle = os.sched_getscheduler(0) == os.SCHED_IDLE
    return idle, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_background_jobs_run_in_the_idle_class_and_others_do_not(worker_processes):
    import os

    assert offload.run("tests.test_offload:scheduling", background=True)[0] is True
    # Workers run at WORKER_NICENESS more than the server (here: the tests' own nice value).
    niceness = min(19, os.nice(0) + offload.WORKER_NICENESS)
    assert offload.run("tests.test_offload:scheduling") == (False, niceness)


def wait_for_file(path: str) -> bool:
    """A background job that holds its worker until ``path`` exists (at most 30 s)."""
    import os

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return True
        time.sleep(0.02)
    return False


def make_file(path: str) -> bool:
    with open(path, "w") as file:
        file.write("done")
    return True


def test_background_jobs_leave_a_worker_for_an_export_or_a_login(worker_processes, tmp_path):
    # Two background jobs against two workers: were both to take a worker, the job that lets
    # them finish would queue behind them until they gave up.
    flag = str(tmp_path / "flag")

    def background():
        return offload.run("tests.test_offload:wait_for_file", flag, background=True)

    def foreground():
        gevent.sleep(0.3)  # the background jobs are submitted first
        return offload.run("tests.test_offload:make_file", flag)

    results, pause = longest_pause(background, background, foreground)
    assert results == [True, True, True]
    assert pause < RESPONSIVE


def test_a_background_job_keeps_its_worker_counted_until_it_ends(worker_processes, tmp_path):
    flag = str(tmp_path / "flag")
    lane = offload._lane("background", 1)
    with pytest.raises(TimeoutError):
        offload.run("tests.test_offload:wait_for_file", flag, background=True, timeout=0.5)
    # The caller stopped waiting; the job still holds its worker, and so its slot.
    assert lane.locked()
    make_file(flag)
    deadline = time.monotonic() + 10
    while lane.locked() and time.monotonic() < deadline:
        gevent.sleep(0.05)
    assert not lane.locked()


def alone(path: str) -> bool:
    """A call that holds ``path`` for 0.3 s: False when another call held it at its start."""
    import os

    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        return False
    time.sleep(0.3)
    os.close(descriptor)
    os.remove(path)
    return True


def test_calls_one_at_a_time_do_not_overlap_and_others_do(worker_processes, tmp_path):
    marker = str(tmp_path / "busy")

    def one_at_a_time():
        return offload.call(alone, marker, one_at_a_time="tests")

    results, pause = longest_pause(one_at_a_time, one_at_a_time, one_at_a_time)
    assert results == [True, True, True] and pause < RESPONSIVE
    # Without the turn, two workers run two of them at once.
    results, _ = longest_pause(*[lambda: offload.call(alone, marker)] * 2)
    assert sorted(results) == [False, True]


def test_password_hashes_take_one_worker_at_a_time(app, worker_processes, monkeypatch):
    called = []
    monkeypatch.setattr(
        offload, "call", lambda function, *args, **options: called.append(options) or True
    )
    hashing.check("hash", "password")
    hashing.generate("password")
    # Checks and new hashes in the same turn: one scrypt at a time, whichever it is.
    assert called == [{"one_at_a_time": hashing.HASHING}] * 2


def test_the_workers_warm_up_the_themes():
    assert "workshop.synthesis.features:warm_worker" in offload.WARM_UPS


SERVER_WITH_WORKERS = """
import multiprocessing, sys, time
from workshop import create_app, offload
app = create_app({"OFFLOAD": "process", "OFFLOAD_WARM_UP": False,
                  "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1]})
offload.start(app)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def test_workers_end_when_their_server_is_killed(tmp_path):
    """A server killed outright (SIGKILL) leaves no worker behind: they used to live on as
    orphans of a few hundred MB each."""
    import signal
    import subprocess
    import sys
    import time

    server = subprocess.Popen(
        [sys.executable, "-c", SERVER_WITH_WORKERS, str(tmp_path / "db.sqlite")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        workers = [int(pid) for pid in server.stdout.readline().split()]
        assert workers and all(_alive(pid) for pid in workers)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 10 * offload.PARENT_CHECK_SECONDS
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        server.kill()

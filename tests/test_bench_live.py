"""bench/live.py: participants spread over load-generator processes, figures gathered back."""

import re
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bench import live

ROOT = Path(__file__).resolve().parent.parent


def test_every_participant_is_driven_by_exactly_one_process():
    for participants, processes in ((1000, 2), (20, 3), (7, 7), (5, 1)):
        shares = [live.worker_indices(participants, processes, w) for w in range(processes)]
        driven = Counter(i for share in shares for i in share)
        assert sorted(driven) == list(range(participants))
        assert set(driven.values()) == {1}
        assert max(map(len, shares)) - min(map(len, shares)) <= 1
    # The joins in flight stay about the same however many processes share them.
    assert live.worker_concurrency(2) * 2 == live.CONNECT_CONCURRENCY
    assert live.worker_concurrency(100) == 1


def test_the_processes_reports_add_up():
    result = live.PhaseResult("app", 4, planned=80)
    live.merge_connected(result, {"connected": 2, "connect_failures": {}})
    live.merge_connected(result, {"connected": 1, "connect_failures": {"ConnectionError": 1}})
    live.merge_results(
        result, {"acked": 40, "latencies": [0.01] * 40, "errors": {}, "client_cpu": 0.5}
    )
    live.merge_results(
        result,
        {"acked": 19, "latencies": [0.03] * 19, "errors": {"ack:late": 1}, "client_cpu": 0.25},
    )
    result.answer_seconds = 2.0
    assert result.connected == 3 and result.connect_failures == Counter(ConnectionError=1)
    assert result.acked == 59 and result.lost == 21 and result.client_cpu == 0.75
    assert result.errors == Counter({"ack:late": 1})
    assert result.percentile_ms(0.95) == 30.0 and result.rate == 29.5


def _free_port_pair() -> int:
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
        try:
            with socket.socket() as second:
                second.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no two free ports in a row")


def test_a_small_run_over_two_processes_prints_one_line_and_loses_nothing():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "live.py"), "--participants", "20"]
        + ["--client-processes", "2", "--port-base", str(_free_port_pair())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    fields = dict(re.findall(r"(\w+)=(\S+)", lines[0]))
    assert fields["participants"] == "20" and fields["answers"] == "400", lines[0]
    assert fields["lost"] == "0" and float(fields["ratio"]) > 0, lines[0]
    assert "over 2 load-generator processes" in result.stderr
    assert "[app]" in result.stderr and "db_answers=400" in result.stderr


def _phase(name: str, rate: float, acked: int = 20) -> "live.PhaseResult":
    result = live.PhaseResult(name, 1, planned=20, acked=acked, latencies=[0.01] * acked)
    result.answer_seconds = acked / rate
    return result


def test_several_rounds_report_the_median_round_and_every_rounds_losses():
    rounds = [
        {"bare": _phase("bare", 100), "app": _phase("app", 95)},  # 0.95
        {"bare": _phase("bare", 100), "app": _phase("app", 70, acked=18)},  # 0.70, 2 lost
        {"bare": _phase("bare", 100), "app": _phase("app", 85)},  # 0.85: the median
    ]
    fields = dict(re.findall(r"(\w+)=(\S+)", live.summary_line(rounds)))
    assert fields["ratio"] == "0.85" and fields["answers_per_s"] == "85.0"
    assert fields["ratios"] == "0.95,0.70,0.85"
    assert fields["lost"] == "2"
    # One round prints as before: no ratios field.
    single = dict(re.findall(r"(\w+)=(\S+)", live.summary_line(rounds[:1])))
    assert single["ratio"] == "0.95" and "ratios" not in single
    only_app = dict(re.findall(r"(\w+)=(\S+)", live.summary_line([{"app": _phase("app", 90)}])))
    assert only_app["ratio"] == "n/a"

"""Micro-benchmark: validating one ``answer:submit`` payload, the hottest path of a workshop.

    .venv/bin/python bench/payload.py

Prints one line: ``validated_data_us=X``, microseconds per payload for a valid payload with a
reason as the participant page sends it: the best of 30 runs of 5,000, as the best run is the
one least disturbed by other work on the machine.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAYLOAD = {
    "submission_id": "b3f1c2d4-9a7e-4c1b-8f3e-2d6a5b4c3e21",
    "step_id": 12,
    "question": "edistyminen",
    "focus_area": "energian-tuotanto-ja-varastointi",
    "value": 4,
    "reason": "Vetyhankkeet etenevät",
}


def per_payload_us(rounds: int = 5000, runs: int = 30) -> float:
    """The best time of ``runs`` runs, in microseconds per validated payload."""
    from workshop.realtime import validated_data
    from workshop.review.forms import AnswerPayload

    validated_data(AnswerPayload, PAYLOAD)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(rounds):
            validated_data(AnswerPayload, PAYLOAD)
        best = min(best, time.perf_counter() - started)
    return best / rounds * 1e6


if __name__ == "__main__":
    print(f"validated_data_us={per_payload_us():.1f}")

"""Live themes with a room of 300: how long after a new reason the console's themes follow.

    PYTHONPATH=$PWD .venv/bin/python bench/synthesis_live.py [--participants 300]

In one process on a temporary SQLite database: a session in a scoring step where every
participant has given a reason (the labelled set's texts, cycled, each made distinct), the
console's first computation of themes (cold: every reason's features), then one new reason
and the computation that follows it (warm: one new text's features, then grouping). The
console sees an update at most ``LIVE_THEMES_INTERVAL`` (1 s) plus that computation after a
reason. The ack p95 of the room under this load is bench/live.py's to measure (not done here:
bench/synthesis.md).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=300)
    count = parser.parse_args().participants
    with tempfile.TemporaryDirectory(prefix="bench-themes-") as folder:
        os.environ["WORKSHOP_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite"
        os.environ.setdefault("WORKSHOP_SECRET_KEY", "bench-themes")
        subprocess.run(
            [sys.executable, "-m", "workshop", "db", "upgrade"],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=True,
            capture_output=True,
        )
        run(folder, count)


def run(folder: str, count: int) -> None:
    from tests.synthesis import labelled
    from workshop import create_app
    from workshop.extensions import db
    from workshop.review import participation, services
    from workshop.review.models import StepKind
    from workshop.strategy.services import current_version, ensure_strategy_loaded
    from workshop.synthesis import live

    texts = [t for area, (found, _l) in labelled.load().items() if area == "energia" for t in found]
    app = create_app(instance_path=folder)
    with app.app_context():
        ensure_strategy_loaded()
        review_round = services.create_round(current_version(), "Bench", 2026)
        session = services.create_session(review_round, "Oulu", "")
        services.set_session_status(session, "open")
        step = next(s for s in session.steps if s.kind == StepKind.SCORING)
        services.open_step(step)
        area = services.step_focus_areas(step)[0].key
        groups = [g.key for g in review_round.groups]

        def reason(n: int) -> None:
            person = participation.join_session(session, groups[n % len(groups)])
            source = texts[n % len(texts)]
            participation.submit_answer(
                person,
                submission_id=uuid.uuid4().hex,
                step_id=step.id,
                question_key="edistyminen",
                focus_area_key=area,
                value=int(source.score),
                reason=f"{source.text} ({n // len(texts) + 1}. kerta)",
            )

        for n in range(count - 1):
            reason(n)
        db.session.commit()
        started = time.perf_counter()
        live.live.current(session.id)  # what a marked session gets
        cold = time.perf_counter() - started
        reason(count - 1)
        db.session.commit()
        started = time.perf_counter()
        live.live.current(session.id)  # what a marked session gets
        warm = time.perf_counter() - started
    print(
        f"participants={count} first_themes_s={cold:.2f} after_new_reason_s={warm:.2f} "
        f"console_update_within_s={live.INTERVAL + warm:.2f}"
    )


if __name__ == "__main__":
    main()

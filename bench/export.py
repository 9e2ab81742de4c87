"""Export benchmark: the Word update draft of a round with N participants and P proposals.

    .venv/bin/python bench/export.py --participants 1000 --proposals 500

Builds the round in a fresh temporary SQLite database with ``workshop demo``'s data (this
year's round scored by N participants with reasons, and last year's round to compare with),
then P real proposals by its participants with supports and the council's decisions (a quarter
accepted as new solutions, a quarter as rewordings with the council's wording, the rest
rejected or postponed), and the draft of the next version those decisions build. Only the
export is timed: what the download does, from reading the database to the .docx bytes
(``report.services.report_docx``). The round is made by ``workshop demo`` in another process, so
``peak_mb`` (this process's peak resident memory) is the export's plus the app's imports.

Prints one line:

    participants=N proposals=P seconds=S peak_mb=M
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKSHOP = ROOT / ".venv" / "bin" / "workshop"
sys.path.insert(0, str(ROOT))


def add_proposals(review_round, count: int) -> None:
    """``count`` real proposals by the round's participants, with supports and the council's
    decisions: a quarter accepted as new solutions, a quarter as rewordings (with changes),
    the rest rejected or postponed; then the draft of the next version is built once."""
    from sqlalchemy import insert, select

    from workshop.extensions import db
    from workshop.proposals import services
    from workshop.proposals.draft import refresh_draft
    from workshop.proposals.models import Decision, Support
    from workshop.proposals.services import ProposalInput
    from workshop.review.models import Participant
    from workshop.strategy.diff import flatten
    from workshop.strategy.export import version_to_dict

    people = list(
        db.session.scalars(select(Participant).where(Participant.round_id == review_round.id))
    )
    elements = flatten(version_to_dict(review_round.strategy_version)).values()
    challenges = [element for element in elements if element.kind == "challenge"]
    solutions = [element for element in elements if element.kind == "solution"]
    # Proposals are taken only while a participant's session has a proposals step open.
    from workshop.review import services as review_services
    from workshop.review.models import SessionStatus, StepKind

    for session in review_round.sessions:
        session.status = SessionStatus.OPEN
        step = next(step for step in session.steps if step.kind == StepKind.PROPOSALS)
        review_services.open_step(step)
    decided = datetime(2026, 11, 20, 10, tzinfo=UTC)
    supports, decisions = [], []
    for number in range(1, count + 1):
        rationale = "Työpajassa todettiin, että muutos selkeyttää strategiaa. " * 2
        if number % 4 == 0:
            challenge = challenges[number % len(challenges)]
            text = f"Uusi ratkaisu {number}."
            item = ProposalInput("add_solution", challenge.ref, text, rationale)
            outcome, wording = "accepted", ""
        elif number % 4 == 2:
            solution = solutions[number % len(solutions)]
            item = ProposalInput("reword", solution.ref, f"{solution.text} Tarkennus {number}.")
            outcome, wording = "accepted_with_changes", f"{solution.text} Tarkennettu {number}."
        else:
            area = challenges[number % len(challenges)].parent_ref
            text = f"Ehdotus {number}: painopistealan toimia vahvistetaan. " * 2
            item = ProposalInput("free", area, text, rationale)
            outcome, wording = ("rejected", "postponed")[number % 2], ""
        proposal, _ = services.create_proposal(
            review_round, item, participant=people[number % len(people)]
        )
        voters = people[number % 7 : number % 7 + number % 37]
        supports += [
            {"proposal_id": proposal.id, "participant_id": person.id, "value": 1 - 2 * (i % 5 == 4)}
            for i, person in enumerate(voters)
        ]
        decisions.append(
            {
                "proposal_id": proposal.id,
                "outcome": outcome,
                "wording": wording,
                "reason": "Maakuntaliiton perustelu päätökselle.",
                "decided_at": decided + timedelta(minutes=number),
            }
        )
    db.session.execute(insert(Support), supports)
    db.session.execute(insert(Decision), decisions)
    refresh_draft(review_round)
    db.session.commit()


def export_once(round_id: int) -> bytes:
    """Gather the report data and write the .docx (what the download does)."""
    from workshop.report.services import report_docx
    from workshop.review.services import get_round

    return report_docx(get_round(round_id))


def build_round(participants: int, environment: dict) -> None:
    """The demo round, made by `workshop demo` in other processes: this one's peak memory is
    then the export's (plus the app's imports)."""
    for command in (["db", "upgrade"], ["demo", "--participants", str(participants)]):
        subprocess.run([str(WORKSHOP), *command], env=environment, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--proposals", type=int, default=500)
    parser.add_argument("--output", type=Path, help="also keep the .docx here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        os.environ["WORKSHOP_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite"
        os.environ.setdefault("WORKSHOP_SECRET_KEY", "bench-export")
        build_round(args.participants, dict(os.environ))
        from workshop import create_app
        from workshop.extensions import db
        from workshop.review.services import resolve_round
        from workshop.synthesis.collect import warm_round

        app = create_app(instance_path=folder)
        with app.app_context():
            review_round = resolve_round("latest")
            round_id = review_round.id
            add_proposals(review_round, args.proposals)
            db.session.remove()
            # In the app a text's features are computed when it arrives (proposals and
            # comments by workshop.synthesis.arrival, reasons by the console's live themes),
            # so a download finds them stored; the rows here were inserted directly, so the
            # same is done here, timed on its own (stderr), before the export is timed.
            start = time.perf_counter()
            new_texts = warm_round(round_id)
            features_seconds = time.perf_counter() - start
            db.session.remove()
            start = time.perf_counter()
            content = export_once(round_id)
            seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if args.output:
            args.output.write_bytes(content)
        print(f"{len(content) // 1024} kB .docx", file=sys.stderr)
        print(
            f"features of {new_texts} texts as they arrived: {features_seconds:.1f} s "
            "(not in the export's time)",
            file=sys.stderr,
        )
    print(
        f"participants={args.participants} proposals={args.proposals} "
        f"seconds={seconds:.2f} peak_mb={peak_mb:.0f}"
    )


if __name__ == "__main__":
    main()

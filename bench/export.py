"""Export benchmark: the Word update draft of a round with N participants and P proposals.

    .venv/bin/python bench/export.py --participants 1000 --proposals 500

Builds the round in a fresh temporary SQLite database with ``workshop demo``'s data (this
year's round scored by N participants with reasons, and last year's round to compare with),
then P synthetic proposal rows over the focus areas, a quarter of them accepted as new
solutions, a quarter as rewordings, and a draft of the next version carrying those changes.
Only the export is timed: gathering the report data from the database and writing the .docx
(``collect`` + ``build_docx``). The round is made by ``workshop demo`` in another process, so
``peak_mb`` (this process's peak resident memory) is the export's plus the app's imports.

Prints one line:

    participants=N proposals=P seconds=S peak_mb=M
"""

from __future__ import annotations

import argparse
import copy
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


def synthetic_proposals(base: dict, count: int):
    """``count`` proposal rows and the draft that accepting them gives."""
    from workshop.report.data import ProposalRow

    draft = copy.deepcopy(base)
    areas = [area for theme in draft["themes"] for area in theme["focus_areas"]]
    decided = datetime(2026, 11, 20, 10, tzinfo=UTC)
    rows = []
    for number in range(1, count + 1):
        area = areas[number % len(areas)]
        kind, outcome, ref = "free", ("rejected", "postponed")[number % 2], None
        text = f"Ehdotus {number}: painopistealan {area['title']} toimia vahvistetaan. " * 2
        if number % 4 == 0 and area["challenges"]:
            challenge = area["challenges"][0]
            key = f"bench-{number}"
            challenge["solutions"].append({"key": key, "text": text.strip(), "translations": {}})
            kind, outcome = "add_solution", "accepted"
            ref = f"focus_area/{area['key']}/challenge/{challenge['key']}/solution/{key}"
        elif number % 4 == 2 and area["challenges"]:
            challenge = area["challenges"][-1]
            solution = challenge["solutions"][number // 4 % len(challenge["solutions"])]
            solution["text"] += f" Tarkennus {number}."
            kind, outcome = "reword", "accepted_with_changes"
            ref = (
                f"focus_area/{area['key']}/challenge/{challenge['key']}/solution/{solution['key']}"
            )
        rows.append(
            ProposalRow(
                id=number,
                target_ref=ref,
                focus_area_key=area["key"],
                kind=kind,
                text=text.strip(),
                rationale="Työpajassa todettiin, että muutos selkeyttää strategiaa "
                "ja vastaa alueen yritysten tarpeisiin. " * 2,
                group_name="Klusterit",
                supports=number % 37,
                opposes=number % 7,
                status="decided",
                outcome=outcome,
                reason="Maakuntaliiton perustelu päätökselle.",
                decided_at=decided + timedelta(minutes=number),
            )
        )
    return rows, draft


def export_once(round_id: int, proposals, draft) -> bytes:
    """Gather the report data and write the .docx (what the download does)."""
    from workshop.report.data import collect
    from workshop.report.document import build_docx
    from workshop.review.services import get_round

    data = collect(get_round(round_id), proposals=proposals, draft_version_data=draft)
    return build_docx(data)


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
        from workshop.strategy.export import version_to_dict

        app = create_app(instance_path=folder)
        with app.app_context():
            review_round = resolve_round("latest")
            round_id = review_round.id
            base = version_to_dict(review_round.strategy_version)
            proposals, draft = synthetic_proposals(base, args.proposals)
            db.session.remove()
            start = time.perf_counter()
            content = export_once(round_id, proposals, draft)
            seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if args.output:
            args.output.write_bytes(content)
        print(f"{len(content) // 1024} kB .docx", file=sys.stderr)
    print(
        f"participants={args.participants} proposals={args.proposals} "
        f"seconds={seconds:.2f} peak_mb={peak_mb:.0f}"
    )


if __name__ == "__main__":
    main()

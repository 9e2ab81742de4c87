"""Every proposal of a round as CSV (for Excel users) or JSON (for the archive).

CSV is UTF-8 with a byte order mark and ``;`` between cells: Excel set to Finnish reads that
directly (its list separator is ``;`` because ``,`` is the decimal comma). A cell that begins
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so that
text typed by a participant is never run as a formula. Times are local (``WORKSHOP_TIMEZONE``)
in CSV, as the pages show them, and UTC in JSON.

The proposer's group is named only when that group had at least WORKSHOP_MIN_GROUP_SIZE
participants in the proposal's session (the session is named beside it), by the rule of
``review.results.split_groups``; otherwise it is "Muut ryhmät", or empty when no group of the
session could be named (docs/security.md).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.localtime import local_text
from workshop.models import utcnow
from workshop.proposals import services
from workshop.proposals.models import Proposal
from workshop.review.models import Participant, ReviewRound, StakeholderGroup
from workshop.review.payloads import iso
from workshop.review.results import min_group_size, split_groups

COLUMNS = (
    "id",
    "session",
    "created_at",
    "kind",
    "target",
    "target_element",
    "focus_area",
    "text",
    "original_text",
    "rationale",
    "target_value",
    "group",
    "supports",
    "opposes",
    "status",
    "merged_into",
    "hidden_reason",
    "decision",
    "council_wording",
    "reason",
    "decided_by",
    "decided_at",
)
CSV_SEPARATOR = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def group_labels(review_round: ReviewRound) -> dict[tuple[int | None, str], str]:
    """The group label of a proposal by (session id, group key); None: the whole round."""
    rows = db.session.execute(
        select(Participant.session_id, StakeholderGroup.key, func.count(Participant.id))
        .join(StakeholderGroup, Participant.group_id == StakeholderGroup.id)
        .where(Participant.round_id == review_round.id)
        .group_by(Participant.session_id, StakeholderGroup.key)
    ).all()
    sizes: dict[int | None, dict[str, int]] = defaultdict(dict)
    for session_id, key, count in rows:
        sizes[session_id][key] = count
        sizes[None][key] = sizes[None].get(key, 0) + count
    names = {group.key: group.name for group in review_round.groups}
    order = list(names)
    with force_locale(review_round.strategy_version.language or "fi"):
        other_groups = _("Other groups")
    labels = {}
    min_size = min_group_size()
    for session_id, counts in sizes.items():
        split = split_groups({key: counts[key] for key in order if key in counts}, min_size)
        for key in split.shown:
            labels[session_id, key] = names[key]
        for key in split.merged:
            labels[session_id, key] = other_groups if split.shown else ""
    return labels


def proposal_row(
    proposal: Proposal, tally: services.Tally, labels: dict[tuple[int | None, str], str]
) -> dict:
    """One proposal as a flat record with its target, counts and decision."""
    decision = proposal.decision
    review_round = proposal.review_round
    return {
        "id": proposal.id,
        "session": proposal.session.title if proposal.session else "",
        "created_at": proposal.created_at,
        "kind": proposal.kind,
        "target": proposal.target_ref,
        "target_element": services.element_label(
            review_round, proposal.target_ref, review_round.strategy_version.language
        ),
        "focus_area": proposal.focus_area_key or "",
        "text": proposal.text,
        "original_text": proposal.original_text,
        "rationale": proposal.rationale,
        "target_value": proposal.target_value,
        "group": labels.get((proposal.session_id, proposal.group.key), "")
        if proposal.group
        else "",
        "supports": tally.supports,
        "opposes": tally.opposes,
        "status": proposal.status,
        "merged_into": proposal.merged_into_id,
        "hidden_reason": proposal.hidden_reason,
        "decision": decision.outcome if decision else "",
        "council_wording": decision.wording if decision else "",
        "reason": decision.reason if decision else "",
        "decided_by": (decision.decided_by.name or decision.decided_by.email)
        if decision and decision.decided_by
        else "",
        "decided_at": decision.decided_at if decision else None,
    }


def proposal_rows(review_round: ReviewRound) -> list[dict]:
    counts = services.tallies(review_round)
    labels = group_labels(review_round)
    return [proposal_row(p, counts[p.id], labels) for p in services.list_proposals(review_round)]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # Excel users read the council's local time, as the pages show it.
        return local_text(value)
    if isinstance(value, bool | int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def proposals_csv(review_round: ReviewRound) -> str:
    """The round's proposals as CSV text, BOM included."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in proposal_rows(review_round):
        writer.writerow([_cell(row[name]) for name in COLUMNS])
    return "\ufeff" + buffer.getvalue()


def _with_iso_times(row: dict) -> dict:
    """JSON keeps instants unambiguous: ISO 8601 in UTC, as the protocol's payloads do."""
    return {key: iso(value) if isinstance(value, datetime) else value for key, value in row.items()}


def proposals_json(review_round: ReviewRound) -> str:
    """The round's proposals as indented JSON, with the round they belong to."""
    document = {
        "round": {
            "id": review_round.id,
            "title": review_round.title,
            "year": review_round.year,
            "strategy_version": review_round.strategy_version.number,
        },
        "exported_at": iso(utcnow()),
        "proposals": [_with_iso_times(row) for row in proposal_rows(review_round)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def round_proposals_export(round_id: int, fmt: str) -> str:
    """A round's proposals as ``csv`` or ``json`` text by the round's id: the job the download
    runs in a worker process (``workshop.offload``)."""
    from workshop.review.services import get_round

    review_round = get_round(round_id)
    return proposals_csv(review_round) if fmt == "csv" else proposals_json(review_round)

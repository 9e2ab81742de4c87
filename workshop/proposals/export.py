"""Every proposal of a round as CSV (for Excel users) or JSON (for the archive).

CSV is UTF-8 with a byte order mark and ``;`` between cells: Excel set to Finnish reads that
directly (its list separator is ``;`` because ``,`` is the decimal comma). A cell that begins
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so that
text typed by a participant is never run as a formula. Times are local (``WORKSHOP_TIMEZONE``)
in CSV, as the pages show them, and UTC in JSON.

JSON follows docs/schemas/proposals.schema.json: keys for kinds, statuses, outcomes and groups,
each with its label in the export's language, and null for nothing. Neither format says when a
proposal was made nor who decided it (docs/security.md, "What the API and the exports leave
out").

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
from workshop.proposals.labels import KIND_NAMES, OUTCOME_NAMES, STATUS_NAMES
from workshop.proposals.models import Proposal
from workshop.review.models import Participant, ReviewRound, StakeholderGroup
from workshop.review.payloads import iso
from workshop.review.reasons import OTHER_GROUPS
from workshop.review.results import min_group_size, split_groups

COLUMNS = (
    "id",
    "session",
    "kind",
    "target",
    "target_element",
    "focus_area",
    "text",
    "original_text",
    "rationale",
    "target_value",
    "group",
    "group_key",
    "supports",
    "opposes",
    "status",
    "merged_into",
    "hidden_reason",
    "decision",
    "council_wording",
    "reason",
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


def group_key(proposal: Proposal, labels: dict, other_groups: str) -> str | None:
    """The proposer's group as the export may name it, by key: the group's key when shown
    alone, "other" when merged, None when no group may be named (``group_labels``)."""
    if proposal.group is None:
        return None
    label = labels.get((proposal.session_id, proposal.group.key), "")
    if not label:
        return None
    return OTHER_GROUPS if label == other_groups else proposal.group.key


def _other_groups_label(review_round: ReviewRound) -> str:
    """ "Other groups" as ``group_labels`` writes it (in the strategy's language)."""
    with force_locale(review_round.strategy_version.language or "fi"):
        return _("Other groups")


def _records(review_round: ReviewRound, locale: str) -> list[dict]:
    """Every proposal with its group by key and label in ``locale``, and its labels."""
    counts = services.tallies(review_round)
    labels = group_labels(review_round)
    other_groups = _other_groups_label(review_round)
    with force_locale(locale):
        names = {group.key: group.tr("name", locale) for group in review_round.groups}
        names[OTHER_GROUPS] = _("Other groups")
        records = []
        for proposal in services.list_proposals(review_round):
            row = proposal_row(proposal, counts[proposal.id], labels)
            key = group_key(proposal, labels, other_groups)
            row["group_key"] = key
            row["group"] = names[key] if key else ""
            row["kind_label"] = str(KIND_NAMES.get(row["kind"], row["kind"]))
            row["status_label"] = str(STATUS_NAMES.get(row["status"], row["status"]))
            outcome = row["decision"]
            row["decision_label"] = str(OUTCOME_NAMES.get(outcome, outcome)) if outcome else ""
            records.append(row)
        return records


def proposals_csv(review_round: ReviewRound, locale: str = "fi") -> str:
    """The round's proposals as CSV text, BOM included, group names in ``locale``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in _records(review_round, locale):
        writer.writerow([_cell(row[name]) for name in COLUMNS])
    return "\ufeff" + buffer.getvalue()


def _or_none(value):
    return None if value == "" else value


def _decision(row: dict) -> dict | None:
    if not row["decision"]:
        return None
    return {
        "outcome": row["decision"],
        "outcome_label": row["decision_label"],
        "wording": _or_none(row["council_wording"]),
        "reason": _or_none(row["reason"]),
        "decided_at": iso(row["decided_at"]),
    }


def _json_record(row: dict) -> dict:
    return {
        "id": row["id"],
        "session": _or_none(row["session"]),
        "kind": row["kind"],
        "kind_label": row["kind_label"],
        "target": row["target"],
        "target_element": _or_none(row["target_element"]),
        "focus_area": _or_none(row["focus_area"]),
        "text": row["text"],
        "original_text": _or_none(row["original_text"]),
        "rationale": _or_none(row["rationale"]),
        "target_value": row["target_value"],
        "group": row["group_key"],
        "group_label": _or_none(row["group"]),
        "supports": row["supports"],
        "opposes": row["opposes"],
        "status": row["status"],
        "status_label": row["status_label"],
        "merged_into": row["merged_into"],
        "hidden_reason": _or_none(row["hidden_reason"]),
        "decision": _decision(row),
    }


def proposals_json(review_round: ReviewRound, locale: str = "fi") -> str:
    """The round's proposals as indented JSON (docs/schemas/proposals.schema.json), with the
    round they belong to, labels in ``locale``."""
    document = {
        "format": "strategiapaja.proposals",
        "format_version": 1,
        "round": {
            "id": review_round.id,
            "title": review_round.title,
            "year": review_round.year,
            "strategy_version": review_round.strategy_version.number,
        },
        "language": locale,
        "exported_at": iso(utcnow()),
        "min_group_size": min_group_size(),
        "proposals": [_json_record(row) for row in _records(review_round, locale)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def round_proposals_export(round_id: int, fmt: str, locale: str = "fi") -> str:
    """A round's proposals as ``csv`` or ``json`` text in ``locale`` by the round's id: the
    job the download runs in a worker process (``workshop.offload``)."""
    from workshop.review.services import get_round

    review_round = get_round(round_id)
    write = proposals_csv if fmt == "csv" else proposals_json
    return write(review_round, locale)

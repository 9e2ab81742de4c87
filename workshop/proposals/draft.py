"""The draft of the next strategy version, built from the council's accepting decisions.

The draft is built as data: the round's version as ``version_to_dict`` gives it, with each
accepted proposal applied in the order of its decision (the council's wording where given).
It is stored as one draft StrategyVersion per round, rebuilt in place whenever a decision
changes, with a provenance row for every change it makes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from workshop.extensions import db
from workshop.proposals.models import (
    ACCEPTING,
    Decision,
    DraftChange,
    Outcome,
    Proposal,
    ProposalKind,
    ProposalStatus,
    RoundDraft,
)
from workshop.proposals.services import MEASURES_REF, ProposalError
from workshop.review.models import ReviewRound
from workshop.strategy import services as strategy_services
from workshop.strategy.diff import Change
from workshop.strategy.export import version_to_dict
from workshop.strategy.fileformat import parse_strategy_data
from workshop.strategy.models import StrategyVersion, VersionStatus

# The field holding each element kind's main text.
MAIN_FIELD = {"challenge": "title", "solution": "text", "action": "text", "measure": "text"}


@dataclass
class AppliedChange:
    element_ref: str
    change: str
    proposal: Proposal
    decision: Decision


@dataclass
class DraftBuild:
    """The next version as data, the changes made and the accepted proposals that could not
    be applied (their element was removed by an earlier decision)."""

    data: dict
    changes: list[AppliedChange] = field(default_factory=list)
    skipped: list[Proposal] = field(default_factory=list)


# Finding elements in version data ---------------------------------------------------------


def _pairs(ref: str) -> list[tuple[str, str]]:
    parts = ref.split("/")
    return list(zip(parts[::2], parts[1::2], strict=False))


def _find(items: list[dict], key: str) -> dict | None:
    return next((item for item in items if item.get("key") == key), None)


def locate(data: dict, ref: str) -> tuple[list[dict], dict] | None:
    """The list holding the element ``ref`` names and the element, or None when absent."""
    pairs = _pairs(ref)
    if not pairs:
        return None
    kind, key = pairs[0]
    if kind == "focus_area":
        areas = [area for theme in data["themes"] for area in theme["focus_areas"]]
        owner = next(
            (theme["focus_areas"] for theme in data["themes"] if _find(theme["focus_areas"], key)),
            None,
        )
        container, item = owner, _find(areas, key)
        for child_kind, child_key in pairs[1:]:
            if item is None:
                return None
            plural = {"challenge": "challenges", "solution": "solutions", "action": "actions"}
            container = item.get(plural.get(child_kind, ""), [])
            item = _find(container, child_key)
        return (container, item) if item is not None else None
    top = {"theme": "themes", "measure": "measures", "indicator": "indicators"}.get(kind)
    if top is None or len(pairs) != 1:
        return None
    item = _find(data[top], key)
    return (data[top], item) if item is not None else None


def _forget_translation(item: dict, name: str) -> None:
    """The translations of a changed text no longer match it: show the new text instead."""
    for fields in (item.get("translations") or {}).values():
        fields.pop(name, None)


# Applying one proposal --------------------------------------------------------------------


def _apply(data: dict, proposal: Proposal, wording: str) -> list[tuple[str, str]]:
    """Apply one accepted proposal to ``data``; returns (element ref, change) pairs, or an empty
    list when its element is gone or the proposal changes no text (a free proposal)."""
    kind, ref = proposal.kind, proposal.target_ref
    new_key = f"ehdotus-{proposal.id}"
    if kind == ProposalKind.ADD_MEASURE and ref == MEASURES_REF:
        data["measures"].append({"key": new_key, "text": wording, "translations": {}})
        return [(f"measure/{new_key}", Change.ADDED)]
    found = locate(data, ref)
    if found is None or kind == ProposalKind.FREE:
        return []
    container, item = found
    if kind == ProposalKind.ADD_CHALLENGE:
        key = f"{item['key']}.{new_key}"
        item.setdefault("challenges", []).append(
            {"key": key, "title": wording, "translations": {}, "solutions": []}
        )
        return [(f"{ref}/challenge/{key}", Change.ADDED)]
    if kind == ProposalKind.ADD_SOLUTION:
        key = f"{item['key']}.{new_key}"
        item.setdefault("solutions", []).append({"key": key, "text": wording, "translations": {}})
        return [(f"{ref}/solution/{key}", Change.ADDED)]
    if kind == ProposalKind.ADD_ACTION:
        key = f"{item['key']}.{new_key}"
        item.setdefault("actions", []).append({"key": key, "text": wording, "translations": {}})
        return [(f"{ref}/action/{key}", Change.ADDED)]
    if kind == ProposalKind.REMOVE:
        container.remove(item)
        return [(ref, Change.REMOVED)]
    if kind == ProposalKind.REWORD:
        name = MAIN_FIELD[_pairs(ref)[-1][0]]
        item[name] = wording
        _forget_translation(item, name)
        return [(ref, Change.CHANGED)]
    if kind == ProposalKind.CHANGE_TARGET:
        item["target_text"] = wording
        item["target_value"] = proposal.target_value
        _forget_translation(item, "target_text")
        return [(ref, Change.CHANGED)]
    if kind == ProposalKind.DESCRIBE_FOCUS_AREA:
        item["description"] = wording
        _forget_translation(item, "description")
        return [(ref, Change.CHANGED)]
    return []


def wording_of(proposal: Proposal, decision: Decision) -> str:
    """The text that goes into the strategy: the council's wording, else the proposal's."""
    if decision.outcome == Outcome.ACCEPTED_WITH_CHANGES and decision.wording:
        return decision.wording
    return proposal.text


def accepted_decisions(review_round: ReviewRound) -> list[Decision]:
    """The accepting decisions on the round's published proposals, in the order decided."""
    return list(
        db.session.scalars(
            select(Decision)
            .join(Proposal, Decision.proposal_id == Proposal.id)
            .where(
                Proposal.round_id == review_round.id,
                Proposal.status == ProposalStatus.PUBLISHED,
                Decision.outcome.in_([str(outcome) for outcome in ACCEPTING]),
            )
            .order_by(Decision.decided_at, Decision.id)
        )
    )


def build_draft_data(review_round: ReviewRound) -> DraftBuild:
    """The next version of the round's strategy version as data, with what changed and why."""
    base = review_round.strategy_version
    data = version_to_dict(base)
    data["version"] = {"label": f"{review_round.title}: luonnos"}
    build = DraftBuild(data=data)
    for decision in accepted_decisions(review_round):
        proposal = decision.proposal
        applied = _apply(data, proposal, wording_of(proposal, decision))
        if not applied and proposal.kind != ProposalKind.FREE:
            build.skipped.append(proposal)
        for ref, change in applied:
            build.changes.append(AppliedChange(ref, str(change), proposal, decision))
    return build


# The stored draft -------------------------------------------------------------------------


def round_draft(review_round: ReviewRound) -> StrategyVersion | None:
    """The draft of the next version this round's decisions built (None before any), which
    stays the round's draft after it has been published."""
    link = db.session.get(RoundDraft, review_round.id)
    return link.version if link is not None else None


def refresh_draft(review_round: ReviewRound) -> StrategyVersion | None:
    """Build the draft again from the decisions and store it (flushes only)."""
    draft = round_draft(review_round)
    if draft is not None and draft.status != VersionStatus.DRAFT:
        raise ProposalError(
            "draft_published", "The next version has been published; decisions are final."
        )
    build = build_draft_data(review_round)
    if draft is None and not build.changes:
        return None
    parsed = parse_strategy_data(build.data)
    if draft is None:
        draft = strategy_services.load_strategy(parsed, make_current=False)
        draft.based_on_id = review_round.strategy_version_id
        db.session.add(RoundDraft(round_id=review_round.id, version_id=draft.id))
    else:
        strategy_services.rebuild_version(draft, parsed)
    db.session.execute(delete(DraftChange).where(DraftChange.draft_version_id == draft.id))
    for position, item in enumerate(build.changes):
        db.session.add(
            DraftChange(
                draft_version_id=draft.id,
                element_ref=item.element_ref,
                change=item.change,
                proposal_id=item.proposal.id,
                decision_id=item.decision.id,
                position=position,
            )
        )
    db.session.flush()
    return draft


def element_changes(draft_version: StrategyVersion) -> dict[str, list[DraftChange]]:
    """The provenance of each changed element of a draft: the rows (proposal, decision with
    outcome, reason, decided_at, decided_by) in the order they were applied."""
    rows = db.session.scalars(
        select(DraftChange)
        .where(DraftChange.draft_version_id == draft_version.id)
        .order_by(DraftChange.position)
    )
    changes: dict[str, list[DraftChange]] = defaultdict(list)
    for row in rows:
        changes[row.element_ref].append(row)
    return dict(changes)


def conflicts(draft_version: StrategyVersion | None) -> dict[str, list[DraftChange]]:
    """Elements that more than one accepted proposal changed (the later wording won)."""
    if draft_version is None:
        return {}
    return {ref: rows for ref, rows in element_changes(draft_version).items() if len(rows) > 1}


def publish_draft(review_round: ReviewRound) -> StrategyVersion:
    """Make the round's draft the strategy's current version."""
    draft = round_draft(review_round)
    if draft is None:
        raise ProposalError("no_draft", "No proposal has been accepted yet.")
    if draft.status != VersionStatus.DRAFT:
        raise ProposalError("draft_published", "The draft has been published already.")
    strategy_services.publish_version(draft)
    return draft

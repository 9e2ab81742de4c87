"""Proposals, support, comments and moderation: the rules every path (HTTP, Socket.IO, CLI,
demo) goes through. Services flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from workshop.audit.services import record
from workshop.errors import DomainError, NotFound
from workshop.extensions import db
from workshop.models import utcnow
from workshop.proposals.models import (
    Comment,
    Decision,
    Outcome,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Support,
)
from workshop.review.models import (
    Participant,
    ReviewRound,
    RoundStatus,
    SessionStatus,
    StepKind,
)
from workshop.strategy.diff import Element, flatten
from workshop.strategy.export import version_to_dict
from workshop.strategy.models import VersionStatus
from workshop.synthesis.arrival import text_arrived
from workshop.text import clean_text

MAX_TEXT = 2000
MAX_RATIONALE = 4000
MAX_COMMENT = 2000
MAX_REASON = 2000
# An indicator's target is one line in the strategy file.
MAX_TARGET_TEXT = 500
MEASURES_REF = "measures"

# The kinds of element each kind of proposal may target.
KIND_TARGETS: dict[str, frozenset[str]] = {
    ProposalKind.ADD_CHALLENGE: frozenset({"focus_area"}),
    ProposalKind.ADD_SOLUTION: frozenset({"challenge"}),
    ProposalKind.ADD_ACTION: frozenset({"focus_area"}),
    ProposalKind.REWORD: frozenset({"challenge", "solution", "action", "measure"}),
    ProposalKind.REMOVE: frozenset({"challenge", "solution", "action", "measure", "indicator"}),
    ProposalKind.CHANGE_TARGET: frozenset({"indicator"}),
    ProposalKind.ADD_MEASURE: frozenset({MEASURES_REF}),
    ProposalKind.DESCRIBE_FOCUS_AREA: frozenset({"focus_area"}),
    ProposalKind.FREE: frozenset({"focus_area", "theme"}),
}
# Kinds whose text is optional: removing needs only the element and the rationale.
TEXT_OPTIONAL = frozenset({ProposalKind.REMOVE})


class ProposalError(DomainError):
    """A proposal rule was broken; ``code`` names it for API clients."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# Elements ---------------------------------------------------------------------------------

# Flattened elements of a version by (version id, creation time): a round's version does not
# change while people propose, and this is read for every proposal and every list sent.
_elements_cache: dict[tuple[int, object], dict[str, Element]] = {}


def round_elements(review_round: ReviewRound) -> dict[str, Element]:
    """Every element of the round's strategy version by reference (see strategy.diff)."""
    version = review_round.strategy_version
    key = (version.id, version.created_at)
    if key not in _elements_cache:
        if len(_elements_cache) > 50:
            _elements_cache.clear()
        _elements_cache[key] = flatten(version_to_dict(version))
    return _elements_cache[key]


def target_kind(review_round: ReviewRound, target_ref: str) -> str | None:
    """The kind of element ``target_ref`` names in the round's version (None if unknown)."""
    if target_ref == MEASURES_REF:
        return MEASURES_REF
    element = round_elements(review_round).get(target_ref)
    return element.kind if element else None


def focus_area_of(target_ref: str) -> str | None:
    """The focus area a reference lies in (``focus_area/<key>/...``), if any."""
    parts = target_ref.split("/")
    return parts[1] if len(parts) >= 2 and parts[0] == "focus_area" else None


def element_label(review_round: ReviewRound, target_ref: str, locale: str | None) -> str:
    """The target element's main text in ``locale`` (its primary text when untranslated)."""
    element = round_elements(review_round).get(target_ref)
    if element is None:
        return target_ref
    for name in ("title", "name", "text"):
        if name in element.fields:
            translated = (element.translations or {}).get(locale or "", {}).get(name)
            return str(translated or element.fields[name] or "")
    return target_ref


# Proposals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalInput:
    """A proposal as plain values, from any edge."""

    kind: str
    target_ref: str
    text: str = ""
    rationale: str = ""
    target_value: float | None = None
    client_id: str | None = None


# When participants' proposals, support and comments are taken: while their own session is
# open and its open step is one of these (docs/protocol.md, "Room state"). The assistant turns
# what people say while scoring into proposals, and an online window is one open scoring step,
# so scoring steps take new proposals; support and comments need the proposals list on screen,
# which the proposals and support steps (and an online window) show.
PROPOSING_STEPS = frozenset({StepKind.SCORING, StepKind.PROPOSALS, StepKind.SUPPORT})
SUPPORTING_STEPS = frozenset({StepKind.PROPOSALS, StepKind.SUPPORT})


def _check_participant(
    review_round: ReviewRound, participant: Participant, *, proposing: bool = False
) -> None:
    """Refuse a participant's proposal (``proposing``), vote or comment outside its time."""
    refused = _refusal(review_round, participant, proposing=proposing)
    if refused is not None:
        raise refused


def proposing_open(participant: Participant) -> bool:
    """Whether the participant may make a new proposal now: the rule ``create_proposal``
    applies, asked before the chat walks someone through a proposal."""
    return proposal_refusal(participant) is None


def proposal_refusal(participant: Participant) -> ProposalError | None:
    """Why ``create_proposal`` would refuse the participant's new proposal now, or None."""
    review_round = db.session.get(ReviewRound, participant.round_id)
    return _refusal(review_round, participant, proposing=True)


def _refusal(
    review_round: ReviewRound, participant: Participant, *, proposing: bool
) -> ProposalError | None:
    """Why the participant's proposal (``proposing``), vote or comment is refused now, or
    None when it is taken."""
    if participant.round_id != review_round.id:
        return ProposalError("unauthorized", "You take part in another round.")
    if review_round.status == RoundStatus.CLOSED:
        return ProposalError("round_closed", "The round is closed.")
    session = participant.session
    if session is None or session.status != SessionStatus.OPEN:
        return ProposalError("session_closed", "Your workshop is not open.")
    step = session.open_step
    if step is None:
        return ProposalError("proposals_closed", "No step of your workshop is open.")
    if proposing and step.kind in PROPOSING_STEPS:
        return None
    if not proposing and (step.kind in SUPPORTING_STEPS or session.online):
        return None
    return ProposalError(
        "proposals_closed",
        "Proposals are taken in the proposals and support steps (and while scoring)."
        if proposing
        else "Support and comments are taken in the proposals and support steps.",
    )


def _validated(review_round: ReviewRound, item: ProposalInput) -> tuple[str, str, str]:
    """The cleaned text and rationale and the focus area; raises the first rule broken."""
    if item.kind not in KIND_TARGETS:
        raise ProposalError("invalid_kind", f"Unknown kind of proposal {item.kind!r}.")
    kind = target_kind(review_round, item.target_ref)
    if kind is None or kind not in KIND_TARGETS[item.kind]:
        raise ProposalError("invalid_target", "Choose an element this kind of proposal applies to.")
    multiline = item.kind != ProposalKind.CHANGE_TARGET
    text = clean_text(item.text, multiline=multiline)
    rationale = clean_text(item.rationale)
    numeric_target = item.kind == ProposalKind.CHANGE_TARGET and item.target_value is not None
    if not text and item.kind not in TEXT_OPTIONAL and not numeric_target:
        raise ProposalError("text_required", "Write the proposal.")
    limit = MAX_TARGET_TEXT if item.kind == ProposalKind.CHANGE_TARGET else MAX_TEXT
    if len(text) > limit or len(rationale) > MAX_RATIONALE:
        raise ProposalError("too_long", "The text is too long.")
    if item.target_value is not None and item.kind != ProposalKind.CHANGE_TARGET:
        raise ProposalError("invalid_value", "Only a target change takes a number.")
    return text, rationale, focus_area_of(item.target_ref)


def create_proposal(
    review_round: ReviewRound,
    item: ProposalInput,
    *,
    participant: Participant | None = None,
    user=None,
) -> tuple[Proposal, bool]:
    """Store a proposal by a participant (or a facilitator); returns it and whether it is a
    repeat of one already stored under the same client id (then nothing changes)."""
    if participant is None and user is None:
        raise ProposalError("unauthorized", "A proposal needs an author.")
    if participant is None and review_round.status == RoundStatus.CLOSED:
        raise ProposalError("round_closed", "The round is closed.")
    if participant is not None:
        # A resend of a stored proposal is acknowledged again, even after its step closed.
        if item.client_id:
            earlier = db.session.scalar(
                select(Proposal).where(
                    Proposal.participant_id == participant.id,
                    Proposal.client_id == item.client_id,
                )
            )
            if earlier is not None:
                return earlier, True
        _check_participant(review_round, participant, proposing=True)
    text, rationale, focus_area_key = _validated(review_round, item)
    held = participant is not None and review_round.hold_proposals
    proposal = Proposal(
        round_id=review_round.id,
        session_id=participant.session_id if participant else None,
        participant_id=participant.id if participant else None,
        group_id=participant.group_id if participant else None,
        author_user_id=user.id if user is not None and participant is None else None,
        client_id=item.client_id if participant else None,
        kind=item.kind,
        target_ref=item.target_ref,
        focus_area_key=focus_area_key,
        text=text,
        original_text=text,
        rationale=rationale,
        target_value=item.target_value,
        status=ProposalStatus.HELD if held else ProposalStatus.PUBLISHED,
    )
    db.session.add(proposal)
    db.session.flush()
    text_arrived(proposal.text, proposal.rationale)  # its features, for themes (off the loop)
    return proposal, False


def get_proposal(proposal_id: int, review_round: ReviewRound | None = None) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or (review_round is not None and proposal.round_id != review_round.id):
        raise NotFound(f"Proposal {proposal_id} does not exist.")
    return proposal


def visible_to_participant(proposal: Proposal, participant: Participant) -> bool:
    """Published proposals are seen by everyone; held ones only by their author."""
    if proposal.status == ProposalStatus.PUBLISHED:
        return True
    return proposal.status == ProposalStatus.HELD and proposal.participant_id == participant.id


def list_proposals(review_round: ReviewRound) -> list[Proposal]:
    """Every proposal of the round, oldest first, with what the lists show loaded at once."""
    return list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.round_id == review_round.id)
            .order_by(Proposal.id)
            .options(
                selectinload(Proposal.comments).selectinload(Comment.group),
                selectinload(Proposal.group),
                selectinload(Proposal.decision),
                selectinload(Proposal.session),
            )
        )
    )


# Support ----------------------------------------------------------------------------------


def set_support(proposal: Proposal, participant: Participant, value: int) -> int:
    """Support (1), oppose (-1) or withdraw (0); a second vote replaces the first."""
    if value not in (-1, 0, 1):
        raise ProposalError("invalid_value", "Support is 1, -1 or 0.")
    _check_participant(proposal.review_round, participant)
    if proposal.status == ProposalStatus.MERGED:
        raise ProposalError("merged", "The proposal has been merged into another; support that.")
    if not visible_to_participant(proposal, participant):
        raise NotFound("No such proposal.")
    if proposal.status != ProposalStatus.PUBLISHED:
        raise ProposalError("not_published", "The proposal waits for approval.")
    if value == 0:
        db.session.execute(
            delete(Support).where(
                Support.proposal_id == proposal.id, Support.participant_id == participant.id
            )
        )
    else:
        _upsert_support(proposal.id, participant.id, value)
    db.session.flush()
    return value


def _upsert_support(proposal_id: int, participant_id: int, value: int) -> None:
    """One statement, so that two votes of the same person at the same moment (two tabs, two
    processes) end as one row instead of a unique-constraint error."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    now = utcnow()
    statement = insert(Support).values(
        proposal_id=proposal_id, participant_id=participant_id, value=value, updated_at=now
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[Support.proposal_id, Support.participant_id],
            set_={"value": value, "updated_at": now},
        )
    )


@dataclass
class Tally:
    supports: int = 0
    opposes: int = 0

    @property
    def net(self) -> int:
        return self.supports - self.opposes


def _count(rows, owner: dict[int, int]) -> dict[int, Tally]:
    """Tallies from (proposal id, participant id, value, updated_at) rows: each participant once
    per target, the target's own vote first, else their latest vote on a duplicate."""
    votes: dict[int, dict[int, tuple[bool, object, int]]] = {}
    for proposal_id, participant_id, value, updated_at in rows:
        target = owner[proposal_id]
        own = proposal_id == target
        earlier = votes.setdefault(target, {}).get(participant_id)
        if earlier is None or (own, updated_at) > (earlier[0], earlier[1]):
            votes[target][participant_id] = (own, updated_at, value)
    result = {proposal_id: Tally() for proposal_id in set(owner.values()) | set(owner)}
    for target, by_participant in votes.items():
        for _, _, value in by_participant.values():
            if value > 0:
                result[target].supports += 1
            else:
                result[target].opposes += 1
    return result


# A participant a facilitator removed is not counted (docs/security.md, "Participation
# integrity").
_SUPPORT_ROWS = (
    select(Support.proposal_id, Support.participant_id, Support.value, Support.updated_at)
    .join(Participant, Support.participant_id == Participant.id)
    .where(Participant.removed_at.is_(None))
)


def tallies(review_round: ReviewRound) -> dict[int, Tally]:
    """Supports and opposes of each proposal, counted over distinct participants across the
    proposal and every duplicate merged into it: the proposal's own vote wins, otherwise the
    latest vote on a duplicate, so that nobody is counted twice."""
    owner = {
        proposal_id: merged_into_id or proposal_id
        for proposal_id, merged_into_id in db.session.execute(
            select(Proposal.id, Proposal.merged_into_id).where(Proposal.round_id == review_round.id)
        )
    }
    rows = db.session.execute(
        _SUPPORT_ROWS.join(Proposal, Support.proposal_id == Proposal.id).where(
            Proposal.round_id == review_round.id
        )
    )
    return _count(rows, owner)


def tally_of(proposal: Proposal) -> Tally:
    """The tally of one proposal (as ``tallies`` counts it), reading only its own votes and
    those of its duplicates: what a vote's acknowledgement needs."""
    owner = {proposal.id: proposal.id}
    for duplicate_id in db.session.scalars(
        select(Proposal.id).where(Proposal.merged_into_id == proposal.id)
    ):
        owner[duplicate_id] = proposal.id
    rows = db.session.execute(_SUPPORT_ROWS.where(Support.proposal_id.in_(owner)))
    return _count(rows, owner)[proposal.id]


def participant_votes(participant: Participant) -> dict[int, int]:
    """The participant's own votes by proposal id."""
    return dict(
        db.session.execute(
            select(Support.proposal_id, Support.value).where(
                Support.participant_id == participant.id
            )
        ).all()
    )


# Comments ---------------------------------------------------------------------------------


def add_comment(
    proposal: Proposal, text: str, *, participant: Participant | None = None, user=None
) -> Comment:
    """Add a comment to a proposal's thread."""
    text = clean_text(text)
    if not text:
        raise ProposalError("text_required", "Write the comment.")
    if len(text) > MAX_COMMENT:
        raise ProposalError("too_long", "The comment is too long.")
    if participant is not None:
        _check_participant(proposal.review_round, participant)
        if not visible_to_participant(proposal, participant):
            raise NotFound("No such proposal.")
    elif user is None:
        raise ProposalError("unauthorized", "A comment needs an author.")
    comment = Comment(
        proposal=proposal,
        participant_id=participant.id if participant else None,
        group_id=participant.group_id if participant else None,
        author_user_id=user.id if user is not None and participant is None else None,
        text=text,
    )
    db.session.add(comment)
    db.session.flush()
    text_arrived(comment.text)
    return comment


# Moderation -------------------------------------------------------------------------------


def _reason(reason: str) -> str:
    reason = clean_text(reason)
    if not reason:
        raise ProposalError("reason_required", "Give a reason.")
    if len(reason) > MAX_REASON:
        raise ProposalError("too_long", "The reason is too long.")
    return reason


def _after_change(proposal: Proposal) -> None:
    """A decided proposal's change reaches the draft of the next version."""
    if proposal.decision is not None:
        from workshop.proposals.draft import refresh_draft

        refresh_draft(proposal.review_round)


def edit_proposal(proposal: Proposal, text: str, user) -> None:
    """A facilitator edits the wording; the author's original stays in ``original_text``."""
    item = ProposalInput(
        kind=proposal.kind,
        target_ref=proposal.target_ref,
        text=text,
        target_value=proposal.target_value,
    )
    cleaned, _, _ = _validated(proposal.review_round, item)
    proposal.text = cleaned
    proposal.edited_by_id = user.id if user is not None else None
    proposal.edited_at = utcnow()
    db.session.flush()
    _after_change(proposal)


def approve(proposal: Proposal) -> None:
    """Let a held proposal be seen by everyone."""
    if proposal.status not in (ProposalStatus.HELD, ProposalStatus.HIDDEN):
        raise ProposalError("not_held", "The proposal is not waiting for approval.")
    proposal.status = ProposalStatus.PUBLISHED
    proposal.hidden_reason = ""
    db.session.flush()
    _after_change(proposal)


def hide(proposal: Proposal, reason: str) -> None:
    """Hide abusive content from participants; the reason is kept for the record."""
    if proposal.status == ProposalStatus.MERGED:
        raise ProposalError("merged", "The proposal has been merged into another.")
    proposal.hidden_reason = _reason(reason)
    proposal.status = ProposalStatus.HIDDEN
    db.session.flush()
    _after_change(proposal)


def hide_comment(comment: Comment, reason: str) -> None:
    comment.hidden_reason = _reason(reason)
    comment.hidden = True
    db.session.flush()


def merge(duplicate: Proposal, target: Proposal) -> None:
    """Merge a duplicate into ``target``: its supports and comments count there from now on
    (nobody twice, see ``tallies``); duplicates already merged into it move along."""
    if duplicate.id == target.id or duplicate.round_id != target.round_id:
        raise ProposalError("invalid_merge", "Choose another proposal of the same round.")
    if target.status != ProposalStatus.PUBLISHED:
        raise ProposalError("invalid_merge", "Merge into a published proposal.")
    if duplicate.status == ProposalStatus.MERGED:
        raise ProposalError("merged", "The proposal has already been merged.")
    if duplicate.decision is not None:
        raise ProposalError("decided", "The council has decided this proposal already.")
    for earlier in db.session.scalars(
        select(Proposal).where(Proposal.merged_into_id == duplicate.id)
    ):
        earlier.merged_into_id = target.id
    duplicate.status = ProposalStatus.MERGED
    duplicate.merged_into_id = target.id
    db.session.flush()


def merged_by_target(proposals: list[Proposal]) -> dict[int, list[Proposal]]:
    """The duplicates among ``proposals`` by the id of the proposal they were merged into."""
    merged: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        if proposal.merged_into_id:
            merged.setdefault(proposal.merged_into_id, []).append(proposal)
    return merged


def merged_proposals(target: Proposal) -> list[Proposal]:
    return list(
        db.session.scalars(
            select(Proposal).where(Proposal.merged_into_id == target.id).order_by(Proposal.id)
        )
    )


def set_hold_proposals(review_round: ReviewRound, hold: bool) -> None:
    review_round.hold_proposals = hold
    db.session.flush()


# Council decisions ------------------------------------------------------------------------


def decide(proposal: Proposal, outcome: str, reason: str, user, wording: str = "") -> Decision:
    """Record (or change) the council's decision; the draft of the next version follows."""
    from workshop.proposals.draft import refresh_draft, round_draft

    draft = round_draft(proposal.review_round)
    if draft is not None and draft.status != VersionStatus.DRAFT:
        raise ProposalError(
            "draft_published", "The next version has been published; decisions are final."
        )
    if outcome not in Outcome.__members__.values():
        raise ProposalError("invalid_outcome", f"Unknown outcome {outcome!r}.")
    if proposal.status != ProposalStatus.PUBLISHED:
        raise ProposalError("not_published", "Only published proposals are decided.")
    wording = clean_text(wording, multiline=proposal.kind != ProposalKind.CHANGE_TARGET)
    if outcome == Outcome.ACCEPTED_WITH_CHANGES:
        if not wording and proposal.kind not in TEXT_OPTIONAL:
            raise ProposalError("wording_required", "Give the council's wording.")
        limit = MAX_TARGET_TEXT if proposal.kind == ProposalKind.CHANGE_TARGET else MAX_TEXT
        if len(wording) > limit:
            raise ProposalError("too_long", "The wording is too long.")
    else:
        wording = ""
    reason = _reason(reason)
    decision = proposal.decision
    if decision is None:
        decision = Decision(proposal=proposal)
        db.session.add(decision)
    decision.outcome = outcome
    decision.wording = wording
    decision.reason = reason
    decision.decided_by_id = user.id if user is not None else None
    decision.decided_at = utcnow()
    db.session.flush()
    refresh_draft(proposal.review_round)
    record("proposal.decide", actor=user, subject=f"proposal:{proposal.id}", outcome=outcome)
    return decision

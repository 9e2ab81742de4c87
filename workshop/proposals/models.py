"""Proposals on strategy elements, their support and comments, council decisions, and the
provenance of each change in the draft of the next strategy version."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.auth.models import User
from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow
from workshop.review.models import Participant, ReviewRound, StakeholderGroup, WorkshopSession
from workshop.strategy.models import StrategyVersion


class ProposalKind(StrEnum):
    """What a proposal asks; the target is the element itself or, for additions, its parent."""

    ADD_CHALLENGE = "add_challenge"  # target: focus_area/<fa>
    ADD_SOLUTION = "add_solution"  # target: focus_area/<fa>/challenge/<c>
    # Some focus areas list actions (toimenpiteet) instead of challenges and solutions.
    ADD_ACTION = "add_action"  # target: focus_area/<fa>
    REWORD = "reword"  # target: a challenge, solution, action or measure
    REMOVE = "remove"  # target: a challenge, solution, action, measure or indicator
    CHANGE_TARGET = "change_target"  # target: indicator/<i>
    ADD_MEASURE = "add_measure"  # target: "measures"
    DESCRIBE_FOCUS_AREA = "describe_focus_area"  # target: focus_area/<fa>
    FREE = "free"  # target: focus_area/<fa> or theme/<t>; changes no text by itself


class ProposalStatus(StrEnum):
    """Held proposals wait for a facilitator's approval; hidden and merged ones leave the list."""

    HELD = "held"
    PUBLISHED = "published"
    HIDDEN = "hidden"
    MERGED = "merged"


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    ACCEPTED_WITH_CHANGES = "accepted_with_changes"
    REJECTED = "rejected"
    POSTPONED = "postponed"


ACCEPTING = (Outcome.ACCEPTED, Outcome.ACCEPTED_WITH_CHANGES)


class Proposal(db.Model):
    """A participant's (or facilitator's) proposal to change the strategy, with its rationale."""

    __tablename__ = "proposal"
    __table_args__ = (UniqueConstraint("participant_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_round.id", ondelete="CASCADE"), index=True
    )
    # None when made in the round's online window rather than in a workshop session.
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="SET NULL"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    author_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder_group.id", ondelete="SET NULL")
    )
    # The id the client gave it: a resent proposal is recognised and not stored twice.
    client_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(30))
    target_ref: Mapped[str] = mapped_column(String(400))
    focus_area_key: Mapped[str | None] = mapped_column(String(120), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    # The wording as its author wrote it; ``text`` may since have been edited by a facilitator.
    original_text: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    # A new numeric target (change_target only; None keeps the target qualitative).
    target_value: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.PUBLISHED)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="SET NULL"), index=True
    )
    edited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review_round: Mapped[ReviewRound] = relationship()
    session: Mapped[WorkshopSession | None] = relationship()
    participant: Mapped[Participant | None] = relationship()
    author_user: Mapped[User | None] = relationship(foreign_keys=[author_user_id])
    edited_by: Mapped[User | None] = relationship(foreign_keys=[edited_by_id])
    group: Mapped[StakeholderGroup | None] = relationship()
    merged_into: Mapped[Proposal | None] = relationship(remote_side=[id])
    decision: Mapped[Decision | None] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", uselist=False
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="proposal", order_by="Comment.id", cascade="all, delete-orphan"
    )

    @property
    def edited(self) -> bool:
        return self.text != self.original_text


class Support(db.Model):
    """A participant's support (+1) or opposition (-1) of a proposal; one per participant."""

    __tablename__ = "proposal_support"
    __table_args__ = (
        UniqueConstraint("proposal_id", "participant_id"),
        CheckConstraint("value IN (-1, 1)", name="support_value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[int] = mapped_column(SmallInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Comment(db.Model):
    """A comment in a proposal's discussion thread."""

    __tablename__ = "proposal_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )
    author_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder_group.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden: Mapped[bool] = mapped_column(default=False)
    # Held for a facilitator's approval when the round holds what participants write
    # (ReviewRound.hold_proposals): only its author sees it until then.
    held: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="comments")
    group: Mapped[StakeholderGroup | None] = relationship()
    author_user: Mapped[User | None] = relationship()


class Decision(db.Model):
    """The council's decision on one proposal, with its reason."""

    __tablename__ = "proposal_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), unique=True
    )
    outcome: Mapped[str] = mapped_column(String(30))
    # The council's wording, for accepted_with_changes.
    wording: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="decision")
    decided_by: Mapped[User | None] = relationship()

    @property
    def accepting(self) -> bool:
        return self.outcome in ACCEPTING


class RoundDraft(db.Model):
    """The draft of the next strategy version that a round's decisions build."""

    __tablename__ = "round_draft"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_round.id", ondelete="CASCADE"), primary_key=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_version.id", ondelete="CASCADE"), unique=True
    )

    version: Mapped[StrategyVersion] = relationship()


class DraftChange(db.Model):
    """Where one change of a draft came from: the element, how it changed, proposal, decision."""

    __tablename__ = "draft_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_version_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_version.id", ondelete="CASCADE"), index=True
    )
    element_ref: Mapped[str] = mapped_column(String(400))
    change: Mapped[str] = mapped_column(String(10))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("proposal_decision.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    proposal: Mapped[Proposal] = relationship()
    decision: Mapped[Decision] = relationship()

"""A review round of a strategy version, its workshop sessions, participants and answers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models import Translatable, UTCDateTime, utcnow
from workshop.strategy.models import StrategyVersion


class RoundStatus(StrEnum):
    """A round is prepared as a draft, open while people take part, closed afterwards."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class SessionStatus(StrEnum):
    """A session can be joined only while it is open."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class StepKind(StrEnum):
    """The kinds of agenda steps a facilitator walks the room through."""

    WELCOME = "welcome"
    INDICATORS = "indicators"
    SCORING = "scoring"
    PROPOSALS = "proposals"
    SUPPORT = "support"
    # The kinds of workshop/steps: an open question, a poll, a prioritisation of focus areas.
    OPEN_QUESTION = "open_question"
    POLL = "poll"
    PRIORITY = "priority"
    WRAPUP = "wrapup"


class ResultsMode(StrEnum):
    """Who sees a step's results while people still answer (the room anchors on what it sees)."""

    REVEAL = "reveal"  # the console live; the projector and phones once the facilitator reveals
    LIVE = "live"  # everyone live from the first answer
    STAFF = "staff"  # the console only, never the room


class StepStatus(StrEnum):
    PENDING = "pending"
    OPEN = "open"
    CLOSED = "closed"


# Facilitators who run a round beside its owner (docs/security.md, "Accounts and roles").
round_cohost = Table(
    "round_cohost",
    db.metadata,
    Column("round_id", ForeignKey("review_round.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


class ReviewRound(db.Model):
    """An annual review ("Vuosiarviointi 2026") of one strategy version."""

    __tablename__ = "review_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_version_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_version.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=RoundStatus.DRAFT)
    # Pre-moderation: new proposals wait for a facilitator's approval before others see them.
    hold_proposals: Mapped[bool] = mapped_column(Boolean, default=False)
    # What happens after the workshops (the council's timetable), shown in every wrap-up step.
    next_steps: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The facilitator who created it; null for rounds older than ownership (all staff run them).
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )

    strategy_version: Mapped[StrategyVersion] = relationship()
    owner = relationship("User", foreign_keys=[owner_id])
    cohosts = relationship("User", secondary=round_cohost, order_by="User.email")
    groups: Mapped[list[StakeholderGroup]] = relationship(
        back_populates="review_round",
        order_by="StakeholderGroup.position",
        cascade="all, delete-orphan",
    )
    questions: Mapped[list[Question]] = relationship(
        back_populates="review_round", order_by="Question.position", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[WorkshopSession]] = relationship(
        back_populates="review_round",
        order_by="WorkshopSession.id",
        cascade="all, delete-orphan",
    )


class StakeholderGroup(Translatable, db.Model):
    """A group participants belong to (clusters, research and education institutions, ...)."""

    __tablename__ = "stakeholder_group"
    __table_args__ = (UniqueConstraint("round_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_round.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    review_round: Mapped[ReviewRound] = relationship(back_populates="groups")
    language = "fi"


class Question(Translatable, db.Model):
    """A scoring question asked of every focus area, on a scale with an optional "don't know"."""

    __tablename__ = "review_question"
    __table_args__ = (
        UniqueConstraint("round_id", "key"),
        CheckConstraint("scale_min < scale_max", name="scale_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_round.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(String(500))
    low_label: Mapped[str] = mapped_column(String(100), default="")
    high_label: Mapped[str] = mapped_column(String(100), default="")
    scale_min: Mapped[int] = mapped_column(Integer, default=1)
    scale_max: Mapped[int] = mapped_column(Integer, default=5)
    allow_dont_know: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    review_round: Mapped[ReviewRound] = relationship(back_populates="questions")
    language = "fi"


class WorkshopSession(db.Model):
    """One workshop of a round (Oulu, Raahe, online) that participants join by its code."""

    __tablename__ = "workshop_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_round.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=SessionStatus.DRAFT)
    # An online window: no facilitator, one scoring step of every focus area, answered at
    # each participant's own pace (the assistant walks them through it).
    online: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Off by default: no output needs a participant's name or organisation (docs/security.md).
    ask_identity: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A second factor for joining: a PIN said aloud in the room, never shown on the projector.
    join_pin: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When it was last closed: a closed session's code is forgotten after a retention time.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    review_round: Mapped[ReviewRound] = relationship(back_populates="sessions")
    steps: Mapped[list[AgendaStep]] = relationship(
        back_populates="session", order_by="AgendaStep.position", cascade="all, delete-orphan"
    )

    @property
    def open_step(self) -> AgendaStep | None:
        return next((step for step in self.steps if step.status == StepStatus.OPEN), None)


class AgendaStep(db.Model):
    """A step of a session's agenda; the facilitator opens and closes it for everyone."""

    __tablename__ = "agenda_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200), default="")
    # Keys of the focus areas a scoring step covers; empty means all of the version's.
    focus_area_keys: Mapped[list] = mapped_column(JSON, default=list)
    # What an open question, a poll or a prioritisation asks (workshop/steps/config.py).
    config: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    status: Mapped[str] = mapped_column(String(20), default=StepStatus.PENDING)
    results_visible: Mapped[bool] = mapped_column(Boolean, default=False)
    results_mode: Mapped[str] = mapped_column(
        String(10), default=ResultsMode.REVEAL, server_default=ResultsMode.REVEAL.value
    )
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timer_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[WorkshopSession] = relationship(back_populates="steps")

    @property
    def results_shown(self) -> bool:
        """Whether the room (projector and phones) sees the step's results now."""
        if self.results_mode == ResultsMode.LIVE:
            return True
        return self.results_mode == ResultsMode.REVEAL and self.results_visible


class Participant(db.Model):
    """Someone taking part in a round from one device, known by a signed token, no account."""

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_round.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="SET NULL"), index=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_group.id", ondelete="RESTRICT"))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    name: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(8), default="fi")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When their personal data was erased: anonymous since, their device token still works.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Removed by a facilitator (a soft delete, so the removal can be answered for and undone):
    # their answers leave every result and their token stops working.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    group: Mapped[StakeholderGroup] = relationship()

    @property
    def removed(self) -> bool:
        return self.removed_at is not None

    session: Mapped[WorkshopSession | None] = relationship()


class Answer(db.Model):
    """A participant's score of one focus area on one question; changing it replaces it."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("participant_id", "question_id", "focus_area_key"),
        # Live results count a session's answers many times a second: this index holds every
        # column they group by, so the count reads the index alone (no table, no join).
        Index("ix_answer_live", "session_id", "question_id", "focus_area_key", "group_id", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("review_question.id", ondelete="CASCADE"), index=True
    )
    focus_area_key: Mapped[str] = mapped_column(String(120))
    # The participant's group, copied here for the live counts (participation keeps it equal).
    group_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_group.id", ondelete="RESTRICT"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="SET NULL")
    )
    step_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_step.id", ondelete="SET NULL"))
    # None is "en osaa sanoa" (don't know).
    value: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    participant: Mapped[Participant] = relationship()
    question: Mapped[Question] = relationship()


class Submission(db.Model):
    """The id a client gave a submission: a resent submission finds its id here and is ignored."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("participant_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id", ondelete="SET NULL"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

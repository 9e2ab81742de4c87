"""Invitations of the register's contacts to a round's sessions, the record of every message
sent, and the reminder times a facilitator sets."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.convening.models import Contact
from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow
from workshop.review.models import Participant, ReviewRound, WorkshopSession


class Answer(StrEnum):
    """What a contact said from their personal link."""

    COMING = "coming"
    NOT_COMING = "not_coming"


class MailKind(StrEnum):
    INVITATION = "invitation"
    REMINDER = "reminder"


class MailStatus(StrEnum):
    """A message waits in the outbox (queued), is being handed to the SMTP server (sending),
    was accepted by it (sent), gave up after its last attempt (failed), or was dropped
    because its contact unsubscribed first (cancelled)."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Invitation(db.Model):
    """One contact invited to one session of a round (a workshop or the online window).

    The personal link's token is never stored: ``token_nonce`` and the app's secret key derive
    it (workshop/convening/invitations.py), and ``token_hash`` finds the invitation from it. A
    copy of the database alone then opens no invitation, and a retried message still carries
    its link.
    """

    __tablename__ = "invitation"
    __table_args__ = (
        UniqueConstraint("contact_id", "session_id"),
        CheckConstraint("answer IN ('coming', 'not_coming')", name="invitation_answer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_round.id", ondelete="CASCADE"), index=True
    )
    # A workshop of the round or its online window (a WorkshopSession with online=True).
    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("register_contact.id", ondelete="CASCADE"), index=True
    )
    token_nonce: Mapped[str] = mapped_column(String(32), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    answer: Mapped[str | None] = mapped_column(String(12))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The participant who joined from the link: the invitation's "took part".
    # Unique: one participant is one invitation's (a shared device must not tie B's link to
    # A); the index also serves the ON DELETE SET NULL when a participant is erased.
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), unique=True, index=True
    )
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review_round: Mapped[ReviewRound] = relationship()
    session: Mapped[WorkshopSession] = relationship()
    contact: Mapped[Contact] = relationship()
    participant: Mapped[Participant | None] = relationship()
    messages: Mapped[list[MailMessage]] = relationship(
        back_populates="invitation", order_by="MailMessage.id", passive_deletes=True
    )

    @property
    def joined(self) -> bool:
        # joined_at, not participant_id: erasing the participant's data unties the participant
        # from the contact, and that the contact took part is still counted.
        return self.joined_at is not None

    @property
    def last_message(self) -> MailMessage | None:
        return self.messages[-1] if self.messages else None


class MailMessage(db.Model):
    """The record of one message: to whom, what, in which language, and how its sending went.

    Its text is not kept: it is built again from the invitation for each attempt, so the
    outbox holds no personal link. ``last_error`` names the SMTP reply code and class only,
    never an address.
    """

    __tablename__ = "mail_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(10), default=MailStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    # Where the links in it point (the public address when the message was queued).
    link_base: Mapped[str] = mapped_column(String(300))
    message_id: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    invitation: Mapped[Invitation | None] = relationship(back_populates="messages")


class Reminder(db.Model):
    """A time the facilitator set for reminding a round's invitees; sent once when it comes."""

    __tablename__ = "invitation_reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_round.id", ondelete="CASCADE"), index=True
    )
    send_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How many reminders went out when it was sent (shown beside it).
    sent_count: Mapped[int] = mapped_column(Integer, default=0)
    link_base: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

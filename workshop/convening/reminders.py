"""The reminder times a facilitator sets for a round, and sending them when they come."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from workshop.convening import invitations
from workshop.convening.invitation_models import Reminder
from workshop.convening.invitations import InvitationError
from workshop.extensions import db
from workshop.models import utcnow
from workshop.review.models import ReviewRound


def schedule_reminder(review_round: ReviewRound, send_at: datetime, *, link_base: str) -> Reminder:
    """A reminder of the round at ``send_at`` (UTC-aware, in the future)."""
    if send_at <= utcnow():
        raise InvitationError("reminder_in_past", "Choose a time in the future.")
    reminder = Reminder(round_id=review_round.id, send_at=send_at, link_base=link_base)
    db.session.add(reminder)
    db.session.flush()
    return reminder


def cancel_reminder(reminder: Reminder) -> None:
    if reminder.sent_at is not None:
        raise InvitationError("reminder_sent", "The reminder has already been sent.")
    db.session.delete(reminder)
    db.session.flush()


def round_reminders(review_round: ReviewRound) -> list[Reminder]:
    return list(
        db.session.scalars(
            select(Reminder).where(Reminder.round_id == review_round.id).order_by(Reminder.send_at)
        )
    )


def send_due_reminders() -> int:
    """Queue the reminders whose time has come; each is claimed by one conditional UPDATE,
    so two processes never send the same one. Returns how many messages were queued."""
    queued = 0
    now = utcnow()
    due = db.session.scalars(
        select(Reminder.id).where(Reminder.sent_at.is_(None), Reminder.send_at <= now)
    ).all()
    for reminder_id in due:
        claimed = db.session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.sent_at.is_(None))
            .values(sent_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            db.session.rollback()
            continue
        reminder = db.session.get(Reminder, reminder_id, populate_existing=True)
        review_round = db.session.get(ReviewRound, reminder.round_id)
        reminder.sent_count = invitations.remind(review_round, link_base=reminder.link_base).queued
        queued += reminder.sent_count
        db.session.commit()
    return queued

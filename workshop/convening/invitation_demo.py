"""The demo's invitations: the demo register invited to the demo round's sessions, with
answers, and the people who came through their links (`workshop demo`; flushes only)."""

from __future__ import annotations

import random

from sqlalchemy import select

from workshop.convening import invitations
from workshop.convening.invitation_models import Answer, MailKind, MailStatus
from workshop.extensions import db
from workshop.models import utcnow
from workshop.review.models import Participant, ReviewRound, SessionStatus

# Groups of the demo's first session: the register's other groups were not invited, so the
# coverage table has groups and areas to mark missing.
INVITED_GROUPS = ("klusterit", "kehittamisyhtiot", "tutkimus-ja-koulutus", "kunnat")
ANSWER_SHARE = 0.7
COMING_SHARE = 0.6


def create_demo_invitations(
    review_round: ReviewRound, rng: random.Random, *, secret_key: str, link_base: str
) -> invitations.InviteResult:
    """Invite four groups of the register to the round's sessions; a seeded share answered,
    and those coming to an open session joined it as one of its participants of their group.

    The messages are recorded as sent without being sent (demo data): a demo never mails
    the invented addresses, whatever the SMTP settings.
    """
    sessions = [s for s in review_round.sessions if s.status != SessionStatus.CLOSED]
    groups = [g for g in INVITED_GROUPS if g in {group.key for group in review_round.groups}]
    result = invitations.invite(
        review_round, sessions, group_keys=groups, secret_key=secret_key, link_base=link_base
    )
    unlinked = {}
    for participant in db.session.scalars(
        select(Participant).where(Participant.round_id == review_round.id).order_by(Participant.id)
    ):
        unlinked.setdefault((participant.session_id, participant.group.key), []).append(participant)
    now = utcnow()
    for invitation in result.created:
        for message in invitation.messages:
            if message.kind == MailKind.INVITATION:
                message.status, message.attempts, message.sent_at = MailStatus.SENT, 1, now
                message.message_id = f"<demo-invitation-{invitation.id}@strategiapaja.invalid>"
        if rng.random() > ANSWER_SHARE:
            continue
        coming = rng.random() < COMING_SHARE
        invitation.answer = Answer.COMING if coming else Answer.NOT_COMING
        invitation.answered_at = now
        waiting = unlinked.get((invitation.session_id, invitation.contact.organisation.group_key))
        if coming and invitation.session.status == SessionStatus.OPEN and waiting:
            invitation.participant = waiting.pop(0)
            invitation.joined_at = invitation.participant.created_at
    db.session.flush()
    return result

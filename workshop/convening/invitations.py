"""Inviting the register's contacts to a round's sessions, their answers, joining from the
personal link, reminders' recipients, and the counts coverage needs (service layer: flush,
never commit).

The personal link's token is ``HMAC(secret key, nonce)``: 256 bits no one guesses, and the
database keeps only the nonce and the token's SHA-256, so neither a copy of the database nor
the outbox opens an invitation, while the app can still put the same link in a retry or a
reminder. Rotating the secret key ends every link (as it ends every participant token).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from workshop.audit.services import record
from workshop.convening.invitation_models import (
    Answer,
    Invitation,
    MailKind,
    MailMessage,
    MailStatus,
)
from workshop.convening.models import Contact, Organisation, UnsubscribedAddress, address_hash
from workshop.errors import DomainError
from workshop.extensions import db
from workshop.models import utcnow
from workshop.review import participation
from workshop.review.models import Answer as ReviewAnswer
from workshop.review.models import Participant, ReviewRound, SessionStatus, WorkshopSession

TOKEN_LENGTH = 43  # 32 bytes in unpadded base64url
MAX_TOKEN_LENGTH = 100


class InvitationError(DomainError):
    """A rule of inviting was broken; ``code`` names it, the message is safe to show."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# The personal link ------------------------------------------------------------------------


def token_for(invitation: Invitation, secret_key: str) -> str:
    """The personal link's token of an invitation."""
    digest = hmac.new(
        secret_key.encode(), f"invitation:{invitation.token_nonce}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _new_token_fields(invitation: Invitation, secret_key: str) -> None:
    invitation.token_nonce = secrets.token_hex(16)
    invitation.token_hash = hash_token(token_for(invitation, secret_key))


def invitation_by_token(token: str | None) -> Invitation | None:
    """The invitation a personal link names, or None for a missing or unknown token."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    if not token.isascii():
        return None
    return db.session.scalar(
        select(Invitation)
        .where(Invitation.token_hash == hash_token(token))
        .options(
            joinedload(Invitation.contact).joinedload(Contact.organisation),
            joinedload(Invitation.session),
        )
    )


# Inviting ---------------------------------------------------------------------------------


@dataclass
class InviteResult:
    """What an invitation run did: the new invitations and why others were not made."""

    created: list[Invitation] = field(default_factory=list)
    already_invited: int = 0
    unsubscribed: int = 0
    group_not_in_round: int = 0


def _check_sessions(review_round: ReviewRound, sessions: Sequence[WorkshopSession]) -> None:
    if not sessions:
        raise InvitationError("no_session", "Choose at least one session.")
    for session in sessions:
        if session.round_id != review_round.id:
            raise InvitationError("unknown_session", "The session is not part of this round.")
        if session.status == SessionStatus.CLOSED:
            raise InvitationError("session_closed", "The session has ended.")


def contacts_to_invite(
    group_keys: Iterable[str] = (), organisation_ids: Iterable[int] = ()
) -> list[Contact]:
    """The contacts of whole groups and of chosen organisations, each once."""
    group_keys, organisation_ids = list(group_keys), list(organisation_ids)
    if not group_keys and not organisation_ids:
        return []
    return list(
        db.session.scalars(
            select(Contact)
            .join(Organisation, Contact.organisation_id == Organisation.id)
            .where(
                or_(
                    Organisation.group_key.in_(group_keys),
                    Organisation.id.in_(organisation_ids),
                )
            )
            .options(joinedload(Contact.organisation))
            .order_by(Organisation.name, Contact.name, Contact.id)
        ).unique()
    )


def invite(
    review_round: ReviewRound,
    sessions: Sequence[WorkshopSession],
    *,
    group_keys: Iterable[str] = (),
    organisation_ids: Iterable[int] = (),
    secret_key: str,
    link_base: str,
    actor=None,
) -> InviteResult:
    """Invite the contacts of the chosen groups and organisations to each of ``sessions``,
    queueing one invitation message each. A contact invited to a session before, one who
    unsubscribed, or one whose organisation's group the round does not have is left out
    (and counted)."""
    _check_sessions(review_round, sessions)
    group_keys = list(dict.fromkeys(group_keys))
    round_groups = {group.key for group in review_round.groups}
    unknown = [key for key in group_keys if key not in round_groups]
    if unknown:
        raise InvitationError("unknown_group", "The round has no such stakeholder group.")
    contacts = contacts_to_invite(group_keys, organisation_ids)
    if not contacts:
        raise InvitationError(
            "no_contacts", "The chosen groups and organisations have no contacts."
        )
    invited = set(
        db.session.execute(
            select(Invitation.contact_id, Invitation.session_id).where(
                Invitation.session_id.in_([session.id for session in sessions])
            )
        ).all()
    )
    result = InviteResult()
    for session in sessions:
        for contact in contacts:
            if (contact.id, session.id) in invited:
                result.already_invited += 1
            elif not contact.subscribed:
                result.unsubscribed += 1
            elif contact.organisation.group_key not in round_groups:
                result.group_not_in_round += 1
            else:
                invitation = Invitation(review_round=review_round, session=session, contact=contact)
                _new_token_fields(invitation, secret_key)
                db.session.add(invitation)
                queue_message(invitation, MailKind.INVITATION, link_base)
                result.created.append(invitation)
    db.session.flush()
    record(
        "invitations.send",
        actor=actor,
        subject=f"round:{review_round.id}",
        sessions=[session.id for session in sessions],
        groups=group_keys,
        organisations=len(list(organisation_ids)),
        created=len(result.created),
    )
    return result


def queue_message(invitation: Invitation, kind: str, link_base: str) -> MailMessage:
    """Put a message to the invitation's contact into the outbox (the sender sends it)."""
    message = MailMessage(
        invitation=invitation,
        to_address=invitation.contact.email,
        kind=kind,
        language=invitation.contact.language,
        status=MailStatus.QUEUED,
        attempts=0,
        next_attempt_at=utcnow(),
        link_base=link_base,
    )
    db.session.add(message)
    return message


# Answers, joining, unsubscribing ----------------------------------------------------------


def set_answer(invitation: Invitation, answer: str) -> None:
    """Record coming or not coming (a later answer replaces the earlier one)."""
    if answer not in (Answer.COMING, Answer.NOT_COMING):
        raise InvitationError("invalid_answer", "Answer coming or not coming.")
    invitation.answer = answer
    invitation.answered_at = utcnow()
    db.session.flush()


def join_from_invitation(
    invitation: Invitation, *, locale: str, known: Participant | None = None
) -> Participant:
    """Join the invitation's session with the contact's group and organisation filled in.

    The link is the join factor: whoever holds it needs no PIN (a 256-bit personal secret
    says more than four digits said aloud). One invitation is one participant: the link opened
    on a second device continues as the same participant, never as a second one.
    """
    session = invitation.session
    participation.check_joinable(session)
    participant = invitation.participant
    if participant is None and known is not None and _may_continue_as(known, invitation):
        participant = known
    participant = participation.join_session(
        session,
        invitation.contact.organisation.group_key,
        organisation=invitation.contact.organisation.name,
        name=invitation.contact.name,
        locale=locale,
        participant=participant,
    )
    if invitation.participant is None:
        invitation.participant = participant
    if invitation.joined_at is None:
        invitation.joined_at = utcnow()
    if invitation.answer is None:
        invitation.answer = Answer.COMING
        invitation.answered_at = utcnow()
    db.session.flush()
    return participant


def _may_continue_as(known: Participant, invitation: Invitation) -> bool:
    """Whether this device's participant may become the invitation's own.

    Only someone the link's contact could be: of the round, tied to no other invitation (a
    shared device opening contact B's link must not take over contact A), and with no answers
    in another group (join_session would move them, and A's views would count as B's).
    """
    if known.round_id != invitation.round_id:
        return False
    tied = db.session.scalar(
        select(Invitation.id).where(
            Invitation.participant_id == known.id, Invitation.id != invitation.id
        )
    )
    if tied is not None:
        return False
    group_key = invitation.contact.organisation.group_key
    if known.group.key == group_key:
        return True
    answered = db.session.scalar(
        select(ReviewAnswer.id).where(ReviewAnswer.participant_id == known.id).limit(1)
    )
    return answered is None


def unsubscribe(invitation: Invitation) -> None:
    """No more invitations or reminders to this address: every contact with it (at any
    organisation) is unsubscribed, the address's hash is kept so that a contact deleted and
    added again stays unsubscribed, and their queued messages are dropped."""
    email = invitation.contact.email
    digest = address_hash(email)
    if db.session.get(UnsubscribedAddress, digest) is None:
        db.session.add(UnsubscribedAddress(address_hash=digest))
    contacts = list(db.session.scalars(select(Contact).where(Contact.email == email)))
    for contact in contacts:
        if contact.unsubscribed_at is None:
            contact.unsubscribed_at = utcnow()
    for message in db.session.scalars(
        select(MailMessage)
        .join(Invitation, MailMessage.invitation_id == Invitation.id)
        .where(
            Invitation.contact_id.in_([contact.id for contact in contacts]),
            MailMessage.status == MailStatus.QUEUED,
        )
    ):
        message.status = MailStatus.CANCELLED
        message.last_error = "unsubscribed"
    db.session.flush()


# Reminders --------------------------------------------------------------------------------


def needs_reminder(invitation: Invitation) -> bool:
    """Who a reminder goes to: no answer yet, or (in an online window) said coming or nothing
    but not joined; never after unsubscribing or once the session has ended."""
    if not invitation.contact.subscribed or invitation.session.status == SessionStatus.CLOSED:
        return False
    if invitation.answer is None:
        return True
    return (
        invitation.session.online and invitation.answer == Answer.COMING and not invitation.joined
    )


# A contact reminded less than this long ago is not reminded again (a "remind now" next to a
# reminder time that has just gone out would otherwise send them two in a row).
REMIND_AGAIN_AFTER = timedelta(hours=12)


@dataclass
class RemindResult:
    queued: int = 0
    # Contacts who needed a reminder but had one within REMIND_AGAIN_AFTER.
    recently_reminded: int = 0


def remind(review_round: ReviewRound, *, link_base: str, actor=None) -> RemindResult:
    """Queue one reminder per contact of the round who needs one (a contact invited to three
    sessions gets one, for the first of them that needs it), skipping those reminded within
    REMIND_AGAIN_AFTER."""
    since = utcnow() - REMIND_AGAIN_AFTER
    recent = set(
        db.session.scalars(
            select(Invitation.contact_id)
            .join(MailMessage, MailMessage.invitation_id == Invitation.id)
            .where(
                Invitation.round_id == review_round.id,
                MailMessage.kind == MailKind.REMINDER,
                MailMessage.status != MailStatus.CANCELLED,
                MailMessage.created_at >= since,
            )
        )
    )
    result, seen = RemindResult(), set()
    for invitation in round_invitations(review_round):
        if invitation.contact_id in seen or not needs_reminder(invitation):
            continue
        seen.add(invitation.contact_id)
        if invitation.contact_id in recent:
            result.recently_reminded += 1
            continue
        queue_message(invitation, MailKind.REMINDER, link_base)
        result.queued += 1
    db.session.flush()
    record(
        "invitations.remind",
        actor=actor,
        subject=f"round:{review_round.id}",
        queued=result.queued,
        recently_reminded=result.recently_reminded,
    )
    return result


# Reading ----------------------------------------------------------------------------------


def round_invitations(review_round: ReviewRound) -> list[Invitation]:
    """The round's invitations with their contact, organisation, session and messages."""
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.round_id == review_round.id)
            .join(Contact, Invitation.contact_id == Contact.id)
            .join(Organisation, Contact.organisation_id == Organisation.id)
            .options(
                joinedload(Invitation.contact).joinedload(Contact.organisation),
                joinedload(Invitation.session),
                selectinload(Invitation.messages),
            )
            .order_by(Invitation.session_id, Organisation.name, Contact.name, Invitation.id)
        ).unique()
    )


def invitation_rows(review_round: ReviewRound) -> list[dict]:
    """The round's invitations as plain data (`workshop invitations list --json`)."""
    rows = []
    for invitation in round_invitations(review_round):
        message = invitation.last_message
        rows.append(
            {
                "id": invitation.id,
                "session_id": invitation.session_id,
                "contact": invitation.contact.name,
                "email": invitation.contact.email,
                "organisation": invitation.contact.organisation.name,
                "group": invitation.contact.organisation.group_key,
                "language": invitation.contact.language,
                "answer": invitation.answer,
                "answered_at": _iso(invitation.answered_at),
                "joined": invitation.joined,
                "unsubscribed": not invitation.contact.subscribed,
                "mail": {
                    "kind": message.kind,
                    "status": message.status,
                    "attempts": message.attempts,
                    "last_error": message.last_error,
                }
                if message
                else None,
            }
        )
    return rows


def _iso(moment) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


@dataclass(frozen=True)
class RoundInvitations:
    """What the invitations know of a round, as ids only (coverage.py counts from it)."""

    invited: frozenset[int]  # organisations with a contact invited
    accepted: frozenset[int]  # organisations with a contact who said coming
    participant_organisations: dict[int, int]  # participant id -> organisation, joined by link
    sent: bool  # whether the round sent any invitation


def invited_and_accepted(review_round: ReviewRound) -> RoundInvitations:
    """Which organisations were invited to the round and said coming, and through which
    organisation's link each participant came. No names leave it."""
    invited, accepted, joined = set(), set(), {}
    rows = db.session.execute(
        select(Contact.organisation_id, Invitation.answer, Invitation.participant_id)
        .join(Contact, Invitation.contact_id == Contact.id)
        .where(Invitation.round_id == review_round.id)
    ).all()
    for organisation_id, answer, participant_id in rows:
        invited.add(organisation_id)
        if answer == Answer.COMING:
            accepted.add(organisation_id)
        if participant_id is not None:
            joined[participant_id] = organisation_id
    return RoundInvitations(frozenset(invited), frozenset(accepted), joined, bool(rows))

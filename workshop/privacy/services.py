"""Export and erasure of participants' personal data (the service layer: flush, never commit).

What a participant leaves is the review's record (scores, reasons, proposals, comments,
support) and what ties it to a person: their name, organisation, chat with the assistant, the
ids their device sent and a removal's free-text reason. Erasing takes away the second and
keeps the first, anonymous: the answers stay with a participant row that knows only a
stakeholder group, proposals and comments lose their participant. The device token keeps
working, so the erased participant stays the same participant of the round and cannot join
again to be counted twice. docs/security.md, "Personal data", says the same for people.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from workshop.assistant.models import Conversation, Message
from workshop.audit import services as audit
from workshop.audit.models import AuditEvent
from workshop.convening.invitation_models import Invitation
from workshop.errors import DomainError
from workshop.extensions import db
from workshop.models import utcnow
from workshop.proposals.models import Comment, Proposal, Support
from workshop.review.models import (
    AgendaStep,
    Answer,
    Participant,
    Question,
    ReviewRound,
    RoundStatus,
    SessionStatus,
    StakeholderGroup,
    Submission,
    WorkshopSession,
)

EXPORT_FORMAT = "strategiapaja.personal-data/1"
ERASED_MARKER = "(erased)"


class SessionsOpen(DomainError):
    """A round's data cannot be erased while a session of it runs: its people could rejoin."""

    code = "sessions_open"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


# Export -----------------------------------------------------------------------------------


def _by_participant(rows, key=lambda row: row.participant_id) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def participant_records(participants: list[Participant]) -> list[dict]:
    """Everything stored about each participant, as plain JSON-ready data.

    A fixed handful of queries however many participants (a round's export is one request).
    """
    ids = [participant.id for participant in participants]
    answers = _by_participant(
        db.session.execute(
            select(Answer, Question.key)
            .join(Question, Answer.question_id == Question.id)
            .where(Answer.participant_id.in_(ids))
            .order_by(Answer.id)
        ),
        key=lambda row: row[0].participant_id,
    )
    proposals = _by_participant(
        db.session.scalars(
            select(Proposal).where(Proposal.participant_id.in_(ids)).order_by(Proposal.id)
        )
    )
    comments = _by_participant(
        db.session.scalars(
            select(Comment).where(Comment.participant_id.in_(ids)).order_by(Comment.id)
        )
    )
    supports = _by_participant(
        db.session.scalars(
            select(Support).where(Support.participant_id.in_(ids)).order_by(Support.id)
        )
    )
    messages = _by_participant(
        db.session.scalars(
            select(Message).where(Message.participant_id.in_(ids)).order_by(Message.id)
        )
    )
    conversations = {
        conversation.participant_id: conversation.state
        for conversation in db.session.scalars(
            select(Conversation).where(Conversation.participant_id.in_(ids))
        )
    }
    submissions = _by_participant(
        db.session.scalars(
            select(Submission).where(Submission.participant_id.in_(ids)).order_by(Submission.id)
        )
    )
    groups = {
        group.id: group
        for group in db.session.scalars(
            select(StakeholderGroup).where(
                StakeholderGroup.id.in_({participant.group_id for participant in participants})
            )
        )
    }
    return [
        {
            "participant": {
                "id": participant.id,
                "round_id": participant.round_id,
                "session_id": participant.session_id,
                "stakeholder_group": groups[participant.group_id].key,
                "stakeholder_group_name": groups[participant.group_id].name,
                "name": participant.name,
                "organisation": participant.organisation,
                "language": participant.locale,
                "joined_at": _iso(participant.created_at),
                "erased_at": _iso(participant.erased_at),
            },
            "answers": [
                {
                    "question": key,
                    "focus_area": answer.focus_area_key,
                    "value": answer.value,
                    "reason": answer.reason,
                    "session_id": answer.session_id,
                    "answered_at": _iso(answer.created_at),
                    "updated_at": _iso(answer.updated_at),
                }
                for answer, key in answers[participant.id]
            ],
            "proposals": [
                {
                    "id": proposal.id,
                    "kind": proposal.kind,
                    "target": proposal.target_ref,
                    "text": proposal.original_text or proposal.text,
                    "rationale": proposal.rationale,
                    "target_value": proposal.target_value,
                    "status": proposal.status,
                    "created_at": _iso(proposal.created_at),
                }
                for proposal in proposals[participant.id]
            ],
            "comments": [
                {"proposal_id": c.proposal_id, "text": c.text, "created_at": _iso(c.created_at)}
                for c in comments[participant.id]
            ],
            "support": [
                {"proposal_id": s.proposal_id, "value": s.value, "updated_at": _iso(s.updated_at)}
                for s in supports[participant.id]
            ],
            "chat_messages": [
                {"from": m.role, "text": m.text, "sent_at": _iso(m.created_at)}
                for m in messages[participant.id]
            ],
            "assistant_state": conversations.get(participant.id),
            "submission_ids": [
                {"id": s.client_id, "received_at": _iso(s.received_at)}
                for s in submissions[participant.id]
            ],
        }
        for participant in participants
    ]


def export_participant(participant: Participant) -> dict:
    """A participant's own data for their download; the export is recorded in the audit log."""
    audit.record("privacy.export", subject=f"participant:{participant.id}", by="participant")
    (record,) = participant_records([participant])
    return {"format": EXPORT_FORMAT, "exported_at": _iso(utcnow()), **record}


def round_participants(review_round: ReviewRound) -> list[Participant]:
    return list(
        db.session.scalars(
            select(Participant)
            .where(Participant.round_id == review_round.id)
            .order_by(Participant.id)
        )
    )


def export_round(review_round: ReviewRound, *, actor=None) -> dict:
    """The personal data of every participant of a round, for staff; recorded in the audit log."""
    participants = round_participants(review_round)
    audit.record(
        "privacy.export",
        actor=actor,
        subject=f"round:{review_round.id}",
        participants=len(participants),
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _iso(utcnow()),
        "round": {"id": review_round.id, "title": review_round.title, "year": review_round.year},
        "participants": participant_records(participants),
    }


# Erasure ----------------------------------------------------------------------------------


@dataclass
class Erasure:
    """How much one erasure took away (plain counts, safe for the audit log)."""

    participants: int = 0
    chat_messages: int = 0
    proposals_unlinked: int = 0
    comments_unlinked: int = 0


def _erase(participants: list[Participant], now: datetime) -> Erasure:
    """Erase a batch of participants in a fixed handful of statements."""
    if not participants:
        return Erasure()
    ids = [participant.id for participant in participants]
    db.session.execute(
        update(Participant)
        .where(Participant.id.in_(ids))
        .values(name="", organisation="", removed_reason="", erased_at=now)
        .execution_options(synchronize_session="fetch")
    )
    # The chat goes, and with it the features themes kept of its texts (lemmas are words),
    # also those a background job is computing now (``forget_texts`` says how).
    from workshop.synthesis.store import forget_texts

    # Only what they wrote: the assistant's replies are never features (``synthesis.collect``
    # takes the participant's suggestions), so they need no tombstone.
    forget_texts(
        db.session.scalars(
            select(Message.text).where(Message.participant_id.in_(ids), Message.role == "user")
        )
    )
    messages = db.session.execute(delete(Message).where(Message.participant_id.in_(ids))).rowcount
    db.session.execute(delete(Conversation).where(Conversation.participant_id.in_(ids)))
    db.session.execute(delete(Submission).where(Submission.participant_id.in_(ids)))
    proposals = db.session.execute(
        update(Proposal).where(Proposal.participant_id.in_(ids)).values(participant_id=None)
    ).rowcount
    comments = db.session.execute(
        update(Comment).where(Comment.participant_id.in_(ids)).values(participant_id=None)
    ).rowcount
    # An invitation's participant ties a named contact of the register to the answers: the tie
    # goes, and the invitation keeps only that its contact joined (the coverage counts).
    db.session.execute(
        update(Invitation).where(Invitation.participant_id.in_(ids)).values(participant_id=None)
    )
    _erase_removal_reasons(ids)
    db.session.flush()
    return Erasure(len(ids), messages, proposals, comments)


def _erase_removal_reasons(ids: list[int]) -> None:
    """A facilitator's reason for a removal can name the person: the audit keeps only a marker."""
    subjects = [f"participant:{pid}" for pid in ids]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.subject.in_(subjects)))
    for event in events:
        if "reason" in (event.details or {}):
            # A new dict: the JSON column notices a replaced value, not an edited one.
            event.details = {**event.details, "reason": ERASED_MARKER}


def erase_participant(participant: Participant) -> Erasure:
    """A participant's own "delete my data": their identity goes, their answers stay anonymous."""
    erasure = _erase([participant], utcnow())
    subject = f"participant:{participant.id}"
    audit.record("privacy.erase", subject=subject, by="participant", **asdict(erasure))
    return erasure


def erase_round(review_round: ReviewRound, *, actor=None, action: str = "privacy.erase") -> Erasure:
    """Erase the personal data of every participant of a round not yet erased (see the module).

    Refused while a session of the round is open: its participants are still taking part.
    """
    if open_sessions(review_round):
        raise SessionsOpen("Close the round's open sessions first.")
    remaining = [p for p in round_participants(review_round) if p.erased_at is None]
    erasure = _erase(remaining, utcnow())
    audit.record(action, actor=actor, subject=f"round:{review_round.id}", **asdict(erasure))
    return erasure


def open_sessions(review_round: ReviewRound) -> list[WorkshopSession]:
    """The round's sessions still open (erasing the round waits for them to close)."""
    return [s for s in review_round.sessions if s.status == SessionStatus.OPEN]


# Retention --------------------------------------------------------------------------------


def last_activity(review_round: ReviewRound) -> datetime:
    """When anything was last recorded in the round: after it closes, nothing more is."""
    rid = review_round.id
    participants = select(Participant.id).where(Participant.round_id == rid)
    moments = [
        db.session.scalar(
            select(func.max(Participant.created_at)).where(Participant.round_id == rid)
        ),
        db.session.scalar(
            select(func.max(Answer.updated_at)).where(Answer.participant_id.in_(participants))
        ),
        db.session.scalar(select(func.max(Proposal.created_at)).where(Proposal.round_id == rid)),
        db.session.scalar(
            select(func.max(Comment.created_at))
            .join(Proposal, Comment.proposal_id == Proposal.id)
            .where(Proposal.round_id == rid)
        ),
        db.session.scalar(
            select(func.max(Message.created_at)).where(Message.participant_id.in_(participants))
        ),
        db.session.scalar(
            select(func.max(AgendaStep.closed_at))
            .join(WorkshopSession, AgendaStep.session_id == WorkshopSession.id)
            .where(WorkshopSession.round_id == rid)
        ),
    ]
    return max([moment for moment in moments if moment is not None] + [review_round.created_at])


def erasure_due(review_round: ReviewRound, retention_days: int) -> datetime | None:
    """When `workshop privacy purge` erases the round's personal data (None while it is open)."""
    if review_round.status != RoundStatus.CLOSED:
        return None
    return last_activity(review_round) + timedelta(days=retention_days)


def has_personal_data(review_round: ReviewRound) -> bool:
    """Whether some participant of the round has not been erased yet."""
    return (
        db.session.scalar(
            select(func.count(Participant.id)).where(
                Participant.round_id == review_round.id, Participant.erased_at.is_(None)
            )
        )
        > 0
    )


def purge(retention_days: int, now: datetime | None = None) -> list[tuple[ReviewRound, Erasure]]:
    """Erase the personal data of every round closed longer than the retention period."""
    now = now or utcnow()
    done = []
    closed = db.session.scalars(
        select(ReviewRound).where(ReviewRound.status == RoundStatus.CLOSED).order_by(ReviewRound.id)
    )
    for review_round in list(closed):
        due = erasure_due(review_round, retention_days)
        if due is not None and due <= now and has_personal_data(review_round):
            erasure = erase_round(review_round, action="privacy.purge")
            done.append((review_round, erasure))
    from workshop.synthesis.store import drop_old_tombstones

    drop_old_tombstones(now)  # the hashes erasures kept against late saves (forget_texts)
    return done

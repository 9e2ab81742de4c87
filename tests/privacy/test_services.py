"""Export and erasure of personal data: what each takes, what stays, and the audit log."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.privacy.conftest import CHAT, COMMENT, NAME, ORGANISATION, PROPOSAL_TEXT, REASON
from workshop.assistant.models import Conversation, Message
from workshop.audit import services as audit
from workshop.extensions import db
from workshop.models import utcnow
from workshop.privacy import services
from workshop.proposals.models import Comment, Proposal, Support
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import Answer, Submission

SECRET = "test-secret-key"


def test_a_participants_export_holds_everything_stored_about_them(rich_participant):
    data = services.export_participant(rich_participant)
    assert data["participant"]["name"] == NAME
    assert data["participant"]["organisation"] == ORGANISATION
    assert data["participant"]["stakeholder_group"] == "klusterit"
    assert [a["reason"] for a in data["answers"]] == [REASON]
    assert [p["text"] for p in data["proposals"]] == [PROPOSAL_TEXT]
    assert [c["text"] for c in data["comments"]] == [COMMENT]
    assert [s["value"] for s in data["support"]] == [1]
    assert CHAT in [m["text"] for m in data["chat_messages"] if m["from"] == "user"]
    assert len(data["submission_ids"]) == 1


def test_erasing_a_participant_takes_their_identity_and_chat_and_keeps_the_anonymous_record(
    rich_participant,
):
    pid = rich_participant.id
    services.erase_participant(rich_participant)
    db.session.commit()
    db.session.expire_all()
    assert (rich_participant.name, rich_participant.organisation) == ("", "")
    assert rich_participant.erased_at is not None
    assert db.session.scalar(select(func.count()).where(Message.participant_id == pid)) == 0
    assert db.session.get(Conversation, pid) is None
    assert db.session.scalar(select(func.count()).where(Submission.participant_id == pid)) == 0
    # The review's record stays: the answer with its reason and group, the proposal, the
    # comment and the support, no longer tied to the person.
    kept = db.session.scalars(select(Answer).where(Answer.participant_id == pid)).one()
    assert (kept.reason, kept.group_id) == (REASON, rich_participant.group_id)
    proposal = db.session.scalars(select(Proposal)).one()
    assert proposal.participant_id is None and proposal.text == PROPOSAL_TEXT
    assert proposal.group_id == rich_participant.group_id
    comment = db.session.scalars(select(Comment)).one()
    assert comment.participant_id is None and comment.text == COMMENT
    assert db.session.scalar(select(func.count(Support.id))) == 1


def test_an_erased_participants_device_stays_the_same_participant_so_nobody_counts_twice(
    rich_participant,
):
    token = participation.make_token(SECRET, rich_participant)
    services.erase_participant(rich_participant)
    db.session.commit()
    assert participation.participant_from_token(SECRET, token) == rich_participant


def _close(review_round):
    review_services.set_round_status(review_round, "closed")
    db.session.commit()


def test_a_round_is_not_erased_while_one_of_its_sessions_is_open(rich_participant):
    review_round = rich_participant.session.review_round
    with pytest.raises(services.SessionsOpen):
        services.erase_round(review_round)
    assert rich_participant.name == NAME and rich_participant.erased_at is None
    assert audit.recent(action="privacy.erase") == []


def test_erasure_clears_a_removals_reason_from_the_participant_and_the_audit_log(
    rich_participant, facilitator
):
    reason = f"{NAME} kirjoitti asiattomia perusteluja"
    participation.remove_participant(rich_participant, reason, actor=facilitator)
    db.session.commit()
    services.erase_participant(rich_participant)
    db.session.commit()
    db.session.expire_all()
    assert rich_participant.removed and rich_participant.removed_reason == ""
    (removal,) = audit.recent(action="participant.remove")
    assert removal.details["reason"] == services.ERASED_MARKER
    assert removal.details["session"] == rich_participant.session_id
    assert NAME not in str([event.details for event in audit.recent()])


def test_every_export_and_erasure_is_in_the_audit_log_without_names(rich_participant):
    services.export_participant(rich_participant)
    services.export_round(rich_participant.session.review_round)
    _close(rich_participant.session.review_round)
    services.erase_round(rich_participant.session.review_round)
    db.session.commit()
    events = audit.recent()
    assert [(e.action, e.subject.split(":")[0]) for e in reversed(events)] == [
        ("privacy.export", "participant"),
        ("privacy.export", "round"),
        ("privacy.erase", "round"),
    ]
    assert events[0].details["participants"] == 1
    assert events[0].details["chat_messages"] >= 1
    for event in events:
        assert NAME not in str(event.details) and ORGANISATION not in str(event.details)


def test_erasing_a_round_erases_each_participant_once(rich_participant, make_participant):
    other = make_participant("tutkimus-ja-koulutus")
    review_round = rich_participant.session.review_round
    _close(review_round)
    first = services.erase_round(review_round)
    again = services.erase_round(review_round)
    db.session.commit()
    assert (first.participants, again.participants) == (2, 0)
    assert other.erased_at is not None
    assert not services.has_personal_data(review_round)


def test_the_round_export_lists_every_participants_data(rich_participant, make_participant):
    make_participant("tutkimus-ja-koulutus")
    data = services.export_round(rich_participant.session.review_round)
    assert [p["participant"]["stakeholder_group"] for p in data["participants"]] == [
        "klusterit",
        "tutkimus-ja-koulutus",
    ]
    assert data["participants"][0]["participant"]["name"] == NAME


def test_an_open_round_has_no_erasure_date_and_a_closed_one_counts_from_its_last_activity(
    rich_participant,
):
    review_round = rich_participant.session.review_round
    assert services.erasure_due(review_round, 365) is None
    _close(review_round)
    due = services.erasure_due(review_round, 365)
    assert due == services.last_activity(review_round) + timedelta(days=365)
    assert abs(due - (utcnow() + timedelta(days=365))) < timedelta(minutes=1)


def test_purge_erases_only_rounds_closed_longer_than_the_retention_period(
    rich_participant, make_round
):
    review_round = rich_participant.session.review_round
    still_open = make_round("Vuosiarviointi 2027", 2027)
    _close(review_round)
    assert services.purge(365) == []
    assert rich_participant.erased_at is None
    done = services.purge(365, now=utcnow() + timedelta(days=366))
    db.session.commit()
    assert [(r.id, e.participants) for r, e in done] == [(review_round.id, 1)]
    assert rich_participant.erased_at is not None and rich_participant.name == ""
    assert still_open.id not in [r.id for r, _ in done]
    assert audit.recent(action="privacy.purge")[0].subject == f"round:{review_round.id}"
    # A second run finds nothing left to erase.
    assert services.purge(365, now=utcnow() + timedelta(days=400)) == []

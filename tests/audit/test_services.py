"""The audit log keeps what was done and by whom, and only if the action itself was kept."""

from workshop.audit import services
from workshop.audit.models import AuditEvent
from workshop.extensions import db


def test_an_event_is_kept_with_its_actor_and_plain_details(facilitator):
    services.record("round.publish", actor=facilitator, subject="round:3", version=4)
    db.session.commit()
    (event,) = services.recent()
    assert (event.action, event.actor_id, event.subject) == (
        "round.publish",
        facilitator.id,
        "round:3",
    )
    assert event.details == {"version": 4}
    assert event.at.tzinfo is not None


def test_an_event_of_an_action_rolled_back_is_not_kept(facilitator):
    services.record("participant.remove", actor=facilitator, subject="participant:41")
    db.session.rollback()
    assert db.session.query(AuditEvent).count() == 0


def test_long_details_are_cut_and_the_newest_come_first(facilitator):
    services.record("login.failed", reason="x" * 5000)
    services.record("login", actor=facilitator)
    db.session.commit()
    newest, older = services.recent()
    assert newest.action == "login"
    assert len(older.details["reason"]) == services.MAX_DETAIL_LENGTH
    assert [e.action for e in services.recent(action="login.failed")] == ["login.failed"]

"""The council's and facilitators' actions that the audit log keeps: decisions, publishing,
exports, closing rounds and sessions."""

from tests.proposals.conftest import SOLUTION
from workshop.audit.models import AuditEvent
from workshop.extensions import db
from workshop.proposals import services


def _events(prefix=""):
    query = db.session.query(AuditEvent).order_by(AuditEvent.id)
    return [
        (e.action, e.subject, e.details)
        for e in query
        if e.action.startswith(prefix) and not e.action.startswith("login")
    ]


def test_a_decision_and_publishing_are_recorded_with_who_did_them(
    council_client, propose, participant, review_round
):
    proposal = propose(participant, kind="reword", target=SOLUTION, text="Uusi sanamuoto")
    council_client.post(
        f"/review/proposals/{proposal.id}/decision",
        data={f"d{proposal.id}-outcome": "accepted", f"d{proposal.id}-reason": "Hyvä"},
    )
    council_client.post(f"/review/rounds/{review_round.id}/draft/publish", data={"confirm": "y"})
    # Ordered by id: PostgreSQL returns an unordered query's rows in whatever order its plan
    # finds them (CI once saw the publish before the decision).
    events = (
        db.session.query(AuditEvent)
        .filter(AuditEvent.action != "login")
        .order_by(AuditEvent.id)
        .all()
    )
    council_id = events[0].actor_id
    assert council_id is not None and all(e.actor_id == council_id for e in events)
    assert [(e.action, e.subject) for e in events] == [
        ("proposal.decide", f"proposal:{proposal.id}"),
        ("round.publish", f"round:{review_round.id}"),
    ]
    assert events[0].details == {"outcome": "accepted"}
    assert set(events[1].details) == {"version"}


def test_a_publish_page_seen_but_not_confirmed_records_nothing(
    council_client, propose, participant, review_round, facilitator
):
    proposal = propose(participant, kind="reword", target=SOLUTION, text="Uusi sanamuoto")
    services.decide(proposal, "accepted", "Hyvä", facilitator)
    db.session.commit()
    council_client.get(f"/review/rounds/{review_round.id}/draft/publish")
    council_client.post(f"/review/rounds/{review_round.id}/draft/publish", data={})
    assert _events("round.") == []


def test_downloads_are_recorded_and_refused_ones_are_not(logged_in_client, review_round):
    logged_in_client.get("/strategy/export.json")
    logged_in_client.get(f"/review/rounds/{review_round.id}/report.docx?lang=en")
    logged_in_client.get(f"/review/rounds/{review_round.id}/report.docx?lang=xx")
    logged_in_client.get(f"/review/rounds/{review_round.id}/proposals.csv")
    logged_in_client.get(f"/review/rounds/{review_round.id}/proposals.json")
    subject = f"round:{review_round.id}"
    assert _events("export.") == [
        ("export.strategy", "", {}),
        ("export.docx", subject, {"lang": "en"}),
        ("export.proposals", subject, {"fmt": "csv"}),
        ("export.proposals", subject, {"fmt": "json"}),
    ]


def test_closing_a_session_and_a_round_is_recorded(logged_in_client, open_session, review_round):
    logged_in_client.post(
        f"/review/sessions/{open_session.id}/status", data={"status": "closed", "confirm": "yes"}
    )
    logged_in_client.post(
        f"/review/rounds/{review_round.id}/status", data={"status": "closed", "confirm": "yes"}
    )
    assert _events("session.") == [("session.closed", f"session:{open_session.id}", {})]
    assert _events("round.") == [("round.closed", f"round:{review_round.id}", {})]

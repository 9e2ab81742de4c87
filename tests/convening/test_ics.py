"""The calendar file: what a calendar library reads from it, for a workshop and an online window."""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from tests.convening.invitation_fixtures import SECRET
from workshop.convening import ics, invitations
from workshop.convening.invitation_models import MailMessage
from workshop.convening.mail import build_message
from workshop.extensions import db

LINK = "https://paja.example.fi"


def test_a_session_becomes_one_published_event():
    start = datetime(2027, 3, 9, 8, 0, tzinfo=UTC)
    data = ics.session_calendar(
        uid="session-7@liitto.example",
        title="Vuosiarviointi 2027: Oulun työpaja",
        starts_at=start,
        location="Oulun kaupungintalo, Kirkkokatu 2",
        description="Vastaa ja liity: https://paja.example.fi/i/abc",
        url="https://paja.example.fi/i/abc",
        stamp=datetime(2027, 1, 1, tzinfo=UTC),
    )
    calendar = Calendar.from_ical(data)
    assert str(calendar["method"]) == "PUBLISH" and str(calendar["version"]) == "2.0"
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == "session-7@liitto.example"
    assert event.decoded("dtstart") == start
    assert event.decoded("dtend") == start + ics.DEFAULT_LENGTH
    assert str(event["summary"]) == "Vuosiarviointi 2027: Oulun työpaja"
    assert str(event["location"]) == "Oulun kaupungintalo, Kirkkokatu 2"
    assert str(event["url"]) == "https://paja.example.fi/i/abc"
    assert event.decoded("dtstamp") == datetime(2027, 1, 1, tzinfo=UTC)


def test_a_naive_start_is_taken_as_utc():
    data = ics.session_calendar(
        uid="u", title="t", starts_at=datetime(2027, 3, 9, 8, 0), location="",
        description="d", url="https://x.example/i/1",
    )  # fmt: skip
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2027, 3, 9, 8, 0, tzinfo=UTC)
    assert "location" not in event


def _message_for(review_round, session):
    (invitation,) = invitations.invite(
        review_round, [session], group_keys=["kunnat"], secret_key=SECRET, link_base=LINK
    ).created
    db.session.commit()
    return invitation, db.session.query(MailMessage).one()


def test_the_invitations_calendar_event_is_its_session(
    app, review_round, register_contacts, workshops
):
    invitation, message = _message_for(review_round, workshops["raahe"])
    email = build_message(message)
    (attachment,) = [p for p in email.iter_attachments() if p.get_content_type() == "text/calendar"]
    (event,) = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    token = invitations.token_for(invitation, app.config["SECRET_KEY"])
    assert str(event["url"]) == f"{LINK}/i/{token}"
    assert event.decoded("dtstart") == workshops["raahe"].starts_at
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=3)
    assert str(event["uid"]) == f"session-{workshops['raahe'].id}@localhost"
    assert "Vastaa ja liity" in str(event["description"])  # the contact's language


def test_an_online_window_without_a_start_has_no_calendar_file(
    review_round, register_contacts, workshops
):
    _, message = _message_for(review_round, workshops["online"])
    email = build_message(message)
    assert [p.get_content_type() for p in email.iter_attachments()] == []
    text = email.get_body(("plain",)).get_content()
    assert "verkossa, omaan tahtiin" in text

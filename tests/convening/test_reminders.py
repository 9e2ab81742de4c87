"""Who is reminded, the reminder times a facilitator sets, and sending them once when due."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.convening.invitation_fixtures import LINK_BASE, SECRET
from workshop.convening import invitations, reminders
from workshop.convening.invitation_models import MailKind, MailMessage, Reminder
from workshop.convening.invitations import InvitationError
from workshop.extensions import db
from workshop.models import utcnow
from workshop.review import services as review_services


def invite(review_round, session, groups):
    created = invitations.invite(
        review_round, [session], group_keys=groups, secret_key=SECRET, link_base=LINK_BASE
    ).created
    db.session.commit()
    return created


def reminded_addresses() -> list[str]:
    return sorted(
        db.session.scalars(
            select(MailMessage.to_address).where(MailMessage.kind == MailKind.REMINDER)
        )
    )


def test_those_who_have_not_answered_are_reminded(review_round, register_contacts, workshops):
    jane, pekka = invite(review_round, workshops["oulu"], ["tutkimus-ja-koulutus"])
    invitations.set_answer(jane, "coming")
    assert invitations.remind(review_round, link_base=LINK_BASE).queued == 1
    assert reminded_addresses() == ["pekka@oulu.example"]
    (message,) = db.session.scalars(select(MailMessage).where(MailMessage.kind == "reminder"))
    assert message.language == "fi" and message.status == "queued"


def test_in_an_online_window_those_coming_but_not_joined_are_reminded(
    review_round, register_contacts, workshops
):
    online = workshops["online"]
    created = invite(review_round, online, ["tutkimus-ja-koulutus", "kunnat", "klusterit"])
    by_email = {i.contact.email: i for i in created}
    invitations.set_answer(by_email["jane@oulu.example"], "coming")  # not joined: reminded
    invitations.set_answer(by_email["pekka@oulu.example"], "not_coming")  # said no: not
    invitations.join_from_invitation(by_email["aino@kuusamo.example"], locale="fi")  # joined
    # ville has not answered: reminded
    assert invitations.remind(review_round, link_base=LINK_BASE).queued == 2
    assert reminded_addresses() == ["jane@oulu.example", "ville@klusteri.example"]


def test_a_workshop_guest_who_said_coming_is_not_reminded(
    review_round, register_contacts, workshops
):
    (aino,) = invite(review_round, workshops["raahe"], ["kunnat"])
    invitations.set_answer(aino, "coming")
    assert invitations.remind(review_round, link_base=LINK_BASE).queued == 0


def test_nobody_is_reminded_after_unsubscribing_or_of_an_ended_session(
    review_round, register_contacts, workshops
):
    (aino,) = invite(review_round, workshops["raahe"], ["kunnat"])
    (ville,) = invite(review_round, workshops["oulu"], ["klusterit"])
    invitations.unsubscribe(aino)
    review_services.set_session_status(workshops["oulu"], "closed")
    assert invitations.remind(review_round, link_base=LINK_BASE).queued == 0
    assert not invitations.needs_reminder(ville)


def test_a_reminder_time_must_be_in_the_future(review_round):
    with pytest.raises(InvitationError) as refused:
        reminders.schedule_reminder(review_round, utcnow() - timedelta(minutes=1), link_base="x")
    assert refused.value.code == "reminder_in_past"


def test_a_due_reminder_is_sent_once_and_a_future_one_waits(
    review_round, register_contacts, workshops
):
    invite(review_round, workshops["oulu"], ["tutkimus-ja-koulutus"])
    due = reminders.schedule_reminder(
        review_round, utcnow() + timedelta(seconds=1), link_base=LINK_BASE
    )
    later = reminders.schedule_reminder(
        review_round, utcnow() + timedelta(days=2), link_base=LINK_BASE
    )
    db.session.commit()
    due.send_at = utcnow() - timedelta(seconds=1)  # its time has come
    db.session.commit()
    assert reminders.send_due_reminders() == 2
    assert reminders.send_due_reminders() == 0
    db.session.refresh(due)
    assert due.sent_at is not None and due.sent_count == 2
    assert db.session.get(Reminder, later.id).sent_at is None
    assert reminded_addresses() == ["jane@oulu.example", "pekka@oulu.example"]
    (message, _) = db.session.scalars(select(MailMessage).where(MailMessage.kind == "reminder"))
    assert message.link_base == LINK_BASE


def test_a_sent_reminder_cannot_be_taken_back(review_round):
    reminder = reminders.schedule_reminder(
        review_round, utcnow() + timedelta(hours=1), link_base=LINK_BASE
    )
    reminder.sent_at = utcnow()
    with pytest.raises(InvitationError, match="already"):
        reminders.cancel_reminder(reminder)
    reminder.sent_at = None
    reminders.cancel_reminder(reminder)
    assert reminders.round_reminders(review_round) == []


def test_a_reminder_reaches_the_smtp_server_in_the_contacts_language(
    review_round, register_contacts, workshops, smtp_server
):
    from workshop.convening import sender

    (jane, _pekka) = invite(review_round, workshops["online"], ["tutkimus-ja-koulutus"])
    invitations.set_answer(jane, "coming")
    sender.deliver_due()
    invitations.remind(review_round, link_base=LINK_BASE)
    db.session.commit()
    assert sender.deliver_due().sent == 2
    (english_reminder,) = [
        m for m in smtp_server.to("jane@oulu.example") if m["Subject"].startswith("Reminder")
    ]
    assert english_reminder["Subject"] == "Reminder: Verkkoarviointi"
    body = english_reminder.get_body(("plain",)).get_content()
    assert "you have not joined it yet" in body
    (finnish_reminder,) = [
        m for m in smtp_server.to("pekka@oulu.example") if m["Subject"].startswith("Muistutus")
    ]
    assert "Emme ole vielä kuulleet" in finnish_reminder.get_body(("plain",)).get_content()


def test_the_background_sender_sends_a_reminder_when_its_time_comes(
    app, review_round, register_contacts, workshops, smtp_server, monkeypatch
):
    import time

    from workshop.convening import sender

    invite(review_round, workshops["oulu"], ["kunnat"])
    sender.deliver_due()  # the invitation itself
    reminder = reminders.schedule_reminder(
        review_round, utcnow() + timedelta(hours=1), link_base=LINK_BASE
    )
    reminder.send_at = utcnow() - timedelta(seconds=1)  # the facilitator's time has come
    db.session.commit()
    monkeypatch.setitem(app.config, "MAIL_WORKER", True)
    sender.mail_worker.wake(app)
    smtp_server.wait_for(2)
    app.config["MAIL_WORKER"] = False
    deadline = time.monotonic() + 10
    while sender.mail_worker.running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [m["Subject"] for m in smtp_server.messages] == [
        "Kutsu: Oulun työpaja",
        "Muistutus: Oulun työpaja",
    ]
    db.session.expire_all()
    assert db.session.get(Reminder, reminder.id).sent_count == 1


def test_one_reminder_per_contact_and_none_again_within_twelve_hours(
    review_round, register_contacts, workshops
):
    """Aino is invited to three sessions and answered none: one reminder, and a second
    "remind now" (say, next to a reminder time that just went out) sends her nothing."""
    for session in workshops.values():
        invite(review_round, session, ["kunnat"])
    first = invitations.remind(review_round, link_base=LINK_BASE)
    assert (first.queued, first.recently_reminded) == (1, 0)
    assert reminded_addresses() == ["aino@kuusamo.example"]
    again = invitations.remind(review_round, link_base=LINK_BASE)
    assert (again.queued, again.recently_reminded) == (0, 1)
    assert reminded_addresses() == ["aino@kuusamo.example"]
    # Twelve hours on, she is reminded again.
    (message,) = db.session.scalars(select(MailMessage).where(MailMessage.kind == "reminder"))
    message.created_at = message.created_at - invitations.REMIND_AGAIN_AFTER
    db.session.commit()
    assert invitations.remind(review_round, link_base=LINK_BASE).queued == 1

"""The invitations' pages: the facilitator's page (invite, remind, reminder times, retry) and
the contact's pages by the personal link (answer, join, unsubscribe)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import TEST_PASSWORD
from tests.convening.invitation_fixtures import SECRET
from workshop.convening import invitations
from workshop.convening.invitation_models import Invitation, MailMessage, MailStatus, Reminder
from workshop.extensions import db
from workshop.localtime import to_local
from workshop.models import utcnow
from workshop.review.models import Participant

PUBLIC = "https://paja.example.fi"


@pytest.fixture(autouse=True)
def public_address(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)


def page_url(review_round, action=""):
    return f"/review/rounds/{review_round.id}/invitations" + (f"/{action}" if action else "")


def invite(review_round, session, groups):
    created = invitations.invite(
        review_round, [session], group_keys=groups, secret_key=SECRET, link_base="http://localhost"
    ).created
    db.session.commit()
    return created


def link(invitation):
    return f"/i/{invitations.token_for(invitation, SECRET)}"


def test_the_page_offers_the_sessions_groups_and_organisations(
    logged_in_client, review_round, register_contacts, workshops
):
    page = logged_in_client.get(page_url(review_round))
    assert page.status_code == 200
    for text in ("Oulun työpaja", "Raahen työpaja", "Verkkoarviointi", "Klusterit", "BusinessOulu"):
        assert text in page.text
    assert "Postipalvelinta ei ole asetettu" in page.text  # no SMTP server in the tests


def test_sending_from_the_page_invites_groups_to_sessions(
    logged_in_client, review_round, register_contacts, workshops
):
    response = logged_in_client.post(
        page_url(review_round, "send"),
        data={
            "invite-sessions": [workshops["oulu"].id, workshops["raahe"].id],
            "invite-groups": ["kunnat", "klusterit"],
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "4 kutsua on matkalla." in response.text
    assert db.session.scalar(select(func.count(Invitation.id))) == 4
    assert "Kuusamon kaupunki" in response.text and "jonossa" in response.text
    again = logged_in_client.post(
        page_url(review_round, "send"),
        data={"invite-sessions": [workshops["oulu"].id], "invite-groups": ["kunnat"]},
        follow_redirects=True,
    )
    assert "1 yhteyshenkilö oli jo kutsuttu." in again.text


def test_a_double_clicked_send_says_already_invited_instead_of_failing(
    logged_in_client, review_round, register_contacts, workshops
):
    """The second click's request checks who is invited before the first one's insert is
    committed, and inserts the same contact and session: the unique constraint refuses it."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    aino = register_contacts["aino@kuusamo.example"]
    session_id = workshops["oulu"].id

    done = []

    def the_first_click_commits_first(flushing, context, instances):
        if done:
            return
        done.append(True)
        with Session(db.engine) as other:
            first = Invitation(round_id=review_round.id, session_id=session_id, contact_id=aino.id)
            invitations._new_token_fields(first, SECRET)
            other.add(first)
            other.commit()

    event.listen(db.session, "before_flush", the_first_click_commits_first)
    response = logged_in_client.post(
        page_url(review_round, "send"),
        data={"invite-sessions": [session_id], "invite-groups": ["kunnat"]},
        follow_redirects=True,
    )
    event.remove(db.session, "before_flush", the_first_click_commits_first)
    assert response.status_code == 200
    assert "Nämä yhteyshenkilöt oli jo kutsuttu" in response.text
    assert db.session.scalar(select(func.count(Invitation.id))) == 1
    assert db.session.scalar(select(func.count(MailMessage.id))) == 0


def test_a_forged_host_header_never_reaches_a_queued_message(
    app, facilitator, review_round, register_contacts, workshops, monkeypatch
):
    # A client whose every request names a host of its choosing.
    forged = app.test_client()
    forged.environ_base["HTTP_HOST"] = "evil.example"
    forged.post("/login", data={"email": facilitator.email, "password": TEST_PASSWORD})
    data = {"invite-sessions": [workshops["oulu"].id], "invite-groups": ["kunnat"]}
    sent = forged.post(page_url(review_round, "send"), data=data)
    assert sent.status_code == 302 and "invited" in sent.headers["Location"]
    assert db.session.scalar(select(MailMessage.link_base)) == PUBLIC
    # Without a public address nothing is queued at all (not with the request's address).
    monkeypatch.setitem(app.config, "PUBLIC_URL", None)
    data["invite-groups"] = ["klusterit"]
    refused = forged.post(page_url(review_round, "send"), data=data)
    assert refused.status_code == 400 and "WORKSHOP_PUBLIC_URL" in refused.text
    assert db.session.scalar(select(func.count(MailMessage.id))) == 1
    assert forged.post(page_url(review_round, "remind")).status_code == 400
    assert db.session.scalar(select(func.count(MailMessage.id))) == 1


def test_a_send_without_sessions_or_whom_is_refused(
    logged_in_client, review_round, register_contacts, workshops
):
    no_session = logged_in_client.post(
        page_url(review_round, "send"), data={"invite-groups": ["kunnat"]}
    )
    assert no_session.status_code == 400 and "Valitse vähintään yksi tilaisuus." in no_session.text
    nobody = logged_in_client.post(
        page_url(review_round, "send"), data={"invite-sessions": [workshops["oulu"].id]}
    )
    assert nobody.status_code == 400 and "Valitse kutsuttava ryhmä tai organisaatio." in nobody.text
    foreign = logged_in_client.post(
        page_url(review_round, "send"),
        data={"invite-sessions": ["999"], "invite-groups": ["kunnat"]},
    )
    assert foreign.status_code == 400
    wrong_type = logged_in_client.post(
        page_url(review_round, "send"),
        data={"invite-sessions": ["oulu"], "invite-organisations": ["x"]},
    )
    assert wrong_type.status_code == 400
    assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_reminders_now_and_at_a_time(logged_in_client, review_round, register_contacts, workshops):
    invite(review_round, workshops["oulu"], ["kunnat"])
    response = logged_in_client.post(page_url(review_round, "remind"), follow_redirects=True)
    assert "1 muistutus on matkalla." in response.text
    assert db.session.scalar(select(func.count()).where(MailMessage.kind == "reminder")) == 1
    when = to_local(utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    added = logged_in_client.post(
        page_url(review_round, "reminders"), data={"reminder-send_at": when}, follow_redirects=True
    )
    assert "Muistutusaika on asetettu." in added.text
    reminder = db.session.scalar(select(Reminder))
    past = to_local(utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    refused = logged_in_client.post(
        page_url(review_round, "reminders"), data={"reminder-send_at": past}
    )
    assert refused.status_code == 400 and "Valitse tuleva ajankohta." in refused.text
    garbage = logged_in_client.post(
        page_url(review_round, "reminders"), data={"reminder-send_at": "x"}
    )
    assert garbage.status_code == 400
    logged_in_client.post(
        page_url(review_round, "reminders/cancel"), data={"reminder": reminder.id}
    )
    assert db.session.scalar(select(func.count(Reminder.id))) == 0


def test_a_reminder_of_another_round_cannot_be_removed_from_this_one(
    logged_in_client, review_round, make_round
):
    from workshop.convening import reminders

    other = make_round("Toinen", 2027)
    reminder = reminders.schedule_reminder(other, utcnow() + timedelta(hours=2), link_base="x")
    db.session.commit()
    response = logged_in_client.post(
        page_url(review_round, "reminders/cancel"), data={"reminder": reminder.id},
        follow_redirects=True,
    )  # fmt: skip
    assert "Muistutusta ei löydy." in response.text
    assert db.session.get(Reminder, reminder.id) is not None


@pytest.mark.parametrize("reminder", ["99999999999999999999999", "0", "-1", "x"])
def test_a_reminder_id_out_of_range_is_no_such_reminder(logged_in_client, review_round, reminder):
    response = logged_in_client.post(
        page_url(review_round, "reminders/cancel"),
        data={"reminder": reminder},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Muistutusta ei löydy." in response.text


def test_a_facilitator_of_another_round_may_not_see_or_send(
    app, make_user, review_round, register_contacts, workshops
):
    review_round.owner = make_user("omistaja@example.org")
    db.session.commit()
    outsider = make_user("muu@example.org")
    client = app.test_client()
    client.post("/login", data={"email": outsider.email, "password": TEST_PASSWORD})
    assert client.get(page_url(review_round)).status_code == 403
    sent = client.post(
        page_url(review_round, "send"),
        data={"invite-sessions": [workshops["oulu"].id], "invite-groups": ["kunnat"]},
    )
    assert sent.status_code == 403
    assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_the_answer_page_shows_the_session_and_takes_the_answer(
    client, review_round, register_contacts, workshops
):
    (aino,) = invite(review_round, workshops["raahe"], ["kunnat"])
    page = client.get(link(aino))
    assert page.status_code == 200
    assert "Raahen työpaja" in page.text and "Raahen seurahuone" in page.text
    assert "Aino Aho, Kuusamon kaupunki" in page.text
    assert "Liity työpajaan" not in page.text  # a draft session is not joinable yet
    answered = client.post(link(aino), data={"answer": "coming"}, follow_redirects=True)
    assert "Kiitos: olet tervetullut." in answered.text and "Vastauksesi: tulen." in answered.text
    assert db.session.get(Invitation, aino.id).answer == "coming"
    client.post(link(aino), data={"answer": "not_coming"})
    assert db.session.get(Invitation, aino.id).answer == "not_coming"


def test_a_wrong_answer_or_token_changes_nothing(
    client, review_round, register_contacts, workshops
):
    (aino,) = invite(review_round, workshops["raahe"], ["kunnat"])
    assert client.post(link(aino), data={"answer": "maybe"}).status_code == 400
    assert client.post(link(aino), data={"answer": "coming\u202e"}).status_code == 400
    assert db.session.get(Invitation, aino.id).answer is None
    assert client.get("/i/" + "A" * 43).status_code == 404
    assert client.post("/i/" + "A" * 43, data={"answer": "coming"}).status_code == 404
    assert client.get("/i/" + "x" * 5000).status_code == 404


def test_the_contact_sees_the_pages_in_their_language(
    client, review_round, register_contacts, workshops
):
    jane = next(
        i for i in invite(review_round, workshops["oulu"], ["tutkimus-ja-koulutus"])
        if i.contact.language == "en"
    )  # fmt: skip
    page = client.get(link(jane))
    assert "I am coming" in page.text and "Research and education institutions" in page.text


def test_joining_from_the_page_needs_no_pin_and_fills_the_group(
    client, review_round, register_contacts, workshops
):
    session = workshops["oulu"]
    session.join_pin = "4321"
    (aino,) = invite(review_round, session, ["kunnat"])
    page = client.get(link(aino))
    assert "Liity työpajaan" in page.text
    joined = client.post(link(aino) + "/join")
    assert joined.status_code == 302 and joined.headers["Location"] == f"/s/{session.join_code}"
    participant = db.session.scalars(select(Participant)).one()
    assert participant.group.key == "kunnat"
    assert db.session.get(Invitation, aino.id).participant_id == participant.id
    # The same link again (this device or another) continues as the same participant.
    client.post(link(aino) + "/join")
    assert db.session.scalar(select(func.count(Participant.id))) == 1


def test_a_shared_device_opening_another_contacts_link_does_not_take_over_the_first(
    client, review_round, register_contacts, workshops
):
    """The device's cookie names contact A's participant, who has answered; contact B's link
    opened on it joins B as a new participant, and A's answers stay in A's group."""
    from workshop.review.models import Answer as ReviewAnswer

    session = workshops["oulu"]
    (aino,) = invite(review_round, session, ["kunnat"])
    (liisa,) = invite(review_round, session, ["kehittamisyhtiot"])
    client.post(link(aino) + "/join")  # sets the participant cookie on this device
    first = db.session.scalars(select(Participant)).one()
    db.session.add(
        ReviewAnswer(
            participant_id=first.id,
            group_id=first.group_id,
            question_id=review_round.questions[0].id,
            focus_area_key="x",
            value=3,
        )
    )
    db.session.commit()
    assert client.post(link(liisa) + "/join").status_code == 302
    db.session.expire_all()
    second = db.session.get(Invitation, liisa.id).participant
    assert second is not None and second.id != first.id
    assert second.group.key == "kehittamisyhtiot"
    assert db.session.get(Invitation, aino.id).participant_id == first.id
    assert db.session.get(Participant, first.id).group.key == "kunnat"
    assert db.session.scalar(select(ReviewAnswer.group_id)) == first.group_id


def test_one_participant_belongs_to_one_invitation_only(review_round, register_contacts, workshops):
    from sqlalchemy.exc import IntegrityError

    (aino,) = invite(review_round, workshops["oulu"], ["kunnat"])
    (liisa,) = invite(review_round, workshops["oulu"], ["kehittamisyhtiot"])
    participant = Participant(round_id=review_round.id, group_id=review_round.groups[0].id)
    db.session.add(participant)
    db.session.flush()
    aino.participant_id = liisa.participant_id = participant.id
    try:
        db.session.commit()
        raise AssertionError("two invitations were tied to one participant")
    except IntegrityError:
        db.session.rollback()


def test_joining_a_session_that_is_not_open_says_so(
    client, review_round, register_contacts, workshops
):
    (aino,) = invite(review_round, workshops["raahe"], ["kunnat"])
    response = client.post(link(aino) + "/join")
    assert response.status_code == 400
    assert "Työpajaa ei ole vielä avattu." in response.text
    assert db.session.scalar(select(func.count(Participant.id))) == 0


def test_unsubscribing_takes_the_button_not_the_link(
    client, review_round, register_contacts, workshops
):
    (aino,) = invite(review_round, workshops["oulu"], ["kunnat"])
    shown = client.get(link(aino) + "/unsubscribe")
    assert shown.status_code == 200 and "Peru kutsut" in shown.text
    assert register_contacts["aino@kuusamo.example"].subscribed  # a mail scanner's GET does nothing
    done = client.post(link(aino) + "/unsubscribe")
    assert "Valmis: osoitteeseen aino@kuusamo.example" in done.text
    db.session.refresh(register_contacts["aino@kuusamo.example"])
    assert not register_contacts["aino@kuusamo.example"].subscribed
    assert db.session.scalar(select(MailMessage.status)) == MailStatus.CANCELLED


def test_unsubscribing_is_the_addresses_and_outlives_the_register_row(
    client, review_round, register_contacts, workshops
):
    """The same person at two organisations, and after being deleted and added again: no
    invitation reaches them once they have unsubscribed."""
    from workshop.convening import services as register
    from workshop.convening.models import Contact, UnsubscribedAddress, address_hash
    from workshop.convening.services import ContactInput

    aino = register_contacts["aino@kuusamo.example"]
    klusteri = register_contacts["ville@klusteri.example"].organisation
    second = register.add_contact(
        klusteri, ContactInput("Aino Aho", "Aino@Kuusamo.example", "", "fi")
    )
    db.session.commit()
    (invitation,) = invite(review_round, workshops["oulu"], ["kunnat"])
    client.post(link(invitation) + "/unsubscribe")
    db.session.expire_all()
    assert not db.session.get(Contact, second.id).subscribed
    # Only a hash of the address is kept for it.
    kept = db.session.scalars(select(UnsubscribedAddress.address_hash)).all()
    assert kept == [address_hash("aino@kuusamo.example")]
    register.delete_contact(db.session.get(Contact, second.id))
    register.delete_contact(db.session.get(Contact, aino.id))
    db.session.commit()
    again = register.add_contact(
        klusteri, ContactInput("Aino Aho", "aino@kuusamo.example", "", "fi")
    )
    db.session.commit()
    assert not again.subscribed
    created = invitations.invite(
        review_round,
        [workshops["raahe"]],
        group_keys=["klusterit"],
        secret_key=SECRET,
        link_base=PUBLIC,
    )
    assert [i.contact.email for i in created.created] == ["ville@klusteri.example"]
    assert created.unsubscribed == 1


def test_failed_messages_can_be_tried_again_from_the_page(
    logged_in_client, review_round, register_contacts, workshops
):
    (aino,) = invite(review_round, workshops["oulu"], ["kunnat"])
    message = db.session.scalar(select(MailMessage))
    message.status, message.attempts, message.last_error = "failed", 5, "SMTPRecipientsRefused 550"
    db.session.commit()
    page = logged_in_client.get(page_url(review_round))
    assert "epäonnistui" in page.text and "sähköpostipalvelin ei hyväksynyt osoitetta" in page.text
    assert "Yritä epäonnistunutta 1 viestiä uudelleen" in page.text
    logged_in_client.post(page_url(review_round, "retry"))
    db.session.refresh(message)
    assert (message.status, message.attempts) == ("queued", 0)


def test_the_privacy_notice_says_what_invitations_keep(client):
    notice = client.get("/privacy")
    assert "Kustakin kutsusta sovellus säilyttää myös vastauksesi" in notice.text


def test_the_privacy_notice_says_it_in_english_too(client):
    # The language first: Flask-Babel keeps one locale per app context, which the test shares.
    client.get("/language/en")
    assert "For each invitation the app also keeps your answer" in client.get("/privacy").text


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("unsubscribed", "yhteyshenkilö perui kutsut"),
        ("SMTPRecipientsRefused 550", "sähköpostipalvelin ei hyväksynyt osoitetta"),
        ("SMTPRecipientsRefused 450", "sähköpostipalvelin ei hyväksynyt osoitetta toistaiseksi"),
        ("SMTPDataError 554", "sähköpostipalvelin ei hyväksynyt viestiä"),
        ("ConnectionRefusedError", "sähköpostipalvelimeen ei saatu yhteyttä"),
        ("ValueError", "viestiä ei voitu muodostaa"),
    ],
)
def test_a_messages_error_is_said_in_words(app, code, said):
    from workshop.convening.invitation_views import mail_error_text

    with app.test_request_context("/"):
        assert mail_error_text(code) == said

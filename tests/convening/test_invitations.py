"""Inviting contacts to sessions, the personal link's token, answers, joining from the link,
unsubscribing, the coverage counts and the `workshop invitations` commands."""

import json
import random
import re

import pytest
from sqlalchemy import func, inspect, select

from tests.convening.invitation_fixtures import LINK_BASE, SECRET
from workshop.convening import invitations
from workshop.convening.coverage import round_coverage
from workshop.convening.invitation_models import Invitation, MailMessage, MailStatus
from workshop.convening.invitations import InvitationError
from workshop.extensions import db
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import Participant
from workshop.review.services import ReviewError


def invite(review_round, sessions, **choice):
    result = invitations.invite(
        review_round, sessions, secret_key=SECRET, link_base=LINK_BASE, **choice
    )
    db.session.commit()
    return result


def test_each_contact_of_the_chosen_groups_is_invited_to_each_session(
    review_round, register_contacts, workshops
):
    result = invite(
        review_round,
        [workshops["oulu"], workshops["raahe"]],
        group_keys=["tutkimus-ja-koulutus", "kunnat"],
    )
    invited = {(i.contact.email, i.session.title) for i in result.created}
    assert invited == {
        (email, title)
        for email in ("jane@oulu.example", "pekka@oulu.example", "aino@kuusamo.example")
        for title in ("Oulun työpaja", "Raahen työpaja")
    }
    messages = db.session.scalars(select(MailMessage)).all()
    assert len(messages) == 6
    assert {(m.kind, m.status, m.link_base) for m in messages} == {
        ("invitation", "queued", LINK_BASE)
    }
    assert {m.language for m in messages if m.to_address == "jane@oulu.example"} == {"en"}


def test_single_organisations_can_be_chosen_beside_groups(
    review_round, register_contacts, workshops
):
    organisation = register_contacts["ville@klusteri.example"].organisation
    result = invite(
        review_round, [workshops["oulu"]], group_keys=["kunnat"], organisation_ids=[organisation.id]
    )
    assert sorted(i.contact.email for i in result.created) == [
        "aino@kuusamo.example",
        "ville@klusteri.example",
    ]


def test_the_token_is_not_stored_and_finds_its_invitation(
    review_round, register_contacts, workshops
):
    (invitation,) = invite(review_round, [workshops["oulu"]], group_keys=["klusterit"]).created
    token = invitations.token_for(invitation, SECRET)
    assert len(token) == invitations.TOKEN_LENGTH  # 256 bits
    stored = [str(value) for value in inspect(invitation).dict.values()]
    assert token not in stored
    assert invitation.token_hash == invitations.hash_token(token) != token
    assert invitations.invitation_by_token(token) is invitation
    # Another secret key (a stolen database alone) makes another token that opens nothing.
    assert invitations.invitation_by_token(invitations.token_for(invitation, "other")) is None
    for bad in ("", "x" * 500, token[:-1], "ä" * 43, None, 42):
        assert invitations.invitation_by_token(bad) is None


def test_tokens_differ_between_invitations(review_round, register_contacts, workshops):
    created = invite(review_round, [workshops["oulu"]], group_keys=["tutkimus-ja-koulutus"]).created
    assert len({invitations.token_for(i, SECRET) for i in created}) == len(created) == 2


def test_a_second_run_invites_nobody_twice(review_round, register_contacts, workshops):
    invite(review_round, [workshops["oulu"]], group_keys=["kunnat"])
    again = invite(review_round, [workshops["oulu"], workshops["raahe"]], group_keys=["kunnat"])
    assert [i.session.title for i in again.created] == ["Raahen työpaja"]
    assert again.already_invited == 1
    assert db.session.scalar(select(func.count(Invitation.id))) == 2


def test_an_unsubscribed_contact_is_not_invited(review_round, register_contacts, workshops):
    (first,) = invite(review_round, [workshops["oulu"]], group_keys=["kunnat"]).created
    invitations.unsubscribe(first)
    db.session.commit()
    result = invite(review_round, [workshops["raahe"]], group_keys=["kunnat"])
    assert result.created == [] and result.unsubscribed == 1


@pytest.mark.parametrize(
    ("choice", "code"),
    [
        ({"group_keys": ["ei-ole"]}, "unknown_group"),
        ({}, "no_contacts"),
        ({"group_keys": ["yritykset"]}, "no_contacts"),  # a round group with no contacts
    ],
)
def test_wrong_choices_are_refused(review_round, register_contacts, workshops, choice, code):
    with pytest.raises(InvitationError) as refused:
        invite(review_round, [workshops["oulu"]], **choice)
    assert refused.value.code == code


def test_sessions_must_be_the_rounds_and_not_ended(
    review_round, make_round, register_contacts, workshops
):
    other = review_services.create_session(make_round("Toinen", 2027), "Muu")
    with pytest.raises(InvitationError, match="not part of this round"):
        invite(review_round, [other], group_keys=["kunnat"])
    review_services.set_session_status(workshops["oulu"], "closed")
    with pytest.raises(InvitationError, match="ended"):
        invite(review_round, [workshops["oulu"]], group_keys=["kunnat"])
    with pytest.raises(InvitationError, match="at least one"):
        invite(review_round, [], group_keys=["kunnat"])


def test_a_later_answer_replaces_the_earlier(review_round, register_contacts, workshops):
    (invitation,) = invite(review_round, [workshops["oulu"]], group_keys=["kunnat"]).created
    invitations.set_answer(invitation, "coming")
    invitations.set_answer(invitation, "not_coming")
    assert invitation.answer == "not_coming" and invitation.answered_at is not None
    with pytest.raises(InvitationError):
        invitations.set_answer(invitation, "maybe")


def test_joining_from_the_link_fills_in_group_and_organisation(
    review_round, register_contacts, workshops
):
    session = workshops["oulu"]
    session.ask_identity = True
    participation.set_join_pin(session, True)  # the link stands in for the PIN
    (invitation,) = invite(review_round, [session], group_keys=["tutkimus-ja-koulutus"]).created[:1]
    participant = invitations.join_from_invitation(invitation, locale="en")
    db.session.commit()
    assert participant.session_id == session.id
    assert participant.group.key == "tutkimus-ja-koulutus"
    assert participant.organisation == "Oulun yliopisto"
    assert invitation.joined and invitation.answer == "coming"


def test_a_session_that_asks_for_no_identity_stores_none_from_the_link(
    review_round, register_contacts, workshops
):
    (invitation,) = invite(review_round, [workshops["oulu"]], group_keys=["kunnat"]).created
    participant = invitations.join_from_invitation(invitation, locale="fi")
    assert participant.organisation == "" and participant.name == ""
    assert participant.group.key == "kunnat"


def test_one_link_is_one_participant_on_any_device(review_round, register_contacts, workshops):
    (invitation,) = invite(review_round, [workshops["oulu"]], group_keys=["kunnat"]).created
    first = invitations.join_from_invitation(invitation, locale="fi")
    second = invitations.join_from_invitation(invitation, locale="fi", known=None)
    db.session.commit()
    assert first.id == second.id
    assert db.session.scalar(select(func.count(Participant.id))) == 1


def test_the_link_joins_only_an_open_session(review_round, register_contacts, workshops):
    (invitation,) = invite(review_round, [workshops["raahe"]], group_keys=["kunnat"]).created
    with pytest.raises(ReviewError) as refused:
        invitations.join_from_invitation(invitation, locale="fi")
    assert refused.value.code == "not_open"
    assert not invitation.joined


def test_unsubscribing_drops_the_queued_messages(review_round, register_contacts, workshops):
    created = invite(
        review_round, [workshops["oulu"], workshops["raahe"]], group_keys=["kunnat"]
    ).created
    invitations.unsubscribe(created[0])
    db.session.commit()
    assert {m.status for m in db.session.scalars(select(MailMessage))} == {MailStatus.CANCELLED}
    assert not register_contacts["aino@kuusamo.example"].subscribed


def test_coverage_counts_invited_accepted_and_took_part(
    app, review_round, register_contacts, workshops
):
    created = invite(
        review_round, [workshops["oulu"]], group_keys=["tutkimus-ja-koulutus", "kunnat"]
    ).created
    by_email = {i.contact.email: i for i in created}
    invitations.set_answer(by_email["jane@oulu.example"], "coming")
    invitations.set_answer(by_email["pekka@oulu.example"], "not_coming")
    invitations.join_from_invitation(by_email["aino@kuusamo.example"], locale="fi")
    db.session.commit()
    found = invitations.invited_and_accepted(review_round)
    university = register_contacts["jane@oulu.example"].organisation.id
    kuusamo = register_contacts["aino@kuusamo.example"].organisation.id
    assert found.invited == {university, kuusamo}
    assert found.accepted == {university, kuusamo}
    assert set(found.participant_organisations.values()) == {kuusamo} and found.sent
    with app.test_request_context():
        coverage = round_coverage(review_round).as_dict()
    assert coverage["groups"]["kunnat"]["invited"] == 1
    assert coverage["groups"]["tutkimus-ja-koulutus"]["accepted"] == 1
    assert coverage["sub_regions"]["koillismaa"]["took_part"] == 1
    assert coverage["groups"]["klusterit"]["invited"] == 0


def test_a_round_without_invitations_has_sent_none(review_round):
    assert invitations.invited_and_accepted(review_round).sent is False


# The commands ------------------------------------------------------------------------------


def test_the_commands_send_remind_and_list(app, review_round, register_contacts, workshops):
    runner = app.test_cli_runner()
    oulu, raahe = workshops["oulu"], workshops["raahe"]
    result = runner.invoke(
        args=[
            "invitations", "send", str(review_round.id), "--session", str(oulu.id),
            "--session", str(raahe.id), "--group", "kunnat", "--group", "klusterit",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "4 invitations queued" in result.output
    assert "No WORKSHOP_SMTP_HOST" in result.output
    listed = runner.invoke(args=["invitations", "list", str(review_round.id), "--json"])
    rows = json.loads(listed.output)
    assert {(row["email"], row["session_id"]) for row in rows} == {
        (email, session.id)
        for email in ("aino@kuusamo.example", "ville@klusteri.example")
        for session in (oulu, raahe)
    }
    assert {row["mail"]["status"] for row in rows} == {"queued"}
    first = db.session.get(Invitation, rows[0]["id"])
    invitations.set_answer(first, "coming")
    db.session.commit()
    reminded = runner.invoke(args=["invitations", "remind", str(review_round.id)])
    # One per contact (both still have a session unanswered), not one per invitation.
    assert reminded.exit_code == 0 and "2 reminders queued" in reminded.output
    text_listing = runner.invoke(args=["invitations", "list", "latest"])
    assert "Kuusamon kaupunki" in text_listing.output


def test_the_send_command_refuses_a_session_of_another_round(app, review_round, register_contacts):
    result = app.test_cli_runner().invoke(
        args=["invitations", "send", str(review_round.id), "--session", "999", "--group", "kunnat"]
    )
    assert result.exit_code != 0 and "No such session" in result.output


def test_erasing_the_participants_data_unties_them_from_the_contact(
    review_round, register_contacts, workshops
):
    from workshop.privacy import services as privacy

    (invitation,) = invite(review_round, [workshops["oulu"]], group_keys=["kunnat"]).created
    participant = invitations.join_from_invitation(invitation, locale="fi")
    db.session.commit()
    privacy.erase_participant(participant)
    db.session.commit()
    db.session.refresh(invitation)
    assert invitation.participant_id is None
    assert invitation.joined  # still counted as having taken part
    assert invitations.invited_and_accepted(review_round).participant_organisations == {}
    assert not invitations.needs_reminder(invitation)


def test_the_demo_invites_four_groups_with_answers_and_joins(review_round, workshops):
    from workshop.convening.demo import create_demo_register
    from workshop.convening.invitation_demo import INVITED_GROUPS, create_demo_invitations

    for group in ("klusterit", "kunnat") * 5:
        participation.join_session(workshops["oulu"], group, locale="fi")
    create_demo_register()
    result = create_demo_invitations(
        review_round, random.Random(2026), secret_key=SECRET, link_base=LINK_BASE
    )
    db.session.commit()
    assert result.created
    assert {i.contact.organisation.group_key for i in result.created} <= set(INVITED_GROUPS)
    assert {i.session.title for i in result.created} == {
        "Oulun työpaja", "Raahen työpaja", "Verkkoarviointi"
    }  # fmt: skip
    answers = {i.answer for i in result.created}
    assert answers == {"coming", "not_coming", None}
    joined = [i for i in result.created if i.joined]
    assert joined and all(i.session.title == "Oulun työpaja" for i in joined)
    assert all(i.participant.group.key == i.contact.organisation.group_key for i in joined)
    assert len({i.participant_id for i in joined}) == len(joined)
    statuses = {m.status for i in result.created for m in i.messages}
    assert statuses == {"sent"}


def test_workshop_demo_includes_invitations_replies_and_their_coverage(app, strategy_version):
    from workshop.demo import create_demo

    review_round = create_demo(participants=40, seed=3)
    db.session.commit()
    rows = invitations.invitation_rows(review_round)
    assert {row["group"] for row in rows} == {
        "klusterit", "kehittamisyhtiot", "tutkimus-ja-koulutus", "kunnat"
    }  # fmt: skip
    assert any(row["joined"] for row in rows) and any(row["answer"] == "coming" for row in rows)
    with app.test_request_context():
        coverage = round_coverage(review_round).as_dict()
    assert coverage["groups"]["klusterit"]["invited"] > 0
    assert coverage["groups"]["yritykset"]["invited"] == 0  # not invited: the table shows it
    assert coverage["groups"]["klusterit"]["accepted"] > 0
    output = app.test_cli_runner().invoke(args=["demo", "--participants", "8"]).output
    assert re.search(r"Invitations: \d+, \d+ coming, \d+ joined\.", output)

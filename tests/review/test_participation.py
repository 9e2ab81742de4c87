"""Joining by code, the device token, and the rules of scoring."""

import pytest

from tests.review.conftest import scoring_steps
from workshop.extensions import db
from workshop.review import participation, services
from workshop.review.models import Answer
from workshop.review.services import ReviewError


def submit(participant, step, area_key, value=4, submission="sub-00001", **kwargs):
    return participation.submit_answer(
        participant,
        submission_id=submission,
        step_id=step.id,
        question_key=kwargs.pop("question", "edistyminen"),
        focus_area_key=area_key,
        value=value,
        reason=kwargs.pop("reason", ""),
    )


def area_of(step, index=0):
    return services.step_focus_areas(step)[index].key


def test_joining_needs_an_open_session_and_a_known_group(review_round, open_session):
    draft = services.create_session(review_round, "Raahe")
    with pytest.raises(ReviewError) as raised:
        participation.join_session(draft, "klusterit")
    assert raised.value.code == "not_open"
    with pytest.raises(ReviewError) as raised:
        participation.join_session(open_session, "no-such-group")
    assert raised.value.code == "unknown_group"
    services.set_session_status(open_session, "closed")
    with pytest.raises(ReviewError) as raised:
        participation.check_joinable(open_session)
    assert raised.value.code == "closed"
    with pytest.raises(ReviewError) as raised:
        participation.check_joinable(None)
    assert raised.value.code == "unknown_code"


def test_the_token_names_the_participant_and_cannot_be_forged(app, participant):
    secret = app.config["SECRET_KEY"]
    token = participation.make_token(secret, participant)
    assert participation.participant_from_token(secret, token).id == participant.id
    assert participation.participant_from_token("other-secret", token) is None
    assert participation.participant_from_token(secret, token[:-2] + "xx") is None
    assert participation.participant_from_token(secret, None) is None
    assert participation.participant_from_token(secret, "x" * 10_000) is None


def test_the_same_device_keeps_its_identity_across_sessions_of_the_round(review_round, participant):
    other = services.create_session(review_round, "Raahe")
    services.set_session_status(other, "open")
    again = participation.join_session(other, "yritykset", participant=participant)
    assert again.id == participant.id
    assert again.session_id == other.id and again.group.key == "yritykset"


def test_second_answer_replaces_the_first(scoring_step, participant):
    area = area_of(scoring_step)
    submit(participant, scoring_step, area, 2, "sub-00001")
    result = submit(participant, scoring_step, area, 5, "sub-00002", reason="Parempi")
    db.session.commit()
    answers = db.session.query(Answer).all()
    assert len(answers) == 1
    assert (answers[0].value, answers[0].reason) == (5, "Parempi")
    assert result.duplicate is False


def test_a_repeated_submission_is_acknowledged_and_ignored(scoring_step, participant):
    area = area_of(scoring_step)
    submit(participant, scoring_step, area, 2, "sub-00001")
    submit(participant, scoring_step, area, 5, "sub-00002")
    repeat = submit(participant, scoring_step, area, 2, "sub-00001")
    db.session.commit()
    assert repeat.duplicate is True
    assert db.session.query(Answer).one().value == 5


def test_submission_ids_are_per_participant(scoring_step, participant, make_participant):
    other = make_participant("yritykset")
    area = area_of(scoring_step)
    submit(participant, scoring_step, area, 2, "same-id-123")
    result = submit(other, scoring_step, area, 4, "same-id-123")
    assert result.duplicate is False
    assert db.session.query(Answer).count() == 2


def test_dont_know_is_an_answer_without_value(scoring_step, participant):
    result = submit(participant, scoring_step, area_of(scoring_step), None)
    assert result.answer["value"] is None


def test_answers_to_a_closed_or_other_step_are_refused(open_session, scoring_step, participant):
    area = area_of(scoring_step)
    services.close_step(scoring_step)
    with pytest.raises(ReviewError) as raised:
        submit(participant, scoring_step, area)
    assert raised.value.code == "step_closed"
    pending = scoring_steps(open_session)[1]
    with pytest.raises(ReviewError) as raised:
        submit(participant, pending, area_of(pending))
    assert raised.value.code == "step_closed"
    with pytest.raises(ReviewError) as raised:
        submit(participant, open_session.steps[0], area)
    assert raised.value.code == "not_scoring"
    assert db.session.query(Answer).count() == 0


def test_focus_areas_outside_the_step_and_bad_values_are_refused(
    scoring_step, participant, strategy_version
):
    outside = strategy_version.focus_areas[-1].key
    with pytest.raises(ReviewError) as raised:
        submit(participant, scoring_step, outside)
    assert raised.value.code == "not_in_step"
    for value in (0, 6, -1):
        with pytest.raises(ReviewError) as raised:
            submit(participant, scoring_step, area_of(scoring_step), value)
        assert raised.value.code == "invalid_value"
    with pytest.raises(ReviewError) as raised:
        submit(participant, scoring_step, area_of(scoring_step), question="nope")
    assert raised.value.code == "unknown_question"


def test_a_score_that_is_not_an_int_is_refused_by_the_service_too(scoring_step, participant):
    # True would pass a range check as 1, and 4.0 as 4: every path (the assistant's too) refuses.
    for value in (True, False, 4.0, "4"):
        with pytest.raises(ReviewError) as raised:
            submit(participant, scoring_step, area_of(scoring_step), value)
        assert raised.value.code == "invalid_value"
    assert db.session.query(Answer).count() == 0


def test_a_step_of_another_session_is_unknown(review_round, scoring_step, participant):
    other = services.create_session(review_round, "Raahe")
    services.set_session_status(other, "open")
    step = scoring_steps(other)[0]
    services.open_step(step)
    with pytest.raises(ReviewError) as raised:
        submit(participant, step, area_of(step))
    assert raised.value.code == "unknown_step"


def test_the_database_keeps_one_answer_per_participant_question_and_area(scoring_step, participant):
    from sqlalchemy.exc import IntegrityError

    submit(participant, scoring_step, area_of(scoring_step))
    stored = db.session.query(Answer).one()
    db.session.add(
        Answer(
            participant_id=participant.id,
            group_id=participant.group_id,
            question_id=stored.question_id,
            focus_area_key=stored.focus_area_key,
            value=1,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()

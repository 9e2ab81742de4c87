"""The rules of open answers, moderation, polls and prioritisation, and their results."""

import uuid

import pytest

from workshop.audit.models import AuditEvent
from workshop.errors import NotFound
from workshop.extensions import db
from workshop.review import services as review_services
from workshop.review.models import StepKind
from workshop.review.services import ReviewError
from workshop.steps import services
from workshop.steps.config import step_config
from workshop.steps.models import ModerationStatus


def answer(participant, step, text):
    result, _ = services.submit_open_answer(participant, step.id, text, uuid.uuid4().hex)
    db.session.commit()
    return result


def test_an_open_answer_is_held_until_a_facilitator_approves_it(
    question_step, participant, facilitator
):
    given = answer(participant, question_step, "Kiertotaloutta ja vedyn varastointia")
    assert given.status == ModerationStatus.HELD
    assert services.open_results(question_step)["groups"] == []
    assert services.open_results(question_step)["answered"] == 1
    services.moderate_open_answer(given, "approve", facilitator)
    db.session.commit()
    results = services.open_results(question_step)
    assert results["approved"] == 1
    assert results["groups"][0]["answers"][0]["text"] == "Kiertotaloutta ja vedyn varastointia"
    event = db.session.query(AuditEvent).filter_by(action="open_answer.approve").one()
    assert event.subject == f"open_answer:{given.id}" and event.actor_id == facilitator.id


def test_a_hidden_answer_leaves_the_room_and_keeps_its_reason(
    question_step, participant, facilitator
):
    given = answer(participant, question_step, "Asiaton vastaus")
    services.moderate_open_answer(given, "approve", facilitator)
    services.moderate_open_answer(given, "hide", facilitator, services.hide_reason("off_topic"))
    db.session.commit()
    assert services.open_results(question_step)["groups"] == []
    assert given.hidden_reason == "off_topic"
    assert services.moderation_queue(question_step)[0]["status"] == "hidden"
    audit = db.session.query(AuditEvent).filter_by(action="open_answer.hide").one()
    assert audit.details["reason"] == "off_topic"


def test_other_as_a_reason_needs_words_and_unknown_reasons_are_refused():
    assert services.hide_reason("other", "  Mainos  ") == "other: Mainos"
    with pytest.raises(ReviewError):
        services.hide_reason("other", "")
    with pytest.raises(ReviewError):
        services.hide_reason("rude")


def test_answers_are_cleaned_and_checked(question_step, participant):
    given = answer(participant, question_step, "\u202eevil\u202c <b>lihavoitu</b>\x00")
    assert given.text == "evil <b>lihavoitu</b>"  # HTML stays text: the pages escape it
    with pytest.raises(ReviewError, match="too long"):
        answer(participant, question_step, "a" * 281)
    with pytest.raises(ReviewError):
        answer(participant, question_step, " \u202e ")


def test_a_resent_answer_is_not_stored_twice(question_step, participant):
    first, duplicate = services.submit_open_answer(
        participant, question_step.id, "Osaajia", "c" * 12
    )
    again, duplicate = services.submit_open_answer(
        participant, question_step.id, "Osaajia", "c" * 12
    )
    assert duplicate and again.id == first.id
    assert len(services.open_answers(question_step)) == 1


def test_answers_are_refused_when_the_step_is_not_the_open_question(
    question_step, poll_step, participant
):
    # Opening the poll closed the question.
    with pytest.raises(ReviewError, match="not open"):
        answer(participant, question_step, "Myöhässä")
    with pytest.raises(ReviewError, match="does not take"):
        answer(participant, poll_step, "Väärä")


def test_a_participant_answers_at_most_ten_times(question_step, participant):
    for n in range(services.MAX_ANSWERS_PER_PARTICIPANT):
        answer(participant, question_step, f"Vastaus {n}")
    with pytest.raises(ReviewError, match="most answers"):
        answer(participant, question_step, "Yksi liikaa")


def test_the_word_cloud_counts_lemmas_and_leaves_out_stop_words(
    question_step, make_participant, facilitator
):
    texts = [
        "Kiertotaloutta ja osaajia",
        "Kiertotalouden rahoitus",
        "kiertotalous on tärkeä",
        "Osaajien saatavuus",
    ]
    for text in texts:
        services.moderate_open_answer(
            answer(make_participant(), question_step, text), "approve", facilitator
        )
    db.session.commit()
    results = services.open_results(question_step)
    cloud = {item["word"]: item for item in results["cloud"]}
    assert results["analyser"] in ("voikko", "snowball")
    top = results["cloud"][0]
    assert top["count"] == 3 and top["size"] == 5
    assert "ja" not in cloud and "on" not in cloud
    if results["analyser"] == "voikko":
        assert top["word"] == "kiertotalous" and cloud["osaaja"]["count"] == 2
    # Answers naming the same thing are one group, the largest first.
    assert len(results["groups"][0]["answers"]) == 3


def test_a_poll_counts_choices_and_a_new_choice_replaces_the_old(poll_step, make_participant, app):
    people = [make_participant() for _ in range(5)]
    for person in people:
        services.submit_choice(person, poll_step.id, ["1"])
    services.submit_choice(people[0], poll_step.id, ["2"])
    db.session.commit()
    results = services.choice_results(poll_step)
    assert results["respondents"] == 5 and results["method"] == "count"
    assert [(i["key"], i["count"]) for i in results["items"]] == [("1", 4), ("2", 1), ("3", 0)]


def test_a_single_choice_poll_takes_one_option_known_to_it(poll_step, participant):
    with pytest.raises(ReviewError, match="more than"):
        services.submit_choice(participant, poll_step.id, ["1", "2"])
    with pytest.raises(ReviewError, match="among"):
        services.submit_choice(participant, poll_step.id, ["9"])
    with pytest.raises(ReviewError, match="among"):
        services.submit_choice(participant, poll_step.id, ["1", "1"])


def test_a_multiple_choice_poll_takes_several(add_open_step, participant):
    step = add_open_step(StepKind.POLL, options=["A", "B", "C"], multiple=True)
    assert services.submit_choice(participant, step.id, ["1", "3"]).choices == ["1", "3"]


def test_poll_results_are_withheld_below_the_minimum_group_size(poll_step, make_participant):
    for _ in range(4):
        services.submit_choice(make_participant(), poll_step.id, ["1"])
    results = services.choice_results(poll_step)
    assert results["withheld"] and results["items"] == [] and results["respondents"] == 4


def test_a_ranked_prioritisation_gives_borda_points(priority_step, make_participant):
    # Two picks: a first pick is worth 2 points, a second 1.
    for choices in (["energia", "bio-ja-kiertotalous"],) * 3 + (["bio-ja-kiertotalous"],) * 2:
        services.submit_choice(make_participant(), priority_step.id, list(choices))
    results = services.choice_results(priority_step)
    assert results["method"] == "borda"
    ranked = [(i["key"], i["points"], i["count"], i["first"]) for i in results["items"]]
    assert ranked == [
        ("bio-ja-kiertotalous", 7, 5, 2),
        ("energia", 6, 3, 3),
        ("terveys-ja-hyvinvointi", 0, 0, 0),
    ]


def test_a_prioritisation_takes_only_its_focus_areas_and_at_most_n(priority_step, participant):
    with pytest.raises(ReviewError, match="among"):
        services.submit_choice(participant, priority_step.id, ["innovatiivinen-matkailu"])
    with pytest.raises(ReviewError, match="more than"):
        services.submit_choice(
            participant,
            priority_step.id,
            ["energia", "terveys-ja-hyvinvointi", "bio-ja-kiertotalous"],
        )


def test_step_config_checks_the_poll_and_the_picks():
    with pytest.raises(ReviewError):
        step_config(StepKind.POLL, prompt="?", options=["Vain yksi"])
    with pytest.raises(ReviewError):
        step_config(StepKind.POLL, prompt="?", options=["Sama", "Sama"])
    with pytest.raises(ReviewError):
        step_config(StepKind.PRIORITY, prompt="?", max_picks=11)
    config = step_config(StepKind.POLL, prompt=" Kumpi? ", options=["A", "", "B"])
    assert config == {
        "prompt": "Kumpi?",
        "options": [{"key": "1", "text": "A"}, {"key": "2", "text": "B"}],
        "multiple": False,
    }
    assert step_config(StepKind.SCORING, prompt="x") == {}


def test_an_answer_of_another_step_is_not_found(question_step, participant, open_session):
    given = answer(participant, question_step, "Vastaus")
    other = review_services.add_step(open_session, StepKind.OPEN_QUESTION)
    with pytest.raises(NotFound):
        services.get_open_answer(other, given.id)


def test_an_answer_joins_the_group_of_its_first_word_among_equally_common_ones(
    question_step, make_participant, facilitator
):
    for text in ("Kiertotalouden osaajia", "Kiertotalouden osaajat", "Matkailu"):
        given = answer(make_participant(), question_step, text)
        services.moderate_open_answer(given, "approve", facilitator)
    groups = services.open_results(question_step)["groups"]
    assert [len(group["answers"]) for group in groups] == [2, 1]
    assert groups[1]["word"] == "" and groups[1]["answers"][0]["text"] == "Matkailu"
    if services.lemmas.analyser_name() == "voikko":
        assert groups[0]["word"] == "kiertotalous"


def test_the_questions_own_words_are_not_in_the_cloud(question_step, make_participant, facilitator):
    for text in ("Osaajat puuttuvat", "Rahoitus puuttuu", "Osaajia puuttuu strategiasta"):
        services.moderate_open_answer(
            answer(make_participant(), question_step, text), "approve", facilitator
        )
    results = services.open_results(question_step)
    words = [item["word"] for item in results["cloud"]]
    if results["analyser"] == "voikko":
        assert words == ["osaaja", "rahoitus"]
        assert results["groups"][0]["word"] == "osaaja"
    assert not any(word.startswith("puut") or word.startswith("strategi") for word in words)

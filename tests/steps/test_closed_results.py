"""A closed open question, poll or prioritisation keeps its results: the console and the
projector ask for them (step:results), and the round results page lists them."""

import pytest

from workshop.extensions import db
from workshop.review import services as review_services
from workshop.steps import services


@pytest.mark.usefixtures("every_group_shown")
def test_a_closed_poll_still_answers_step_results(
    poll_step, open_session, participant, make_participant, staff_socket
):
    services.submit_choice(participant, poll_step.id, ["1"])
    services.submit_choice(make_participant(), poll_step.id, ["2"])
    review_services.close_step(poll_step)
    db.session.commit()
    ack = staff_socket.emit(
        "step:results", {"session_id": open_session.id, "step_id": poll_step.id}, callback=True
    )
    assert ack["ok"] and ack["results"]["respondents"] == 2
    assert [(i["key"], i["count"]) for i in ack["results"]["items"]] == [
        ("1", 1),
        ("2", 1),
        ("3", 0),
    ]


@pytest.mark.usefixtures("every_group_shown")
def test_the_round_results_page_lists_closed_step_kinds(
    logged_in_client, question_step, open_session, participant
):
    answer, _ = services.submit_open_answer(participant, question_step.id, "Vetytaloutta", "c1")
    services.moderate_open_answer(answer, "approve", None)
    hidden, _ = services.submit_open_answer(participant, question_step.id, "Asiatonta", "c2")
    services.moderate_open_answer(hidden, "hide", None, "inappropriate")
    review_services.close_step(question_step)
    db.session.commit()
    page = logged_in_client.get(f"/review/rounds/{open_session.round_id}/results").text
    assert "Avoimet kysymykset, kyselyt ja priorisoinnit" in page
    assert "Mitä strategiasta puuttuu?" in page and "Suljettu" in page
    assert "Vetytaloutta" in page and "Asiatonta" not in page
    assert "Vastauksia: 2, hyväksyttyjä: 1." in page
    other = review_services.create_session(open_session.review_round, "Raahe")
    db.session.commit()
    only_raahe = logged_in_client.get(
        f"/review/rounds/{open_session.round_id}/results?session={other.id}"
    ).text
    assert "Vetytaloutta" not in only_raahe

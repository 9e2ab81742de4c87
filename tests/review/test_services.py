"""Rounds, sessions and the agenda under facilitator control."""

from datetime import timedelta

import pytest

from tests.review.conftest import scoring_steps
from workshop.extensions import db
from workshop.models import utcnow
from workshop.review import payloads, services
from workshop.review.models import ResultsMode, StepKind, StepStatus
from workshop.review.services import ReviewError


def test_a_new_round_has_the_seeds_groups_and_two_questions(review_round):
    assert [g.name for g in review_round.groups] == [
        "Klusterit",
        "Kehittämisyhtiöt",
        "Tutkimus- ja koulutuslaitokset",
        "Kunnat ja alueelliset edustajat",
        "Yritykset ja elinkeinoelämä",
        "Julkiset viranomaiset",
    ]
    assert [q.key for q in review_round.questions] == ["edistyminen", "ajankohtaisuus"]
    assert review_round.questions[0].tr("text", "en") == "How well has the focus area progressed?"
    assert all(
        (q.scale_min, q.scale_max, q.allow_dont_know) == (1, 5, True)
        for q in review_round.questions
    )


def test_groups_are_editable_per_round(review_round):
    group = services.add_group(review_round, "Järjestöt", "Associations")
    assert group.key == "jarjestot"
    assert services.add_group(review_round, "Järjestöt").key == "jarjestot-2"
    services.rename_group(group, "Kansalaisjärjestöt", "NGOs")
    assert group.tr("name", "en") == "NGOs"
    services.remove_group(group)
    db.session.commit()
    assert "Kansalaisjärjestöt" not in [g.name for g in review_round.groups]


def test_a_group_someone_joined_as_cannot_be_removed(review_round, participant):
    with pytest.raises(ReviewError) as raised:
        services.remove_group(participant.group)
    assert raised.value.code == "group_in_use"


def test_questions_are_editable_until_answered(review_round):
    question = services.add_question(review_round, "Onko rahoitus riittävää?", "Is funding enough?")
    services.update_question(question, text="Onko rahoitusta riittävästi?", english="Enough money?")
    assert question.tr("text", "en") == "Enough money?"
    services.remove_question(question)
    db.session.commit()
    assert len(review_round.questions) == 2


def test_a_session_gets_a_readable_join_code_and_the_default_agenda(review_round):
    session = services.create_session(review_round, "Raahe", "Raahe")
    assert len(session.join_code) == 6
    assert set(session.join_code) <= set(services.JOIN_CODE_ALPHABET)
    kinds = [step.kind for step in session.steps]
    assert kinds == [
        "welcome",
        "indicators",
        "scoring",
        "scoring",
        "scoring",
        "proposals",
        "support",
        "wrapup",
    ]
    first_scoring = scoring_steps(session)[0]
    assert len(services.step_focus_areas(first_scoring)) == 3
    # Untitled, so that each viewer sees the theme's title in their own language.
    assert first_scoring.title == ""
    assert payloads.step_title(first_scoring, "fi") == "Uudistuva ja hyvinvoiva"
    assert payloads.step_title(first_scoring, "en") == "Renewing and thriving"
    assert all(step.status == StepStatus.PENDING for step in session.steps)


def test_join_codes_are_found_whatever_the_case_and_spacing(open_session):
    code = open_session.join_code
    typed = f" {code[:3].lower()}-{code[3:]} "
    assert services.session_by_code(typed).id == open_session.id
    assert services.session_by_code("NOPE99") is None


def test_opening_a_step_closes_the_one_that_was_open(open_session):
    welcome, indicators = open_session.steps[0], open_session.steps[1]
    services.open_step(welcome)
    services.open_step(indicators)
    assert welcome.status == StepStatus.CLOSED and welcome.closed_at is not None
    assert indicators.status == StepStatus.OPEN
    assert open_session.open_step is indicators


def test_steps_open_only_in_an_open_session(review_round):
    session = services.create_session(review_round, "Online")
    with pytest.raises(ReviewError) as raised:
        services.open_step(session.steps[0])
    assert raised.value.code == "session_not_open"


def test_closing_the_session_closes_its_open_step(scoring_step, open_session):
    services.set_session_status(open_session, "closed")
    assert scoring_step.status == StepStatus.CLOSED


def test_opening_a_session_opens_its_draft_round_and_a_closed_round_stays_closed(review_round):
    session = services.create_session(review_round, "Oulu")
    services.set_session_status(session, "open")
    assert review_round.status == "open"
    services.set_round_status(review_round, "closed")
    assert session.status == "closed"
    with pytest.raises(ReviewError):
        services.set_session_status(session, "open")


def test_a_scoring_step_of_selected_focus_areas(open_session, strategy_version):
    keys = [strategy_version.focus_areas[5].key, strategy_version.focus_areas[1].key]
    step = services.add_step(open_session, StepKind.SCORING, "Valitut", keys)
    # Strategy order, not the order given.
    assert [a.key for a in services.step_focus_areas(step)] == [keys[1], keys[0]]
    with pytest.raises(ReviewError):
        services.add_step(open_session, StepKind.SCORING, "", ["no-such-area"])
    everything = services.add_step(open_session, StepKind.SCORING, "Kaikki")
    assert len(services.step_focus_areas(everything)) == 10


def test_steps_move_and_an_open_step_cannot_be_removed(open_session):
    wrapup = open_session.steps[-1]
    services.move_step(wrapup, -1)
    assert sorted(open_session.steps, key=lambda s: s.position)[-2] is wrapup
    services.open_step(wrapup)
    with pytest.raises(ReviewError):
        services.remove_step(wrapup)
    services.close_step(wrapup)
    services.remove_step(wrapup)
    assert wrapup not in open_session.steps


def test_timer_and_reveal(scoring_step):
    services.start_timer(scoring_step, 300)
    remaining = scoring_step.timer_ends_at - utcnow()
    assert timedelta(seconds=295) < remaining <= timedelta(seconds=300)
    services.stop_timer(scoring_step)
    assert scoring_step.timer_ends_at is None
    with pytest.raises(ReviewError):
        services.start_timer(scoring_step, 0)
    services.set_results_visible(scoring_step, True)
    assert scoring_step.results_visible


def test_the_room_sees_results_as_the_steps_results_mode_says(scoring_step):
    assert scoring_step.results_mode == ResultsMode.REVEAL  # the default: the room waits
    assert not scoring_step.results_shown
    services.set_results_visible(scoring_step, True)
    assert scoring_step.results_shown
    services.set_results_visible(scoring_step, False)
    services.set_results_mode(scoring_step, ResultsMode.LIVE)
    assert scoring_step.results_shown  # live: no reveal needed
    services.set_results_visible(scoring_step, True)
    services.set_results_mode(scoring_step, ResultsMode.STAFF)
    assert not scoring_step.results_shown and not scoring_step.results_visible
    with pytest.raises(ReviewError) as refused:
        services.set_results_visible(scoring_step, True)
    assert refused.value.code == "results_staff_only"
    assert not scoring_step.results_visible


def test_rounds_resolve_by_id_or_latest(make_round):
    first = make_round("Vuosiarviointi 2025", 2025)
    second = make_round("Vuosiarviointi 2026", 2026)
    assert services.resolve_round("latest").id == second.id
    assert services.resolve_round(str(first.id)).id == first.id
    with pytest.raises(services.NotFound):
        services.resolve_round("x")


def test_previous_round_is_the_latest_earlier_one(make_round):
    older = make_round("Vuosiarviointi 2024", 2024)
    previous = make_round("Vuosiarviointi 2025", 2025)
    current = make_round("Vuosiarviointi 2026", 2026)
    assert services.previous_round(current).id == previous.id
    assert services.previous_round(previous).id == older.id
    assert services.previous_round(older) is None

"""The aggregates: count, distribution, mean, median, spread, groups, change from last round."""

import uuid

import pytest

from tests.review.conftest import scoring_steps
from workshop.extensions import db
from workshop.review import participation, services
from workshop.review.results import participant_counts, results_for, step_results, summarise


def test_summary_statistics_of_a_distribution():
    summary = summarise({1: 1, 3: 2, 5: 1}, dont_know=2)
    assert summary["count"] == 4
    assert summary["dont_know"] == 2
    assert summary["distribution"] == {"1": 1, "3": 2, "5": 1}
    assert summary["mean"] == 3.0
    assert summary["median"] == 3.0
    assert summary["spread"] == pytest.approx(1.41, abs=0.01)


def test_median_of_an_even_count_is_the_middle_pair_average():
    assert summarise({2: 1, 3: 1, 4: 1, 5: 1})["median"] == 3.5
    assert summarise({4: 2})["median"] == 4.0


def test_no_answers_give_empty_statistics():
    assert summarise({}) == {
        "count": 0,
        "dont_know": 0,
        "distribution": {},
        "mean": None,
        "median": None,
        "spread": None,
    }


def score(participant, step, area_key, value, question="edistyminen", reason=""):
    participation.submit_answer(
        participant,
        submission_id=uuid.uuid4().hex,
        step_id=step.id,
        question_key=question,
        focus_area_key=area_key,
        value=value,
        reason=reason,
    )


def item(results, question, area_key):
    return next(
        i for i in results["items"] if i["question"] == question and i["focus_area"] == area_key
    )


@pytest.mark.usefixtures("every_group_shown")
def test_step_results_by_question_area_and_group(scoring_step, make_participant):
    area = services.step_focus_areas(scoring_step)[0].key
    cluster_a, cluster_b = make_participant("klusterit"), make_participant("klusterit")
    business = make_participant("yritykset")
    score(cluster_a, scoring_step, area, 5)
    score(cluster_b, scoring_step, area, 4)
    score(business, scoring_step, area, 1)
    score(business, scoring_step, area, None, question="ajankohtaisuus")
    db.session.commit()

    results = step_results(scoring_step, locale="en")
    progress = item(results, "edistyminen", area)
    assert (progress["count"], progress["mean"], progress["median"]) == (3, 3.33, 4.0)
    assert progress["by_group"]["klusterit"]["mean"] == 4.5
    assert progress["by_group"]["yritykset"]["distribution"] == {"1": 1}
    assert "kunnat" not in progress["by_group"]
    relevance = item(results, "ajankohtaisuus", area)
    assert (relevance["count"], relevance["dont_know"]) == (0, 1)
    # A group that only said "don't know" is still listed, with its count of them.
    assert relevance["by_group"]["yritykset"]["dont_know"] == 1
    assert relevance["by_group"]["yritykset"]["mean"] is None
    assert len(results["items"]) == 3 * 2
    assert results["questions"][0]["text"] == "How well has the focus area progressed?"
    assert progress["change"] is None


@pytest.mark.usefixtures("every_group_shown")
def test_results_of_a_session_leave_out_other_sessions(
    review_round, scoring_step, make_participant
):
    other = services.create_session(review_round, "Raahe")
    services.set_session_status(other, "open")
    other_step = scoring_steps(other)[0]
    services.open_step(other_step)
    area = services.step_focus_areas(scoring_step)[0].key
    score(make_participant(), scoring_step, area, 5)
    score(make_participant(session=other), other_step, area, 1)
    db.session.commit()
    assert item(step_results(scoring_step), "edistyminen", area)["mean"] == 5.0
    everywhere = results_for(review_round, services.step_focus_areas(scoring_step))
    assert item(everywhere, "edistyminen", area)["mean"] == 3.0


@pytest.mark.usefixtures("every_group_shown")
def test_change_from_the_previous_round(strategy_version, make_round):
    def run_round(title, year, values):
        review_round = make_round(title, year)
        session = services.create_session(review_round, "Oulu")
        services.set_session_status(session, "open")
        step = scoring_steps(session)[0]
        services.open_step(step)
        area = services.step_focus_areas(step)[0].key
        for value in values:
            score(participation.join_session(session, "klusterit"), step, area, value)
        db.session.commit()
        return step, area

    run_round("Vuosiarviointi 2025", 2025, [2, 3])
    step, area = run_round("Vuosiarviointi 2026", 2026, [4, 4])
    results = step_results(step)
    assert results["previous_round"] == "Vuosiarviointi 2025"
    progress = item(results, "edistyminen", area)
    assert (progress["previous_mean"], progress["change"]) == (2.5, 1.5)


def test_participant_counts_by_group(open_session, make_participant):
    make_participant("klusterit")
    make_participant("klusterit")
    make_participant("kunnat")
    assert participant_counts(open_session) == {
        "total": 3,
        "by_group": {"klusterit": 2, "kunnat": 1},
        "removed": 0,
    }


@pytest.mark.usefixtures("every_group_shown")
def test_a_participant_who_rejoins_in_another_group_counts_for_that_group(
    open_session, scoring_step, make_participant
):
    area = services.step_focus_areas(scoring_step)[0].key
    person = make_participant("klusterit")
    score(person, scoring_step, area, 5)
    participation.join_session(open_session, "yritykset", participant=person)
    db.session.commit()
    progress = item(step_results(scoring_step), "edistyminen", area)
    assert list(progress["by_group"]) == ["yritykset"]
    assert progress["by_group"]["yritykset"]["distribution"] == {"5": 1}

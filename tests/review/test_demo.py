"""The demonstration round of `workshop demo`: sessions, participants, answers, reasons,
the previous round to compare with, repeatability and the command itself."""

import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from workshop.demo import create_demo
from workshop.extensions import db
from workshop.review import demo, services
from workshop.review.models import (
    AgendaStep,
    Answer,
    Participant,
    Question,
    ReviewRound,
    StepKind,
)
from workshop.review.results import results_for

ALL_GROUPS = set(demo.GROUP_WEIGHTS)
QUESTIONS = {"edistyminen", "ajankohtaisuus"}


@pytest.fixture
def demo_round(strategy_version):
    """A committed demo round of 60 participants, read back from the database."""
    review_round = create_demo(participants=60, seed=11)
    db.session.commit()
    db.session.expire_all()
    return review_round


def participants_of(review_round):
    return list(
        db.session.scalars(
            select(Participant)
            .where(Participant.round_id == review_round.id)
            .order_by(Participant.id)
        )
    )


def answers_of(review_round):
    """(answer, question key, group key, locale) of every answer of the round."""
    rows = db.session.execute(
        select(Answer, Question.key, Participant)
        .join(Question, Answer.question_id == Question.id)
        .join(Participant, Answer.participant_id == Participant.id)
        .where(Participant.round_id == review_round.id)
        .order_by(Answer.id)
    ).all()
    return [(answer, key, person.group.key, person.locale) for answer, key, person in rows]


def snapshot(review_round):
    """Everything generated for a round, independent of ids and join codes."""
    people = participants_of(review_round)
    index = {person.id: i for i, person in enumerate(people)}
    return (
        [(p.group.key, p.organisation, p.name, p.locale) for p in people],
        sorted(
            (index[a.participant_id], key, a.focus_area_key, a.value, a.reason)
            for a, key, _, _ in answers_of(review_round)
        ),
    )


def pool(table):
    """Every sentence in a nested reason table."""
    if isinstance(table, dict):
        return {text for value in table.values() for text in pool(value)}
    return set(table)


# Rounds and sessions ----------------------------------------------------------------------


def test_demo_round_has_an_open_oulu_session_and_a_draft_raahe_session(
    demo_round, strategy_version
):
    # The council's today (the demo's sessions are in its time zone), not the server's: the
    # two differ for two or three hours every night.
    today = datetime.now(ZoneInfo("Europe/Helsinki")).date()
    assert demo_round.title == f"Vuosiarviointi {today.year}"
    assert demo_round.year == today.year
    assert demo_round.status == "open"
    assert demo_round.strategy_version_id == strategy_version.id

    oulu, raahe = demo_round.sessions
    assert (oulu.title, oulu.location, oulu.status) == ("Oulu", "Oulun kaupungintalo", "open")
    nine = datetime(today.year, today.month, today.day, 9, tzinfo=ZoneInfo("Europe/Helsinki"))
    assert oulu.starts_at == nine.astimezone(UTC)
    assert oulu.starts_at.tzinfo is not None
    assert (raahe.title, raahe.location, raahe.status) == (
        "Raahe",
        "Raahen seudun kehittämisyhtiö",
        "draft",
    )
    assert {step.status for step in raahe.steps} == {"pending"}


def test_oulu_session_went_through_scoring_and_proposals_and_waits_for_the_facilitator(demo_round):
    oulu = demo_round.sessions[0]
    statuses = [(step.kind, step.status) for step in oulu.steps]
    assert statuses == [
        ("welcome", "closed"),
        ("indicators", "closed"),
        ("scoring", "closed"),
        ("scoring", "closed"),
        ("scoring", "closed"),
        ("proposals", "closed"),
        ("support", "closed"),
        ("wrapup", "pending"),
    ]
    assert oulu.open_step is None
    scoring = [step for step in oulu.steps if step.kind == StepKind.SCORING]
    assert all(step.opened_at and step.closed_at for step in scoring)


def test_create_demo_flushes_only(strategy_version):
    review_round = create_demo(participants=6, seed=1)
    assert review_round.id is not None
    db.session.rollback()
    assert db.session.scalar(select(func.count(ReviewRound.id))) == 0
    assert db.session.scalar(select(func.count(Participant.id))) == 0


# Participants -----------------------------------------------------------------------------


def test_participants_spread_over_all_six_groups_with_organisations(demo_round):
    people = participants_of(demo_round)
    assert len(people) == 60
    oulu = demo_round.sessions[0]
    assert {person.session_id for person in people} == {oulu.id}

    groups = Counter(person.group.key for person in people)
    assert set(groups) == ALL_GROUPS
    assert groups.most_common(1)[0][0] == "yritykset"
    assert groups["yritykset"] == 18  # 30 % of 60
    assert groups["viranomaiset"] < groups["kunnat"] < groups["tutkimus-ja-koulutus"]

    for person in people:
        assert person.organisation in demo.ORGANISATIONS[person.group.key]
        assert person.locale in {"fi", "en"}
    assert sum(1 for person in people if person.name) < len(people) / 2
    assert Counter(person.locale for person in people)["fi"] > 45


def test_a_handful_of_participants_still_covers_every_group(strategy_version):
    review_round = create_demo(participants=6, seed=3)
    groups = [person.group.key for person in participants_of(review_round)]
    assert sorted(groups) == sorted(ALL_GROUPS)


# Answers ----------------------------------------------------------------------------------


def test_everyone_scores_every_focus_area_on_both_questions(demo_round, strategy_version):
    area_keys = {area.key for area in strategy_version.focus_areas}
    assert len(area_keys) == 10
    answers = answers_of(demo_round)
    cells = defaultdict(set)
    for answer, key, _, _ in answers:
        cells[answer.participant_id].add((key, answer.focus_area_key))
    expected = {(key, area) for key in QUESTIONS for area in area_keys}
    assert len(cells) == 60
    assert all(seen == expected for seen in cells.values())
    assert len(answers) == 60 * len(expected)  # one answer per participant, question, area

    values = Counter(answer.value for answer, *_ in answers)
    assert set(values) <= {None, 1, 2, 3, 4, 5}
    assert 0 < values[None] / len(answers) < 0.12
    assert {1, 5} <= set(values)


def test_answers_belong_to_the_scoring_step_covering_their_focus_area(demo_round):
    oulu = demo_round.sessions[0]
    steps = {
        step.id: step
        for step in db.session.scalars(select(AgendaStep).where(AgendaStep.session_id == oulu.id))
    }
    for answer, *_ in answers_of(demo_round):
        assert answer.session_id == oulu.id
        step = steps[answer.step_id]
        assert step.kind == StepKind.SCORING
        assert answer.focus_area_key in step.focus_area_keys


def test_scores_differ_plausibly_by_group_and_focus_area(strategy_version):
    review_round = create_demo(participants=200, seed=5)
    results = results_for(review_round, strategy_version.focus_areas)
    item = {(i["focus_area"], i["question"]): i for i in results["items"]}

    rdi = item["innovaatiotoiminta-ja-ekosysteemit", "edistyminen"]["by_group"]
    assert rdi["tutkimus-ja-koulutus"]["mean"] > rdi["yritykset"]["mean"] + 0.5
    tourism = item["innovatiivinen-matkailu", "ajankohtaisuus"]["by_group"]
    assert tourism["kunnat"]["mean"] > tourism["tutkimus-ja-koulutus"]["mean"] + 0.5
    relevance = [i["mean"] for i in results["items"] if i["question"] == "ajankohtaisuus"]
    assert item["energia", "ajankohtaisuus"]["mean"] == max(relevance)
    assert 2.7 < item["terveys-ja-hyvinvointi", "edistyminen"]["mean"] < 3.5


# Reasons ----------------------------------------------------------------------------------


def test_about_a_third_of_answers_carry_a_reason(demo_round):
    answers = answers_of(demo_round)
    with_reason = sum(1 for answer, *_ in answers if answer.reason)
    assert 0.25 < with_reason / len(answers) < 0.45


def test_reasons_differ_between_groups(strategy_version):
    review_round = create_demo(participants=150, seed=8)
    by_group = defaultdict(set)
    for answer, _, group, _ in answers_of(review_round):
        if answer.reason:
            by_group[group].add(answer.reason)
    assert set(by_group) == ALL_GROUPS
    assert by_group["yritykset"] != by_group["tutkimus-ja-koulutus"]
    for group, reasons in by_group.items():
        others = set().union(*(r for g, r in by_group.items() if g != group))
        assert reasons - others, f"{group} gives no reason of its own"


def test_reasons_fit_the_group_the_focus_area_and_the_score(strategy_version):
    review_round = create_demo(participants=150, seed=8)
    answers = answers_of(review_round)
    english = pool(demo.REASONS_EN) | pool(demo.GENERIC_EN)
    checked = 0
    for answer, key, _, locale in answers:
        if not answer.reason:
            continue
        assert (answer.reason in english) == (locale == "en")
        area_reasons = demo.REASONS_FI[answer.focus_area_key][key]
        if answer.reason in area_reasons["low"]:
            assert answer.value in (1, 2)
            checked += 1
        if answer.reason in area_reasons["high"]:
            assert answer.value in (4, 5)
            checked += 1
    assert checked > 100

    energy_price = (
        "Sähkön hinta ja saatavuus ratkaisevat investoinnit – tuulivoimaa tarvitaan lisää."
    )
    said = [(a, key, group) for a, key, group, _ in answers if a.reason == energy_price]
    assert said
    for answer, key, group in said:
        assert (group, answer.focus_area_key, key) == ("yritykset", "energia", "ajankohtaisuus")
        assert answer.value >= 4


# The previous round -----------------------------------------------------------------------


def test_previous_round_is_closed_and_gives_the_change(demo_round, strategy_version):
    earlier = services.previous_round(demo_round)
    assert earlier is not None
    assert earlier.title == f"Vuosiarviointi {demo_round.year - 1}"
    assert earlier.year == demo_round.year - 1
    assert earlier.status == "closed"
    assert [(s.title, s.status) for s in earlier.sessions] == [("Oulu", "closed")]
    assert len(participants_of(earlier)) == 20  # a third of 60
    assert len(answers_of(earlier)) == 20 * 20

    results = results_for(demo_round, strategy_version.focus_areas)
    assert results["previous_round"] == earlier.title
    assert len(results["items"]) == 20
    changes = [item["change"] for item in results["items"]]
    assert all(change is not None for change in changes)
    assert all(item["previous_mean"] is not None for item in results["items"])
    assert any(change > 0 for change in changes)
    assert any(change != 0 for change in changes)


# Repeatability and speed ------------------------------------------------------------------


def test_same_seed_gives_the_same_data(strategy_version):
    first = create_demo(participants=25, seed=42)
    second = create_demo(participants=25, seed=42)
    other = create_demo(participants=25, seed=43)
    assert first.id != second.id
    assert snapshot(first) == snapshot(second)
    earlier = db.session.scalars(
        select(ReviewRound).where(ReviewRound.year == first.year - 1).order_by(ReviewRound.id)
    ).all()
    assert len(earlier) == 3
    assert snapshot(earlier[0]) == snapshot(earlier[1])
    assert snapshot(earlier[0]) != snapshot(earlier[2])
    assert snapshot(first) != snapshot(other)
    assert first.sessions[0].join_code != second.sessions[0].join_code


def test_three_hundred_participants_take_well_under_ten_seconds(strategy_version):
    started = time.perf_counter()
    review_round = create_demo(participants=300, seed=2026)
    elapsed = time.perf_counter() - started
    assert (
        db.session.scalar(
            select(func.count(Answer.id)).where(Answer.session_id == review_round.sessions[0].id)
        )
        == 300 * 20
    )
    assert elapsed < 10


# The command ------------------------------------------------------------------------------


def test_demo_command_creates_the_round_and_prints_its_id(app):
    result = app.test_cli_runner().invoke(args=["demo", "--participants", "40"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    round_id = int(lines[-1])
    review_round = db.session.get(ReviewRound, round_id)
    assert review_round is not None
    assert review_round.title == f"Vuosiarviointi {datetime.now(ZoneInfo('Europe/Helsinki')).year}"
    session = review_round.sessions[0]
    assert session.join_code in result.output
    assert "Oulu" in result.output
    assert len(participants_of(review_round)) == 40
    assert services.previous_round(review_round).status == "closed"

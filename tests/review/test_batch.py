"""Answers written in batches: each submission keeps its own outcome, in order."""

import threading

import pytest

from workshop.extensions import db
from workshop.realtime import BatchWriter
from workshop.review import participation, services
from workshop.review.models import Answer


def test_a_batch_keeps_every_submissions_own_outcome(scoring_step, make_participant):
    first, second = make_participant(), make_participant("yritykset")
    area = services.step_focus_areas(scoring_step)[0].key

    def item(who, submission, value, question="edistyminen", area_key=area):
        return participation.AnswerInput(
            who.id, submission, scoring_step.id, question, area_key, value
        )

    results = participation.submit_answers(
        [
            item(first, "batch-0001", 2),
            item(second, "batch-0002", 5),
            item(first, "batch-0001", 2),  # the same submission again within the batch
            item(first, "batch-0003", 4),  # replaces batch-0001's answer
            item(second, "batch-0004", 9),
            item(second, "batch-0005", 3, question="unknown"),
            item(second, "batch-0006", 3, area_key="not-in-step"),
        ]
    )
    db.session.commit()

    assert [r.error.code if r.error else ("dup" if r.duplicate else "ok") for r in results] == [
        "ok",
        "ok",
        "dup",
        "ok",
        "invalid_value",
        "unknown_question",
        "not_in_step",
    ]
    stored = {(a.participant_id, a.value) for a in db.session.query(Answer)}
    assert stored == {(first.id, 4), (second.id, 5)}


def test_a_later_batch_finds_repeats_by_participant_and_submission_together(
    scoring_step, make_participant
):
    first, second = make_participant(), make_participant("yritykset")
    area = services.step_focus_areas(scoring_step)[0].key

    def item(who, submission, value):
        return participation.AnswerInput(
            who.id, submission, scoring_step.id, "edistyminen", area, value
        )

    participation.submit_answers([item(first, "first-0001", 2), item(second, "second-0001", 3)])
    db.session.commit()
    results = participation.submit_answers(
        [
            item(second, "second-0001", 3),  # a resend after a reconnect
            item(first, "second-0001", 4),  # another participant's id: a new submission
            item(second, "first-0001", 5),  # likewise
            item(first, "first-0001", 2),  # a resend
            item(first, "first-0002", 1),  # five pairs: the lookup is padded to eight
        ]
    )
    db.session.commit()

    assert [r.duplicate for r in results] == [True, False, False, True, False]
    # A new answer's ack carries its own value; a repeat's, the answer as it stands after
    # this batch.
    assert [r.answer["value"] for r in results] == [5, 4, 5, 1, 1]
    stored = {(a.participant_id, a.value) for a in db.session.query(Answer)}
    assert stored == {(first.id, 1), (second.id, 5)}


def test_an_unknown_participant_is_refused_in_a_batch(scoring_step):
    area = services.step_focus_areas(scoring_step)[0].key
    result = participation.submit_answers(
        [participation.AnswerInput(999_999, "ghost-0001", scoring_step.id, "edistyminen", area, 3)]
    )[0]
    assert result.error.code == "unauthorized"


def test_the_writer_writes_a_failing_batch_one_by_one(app):
    seen_batches = []

    def process(items):
        seen_batches.append(list(items))
        if "bad" in items:
            raise ValueError("cannot write this")
        return [f"stored {item}" for item in items]

    writer = BatchWriter(process)
    outcomes = {}

    def submit(item):
        with app.app_context():
            try:
                outcomes[item] = writer.submit(item)
            except RuntimeError as error:
                outcomes[item] = error

    threads = [threading.Thread(target=submit, args=(item,)) for item in ("a", "bad", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert outcomes["a"] == "stored a" and outcomes["c"] == "stored c"
    assert isinstance(outcomes["bad"], RuntimeError)


def test_the_writer_times_out_rather_than_hanging(app):
    release = threading.Event()

    def slow(items):
        release.wait(5)
        return items

    writer = BatchWriter(slow, timeout=0.2)
    with pytest.raises(TimeoutError):
        writer.submit("x")
    release.set()


def test_submissions_arriving_together_share_one_write(app):
    batches = []

    def process(items):
        batches.append(sorted(items))
        return items

    writer = BatchWriter(process, linger=1.0)
    ready = threading.Barrier(5)

    def submit(item):
        ready.wait(timeout=10)
        with app.app_context():
            writer.submit(item)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert batches == [[0, 1, 2, 3, 4]]

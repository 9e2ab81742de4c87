"""The assistant on the question set it was not written against: what a participant reads.

Scores the reply TEXT (not the search ranking): the share of replies that name a right focus
area (or section, or indicator) first by its title, on the whole set and on the held-out part
that was written before any tuning; intent accuracy; the reply time at the 95th percentile.
"""

from workshop.assistant import services
from workshop.strategy.export import version_to_dict

from . import question_set as qs


def test_the_question_set_has_what_the_issue_asks_for():
    items = qs.utterances()
    assert len(items) >= 100
    assert sum(item.language == "en" for item in items) >= 25
    assert sum(item.colloquial for item in items) >= 30
    assert sum(item.held_out for item in items) >= 30
    assert {"suggestion", "score", "question"} <= {item.intent for item in items}
    bare = [i for i in items if i.intent == "question" and len(i.text.split()) <= 2]
    assert len(bare) >= 20
    assert {"vesivoimalat", "matkailun digitalisaatio"} <= {item.text for item in items}


def test_replies_name_the_right_focus_area_first(strategy_version, capsys):
    def answer(text, language):
        reply = services.ask(text, language)
        return reply["intent"], reply["reply"]

    answer("lämmittely", "fi")  # the index is built once per version, not per message
    report = qs.run(answer, qs.utterances(), qs.titles_of(version_to_dict(strategy_version)))
    right, total = report.quoted()
    held, held_total = report.quoted(held_out=True)
    intents, count = report.intent_right()
    with capsys.disabled():
        print(f"\nassistant question set ({len(report.rows)} utterances): {report.summary()}")
    misses = report.misses()
    assert right / total >= 0.90, misses
    assert held / held_total >= 0.85, misses
    assert intents / count >= 0.90, misses
    assert report.p95_ms() < 100

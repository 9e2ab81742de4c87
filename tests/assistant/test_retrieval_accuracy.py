"""Top-3 accuracy of the strategy search on participants' questions in Finnish and English."""

from workshop.assistant.search import index_for

from .retrieval_questions import QUESTIONS


def test_at_least_forty_questions_in_both_languages():
    assert len(QUESTIONS) >= 40
    english = [q for q, _ in QUESTIONS if q.split()[0] in {"What", "How", "Is", "Does"}]
    assert 10 <= len(english) < len(QUESTIONS) - 10


def test_top3_accuracy_is_at_least_ninety_percent(strategy_version, capsys):
    index = index_for(strategy_version)
    misses = []
    for question, expected in QUESTIONS:
        found = [key for key, _score in index.focus_area_ranking(question, limit=3)]
        if expected not in found:
            misses.append((question, expected, found))
    accuracy = 1 - len(misses) / len(QUESTIONS)
    with capsys.disabled():
        print(f"\nassistant retrieval top-3 accuracy: {accuracy:.3f} on {len(QUESTIONS)} questions")
    assert accuracy >= 0.9, misses

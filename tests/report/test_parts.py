"""The pieces of the draft: word diffs, pairing of elements, chart images."""

import io

from PIL import Image

from workshop.report.charts import (
    HEIGHT,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    WIDTH,
    ChartLabels,
    distribution_chart,
)
from workshop.report.strategy_text import merge_children
from workshop.report.tracked import MAX_DIFF_WORK, word_diff


def test_word_diff_tracks_only_the_changed_words():
    assert word_diff("Kasvaa joka vuosi nopeasti", "Kasvaa joka toinen vuosi nopeasti") == [
        ("same", "Kasvaa joka "),
        ("ins", "toinen "),
        ("same", "vuosi nopeasti"),
    ]


def test_word_diff_replaces_a_rewritten_text_whole():
    assert word_diff("Yksi kaksi kolme", "Aivan eri lause") == [
        ("del", "Yksi kaksi kolme"),
        ("ins", "Aivan eri lause"),
    ]


def test_word_diff_of_huge_texts_stays_quick():
    old = "sana " * 5000
    new = "toinen " * 5000
    assert MAX_DIFF_WORK < 5000 * 5000
    assert word_diff(old, new) == [("del", old), ("ins", new)]


def test_removed_children_stay_where_they_were():
    old = [{"key": "a"}, {"key": "b"}, {"key": "c"}]
    new = [{"key": "a"}, {"key": "c"}, {"key": "d"}]
    pairs = [((o or {}).get("key"), (n or {}).get("key")) for o, n in merge_children(old, new)]
    assert pairs == [("a", "a"), ("b", None), ("c", "c"), (None, "d")]


def test_chart_is_a_png_with_a_bar_per_score_and_dont_know():
    summary = {
        "distribution": {"1": 2, "3": 5, "5": 1},
        "dont_know": 3,
        "mean": 2.75,
        "previous_mean": 3.1,
    }
    labels = ChartLabels(dont_know="En osaa sanoa", mean="ka", previous="ed.", answers="n")
    png = distribution_chart(summary, 1, 5, labels, str)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (WIDTH, HEIGHT)
        # The tallest bar (score 3) reaches the top of the plot in the bar colour.
        slot = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / 6
        assert image.getpixel((int(MARGIN_LEFT + slot * 2.5), MARGIN_TOP + 5)) == (31, 94, 153)


def test_word_diff_matches_a_last_word_that_gained_a_following_one():
    # The space before the appended words is part of the insertion: rejecting it leaves no
    # stray space after "palveluissa".
    assert word_diff(
        "Data-analytiikan käyttö palveluissa", "Data-analytiikan käyttö palveluissa ja tuotteissa"
    ) == [
        ("same", "Data-analytiikan käyttö palveluissa"),
        ("ins", " ja tuotteissa"),
    ]


def test_word_diff_of_a_shortened_text_rejects_without_gluing_words():
    pieces = word_diff("Olennaisen datan hyödyntäminen", "Olennaisen datan")
    assert pieces == [("same", "Olennaisen datan"), ("del", " hyödyntäminen")]


def _rejected(pieces):
    return "".join(text for op, text in pieces if op != "ins")


def _accepted(pieces):
    return "".join(text for op, text in pieces if op != "del")


def test_word_diff_accepts_into_the_new_text_and_rejects_into_the_old_space_for_space():
    words = ["datan", "hyödyntäminen", "ja", "Olennaisen", ""]
    spaces = ["", " ", "  ", "\n", "\t "]
    pairs = [
        (" ".join(words[i:j]) + spaces[k], spaces[m] + "  ".join(words[n:p]))
        for i, j, k, m, n, p in [
            (0, 4, 0, 1, 1, 5),
            (3, 5, 2, 0, 0, 2),
            (0, 5, 3, 4, 0, 5),
            (1, 2, 1, 2, 0, 3),
            (0, 0, 1, 0, 2, 4),
            (2, 4, 4, 3, 2, 4),
        ]
    ]
    pairs += [("a b  c", "a  b c"), (" a", "a "), ("a b c d e", "a b x d e f"), ("", "")]
    for old, new in pairs:
        pieces = word_diff(old, new)
        assert (_rejected(pieces), _accepted(pieces)) == (old, new)
        assert all(text for _op, text in pieces)

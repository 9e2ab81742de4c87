"""Where the groups agree and differ: scores compared only between groups that may be shown,
and themes one group raises far more than the others."""

from dataclasses import dataclass

from workshop.review.results import GroupSplit, summarise, suppress_small_groups
from workshop.synthesis.divergence import (
    AGREE,
    BETWEEN,
    DIFFER,
    OTHER_GROUPS,
    TOO_FEW,
    area_divergence,
    compare_groups,
    leaning_themes,
    merged_counts,
)


def _item(groups: dict[str, dict[int, int]], question="edistyminen", min_size=5):
    """A results item as results_for builds it, with small groups suppressed."""
    by_group = {key: summarise(dist) for key, dist in groups.items()}
    total: dict[int, int] = {}
    for dist in groups.values():
        for value, n in dist.items():
            total[value] = total.get(value, 0) + n
    item = {
        **summarise(total),
        "question": question,
        "focus_area": "energia",
        "by_group": by_group,
        "previous_mean": None,
        "previous_count": 0,
        "change": None,
    }
    return suppress_small_groups(item, min_size)


def test_groups_far_apart_differ_and_the_extremes_are_named():
    item = _item({"yritykset": {1: 4, 2: 4}, "tutkimus": {4: 5, 5: 3}, "kunnat": {3: 6}})
    verdict = compare_groups(item, 1, 5)
    assert verdict.verdict == DIFFER
    assert (verdict.highest, verdict.lowest) == ("tutkimus", "yritykset")
    assert verdict.gap == 2.88  # means 4.38 (35/8) and 1.5 (12/8)


def test_groups_close_together_agree():
    item = _item({"yritykset": {4: 5, 5: 1}, "tutkimus": {4: 6}})
    verdict = compare_groups(item, 1, 5)
    assert verdict.verdict == AGREE
    assert verdict.highest == verdict.lowest == ""


def test_a_gap_between_the_thresholds_is_neither():
    item = _item({"yritykset": {3: 5}, "tutkimus": {3: 2, 4: 3}})  # 3.0 and 3.6
    assert compare_groups(item, 1, 5).verdict == BETWEEN


def test_the_thresholds_follow_the_scale_of_the_question():
    item = _item({"yritykset": {3: 5}, "tutkimus": {3: 2, 4: 3}})  # a gap of 0.6
    assert compare_groups(item, 1, 10).verdict == AGREE  # 0.6 of 9 points


def test_a_group_under_the_minimum_size_is_never_compared_alone():
    # Kunnat has 2 scores: it may not be shown alone, so it is compared only inside "other
    # groups" with the next smallest group, never as itself.
    item = _item({"yritykset": {1: 6}, "tutkimus": {5: 6}, "kunnat": {5: 2}, "klusterit": {2: 5}})
    verdict = compare_groups(item, 1, 5)
    groups = {mean.group for mean in verdict.means}
    assert "kunnat" not in groups
    assert OTHER_GROUPS in groups
    assert all(mean.count >= 5 for mean in verdict.means)


def test_one_group_alone_is_too_few_to_compare():
    item = _item({"yritykset": {1: 6}, "tutkimus": {5: 2}})
    # tutkimus is too small, and "other groups" of one small group is never formed.
    verdict = compare_groups(item, 1, 5)
    assert verdict.verdict == TOO_FEW
    assert verdict.gap is None


def test_area_divergence_puts_the_largest_difference_first():
    items = [
        _item({"a": {3: 5}, "b": {4: 5}}, question="q1"),
        _item({"a": {1: 5}, "b": {5: 5}}, question="q2"),
        _item({"a": {4: 5}, "b": {4: 5}}, question="q3"),
    ]
    agree, differ, verdicts = area_divergence(items, {"q1": (1, 5), "q2": (1, 5), "q3": (1, 5)})
    assert [v.question for v in differ] == ["q2", "q1"]
    assert [v.question for v in agree] == ["q3"]
    assert len(verdicts) == 3


@dataclass
class _Theme:
    label: str
    size: int
    by_group: dict


SPLIT = GroupSplit(shown=("yritykset", "tutkimus", "kunnat"), merged=("klusterit",))


def test_a_theme_written_mostly_by_one_group_is_found():
    themes = [
        _Theme("Luvitus", 8, {"yritykset": 7, "tutkimus": 1}),
        _Theme("Osaajat", 8, {"yritykset": 2, "tutkimus": 3, "kunnat": 3}),
        _Theme("Rahoitus", 8, {"yritykset": 3, "tutkimus": 2, "kunnat": 3}),
    ]
    found = leaning_themes(themes, SPLIT)
    assert [(t.label, t.group, t.group_count, t.size) for t in found] == [
        ("Luvitus", "yritykset", 7, 8)
    ]


def test_a_group_that_wrote_most_of_everything_does_not_lean_everywhere():
    # Yritykset wrote 80 % of all texts: 80 % of a theme is its ordinary share, not a lean.
    themes = [
        _Theme("A", 10, {"yritykset": 8, "tutkimus": 2}),
        _Theme("B", 10, {"yritykset": 8, "kunnat": 2}),
    ]
    assert leaning_themes(themes, SPLIT) == []


def test_a_small_group_is_never_named_as_the_one_behind_a_theme():
    themes = [
        _Theme("Satama", 6, {"klusterit": 6}),
        _Theme("Muu", 12, {"yritykset": 4, "tutkimus": 4, "kunnat": 4}),
    ]
    found = leaning_themes(themes, SPLIT)
    assert found == []  # klusterit is only ever "other groups", which names nobody
    assert merged_counts({"klusterit": 6, "kunnat": 1}, SPLIT) == {"kunnat": 1, OTHER_GROUPS: 6}


def test_no_counts_by_group_when_no_group_may_be_shown_alone():
    assert merged_counts({"a": 3, "b": 2}, GroupSplit((), ("a", "b"))) == {}

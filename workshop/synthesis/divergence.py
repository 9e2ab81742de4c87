"""Where the stakeholder groups see a focus area alike and where they differ: their scores per
question, and themes that one group raises far more than the others.

Reads only what may already be shown: the items of ``review.results.results_for`` after
``suppress_small_groups`` (groups under the minimum size are inside "other groups", never
alone), and theme counts by group that this module merges by the same ``split_groups`` rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from workshop.review.results import GroupSplit

# The key under which the groups too small to be shown alone count together.
OTHER_GROUPS = "other"

# Gaps between the highest and the lowest group mean, as a share of the scale's range (4 points
# on a 1–5 scale): within AGREE_WITHIN the groups agree, from DIFFER_FROM on they differ; in
# between the page says neither. 0.1 and 0.2 are 0.4 and 0.8 points on 1–5, the size of a
# change from last year the council already reads as real.
AGREE_WITHIN = 0.1
DIFFER_FROM = 0.2

# A theme is "mostly one group's" when that group wrote at least this share of its texts, at
# least LEAN times its share of all the focus area's texts, and the theme has MIN_THEME texts.
MOSTLY_SHARE = 0.6
LEAN = 1.5
MIN_THEME = 5

AGREE, DIFFER, BETWEEN, TOO_FEW = "agree", "differ", "between", "too_few"


@dataclass(frozen=True)
class GroupMean:
    """A group's (or "other groups"') mean score and how many scores it rests on."""

    group: str
    mean: float
    count: int


@dataclass(frozen=True)
class QuestionDivergence:
    """How the groups' scores of one question on one focus area compare."""

    focus_area: str
    question: str
    verdict: str
    means: tuple[GroupMean, ...]
    gap: float | None
    # The groups with the highest and the lowest mean when the verdict is DIFFER.
    highest: str = ""
    lowest: str = ""


@dataclass(frozen=True)
class LeaningTheme:
    """A theme raised mostly by one group."""

    label: str
    group: str
    group_count: int
    size: int


def compare_groups(item: Mapping, scale_min: int, scale_max: int) -> QuestionDivergence:
    """The verdict on one results item (``results_for``'s, small groups already merged).

    At least two units with a mean are needed (groups shown alone, "other groups" counting as
    one): with fewer there is nothing to compare, TOO_FEW.
    """
    means = [
        GroupMean(key, summary["mean"], summary["count"])
        for key, summary in (item.get("by_group") or {}).items()
        if summary.get("mean") is not None
    ]
    others = item.get("other_groups")
    if others and others.get("mean") is not None:
        means.append(GroupMean(OTHER_GROUPS, others["mean"], others["count"]))
    base = {"focus_area": item["focus_area"], "question": item["question"]}
    if len(means) < 2:
        return QuestionDivergence(verdict=TOO_FEW, means=tuple(means), gap=None, **base)
    ranked = sorted(means, key=lambda m: (-m.mean, m.group))
    gap = round(ranked[0].mean - ranked[-1].mean, 2)
    width = max(scale_max - scale_min, 1)
    if gap <= AGREE_WITHIN * width:
        verdict = AGREE
    elif gap >= DIFFER_FROM * width:
        verdict = DIFFER
    else:
        verdict = BETWEEN
    return QuestionDivergence(
        verdict=verdict,
        means=tuple(means),
        gap=gap,
        highest=ranked[0].group if verdict == DIFFER else "",
        lowest=ranked[-1].group if verdict == DIFFER else "",
        **base,
    )


def merged_counts(by_group: Mapping[str, int], split: GroupSplit) -> dict[str, int]:
    """Counts by group as they may be shown: groups of ``split.merged`` summed as OTHER_GROUPS,
    and nothing by group at all when no group may be shown alone."""
    if not split.shown:
        return {}
    counts = {key: by_group.get(key, 0) for key in split.shown if by_group.get(key)}
    merged = sum(n for key, n in by_group.items() if key not in split.shown)
    if merged:
        counts[OTHER_GROUPS] = merged
    return counts


def leaning_themes(themes: Iterable, split: GroupSplit) -> list[LeaningTheme]:
    """The themes one group (shown alone, never "other groups") raised far more than the rest.

    ``themes`` are objects with ``label``, ``size`` and ``by_group`` (group key → texts).
    """
    themes = list(themes)
    totals: dict[str, int] = {}
    for theme in themes:
        for key, n in merged_counts(theme.by_group, split).items():
            totals[key] = totals.get(key, 0) + n
    everything = sum(totals.values())
    found = []
    for theme in themes:
        counts = merged_counts(theme.by_group, split)
        size = sum(counts.values())
        if size < MIN_THEME or not everything:
            continue
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if key == OTHER_GROUPS:
                continue
            share, overall = n / size, totals[key] / everything
            if share >= MOSTLY_SHARE and share >= LEAN * overall:
                found.append(LeaningTheme(theme.label, key, n, size))
            break  # only the theme's largest named group can hold most of it
    return found


def area_divergence(items: Iterable[Mapping], scales: Mapping[str, tuple[int, int]]):
    """(agree, differ, every verdict) of one focus area's results items: the questions on
    which the groups agree, those on which they differ (the largest gap first), and all."""
    verdicts = [compare_groups(item, *scales[item["question"]]) for item in items]
    agree = [v for v in verdicts if v.verdict == AGREE]
    differ = sorted((v for v in verdicts if v.verdict == DIFFER), key=lambda v: -v.gap)
    return agree, differ, verdicts

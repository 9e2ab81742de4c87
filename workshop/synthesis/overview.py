"""A round's synthesis as plain data: per focus area its scores and their change, the themes
of what stakeholders wrote, where the groups agree and differ, the proposals with their
decisions, and the built-in assessment draft; and the round's summary table.

Plain frozen dataclasses of ids and strings, so ``round_overview`` can run in a worker process
(``workshop.offload``: theme computation is CPU work) and be read by the page, the Word draft
and ``workshop synthesis round``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask_babel import force_locale

from workshop.proposals.models import ACCEPTING, ProposalStatus
from workshop.proposals.services import list_proposals, tallies
from workshop.review.models import ReviewRound
from workshop.review.reasons import ReasonScope, respondent_split
from workshop.review.results import min_group_size, results_for
from workshop.review.services import get_round, previous_round
from workshop.synthesis import divergence
from workshop.synthesis.divergence import LeaningTheme, QuestionDivergence, merged_counts
from workshop.text import clean_text

# Themes per focus area in the round's summary table.
TOP_THEMES = 3
QUOTES_SHOWN = 3
QUOTE_LENGTH = 400


@dataclass(frozen=True)
class QuestionScore:
    """One question's result on a focus area, as ``results_for`` lets it be shown."""

    key: str
    text: str
    count: int
    mean: float | None
    change: float | None
    previous_mean: float | None
    withheld: bool


@dataclass(frozen=True)
class ThemeRow:
    """A theme with its counts by group (small groups merged as "other"), quotes and the mean
    score of the answers whose reasons are in it."""

    label: str
    size: int
    counts: tuple[tuple[str, int], ...]
    quotes: tuple[str, ...]
    mean_score: float | None


@dataclass(frozen=True)
class ProposalLine:
    """A proposal of the focus area and the council's decision (None: not decided)."""

    id: int
    kind: str
    text: str
    outcome: str | None
    supports: int
    opposes: int


OTHERS_SHOWN = 30  # of one focus area; the rest are counted


def _others(theme_set) -> tuple[str, ...]:
    if theme_set is None:
        return ()
    return tuple(dict.fromkeys(text.text for text in theme_set.unassigned))[:OTHERS_SHOWN]


@dataclass(frozen=True)
class AreaOverview:
    """Everything the synthesis shows of one focus area."""

    key: str
    title: str
    theme_title: str
    scores: tuple[QuestionScore, ...]
    texts: int
    themes: tuple[ThemeRow, ...]
    unassigned: int
    agree: tuple[QuestionDivergence, ...]
    differ: tuple[QuestionDivergence, ...]
    leaning: tuple[LeaningTheme, ...]
    proposals: tuple[ProposalLine, ...]
    # The texts that fit no theme ("muut"), each once, without who wrote them: a reader sees
    # every view, also the one nobody shared.
    others: tuple[str, ...] = ()

    @property
    def accepted(self) -> int:
        return sum(1 for p in self.proposals if p.outcome in ACCEPTING)


@dataclass(frozen=True)
class RoundOverview:
    """The synthesis of a round: its focus areas in the strategy's order."""

    round_id: int
    title: str
    year: int
    locale: str
    previous_round: str | None
    min_group_size: int
    questions: tuple[tuple[str, str], ...]
    group_names: tuple[tuple[str, str], ...]
    areas: tuple[AreaOverview, ...]

    def area(self, key: str) -> AreaOverview | None:
        return next((area for area in self.areas if area.key == key), None)

    def as_dict(self) -> dict:
        return asdict(self)


def _scores(items: dict, questions, key: str) -> tuple[QuestionScore, ...]:
    rows = []
    for question_key, text in questions:
        item = items.get((key, question_key)) or {}
        rows.append(
            QuestionScore(
                key=question_key,
                text=text,
                count=item.get("count", 0),
                mean=item.get("mean"),
                change=item.get("change"),
                previous_mean=item.get("previous_mean"),
                withheld=bool(item.get("withheld")),
            )
        )
    return tuple(rows)


def _theme_rows(theme_set, split) -> tuple[ThemeRow, ...]:
    rows = []
    for theme in theme_set.themes:
        rows.append(
            ThemeRow(
                label=clean_text(theme.label),
                size=theme.size,
                counts=tuple(merged_counts(theme.by_group, split).items()),
                quotes=tuple(
                    clean_text(quote)[:QUOTE_LENGTH] for quote in theme.quotes[:QUOTES_SHOWN]
                ),
                mean_score=theme.mean_score,
            )
        )
    return tuple(sorted(rows, key=lambda row: -row.size))  # stable: the engine's order breaks ties


def _proposal_lines(review_round: ReviewRound) -> dict[str, list[ProposalLine]]:
    """The round's proposals that stayed on the list, by focus area."""
    counts = tallies(review_round)
    by_area: dict[str, list[ProposalLine]] = {}
    for proposal in list_proposals(review_round):
        if proposal.status in (ProposalStatus.HIDDEN, ProposalStatus.MERGED):
            continue
        if proposal.status == ProposalStatus.HELD or not proposal.focus_area_key:
            continue
        tally = counts.get(proposal.id)
        by_area.setdefault(proposal.focus_area_key, []).append(
            ProposalLine(
                id=proposal.id,
                kind=proposal.kind,
                text=clean_text(proposal.text),
                outcome=proposal.decision.outcome if proposal.decision else None,
                supports=tally.supports if tally else 0,
                opposes=tally.opposes if tally else 0,
            )
        )
    return by_area


def _themes_by_area(review_round: ReviewRound, locale: str) -> dict:
    # Imported here: the themes engine loads its language tools on first use only.
    from workshop.synthesis.collect import round_texts
    from workshop.synthesis.themes import themes_for

    return {
        key: (len(texts), themes_for(texts, lang=locale))
        for key, texts in round_texts(review_round).items()
    }


def round_overview(review_round: ReviewRound, locale: str = "fi") -> RoundOverview:
    """The synthesis of ``review_round`` with labels in ``locale``."""
    version = review_round.strategy_version
    questions = tuple((q.key, q.tr("text", locale)) for q in review_round.questions)
    scales = {q.key: (q.scale_min, q.scale_max) for q in review_round.questions}
    areas = version.focus_areas
    results = results_for(review_round, areas, locale=locale)
    items = {(item["focus_area"], item["question"]): item for item in results["items"]}
    split = respondent_split(ReasonScope(review_round.id))
    themes = _themes_by_area(review_round, version.language or "fi")
    proposals = _proposal_lines(review_round)
    rows = []
    for area in areas:
        texts, theme_set = themes.get(area.key, (0, None))
        agree, differ, _all = divergence.area_divergence(
            [items[area.key, key] for key, _text in questions if (area.key, key) in items], scales
        )
        theme_rows = _theme_rows(theme_set, split) if theme_set is not None else ()
        rows.append(
            AreaOverview(
                key=area.key,
                title=area.tr("title", locale),
                theme_title=area.theme.tr("title", locale),
                scores=_scores(items, questions, area.key),
                texts=texts,
                themes=theme_rows,
                unassigned=len(theme_set.unassigned) if theme_set is not None else 0,
                others=_others(theme_set),
                agree=tuple(agree),
                differ=tuple(differ),
                leaning=tuple(divergence.leaning_themes(theme_rows_as_counts(theme_rows), split)),
                proposals=tuple(proposals.get(area.key, ())),
            )
        )
    earlier = previous_round(review_round)
    return RoundOverview(
        round_id=review_round.id,
        title=review_round.title,
        year=review_round.year,
        locale=locale,
        previous_round=earlier.title if earlier is not None else None,
        min_group_size=min_group_size(),
        questions=questions,
        group_names=tuple((g.key, g.tr("name", locale)) for g in review_round.groups),
        areas=tuple(rows),
    )


@dataclass(frozen=True)
class _Counted:
    label: str
    size: int
    by_group: dict


def theme_rows_as_counts(rows) -> list[_Counted]:
    """Theme rows in the shape ``divergence.leaning_themes`` reads (counts already merged)."""
    return [_Counted(row.label, row.size, dict(row.counts)) for row in rows]


def round_overview_job(round_id: int, locale: str) -> RoundOverview:
    """``round_overview`` by the round's id: the job the page runs in a worker process."""
    with force_locale(locale):
        return round_overview(get_round(round_id), locale)

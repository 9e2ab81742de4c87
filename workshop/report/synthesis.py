"""The draft's synthesis: a summary chapter at the start (every focus area in one table and the
council's summary) and, per focus area, the council's assessment and the themes of what
stakeholders wrote, with counts by group and quotes, in place of the list of reasons.

``synthesis_report`` gathers plain data from ``workshop.synthesis`` (run where the draft is
built: in a worker process); the writers use the document builder's helpers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from docx.shared import Pt
from flask_babel import force_locale
from flask_babel import gettext as _

from workshop.report.blocks import add_table, shorten
from workshop.report.labels import format_moment, format_score
from workshop.review.models import ReviewRound
from workshop.synthesis.divergence import OTHER_GROUPS
from workshop.synthesis.draft import area_draft, summary_draft
from workshop.synthesis.overview import round_overview
from workshop.synthesis.records import ROUND_SUMMARY
from workshop.synthesis.services import current, latest_texts

THEMES_IN_TABLE = 3
# Themes written out per focus area; the smaller ones are counted.
THEMES_IN_AREA = 8
QUOTE_LENGTH = 400
THEME_LABEL_LENGTH = 80


@dataclass(frozen=True)
class CouncilText:
    """An assessment or the summary: its text, whether it is still the unedited draft, and
    who saved it when (empty when nobody has)."""

    text: str
    is_draft: bool
    author: str = ""
    saved_at: datetime | None = None


@dataclass(frozen=True)
class ThemeLine:
    """A theme as the draft shows it: groups by name (small ones as "Other groups")."""

    label: str
    size: int
    counts: tuple[tuple[str, int], ...]
    quotes: tuple[str, ...]
    mean_score: float | None


@dataclass(frozen=True)
class AreaSynthesis:
    """A focus area's assessment and themes."""

    assessment: CouncilText
    themes: tuple[ThemeLine, ...]
    texts: int
    unassigned: int
    others: tuple[str, ...] = ()


@dataclass(frozen=True)
class SummaryRow:
    """A focus area's line in the summary table."""

    title: str
    means: tuple[tuple[float | None, float | None, bool], ...]  # (mean, change, withheld)
    texts: int
    top_themes: tuple[str, ...]
    accepted: int
    proposals: int


@dataclass(frozen=True)
class SynthesisReport:
    """What the draft shows of the synthesis."""

    summary: CouncilText
    questions: tuple[str, ...]
    rows: tuple[SummaryRow, ...]
    areas: dict[str, AreaSynthesis]


def _council_text(saved, draft: str) -> CouncilText:
    shown = current(saved, draft)
    if shown.saved is None:
        return CouncilText(shown.text, True)
    author = shown.saved.author.name if shown.saved.author is not None else ""
    return CouncilText(shown.text, shown.is_draft, author, shown.saved.created_at)


def synthesis_report(review_round: ReviewRound, locale: str) -> SynthesisReport:
    """The synthesis of ``review_round`` for the draft in ``locale``."""
    with force_locale(locale):
        overview = round_overview(review_round, locale)
        names = {**dict(overview.group_names), OTHER_GROUPS: _("Other groups")}
        saved = latest_texts(review_round)
        areas = {}
        rows = []
        for area in overview.areas:
            areas[area.key] = AreaSynthesis(
                assessment=_council_text(saved.get(area.key), area_draft(area, overview)),
                themes=tuple(
                    ThemeLine(
                        theme.label,
                        theme.size,
                        tuple((names.get(key, key), n) for key, n in theme.counts),
                        theme.quotes,
                        theme.mean_score,
                    )
                    for theme in area.themes
                ),
                texts=area.texts,
                unassigned=area.unassigned,
                others=area.others,
            )
            rows.append(
                SummaryRow(
                    title=area.title,
                    means=tuple((s.mean, s.change, s.withheld) for s in area.scores),
                    texts=area.texts,
                    top_themes=tuple(t.label for t in area.themes[:THEMES_IN_TABLE]),
                    accepted=area.accepted,
                    proposals=len(area.proposals),
                )
            )
        return SynthesisReport(
            summary=_council_text(saved.get(ROUND_SUMMARY), summary_draft(overview)),
            questions=tuple(text for _key, text in overview.questions),
            rows=tuple(rows),
            areas=areas,
        )


# Writing ------------------------------------------------------------------------------------


def _draft_note(builder, text: CouncilText) -> None:
    """Say whose text it is: the unedited automatic draft, or who saved it and when."""
    if text.is_draft:
        note = builder.paragraph()
        run = note.add_run(
            _(
                "Draft assembled automatically from the scores, themes and proposals; not yet "
                "edited by the council."
            )
        )
        run.bold = True
        run.italic = True
    elif text.author:
        builder.paragraph(
            _(
                "Written by %(author)s, %(when)s.",
                author=text.author,
                when=format_moment(text.saved_at),
            ),
            "Caption",
        )


def _text(builder, text: CouncilText) -> None:
    _draft_note(builder, text)
    for paragraph in text.text.split("\n\n"):
        if paragraph.strip():
            builder.paragraph(paragraph.strip())


def write_summary(builder) -> None:
    """The summary chapter: the council's summary and every focus area in one table."""
    report: SynthesisReport = builder.data.synthesis
    locale = builder.locale
    builder.heading(_("Summary"), 1)
    _text(builder, report.summary)
    builder.heading(_("The focus areas at a glance"), 2)
    questions = len(report.questions)
    # Centimetres of the 16.4 cm text width. The questions are numbered in the header and
    # named in the caption: their long words would squeeze the themes' column.
    score_width = 1.9
    theme_width = max(16.4 - 3.6 - 1.5 - 2.3 - score_width * questions, 3.0)
    rows = []
    for row in report.rows:
        cells = [row.title]
        for mean, change, withheld in row.means:
            if withheld:
                cells.append(_("too few"))
            elif change is not None:
                cells.append(
                    f"{format_score(mean, locale)} ({format_score(change, locale, signed=True)})"
                )
            else:
                cells.append(format_score(mean, locale))
        cells.append(str(row.texts))
        cells.append([shorten(label, THEME_LABEL_LENGTH) for label in row.top_themes] or ["–"])
        cells.append(f"{row.accepted} / {row.proposals}")
        rows.append(cells)
    add_table(
        builder.document,
        [
            _("Focus areas"),
            *(_("Q%(number)s", number=n) for n in range(1, questions + 1)),
            _("Texts"),
            _("Top themes"),
            _("Proposals accepted"),
        ],
        rows,
        [3.6, *([score_width] * questions), 1.5, theme_width, 2.3],
        font_pt=8.5,
    )
    named = " ".join(
        _("Q%(number)s: %(question)s", number=n, question=question)
        for n, question in enumerate(report.questions, start=1)
    )
    builder.paragraph(
        named
        + " "
        + _(
            "Means of the scores, with the change from the previous round in brackets. Texts: "
            "reasons, proposals and comments written for the focus area. Accepted proposals: "
            "accepted of all proposals made."
        ),
        "Caption",
    )
    builder.page_break()


def write_area(builder, area: dict) -> None:
    """A focus area's assessment and themes, after its scores."""
    report: SynthesisReport = builder.data.synthesis
    synthesis = report.areas.get(area["key"])
    if synthesis is None:
        return
    builder.heading(_("Assessment"), 4)
    _text(builder, synthesis.assessment)
    builder.heading(_("Themes in what stakeholders wrote"), 4)
    if not synthesis.themes:
        builder.paragraph(
            _("No reasons, proposals or comments were written.")
            if not synthesis.texts
            else _("The %(count)s texts form no common theme.", count=synthesis.texts)
        )
        _others(builder, synthesis)
        return
    locale = builder.locale
    for theme in synthesis.themes[:THEMES_IN_AREA]:
        head = builder.paragraph()
        head.paragraph_format.keep_with_next = True
        head.paragraph_format.space_before = Pt(6)
        head.add_run(shorten(theme.label, THEME_LABEL_LENGTH)).bold = True
        details = [_("%(count)s texts", count=theme.size)]
        if theme.counts:
            details.append(", ".join(f"{name} {n}" for name, n in theme.counts))
        if theme.mean_score is not None:
            details.append(_("mean score %(mean)s", mean=format_score(theme.mean_score, locale)))
        head.add_run(" (" + "; ".join(details) + ")")
        for quote in theme.quotes:
            builder.paragraph(f"”{shorten(quote, QUOTE_LENGTH)}”", "Quote")
    if synthesis.unassigned:
        builder.paragraph(_("Others: %(count)s texts fit no theme.", count=synthesis.unassigned))
        _others(builder, synthesis)


def _others(builder, synthesis: AreaSynthesis) -> None:
    """The texts that fit no theme, quoted as the themes' quotes are (no group beside them)."""
    for text in synthesis.others:
        builder.paragraph(f"”{shorten(text, QUOTE_LENGTH)}”", "Quote")
    if synthesis.unassigned > len(synthesis.others):
        builder.paragraph(
            _("And %(count)s more.", count=synthesis.unassigned - len(synthesis.others))
        )

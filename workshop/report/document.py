"""The Word update draft: front matter, the review, results by focus area, indicators,
structural-fund statistics, the updated strategy with tracked changes, and the annex of
proposals."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import replace
from functools import partial

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt, RGBColor
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from workshop.evidence.explain import RULES_INTRODUCTION, rules
from workshop.models import utcnow
from workshop.numbers import format_share
from workshop.report import step_kinds
from workshop.report import synthesis as synthesis_chapter
from workshop.report.blocks import (
    add_heading,
    add_paragraph,
    add_picture,
    add_table,
    add_toc,
    safe,
    scrub,
    set_up_page,
    shorten,
    update_fields_on_open,
)
from workshop.report.charts import (
    ChartLabels,
    TrendLabels,
    distribution_chart,
    funding_bars,
    trend_chart,
)
from workshop.report.coverage import coverage_section
from workshop.report.data import (
    FundingRow,
    FundingStats,
    ImportRecord,
    ProposalRow,
    QuestionInfo,
    ReportData,
)
from workshop.report.finish import draft_header, finish_tables, link_contents, set_properties
from workshop.report.labels import (
    format_day,
    format_day_and_time,
    format_euros,
    format_million_euros,
    format_millions,
    format_moment,
    format_score,
    format_value,
    status_name,
)
from workshop.report.proposal_parts import ProposalWriter
from workshop.report.recommendations import recommendation_chapter
from workshop.report.strategy_text import StrategyWriter
from workshop.report.tracked import Revisions
from workshop.review.results import summarise

REASON_LENGTH = 1000
LANGUAGE_TAGS = {"fi": "fi-FI", "en": "en-GB"}
LATEST_VALUES = 3
CHART_WIDTH_CM = 15
# Funding tables this short move to the next page whole rather than split.
KEEP_TOGETHER_ROWS = 12


def build_docx(data: ReportData) -> bytes:
    """The update draft of ``data`` as the bytes of a .docx file."""
    data = scrub(data)
    with force_locale(data.locale):
        document = Document()
        set_up_page(document, data.locale)
        _properties(document, data)
        draft_header(document, _("DRAFT"))
        builder = _Builder(document, data)
        builder.build()
        finish_tables(document)
        link_contents(document)
        update_fields_on_open(document)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _properties(document, data: ReportData) -> None:
    set_properties(
        document,
        title=_("Strategy update draft: %(name)s", name=data.round.strategy_name),
        subject=data.round.title,
        author=data.council,
        language=LANGUAGE_TAGS.get(data.locale, data.locale),
        keywords=_("DRAFT"),
        now=utcnow(),
    )


class _Builder:
    """Writes the chapters in order; one instance per document."""

    def __init__(self, document, data: ReportData):
        self.document = document
        self.data = data
        self.locale = data.locale
        self.figures = 0
        base = data.base_version_data
        self.themes = base.get("themes", [])
        self.primary = base.get("language", "fi")
        by_area: dict[str | None, list[ProposalRow]] = defaultdict(list)
        for proposal in data.proposals:
            by_area[proposal.focus_area_key].append(proposal)
        self.proposals_by_area = by_area
        self.proposal_writer = ProposalWriter(self)

    def tr(self, item: dict, name: str) -> str:
        if self.locale != self.primary:
            translated = (item.get("translations") or {}).get(self.locale, {}).get(name)
            if translated:
                return safe(translated)
        return safe(item.get(name))

    def heading(self, text: str, level: int) -> None:
        add_heading(self.document, safe(text), level)

    def paragraph(self, text: str = "", style: str | None = None):
        return add_paragraph(self.document, safe(text), style)

    def build(self) -> None:
        self.title_page()
        self.contents()
        if self.data.synthesis is not None:
            synthesis_chapter.write_summary(self)
        self.process()
        self.results()
        step_kinds.write(self)
        self.indicators()
        self.funding()
        recommendation_chapter(self)
        self.updated_strategy()
        self.annex()

    # Front matter --------------------------------------------------------------------------

    def title_page(self) -> None:
        info, document = self.data.round, self.document
        mark = document.add_paragraph()
        run = mark.add_run(_("DRAFT"))
        run.bold = True
        run.font.size = Pt(20)
        run.font.color.rgb = RGBColor(0xB0, 0x34, 0x00)
        add_paragraph(document, safe(info.strategy_name), "Title")
        add_paragraph(document, _("Annual review and strategy update"), "Subtitle")
        for label, value in (
            (_("Region"), info.region),
            (_("Strategy period"), info.period),
            (_("Review round"), info.title),
            (_("Strategy version reviewed"), info.version_label),
            (_("Date"), format_day(self.data.generated_on)),
            (_("Prepared by"), self.data.council),
        ):
            if value:
                line = document.add_paragraph()
                line.add_run(f"{label}: ").bold = True
                line.add_run(safe(value))
        self.paragraph(
            _(
                "This is a draft for the council to edit. The changes to the strategy are "
                "tracked changes that can be accepted or rejected in Word."
            )
        )
        self.page_break()

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def contents(self) -> None:
        add_toc(self.document, _("Table of contents"), self.outline())
        self.page_break()

    def outline(self) -> list[tuple[int, str]]:
        """The headings of levels 1 and 2 that the contents lists."""
        entries = [(1, _("Summary"))] if self.data.synthesis is not None else []
        entries += [(1, _("The review process")), (1, _("Results by theme and focus area"))]
        entries += [(2, self.tr(theme, "title")) for theme in self.themes]
        entries += [
            (1, _("Monitoring indicators")),
            (1, _("Structural-fund statistics")),
            (1, _("Recommendations and action planning")),
            (1, _("The updated strategy")),
            (1, _("Annex: proposals and decisions")),
        ]
        return entries

    # The review process --------------------------------------------------------------------

    def process(self) -> None:
        data, info = self.data, self.data.round
        self.heading(_("The review process"), 1)
        self.paragraph(
            _(
                "%(round)s reviewed version %(version)s of the strategy. %(count)s participants "
                "from the stakeholder groups scored every focus area in the workshops and gave "
                "reasons for their scores, and proposed changes to the strategy; the council then "
                "decided on each proposal.",
                round=info.title,
                version=info.version_label,
                count=data.participants,
            )
        )
        if info.description:
            self.paragraph(info.description)
        self.heading(_("Workshops"), 2)
        if data.sessions:
            add_table(
                self.document,
                [_("Workshop"), _("Place"), _("Time"), _("Participants")],
                [
                    [
                        safe(s.title),
                        safe(s.location),
                        format_moment(s.starts_at),
                        str(s.participants),
                    ]
                    for s in data.sessions
                ],
                [4, 4.6, 4.2, 3.2],
            )
        else:
            self.paragraph(_("No workshops were held in this round."))
        self.heading(_("Participation by stakeholder group"), 2)
        total = data.participants
        shown = [g for g in data.groups if g.shown]
        merged = [g for g in data.groups if not g.shown]
        breakdown = any(g.participants for g in shown)
        rows = []
        if breakdown:
            rows = [
                [safe(g.name), str(g.participants), self.share(g.participants, total)]
                for g in shown
            ]
            if merged:
                others = sum(g.participants for g in merged)
                rows.append([_("Other groups"), str(others), self.share(others, total)])
        rows.append([("b", _("All")), ("b", str(total)), ("b", self.share(total, total))])
        add_table(
            self.document,
            [_("Stakeholder group"), _("Participants"), _("Share")],
            rows,
            [9, 3.5, 3.5],
        )
        self.paragraph(_("Participants are counted by group only; the draft names no one."))
        if merged and breakdown:
            self.paragraph(
                _(
                    'Groups with fewer than %(size)s participants are shown together as "Other '
                    'groups", also beside reasons and proposals: %(groups)s.',
                    size=data.min_group_size,
                    groups=", ".join(safe(g.name) for g in merged),
                )
            )
        elif merged:
            self.paragraph(
                _(
                    "Participants are shown only in total: the groups are too small to be shown "
                    "apart (fewer than %(size)s participants).",
                    size=data.min_group_size,
                )
            )
        coverage_section(self)
        self.scoring_method()

    def share(self, part: int, total: int) -> str:
        return format_share(part / total, self.locale) if total else "–"

    def scoring_method(self) -> None:
        self.heading(_("How the scoring worked"), 2)
        self.paragraph(
            _(
                'Participants scored every focus area on the following questions. "Don\'t know" '
                "answers are counted but not included in the mean, median or spread."
            )
        )
        for question in self.data.questions:
            self.paragraph(
                _(
                    "%(question)s (%(min)s = %(low)s, %(max)s = %(high)s)",
                    question=question.text,
                    min=question.scale_min,
                    low=question.low_label or question.scale_min,
                    max=question.scale_max,
                    high=question.high_label or question.scale_max,
                ),
                style="List Bullet",
            )
        previous = self.data.round.previous_round_title
        self.paragraph(
            _(
                "Each result shows the number of answers, the mean, the median and the spread "
                "(standard deviation), by stakeholder group, and the change of the mean from the "
                "previous round (%(previous)s).",
                previous=previous,
            )
            if previous
            else _(
                "Each result shows the number of answers, the mean, the median and the spread "
                "(standard deviation), by stakeholder group. There is no previous round to "
                "compare with."
            )
        )

    # Results -------------------------------------------------------------------------------

    def results(self) -> None:
        self.heading(_("Results by theme and focus area"), 1)
        self.chart_labels = ChartLabels(
            dont_know=_("Don't know"),
            mean=_("mean"),
            previous=_("previous round"),
            answers=_("Answers"),
        )
        for theme in self.themes:
            self.heading(self.tr(theme, "title"), 2)
            for area in theme.get("focus_areas", []):
                self.heading(self.tr(area, "title"), 3)
                for question in self.data.questions:
                    self.question_result(area, question)
                if self.data.synthesis is not None:
                    synthesis_chapter.write_area(self, area)
                self.area_proposals(area)

    def question_result(self, area: dict, question: QuestionInfo) -> None:
        summary = self.data.results.get((area["key"], question.key)) or {
            **summarise({}),
            "by_group": {},
            "previous_mean": None,
            "change": None,
        }
        self.heading(question.text, 4)
        # Too few scores in all: no chart, whose bars would show them (docs/security.md).
        if not summary.get("withheld"):
            self.distribution_figure(area, question, summary)
        self.paragraph(self.summary_sentence(summary))
        self.group_table(summary)
        if self.data.synthesis is None:  # else the area's themes take the reasons' place
            self.reasons(area, question)

    def distribution_figure(self, area: dict, question: QuestionInfo, summary: dict) -> None:
        png = distribution_chart(
            summary,
            question.scale_min,
            question.scale_max,
            self.chart_labels,
            partial(format_score, locale=self.locale),
            show_dont_know=question.allow_dont_know,
        )
        self.figures += 1
        area_title = self.tr(area, "title")
        add_picture(
            self.document,
            png,
            CHART_WIDTH_CM,
            _(
                "Distribution of the scores of %(area)s: %(question)s",
                area=area_title,
                question=question.text,
            ),
        )
        self.paragraph(
            _(
                "Figure %(number)s. %(area)s: %(question)s",
                number=self.figures,
                area=area_title,
                question=question.text,
            ),
            style="Caption",
        )

    def summary_sentence(self, summary: dict) -> str:
        if not summary["count"]:
            text = _("No scores were given.")
        elif summary.get("withheld"):
            text = _(
                "%(count)s scores: too few to show their distribution, mean, median and spread "
                "(fewer than %(size)s).",
                count=summary["count"],
                size=self.data.min_group_size,
            )
        else:
            text = _(
                "%(count)s scores: mean %(mean)s, median %(median)s, spread %(spread)s.",
                count=summary["count"],
                mean=format_score(summary["mean"], self.locale),
                median=format_score(summary["median"], self.locale),
                spread=format_score(summary["spread"], self.locale),
            )
        if summary.get("dont_know"):
            text += " " + _('"Don\'t know": %(count)s.', count=summary["dont_know"])
        previous = self.data.round.previous_round_title
        if summary.get("change") is not None:
            text += " " + _(
                "In %(previous)s the mean was %(mean)s; the change is %(change)s.",
                previous=previous,
                mean=format_score(summary["previous_mean"], self.locale),
                change=format_score(summary["change"], self.locale, signed=True),
            )
        elif previous and not summary.get("withheld"):
            text += " " + _("%(previous)s has no result to compare with.", previous=previous)
        return text

    def group_table(self, summary: dict) -> None:
        by_group = summary.get("by_group") or {}
        rows = []
        for group in self.data.groups:
            result = by_group.get(group.key)
            if result:
                rows.append(self.stat_cells(safe(group.name), result))
        others = summary.get("other_groups")
        if others:
            rows.append(self.stat_cells(_("Other groups"), others))
        rows.append([("b", cell) for cell in self.stat_cells(_("All"), summary)])
        add_table(
            self.document,
            [_("Stakeholder group"), _("Scores"), _("Mean"), _("Median"), _("Spread")],
            rows,
            [5.6, 2.6, 2.6, 2.6, 2.6],
            keep_together=True,
        )
        names = {group.key: safe(group.name) for group in self.data.groups}
        if others:
            self.paragraph(
                _(
                    'Groups with fewer than %(size)s scores are shown together as "Other '
                    'groups": %(groups)s.',
                    size=self.data.min_group_size,
                    groups=", ".join(names.get(key, key) for key in others["groups"]),
                )
            )
        elif summary["count"] and not by_group:
            self.paragraph(
                _(
                    "No results by group: the groups have too few scores to be shown apart "
                    "(fewer than %(size)s).",
                    size=self.data.min_group_size,
                )
            )

    def stat_cells(self, name: str, result: dict) -> list[str]:
        return [
            name,
            str(result["count"]),
            format_score(result["mean"], self.locale),
            format_score(result["median"], self.locale),
            format_score(result["spread"], self.locale),
        ]

    def reasons(self, area: dict, question: QuestionInfo) -> None:
        summary = self.data.reasons.get((area["key"], question.key))
        label = self.document.add_paragraph()
        label.paragraph_format.space_before = Pt(8)
        label.paragraph_format.keep_with_next = True
        label.add_run(_("Reasons given")).bold = True
        if summary is None or not summary.shown:
            self.paragraph(_("No reasons were given."))
            return
        for reason in summary.shown:
            details = [f"{reason.count} ×"] if reason.count > 1 else []
            if reason.group_names:
                details.append(self.reason_groups(reason.group_names))
            detail = f" ({', '.join(details)})" if details else ""
            self.paragraph(f"”{shorten(safe(reason.text), REASON_LENGTH)}”{detail}", "List Bullet")
        shown = sum(reason.count for reason in summary.shown)
        if summary.total > shown:
            self.paragraph(
                _(
                    "The most common reasons are shown: %(shown)s of %(total)s.",
                    shown=shown,
                    total=summary.total,
                )
            )

    def reason_groups(self, names: tuple[str, ...]) -> str:
        """Who gave a reason: the groups by name, or how many when there are many."""
        if len(names) == len(self.data.groups) and len(names) > 1:
            return _("all groups")
        if len(names) > 3:
            return _("%(count)s groups", count=len(names))
        return ", ".join(names)

    def area_proposals(self, area: dict) -> None:
        self.heading(_("Proposals"), 4)
        proposals = self.proposals_by_area.get(area["key"], [])
        if not proposals:
            self.paragraph(_("No proposals were made for this focus area."))
            return
        self.proposal_writer.area_table(proposals)

    # Indicators ----------------------------------------------------------------------------

    def indicators(self) -> None:
        self.heading(_("Monitoring indicators"), 1)
        indicators = self.data.base_version_data.get("indicators", [])
        if not indicators:
            self.paragraph(_("The strategy has no monitoring indicators."))
            return
        values = self.data.indicator_values
        self.sources_note(self.data.indicator_sources, "indicators")
        if any(values.get(indicator["key"]) for indicator in indicators):
            self.status_rules()
        rows = []
        for indicator in indicators:
            latest = sorted(values.get(indicator["key"], []), key=lambda v: v.year)[-LATEST_VALUES:]
            status = [("b", status_name(self.data.indicator_status.get(indicator["key"])))]
            reason = self.data.indicator_reasons.get(indicator["key"])
            # Baseline and target share a column, so the reason has room beside them.
            levels = [
                [("b", f"{label}: "), self.level(indicator, prefix)]
                for label, prefix in ((_("Baseline"), "baseline"), (_("Target"), "target"))
            ]
            rows.append(
                [
                    self.tr(indicator, "name"),
                    levels,
                    self.value_lines(latest, indicator) or "–",
                    status + ([reason] if reason else []),
                ]
            )
        add_table(
            self.document,
            [_("Indicator"), _("Baseline and target"), _("Latest values"), _("Status")],
            rows,
            [3.4, 3.4, 3.6, 5.6],
            font_pt=10,
        )
        if not any(values.get(indicator["key"]) for indicator in indicators):
            self.paragraph(_("No indicator values have been recorded for this round."))
            return
        for indicator in indicators:
            self.indicator_chart(indicator)

    def status_rules(self) -> None:
        """How a status is decided, stated where the statuses are (evidence.explain.RULES)."""
        self.paragraph(str(RULES_INTRODUCTION)).paragraph_format.keep_with_next = True
        for rule in rules():
            self.paragraph(rule, "List Bullet")

    def sources_note(self, records: tuple[ImportRecord, ...], kind: str) -> None:
        """Which files the values or projects (``kind``) were imported from and when, and a
        plain warning for each that is the demo's invented example data."""
        if not records:
            return
        unnamed = _("(no name)")
        for record in records:
            if record.example:
                warning = self.document.add_paragraph()
                warning.add_run(_("Example data.")).bold = True
                warning.add_run(
                    " "
                    + _(
                        "The file %(file)s holds invented example data, not statistics: do not "
                        "draw conclusions from these figures.",
                        file=self.quoted(record.file_name or unnamed),
                    )
                )
        files = ", ".join(
            _(
                "%(file)s on %(moment)s",
                file=self.quoted(record.file_name or unnamed),
                moment=format_day_and_time(record.imported_at),
            )
            for record in records
        )
        if kind == "indicators":
            text = ngettext(
                "The indicator values were imported from the file %(files)s.",
                "The indicator values were imported from the files %(files)s.",
                len(records),
                files=files,
            )
        else:
            text = ngettext(
                "The projects were imported from the file %(files)s.",
                "The projects were imported from the files %(files)s.",
                len(records),
                files=files,
            )
        self.paragraph(text)

    @staticmethod
    def quoted(text: str) -> str:
        return _("“%(text)s”", text=safe(text))

    def indicator_chart(self, indicator: dict) -> None:
        """The trend of an indicator with numeric values, with its text alternative."""
        series = [
            (value.year, float(value.value))
            for value in self.data.indicator_values.get(indicator["key"], [])
            if isinstance(value.value, int | float)
        ]
        if not series:
            return
        name = self.tr(indicator, "name")
        baseline = self.point(indicator, "baseline")
        target = self.point(indicator, "target")
        number = partial(format_value, locale=self.locale)
        png = trend_chart(
            series,
            baseline,
            target,
            TrendLabels(
                _("Values"), _("Baseline"), _("Path to target"), self.tr(indicator, "unit")
            ),
            number,
        )
        self.figures += 1
        add_picture(self.document, png, CHART_WIDTH_CM, self.trend_description(indicator, series))
        self.paragraph(
            _("Figure %(number)s. %(indicator)s", number=self.figures, indicator=name),
            style="Caption",
        )

    @staticmethod
    def point(indicator: dict, prefix: str) -> tuple[int, float] | None:
        year, value = indicator.get(f"{prefix}_year"), indicator.get(f"{prefix}_value")
        return (int(year), float(value)) if year is not None and value is not None else None

    def trend_description(self, indicator: dict, series: list[tuple[int, float]]) -> str:
        """The chart's alternative text: the evidence pages' description of the same trend."""
        parts = [_("Trend of %(indicator)s.", indicator=self.tr(indicator, "name"))]
        baseline = self.point(indicator, "baseline")
        if baseline is not None:
            parts.append(
                _(
                    "Baseline %(value)s (%(year)s).",
                    value=format_value(baseline[1], self.locale),
                    year=baseline[0],
                )
            )
        target = self.level(indicator, "target").split(": ", 1)[-1]
        if target and target != "–":
            parts.append(
                _(
                    "Target %(target)s (%(year)s).",
                    target=target,
                    year=indicator.get("target_year") or "–",
                )
            )
        values = "; ".join(f"{year}: {format_value(value, self.locale)}" for year, value in series)
        parts.append(_("Values: %(values)s.", values=values))
        return " ".join(parts)

    def level(self, indicator: dict, prefix: str) -> str:
        text = self.tr(indicator, f"{prefix}_text")
        value = indicator.get(f"{prefix}_value")
        if not text and value is not None:
            text = f"{format_value(value, self.locale)} {self.tr(indicator, 'unit')}".strip()
        year = indicator.get(f"{prefix}_year")
        return f"{year}: {text}" if year and text else (text or str(year or "–"))

    def value_lines(self, values, indicator: dict) -> list[str]:
        """The latest values, newest first, and their sources named once below them."""
        unit = self.tr(indicator, "unit")
        lines = [
            f"{value.year}: {format_value(value.value, self.locale)} {unit}".strip()
            for value in reversed(values)
        ]
        sources = list(dict.fromkeys(safe(value.source) for value in values if safe(value.source)))
        if sources:
            lines.append(_("Source: %(source)s", source="; ".join(sources)))
        return lines

    # Structural-fund statistics ------------------------------------------------------------

    def funding(self) -> None:
        self.heading(_("Structural-fund statistics"), 1)
        stats = self.data.funding
        if stats is None or not stats.total.projects:
            self.paragraph(_("No funded projects are known for this strategy."))
            return
        total = stats.total
        self.sources_note(self.data.funding_sources, "funding")
        if not self.data.funding_sources:
            self.paragraph(
                _(
                    "The file these projects were imported from was not recorded (they were "
                    "imported before the application kept a record of imports)."
                )
            )
        if stats.start_years is not None:
            first, last = stats.start_years
            self.paragraph(
                _("The projects started in %(year)s.", year=first)
                if first == last
                else _("The projects started in %(first)s–%(last)s.", first=first, last=last)
            )
        self.paragraph(
            _(
                "Funded projects: %(count)s; public funding (EU and national): %(funding)s.",
                count=total.projects,
                funding=format_euros(total.funding_cents, self.locale),
            )
            + " "
            + _(
                "A project serving several focus areas counts in each of them, and its funding "
                "is split equally between them."
            )
        )
        self.heading(_("By focus area"), 2)
        areas = [area for theme in stats.themes for area in theme.areas]
        if stats.unassigned is not None:
            areas.append(stats.unassigned)
        png = funding_bars(
            [(area.label, area.funding_cents) for area in areas],
            partial(format_million_euros, locale=self.locale),
        )
        self.figures += 1
        add_picture(
            self.document,
            png,
            CHART_WIDTH_CM,
            _(
                "Public funding by focus area: %(values)s.",
                values="; ".join(
                    f"{area.label} {format_euros(area.funding_cents, self.locale)}"
                    for area in areas
                ),
            ),
        )
        self.paragraph(
            _("Figure %(number)s. Public funding by focus area", number=self.figures),
            style="Caption",
        )
        rows = []
        for theme in stats.themes:
            rows.append(self.funding_cells(theme.total, bold=True))
            rows += [self.funding_cells(area, indent=True) for area in theme.areas]
        if stats.unassigned is not None:
            rows.append(self.funding_cells(stats.unassigned))
        rows.append(self.funding_cells(replace(total, label=_("Total")), bold=True))
        self.funding_table(_("Theme and focus area"), rows)
        self.heading(_("By funding programme"), 2)
        self.funding_table(
            _("Programme"),
            [self.funding_cells(row) for row in stats.programmes]
            + [self.funding_cells(replace(total, label=_("Total")), bold=True)],
            keep=len(stats.programmes) <= KEEP_TOGETHER_ROWS,
        )
        self.heading(_("By start year"), 2)
        self.funding_table(
            _("Year"),
            [self.funding_cells(row) for row in stats.years]
            + [self.funding_cells(replace(total, label=_("Total")), bold=True)],
            keep=len(stats.years) <= KEEP_TOGETHER_ROWS,
        )
        self.follow_up(stats)

    def funding_cells(self, row: FundingRow, *, bold: bool = False, indent: bool = False):
        cells = [
            ("\u2003" if indent else "") + safe(row.label),
            str(row.projects),
            format_euros(row.eu_cents, self.locale),
            format_euros(row.national_cents, self.locale),
            format_euros(row.funding_cents, self.locale),
        ]
        return [("b", cell) for cell in cells] if bold else cells

    def funding_table(self, first_column: str, rows: list, *, keep: bool = False) -> None:
        add_table(
            self.document,
            [
                first_column,
                _("Projects"),
                _("EU funding"),
                _("National funding"),
                _("Public funding"),
            ],
            rows,
            [5.2, 1.9, 2.95, 2.95, 3],
            keep_together=keep,
            font_pt=10,
        )

    def follow_up(self, stats: FundingStats) -> None:
        self.heading(_("RDI funding follow-up by focus area"), 2)
        self.paragraph(
            _(
                "The strategy's indicator table asks for RDI funding to be followed by smart "
                "specialisation focus area, with steady growth as the target. Public funding by "
                "the year the projects started (million euros):"
            )
        )
        years = stats.follow_up_years
        money = partial(format_millions, locale=self.locale)
        rows, theme = [], None
        for row in stats.follow_up:
            if row.theme != theme:
                theme = row.theme
                rows.append([("b", safe(theme))] + [""] * (len(years) + 2))
            rows.append(
                ["\u2003" + safe(row.label)]
                + [money(cents) for cents in row.cents_by_year]
                + [money(row.total_cents), status_name(row.status)]
            )
        rows.append(
            [("b", _("Total"))]
            + [("b", money(cents)) for cents in stats.follow_up_totals]
            + [("b", money(sum(stats.follow_up_totals))), ""]
        )
        # Years share what the focus area's name, the total and the status leave; sums in M€.
        year_width = min(1.6, 7.8 / max(1, len(years)))
        add_table(
            self.document,
            [_("Focus area")] + [str(year) for year in years] + [_("Total"), _("Steady growth")],
            rows,
            [16 - 4.4 - year_width * len(years)] + [year_width] * len(years) + [2.1, 2.3],
            font_pt=9,
        )

    # The updated strategy ------------------------------------------------------------------

    def updated_strategy(self) -> None:
        self.page_break()
        self.heading(_("The updated strategy"), 1)
        self.paragraph(
            _(
                "This chapter is the whole text of the next version of the strategy. Every "
                "accepted change is a tracked change by %(council)s, dated on the day of the "
                "decision, with the decision's reason as a comment: accept or reject them in Word.",
                council=self.data.council,
            )
        )
        StrategyWriter(self.document, self.data, Revisions(self.document)).write()

    # Annex ---------------------------------------------------------------------------------

    def annex(self) -> None:
        self.page_break()
        self.heading(_("Annex: proposals and decisions"), 1)
        writer = self.proposal_writer
        if not self.data.proposals and not self.data.set_aside:
            self.paragraph(_("No proposals were made in this round."))
            return
        writer.accounting()
        areas = [area for theme in self.themes for area in theme.get("focus_areas", [])]
        groups = [
            (self.tr(area, "title"), self.proposals_by_area.get(area["key"])) for area in areas
        ]
        known = {area["key"] for area in areas}
        others = [p for p in self.data.proposals if p.focus_area_key not in known]
        groups.append((_("Other proposals"), others))
        for title, proposals in groups:
            if proposals:
                self.heading(title, 2)
                for proposal in proposals:
                    writer.block(proposal)
        writer.set_aside()
        writer.translation_list()

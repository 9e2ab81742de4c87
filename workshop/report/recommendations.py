"""The draft's chapter on action planning: the roles the strategy gives the ELY Centre and the
council, and for each of the Commission's recommendations the round takes into account, what
the review found (its focus areas' scores) and changed (the proposals that concern them)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from workshop.recommendations import services as recommendations
from workshop.report.blocks import safe, shorten
from workshop.report.data import ACCEPTED_OUTCOMES, DEFAULT_COUNCIL, ProposalRow
from workshop.report.labels import format_score, kind_name
from workshop.review.models import ReviewRound

# The council's name in English where the strategy's council is the default one: the seed's
# council is Pohjois-Pohjanmaan liitto, the Council of Oulu Region.
ENGLISH_COUNCIL_NAMES = {
    DEFAULT_COUNCIL: f"The Council of Oulu Region ({DEFAULT_COUNCIL})",
}
# Proposals named per list; the rest are counted (the annex has them all).
PROPOSALS_LISTED = 10
PROPOSAL_TITLE_LENGTH = 160


@dataclass(frozen=True)
class RecommendationRow:
    """A recommendation as the draft shows it, in the draft's language where it has one."""

    year: int
    text: str
    source: str
    url: str = ""
    focus_area_keys: tuple[str, ...] = ()
    theme_keys: tuple[str, ...] = ()
    # False: the text is in the strategy's language only (an English draft marks it).
    translated: bool = True


def recommendation_rows(review_round: ReviewRound, locale: str) -> tuple[RecommendationRow, ...]:
    """The recommendations the round takes into account, for the draft in ``locale``."""
    rows = []
    for item in recommendations.round_recommendations(review_round):
        text = item.tr("text", locale)
        rows.append(
            RecommendationRow(
                year=item.year,
                text=text,
                source=item.source,
                url=item.url,
                focus_area_keys=tuple(item.focus_area_keys),
                theme_keys=tuple(item.theme_keys),
                translated=locale == item.language or text != item.text,
            )
        )
    return tuple(rows)


class RecommendationChapter:
    """Writes the chapter with the document builder's helpers (one per document)."""

    def __init__(self, builder):
        self.builder = builder
        self.data = builder.data
        self.areas = {}
        self.themes = {}
        for theme in builder.themes:
            self.themes[theme["key"]] = builder.tr(theme, "title")
            for area in theme.get("focus_areas", []):
                self.areas[area["key"]] = builder.tr(area, "title")

    def write(self) -> None:
        self.builder.heading(_("Recommendations and action planning"), 1)
        self.roles()
        self.recommendations()

    def roles(self) -> None:
        """The roles in the review, as the strategy's monitoring chapter names them."""
        b, council = self.builder, self.data.council
        if self.data.locale == "en":
            council = ENGLISH_COUNCIL_NAMES.get(council, council)
        b.heading(_("Roles in the review"), 2)
        b.paragraph(
            _(
                "The strategy is monitored and evaluated every year, and any need for change is "
                "identified at the same time, in a participatory process with the stakeholders. "
                "The stakeholders the strategy names for the monitoring are representatives of "
                "research and education institutions, the ELY Centre, the regional council, the "
                "municipalities' development companies and companies."
            )
        )
        b.paragraph(
            _("%(council)s compiles the results of the review.", council=council), "List Bullet"
        )
        b.paragraph(
            _(
                "%(council)s and the ELY Centre are responsible for linking the strategy to "
                "action planning, which takes into account the recommendations in force of the "
                "European Commission's country report.",
                council=council,
            ),
            "List Bullet",
        )
        b.paragraph(
            _(
                "In 2025 the evaluation is combined with the evaluation process of the regional "
                "programme. The baselines and targets of the monitoring indicators were set in "
                "the regional programme work, and smart specialisation is monitored as part of "
                "the monitoring of the regional programme."
            )
        )

    def recommendations(self) -> None:
        b, rows = self.builder, self.data.recommendations
        b.heading(_("The Commission's recommendations in force"), 2)
        if not rows:
            b.paragraph(
                _(
                    "No recommendations of the Commission were recorded for this round. The "
                    "council records them on the round's page Recommendations in force."
                )
            )
            return
        b.paragraph(
            _(
                "The council recorded the recommendations that this review takes into account "
                "(%(count)s). For each, the scores of its focus areas in this round and the "
                "proposals that concern them: accepted ones are tracked changes in the updated "
                "strategy.",
                count=len(rows),
            )
        )
        for number, row in enumerate(rows, start=1):
            self.recommendation(number, row)

    def recommendation(self, number: int, row: RecommendationRow) -> None:
        b = self.builder
        b.heading(_("Recommendation %(number)s (%(year)s)", number=number, year=row.year), 3)
        paragraph = b.paragraph(f"”{safe(row.text)}”")
        if not row.translated:
            paragraph.add_run(" (" + _("in Finnish only: translation needed") + ")").italic = True
        source = _("Source: %(source)s, %(year)s.", source=safe(row.source), year=row.year)
        if row.url:
            source += " " + safe(row.url)
        b.paragraph(source)
        if row.theme_keys:
            names = [self.themes.get(key, key) for key in row.theme_keys]
            b.paragraph(_("Themes: %(names)s.", names="; ".join(names)))
        for key in row.focus_area_keys:
            self.focus_area(key)

    def focus_area(self, key: str) -> None:
        b = self.builder
        title = self.areas.get(key)
        if title is None:
            b.heading(key, 4)
            b.paragraph(_("This focus area is not part of the strategy version reviewed."))
            return
        b.heading(title, 4)
        label = b.paragraph()
        label.add_run(_("What the review found")).bold = True
        for question in self.data.questions:
            summary = self.data.results.get((key, question.key))
            b.paragraph(_after(question.text, self.score_line(summary)), "List Bullet")
        label = b.paragraph()
        label.add_run(_("What the review changed")).bold = True
        self.proposals(b.proposals_by_area.get(key, []))

    def score_line(self, summary: dict | None) -> str:
        """Count, mean and median of one question, or why they are not shown."""
        if not summary or not summary["count"]:
            return _("No scores were given.")
        if summary.get("withheld"):
            return _(
                "%(count)s scores: too few to show their distribution, mean, median and spread "
                "(fewer than %(size)s).",
                count=summary["count"],
                size=self.data.min_group_size,
            )
        text = _(
            "%(count)s scores: mean %(mean)s, median %(median)s.",
            count=summary["count"],
            mean=format_score(summary["mean"], self.data.locale),
            median=format_score(summary["median"], self.data.locale),
        )
        if summary.get("change") is not None:
            text += " " + _(
                "Change of the mean from the previous round (%(previous)s): %(change)s.",
                previous=self.data.round.previous_round_title,
                change=format_score(summary["change"], self.data.locale, signed=True),
            )
        return text

    def proposals(self, proposals: list[ProposalRow]) -> None:
        b = self.builder
        if not proposals:
            b.paragraph(_("No proposals concerned this focus area."))
            return
        accepted = [p for p in proposals if p.outcome in ACCEPTED_OUTCOMES]
        postponed = [p for p in proposals if p.outcome == "postponed"]
        undecided = [p for p in proposals if p.outcome is None]
        rejected = [p for p in proposals if p.outcome == "rejected"]
        for label, items in (
            (
                _("Accepted, tracked in the updated strategy: %(count)s", count=len(accepted)),
                accepted,
            ),
            (_("Postponed: %(count)s", count=len(postponed)), postponed),
            (_("Open, not decided: %(count)s", count=len(undecided)), undecided),
        ):
            b.paragraph(label)
            for proposal in items[:PROPOSALS_LISTED]:
                b.paragraph(self.title(proposal), "List Bullet")
            if len(items) > PROPOSALS_LISTED:
                b.paragraph(
                    _(
                        "And %(count)s more (the annex lists them all).",
                        count=len(items) - PROPOSALS_LISTED,
                    )
                )
        if rejected:
            b.paragraph(_("Rejected: %(count)s.", count=len(rejected)))

    def title(self, proposal: ProposalRow) -> str:
        """A proposal in one line: its number, kind and (council's) wording."""
        wording = safe(proposal.council_wording) or safe(proposal.text)
        head = f"{_('Proposal %(id)s', id=proposal.id)} · {kind_name(proposal.kind)}"
        return f"{head}: {shorten(wording, PROPOSAL_TITLE_LENGTH)}" if wording else head


def _after(question: str, line: str) -> str:
    """The question, then its result: after a question mark no colon is needed."""
    question = question.strip()
    return (
        f"{question} {line}" if question.endswith(("?", ".", "!", ":")) else f"{question}: {line}"
    )


def recommendation_chapter(builder) -> None:
    """The chapter, written at the end of ``builder``'s document."""
    RecommendationChapter(builder).write()

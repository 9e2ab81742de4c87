"""The draft's chapter of open questions, polls and prioritisation (workshop/steps).

``sections`` takes the round's step summaries (the same question asked in several sessions
is one section, workshop/steps/summary.py); ``write`` puts them in the document. Open answers
appear only when a facilitator approved them; hidden ones are counted, never quoted. Polls
and prioritisation below the minimum group size give only their number of respondents, as
the live views do.
"""

from __future__ import annotations

from flask_babel import gettext as _

from workshop.report.blocks import add_table
from workshop.review.models import ReviewRound, StepKind
from workshop.steps.summary import StepSummary, summaries

MAX_ANSWERS = 200  # of one question in the draft; the rest are in the data exports
CLOUD_WORDS = 20


def sections(review_round: ReviewRound, locale: str) -> tuple[StepSummary, ...]:
    """The round's open questions, polls and prioritisation in agenda order, merged by what
    they ask, as the round results page and the wrap-up group them (workshop/steps/summary.py):
    a question no session has opened yet has no answers and no section."""
    steps = [step for session in review_round.sessions for step in session.steps]
    return tuple(summaries(steps, locale))


def write(builder) -> None:
    """The chapter, after the results of the scoring (nothing when no such step was run)."""
    found = builder.data.step_kinds
    if not found:
        return
    builder.heading(_("Open questions, polls and prioritisation"), 1)
    for section in found:
        builder.heading(section.prompt or _("Question"), 2)
        builder.paragraph(
            _(
                "%(kind)s · sessions: %(sessions)s",
                kind=_kind_name(section.kind),
                sessions=", ".join(section.sessions),
            )
        )
        if section.kind == StepKind.OPEN_QUESTION:
            _open_question(builder, section.results)
        else:
            _choices(builder, section)


def _kind_name(kind: str) -> str:
    from workshop.review.labels import step_kind_name

    return step_kind_name(kind)


def _open_question(builder, results: dict) -> None:
    hidden = results["answered"] - results["approved"]
    builder.paragraph(
        _(
            "Answers: %(count)s, of which a facilitator approved %(approved)s for the screen; "
            "the others are not quoted here.",
            count=results["answered"],
            approved=results["approved"],
        )
        if hidden
        else _("Answers: %(count)s.", count=results["answered"])
    )
    if not results["approved"]:
        return
    words = ", ".join(f"{w['word']} ({w['count']})" for w in results["cloud"][:CLOUD_WORDS])
    builder.paragraph(_("Most common words: %(words)s", words=words))
    rows = []
    for group in results["groups"]:
        for answer in group["answers"]:
            rows.append((group["word"] or _("Other answers"), answer["text"]))
    add_table(builder.document, (_("Common word"), _("Answer")), rows[:MAX_ANSWERS], (4, 12))
    if len(rows) > MAX_ANSWERS:
        builder.paragraph(
            _("%(count)s answers more are in the data export.", count=len(rows) - MAX_ANSWERS)
        )


def _choices(builder, section: StepSummary) -> None:
    results = section.results
    if results["withheld"]:
        builder.paragraph(
            _(
                "Respondents: %(count)s, fewer than %(size)s: the results are not shown.",
                count=results["respondents"],
                size=results["min_group_size"],
            )
        )
        return
    builder.paragraph(_("Respondents: %(count)s.", count=results["respondents"]))
    name = lambda key: section.labels.get(key, key)  # noqa: E731
    total = results["respondents"] or 1
    if section.kind == StepKind.POLL:
        rows = [
            (name(i["key"]), str(i["count"]), f"{round(100 * i['count'] / total)} %")
            for i in results["items"]
        ]
        add_table(builder.document, (_("Option"), _("Answers"), _("Share")), rows, (10, 3, 3))
        return
    if results["method"] == "borda":
        builder.paragraph(
            _("Ranked by points: with N picks a first pick is worth N points, the last one 1.")
        )
    rows = [
        (str(place), name(i["key"]), str(i["points"]), str(i["count"]), str(i["first"]))
        for place, i in enumerate(results["items"], 1)
    ]
    add_table(
        builder.document,
        (_("Rank"), _("Focus area"), _("Points"), _("Picks"), _("First picks")),
        rows,
        (1.8, 7.7, 2, 2, 2.5),
    )

"""A round's results as neutral tables: the same figures the round's results page shows.

Every number comes from the app's own computations, never recomputed here: the scores from
``review.results.results_for`` (round-wide, small groups already merged and the change from
the previous round included), the reasons from ``review.reasons.list_reasons`` (groups named
by the same rule), the proposals from ``proposals.export.proposal_rows`` and the participation
from ``exports.participation`` (each session's total; by group only round-wide, merged by
``merge_counts``, so that nothing can be subtracted). The writers
(``xlsx``, ``csv``, ``json``) only format these tables.

No names or personal data: no participant's name or organisation, no facilitator's name (the
proposals export's ``decided_by`` is left out), no answer or proposal times (with the group
and session they narrow a person down), and a hidden proposal's texts are left out as the
Word draft leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from workshop.exports.participation import round_participation
from workshop.localtime import local_text
from workshop.models import utcnow
from workshop.proposals.export import proposal_rows
from workshop.proposals.labels import KIND_NAMES, OUTCOME_NAMES, STATUS_NAMES
from workshop.review.models import ReviewRound, SessionStatus
from workshop.review.reasons import OTHER_GROUPS, ReasonScope, list_reasons
from workshop.review.results import (
    results_for,
)
from workshop.text import clean_text

# Reasons are read this many at a time, page after page, until every one is in.
REASONS_PAGE = 10_000
# The group key of a row of all groups together (the other rows: a group's key or "other").
ALL_GROUPS = "all"
# Proposals the council never sees as proposals: counted, their texts left out.
SET_ASIDE = frozenset({"hidden"})


@dataclass(frozen=True)
class Column:
    """A column: a stable key (CSV header for scripts, JSON field), a label in the export's
    language, and its kind: ``text``, ``integer``, ``decimal`` or ``datetime``."""

    key: str
    label: str
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    """One table: a sheet of the workbook, a CSV file, a list of records in JSON."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    question: str | None = None

    def records(self) -> list[dict]:
        return [dict(zip((c.key for c in self.columns), row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class ResultsExport:
    """Everything exported of a round, in one language."""

    round_id: int
    round_title: str
    year: int
    locale: str
    exported_at: datetime
    min_group_size: int
    previous_round: str | None
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


def build_export(review_round: ReviewRound, locale: str = "fi") -> ResultsExport:
    """The round's results, reasons, proposals and participation as tables in ``locale``."""
    with force_locale(locale):
        areas = review_round.strategy_version.focus_areas
        results = results_for(review_round, areas, locale=locale)
        names = {group["key"]: group["name"] for group in results["groups"]}
        names[OTHER_GROUPS] = _("Other groups")
        names[ALL_GROUPS] = _("All groups")
        exported_at = utcnow()
        tables = [
            _about(review_round, results, exported_at, locale),
            *_score_tables(results, names),
            _reasons(review_round, results, names),
            _proposals(review_round, locale),
            _participation(review_round, names),
        ]
        return ResultsExport(
            round_id=review_round.id,
            round_title=review_round.title,
            year=review_round.year,
            locale=locale,
            exported_at=exported_at,
            min_group_size=results["min_group_size"],
            previous_round=results["previous_round"],
            tables=tuple(tables),
        )


def _about(review_round: ReviewRound, results: dict, exported_at: datetime, locale: str) -> Table:
    version = review_round.strategy_version
    rows = [
        (_("Round"), review_round.title),
        (_("Year"), str(review_round.year)),
        (_("Strategy version"), str(version.number)),
        (_("Compared with"), results["previous_round"] or _("No earlier round")),
        (_("Minimum group size"), str(results["min_group_size"])),
        (_("Exported"), local_text(exported_at)),
        (
            _("Privacy"),
            _(
                "A group with fewer than %(size)s respondents is never shown on its own: it is "
                "counted in “Other groups”. With fewer than %(size)s answers in all, only their "
                "number is given. No names or organisations.",
                size=results["min_group_size"],
            ),
        ),
    ]
    for index, question in enumerate(results["questions"], start=1):
        rows.append(
            (
                _("Question %(number)s", number=index),
                f"{question['text']} ({question['min']}–{question['max']})",
            )
        )
    return Table(
        key="about",
        title=_("About"),
        columns=(Column("item", _("Item")), Column("value", _("Value"))),
        rows=tuple(rows),
    )


def _score_columns(question: dict) -> tuple[Column, ...]:
    scale = range(question["min"], question["max"] + 1)
    return (
        Column("focus_area", _("Focus area key")),
        Column("focus_area_title", _("Focus area")),
        Column("group", _("Group key")),
        Column("group_name", _("Group")),
        Column("answers", _("Answers"), "integer"),
        Column("dont_know", _("Don't know"), "integer"),
        Column("mean", _("Mean"), "decimal"),
        Column("median", _("Median"), "decimal"),
        Column("spread", _("Standard deviation"), "decimal"),
        *(
            Column(f"score_{value}", _("Score %(value)s", value=value), "integer")
            for value in scale
        ),
        Column("previous_mean", _("Previous mean"), "decimal"),
        Column("change", _("Change"), "decimal"),
        Column("note", _("Note")),
    )


def _score_row(area: dict, group: str, names, summary: dict, question: dict, note: str = ""):
    scale = range(question["min"], question["max"] + 1)
    distribution = summary["distribution"]
    hidden = summary.get("withheld", False)
    return (
        area["key"],
        area["title"],
        group,
        names[group],
        summary["count"],
        summary["dont_know"],
        summary["mean"],
        summary["median"],
        summary["spread"],
        *(None if hidden else distribution.get(str(value), 0) for value in scale),
        summary.get("previous_mean"),
        summary.get("change"),
        note,
    )


def _score_tables(results: dict, names: dict[str, str]) -> list[Table]:
    """One table per question: each focus area with all groups together, then each group
    shown alone, then "other groups" (``suppress_small_groups`` decided which)."""
    items = {(item["focus_area"], item["question"]): item for item in results["items"]}
    withheld_note = _("Fewer than %(size)s answers: not shown.", size=results["min_group_size"])
    tables = []
    for question in results["questions"]:
        rows = []
        for area in results["focus_areas"]:
            item = items[area["key"], question["key"]]
            note = withheld_note if item["withheld"] else ""
            rows.append(_score_row(area, ALL_GROUPS, names, item, question, note))
            for key, summary in item["by_group"].items():
                rows.append(_score_row(area, key, names, summary, question))
            if item["other_groups"]:
                rows.append(_score_row(area, OTHER_GROUPS, names, item["other_groups"], question))
        tables.append(
            Table(
                key=f"scores-{question['key']}",
                title=question["text"],
                columns=_score_columns(question),
                rows=tuple(rows),
                question=question["key"],
            )
        )
    return tables


def _reasons(review_round: ReviewRound, results: dict, names: dict[str, str]) -> Table:
    """Every reason of the round, by focus area and question, newest first within them."""
    areas = {area["key"]: (i, area["title"]) for i, area in enumerate(results["focus_areas"])}
    questions = {q["key"]: (i, q["text"]) for i, q in enumerate(results["questions"])}
    known = [
        item
        for item in _every_reason(ReasonScope(review_round.id))
        if item.focus_area in areas and item.question in questions
    ]
    known.sort(key=lambda item: (item.updated_at, item.id), reverse=True)
    known.sort(key=lambda item: (areas[item.focus_area][0], questions[item.question][0]))
    return Table(
        key="reasons",
        title=_("Reasons"),
        columns=(
            Column("focus_area", _("Focus area key")),
            Column("focus_area_title", _("Focus area")),
            Column("question", _("Question key")),
            Column("question_text", _("Question")),
            Column("score", _("Score"), "integer"),
            Column("group", _("Group key")),
            Column("group_name", _("Group")),
            Column("reason", _("Reason")),
        ),
        rows=tuple(
            (
                item.focus_area,
                areas[item.focus_area][1],
                item.question,
                questions[item.question][1],
                item.value,  # None: "don't know"
                item.group,
                names.get(item.group, ""),
                item.text,
            )
            for item in known
        ),
    )


def _every_reason(scope: ReasonScope) -> list:
    """All the reasons of ``scope``, read page by page in the order of their ids (a page
    size is a memory bound, never a cap on what is exported)."""
    reasons: list = []
    after_id = 0
    while True:
        page = list_reasons(scope, limit=REASONS_PAGE, after_id=after_id)
        reasons.extend(page.items)
        if len(page.items) < REASONS_PAGE:
            return reasons
        after_id = page.items[-1].id


def _localised_group_labels(review_round: ReviewRound, locale: str) -> dict[str, str]:
    """``proposal_rows`` names groups in the strategy's language; the same label in
    ``locale``, so that an English export reads English group names."""
    primary = review_round.strategy_version.language or "fi"
    with force_locale(primary):
        other_primary = _("Other groups")
    labels = {group.name: group.tr("name", locale) for group in review_round.groups}
    labels[other_primary] = _("Other groups")
    labels[""] = ""
    return labels


def _proposals(review_round: ReviewRound, locale: str) -> Table:
    """Every proposal with its support and the council's decision."""
    labels = _localised_group_labels(review_round, locale)
    rows = []
    for row in proposal_rows(review_round):
        set_aside = row["status"] in SET_ASIDE
        rows.append(
            (
                row["id"],
                clean_text(row["session"]),
                row["kind"],
                str(KIND_NAMES.get(row["kind"], row["kind"])),
                row["target"] or "",
                clean_text(row["target_element"]),
                row["focus_area"],
                "" if set_aside else clean_text(row["text"]),
                "" if set_aside else clean_text(row["original_text"]),
                "" if set_aside else clean_text(row["rationale"]),
                row["target_value"],
                labels.get(row["group"], row["group"]),
                row["supports"],
                row["opposes"],
                row["status"],
                str(STATUS_NAMES.get(row["status"], row["status"])),
                row["merged_into"],
                clean_text(row["hidden_reason"]),
                row["decision"],
                str(OUTCOME_NAMES.get(row["decision"], "")) if row["decision"] else "",
                clean_text(row["council_wording"]),
                clean_text(row["reason"]),
                row["decided_at"],
            )
        )
    return Table(
        key="proposals",
        title=_("Proposals and decisions"),
        columns=(
            Column("id", _("Proposal"), "integer"),
            Column("session", _("Session")),
            Column("kind", _("Kind key")),
            Column("kind_name", _("Kind")),
            Column("target", _("Target key")),
            Column("target_element", _("Target")),
            Column("focus_area", _("Focus area key")),
            Column("text", _("Proposal text")),
            Column("original_text", _("Original text")),
            Column("rationale", _("Rationale")),
            Column("target_value", _("Proposed target value"), "decimal"),
            Column("group_name", _("Group")),
            Column("supports", _("Supports"), "integer"),
            Column("opposes", _("Opposes"), "integer"),
            Column("status", _("Status key")),
            Column("status_name", _("Status")),
            Column("merged_into", _("Merged into"), "integer"),
            Column("hidden_reason", _("Reason for hiding")),
            Column("decision", _("Decision key")),
            Column("decision_name", _("Decision")),
            Column("council_wording", _("Council's wording")),
            Column("decision_reason", _("Reason for the decision")),
            Column("decided_at", _("Decided"), "datetime"),
        ),
        rows=tuple(rows),
    )


def _participation(review_round: ReviewRound, names: dict[str, str]) -> Table:
    """Who took part: each session held with its total only, then all sessions together by
    group, every group with fewer than the minimum counted in "other groups"
    (``exports.participation``: no per-session split to subtract)."""
    counts = round_participation(review_round)
    rows = []
    for session, total in counts.sessions:
        if session.status == SessionStatus.DRAFT and not total:
            continue  # a session in preparation that nobody joined was not held
        rows.append((clean_text(session.title), ALL_GROUPS, names[ALL_GROUPS], total))
    scope = _("All sessions")
    whole = counts.round
    rows.append((scope, ALL_GROUPS, names[ALL_GROUPS], whole["total"]))
    for key, count in whole["by_group"].items():
        rows.append((scope, key, names[key], count))
    if whole["other_groups"] is not None:
        rows.append((scope, OTHER_GROUPS, names[OTHER_GROUPS], whole["other_groups"]))
    return Table(
        key="participation",
        title=_("Participation"),
        columns=(
            Column("session", _("Session")),
            Column("group", _("Group key")),
            Column("group_name", _("Group")),
            Column("participants", _("Participants"), "integer"),
        ),
        rows=tuple(rows),
    )

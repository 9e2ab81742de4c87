"""What the Word update draft reports, as plain data gathered from a review round.

The document builder reads only these dataclasses, so it can be tested without a database and
fed from other domains (proposals and decisions, indicator values) through ``collect``'s
keyword arguments.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import utcnow
from workshop.review.models import (
    Answer,
    Participant,
    Question,
    ReviewRound,
    SessionStatus,
    StakeholderGroup,
)
from workshop.review.results import GroupSplit, min_group_size, results_for, split_groups
from workshop.review.services import previous_round
from workshop.strategy.export import version_to_dict
from workshop.text import clean_text

# The council decides and so authors every tracked change, unless a decision names someone else.
DEFAULT_COUNCIL = "Pohjois-Pohjanmaan liitto"
# Reasons shown per focus area and question: the most common ones; the count says how many more.
REASONS_SHOWN = 12
ACCEPTED_OUTCOMES = frozenset({"accepted", "accepted_with_changes"})


@dataclass(frozen=True)
class RoundInfo:
    """The round and the strategy version it reviewed."""

    id: int
    title: str
    year: int
    description: str
    strategy_name: str
    region: str
    period: str
    version_label: str
    previous_round_title: str | None


@dataclass(frozen=True)
class SessionRow:
    """A workshop session: when, where, how many took part."""

    title: str
    location: str
    starts_at: datetime | None
    participants: int


@dataclass(frozen=True)
class GroupRow:
    """A stakeholder group and how many took part as it (counts only, never names).

    ``shown`` is False for a group the draft shows only inside "other groups" (too few took
    part in it to name it beside a reason or a proposal, or to count it on its own).
    """

    key: str
    name: str
    participants: int
    shown: bool = True


@dataclass(frozen=True)
class QuestionInfo:
    """A scoring question and its scale."""

    key: str
    text: str
    low_label: str
    high_label: str
    scale_min: int
    scale_max: int
    allow_dont_know: bool


@dataclass(frozen=True)
class ReasonRow:
    """A reason participants gave, with how many gave it and from which groups."""

    text: str
    count: int
    group_names: tuple[str, ...]


@dataclass(frozen=True)
class ReasonSummary:
    """The most common reasons for one focus area and question, and how many there were."""

    shown: tuple[ReasonRow, ...]
    total: int


@dataclass(frozen=True)
class CommentRow:
    """A comment on a proposal: its text and the commenter's group, never a name."""

    text: str
    # "" for a comment written by staff (a facilitator or the council) rather than a participant.
    group_key: str = ""
    # Tells commenters apart for the minimum group size; never shown.
    commenter: int | None = None
    hidden: bool = False


@dataclass(frozen=True)
class ProposalRow:
    """A proposal and its decision, as the proposals domain hands it over."""

    id: int
    target_ref: str | None
    focus_area_key: str | None
    kind: str
    text: str
    original_text: str = ""
    rationale: str = ""
    group_name: str = ""
    # The proposer's group key: ``collect`` names a group too small to show "other groups".
    group_key: str = ""
    supports: int = 0
    opposes: int = 0
    status: str = ""
    outcome: str | None = None
    council_wording: str = ""
    reason: str = ""
    decided_at: datetime | None = None
    # A new numeric target (change_target only).
    target_value: float | None = None
    # Of ``supports``, those given to duplicates merged into this proposal.
    merged_supports: int = 0
    merged_ids: tuple[int, ...] = ()
    merged_into: int | None = None
    # The moderator's reason for hiding it (the hidden text itself never reaches the draft).
    hidden_reason: str = ""
    comments: tuple[CommentRow, ...] = ()
    # (group label, comments) as the draft may show them: ``collect`` fills it.
    comment_counts: tuple[tuple[str, int], ...] = ()


# Proposals that left the list: counted and explained in the annex, never shown as proposals.
SET_ASIDE_STATUSES = frozenset({"hidden", "merged"})


@dataclass(frozen=True)
class ChangeNote:
    """Why an element of the draft changed: the proposal, its decision and who decided."""

    proposal_id: int | None
    outcome: str | None
    reason: str
    decided_at: datetime | None
    author: str


@dataclass(frozen=True)
class IndicatorValue:
    """One measured value of a monitoring indicator."""

    year: int
    value: float | str
    source: str = ""


@dataclass(frozen=True)
class FundingRow:
    """Funding and project count of a focus area, theme, programme or start year."""

    label: str
    projects: int
    eu_cents: int
    national_cents: int

    @property
    def funding_cents(self) -> int:
        return self.eu_cents + self.national_cents


@dataclass(frozen=True)
class FundingTheme:
    """A theme's funding and that of each of its focus areas."""

    total: FundingRow
    areas: tuple[FundingRow, ...]


@dataclass(frozen=True)
class FollowUpRow:
    """The RDI follow-up of a focus area: public funding by start year, and its status."""

    label: str
    theme: str
    cents_by_year: tuple[int, ...]
    status: str

    @property
    def total_cents(self) -> int:
        return sum(self.cents_by_year)


@dataclass(frozen=True)
class ImportRecord:
    """A file the evidence was imported from: its name, when, and whether it was example data."""

    file_name: str
    imported_at: datetime | None
    example: bool = False


@dataclass(frozen=True)
class FundingStats:
    """The structural-fund statistics of the strategy, as the evidence domain sums them."""

    total: FundingRow
    themes: tuple[FundingTheme, ...]
    # Projects that name no focus area of the strategy, or None when there are none.
    unassigned: FundingRow | None
    programmes: tuple[FundingRow, ...]
    years: tuple[FundingRow, ...]
    follow_up_years: tuple[int, ...]
    follow_up: tuple[FollowUpRow, ...]
    follow_up_totals: tuple[int, ...]
    # The first and last year a project started (None: no project has a start date).
    start_years: tuple[int, int] | None = None


@dataclass(frozen=True)
class ReportData:
    """Everything the update draft shows."""

    locale: str
    council: str
    generated_on: date
    round: RoundInfo
    sessions: tuple[SessionRow, ...]
    groups: tuple[GroupRow, ...]
    questions: tuple[QuestionInfo, ...]
    # results[(focus area key, question key)] is a ``review.results`` summary of the round.
    results: dict[tuple[str, str], dict]
    reasons: dict[tuple[str, str], ReasonSummary]
    proposals: tuple[ProposalRow, ...]
    indicator_values: dict[str, list[IndicatorValue]]
    base_version_data: dict
    draft_version_data: dict
    change_notes: dict[str, list[ChangeNote]] = field(default_factory=dict)
    # status of each indicator by key ("on_track", "off_track", "no_data", "not_judged").
    indicator_status: dict[str, str] = field(default_factory=dict)
    # Why each indicator has its status, one sentence in the draft's language, by key.
    indicator_reasons: dict[str, str] = field(default_factory=dict)
    # The files the indicator values and the funded projects came from, newest first.
    indicator_sources: tuple[ImportRecord, ...] = ()
    funding_sources: tuple[ImportRecord, ...] = ()
    # None: no funded projects are known for the strategy.
    funding: FundingStats | None = None
    # Groups with fewer answers (or participants) are shown only inside "other groups".
    min_group_size: int = 1
    # Hidden and merged proposals: the annex says how many and why.
    set_aside: tuple[ProposalRow, ...] = ()
    # The Commission's recommendations the round takes into account (report.recommendations).
    recommendations: tuple = ()
    # Open questions, polls and prioritisation (workshop/report/step_kinds.py).
    step_kinds: tuple = ()
    # Who was invited and who took part, by group and sub-region (convening.coverage), or None.
    coverage: object | None = None
    # The summary, assessments and themes (report.synthesis.SynthesisReport); None: the draft
    # lists the reasons per question instead.
    synthesis: object | None = None

    @property
    def participants(self) -> int:
        return sum(group.participants for group in self.groups)


def collect(
    review_round: ReviewRound,
    locale: str = "fi",
    *,
    proposals: list[ProposalRow] | None = None,
    indicator_values: dict[str, list[IndicatorValue]] | None = None,
    indicator_status: dict[str, str] | None = None,
    indicator_reasons: dict[str, str] | None = None,
    indicator_sources: tuple[ImportRecord, ...] = (),
    funding_sources: tuple[ImportRecord, ...] = (),
    funding: FundingStats | None = None,
    draft_version_data: dict | None = None,
    change_notes: dict[str, list[ChangeNote]] | None = None,
    council: str | None = None,
    today: date | None = None,
) -> ReportData:
    """Gather the report of ``review_round`` in ``locale``.

    The keyword arguments are the seams for the other domains: the proposals with their
    decisions, the draft of the next version with notes on why each element changed, the
    indicator values with their status and its reason, the structural-fund statistics, and the
    files both were imported from. Left out, the draft
    equals the reviewed version and there are none.
    """
    version = review_round.strategy_version
    base = version_to_dict(version)
    council = council or current_app.config.get("REPORT_COUNCIL_NAME") or DEFAULT_COUNCIL
    min_size = min_group_size()
    groups = _groups(review_round, locale, min_size)
    with force_locale(locale):
        other_groups = _("Other groups")
        staff = _("Facilitators")
    labels = _group_labels(groups, other_groups)
    names = {group.key: group.name for group in groups}
    rows = [
        _with_comment_counts(
            _with_group_label(proposal, labels), names, other_groups, staff, min_size
        )
        for proposal in proposals or []
    ]
    proposals = [row for row in rows if row.status not in SET_ASIDE_STATUSES]
    set_aside = tuple(
        replace(row, text="", original_text="", rationale="", comments=(), comment_counts=())
        for row in rows
        if row.status in SET_ASIDE_STATUSES
    )
    return ReportData(
        locale=locale,
        council=council,
        generated_on=today or utcnow().date(),
        round=_round_info(review_round, base, locale),
        sessions=_sessions(review_round),
        groups=groups,
        questions=tuple(_question(question, locale) for question in review_round.questions),
        results=_results(review_round, locale),
        reasons=_reasons(review_round, labels),
        proposals=tuple(proposals),
        indicator_values=dict(indicator_values or {}),
        indicator_status=dict(indicator_status or {}),
        indicator_reasons=dict(indicator_reasons or {}),
        indicator_sources=tuple(indicator_sources),
        funding_sources=tuple(funding_sources),
        funding=funding,
        base_version_data=base,
        draft_version_data=draft_version_data if draft_version_data is not None else base,
        change_notes=(
            change_notes if change_notes is not None else notes_from_proposals(proposals, council)
        ),
        min_group_size=min_size,
        set_aside=set_aside,
    )


def notes_from_proposals(proposals: list[ProposalRow], council: str) -> dict[str, list[ChangeNote]]:
    """Change notes of the accepted proposals, by the element each targets."""
    notes: dict[str, list[ChangeNote]] = defaultdict(list)
    for proposal in proposals:
        if proposal.target_ref and proposal.outcome in ACCEPTED_OUTCOMES:
            notes[proposal.target_ref].append(
                ChangeNote(
                    proposal.id, proposal.outcome, proposal.reason, proposal.decided_at, council
                )
            )
    return dict(notes)


def _tr(data: dict, name: str, locale: str, primary: str) -> str:
    if locale != primary:
        translated = (data.get("translations") or {}).get(locale, {}).get(name)
        if translated:
            return translated
    return data.get(name) or ""


def _round_info(review_round: ReviewRound, base: dict, locale: str) -> RoundInfo:
    strategy, primary = base["strategy"], base.get("language", "fi")
    earlier = previous_round(review_round)
    return RoundInfo(
        id=review_round.id,
        title=review_round.title,
        year=review_round.year,
        description=review_round.description or "",
        strategy_name=_tr(strategy, "name", locale, primary),
        region=_tr(strategy, "region", locale, primary),
        period=strategy.get("period") or "",
        version_label=base["version"].get("label") or str(base["version"].get("number")),
        previous_round_title=earlier.title if earlier is not None else None,
    )


def _sessions(review_round: ReviewRound) -> tuple[SessionRow, ...]:
    """The sessions held, with how many joined each."""
    counts = dict(
        db.session.execute(
            select(Participant.session_id, func.count(Participant.id))
            .where(Participant.round_id == review_round.id, Participant.removed_at.is_(None))
            .group_by(Participant.session_id)
        ).all()
    )
    # A session still in preparation that nobody joined was not held.
    return tuple(
        SessionRow(session.title, session.location, session.starts_at, counts.get(session.id, 0))
        for session in review_round.sessions
        if session.status != SessionStatus.DRAFT or counts.get(session.id)
    )


def _groups(review_round: ReviewRound, locale: str, min_size: int) -> tuple[GroupRow, ...]:
    """Every group with its participants, marked shown or not by ``split_groups``.

    Groups nobody joined take no part in the split: they hide no one, and merging them would
    force a larger group into "other groups" for nothing.
    """
    counts = dict(
        db.session.execute(
            select(Participant.group_id, func.count(Participant.id))
            .where(Participant.round_id == review_round.id, Participant.removed_at.is_(None))
            .group_by(Participant.group_id)
        ).all()
    )
    split: GroupSplit = split_groups(
        {group.key: counts[group.id] for group in review_round.groups if counts.get(group.id)},
        min_size,
    )
    return tuple(
        GroupRow(
            group.key,
            group.tr("name", locale),
            counts.get(group.id, 0),
            shown=group.key not in split.merged,
        )
        for group in review_round.groups
    )


def _group_labels(groups: tuple[GroupRow, ...], other_groups: str) -> dict[str, str]:
    """What to write beside a person's reason or proposal for each group key.

    A merged group is "other groups"; when no group is shown apart, no group is named at all.
    """
    if not any(group.shown and group.participants for group in groups):
        return {group.key: "" for group in groups}
    return {group.key: group.name if group.shown else other_groups for group in groups}


def _with_group_label(proposal: ProposalRow, labels: dict[str, str]) -> ProposalRow:
    if not proposal.group_key or proposal.group_key not in labels:
        return proposal
    return replace(proposal, group_name=labels[proposal.group_key])


def _with_comment_counts(
    proposal: ProposalRow, names: dict[str, str], other_groups: str, staff: str, min_size: int
) -> ProposalRow:
    """The proposal with its visible comments counted by group, by the minimum group size rule:
    a group with fewer commenters than ``min_size`` counts in "other groups", and when no group
    may be shown alone only the total is given (label "")."""
    visible = [comment for comment in proposal.comments if not comment.hidden]
    if not visible:
        return replace(proposal, comment_counts=())
    comments: dict[str, int] = defaultdict(int)
    commenters: dict[str, set] = defaultdict(set)
    staff_comments = 0
    for comment in visible:
        if comment.group_key:
            comments[comment.group_key] += 1
            commenters[comment.group_key].add(comment.commenter)
        else:
            staff_comments += 1
    order = [key for key in names if key in comments] + [k for k in comments if k not in names]
    split = split_groups({key: len(commenters[key]) for key in order}, min_size)
    counts: list[tuple[str, int]] = []
    if split.shown:
        counts = [(names.get(key, other_groups), comments[key]) for key in split.shown]
        if split.merged:
            counts.append((other_groups, sum(comments[key] for key in split.merged)))
    elif comments:
        counts = [("", sum(comments.values()))]
    if staff_comments:
        counts.append((staff, staff_comments))
    return replace(proposal, comment_counts=tuple(counts))


def _question(question: Question, locale: str) -> QuestionInfo:
    return QuestionInfo(
        key=question.key,
        text=question.tr("text", locale),
        low_label=question.tr("low_label", locale),
        high_label=question.tr("high_label", locale),
        scale_min=question.scale_min,
        scale_max=question.scale_max,
        allow_dont_know=question.allow_dont_know,
    )


def _results(review_round: ReviewRound, locale: str) -> dict[tuple[str, str], dict]:
    areas = review_round.strategy_version.focus_areas
    results = results_for(review_round, areas, locale=locale)
    return {(item["focus_area"], item["question"]): item for item in results["items"]}


def _reasons(
    review_round: ReviewRound, labels: dict[str, str]
) -> dict[tuple[str, str], ReasonSummary]:
    """The reasons given, identical texts counted together, the most common first, each with
    the groups that gave it as ``labels`` names them."""
    rows = db.session.execute(
        select(Answer.focus_area_key, Question.key, StakeholderGroup.key, Answer.reason)
        .join(Question, Answer.question_id == Question.id)
        .join(Participant, Answer.participant_id == Participant.id)
        .join(StakeholderGroup, Participant.group_id == StakeholderGroup.id)
        .where(
            Participant.round_id == review_round.id,
            Participant.removed_at.is_(None),  # a removed participant's reasons are not reported
            Answer.reason != "",
        )
        .order_by(Answer.id)
    ).all()
    order = {group.key: group.position for group in review_round.groups}
    tallies: dict[tuple[str, str], dict[str, list]] = defaultdict(dict)
    for area_key, question_key, group_key, reason in rows:
        text = clean_text(reason)
        if not text:
            continue
        tally = tallies[area_key, question_key].setdefault(text, [0, set()])
        tally[0] += 1
        tally[1].add(group_key)
    summaries = {}
    for cell, texts in tallies.items():
        ranked = sorted(texts.items(), key=lambda item: -item[1][0])  # stable: first given first
        summaries[cell] = ReasonSummary(
            shown=tuple(
                ReasonRow(
                    text,
                    count,
                    _named(labels, sorted(groups, key=lambda g: order[g])),
                )
                for text, (count, groups) in ranked[:REASONS_SHOWN]
            ),
            total=sum(count for count, _ in texts.values()),
        )
    return summaries


def _named(labels: dict[str, str], keys) -> tuple[str, ...]:
    """The groups' labels in order, each once ("other groups" once for all merged ones)."""
    return tuple(dict.fromkeys(labels[key] for key in keys if labels.get(key)))

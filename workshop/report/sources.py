"""What the other domains hand the update draft: proposals, the next version, indicator values
and their status, structural-fund statistics.

Kept apart from ``report.data`` so that the document can be built (and tested) from plain
dataclasses, and only this module knows the proposals' and evidence's models.
"""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import func, select

from workshop.evidence import aggregates, explain
from workshop.evidence import services as evidence
from workshop.extensions import db
from workshop.proposals import draft as drafts
from workshop.proposals import services as proposals
from workshop.proposals.models import Proposal, ProposalStatus, Support
from workshop.report.data import (
    ChangeNote,
    CommentRow,
    FollowUpRow,
    FundingRow,
    FundingStats,
    FundingTheme,
    ImportRecord,
    IndicatorValue,
    ProposalRow,
)
from workshop.review.models import ReviewRound
from workshop.strategy.export import version_to_dict


def proposal_rows(review_round: ReviewRound) -> list[ProposalRow]:
    """Every proposal of the round with its counts, comments and decision, most supported
    first. Hidden ones carry only their moderation reason, never their text; merged ones name
    the proposal they count in, whose supports and comments include theirs."""
    tallies = proposals.tallies(review_round)
    own_supports = _own_supports(review_round)
    every = proposals.list_proposals(review_round)
    merged = proposals.merged_by_target(every)
    rows = []
    for proposal in every:
        tally = tallies.get(proposal.id, proposals.Tally())
        duplicates = merged.get(proposal.id, [])
        hidden = proposal.status == ProposalStatus.HIDDEN
        decision = proposal.decision
        rows.append(
            ProposalRow(
                id=proposal.id,
                target_ref=proposal.target_ref,
                focus_area_key=proposal.focus_area_key,
                kind=proposal.kind,
                text="" if hidden else proposal.text,
                original_text="" if hidden else proposal.original_text,
                rationale="" if hidden else proposal.rationale,
                group_name=proposal.group.name if proposal.group else "",
                group_key=proposal.group.key if proposal.group else "",
                supports=tally.supports,
                opposes=tally.opposes,
                status=proposal.status,
                outcome=decision.outcome if decision else None,
                council_wording=decision.wording if decision else "",
                reason=decision.reason if decision else "",
                decided_at=decision.decided_at if decision else None,
                target_value=proposal.target_value,
                merged_supports=max(0, tally.supports - own_supports.get(proposal.id, 0))
                if duplicates
                else 0,
                merged_ids=tuple(duplicate.id for duplicate in duplicates),
                merged_into=proposal.merged_into_id,
                hidden_reason=proposal.hidden_reason if hidden else "",
                comments=()
                if hidden or proposal.status == ProposalStatus.MERGED
                else _comments([proposal, *duplicates]),
            )
        )
    rows.sort(key=lambda row: (-(row.supports - row.opposes), row.id))
    return rows


def _own_supports(review_round: ReviewRound) -> dict[int, int]:
    """Supports given to each proposal itself (one per participant), not to its duplicates."""
    return dict(
        db.session.execute(
            select(Support.proposal_id, func.count(Support.id))
            .join(Proposal, Support.proposal_id == Proposal.id)
            .where(Proposal.round_id == review_round.id, Support.value > 0)
            .group_by(Support.proposal_id)
        ).all()
    )


def _comments(thread: list[Proposal]) -> tuple[CommentRow, ...]:
    """The comments on a proposal and on the duplicates merged into it, oldest first."""
    comments = sorted((c for p in thread for c in p.comments), key=lambda c: c.id)
    return tuple(
        CommentRow(
            text="" if comment.hidden else comment.text,
            group_key=comment.group.key if comment.group else "",
            commenter=comment.participant_id,
            hidden=comment.hidden,
        )
        for comment in comments
    )


def draft_sources(review_round: ReviewRound, council: str) -> dict:
    """The draft of the next version as data and, per changed element, why it changed."""
    draft = drafts.round_draft(review_round)
    if draft is None:
        return {}
    notes = {
        ref: [
            ChangeNote(
                proposal_id=change.proposal_id,
                outcome=change.decision.outcome,
                reason=change.decision.reason,
                decided_at=change.decision.decided_at,
                author=council,
            )
            for change in changes
        ]
        for ref, changes in drafts.element_changes(draft).items()
    }
    return {"draft_version_data": version_to_dict(draft), "change_notes": notes}


def indicator_values(review_round: ReviewRound) -> dict[str, list[IndicatorValue]]:
    """Every stored value of the strategy's indicators, by indicator key, in year order."""
    strategy = review_round.strategy_version.strategy
    return {
        key: [IndicatorValue(row.year, row.value, row.source or "") for row in rows]
        for key, rows in evidence.indicator_values(strategy).items()
    }


def indicator_status(review_round: ReviewRound) -> dict[str, str]:
    """The status of each indicator of the reviewed version, by the evidence pages' rules."""
    version = review_round.strategy_version
    values = evidence.indicator_values(version.strategy)
    return {
        indicator.key: str(
            evidence.indicator_row(indicator, values.get(indicator.key, []), None).status
        )
        for indicator in version.indicators
    }


def indicator_reasons(review_round: ReviewRound, locale: str) -> dict[str, str]:
    """Why each indicator of the reviewed version has its status, in ``locale``: the sentence
    the evidence pages show."""
    version = review_round.strategy_version
    values = evidence.indicator_values(version.strategy)
    with force_locale(locale):
        return {
            indicator.key: explain.status_reason(
                evidence.indicator_row(indicator, values.get(indicator.key, []), locale), locale
            )
            for indicator in version.indicators
        }


def import_records(review_round: ReviewRound, kind: str) -> tuple[ImportRecord, ...]:
    """The files of ``kind`` ("indicators" or "funding") the strategy's evidence came from."""
    return tuple(
        ImportRecord(record.file_name, record.imported_at, record.example)
        for record in evidence.imports_of(review_round.strategy_version.strategy, kind)
    )


def _row(line: aggregates.FundingLine) -> FundingRow:
    return FundingRow(line.label, line.projects, line.eu_cents, line.national_cents)


def funding_stats(review_round: ReviewRound, locale: str) -> FundingStats | None:
    """The strategy's structural-fund statistics by the reviewed version's focus areas and
    themes, or None when no funded project is known."""
    version = review_round.strategy_version
    projects = aggregates.projects_of(version.strategy)
    if not projects:
        return None
    areas = {
        line.key: _row(line)
        for line in aggregates.by_focus_area(projects, version.focus_areas, locale)
    }
    themes = aggregates.by_theme(projects, version.themes, locale)
    follow_up = aggregates.rdi_follow_up(projects, version.themes, locale)
    years = tuple(follow_up.years)
    started = sorted(year for year in map(aggregates.start_year, projects) if year)
    return FundingStats(
        total=FundingRow(
            "",
            len(projects),
            sum(project.eu_funding_cents for project in projects),
            sum(project.national_funding_cents for project in projects),
        ),
        themes=tuple(
            FundingTheme(_row(line), tuple(areas[area.key] for area in theme.focus_areas))
            for theme, line in zip(version.themes, themes, strict=False)
        ),
        unassigned=areas.get(aggregates.UNASSIGNED),
        programmes=tuple(_row(line) for line in aggregates.by_programme(projects)),
        years=tuple(_row(line) for line in aggregates.by_year(projects)),
        follow_up_years=years,
        follow_up=tuple(
            FollowUpRow(
                row.label,
                row.theme,
                tuple(row.cents_by_year[year] for year in years),
                str(row.judgement.status),
            )
            for row in follow_up.rows
        ),
        follow_up_totals=tuple(follow_up.totals_by_year[year] for year in years),
        start_years=(started[0], started[-1]) if started else None,
    )

"""What a session's wrap-up shows: scores by focus area with the change from the previous
round, the best supported proposals, the open questions', polls' and prioritisations'
results, and the council's timetable from the round's settings.

It composes three domains (review, proposals, steps), so it lives above them. The room's
wrap-up (projector and phones) leaves out what a facilitator kept to staff (a step whose
results mode is "staff"); the console's shows everything. Small groups stay merged and
withheld as everywhere (``results_for`` and the steps' results apply the rule).
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.proposals import services as proposal_services
from workshop.proposals.models import ProposalStatus
from workshop.review.models import ResultsMode, StepKind, StepStatus, WorkshopSession
from workshop.review.results import results_for
from workshop.review.services import step_focus_areas
from workshop.steps.summary import StepSummary, summaries

TOP_PROPOSALS = 5
TOP_OPTIONS = 3
CLOUD_WORDS = 10
THEMES = 3


@dataclass(frozen=True)
class AreaScores:
    """One focus area's mean per question (None when withheld or unanswered) and change."""

    key: str
    title: str
    cells: tuple[dict, ...]  # {"question", "mean", "change", "count", "withheld"}


@dataclass(frozen=True)
class TopProposal:
    id: int
    text: str
    where: str
    supports: int
    opposes: int


@dataclass(frozen=True)
class Wrapup:
    questions: tuple[dict, ...]
    areas: tuple[AreaScores, ...]
    previous_round: str | None
    min_group_size: int
    proposals: tuple[TopProposal, ...]
    proposal_count: int
    kinds: tuple[StepSummary, ...]
    next_steps: tuple[str, ...]  # the timetable's paragraphs, as the round's settings give them


def _shown_steps(session: WorkshopSession, room: bool):
    """The session's steps that ran, without those kept to staff when the room looks."""
    return [
        step
        for step in session.steps
        if step.status != StepStatus.PENDING
        and not (room and step.results_mode == ResultsMode.STAFF)
    ]


def _scores(session: WorkshopSession, steps, locale: str) -> tuple[dict, tuple[AreaScores, ...]]:
    keys: dict[str, object] = {}
    for step in steps:
        if step.kind == StepKind.SCORING:
            for area in step_focus_areas(step):
                keys.setdefault(area.key, area)
    version_order = [a for a in session.review_round.strategy_version.focus_areas if a.key in keys]
    results = results_for(session.review_round, version_order, session=session, locale=locale)
    items = {(item["focus_area"], item["question"]): item for item in results["items"]}
    areas = []
    for area in results["focus_areas"]:
        cells = tuple(
            {
                "question": question["key"],
                "mean": items[area["key"], question["key"]]["mean"],
                "change": items[area["key"], question["key"]]["change"],
                "count": items[area["key"], question["key"]]["count"],
                "withheld": items[area["key"], question["key"]]["withheld"],
            }
            for question in results["questions"]
        )
        if any(cell["count"] for cell in cells):
            areas.append(AreaScores(area["key"], area["title"], cells))
    return results, tuple(areas)


def _top_proposals(session: WorkshopSession, locale: str) -> tuple[tuple[TopProposal, ...], int]:
    """The round's published proposals with the most net support (every session votes on
    them alike), and how many there are."""
    review_round = session.review_round
    published = [
        p
        for p in proposal_services.list_proposals(review_round)
        if p.status == ProposalStatus.PUBLISHED
    ]
    counts = proposal_services.tallies(review_round)
    empty = proposal_services.Tally()
    ranked = sorted(
        published,
        key=lambda p: (-counts.get(p.id, empty).net, -counts.get(p.id, empty).supports, -p.id),
    )
    top = tuple(
        TopProposal(
            id=p.id,
            text=p.text or proposal_services.target_name(review_round, p.target_ref, locale),
            where=proposal_services.target_name(
                review_round, f"focus_area/{p.focus_area_key}", locale
            )
            if p.focus_area_key
            else proposal_services.target_name(review_round, p.target_ref, locale),
            supports=counts.get(p.id, empty).supports,
            opposes=counts.get(p.id, empty).opposes,
        )
        for p in ranked[:TOP_PROPOSALS]
        if counts.get(p.id, empty).supports > 0
    )
    return top, len(published)


def next_steps_text(text: str) -> tuple[str, ...]:
    """The timetable's non-empty lines: each is one thing that happens next."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def session_wrapup(session: WorkshopSession, locale: str, *, room: bool) -> Wrapup:
    """The wrap-up of ``session`` in ``locale``; ``room`` for the projector and the phones."""
    steps = _shown_steps(session, room)
    results, areas = _scores(session, steps, locale)
    proposals, proposal_count = _top_proposals(session, locale)
    return Wrapup(
        questions=tuple(results["questions"]),
        areas=areas,
        previous_round=results["previous_round"],
        min_group_size=results["min_group_size"],
        proposals=proposals,
        proposal_count=proposal_count,
        kinds=tuple(summaries(steps, locale)),
        next_steps=next_steps_text(session.review_round.next_steps),
    )

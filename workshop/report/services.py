"""The update draft of a round: the one call that views, the CLI and the benchmark share."""

from dataclasses import replace

from flask import current_app

from workshop.convening.coverage import for_a_document, round_coverage
from workshop.report import sources, step_kinds
from workshop.report.data import DEFAULT_COUNCIL, collect
from workshop.report.document import build_docx
from workshop.report.recommendations import recommendation_rows
from workshop.report.synthesis import synthesis_report
from workshop.review.models import ReviewRound
from workshop.review.services import get_round


def report_docx(review_round: ReviewRound, locale: str = "fi") -> bytes:
    """The round's update draft in ``locale`` as .docx bytes: its results, proposals with
    their decisions, indicator values and their status, structural-fund statistics, and the
    next version with every change tracked."""
    council = current_app.config.get("REPORT_COUNCIL_NAME") or DEFAULT_COUNCIL
    data = collect(
        review_round,
        locale,
        proposals=sources.proposal_rows(review_round),
        indicator_values=sources.indicator_values(review_round),
        indicator_status=sources.indicator_status(review_round),
        indicator_reasons=sources.indicator_reasons(review_round, locale),
        indicator_sources=sources.import_records(review_round, "indicators"),
        funding_sources=sources.import_records(review_round, "funding"),
        funding=sources.funding_stats(review_round, locale),
        council=council,
        **sources.draft_sources(review_round, council),
    )
    data = replace(data, recommendations=recommendation_rows(review_round, locale))
    data = replace(data, step_kinds=step_kinds.sections(review_round, locale))
    coverage = round_coverage(review_round, locale)
    data = replace(data, coverage=for_a_document(coverage, data.min_group_size))
    data = replace(data, synthesis=synthesis_report(review_round, locale))
    return build_docx(data)


def round_report_docx(round_id: int, locale: str) -> bytes:
    """``report_docx`` of a round by its id: the job the download runs in a worker process
    (``workshop.offload``), which reads the round with its own database connection."""
    return report_docx(get_round(round_id), locale)


def report_filename(review_round: ReviewRound, locale: str) -> str:
    """A file name for the draft: ASCII, no spaces, with the round's year and language."""
    return f"strategian-paivitysluonnos-{review_round.year}-{review_round.id}-{locale}.docx"

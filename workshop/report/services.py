"""The update draft of a round: the one call that views, the CLI and the benchmark share."""

from workshop.report.data import collect
from workshop.report.document import build_docx
from workshop.review.models import ReviewRound


def report_docx(review_round: ReviewRound, locale: str = "fi") -> bytes:
    """The round's update draft in ``locale`` as .docx bytes.

    This is where the other domains are wired in: the proposals with their decisions, the draft
    of the next version with its change notes and the indicator values go to ``collect``.
    """
    return build_docx(collect(review_round, locale))


def report_filename(review_round: ReviewRound, locale: str) -> str:
    """A file name for the draft: ASCII, no spaces, with the round's year and language."""
    return f"strategian-paivitysluonnos-{review_round.year}-{review_round.id}-{locale}.docx"

"""The council's texts of a synthesis: saving an assessment or the round's summary as a new
version, and reading the current text and the earlier ones."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from workshop.audit.services import record
from workshop.extensions import db
from workshop.review.models import ReviewRound
from workshop.synthesis.records import ROUND_SUMMARY, SynthesisText
from workshop.text import clean_text

# An assessment is a few paragraphs; the summary of ten focus areas a page or two.
MAX_TEXT = 20_000


class SynthesisError(Exception):
    """A rule of the synthesis was broken; ``code`` tells which."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Current:
    """The text shown for a scope: the newest saved version, or the built-in draft."""

    text: str
    is_draft: bool
    saved: SynthesisText | None


def _scopes(review_round: ReviewRound) -> set[str]:
    return {ROUND_SUMMARY} | {area.key for area in review_round.strategy_version.focus_areas}


def versions(review_round: ReviewRound, scope: str) -> list[SynthesisText]:
    """Every saved version of ``scope``, newest first."""
    return list(
        db.session.scalars(
            select(SynthesisText)
            .where(SynthesisText.round_id == review_round.id, SynthesisText.scope == scope)
            .order_by(SynthesisText.id.desc())
        )
    )


def latest_texts(review_round: ReviewRound) -> dict[str, SynthesisText]:
    """The newest version of every scope that has one."""
    rows = db.session.scalars(
        select(SynthesisText)
        .where(SynthesisText.round_id == review_round.id)
        .order_by(SynthesisText.id)
    )
    return {row.scope: row for row in rows}  # later ids replace earlier ones


def current(saved: SynthesisText | None, draft: str) -> Current:
    """What a scope shows: its newest version, or ``draft`` (marked as a draft) if none."""
    if saved is None:
        return Current(draft, True, None)
    return Current(saved.text, saved.is_draft, saved)


def save_text(
    review_round: ReviewRound, scope: str, text: str, *, draft: str, actor
) -> SynthesisText | None:
    """Save ``text`` as the newest version of ``scope`` (a focus area key of the round's
    strategy version, or ROUND_SUMMARY). ``draft`` is the built-in draft shown beside it: a text
    equal to it is saved still marked as a draft, because no person has changed it.

    Returns None and saves nothing when the text equals the current version (a second click
    makes no version). Refuses an unknown scope, an empty text and one over MAX_TEXT.
    """
    if scope not in _scopes(review_round):
        raise SynthesisError("unknown_scope", "No such focus area in this round.")
    text = clean_text(text)
    if not text:
        raise SynthesisError("empty", "Write the text before saving it.")
    if len(text) > MAX_TEXT:
        raise SynthesisError("too_long", f"The text is longer than {MAX_TEXT} characters.")
    newest = next(iter(versions(review_round, scope)), None)
    if newest is not None and newest.text == text:
        return None
    version = SynthesisText(
        round_id=review_round.id,
        scope=scope,
        text=text,
        is_draft=text == clean_text(draft),
        author_id=getattr(actor, "id", None),
    )
    db.session.add(version)
    db.session.flush()
    record(
        "synthesis.save",
        actor=actor,
        subject=f"round:{review_round.id}",
        scope=scope or "summary",
        version=version.id,
    )
    return version

"""The API's heavy reads as jobs for ``workshop.offload``: a round's results and its reasons.

They read every answer of a round (or a session), as the exports do, so they run in a worker
process under a gevent server and the live rooms are not held meanwhile. A job gets ids and
plain values and returns plain values (a JSON-ready dict): no ORM object crosses processes.
"""

from __future__ import annotations

from flask_babel import force_locale

from workshop.api import payloads
from workshop.extensions import db
from workshop.review.models import ReviewRound, WorkshopSession
from workshop.review.reasons import (
    ReasonScope,
    group_filter_values,
    list_reasons,
    respondent_split,
)
from workshop.review.results import results_for
from workshop.review.services import ReviewError


def round_results(round_id: int, session_id: int | None, locale: str) -> dict:
    """``results_for`` of the round (or of its session ``session_id``) in ``locale``."""
    review_round = db.session.get(ReviewRound, round_id)
    session = db.session.get(WorkshopSession, session_id) if session_id is not None else None
    with force_locale(locale):
        return results_for(
            review_round,
            review_round.strategy_version.focus_areas,
            session=session,
            locale=locale,
        )


def round_reasons(
    round_id: int,
    session_id: int | None,
    focus_area: str,
    group: str,
    limit: int,
    after_id: int | None = None,
) -> dict:
    """A page of the scope's reasons as the API gives them, by id after ``after_id`` (None:
    from the first), with ``next``, the cursor of the following page (None: this was the
    last); or ``{"error": code}`` when the service refuses (a group too small to be shown
    alone)."""
    scope = ReasonScope(round_id, session_id)
    try:
        # One more than asked tells whether another page follows, without a second count.
        page = list_reasons(
            scope, focus_area=focus_area, group=group, limit=limit + 1, after_id=after_id or 0
        )
    except ReviewError as error:
        return {"error": error.code}
    items = page.items[:limit]
    return {
        "total": page.total,
        "groups": group_filter_values(respondent_split(scope)),
        "reasons": [payloads.reason_item(item) for item in items],
        "next": items[-1].id if len(page.items) > limit else None,
    }

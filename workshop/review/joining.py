"""What every way of joining a round shares over HTTP: the device cookie that says whom a
browser joined as, the join rate limit, and the response that sets the cookie.

The join form (review/views.py) and an invitation's personal link
(convening/invitation_views.py) both join through these, so the two cannot drift apart.
"""

from __future__ import annotations

from flask import current_app, redirect, request, url_for

from workshop.review import participation
from workshop.review.events import mark_results_changed
from workshop.review.join_limits import joins
from workshop.review.models import Participant
from workshop.review.services import ReviewError

TOKEN_COOKIE_DAYS = 180


def cookie_name(round_id: int) -> str:
    return f"wp_round_{round_id}"


def participant_from_cookie(round_id: int) -> Participant | None:
    """The participant this browser joined the round as (its device token cookie), if any;
    a removed one too (the pages refuse them)."""
    return participation.participant_from_token(
        current_app.config["SECRET_KEY"], request.cookies.get(cookie_name(round_id))
    )


def client_address() -> str:
    return request.remote_addr or "unknown"


def admit_join(session) -> None:
    """Take one join from the session's and the address's buckets, or refuse it."""
    verdict = joins.admit(session.id, client_address())
    if not verdict.allowed:
        error = ReviewError("join_rate_limited", "Many joins at once: try again in a moment.")
        error.retry_after = verdict.retry_after
        raise error
    mark_results_changed(session.id)  # the console's burst warning and counts follow


def join_retry_after(error: ReviewError) -> dict:
    return {"Retry-After": str(getattr(error, "retry_after", 1))}


def joined_response(participant: Participant, session):
    """To the session's participant page, with the device cookie naming the participant."""
    response = redirect(url_for("participate.participant_view", code=session.join_code))
    response.set_cookie(
        cookie_name(session.round_id),
        participation.make_token(current_app.config["SECRET_KEY"], participant),
        max_age=TOKEN_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response

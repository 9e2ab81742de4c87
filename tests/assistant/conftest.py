"""The live-workshop fixtures, shared with the assistant's tests."""

from tests.review.conftest import (  # noqa: F401
    connect_participant,
    make_participant,
    make_round,
    open_session,
    participant,
    review_round,
    scoring_step,
    scoring_steps,
    staff_socket,
)

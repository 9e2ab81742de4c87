"""Fixtures of the protocol tests: the live-workshop fixtures of tests/review."""

from tests.review.conftest import (  # noqa: F401  (fixtures shared with the review tests)
    connect_participant,
    make_participant,
    make_round,
    open_session,
    participant,
    review_round,
    staff_socket,
)

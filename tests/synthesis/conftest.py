"""The review fixtures (a round, its open session, participants, sockets) for the synthesis
tests."""

from tests.review.conftest import (  # noqa: F401  (fixtures, found by name)
    connect_participant,
    make_participant,
    make_round,
    open_session,
    review_round,
    scoring_step,
    staff_socket,
)

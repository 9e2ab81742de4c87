"""The review fixtures (a round, its open session, participants) for the synthesis tests."""

from tests.review.conftest import (  # noqa: F401  (fixtures, found by name)
    make_participant,
    make_round,
    open_session,
    review_round,
)

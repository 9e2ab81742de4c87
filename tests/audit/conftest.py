"""The live-workshop and proposal fixtures, for the actions the audit log records."""

from tests.proposals.conftest import (  # noqa: F401  (fixtures shared with the proposal tests)
    make_participant,
    make_round,
    open_session,
    participant,
    propose,
    review_round,
)

# ruff: noqa: F811  (the imported fixtures are used as arguments)
"""Fixtures of the protocol tests: the live-workshop fixtures of tests/review, and a whole
workshop's recorded events."""

import pytest

from tests.protocol.workshop_flow import Recording, record_emits, run_workshop
from tests.review.conftest import (  # noqa: F401  (fixtures shared with the review tests)
    connect_participant,
    make_participant,
    make_round,
    open_session,
    participant,
    review_round,
    staff_socket,
)


@pytest.fixture
def recording(
    monkeypatch,
    app,
    every_group_shown,
    open_session,
    staff_socket,
    logged_in_client,
    connect_participant,
):
    """The events of a whole workshop (tests/protocol/workshop_flow.py)."""
    recorded = Recording()
    record_emits(monkeypatch, recorded)
    run_workshop(app, recorded, open_session, staff_socket, logged_in_client, connect_participant)
    return recorded

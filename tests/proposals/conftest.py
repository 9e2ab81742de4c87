"""Fixtures of proposals: the live-workshop fixtures plus a proposal factory."""

import pytest

from tests.review.conftest import (  # noqa: F401  (fixtures shared with the review tests)
    connect_participant,
    make_participant,
    make_round,
    open_session,
    participant,
    review_round,
    staff_socket,
)
from workshop.extensions import db
from workshop.proposals import services
from workshop.proposals.services import ProposalInput

FOCUS_AREA = "energia"
CHALLENGE = "focus_area/energia/challenge/energia.h1"
SOLUTION = "focus_area/energia/challenge/energia.h1/solution/energia.h1.r1"


@pytest.fixture
def propose(review_round):  # noqa: F811  (the imported fixture)
    """Factory: a proposal by ``author`` (a participant) (or by ``user``), committed."""

    def make(
        author=None,
        kind="add_challenge",
        target=f"focus_area/{FOCUS_AREA}",
        text="Vetytalouden osaajapula",
        rationale="Perustelu",
        user=None,
        **values,
    ):
        proposal, _ = services.create_proposal(
            review_round,
            ProposalInput(kind=kind, target_ref=target, text=text, rationale=rationale, **values),
            participant=author,
            user=user,
        )
        db.session.commit()
        return proposal

    return make

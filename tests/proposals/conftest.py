"""Fixtures of proposals: the live-workshop fixtures plus a proposal factory."""

import pytest

from tests.review.conftest import (  # noqa: F401  (fixtures shared with the review tests)
    connect_participant,
    make_participant,
    make_round,
    participant,
    review_round,
    staff_socket,
)
from workshop.extensions import db
from workshop.proposals import services
from workshop.proposals.services import ProposalInput
from workshop.review import services as review_services
from workshop.review.models import StepKind

FOCUS_AREA = "energia"
CHALLENGE = "focus_area/energia/challenge/energia.h1"
SOLUTION = "focus_area/energia/challenge/energia.h1/solution/energia.h1.r1"


def open_kind(session, kind):
    """Open the session's first step of ``kind`` (proposals are taken only in some steps)."""
    step = next(step for step in session.steps if step.kind == kind)
    review_services.open_step(step)
    db.session.commit()
    return step


@pytest.fixture
def open_session(review_round):  # noqa: F811
    """An open session ("Oulu") of the round in its proposals step."""
    session = review_services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    review_services.set_session_status(session, "open")
    db.session.commit()
    open_kind(session, StepKind.PROPOSALS)
    return session


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

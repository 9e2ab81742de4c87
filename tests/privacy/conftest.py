"""Fixtures of privacy: the live-workshop fixtures and a participant who left every kind of data."""

import uuid

import pytest

from tests.review.conftest import (  # noqa: F401  (fixtures shared with the review tests)
    connect_participant,
    make_participant,
    make_round,
    open_session,
    participant,
    review_round,
    scoring_step,
    staff_socket,
)
from workshop.assistant import services as assistant_services
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.proposals.services import ProposalInput
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import StepKind

NAME = "Aino Asukas"
ORGANISATION = "Salaisen Tutkimuksen Oy"
REASON = "Perusteluni: vetytalouden osaajat puuttuvat Raahesta"
PROPOSAL_TEXT = "Vetytalouden osaajapula korjattava"
COMMENT = "Kommenttini: tämä koskee myös Kajaania"
CHAT = "Haluan kertoa energiasta enemmän"


def answer(person, step, value=4, reason=REASON):
    """Score the step's first focus area as ``person`` (committed)."""
    area = review_services.step_focus_areas(step)[0].key
    participation.submit_answer(
        person,
        submission_id=uuid.uuid4().hex,
        step_id=step.id,
        question_key="edistyminen",
        focus_area_key=area,
        value=value,
        reason=reason,
    )
    db.session.commit()


@pytest.fixture
def identified_session(open_session):  # noqa: F811
    """The open session, set to ask for name and organisation."""
    open_session.ask_identity = True
    db.session.commit()
    return open_session


@pytest.fixture
def rich_participant(identified_session, scoring_step):  # noqa: F811
    """A named participant with an answer and reason, a proposal, a comment, support and a chat."""
    person = participation.join_session(
        identified_session, "klusterit", organisation=ORGANISATION, name=NAME
    )
    db.session.commit()
    answer(person, scoring_step)
    proposal, _ = proposal_services.create_proposal(
        identified_session.review_round,
        ProposalInput(
            kind="add_challenge", target_ref="focus_area/energia", text=PROPOSAL_TEXT, rationale=""
        ),
        participant=person,
    )
    assistant_services.handle_message(person, text=CHAT)
    db.session.commit()
    proposals_step = next(s for s in identified_session.steps if s.kind == StepKind.PROPOSALS)
    review_services.open_step(proposals_step)
    proposal_services.add_comment(proposal, COMMENT, participant=person)
    proposal_services.set_support(proposal, person, 1)
    db.session.commit()
    return person

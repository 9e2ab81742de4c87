"""A round with answers, reasons, proposals and a decision, and tokens to read it with."""

import uuid

import pytest

from workshop.api import services as token_services
from workshop.api.auth import RATE_WINDOW_SECONDS  # noqa: F401  (the window the limit counts)
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.proposals.services import ProposalInput
from workshop.ratelimit import RateLimiter
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import StepKind


@pytest.fixture(autouse=True)
def fresh_api_limit():
    """The per-token budget is per process: one test's requests do not use up the next's."""
    RateLimiter(1, 60, name="api-token").reset()
    yield


def score(participant, step, area_key, value, reason=""):
    participation.submit_answer(
        participant,
        submission_id=uuid.uuid4().hex,
        step_id=step.id,
        question_key="edistyminen",
        focus_area_key=area_key,
        value=value,
        reason=reason,
    )


@pytest.fixture
def world(strategy_version, make_user):
    """An owned round with an open session: eleven people scored (six clusters, three
    businesses, two municipalities: only the clusters may be named alone), two proposals (one
    hidden), one decided; read and write tokens of the owner and a write token of an outsider."""
    owner = make_user("omistaja@example.org")
    outsider = make_user("ulkopuolinen@example.org")
    council = make_user("neuvosto@example.org", role="council")
    review_round = review_services.create_round(
        strategy_version, "Vuosiarviointi 2026", 2026, owner=owner
    )
    session = review_services.create_session(review_round, "Oulu", "Kaupungintalo")
    review_services.set_session_status(session, "open")
    step = next(s for s in session.steps if s.kind == StepKind.SCORING)
    review_services.open_step(step)
    db.session.commit()
    areas = [area.key for area in review_services.step_focus_areas(step)[:2]]
    people = [participation.join_session(session, "klusterit") for _ in range(6)]
    people += [participation.join_session(session, "yritykset") for _ in range(3)]
    people += [participation.join_session(session, "kunnat") for _ in range(2)]
    db.session.commit()
    for number, person in enumerate(people):
        score(person, step, areas[0], 1 + number % 5, f"Syy {number}")
        score(person, step, areas[1], 3)
    db.session.commit()
    proposal, _ = proposal_services.create_proposal(
        review_round,
        ProposalInput(kind="add_challenge", target_ref="focus_area/energia", text="Vety"),
        participant=people[0],
    )
    hidden, _ = proposal_services.create_proposal(
        review_round,
        ProposalInput(kind="add_challenge", target_ref="focus_area/energia", text="Salaisuus"),
        participant=people[1],
    )
    proposal_services.hide(hidden, "Henkilötietoja")
    proposal_services.decide(proposal, "accepted", "Hyvä ehdotus", council)
    db.session.commit()
    tokens = {}
    for name, user, scope in (
        ("read", owner, "read"),
        ("write", owner, "write"),
        ("outsider", outsider, "write"),
        ("council", council, "read"),
    ):
        _token, plain = token_services.create_token(user, name, scope, actor=user)
        tokens[name] = plain
    db.session.commit()
    return {
        "round": review_round,
        "session": session,
        "step": step,
        "areas": areas,
        "proposal": proposal,
        "hidden": hidden,
        "tokens": tokens,
        "owner": owner,
        "outsider": outsider,
    }


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}

"""Fixtures of live workshops: a round with an open session, participants, clients."""

import uuid

import pytest

from workshop.extensions import db, socketio
from workshop.review import participation, services
from workshop.review.models import StepKind


@pytest.fixture
def make_round(strategy_version):
    """Factory: a review round of the current strategy version."""

    def make(title="Vuosiarviointi 2026", year=2026):
        review_round = services.create_round(strategy_version, title, year)
        db.session.commit()
        return review_round

    return make


@pytest.fixture
def review_round(make_round):
    return make_round()


@pytest.fixture
def open_session(review_round):
    """An open session ("Oulu") of the round with the default agenda."""
    session = services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    services.set_session_status(session, "open")
    db.session.commit()
    return session


def scoring_steps(session):
    return [step for step in session.steps if step.kind == StepKind.SCORING]


@pytest.fixture
def scoring_step(open_session):
    """The first scoring step of the open session, opened."""
    step = scoring_steps(open_session)[0]
    services.open_step(step)
    db.session.commit()
    return step


@pytest.fixture
def make_participant(open_session):
    """Factory: a participant who joined the open session as ``group``."""

    def make(group="klusterit", locale="fi", session=None):
        participant = participation.join_session(
            session or open_session, group, organisation="Org", locale=locale
        )
        db.session.commit()
        return participant

    return make


@pytest.fixture
def participant(make_participant):
    return make_participant()


@pytest.fixture
def connect_participant(app):
    """Factory: a Socket.IO test client connected with a participant's token."""
    clients = []

    def connect(participant):
        token = participation.make_token(app.config["SECRET_KEY"], participant)
        client = socketio.test_client(app, auth={"token": token})
        clients.append(client)
        return client

    yield connect
    for client in clients:
        if client.is_connected():
            client.disconnect()


@pytest.fixture
def staff_socket(app, logged_in_client):
    """A Socket.IO test client logged in as a facilitator."""
    client = socketio.test_client(app, flask_test_client=logged_in_client)
    yield client
    if client.is_connected():
        client.disconnect()


def answer_payload(step, area_key, value=4, question="edistyminen", reason="", submission=None):
    return {
        "submission_id": submission or uuid.uuid4().hex,
        "step_id": step.id,
        "question": question,
        "focus_area": area_key,
        "value": value,
        "reason": reason,
    }

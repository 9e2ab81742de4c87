"""Fixtures of the new step kinds: the live-workshop fixtures plus steps of each kind."""

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
from workshop.review import services as review_services
from workshop.review.models import StepKind
from workshop.steps.config import step_config

PROMPT = "Mitä strategiasta puuttuu?"


@pytest.fixture
def add_open_step(open_session):  # noqa: F811
    """Factory: a step of ``kind`` appended to the open session's agenda and opened."""

    def add(kind, focus_areas=None, **config):
        step = review_services.add_step(
            open_session, kind, "", focus_areas, step_config(kind, prompt=PROMPT, **config)
        )
        review_services.open_step(step)
        db.session.commit()
        return step

    return add


@pytest.fixture
def question_step(add_open_step):
    return add_open_step(StepKind.OPEN_QUESTION)


@pytest.fixture
def poll_step(add_open_step):
    return add_open_step(StepKind.POLL, options=["Kyllä", "Ei", "En osaa sanoa"])


@pytest.fixture
def priority_step(add_open_step):
    return add_open_step(
        StepKind.PRIORITY,
        focus_areas=["energia", "terveys-ja-hyvinvointi", "bio-ja-kiertotalous"],
        max_picks=2,
        ranked=True,
    )

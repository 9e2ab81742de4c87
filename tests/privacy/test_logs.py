"""Personal data never reaches the logs, even at DEBUG."""

import logging
import uuid

import pytest
from sqlalchemy import select

from tests.privacy.conftest import CHAT, NAME, ORGANISATION, PROPOSAL_TEXT, REASON
from workshop.config import protect_personal_data, quiet_database_log
from workshop.extensions import db
from workshop.review import services as review_services
from workshop.review.models import Participant

RATIONALE = "Perusteluni ehdotukselle: Oulun satama tarvitsee tätä"


@pytest.fixture
def every_logger_on(caplog):
    """The logging of a server process started with its root logger at DEBUG.

    The app fixture's migration ran Alembic's logging setup, which switched off the loggers
    that existed then and set levels of its own: undone here, and the app's own setting (made
    by create_app in a fresh process) made again.
    """
    loggers = [logging.getLogger(name) for name in logging.root.manager.loggerDict]
    loggers = [logger for logger in loggers if isinstance(logger, logging.Logger)]
    disabled = [logger for logger in loggers if logger.disabled]
    levels = {logger: logger.level for logger in loggers}
    for logger in loggers:
        logger.disabled = False
        logger.setLevel(logging.NOTSET)
    quiet_database_log()
    caplog.set_level(logging.DEBUG)
    yield
    for logger in disabled:
        logger.disabled = True
    for logger, level in levels.items():
        logger.setLevel(level)


def test_a_join_an_answer_a_proposal_and_a_chat_leave_no_personal_data_in_any_log_record(
    caplog, every_logger_on, client, identified_session, scoring_step, connect_participant
):
    code = identified_session.join_code
    joined = client.post(
        f"/j/{code}", data={"group": "klusterit", "name": NAME, "organisation": ORGANISATION}
    )
    assert joined.status_code == 302
    participant = db.session.scalars(select(Participant)).one()
    assert participant.name == NAME  # stored, so the test would see it if it were logged
    socket = connect_participant(participant)
    area = review_services.step_focus_areas(scoring_step)[0].key
    answer = {
        "submission_id": uuid.uuid4().hex,
        "step_id": scoring_step.id,
        "question": "edistyminen",
        "focus_area": area,
        "value": 4,
        "reason": REASON,
    }
    assert socket.emit("answer:submit", answer, callback=True)["ok"] is True
    proposal = {
        "client_id": uuid.uuid4().hex,
        "kind": "add_challenge",
        "target": f"focus_area/{area}",
        "text": PROPOSAL_TEXT,
        "rationale": RATIONALE,
    }
    assert socket.emit("proposal:create", proposal, callback=True)["ok"] is True
    assert socket.emit("assistant:message", {"text": CHAT}, callback=True)["ok"] is True
    # A refused write too: errors are where parameters usually leak.
    socket.emit("answer:submit", {**answer, "value": 99, "submission_id": "x" * 10}, callback=True)

    assert caplog.records, "DEBUG logging was captured"
    logged = "\n".join(
        f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for record in caplog.records
    )
    for secret in (NAME, ORGANISATION, REASON, PROPOSAL_TEXT, RATIONALE, CHAT):
        assert secret not in logged


def test_the_app_keeps_the_database_log_quiet_and_its_parameters_hidden(app):
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True
    engine_log = logging.getLogger("sqlalchemy.engine")
    engine_log.setLevel(logging.NOTSET)
    try:
        # What create_app does at start (a second app in this process would rebind the shared
        # Socket.IO server away from the test app).
        protect_personal_data({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
        assert engine_log.level == logging.WARNING
    finally:
        engine_log.setLevel(logging.WARNING)

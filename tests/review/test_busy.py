"""A database locked by another process longer than the server waits: the participant's answer
is acknowledged ``busy`` (nothing saved, resend), not dropped or disconnected."""

import pytest
from sqlalchemy import event, func, select

from tests.lock_holder import locked
from tests.review.conftest import answer_payload
from workshop.extensions import db
from workshop.review.models import Answer
from workshop.sqlite_wait import _connection_classes


@pytest.fixture
def short_lock_wait(app, monkeypatch):
    """The server waits half a second for a lock (5 s by default, 30 s in the test app)."""
    if db.engine.dialect.name == "sqlite":
        for connection_class in list(_connection_classes.values()):
            monkeypatch.setattr(connection_class, "wait", 0.5)
        yield
        return

    def set_lock_timeout(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("SET lock_timeout = 500")
        cursor.close()
        dbapi_connection.commit()

    event.listen(db.engine, "connect", set_lock_timeout)
    db.session.remove()
    db.engine.dispose()
    yield
    event.remove(db.engine, "connect", set_lock_timeout)
    db.session.remove()
    db.engine.dispose()


def test_an_answer_while_another_process_holds_the_lock_is_acked_busy_and_can_be_resent(
    short_lock_wait, app, scoring_step, participant, connect_participant
):
    client = connect_participant(participant)
    area = scoring_step.focus_area_keys[0]
    payload = answer_payload(scoring_step, area, value=3)
    db.session.remove()  # the lock holder must not wait for this test's own transaction
    with locked(app.config["SQLALCHEMY_DATABASE_URI"], 2.0):
        ack = client.emit("answer:submit", payload, callback=True)
    assert ack == {
        "ok": False,
        "error": "busy",
        "message": "Palvelin on ruuhkautunut. Yritä hetken kuluttua uudelleen.",
    }
    assert client.is_connected()
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0

    again = client.emit("answer:submit", payload, callback=True)
    assert again["ok"] is True and again["duplicate"] is False
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1


def test_a_join_while_another_process_holds_the_lock_is_told_to_try_again(
    short_lock_wait, app, client, open_session
):
    code = open_session.join_code
    db.session.remove()
    with locked(app.config["SQLALCHEMY_DATABASE_URI"], 2.0):
        response = client.post("/api/join", json={"code": code, "group": "klusterit"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.get_json() == {
        "ok": False,
        "error": "busy",
        "message": "Palvelin on ruuhkautunut. Yritä hetken kuluttua uudelleen.",
    }
    again = client.post("/api/join", json={"code": code, "group": "klusterit"})
    assert again.status_code == 200 and again.get_json()["ok"] is True

"""`workshop assistant ask` and the assistant's Socket.IO events."""

import json
import sys

import pytest

from workshop.assistant.models import Message
from workshop.extensions import db


def test_ask_prints_intent_areas_elements_and_reply(app, strategy_version):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["assistant", "ask", "Mitä strategia sanoo energian varastoinnista?", "--json"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["intent"] == "question"
    assert answer["focus_areas"][0]["key"] == "energia"
    assert answer["elements"][0]["focus_area"] == "energia"
    assert answer["elements"][0]["ref"].startswith("focus_area/energia/")
    assert answer["reply"].startswith("Strategiassa sanotaan näin:")


def test_ask_in_english(app, strategy_version):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["assistant", "ask", "what are the challenges in health?", "--lang", "en", "--json"]
    )
    answer = json.loads(result.output)
    assert answer["focus_areas"][0]["key"] == "terveys-ja-hyvinvointi"
    assert "Health and well-being sector" in answer["reply"]


def test_ask_reports_other_intents_and_nothing_found(app, strategy_version):
    runner = app.test_cli_runner()
    answer = json.loads(runner.invoke(args=["assistant", "ask", "apua", "--json"]).output)
    assert answer["intent"] == "help"
    plain = runner.invoke(args=["assistant", "ask", "mikä on pizzan hinta?"]).output
    assert plain.startswith("[question]")
    assert "En löytänyt" in plain


def test_round_online_opens_an_online_window(app, review_round):
    result = app.test_cli_runner().invoke(args=["round", "online", str(review_round.id)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    session = review_round.sessions[-1]
    assert session.online and session.status == "open"
    assert session.open_step.kind == "scoring"
    assert session.join_code in result.output


def test_chat_over_socket_resumes_after_reconnect(participant, scoring_step, connect_participant):
    client = connect_participant(participant)
    ack = client.emit("assistant:prompt", {"visit": True}, callback=True)
    assert ack["ok"]
    assert ack["messages"][-1]["intent"] == "ask"
    ack = client.emit("assistant:message", {"reply": "score:3", "label": "3"}, callback=True)
    assert ack["messages"][0]["answer"]["value"] == 3
    client.disconnect()

    client = connect_participant(participant)
    history = client.emit("assistant:history", {}, callback=True)["messages"]
    assert [m["role"] for m in history][-3:] == ["user", "assistant", "assistant"]
    assert history[-3]["text"] == "3"
    # Reconnecting resumes: the open question is not asked twice.
    assert client.emit("assistant:prompt", {}, callback=True)["messages"] == []


def test_the_facilitator_sees_chat_answers_in_the_live_results(
    participant, scoring_step, connect_participant, staff_socket, every_group_shown
):
    staff_socket.emit("staff:watch", {"session_id": scoring_step.session_id}, callback=True)
    client = connect_participant(participant)
    client.emit("assistant:prompt", {}, callback=True)
    client.emit("assistant:message", {"text": "4"}, callback=True)
    from workshop.review.results import step_results

    items = step_results(scoring_step)["items"]
    assert any(item["count"] == 1 and item["mean"] == 4 for item in items)


def test_events_refuse_bad_input_and_strangers(app, participant, connect_participant):
    client = connect_participant(participant)
    assert client.emit("assistant:message", {}, callback=True)["error"] == "invalid"
    assert client.emit("assistant:message", "text", callback=True)["error"] == "invalid"
    bad = client.emit("assistant:message", {"reply": "<script>"}, callback=True)
    assert bad["error"] == "invalid"
    ack = client.emit("assistant:message", {"text": "x" * 3000}, callback=True)
    assert ack["ok"]
    assert db.session.query(Message).filter_by(role="user").one().text == "x" * 2000

    from workshop.extensions import socketio

    stranger = socketio.test_client(app)
    assert not stranger.is_connected()


def test_ask_loads_the_strategy_on_a_fresh_database(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["assistant", "ask", "vesivoimalat"])
    assert result.exit_code == 0, result.output
    assert "Loaded the built-in strategy" in result.output
    assert "Energian tuotanto ja varastointi" in result.output


@pytest.fixture
def without_voikko(monkeypatch):
    """This machine as one without libvoikko: the binding cannot be imported."""
    from workshop.assistant import search
    from workshop.language import morphology

    monkeypatch.setitem(sys.modules, "libvoikko", None)
    monkeypatch.setattr(morphology, "_voikko", None)
    monkeypatch.setattr(search, "_indexes", {})


def test_without_voikko_ask_says_what_to_install(app, strategy_version, without_voikko):
    result = app.test_cli_runner().invoke(args=["assistant", "ask", "vesivoimalat"])
    assert result.exit_code != 0
    assert "apt-get install libvoikko1 voikko-fi" in result.output


def test_without_voikko_the_chat_says_so(participant, without_voikko):
    from workshop.assistant import services

    messages = services.handle_message(participant, text="vesivoimalat")
    assert messages[0]["intent"] == "unavailable"
    assert "Voikko" in messages[0]["text"]

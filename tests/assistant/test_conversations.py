"""Whole conversations with the assistant, checked against the database after every message:
in the test process, and through a real HTTP and Socket.IO server on a free local port."""

import pytest

from tests.live_server import served, use_the_real_socket_server

from .conversations import CONVERSATIONS, ServiceChat, SocketChat

SCRIPTS = [pytest.param(script, locale, id=script.__name__) for script, locale in CONVERSATIONS]


@pytest.fixture(scope="module")
def server_url(app):
    with served(app) as url:
        yield url


@pytest.fixture
def real_socket_server():
    use_the_real_socket_server()


@pytest.mark.parametrize(("script", "locale"), SCRIPTS)
def test_conversation_in_process(script, locale, open_session, scoring_step):
    chat = ServiceChat(open_session, locale=locale)
    script(chat, scoring_step)


@pytest.mark.parametrize(("script", "locale"), SCRIPTS)
def test_conversation_over_a_real_server(
    script, locale, server_url, real_socket_server, open_session, scoring_step
):
    chat = SocketChat(server_url, open_session, locale=locale)
    try:
        script(chat, scoring_step)
    finally:
        chat.close()

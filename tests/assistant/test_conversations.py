"""Whole conversations with the assistant, checked against the database after every message:
in the test process, and through a real HTTP and Socket.IO server on a free local port."""

import threading

import pytest
from werkzeug.serving import make_server

from workshop.extensions import socketio

from .conversations import CONVERSATIONS, ServiceChat, SocketChat

SCRIPTS = [pytest.param(script, locale, id=script.__name__) for script, locale in CONVERSATIONS]


@pytest.fixture(scope="module")
def server_url(app):
    """The app served on http://127.0.0.1:<free port> in a thread (HTTP and Socket.IO)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def real_socket_server():
    """Undo what Flask-SocketIO's test client patches into the shared Socket.IO server (its
    packets go to test clients only), so that a real client gets its answers."""
    server = socketio.server
    for name in ("_send_packet", "_send_eio_packet"):
        server.__dict__.pop(name, None)
    server.async_handlers = True
    server.eio.async_handlers = True


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

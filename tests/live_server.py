"""The app on a real local server, for tests that talk to it over the network."""

import threading
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def served(app):
    """The app on http://127.0.0.1:<free port>, in a thread, HTTP and Socket.IO."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def use_the_real_socket_server() -> None:
    """Undo what Flask-SocketIO's test client patches into the shared Socket.IO server (its
    packets go to test clients only, handlers run inline), so that real clients get answers
    even when Socket.IO tests ran earlier in the same run."""
    from workshop.extensions import socketio

    server = socketio.server
    for name in ("_send_packet", "_send_eio_packet"):
        server.__dict__.pop(name, None)
    server.async_handlers = True
    server.eio.async_handlers = True

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


ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


@contextmanager
def workshop_process(app, port: int, **environment):
    """`workshop run` (gevent, as in production) in another process on the test database, on
    http://127.0.0.1:<port>. Run as ``python -m workshop`` from this checkout, so that the code
    under test is served whichever checkout the shared virtualenv's ``workshop`` points at."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WORKSHOP_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "WORKSHOP_SECRET_KEY": app.config["SECRET_KEY"],
        **environment,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "workshop", "run", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/join", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()) from None
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait(timeout=10)

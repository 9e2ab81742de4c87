"""A bare Flask-SocketIO server for the live-workshop benchmark: the framework's ceiling.

It speaks the participant side of docs/protocol.md (``POST /api/join``, connect with a token,
``participant:sync``, ``answer:submit``) and the facilitator's ``staff:watch``, but stores
nothing: it acknowledges every answer, counts it, and a background task broadcasts the counter
to the staff room at most every 0.2 s (coalesced, as the app does with its live results). It is
served exactly as ``workshop run`` serves the app: gevent patched first, Flask-SocketIO's
gevent server, no access log.

    .venv/bin/python bench/bare_server.py --port 5711 [--step step.json]

``--step`` names a JSON file with the STEP payload to return from ``participant:sync``, so the
clients of both servers find their step the same way.

Several processes behind nginx (``bench/live.py --processes N``, deploy/stack.py): gunicorn
serves ``bench.bare_server:gunicorn_app()`` with the app's deploy/gunicorn.conf.py, the step
file in ``BARE_STEP`` and the app's Redis message queue (``BARE_REDIS_URL``,
``BARE_REDIS_CHANNEL``), so that its staff-room broadcasts cross processes as the app's do.
Each process counts only the answers it received.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

BROADCAST_INTERVAL = 0.2
STAFF_ROOM = "staff"


def create_app(step: dict | None, **queue) -> tuple[Flask, SocketIO]:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "bench"
    socketio = SocketIO(app, async_mode="gevent", **queue)
    state = {"answers": 0, "published": 0, "task": None}

    @app.get("/")
    def index():
        return jsonify(ok=True, answers=state["answers"])

    @app.post("/api/join")
    def api_join():
        request.get_json(silent=True)
        return jsonify(ok=True, token="x", participant_id=0, session_id=0)

    def broadcaster():
        while True:
            socketio.sleep(BROADCAST_INTERVAL)
            if state["answers"] != state["published"]:
                state["published"] = state["answers"]
                socketio.emit(
                    "results:update",
                    {"session_id": 0, "answers": state["published"]},
                    to=STAFF_ROOM,
                )

    @socketio.on("connect")
    def on_connect(auth=None):
        if state["task"] is None:
            state["task"] = socketio.start_background_task(broadcaster)
        return True

    @socketio.on("participant:sync")
    def on_sync(payload=None):
        return {"ok": True, "step": step, "answers": []}

    @socketio.on("answer:submit")
    def on_answer(payload=None):
        state["answers"] += 1
        submission_id = payload.get("submission_id") if isinstance(payload, dict) else None
        return {"ok": True, "duplicate": False, "submission_id": submission_id}

    @socketio.on("staff:watch")
    def on_watch(payload=None):
        join_room(STAFF_ROOM)
        return {"ok": True, "answers": state["answers"]}

    return app, socketio


def gunicorn_app() -> Flask:
    """The bare server for gunicorn, set up from the environment (see the module's docstring)."""
    import os

    with open(os.environ["BARE_STEP"], encoding="utf-8") as handle:
        step = json.load(handle)
    queue = {}
    if os.environ.get("BARE_REDIS_URL"):
        queue = {
            "message_queue": os.environ["BARE_REDIS_URL"],
            "channel": os.environ.get("BARE_REDIS_CHANNEL", "flask-socketio"),
        }
    app, _ = create_app(step, **queue)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5711)
    parser.add_argument("--step", help="JSON file with the STEP returned by participant:sync")
    args = parser.parse_args()
    step = None
    if args.step:
        with open(args.step, encoding="utf-8") as handle:
            step = json.load(handle)
    app, socketio = create_app(step)
    print(f"bare server: http://{args.host}:{args.port}/", flush=True)
    socketio.run(app, host=args.host, port=args.port, use_reloader=False, log_output=False)


if __name__ == "__main__":
    main()

"""A participant of a live workshop, written from docs/protocol.md alone.

    python docs/examples/socket_client.py http://127.0.0.1:5000 K7QX2M --group klusterit --score 4

Joins the session with its join code (``POST /api/join``), connects to Socket.IO with the token,
syncs (``participant:sync``) and gives every focus area of the open scoring step the score on
every question (``answer:submit``, one at a time, each resent until acknowledged), then prints
what it did and the live results it was sent (``results:update``, while the room sees them) as
JSON. Needs ``requests`` and ``python-socketio[client]`` (which brings ``websocket-client``).
"""

from __future__ import annotations

import argparse
import json
import time
import uuid

import requests
import socketio

TIMEOUT = 10
RESEND = {"busy", "server_error"}  # nothing was done: send the same event again after a pause


def join(base_url: str, code: str, group: str | None, locale: str = "fi") -> dict:
    """Join the session: ``{"token", "participant_id", "session_id"}`` (raises on a refusal)."""
    if group is None:  # the join screen's lookup lists the groups
        facts = requests.get(f"{base_url}/api/sessions/{code}", timeout=TIMEOUT).json()
        group = facts["groups"][0]["key"]
    body = {"code": code, "group": group, "locale": locale}
    joined = requests.post(f"{base_url}/api/join", json=body, timeout=TIMEOUT).json()
    if not joined["ok"]:
        # Decide by the code; the message is for a person (in ``locale``).
        raise RuntimeError(f"{joined['error']}: {joined['message']}")
    return joined


def call(client: socketio.Client, event: str, payload: dict) -> dict:
    """Send one event and wait for its acknowledgement, resending after busy (1 s, 2 s, 4 s)."""
    for pause in (1, 2, 4, 8):
        ack = client.call(event, payload, timeout=TIMEOUT)
        if ack["ok"] or ack["error"] not in RESEND:
            return ack
        time.sleep(pause)
    return ack


def score_open_step(base_url: str, code: str, group: str | None, score: int, reason: str = ""):
    """Join, then score the open scoring step; returns what was acknowledged and received."""
    joined = join(base_url, code, group)
    results = []
    client = socketio.Client(reconnection=False)
    # The live results, under "results" (with step_id and items), when the room sees them.
    client.on("results:update", lambda update: results.append(update["results"]))
    client.connect(base_url, auth={"token": joined["token"]}, wait_timeout=TIMEOUT)
    try:
        state = call(client, "participant:sync", {})
        if not state["ok"]:
            raise RuntimeError(f"{state['error']}: {state['message']}")
        step = state["step"]
        acks = []
        if step is not None and step["kind"] == "scoring":
            for area in step["focus_areas"]:
                for question in step["questions"]:
                    value = min(max(score, question["min"]), question["max"])
                    answer = {
                        "submission_id": uuid.uuid4().hex,  # the same id on every resend
                        "step_id": step["id"],
                        "question": question["key"],
                        "focus_area": area["key"],
                        "value": value,
                        "reason": reason,
                    }
                    acks.append(call(client, "answer:submit", answer))
        # Results are coalesced (one update per 0.2 s at most): the first one sent after the
        # last acknowledgement counts that answer too.
        seen, deadline = len(results), time.monotonic() + 3
        while step is not None and step["results_visible"] and len(results) == seen:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        time.sleep(0.5)  # one computed just before the last answer may still come after it
        return {
            "participant_id": joined["participant_id"],
            "step": step and {"id": step["id"], "kind": step["kind"], "title": step["title"]},
            "saved": sum(1 for ack in acks if ack["ok"]),
            "refused": [ack["error"] for ack in acks if not ack["ok"]],
            "results": results[-1] if results else state["results"],
        }
    finally:
        client.disconnect()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the site, e.g. http://127.0.0.1:5000")
    parser.add_argument("code", help="the session's join code")
    parser.add_argument("--group", help="a stakeholder group's key (default: the first)")
    parser.add_argument("--score", type=int, default=4)
    parser.add_argument("--reason", default="")
    args = parser.parse_args(argv)
    outcome = score_open_step(args.url.rstrip("/"), args.code, args.group, args.score, args.reason)
    print(json.dumps(outcome, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

"""The console's own error texts are only for codes its events can return; for every other
code it shows the server's localized message."""

import json
import re
from pathlib import Path

import workshop
from tests.protocol import asyncapi

CONSOLE_JS = Path(workshop.__file__).resolve().parent / "static" / "js" / "console.js"
CLIENT_OWN = {"timeout", "generic"}  # no answer at all, or an answer without a message


def _console_texts(logged_in_client, session_id) -> dict:
    page = logged_in_client.get(f"/review/sessions/{session_id}/console").get_data(as_text=True)
    found = re.search(r'<script id="i18n" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def _codes_the_console_can_get() -> set[str]:
    sent = set(re.findall(r'control\("([a-z_:]+)"', CONSOLE_JS.read_text())) | {"staff:watch"}
    operations = asyncapi.document()["operations"].values()
    messages = asyncapi.document()["components"]["messages"]
    codes = set()
    for operation in operations:
        if operation["action"] != "receive":
            continue
        key = operation["messages"][0]["$ref"].rsplit("/", 1)[1]
        if messages[key]["x-event"] in sent:
            codes.update(operation["x-error-codes"])
    return codes


def test_the_console_keeps_no_text_for_a_code_that_never_reaches_it(logged_in_client, open_session):
    texts = _console_texts(logged_in_client, open_session.id)
    reachable = _codes_the_console_can_get()
    assert {"step:open", "timer:start"} <= set(
        re.findall(r'control\("([a-z_:]+)"', CONSOLE_JS.read_text())
    )
    assert set(texts["errors"]) - CLIENT_OWN <= reachable
    assert "invalid_timer" not in texts["errors"]  # the form refuses such seconds first
    assert texts["timerRange"]  # the console's own check of the minutes typed


def test_the_console_shows_the_servers_message_where_it_has_no_text_of_its_own():
    script = CONSOLE_JS.read_text()
    assert "t.errors[code] || message || t.errors.generic" in script
    assert "errorText(ack.error, ack.message)" in script
    assert "errorText(detail, message)" in script

"""The optional language model's wording of an assessment draft, against a small local fake of
an OpenAI-compatible chat-completions server: what is sent (themes and quotes only, the key),
how the reply becomes marked sentences tied to themes, and the built-in draft whenever the
model fails, is slow or replies out of form."""
# ruff: noqa: F811  (the fixtures come from tests.review.conftest)

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask_babel import force_locale

from tests.review.conftest import make_round, review_round  # noqa: F401
from workshop.synthesis import wording
from workshop.synthesis.draft import area_draft, assessment_draft
from workshop.synthesis.overview import AreaOverview, QuestionScore, RoundOverview, ThemeRow


class FakeModel:
    """A chat-completions endpoint on 127.0.0.1 that records requests and replies as told."""

    def __init__(self):
        self.requests = []
        self.reply = None  # a dict (sent as the message content JSON) or raw bytes
        self.status = 200
        self.delay = 0.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers["Content-Length"])
                fake.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                time.sleep(fake.delay)
                if isinstance(fake.reply, bytes):
                    payload = fake.reply
                else:
                    content = json.dumps(fake.reply, ensure_ascii=False)
                    payload = json.dumps(
                        {"choices": [{"message": {"role": "assistant", "content": content}}]}
                    ).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1/chat/completions"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def in_finnish(app):
    """The drafts are words of the page's language: a request in Finnish."""
    with app.test_request_context(), force_locale("fi"):
        yield


@pytest.fixture
def fake_model(app, monkeypatch):
    fake = FakeModel()
    monkeypatch.setitem(app.config, "LLM_URL", fake.url)
    monkeypatch.setitem(app.config, "LLM_MODEL", "pieni-malli")
    monkeypatch.setitem(app.config, "LLM_API_KEY", "salainen-avain")
    wording.forget()
    yield fake
    wording.forget()
    fake.close()


AREA = AreaOverview(
    key="energia",
    title="Energian tuotanto ja varastointi",
    theme_title="Uudistuva teollisuus",
    scores=(QuestionScore("edistyminen", "Kuinka hyvin?", 40, 3.4, 0.3, 3.1, False),),
    texts=30,
    themes=(
        ThemeRow("luvitus, tuulivoima", 12, (("yritykset", 9),), ("Luvitus kestää.",), 2.5),
        ThemeRow("osaajapula", 8, (("tutkimus", 5),), ("Osaajia ei löydy.",), 3.0),
    ),
    unassigned=3,
    agree=(),
    differ=(),
    leaning=(),
    proposals=(),
)
OVERVIEW = RoundOverview(
    round_id=1,
    title="Vuosiarviointi 2026",
    year=2026,
    locale="fi",
    previous_round="Vuosiarviointi 2025",
    min_group_size=5,
    questions=(("edistyminen", "Kuinka hyvin?"),),
    group_names=(("yritykset", "Yritykset"), ("tutkimus", "Tutkimus")),
    areas=(AREA,),
)
GOOD = {
    "sentences": [
        {"text": "Luvitus hidastaa tuulivoimaa.", "themes": [1]},
        {"text": "Osaajapula ja luvitus jarruttavat kasvua.", "themes": [2, 1]},
    ]
}


def test_the_model_gets_the_themes_and_quotes_only_and_its_sentences_name_their_themes(
    fake_model,
):
    fake_model.reply = GOOD
    text = area_draft(AREA, OVERVIEW)
    (request,) = fake_model.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer salainen-avain"
    body = request["body"]
    assert body["model"] == "pieni-malli" and body["temperature"] == 0
    sent = json.loads(body["messages"][1]["content"])
    assert sent["themes"][0] == {
        "number": 1,
        "label": "luvitus, tuulivoima",
        "texts": 12,
        "quotes": ["Luvitus kestää."],
    }
    assert "yritykset" not in body["messages"][1]["content"]  # no groups, no scores
    assert text.startswith("Kielimallin (pieni-malli) muotoilema")
    assert "Luvitus hidastaa tuulivoimaa. [teemat: luvitus, tuulivoima]" in text
    assert (
        "Osaajapula ja luvitus jarruttavat kasvua. [teemat: osaajapula; luvitus, tuulivoima]"
        in text
    )


def test_the_same_question_is_answered_from_memory(fake_model):
    fake_model.reply = GOOD
    assert area_draft(AREA, OVERVIEW) == area_draft(AREA, OVERVIEW)
    assert len(fake_model.requests) == 1


@pytest.mark.parametrize(
    "reply",
    [
        {"sentences": [{"text": "Keksitty teema.", "themes": [3]}]},  # a theme it was not given
        {"sentences": [{"text": "Ei teemaa.", "themes": []}]},
        {"sentences": [{"text": "Tekstinä", "themes": ["1"]}]},  # a string, not a number
        {"sentences": []},
        {"answer": "vapaata tekstiä"},
        b"not json at all",
        b'{"choices": []}',
    ],
)
def test_a_reply_out_of_form_gives_the_built_in_draft(fake_model, reply):
    fake_model.reply = reply
    assert area_draft(AREA, OVERVIEW) == assessment_draft(AREA, OVERVIEW)


def test_a_server_error_gives_the_built_in_draft_and_pauses_the_model(fake_model):
    fake_model.status = 500
    fake_model.reply = GOOD
    assert area_draft(AREA, OVERVIEW) == assessment_draft(AREA, OVERVIEW)
    assert area_draft(AREA, OVERVIEW) == assessment_draft(AREA, OVERVIEW)
    assert len(fake_model.requests) == 1  # the second focus area did not wait for it again


def test_a_slow_model_gives_the_built_in_draft(fake_model, monkeypatch):
    monkeypatch.setattr(wording, "TIMEOUT", 0.3)
    fake_model.delay = 1.0
    fake_model.reply = GOOD
    started = time.monotonic()
    assert area_draft(AREA, OVERVIEW) == assessment_draft(AREA, OVERVIEW)
    assert time.monotonic() - started < 1.0


def test_without_a_model_nothing_is_asked(app, monkeypatch):
    monkeypatch.setitem(app.config, "LLM_URL", "")
    wording.forget()
    assert area_draft(AREA, OVERVIEW) == assessment_draft(AREA, OVERVIEW)


def test_a_saved_model_wording_stays_marked_as_a_draft(fake_model, review_round, make_user):
    from workshop.synthesis import services

    fake_model.reply = GOOD
    draft = area_draft(AREA, OVERVIEW)
    council = make_user("neuvosto@example.org", role="council")
    saved = services.save_text(review_round, "energia", draft, draft=draft, actor=council)
    assert saved.is_draft is True

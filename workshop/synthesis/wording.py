"""An optional language model's wording of an assessment draft (WORKSHOP_LLM_URL, an
OpenAI-compatible chat-completions endpoint, with WORKSHOP_LLM_MODEL and WORKSHOP_LLM_API_KEY).

The model is given the focus area's themes and quotes only (no scores by group, no names) and
asked for sentences that each name the themes they rest on; its reply is checked strictly, and
the text is marked as model-written with each sentence's themes. Without a model, or when it
fails, is slow or replies out of form, the built-in draft (``workshop.synthesis.draft``) is
used. Replies are kept in memory by what was asked, so a page shown again asks nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from workshop.synthesis.overview import AreaOverview
from workshop.text import clean_text

log = logging.getLogger(__name__)

TIMEOUT = 8  # seconds for one focus area's wording; slower means the built-in draft
# After a failure the model is not asked again for this long: a page of ten focus areas waits
# for one timeout, not ten.
PAUSE_AFTER_FAILURE = 60
MAX_SENTENCES = 8
MAX_SENTENCE = 600
MAX_REPLY = 64_000  # bytes read of a reply
THEMES_SENT = 8
CACHE_SIZE = 256

_cache: OrderedDict[str, WordedDraft] = OrderedDict()
_lock = threading.Lock()
_paused_until = 0.0

INSTRUCTIONS = {
    "fi": (
        "Olet alueneuvoston valmistelija. Kirjoita painopistealan arviointiluonnos suomeksi "
        "pelkästään annettujen teemojen ja lainausten perusteella, lisäämättä mitään muuta. "
        "Vastaa JSON-oliona muodossa "
        '{"sentences": [{"text": "...", "themes": [1, 2]}]}, jossa themes luettelee teemojen '
        "numerot, joihin lause perustuu. Enintään 6 lausetta."
    ),
    "en": (
        "You draft for a regional council. Write an assessment of the focus area in English "
        "from the given themes and quotes only, adding nothing else. Reply with a JSON object "
        '{"sentences": [{"text": "...", "themes": [1, 2]}]}, where themes lists the numbers of '
        "the themes the sentence rests on. At most 6 sentences."
    ),
}


@dataclass(frozen=True)
class ModelSettings:
    url: str
    model: str
    api_key: str = ""


@dataclass(frozen=True)
class Sentence:
    text: str
    themes: tuple[int, ...]


@dataclass(frozen=True)
class WordedDraft:
    """The model's sentences, each with the numbers (1-based) of the themes it rests on."""

    model: str
    sentences: tuple[Sentence, ...]


class ReplyRefused(ValueError):
    """The model's reply is not in the form asked for."""


def settings() -> ModelSettings | None:
    """The configured model, or None when there is none."""
    url = current_app.config.get("LLM_URL") or ""
    if not url:
        return None
    return ModelSettings(
        url, current_app.config.get("LLM_MODEL") or "", current_app.config.get("LLM_API_KEY") or ""
    )


def request_body(area: AreaOverview, model: str, locale: str) -> dict:
    """The chat-completions request: the instructions and the area's themes with quotes."""
    themes = [
        {"number": number, "label": theme.label, "texts": theme.size, "quotes": list(theme.quotes)}
        for number, theme in enumerate(area.themes[:THEMES_SENT], start=1)
    ]
    content = json.dumps({"focus_area": area.title, "themes": themes}, ensure_ascii=False)
    return {
        "model": model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": INSTRUCTIONS.get(locale, INSTRUCTIONS["en"])},
            {"role": "user", "content": content},
        ],
    }


def parse_reply(raw: bytes, theme_count: int) -> tuple[Sentence, ...]:
    """The sentences of a chat-completions reply; ReplyRefused unless every sentence is text
    and names at least one of the ``theme_count`` themes (never one it was not given)."""
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
        if not isinstance(content, str):
            raise ReplyRefused("content is not text")
        # Some servers wrap JSON in a Markdown code fence.
        content = content.strip().removeprefix("```json").removeprefix("```").removesuffix("```")
        items = json.loads(content)["sentences"]
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise ReplyRefused(f"unreadable reply: {type(error).__name__}") from error
    if not isinstance(items, list) or not 0 < len(items) <= MAX_SENTENCES:
        raise ReplyRefused("no sentences, or too many")
    sentences = []
    for item in items:
        if not isinstance(item, dict):
            raise ReplyRefused("a sentence is not an object")
        text, themes = item.get("text"), item.get("themes")
        if not isinstance(text, str) or not isinstance(themes, list) or not themes:
            raise ReplyRefused("a sentence without text or themes")
        if any(type(n) is not int or not 1 <= n <= theme_count for n in themes):
            raise ReplyRefused("a sentence names a theme it was not given")
        text = clean_text(text, multiline=False)
        if not text or len(text) > MAX_SENTENCE:
            raise ReplyRefused("an empty or overlong sentence")
        sentences.append(Sentence(text, tuple(dict.fromkeys(themes))))
    return tuple(sentences)


def _ask(model: ModelSettings, body: dict, theme_count: int) -> WordedDraft:
    headers = {"Content-Type": "application/json"}
    if model.api_key:
        headers["Authorization"] = f"Bearer {model.api_key}"
    request = urllib.request.Request(
        model.url, data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (configured)
        raw = response.read(MAX_REPLY + 1)
    if len(raw) > MAX_REPLY:
        raise ReplyRefused("reply too long")
    return WordedDraft(model.model, parse_reply(raw, theme_count))


def worded(area: AreaOverview, locale: str) -> WordedDraft | None:
    """The model's wording of the area's draft, or None (no model, too few themes, failure)."""
    model = settings()
    if model is None or not area.themes:
        return None
    body = request_body(area, model.model, locale)
    key = hashlib.sha256(json.dumps([model.url, body], sort_keys=True).encode()).hexdigest()
    global _paused_until
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        if time.monotonic() < _paused_until:
            return None
    try:
        draft = _ask(model, body, min(len(area.themes), THEMES_SENT))
    except (OSError, ReplyRefused) as error:  # URLError and timeouts are OSErrors
        # No text of the reply or the request in the log: they hold what participants wrote.
        log.warning(
            "The language model's wording failed (%s); the built-in draft is used",
            type(error).__name__,
        )
        with _lock:
            _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
        return None
    with _lock:
        _cache[key] = draft
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return draft


def as_text(draft: WordedDraft, area: AreaOverview) -> str:
    """The model's sentences marked as model-written, each with the themes it rests on."""
    labels = [theme.label for theme in area.themes]
    lines = [
        _(
            "Worded by a language model (%(model)s) from the themes and quotes only; check "
            "every sentence against the themes named after it.",
            model=draft.model or "?",
        )
    ]
    for sentence in draft.sentences:
        named = "; ".join(labels[n - 1] for n in sentence.themes)
        lines.append(_("%(sentence)s [themes: %(themes)s]", sentence=sentence.text, themes=named))
    return "\n\n".join(lines)


def forget() -> None:
    """Forget the kept replies and any pause after a failure (tests)."""
    global _paused_until
    with _lock:
        _cache.clear()
        _paused_until = 0.0

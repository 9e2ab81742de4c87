"""What an open question, a poll or a prioritisation step asks: its ``AgendaStep.config``."""

from __future__ import annotations

from workshop.review.models import StepKind
from workshop.review.services import ReviewError
from workshop.text import clean_text

KINDS = (StepKind.OPEN_QUESTION, StepKind.POLL, StepKind.PRIORITY)
MAX_PROMPT = 300
MAX_OPTION = 120
MAX_OPTIONS = 12
MAX_PICKS = 10
DEFAULT_PICKS = 3


def step_config(
    kind: str,
    *,
    prompt: str = "",
    options: list[str] | None = None,
    multiple: bool = False,
    max_picks: int | None = None,
    ranked: bool = False,
) -> dict:
    """The checked config of a new step of ``kind`` (an empty dict for the other kinds)."""
    if kind not in KINDS:
        return {}
    prompt = clean_text(prompt, multiline=False)
    if len(prompt) > MAX_PROMPT:
        raise ReviewError("invalid_config", "The question is too long.")
    config: dict = {"prompt": prompt}
    if kind == StepKind.POLL:
        texts = [clean_text(text, multiline=False) for text in options or []]
        texts = [text for text in texts if text]
        if len(texts) < 2:
            raise ReviewError("invalid_config", "Give the poll at least two options.")
        if len(texts) > MAX_OPTIONS or any(len(text) > MAX_OPTION for text in texts):
            raise ReviewError("invalid_config", "The poll has too many or too long options.")
        if len(set(texts)) != len(texts):
            raise ReviewError("invalid_config", "Two options of the poll are the same.")
        config["options"] = [{"key": str(n), "text": text} for n, text in enumerate(texts, 1)]
        config["multiple"] = bool(multiple)
    if kind == StepKind.PRIORITY:
        picks = DEFAULT_PICKS if max_picks is None else max_picks
        if not 1 <= picks <= MAX_PICKS:
            raise ReviewError("invalid_config", "Choose between 1 and 10 picks.")
        config["max_picks"] = picks
        config["ranked"] = bool(ranked)
    return config

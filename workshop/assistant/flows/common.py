"""What every flow shares: a message of the assistant, a message of the participant, and
understanding a typed text as one of the offered choices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from workshop.assistant import intents
from workshop.assistant.intents import Intent


def say(text: str, replies=(), quotes=(), intent: str | None = None, **data) -> dict:
    """One assistant message: its text, quick replies (label, value) and quoted elements."""
    message = {
        "role": "assistant",
        "text": text,
        "quick_replies": [{"label": label, "value": value} for label, value in replies],
        "quotes": list(quotes),
    }
    if intent:
        message["intent"] = intent
    message.update(data)
    return message


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word's end, with "…" when cut: a
    label or a quote never ends mid-word."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def cell_key(question_key: str, area_key: str) -> str:
    return f"{question_key}|{area_key}"


def reply_intent(value: str) -> Intent:
    """The intent of a quick reply's value ("score:4", "area:energia", "yes", ...)."""
    name, _sep, argument = value.partition(":")
    if name == "score" and argument.isdigit():
        return Intent(intents.SCORE, int(argument))
    simple = {
        "dont_know": intents.DONT_KNOW,
        "skip": intents.SKIP,
        "yes": intents.YES,
        "no": intents.NO,
        "cancel": intents.CANCEL,
        "help": intents.HELP,
        "change": intents.CHANGE,
        "unskip": UNSKIP,
    }
    if name in simple and not argument:
        return Intent(simple[name])
    return Intent(PICK, rest=value)


FREE_TEXT_COMMANDS = (intents.SKIP, intents.CANCEL, intents.NO, intents.HELP)
PICK = "pick"  # a quick reply that names a choice: "area:energia", "cell:q|fa", ...
UNSKIP = "unskip"  # back to the questions passed over


@dataclass(frozen=True)
class Said:
    """What the participant sent: typed ``text`` or a quick reply's ``reply`` value."""

    text: str = ""
    reply: str = ""

    @cached_property
    def intent(self) -> Intent:
        return reply_intent(self.reply) if self.reply else intents.detect(self.text)

    @property
    def command(self) -> str | None:
        """The explicit command of a free-text answer (see ``intents.command``), or None."""
        if self.reply:
            name = self.intent.name
            return name if name in FREE_TEXT_COMMANDS else None
        return intents.command(self.text)

    @property
    def cancels(self) -> bool:
        return self.intent.name in (intents.NO, intents.CANCEL)

    def picked(self, prefix: str) -> str | None:
        """The argument of a quick reply ``prefix:argument``, or None."""
        if self.intent.name == PICK and self.reply.startswith(prefix + ":"):
            return self.reply.split(":", 1)[1]
        return None


# Typed choices --------------------------------------------------------------------------

_STOP_WORDS = {
    "ja",
    "tai",
    "on",
    "se",
    "ne",
    "että",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "for",
    "its",
}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _same_word(typed: str, offered: str) -> bool:
    """Whether two words are one word, allowing Finnish endings ("energia", "energian")."""
    if typed == offered:
        return True
    common = len(_common_prefix(typed, offered))
    return common >= 5 or (common >= 4 and common == min(len(typed), len(offered)))


def _common_prefix(first: str, second: str) -> str:
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return first[:length]


def matching_choices(text: str, choices) -> list[tuple[str, str]]:
    """The offered (label, value) pairs that the typed text names best, best first; one pair
    when it names exactly one."""
    typed = intents.normalized(text)
    if not typed:
        return []
    exact = [(label, value) for label, value in choices if intents.normalized(label) == typed]
    if exact:
        return exact[:1]
    words = [word for word in _words(typed) if len(word) >= 3 and word not in _STOP_WORDS]
    if not words:
        return []
    scored = []
    for label, value in choices:
        offered = _words(label)
        hits = sum(1 for word in words if any(_same_word(word, other) for other in offered))
        if hits:
            scored.append((hits, label, value))
    if not scored:
        return []
    best = max(hits for hits, _label, _value in scored)
    return [(label, value) for hits, label, value in scored if hits == best]


def match_choice(text: str, choices) -> str | None:
    """The value of the one offered choice that the typed text names, or None."""
    found = matching_choices(text, choices)
    return found[0][1] if len(found) == 1 else None

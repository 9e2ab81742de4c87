"""Cleaning of text that people type or paste, before it is stored."""

import re
import unicodedata

# C0 and C1 control characters except tab and newline, plus the characters XML 1.0 forbids
# (lone surrogates, U+FFFE/U+FFFF): such text breaks HTML attributes, JSON consumers and .docx.
# Also the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
# they have no use in these short texts, and an override can make a proposal, a comment or a
# name read differently from what is stored, or turn the words around it in the page.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
# The direction marks LRM, RLM and ALM fix where digits and punctuation go in right-to-left
# text (an Arabic or Hebrew name with a number); in text without right-to-left letters they do
# nothing but move neutral characters, so there they are taken out.
_DIRECTION_MARKS = re.compile("[\u200e\u200f\u061c]")
_RIGHT_TO_LEFT = frozenset(("R", "AL"))


def clean_text(value: str | None, *, multiline: bool = True) -> str:
    """Normalise line breaks and Unicode form, drop control and bidi override characters."""
    if value is None:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", _FORBIDDEN.sub("", text))
    if _DIRECTION_MARKS.search(text):
        # RLM and ALM are right-to-left characters themselves: judge the text without them.
        unmarked = _DIRECTION_MARKS.sub("", text)
        if not has_right_to_left_letters(unmarked):
            text = unmarked
    if not multiline:
        text = " ".join(text.split())
    return text.strip()


def has_right_to_left_letters(text: str) -> bool:
    """Whether ``text`` has a letter written right to left (Arabic, Hebrew, Syriac ...)."""
    return any(unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in text)


def text_blocks(text: str) -> list[tuple[str, str | list[str]]]:
    """Split plain text into paragraphs and bullet lists ("- " lines) for display."""
    blocks: list[tuple[str, str | list[str]]] = []
    for chunk in (text or "").split("\n\n"):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            blocks.append(("list", [line[2:].strip() for line in lines]))
        else:
            blocks.append(("paragraph", " ".join(lines)))
    return blocks

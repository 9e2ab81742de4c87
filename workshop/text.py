"""Cleaning of text that people type or paste, before it is stored."""

import re
import unicodedata

# C0 and C1 control characters except tab and newline, plus the characters XML 1.0 forbids
# (lone surrogates, U+FFFE/U+FFFF): such text breaks HTML attributes, JSON consumers and .docx.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str | None, *, multiline: bool = True) -> str:
    """Normalise line breaks and Unicode form, drop control characters, strip the ends."""
    if value is None:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", _FORBIDDEN.sub("", text))
    if not multiline:
        text = " ".join(text.split())
    return text.strip()


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

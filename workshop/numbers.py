"""Numbers as people read them: the locale's separators (Babel) and a true minus sign.

Babel writes a hyphen-minus for a negative number even where the locale's own minus sign is
U+2212 (Finnish), and typeset English wants U+2212 too: a hyphen before a figure reads as a
dash, and Word may break the line after it.
"""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent

MINUS = "\u2212"


def with_minus_sign(text: str) -> str:
    """``text`` (a formatted number) with its hyphen-minus made a true minus sign."""
    return text.replace("-", MINUS)


def format_number(value: float, pattern: str, locale: str | None) -> str:
    """``value`` in Babel's ``pattern`` for ``locale`` (Finnish by default), true minus sign."""
    return with_minus_sign(format_decimal(value, format=pattern, locale=locale or "fi"))


def format_share(value: float, locale: str | None) -> str:
    """A share as a percentage in ``locale`` ("15 %", "15%")."""
    return with_minus_sign(format_percent(value, locale=locale or "fi"))

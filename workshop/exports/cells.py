"""How a cell's value is written into a spreadsheet: text that cannot run as a formula."""

from __future__ import annotations

from workshop.proposals.export import FORMULA_STARTS


def neutralised(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula
    (``=``, ``+``, ``-``, ``@``, tab, carriage return): a reason such as
    ``=HYPERLINK("http://x")`` stays text that a person typed."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def decimal_comma(value: float) -> str:
    """A decimal as Excel and Calc set to Finnish read it: ``3,25``, ``-0,5`` (no grouping)."""
    return repr(float(value)).replace(".", ",")

"""Informing: answers from the strategy's own words, help, the current step and results."""

from __future__ import annotations

from flask_babel import gettext as _

from workshop.assistant.flows.common import say
from workshop.proposals.labels import ELEMENT_KIND_NAMES

MAX_QUOTES = 3


def element_kind_label(kind: str) -> str:
    name = ELEMENT_KIND_NAMES.get(kind)
    return str(name) if name is not None else kind


def quote(ctx, hit) -> dict:
    """A found element as the chat quotes it."""
    text = hit.text.get(ctx.locale) or hit.text.get("fi") or ""
    return {
        "ref": hit.ref,
        "kind": hit.kind,
        "kind_label": element_kind_label(hit.kind),
        "focus_area": hit.focus_area_key,
        "focus_area_title": ctx.area_title(hit.focus_area_key) if hit.focus_area_key else "",
        "text": text,
    }


def answer_question(ctx, text: str) -> dict:
    """The strategy's own words on a question, or a plain "nothing found"."""
    hits = ctx.index.search(text, limit=MAX_QUOTES)
    if not hits:
        return say(
            _(
                "I did not find anything about that in the strategy. Try other words, or "
                "ask the facilitator."
            ),
            intent="question",
            found=[],
        )
    quotes = [quote(ctx, hit) for hit in hits]
    lines = [_("This is what the strategy says:")]
    for item in quotes:
        where = item["kind_label"] + (
            f", {item['focus_area_title']}" if item["focus_area_title"] else ""
        )
        lines.append(f"• “{item['text']}” ({where})")
    return say("\n".join(lines), quotes=quotes, intent="question")


def help_message() -> dict:
    return say(
        "\n".join(
            [
                _("I can help you with the review:"),
                _(
                    "• When a scoring step is open, answer my questions with the buttons or a "
                    'number from 1 to 5 ("4, because …" also saves a reason).'
                ),
                _('• Write "change" to change an answer.'),
                _(
                    "• Ask about the strategy, for example "
                    '"what does the strategy say about energy storage?"'
                ),
                _(
                    '• Suggest a change ("there should be …") and I will help you make it a '
                    "proposal."
                ),
                _(
                    '• Ask "where are we?" for the current step, or "show results" when the '
                    "results are shown."
                ),
                _(
                    'When I ask for a reason, whatever you write is the reason; "skip", '
                    '"cancel" and "help" alone are the only commands then.'
                ),
            ]
        ),
        intent="help",
    )


def current_step(ctx) -> dict:
    if ctx.step is None:
        return say(_("No step is open right now. Wait for the facilitator."), intent="step")
    if not ctx.scoring:
        return say(_("Now: %(step)s.", step=ctx.step_title), intent="step")
    answered, total = ctx.progress()
    return say(
        _(
            "Now: %(step)s. You have answered %(answered)s of %(total)s.",
            step=ctx.step_title,
            answered=answered,
            total=total,
        ),
        intent="step",
    )


def results(ctx) -> dict:
    lines = ctx.results_lines()
    if lines is None:
        return say(
            _(
                "The results have not been shown yet. The facilitator reveals them after "
                "the scoring."
            ),
            intent="results",
        )
    return say("\n".join([_("Results so far:"), *lines]), intent="results")

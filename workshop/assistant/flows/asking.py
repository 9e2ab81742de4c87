"""Asking: the open question, poll or prioritisation the facilitator opened (workshop/steps).

An open question takes the next typed messages as answers (held for moderation like the
form's) until "skip", "cancel" or "done"; a single-choice poll offers its options as quick
replies. Multiple choice and prioritisation (an order of picks) are left to the form, which
the assistant points to.
"""

from __future__ import annotations

import uuid

from flask_babel import gettext as _

from workshop.assistant.flows.common import FREE_TEXT_COMMANDS, Said, say
from workshop.review.models import StepKind
from workshop.review.services import ReviewError
from workshop.steps import services
from workshop.steps.config import KINDS

OPEN_ANSWER = "open_answer"
POLL_CHOICE = "poll_choice"
STAGES = (OPEN_ANSWER, POLL_CHOICE)
DONE_WORDS = ("valmis", "done", "ei muuta", "that's all", "siinä kaikki")


def asks(ctx) -> bool:
    return ctx.step is not None and ctx.step.kind in KINDS


def valid(state: dict) -> bool:
    return state.get("step_id") is not None


def introduce(state: dict, ctx) -> list[dict]:
    """Put the step's question to the participant, and open the stage that takes the answer."""
    step = ctx.step
    prompt = step.config.get("prompt") or ctx.step_title
    if step.kind == StepKind.OPEN_QUESTION:
        state["awaiting"] = OPEN_ANSWER
        return [
            say(
                _(
                    "%(prompt)s Write your answer here; you can send several. A facilitator "
                    'approves answers before they are shown on the screen. Write "done" when '
                    "you have no more.",
                    prompt=prompt,
                ),
                intent="step",
            )
        ]
    if step.kind == StepKind.POLL and not step.config.get("multiple"):
        state["awaiting"] = POLL_CHOICE
        options = [(o["text"], f"choice:{o['key']}") for o in step.config.get("options", [])]
        return [say(_("%(prompt)s Choose one:", prompt=prompt), options, intent="step")]
    return [
        say(
            _(
                "%(prompt)s Choose in the form: there you can pick several and put them in order.",
                prompt=prompt,
            ),
            intent="step",
        )
    ]


def closed_note(stage: str) -> dict:
    return say(_("The step closed, so your last message was not saved as an answer."))


def handle(state: dict, ctx, said: Said) -> list[dict] | None:
    """An answer to the open question or a choice in the poll; None gives a command back."""
    if not asks(ctx) or ctx.step.id != state.get("step_id"):
        state["awaiting"] = None
        return None
    if state["awaiting"] == POLL_CHOICE:
        key = said.picked("choice")
        if key is None:
            return None
        services.submit_choice(ctx.participant, ctx.step.id, [key])
        _changed(ctx)
        state["awaiting"] = None
        return [say(_("Your choice is saved. You can change it while the step is open."))]
    text = said.text.strip()
    if said.reply or said.command in FREE_TEXT_COMMANDS or text.lower() in DONE_WORDS:
        state["awaiting"] = None
        if said.command is None or said.command != "help":
            return [say(_("Thank you for your answers!"))]
        return None
    try:
        answer, _duplicate = services.submit_open_answer(
            ctx.participant, ctx.step.id, text, uuid.uuid4().hex
        )
    except ReviewError as error:
        return [say(_("Not saved: %(why)s", why=ctx.error_text(error)))]
    _changed(ctx)
    return [
        say(
            _(
                "Saved: “%(text)s”. It is shown on the screen once a facilitator approves it. "
                'Write another answer, or "done".',
                text=answer.text,
            )
        )
    ]


def _changed(ctx) -> None:
    from workshop.steps.events import mark_step_changed

    mark_step_changed(ctx.session.id)

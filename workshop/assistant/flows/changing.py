"""Changing an answer: choose the answer (question and focus area), then give its new value;
only that answer is written, and the walk-through's position (the cursor) stays where it was.

State it uses while open, ``pending``:

    change        (no pending): the answer to change is being chosen
    change_value  {"q", "fa"}: the chosen answer, whose new value is asked
"""

from __future__ import annotations

from flask_babel import gettext as _

from workshop.assistant import intents
from workshop.assistant.flows import scoring
from workshop.assistant.flows.common import Said, matching_choices, say
from workshop.assistant.flows.informing import help_message

CHOOSE = "change"
VALUE = "change_value"
STAGES = (CHOOSE, VALUE)


def valid(state: dict) -> bool:
    """Whether a stored stage has what it needs (older states may lack keys)."""
    if state["awaiting"] == CHOOSE:
        return True
    pending = state.get("pending")
    return isinstance(pending, dict) and {"q", "fa"} <= pending.keys()


def _answered(ctx):
    return [(q, a) for q, a in ctx.cells() if (q.key, a.key) in ctx.answers]


def choices(ctx) -> list[tuple[str, str]]:
    """The answers that can be changed, labelled with question, focus area and value."""
    replies = []
    for question, area in _answered(ctx):
        value = ctx.answers[(question.key, area.key)][0]
        label = f"{area.tr('title', ctx.locale)} ({scoring.shown_value(value)})"
        if len(ctx.questions) > 1:
            label = f"{question.tr('text', ctx.locale)} – {label}"
        replies.append((label, f"cell:{question.key}|{area.key}"))
    return replies


def start(state: dict, ctx, text: str = "") -> list[dict]:
    """ "change": the answer the text names, or the answers to choose from."""
    if not ctx.scoring:
        return [
            say(_("Answers can be changed while their scoring step is open."), intent="no_step")
        ]
    offered = choices(ctx)
    if not offered:
        return [
            say(_("You have no answers in this step yet."), intent="change"),
            *scoring.ask_next(state, ctx),
        ]
    named = matching_choices(_without_command_words(text), offered) if text else []
    if len(offered) == 1 or len(named) == 1:
        return pick(state, ctx, (named or offered)[0][1])
    return _ask_which(state, named or offered)


def _without_command_words(text: str) -> str:
    """The text without the words of the change command, so that only names are matched."""
    command_words = {
        "muuta",
        "muutan",
        "muuttaa",
        "haluan",
        "vaihda",
        "vaihtaa",
        "korjaa",
        "korjata",
        "vastausta",
        "vastaustani",
        "vastaukseni",
        "vastauksen",
        "change",
        "edit",
        "correct",
        "fix",
        "want",
        "answer",
        "score",
    }
    kept = [word for word in text.split() if word.lower().strip("?!.,") not in command_words]
    return " ".join(kept)


def _ask_which(state: dict, offered, text: str | None = None) -> list[dict]:
    state.update(awaiting=CHOOSE, pending=None)
    return [
        say(
            text or _("Which answer do you want to change?"),
            [*offered[:12], (_("Cancel"), "cancel")],
            intent="change",
        )
    ]


def pick(state: dict, ctx, value: str) -> list[dict]:
    """The chosen answer (``cell:q|fa``): show it and ask its new value."""
    _name, _sep, cell = value.partition(":")
    question_key, _sep, area_key = cell.partition("|")
    if ctx.cell(question_key, area_key) is None:
        state.update(awaiting=None, pending=None)
        return [say(_("That answer cannot be changed now."), intent="change")]
    state.update(awaiting=VALUE, pending={"q": question_key, "fa": area_key})
    return [value_prompt(state, ctx)]


def value_prompt(state: dict, ctx) -> dict:
    pending = state["pending"]
    question, area = ctx.cell(pending["q"], pending["fa"])
    previous = ctx.answers.get((pending["q"], pending["fa"]))
    shown = "–" if previous is None else scoring.shown_value(previous[0])
    return say(
        _(
            "Your answer to “%(question)s” for %(area)s is now %(value)s. What is the new one?",
            question=question.tr("text", ctx.locale),
            area=area.tr("title", ctx.locale),
            value=shown,
        ),
        [*scoring.score_replies(question), (_("Cancel"), "cancel")],
        intent="change_value",
        question=question.key,
        focus_area=area.key,
    )


def handle_choose(state: dict, ctx, said: Said) -> list[dict]:
    """Which answer: a quick reply, or typed words that name exactly one of them."""
    offered = choices(ctx)
    picked = said.picked("cell")
    if picked is not None:
        return pick(state, ctx, f"cell:{picked}")
    if said.cancels:
        return _cancelled(state, ctx)
    if said.command == intents.HELP:
        return [help_message(), *_ask_which(state, offered)]
    if not said.reply and intents.score(said.text) is None:
        named = matching_choices(said.text, offered)
        if len(named) == 1:
            return pick(state, ctx, named[0][1])
        if named:
            return _ask_which(state, named)
    return _ask_which(
        state,
        offered,
        _("First choose which answer to change; then I will ask for the new score."),
    )


def handle_value(state: dict, ctx, said: Said) -> list[dict]:
    """The new value of the chosen answer, written to that answer only."""
    pending = state["pending"]
    if said.cancels:
        return _cancelled(state, ctx)
    if said.command == intents.HELP:
        return [help_message(), value_prompt(state, ctx)]
    intent = said.intent
    if intent.name not in (intents.SCORE, intents.HEDGED_SCORE, intents.DONT_KNOW):
        return [
            say(_("Give the new score with a number, or cancel."), intent="invalid"),
            value_prompt(state, ctx),
        ]
    previous = ctx.answers.get((pending["q"], pending["fa"]))
    old = previous[0] if previous is not None else scoring.NO_OLD
    return scoring.take(
        state,
        ctx,
        pending["q"],
        pending["fa"],
        intent,
        replacing=True,
        old=old,
        retry=lambda: value_prompt(state, ctx),
    )


def _cancelled(state: dict, ctx) -> list[dict]:
    state.update(awaiting=None, pending=None)
    cancelled = say(_("All right, nothing was changed."), intent="cancelled")
    return [cancelled, *scoring.ask_next(state, ctx)]


def closed_note(stage: str) -> dict:
    """What was lost when the step closed while the answer was being changed."""
    return say(
        _("The step closed before your answer was changed: it was not changed."),
        intent="step_closed",
    )


def handle(state: dict, ctx, said: Said) -> list[dict]:
    """A message while an answer is being changed; once the step has closed, the participant
    is told that nothing was changed (the message was meant for the change)."""
    pending = state["pending"]
    gone = state["awaiting"] == VALUE and ctx.cell(pending["q"], pending["fa"]) is None
    if not ctx.scoring or gone:
        stage = state["awaiting"]
        state.update(awaiting=None, pending=None)
        return [closed_note(stage)]
    return (handle_choose if state["awaiting"] == CHOOSE else handle_value)(state, ctx, said)

"""The assistant's dialogue: one dispatcher over the flows, on plain-data state.

The state is a JSON-ready dict (stored in ``Conversation.state``)::

    step_id   the agenda step the assistant last introduced
    cursor    [question_key, focus_area_key] asked last (the position in the step), or None
    awaiting  None, or the stage of the flow in charge: "reason" | "confirm_score" |
              "replace" (flows.scoring), "change" | "change_value" (flows.changing),
              "offer" | "area" | "element" | "kind" | "rationale" | "confirm" (flows.proposing)
    pending   what a scoring or changing stage is about (see those modules)
    draft     the proposal being built (see flows.proposing)
    skipped   ["q|fa", ...]: cells passed over in this step
    interrupted  None, or the scoring or changing stage that was open when its step closed:
              the next typed text was meant for it, so it is answered with what was not
              saved instead of being read as something else

A message goes first to the flow whose stage is open; if it gives the message back (None),
or no stage is open, the general rules answer it. Everything the dialogue needs from the
world comes through a context object (see ``services.Context``), so the same functions serve
the chat, the CLI and the tests. Texts are gettext calls: the caller sets the locale.
"""

from __future__ import annotations

from flask_babel import gettext as _

from workshop.assistant import intents
from workshop.assistant.flows import asking, changing, informing, proposing, scoring
from workshop.assistant.flows.common import PICK, UNSKIP, Said, reply_intent, say
from workshop.assistant.flows.informing import MAX_QUOTES, answer_question, quote
from workshop.assistant.flows.proposing import proposal_draft

__all__ = [
    "MAX_QUOTES",
    "answer_question",
    "handle",
    "load_state",
    "new_state",
    "prompt",
    "proposal_draft",
    "quote",
    "reply_intent",
    "say",
]

FLOWS = {stage: flow for flow in (scoring, changing, proposing, asking) for stage in flow.STAGES}
# Stages about one step (its cells, its question): a new step (or none) ends them.
STEP_STAGES = (*scoring.STAGES, *changing.STAGES, *asking.STAGES)


def new_state() -> dict:
    return {
        "step_id": None,
        "cursor": None,
        "awaiting": None,
        "pending": None,
        "draft": None,
        "skipped": [],
        "interrupted": None,
    }


def load_state(stored: dict | None) -> dict:
    """A stored state with defaults for missing keys and open stages it cannot continue
    (states written by older versions) closed."""
    state = {**new_state(), **(stored if isinstance(stored, dict) else {})}
    if not isinstance(state["skipped"], list):
        state["skipped"] = []
    cursor = state["cursor"]
    if not (isinstance(cursor, list) and len(cursor) == 2 and all(map(_is_text, cursor))):
        state["cursor"] = None
    flow = FLOWS.get(state["awaiting"])
    if flow is None or not flow.valid(state):
        state["awaiting"] = None
    if state["awaiting"] not in STEP_STAGES:
        state["pending"] = None
    if state["interrupted"] not in STEP_STAGES:
        state["interrupted"] = None
    if state["awaiting"] not in proposing.STAGES and not isinstance(state["draft"], dict):
        state["draft"] = None
    return state


def _is_text(value) -> bool:
    return isinstance(value, str)


# Following the session ------------------------------------------------------------------


def prompt(state: dict, ctx, *, visit: bool = False) -> list[dict]:
    """What the assistant says by itself: after a step opens or closes, or on a visit."""
    step = ctx.step
    if step is None:
        if state["step_id"] is not None:
            return [
                *_leave_step(state, None),
                say(
                    _(
                        "The step is closed. Thank you! The facilitator will open the next "
                        "step soon."
                    ),
                    intent="step",
                ),
            ]
        if visit and not ctx.has_history:
            return [
                say(
                    _(
                        "Hello! I am the review assistant. When the facilitator opens a "
                        "scoring step, I will ask you its questions here. Meanwhile you can "
                        "ask me about the strategy."
                    ),
                    intent="welcome",
                )
            ]
        return []
    if step.id != state["step_id"]:
        notes = _leave_step(state, step.id)
        if asking.asks(ctx):
            return [*notes, *asking.introduce(state, ctx)]
        asked = [] if state["awaiting"] else scoring.ask_next(state, ctx)
        return [*notes, _introduce(ctx), *asked]
    if visit and ctx.scoring and not state["awaiting"]:
        return _resume(state, ctx)
    return []


def _leave_step(state: dict, step_id: int | None) -> list[dict]:
    """Follow the session to another step (or none); a stage about the old step's cells ends,
    and the participant is told what it had not yet saved."""
    state.update(step_id=step_id, cursor=None, skipped=[])
    stage = state["awaiting"]
    if stage not in STEP_STAGES:
        return []
    state.update(awaiting=None, pending=None, interrupted=stage)
    return [FLOWS[stage].closed_note(stage)]


def _resume(state: dict, ctx) -> list[dict]:
    """On a returning visit: nothing if the open question is the last thing on screen; else
    (or after a long pause in an online window) a greeting and the question."""
    upcoming = scoring.next_cell(state, ctx)
    if upcoming is None:
        return []
    last = ctx.last_message
    showing = last is not None and (last.get("question"), last.get("focus_area")) == upcoming
    if showing and not (ctx.online and ctx.idle_for_a_while):
        return []
    answered, total = ctx.progress()
    greeting = say(
        _(
            "Welcome back! You have answered %(answered)s of %(total)s. Let us continue "
            "where you left off.",
            answered=answered,
            total=total,
        ),
        intent="resume",
    )
    return [greeting, *scoring.ask_next(state, ctx)]


def _introduce(ctx) -> dict:
    title = ctx.step_title
    if ctx.online:
        return say(
            _(
                "This is the online review. I will walk you through the focus areas one by one; "
                "you can stop at any time and continue later where you left off."
            ),
            intent="step",
        )
    if ctx.scoring:
        return say(
            _("Now we score: %(step)s. I will ask about one focus area at a time.", step=title),
            intent="step",
        )
    return say(
        _(
            "Now: %(step)s. Follow the facilitator on the screen; you can ask me about "
            "the strategy meanwhile.",
            step=title,
        ),
        intent="step",
    )


# Handling a message ---------------------------------------------------------------------


def handle(state: dict, ctx, *, text: str = "", reply: str = "") -> list[dict]:
    """The assistant's answer to a typed message or a quick reply."""
    said = Said(text=text, reply=reply)
    interrupted, state["interrupted"] = state["interrupted"], None
    if interrupted and _meant_for_closed_stage(ctx, said):
        return [FLOWS[interrupted].closed_note(interrupted), *_reminder(state, ctx)()]
    flow = FLOWS.get(state["awaiting"])
    if flow is proposing:
        remind = _reminder(state, ctx)
        answered = proposing.handle(state, ctx, said, general=_general, reminder=remind)
    elif flow is not None:
        answered = flow.handle(state, ctx, said)
    else:
        answered = None
    return answered if answered is not None else _general(state, ctx, said)


def _meant_for_closed_stage(ctx, said: Said) -> bool:
    """Whether a message after a stage was closed with its step was typed for that stage (a
    reason, a yes, a new value): typed text soon after, unless it is a plain score for a
    question asked now. A quick reply is from the buttons shown since."""
    if said.reply or ctx.idle_for_a_while or said.command == intents.HELP:
        return False
    return not (ctx.scoring and intents.bare_score(said.text) is not None)


def _reminder(state: dict, ctx):
    """The open question again, so that a side conversation does not lose the thread."""

    def remind() -> list[dict]:
        if not ctx.scoring or state["awaiting"] or scoring.next_cell(state, ctx) is None:
            return []
        return scoring.ask_next(state, ctx)

    return remind


def _general(state: dict, ctx, said: Said) -> list[dict]:
    """A message when no flow expects anything in particular."""
    intent = said.intent
    name = intent.name
    remind = _reminder(state, ctx)
    if intent.opens_sentence and not any(scoring.asks_for(state, ctx, v) for v in intent.choices):
        # "10 vuotta sitten ..." while no question is asked whose scale has 10: a sentence.
        name = intents.TEXT
    if name in (intents.SCORE, intents.HEDGED_SCORE, intents.DONT_KNOW):
        return scoring.answer(state, ctx, intent)
    if name == intents.CHANGE:
        return changing.start(state, ctx, said.text)
    if name == PICK and said.picked("cell") is not None:
        return changing.pick(state, ctx, said.reply)
    if name == intents.SUGGESTION:
        return [*proposing.offer(state, ctx, said.text), *([] if state["awaiting"] else remind())]
    if name in (intents.QUESTION, intents.TEXT) and said.text.strip():
        # Whatever is not a score, a command or a suggestion is a question ("vesivoimalat").
        return [answer_question(ctx, said.text, prefer=scoring.asked_area(state, ctx)), *remind()]
    if name == intents.HELP:
        return [informing.help_message()]
    if name == intents.THANKS:
        return [say(_("You are welcome! Ask me any time."), intent="thanks"), *remind()]
    if name == intents.CURRENT_STEP:
        return [informing.current_step(ctx), *remind()]
    if name == intents.SHOW_RESULTS:
        return [informing.results(ctx)]
    if name == intents.SKIP and ctx.scoring:
        return scoring.skip(state, ctx)
    if name == UNSKIP and ctx.scoring:
        return scoring.unskip(state, ctx)
    return [
        say(
            _(
                "Sorry, I did not quite understand. You can answer with a number, ask me "
                'about the strategy, suggest a change, or write "help".'
            ),
            [(_("Help"), "help")],
            intent="fallback",
        ),
        *remind(),
    ]

"""Scoring: the open step's questions one by one, scores, reasons, hedged scores confirmed
before they are stored, and answers the form already has replaced only when asked to.

State it uses: ``cursor`` [question, focus area] last asked (the position in the step),
``skipped`` ["q|fa"] passed over, and while a stage is open ``pending``:

    reason         {"q", "fa", "value"}: the recorded score whose reason is asked
    confirm_score  {"q", "fa", "choices", "reason", "sentence", "replacing", "old"}: "3,5",
                   "ehkä 3", or a number that begins a sentence ("3 uutta yritystä ...")
    replace        {"q", "fa", "value", "reason", "old"}: the form already has an answer
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _

from workshop.assistant import intents
from workshop.assistant.flows.common import Said, cell_key, match_choice, say
from workshop.assistant.flows.informing import help_message
from workshop.errors import DomainError

REASON = "reason"
CONFIRM_SCORE = "confirm_score"
REPLACE = "replace"
STAGES = (REASON, CONFIRM_SCORE, REPLACE)
FAR_FROM_OTHERS = 2.0  # a score this far from the others' mean asks for a reason
MIN_OTHERS = 3
NO_OLD = "none"  # ``pending["old"]`` when the chat is not changing an earlier answer


def valid(state: dict) -> bool:
    """Whether a stored stage has what it needs (older states may lack keys)."""
    pending = state.get("pending")
    if not isinstance(pending, dict) or not {"q", "fa"} <= pending.keys():
        return False
    if state["awaiting"] == CONFIRM_SCORE:
        return bool(pending.get("choices"))
    return "value" in pending


def shown_value(value) -> str:
    return str(value) if value is not None else _("Don't know")


# Asking ---------------------------------------------------------------------------------


def next_cell(state: dict, ctx) -> tuple[str, str] | None:
    """The cell ``ask_next`` would ask, without asking it."""
    cursor = tuple(state["cursor"]) if state["cursor"] else None
    cells = [(q.key, a.key) for q, a in ctx.cells()]
    if cursor in cells and cursor not in ctx.answers:
        return cursor
    return next(
        (c for c in cells if c not in ctx.answers and cell_key(*c) not in state["skipped"]),
        None,
    )


def asked_area(state: dict, ctx) -> str | None:
    """The focus area being scored (asked last or next), or None outside a scoring step."""
    if not ctx.scoring:
        return None
    cell = next_cell(state, ctx) or (tuple(state["cursor"]) if state["cursor"] else None)
    return cell[1] if cell else None


def ask_next(state: dict, ctx) -> list[dict]:
    """Ask the current question, or the first one not yet answered; or say where things are."""
    if not ctx.scoring:
        return []
    upcoming = next_cell(state, ctx)
    if upcoming is None:
        state["cursor"] = None
        return [finished(state, ctx)]
    state["cursor"] = list(upcoming)
    question, area = ctx.cell(*upcoming)
    return [question_message(ctx, question, area)]


def finished(state: dict, ctx) -> dict:
    """Every question answered, or the rest skipped: said as it is, never more."""
    answered, total = ctx.progress()
    if answered >= total:
        return say(
            _(
                "You have answered every question of this step. Thank you! To change an "
                'answer, write "change".'
            ),
            intent="done",
        )
    return say(
        _(
            "You have answered %(answered)s of %(total)s questions; you skipped the rest.",
            answered=answered,
            total=total,
        ),
        [(_("Back to the skipped questions"), "unskip")],
        intent="skipped",
    )


def question_message(ctx, question, area) -> dict:
    areas = list(dict.fromkeys(a.key for _q, a in ctx.cells()))
    position = areas.index(area.key) + 1
    lines = [
        _(
            "%(area)s (%(position)s/%(count)s)",
            area=area.tr("title", ctx.locale),
            position=position,
            count=len(areas),
        ),
        question.tr("text", ctx.locale),
    ]
    low, high = question.tr("low_label", ctx.locale), question.tr("high_label", ctx.locale)
    if low or high:
        lines.append(
            _(
                "%(min)s = %(low)s, %(max)s = %(high)s",
                min=question.scale_min,
                low=low,
                max=question.scale_max,
                high=high,
            )
        )
    return say(
        "\n".join(lines),
        score_replies(question),
        intent="ask",
        question=question.key,
        focus_area=area.key,
    )


def score_replies(question) -> list[tuple[str, str]]:
    replies = [(str(v), f"score:{v}") for v in range(question.scale_min, question.scale_max + 1)]
    if question.allow_dont_know:
        replies.append((_("Don't know"), "dont_know"))
    return replies


def skip(state: dict, ctx) -> list[dict]:
    if state["cursor"]:
        state["skipped"].append(cell_key(*state["cursor"]))
        state["cursor"] = None
    return ask_next(state, ctx)


def unskip(state: dict, ctx) -> list[dict]:
    state["skipped"] = []
    return ask_next(state, ctx)


def no_step() -> dict:
    return say(
        _("No scoring step is open now. I will ask you when the facilitator opens one."),
        intent="no_step",
    )


# Scores ---------------------------------------------------------------------------------


def answer(state: dict, ctx, intent) -> list[dict]:
    """A score, a hedged score or a don't know for the question asked last (the cursor)."""
    if not ctx.scoring:
        return [no_step()]
    cursor = tuple(state["cursor"]) if state["cursor"] else None
    if cursor is None or ctx.cell(*cursor) is None:
        # Nothing is being asked: ask, rather than guess which question the score is for.
        return ask_next(state, ctx)
    return take(state, ctx, *cursor, intent)


Retry = Callable[[], dict]  # the message that asks again after a refused value


def take(
    state: dict,
    ctx,
    question_key,
    area_key,
    intent,
    *,
    replacing=False,
    old=NO_OLD,
    retry: Retry | None = None,
):
    """Record ``intent`` (score, hedged score, don't know) for one cell, or ask first.

    ``retry`` asks again after a value off the scale (by default the cell's question): the
    flow that called knows what it was asking, so this module need not know that flow."""
    question, area = ctx.cell(question_key, area_key)
    retry = retry or (lambda: question_message(ctx, question, area))
    if intent.name == intents.HEDGED_SCORE:
        return confirm_score(
            state,
            ctx,
            question_key,
            area_key,
            intent,
            replacing=replacing,
            old=old,
            retry=retry,
        )
    value = intent.value if intent.name == intents.SCORE else None
    refused = refusal(question, value)
    if refused:
        return [refused, retry()]
    reason = intent.rest
    return save(state, ctx, question_key, area_key, value, reason, replacing=replacing, old=old)


def refusal(question, value) -> dict | None:
    """Why a value cannot be stored for the question, or None."""
    if value is None and not question.allow_dont_know:
        return say(_("This question needs a score."), intent="invalid")
    if value is not None and not question.scale_min <= value <= question.scale_max:
        return say(
            _(
                "Please give a number from %(min)s to %(max)s.",
                min=question.scale_min,
                max=question.scale_max,
            ),
            intent="invalid",
        )
    return None


def save(state, ctx, question_key, area_key, value, reason, *, replacing=False, old=NO_OLD):
    """Store a value (with its reason) for one cell; the form's earlier answer is replaced
    only when ``replacing`` says the participant asked for it."""
    question, area = ctx.cell(question_key, area_key)
    existing = ctx.answers.get((question_key, area_key))
    if existing is not None and not replacing:
        return ask_replace(state, ctx, question_key, area_key, value, reason)
    if existing is not None and not reason:
        reason = existing[1]  # a new value keeps the reason given before, as the form does
    state.update(awaiting=None, pending=None)
    try:
        stored = ctx.record(question_key, area_key, value, reason)
    except DomainError as error:
        return [
            say(
                _("The answer was not saved: %(reason)s", reason=ctx.error_text(error)),
                intent="error",
            )
        ]
    area_title = area.tr("title", ctx.locale)
    shown = shown_value(value)
    why = None if reason else reason_needed(ctx, question, area_key, value)
    if old != NO_OLD:
        done = _(
            "Changed: %(question)s – %(area)s: %(old)s → %(new)s.",
            question=question.tr("text", ctx.locale),
            area=area_title,
            old=shown_value(old),
            new=shown,
        )
    elif reason:
        done = _(
            "Recorded: %(area)s – %(value)s, reason: %(reason)s",
            area=area_title,
            value=shown,
            reason=reason,
        )
    else:
        done = _("Recorded: %(area)s – %(value)s.", area=area_title, value=shown)
    if why:
        state.update(awaiting=REASON, pending={"q": question_key, "fa": area_key, "value": value})
        text = _(
            "I recorded %(value)s for %(area)s. %(why)s Could you tell me briefly why?",
            value=shown,
            area=area_title,
            why=why,
        )
        if old != NO_OLD:
            text = done + " " + _("%(why)s Could you tell me briefly why?", why=why)
        return [say(text, [(_("Skip"), "skip")], intent="ask_reason", answer=stored)]
    return [say(done, intent="recorded", answer=stored), *ask_next(state, ctx)]


def reason_needed(ctx, question, area_key: str, value: int | None) -> str | None:
    """Why this score deserves a reason (extreme, or far from the others'), or None."""
    if value is None:
        return None
    if value in (question.scale_min, question.scale_max):
        return _("That is at the end of the scale.")
    mean, count = ctx.others_mean(question.key, area_key)
    if count >= MIN_OTHERS and abs(value - mean) >= FAR_FROM_OTHERS:
        return _("That differs from the others' answers so far.")
    return None


# Reasons --------------------------------------------------------------------------------


def _reason_prompt(state: dict, ctx) -> dict:
    pending = state["pending"]
    _question, area = ctx.cell(pending["q"], pending["fa"])
    return say(
        _(
            "Could you tell me briefly why you gave %(value)s for %(area)s?",
            value=shown_value(pending["value"]),
            area=area.tr("title", ctx.locale),
        ),
        [(_("Skip"), "skip")],
        intent="ask_reason",
    )


def handle_reason(state: dict, ctx, said: Said) -> list[dict]:
    """While a reason is asked, whatever is written is the reason of the score asked, except
    the explicit commands (skip, cancel, no, help) and a new score on its own."""
    pending = state["pending"]
    command = said.command
    if command == intents.HELP:
        return [help_message(), _reason_prompt(state, ctx)]
    if command is not None:
        state.update(awaiting=None, pending=None)
        return [say(_("All right, no reason."), intent="recorded"), *ask_next(state, ctx)]
    rescore = said.intent if said.reply else intents.bare_score(said.text)
    if said.reply and rescore.name not in (intents.SCORE, intents.DONT_KNOW):
        return [_reason_prompt(state, ctx)]
    if rescore is not None:
        # A score on its own: the participant changed their mind about the same question.
        state.update(awaiting=None, pending=None)
        return take(state, ctx, pending["q"], pending["fa"], rescore, replacing=True)
    reason = said.text.strip()
    if not reason:
        return [_reason_prompt(state, ctx)]
    stored = ctx.answers.get((pending["q"], pending["fa"]))
    if stored is not None and stored[0] != pending["value"]:
        # The form changed the score meanwhile: ask which one the reason goes with.
        return ask_replace(state, ctx, pending["q"], pending["fa"], pending["value"], reason)
    state.update(awaiting=None, pending=None)
    try:
        saved = ctx.record(pending["q"], pending["fa"], pending["value"], reason)
    except DomainError as error:
        return [
            say(
                _("The reason was not saved: %(reason)s", reason=ctx.error_text(error)),
                intent="error",
            )
        ]
    return [
        say(_("Thank you, I saved your reason."), intent="recorded", answer=saved),
        *ask_next(state, ctx),
    ]


# Hedged scores --------------------------------------------------------------------------


def confirm_score(state, ctx, question_key, area_key, intent, *, replacing, old, retry: Retry):
    """Ask which whole number a hedged score means (or whether a number that begins a
    sentence is the score); nothing is stored before the answer."""
    question, _area = ctx.cell(question_key, area_key)
    choices = intent.choices
    usable = [v for v in choices if question.scale_min <= v <= question.scale_max]
    if not usable:
        return [refusal(question, choices[0]), retry()]
    state.update(
        awaiting=CONFIRM_SCORE,
        pending={
            "q": question_key,
            "fa": area_key,
            "choices": usable,
            "reason": intent.rest,
            "sentence": intent.opens_sentence,
            "replacing": replacing,
            "old": old,
        },
    )
    return [_confirm_prompt(state, ctx)]


def asks_for(state: dict, ctx, value: int) -> bool:
    """Whether a question is being asked now whose scale has ``value`` on it."""
    cursor = state["cursor"]
    cell = ctx.cell(*cursor) if ctx.scoring and cursor else None
    return cell is not None and cell[0].scale_min <= value <= cell[0].scale_max


def _confirm_prompt(state: dict, ctx) -> dict:
    pending = state["pending"]
    _question, area = ctx.cell(pending["q"], pending["fa"])
    choices = pending["choices"]
    area_title = area.tr("title", ctx.locale)
    if pending.get("sentence") and len(choices) == 1:
        text = _(
            "Your message begins with %(value)s. Is %(value)s your score for %(area)s? "
            "I would save your message as its reason.",
            value=choices[0],
            area=area_title,
        )
    elif pending.get("sentence"):
        text = _(
            "Your message begins with a number. Is one of %(choices)s your score for "
            "%(area)s? I would save your message as its reason.",
            choices=_(" or ").join(str(v) for v in choices),
            area=area_title,
        )
    elif len(choices) > 1:
        text = _(
            "I record whole numbers only. Which score shall I record for %(area)s: %(choices)s?",
            area=area_title,
            choices=_(" or ").join(str(v) for v in choices),
        )
    else:
        text = _("Shall I record %(value)s for %(area)s?", value=choices[0], area=area_title)
    replies = [(str(v), f"score:{v}") for v in choices] + [(_("Cancel"), "cancel")]
    return say(text, replies, intent="confirm_score")


def handle_confirm(state: dict, ctx, said: Said) -> list[dict]:
    """A hedged score waits for one of its numbers (or another clear score), or a cancel."""
    pending = state["pending"]
    if said.cancels:
        state.update(awaiting=None, pending=None)
        return [say(_("All right, nothing was saved."), intent="cancelled"), *ask_next(state, ctx)]
    if said.command == intents.HELP:
        return [help_message(), _confirm_prompt(state, ctx)]
    intent = said.intent
    if not said.reply and intent.name not in (intents.SCORE, intents.HEDGED_SCORE):
        replies = [(str(v), f"score:{v}") for v in pending["choices"]]
        value = match_choice(said.text, replies)
        if intents.matches(intents.YES, said.text) and len(pending["choices"]) == 1:
            value = f"score:{pending['choices'][0]}"
        if value is None:
            return [_confirm_prompt(state, ctx)]
        intent = Said(reply=value).intent
    if intent.name not in (intents.SCORE, intents.HEDGED_SCORE):
        return [_confirm_prompt(state, ctx)]
    if intent.name == intents.SCORE and not intent.rest and pending["reason"]:
        intent = intents.Intent(intents.SCORE, intent.value, pending["reason"])
    state.update(awaiting=None, pending=None)
    return take(
        state,
        ctx,
        pending["q"],
        pending["fa"],
        intent,
        replacing=pending.get("replacing", False),
        old=pending.get("old", NO_OLD),
    )


# Replacing the form's answer ------------------------------------------------------------


def ask_replace(state, ctx, question_key, area_key, value, reason) -> list[dict]:
    old = ctx.answers[(question_key, area_key)]
    state.update(
        awaiting=REPLACE,
        pending={
            "q": question_key,
            "fa": area_key,
            "value": value,
            "reason": reason,
            "old": old[0],
        },
    )
    return [_replace_prompt(state, ctx)]


def _replace_prompt(state: dict, ctx) -> dict:
    pending = state["pending"]
    question, area = ctx.cell(pending["q"], pending["fa"])
    old = ctx.answers.get((pending["q"], pending["fa"]), (pending["old"], ""))
    old_text = shown_value(old[0]) + (f" ({old[1]})" if old[1] else "")
    new = shown_value(pending["value"])
    return say(
        _(
            "You have already answered “%(question)s” for %(area)s: %(old)s. "
            "Shall I replace it with %(new)s?",
            question=question.tr("text", ctx.locale),
            area=area.tr("title", ctx.locale),
            old=old_text,
            new=new,
        ),
        [
            (_("Replace with %(value)s", value=new), "yes"),
            (_("Keep %(value)s", value=shown_value(old[0])), "no"),
        ],
        intent="replace",
    )


def handle_replace(state: dict, ctx, said: Said) -> list[dict]:
    """An answer the form already has is replaced after a yes, kept after a no."""
    pending = state["pending"]
    name = said.intent.name
    if said.reply == "" and name not in (intents.YES, intents.NO, intents.CANCEL):
        prompt = _replace_prompt(state, ctx)
        picked = match_choice(
            said.text, [(r["label"], r["value"]) for r in prompt["quick_replies"]]
        )
        if picked is None:
            if said.command == intents.HELP:
                return [help_message(), prompt]
            return [prompt]
        name = intents.YES if picked == "yes" else intents.NO
    if name == intents.YES:
        state.update(awaiting=None, pending=None)
        return save(
            state,
            ctx,
            pending["q"],
            pending["fa"],
            pending["value"],
            pending["reason"],
            replacing=True,
            old=pending.get("old"),
        )
    if name in (intents.NO, intents.CANCEL):
        state.update(awaiting=None, pending=None)
        kept = ctx.answers.get((pending["q"], pending["fa"]), (pending.get("old"), ""))
        return [
            say(
                _("All right, your answer stays %(value)s.", value=shown_value(kept[0])),
                intent="kept",
            ),
            *ask_next(state, ctx),
        ]
    return [_replace_prompt(state, ctx)]


HANDLERS = {REASON: handle_reason, CONFIRM_SCORE: handle_confirm, REPLACE: handle_replace}


def closed_note(stage: str) -> dict:
    """What was lost when the step closed while ``stage`` waited for the participant."""
    texts = {
        REASON: _("The step closed before your reason was saved."),
        CONFIRM_SCORE: _("The step closed before your score was confirmed: nothing was saved."),
        REPLACE: _("The step closed before your answer was replaced: it was not changed."),
    }
    return say(texts[stage], intent="step_closed")


def handle(state: dict, ctx, said: Said) -> list[dict]:
    """A message while one of the scoring stages is open; once the step has closed, whatever
    it is, the participant is told that it was not saved (it was meant for that stage)."""
    pending = state["pending"]
    if not ctx.scoring or ctx.cell(pending["q"], pending["fa"]) is None:
        stage = state["awaiting"]
        state.update(awaiting=None, pending=None)
        return [closed_note(stage)]
    return HANDLERS[state["awaiting"]](state, ctx, said)

"""The assistant's dialogue: a state machine per participant over plain-data state.

The state is a JSON-ready dict (stored in ``Conversation.state``)::

    step_id   the agenda step the assistant last introduced
    cursor    [question_key, focus_area_key] being asked, or None
    awaiting  None | "reason" | "change" | "offer" | "area" | "element" | "kind"
              | "rationale" | "confirm"
    pending   {"q", "fa", "value"}: the score whose reason is asked
    draft     the proposal being built: text, focus_area_key, target_ref, kind, rationale
    skipped   ["q|fa", ...]: cells passed over in this step

Everything the dialogue needs from the world comes through a context object (see
``services.Context``), so the same functions serve the chat, the CLI and the tests. Texts are
gettext calls: the caller sets the participant's locale.
"""

from __future__ import annotations

from flask_babel import gettext as _

from workshop.assistant import intents
from workshop.assistant.intents import Intent
from workshop.assistant.proposal_seam import attached_ref
from workshop.errors import DomainError
from workshop.proposals.labels import ELEMENT_KIND_NAMES
from workshop.proposals.services import MEASURES_REF

MAX_QUOTES = 3
FAR_FROM_OTHERS = 2.0  # a score this far from the others' mean asks for a reason
MIN_OTHERS = 3
PROPOSAL_KINDS = (
    "add_challenge",
    "add_solution",
    "add_action",
    "reword",
    "remove",
    "add_measure",
    "describe_focus_area",
    "free",
)
# The indicators are the strategy's, not a focus area's: the chat offers them as one more
# "area", whose elements are the indicators and whose changes are a new target or a removal.
INDICATORS = "indicators"
INDICATOR_KINDS = ("change_target", "remove")
REMOVE_STEMS = ("poist", "remove", "delete")


def new_state() -> dict:
    return {
        "step_id": None,
        "cursor": None,
        "awaiting": None,
        "pending": None,
        "draft": None,
        "skipped": [],
    }


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


def kind_labels() -> dict[str, str]:
    return {
        "add_challenge": _("A new challenge"),
        "add_solution": _("A new solution"),
        "add_action": _("A new action"),
        "reword": _("Rewording"),
        "remove": _("Removing it"),
        "add_measure": _("A new measure"),
        "change_target": _("A new target"),
        "describe_focus_area": _("The focus area's description"),
        "free": _("Something else"),
    }


def element_kind_label(kind: str) -> str:
    name = ELEMENT_KIND_NAMES.get(kind)
    return str(name) if name is not None else kind


# Following the session ------------------------------------------------------------------


def prompt(state: dict, ctx, *, visit: bool = False) -> list[dict]:
    """What the assistant says by itself: after a step opens or closes, or on a visit."""
    step = ctx.step
    if step is None:
        if state["step_id"] is not None:
            state.update(step_id=None, cursor=None, skipped=[])
            if state["awaiting"] in ("reason", "change"):
                state.update(awaiting=None, pending=None)
            return [
                say(
                    _(
                        "The step is closed. Thank you! The facilitator will open the next "
                        "step soon."
                    ),
                    intent="step",
                )
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
        state.update(step_id=step.id, cursor=None, skipped=[])
        if state["awaiting"] in ("reason", "change"):
            state.update(awaiting=None, pending=None)
        return [_introduce(ctx), *([] if state["awaiting"] else ask_next(state, ctx))]
    if visit and ctx.scoring and not state["awaiting"]:
        return _resume(state, ctx)
    return []


def _resume(state: dict, ctx) -> list[dict]:
    """On a returning visit: nothing if the open question is the last thing on screen; else
    (or after a long pause in an online window) a greeting and the question."""
    upcoming = _next_cell(state, ctx)
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
    return [greeting, *ask_next(state, ctx)]


def _next_cell(state: dict, ctx) -> tuple[str, str] | None:
    """The cell ``ask_next`` would ask, without asking it."""
    cursor = tuple(state["cursor"]) if state["cursor"] else None
    cells = [(q.key, a.key) for q, a in ctx.cells()]
    if cursor in cells and cursor not in ctx.answers:
        return cursor
    return next(
        (c for c in cells if c not in ctx.answers and _cell_key(*c) not in state["skipped"]),
        None,
    )


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


def _cell_key(question_key: str, area_key: str) -> str:
    return f"{question_key}|{area_key}"


def ask_next(state: dict, ctx) -> list[dict]:
    """Ask the current question, or the first one not yet answered; or say all are done."""
    if not ctx.scoring:
        return []
    cells = ctx.cells()
    cursor = state["cursor"]
    if (
        cursor
        and tuple(cursor) in {(q.key, a.key) for q, a in cells}
        and (tuple(cursor) not in ctx.answers)
    ):
        question, area = next((q, a) for q, a in cells if (q.key, a.key) == tuple(cursor))
        return [_question_message(ctx, question, area, cells)]
    for question, area in cells:
        key = (question.key, area.key)
        if key not in ctx.answers and _cell_key(*key) not in state["skipped"]:
            state["cursor"] = list(key)
            return [_question_message(ctx, question, area, cells)]
    state["cursor"] = None
    return [
        say(
            _(
                "You have answered every question of this step. Thank you! To change an "
                'answer, write "change".'
            ),
            intent="done",
        )
    ]


def _question_message(ctx, question, area, cells) -> dict:
    areas = list(dict.fromkeys(a.key for _q, a in cells))
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
    replies = [(str(v), f"score:{v}") for v in range(question.scale_min, question.scale_max + 1)]
    if question.allow_dont_know:
        replies.append((_("Don't know"), "dont_know"))
    return say("\n".join(lines), replies, intent="ask", question=question.key, focus_area=area.key)


# Handling a message ---------------------------------------------------------------------


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
        "help": intents.HELP,
        "change": intents.CHANGE,
    }
    if name in simple:
        return Intent(simple[name])
    return Intent("pick", rest=value)


def handle(state: dict, ctx, *, text: str = "", reply: str = "") -> list[dict]:
    """The assistant's answer to a typed message or a quick reply."""
    intent = reply_intent(reply) if reply else intents.detect(text)
    awaiting = state["awaiting"]
    if awaiting in PROPOSAL_STAGES and intent.name not in (intents.HELP, intents.CURRENT_STEP):
        return _proposal(state, ctx, intent, text)
    if awaiting == "change" and intent.name == "pick":
        return _pick_change(state, ctx, intent.rest)
    if awaiting == "reason":
        handled = _reason(state, ctx, intent, text)
        if handled is not None:
            return handled
    if awaiting == "change":
        state["awaiting"] = None
    return _general(state, ctx, intent, text)


def _general(state: dict, ctx, intent: Intent, text: str) -> list[dict]:
    name = intent.name
    if name in (intents.SCORE, intents.DONT_KNOW):
        return _score(state, ctx, intent)
    if name == intents.CHANGE:
        return _start_change(state, ctx, text)
    if name == intents.SUGGESTION:
        return _offer_proposal(state, text)
    if name == intents.QUESTION:
        return [answer_question(ctx, text)] + _reminder(state, ctx)
    if name == intents.HELP:
        return [_help(ctx)]
    if name == intents.CURRENT_STEP:
        return _current_step(state, ctx)
    if name == intents.SHOW_RESULTS:
        return [_results(ctx)]
    if name == intents.SKIP and state["cursor"]:
        state["skipped"].append(_cell_key(*state["cursor"]))
        state["cursor"] = None
        return ask_next(state, ctx)
    return [
        say(
            _(
                "Sorry, I did not quite understand. You can answer with a number, ask me "
                'about the strategy, suggest a change, or write "help".'
            ),
            [(_("Help"), "help")],
            intent="fallback",
        )
    ] + _reminder(state, ctx)


def _reminder(state, ctx) -> list[dict]:
    """The open question again, so that a side question does not lose the thread."""
    return ask_next(state, ctx) if state["cursor"] and ctx.scoring else []


# Scores ---------------------------------------------------------------------------------


def _score(state: dict, ctx, intent: Intent) -> list[dict]:
    if not ctx.scoring:
        return [
            say(
                _("No scoring step is open now. I will ask you when the facilitator opens one."),
                intent="no_step",
            )
        ]
    if not state["cursor"]:
        return [
            say(
                _(
                    "You have answered every question of this step. To change an answer, "
                    'write "change".'
                ),
                intent="done",
            )
        ]
    question_key, area_key = state["cursor"]
    question, area = ctx.cell(question_key, area_key)
    value = intent.value if intent.name == intents.SCORE else None
    if value is None and not question.allow_dont_know:
        return [say(_("This question needs a score."), intent="invalid")] + ask_next(state, ctx)
    if value is not None and not question.scale_min <= value <= question.scale_max:
        return [
            say(
                _(
                    "Please give a number from %(min)s to %(max)s.",
                    min=question.scale_min,
                    max=question.scale_max,
                ),
                intent="invalid",
            )
        ] + ask_next(state, ctx)
    reason = intent.rest if intent.name == intents.SCORE else ""
    try:
        answer = ctx.record(question_key, area_key, value, reason)
    except DomainError as error:
        return [
            say(
                _("The answer was not saved: %(reason)s", reason=ctx.error_text(error)),
                intent="error",
            )
        ]
    area_title = area.tr("title", ctx.locale)
    shown = str(value) if value is not None else _("Don't know")
    why = None if reason else _reason_needed(ctx, question, area_key, value)
    if why:
        state.update(awaiting="reason", pending={"q": question_key, "fa": area_key, "value": value})
        return [
            say(
                _(
                    "I recorded %(value)s for %(area)s. %(why)s Could you tell me briefly why?",
                    value=shown,
                    area=area_title,
                    why=why,
                ),
                [(_("Skip"), "skip")],
                intent="ask_reason",
                answer=answer,
            )
        ]
    state["cursor"] = None
    confirmation = (
        _(
            "Recorded: %(area)s – %(value)s, reason: %(reason)s",
            area=area_title,
            value=shown,
            reason=reason,
        )
        if reason
        else _("Recorded: %(area)s – %(value)s.", area=area_title, value=shown)
    )
    return [say(confirmation, intent="recorded", answer=answer), *ask_next(state, ctx)]


def _reason_needed(ctx, question, area_key: str, value: int | None) -> str | None:
    """Why this score deserves a reason (extreme, or far from the others'), or None."""
    if value is None:
        return None
    if value in (question.scale_min, question.scale_max):
        return _("That is at the end of the scale.")
    mean, count = ctx.others_mean(question.key, area_key)
    if count >= MIN_OTHERS and abs(value - mean) >= FAR_FROM_OTHERS:
        return _("That differs from the others' answers so far.")
    return None


def _reason(state: dict, ctx, intent: Intent, text: str) -> list[dict] | None:
    """A message while a reason is asked; None lets a command through."""
    pending = state["pending"]
    if intent.name in (intents.HELP, intents.CURRENT_STEP, intents.SHOW_RESULTS, intents.CHANGE):
        state.update(awaiting=None, pending=None, cursor=None)
        return None
    if intent.name in (intents.SCORE, intents.DONT_KNOW):
        # A new score for the same question: the participant changed their mind.
        state.update(awaiting=None, pending=None, cursor=[pending["q"], pending["fa"]])
        return None
    state.update(awaiting=None, pending=None, cursor=None)
    if intent.name in (intents.SKIP, intents.NO) or not text.strip():
        return [say(_("All right, no reason."), intent="recorded"), *ask_next(state, ctx)]
    try:
        answer = ctx.record(pending["q"], pending["fa"], pending["value"], text.strip())
    except DomainError as error:
        return [
            say(
                _("The reason was not saved: %(reason)s", reason=ctx.error_text(error)),
                intent="error",
            )
        ]
    return [
        say(_("Thank you, I saved your reason."), intent="recorded", answer=answer),
        *ask_next(state, ctx),
    ]


# Changing an answer ---------------------------------------------------------------------


def _start_change(state: dict, ctx, text: str) -> list[dict]:
    if not ctx.scoring:
        return [
            say(_("Answers can be changed while their scoring step is open."), intent="no_step")
        ]
    answered = [(q, a) for q, a in ctx.cells() if (q.key, a.key) in ctx.answers]
    if not answered:
        return [say(_("You have no answers in this step yet."), intent="change")] + ask_next(
            state, ctx
        )
    ranking = [key for key, _score in ctx.index.focus_area_ranking(text, limit=1)]
    chosen = [(q, a) for q, a in answered if ranking and a.key == ranking[0]]
    if len(chosen) == 1 or len(answered) == 1:
        question, area = (chosen or answered)[0]
        return _pick_change(state, ctx, f"cell:{question.key}|{area.key}")
    state["awaiting"] = "change"
    replies = []
    for question, area in (chosen or answered)[:12]:
        value = ctx.answers[(question.key, area.key)][0]
        shown = str(value) if value is not None else _("Don't know")
        label = area.tr("title", ctx.locale) + f" ({shown})"
        if len(ctx.questions) > 1:
            label = f"{question.tr('text', ctx.locale)[:40]} – {label}"
        replies.append((label, f"cell:{question.key}|{area.key}"))
    return [say(_("Which answer do you want to change?"), replies, intent="change")]


def _pick_change(state: dict, ctx, value: str) -> list[dict]:
    state["awaiting"] = None
    _name, _sep, cell = value.partition(":")
    question_key, _sep, area_key = cell.partition("|")
    if ctx.cell(question_key, area_key) is None:
        return [say(_("That answer cannot be changed now."), intent="change")]
    state["cursor"] = [question_key, area_key]
    previous = ctx.answers.get((question_key, area_key))
    question, area = ctx.cell(question_key, area_key)
    shown = (
        "–"
        if previous is None
        else (str(previous[0]) if previous[0] is not None else _("Don't know"))
    )
    message = say(
        _("Your answer now is %(value)s. Give the new one.", value=shown), intent="change"
    )
    return [message, _question_message(ctx, question, area, ctx.cells())]


# Questions, help, step, results ---------------------------------------------------------


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


def _help(ctx) -> dict:
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
            ]
        ),
        intent="help",
    )


def _current_step(state: dict, ctx) -> list[dict]:
    if ctx.step is None:
        return [say(_("No step is open right now. Wait for the facilitator."), intent="step")]
    if not ctx.scoring:
        return [say(_("Now: %(step)s.", step=ctx.step_title), intent="step")]
    answered, total = ctx.progress()
    return [
        say(
            _(
                "Now: %(step)s. You have answered %(answered)s of %(total)s.",
                step=ctx.step_title,
                answered=answered,
                total=total,
            ),
            intent="step",
        ),
        *ask_next(state, ctx),
    ]


def _results(ctx) -> dict:
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


# Proposals ------------------------------------------------------------------------------

PROPOSAL_STAGES = ("offer", "area", "element", "kind", "rationale", "confirm")


def _offer_proposal(state: dict, text: str) -> list[dict]:
    state.update(awaiting="offer", draft={"text": text.strip()})
    return [
        say(
            _("That sounds like a proposal for the strategy. Shall I help you make it a proposal?"),
            [(_("Yes, make a proposal"), "yes"), (_("No, thanks"), "no")],
            intent="suggestion",
        )
    ]


def _cancel(state: dict, ctx) -> list[dict]:
    state.update(awaiting=None, draft=None)
    return [say(_("All right, no proposal."), intent="proposal_cancelled"), *_reminder(state, ctx)]


def _proposal(state: dict, ctx, intent: Intent, text: str) -> list[dict]:
    stage, draft = state["awaiting"], state["draft"]
    if intent.name == intents.NO or intent.rest == "cancel":
        return _cancel(state, ctx)
    if stage == "offer":
        if intent.name == intents.YES:
            return _ask_area(state, ctx)
        # Anything else (a score, a question) drops the offer and is taken as it is.
        state.update(awaiting=None, draft=None)
        return _general(state, ctx, intent, text)
    if stage == "area":
        key = _picked(intent, "area") or _typed_area(ctx, text)
        if key != INDICATORS and key not in ctx.area_keys:
            return _ask_area(state, ctx)
        draft["focus_area_key"] = None if key == INDICATORS else key
        return _ask_element(state, ctx)
    if stage == "element":
        ref = _picked(intent, "ref")
        if ref is None and text.strip():
            hits = _scope_hits(ctx, draft, text)
            ref = hits[0].ref if hits else None
        if ref is None or not ref.startswith(_scope_prefix(draft)):
            return _ask_element(state, ctx)
        draft["target_ref"] = ref
        return _ask_kind(state, ctx)
    if stage == "kind":
        kind = _picked(intent, "kind")
        if kind not in _offered_kinds(draft):
            return _ask_kind(state, ctx)
        draft["kind"] = kind
        state["awaiting"] = "rationale"
        return [
            say(
                _("Why do you propose this? A sentence or two is enough."),
                [(_("Skip"), "skip")],
                intent="proposal_rationale",
            )
        ]
    if stage == "rationale":
        draft["rationale"] = "" if intent.name == intents.SKIP else text.strip()
        state["awaiting"] = "confirm"
        return [_summary(ctx, draft)]
    if intent.name != intents.YES:
        return [_summary(ctx, draft)]
    return _submit(state, ctx)


def _picked(intent: Intent, prefix: str) -> str | None:
    if intent.name == "pick" and intent.rest.startswith(prefix + ":"):
        return intent.rest.split(":", 1)[1]
    return None


def _typed_area(ctx, text: str) -> str | None:
    if any(stem in text.lower() for stem in ("mittar", "indicator")):
        return INDICATORS
    ranking = ctx.index.focus_area_ranking(text, limit=1)
    return ranking[0][0] if ranking else None


def _about_indicators(draft: dict) -> bool:
    """Whether the participant chose the indicators instead of a focus area."""
    return "focus_area_key" in draft and draft["focus_area_key"] is None


def _scope_prefix(draft: dict) -> str:
    if _about_indicators(draft):
        return "indicator/"
    return f"focus_area/{draft['focus_area_key']}"


def _scope_hits(ctx, draft: dict, text: str, limit: int = 50) -> list:
    """Elements of the chosen focus area (or the indicators) that match ``text``."""
    prefix = _scope_prefix(draft)
    return [
        hit
        for hit in ctx.index.search(text, limit=limit)
        if hit.ref.startswith(prefix) and hit.kind != "focus_area"
    ]


def _target_kind(ref: str) -> str:
    """``focus_area/<fa>/challenge/<c>`` → "challenge"; ``indicator/<i>`` → "indicator"."""
    parts = ref.split("/")
    return parts[-2] if len(parts) >= 2 else ""


def _offered_kinds(draft: dict) -> tuple[str, ...]:
    if _about_indicators(draft):
        return INDICATOR_KINDS
    return PROPOSAL_KINDS


def _ask_area(state: dict, ctx) -> list[dict]:
    state["awaiting"] = "area"
    ranked = [key for key, _score in ctx.index.focus_area_ranking(state["draft"]["text"])]
    ordered = ranked + [key for key in ctx.area_keys if key not in ranked]
    replies = [(ctx.area_title(key), f"area:{key}") for key in ordered]
    replies.append((_("Indicators"), f"area:{INDICATORS}"))
    text = (
        _(
            "Which focus area does it concern? The likeliest is %(area)s.",
            area=ctx.area_title(ranked[0]),
        )
        if ranked
        else _("Which focus area does it concern?")
    )
    return [say(text, replies + [(_("Cancel"), "cancel")], intent="proposal_area")]


def _ask_element(state: dict, ctx) -> list[dict]:
    state["awaiting"] = "element"
    draft = state["draft"]
    if _about_indicators(draft):
        return _ask_indicator(draft, ctx)
    key = draft["focus_area_key"]
    hits = _scope_hits(ctx, draft, draft["text"])[:3]
    replies = [
        (f"{element_kind_label(hit.kind)}: {ctx.element_text(hit.ref)[:60]}", f"ref:{hit.ref}")
        for hit in hits
    ]
    replies.append((_("The whole focus area"), f"ref:focus_area/{key}"))
    text = (
        _(
            "Which part of %(area)s does it concern? The likeliest is “%(element)s”.",
            area=ctx.area_title(key),
            element=ctx.element_text(hits[0].ref),
        )
        if hits
        else _("Which part of %(area)s does it concern?", area=ctx.area_title(key))
    )
    return [say(text, replies + [(_("Cancel"), "cancel")], intent="proposal_element")]


def _ask_indicator(draft: dict, ctx) -> list[dict]:
    # The likeliest first, then the rest: a strategy has only a handful of indicators.
    found = [hit.ref for hit in _scope_hits(ctx, draft, draft["text"])]
    every = [doc["ref"] for doc in ctx.index.docs if doc["kind"] == "indicator"]
    ordered = found + [ref for ref in every if ref not in found]
    replies = [(ctx.element_text(ref)[:60], f"ref:{ref}") for ref in ordered]
    text = (
        _(
            "Which indicator does it concern? The likeliest is “%(element)s”.",
            element=ctx.element_text(found[0]),
        )
        if found
        else _("Which indicator does it concern?")
    )
    return [say(text, replies + [(_("Cancel"), "cancel")], intent="proposal_element")]


def _likely_kind(text: str, target_kind: str) -> str:
    lowered = text.lower()
    removing = any(stem in lowered for stem in REMOVE_STEMS)
    if target_kind == "indicator":
        return "remove" if removing else "change_target"
    if removing:
        return "remove"
    rules = (
        (("sanamuot", "muotoil", "reword", "wording", "rephrase"), "reword"),
        (("toimenpi",), "add_action" if target_kind in ("focus_area", "action") else "add_measure"),
        (("action",), "add_action"),
        (("measure",), "add_measure"),
        (("kuvaus", "description"), "describe_focus_area"),
        (("haaste", "challenge"), "add_challenge"),
    )
    for stems, kind in rules:
        if any(stem in lowered for stem in stems):
            return kind
    return {
        "challenge": "add_solution",
        "solution": "add_solution",
        "focus_area": "add_challenge",
        "action": "add_action",
    }.get(target_kind, "free")


def _ask_kind(state: dict, ctx) -> list[dict]:
    state["awaiting"] = "kind"
    draft = state["draft"]
    likely = _likely_kind(draft["text"], _target_kind(draft["target_ref"]))
    labels = kind_labels()
    ordered = [likely] + [kind for kind in _offered_kinds(draft) if kind != likely]
    replies = [(labels[kind], f"kind:{kind}") for kind in ordered]
    return [
        say(
            _("What kind of change is it? The likeliest is: %(kind)s.", kind=labels[likely]),
            replies + [(_("Cancel"), "cancel")],
            intent="proposal_kind",
        )
    ]


def _summary(ctx, draft: dict) -> dict:
    attached = attached_ref(draft)
    element = (
        _("The strategy's measures") if attached == MEASURES_REF else ctx.element_text(attached)
    )
    where = (
        _("Focus area: %(area)s", area=ctx.area_title(draft["focus_area_key"]))
        if not _about_indicators(draft)
        else _("Part of the strategy: %(part)s", part=_("Indicators"))
    )
    lines = [
        _("Your proposal:"),
        where,
        _("Concerns: %(element)s", element=element),
        _("Change: %(kind)s", kind=kind_labels()[draft["kind"]]),
        _("Proposal: %(text)s", text=draft["text"]),
        _("Reason: %(reason)s", reason=draft.get("rationale") or "–"),
        _("Shall I submit it?"),
    ]
    return say(
        "\n".join(lines),
        [(_("Submit the proposal"), "yes"), (_("Cancel"), "cancel")],
        intent="proposal_confirm",
        draft=proposal_draft(draft),
    )


def proposal_draft(draft: dict) -> dict:
    """The plain draft the proposals seam takes."""
    return {
        "kind": draft["kind"],
        "target_ref": draft["target_ref"],
        "focus_area_key": draft["focus_area_key"],
        "text": draft["text"],
        "rationale": draft.get("rationale", ""),
    }


def _submit(state: dict, ctx) -> list[dict]:
    draft = proposal_draft(state["draft"])
    try:
        stored = ctx.submit_proposal(draft)
    except DomainError as error:
        # The draft stays, so that the participant can try again later.
        return [
            say(
                _("The proposal could not be submitted: %(reason)s", reason=ctx.error_text(error)),
                [(_("Try again"), "yes"), (_("Cancel"), "cancel")],
                intent="error",
            )
        ]
    state.update(awaiting=None, draft=None)
    return [
        say(
            _("Thank you! Your proposal was submitted."),
            intent="proposal_submitted",
            proposal=stored,
        ),
        *_reminder(state, ctx),
    ]

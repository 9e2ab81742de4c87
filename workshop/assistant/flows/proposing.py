"""Proposing: a suggestion becomes a real proposal step by step (offer, focus area, element,
kind, rationale, confirmation); nothing is submitted before the participant confirms.

State it uses: ``draft`` {text, focus_area_key, target_ref, kind, rationale}, filled stage by
stage. Typed text at a stage that offers buttons is matched to the buttons' labels (or, for
the focus area and the element, searched in the strategy); otherwise the buttons come again.

The proposals' own rule (``proposals.services.proposing_open``) is asked before a proposal is
offered and at every stage: when the open step takes no proposals, the chat says where they
are taken and shows the participant's text, so that nothing they wrote is lost.
"""

from __future__ import annotations

from flask_babel import gettext as _

from workshop.assistant import intents, wording
from workshop.assistant.flows.common import Said, match_choice, say, shorten
from workshop.assistant.flows.informing import current_step, element_kind_label, help_message
from workshop.assistant.proposal_seam import attached_ref
from workshop.errors import DomainError
from workshop.proposals.services import MEASURES_REF

OFFER = "offer"
AREA = "area"
ELEMENT = "element"
KIND = "kind"
RATIONALE = "rationale"
CONFIRM = "confirm"
WORDING = "wording"  # the participant rewrites the proposal's text
STAGES = (OFFER, AREA, ELEMENT, KIND, RATIONALE, CONFIRM, WORDING)
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
# What each stage needs in the draft before it can be asked (older states may lack keys).
NEEDS = {
    OFFER: ("text",),
    AREA: ("text",),
    ELEMENT: ("text", "focus_area_key"),
    KIND: ("text", "focus_area_key", "target_ref"),
    RATIONALE: ("text", "focus_area_key", "target_ref", "kind"),
    CONFIRM: ("text", "focus_area_key", "target_ref", "kind"),
    WORDING: ("text", "focus_area_key", "target_ref", "kind"),
}


def valid(state: dict) -> bool:
    draft = state.get("draft")
    return isinstance(draft, dict) and all(key in draft for key in NEEDS[state["awaiting"]])


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


def offer(state: dict, ctx, text: str) -> list[dict]:
    """A suggestion: offer to make it a proposal (in a cleaned wording, which can be edited
    before it is sent), or to support a similar proposal, if proposals are taken now."""
    said = text.strip()
    draft = {"text": wording.cleaned(said) or said, "said": said}
    if not ctx.proposing:
        return closed(state, ctx, draft)
    similar = ctx.similar_proposal(said)
    if similar is not None:
        draft["similar"] = similar
    state.update(awaiting=OFFER, draft=draft)
    return [_offer_message(ctx, draft)]


def _offer_message(ctx, draft: dict) -> dict:
    replies = [(_("Yes, make a proposal"), "yes"), (_("No, thanks"), "no")]
    if intents.matches(intents.CHANGE, draft.get("said", draft["text"])):
        # "Minun pitäisi muuttaa vastaustani": a suggestion word wins, but a change is one tap.
        replies.insert(1, (_("No, change my answer"), "change"))
    lines = [_("That sounds like a proposal for the strategy."), *_likely_area(ctx, draft)]
    if draft["text"] != draft.get("said", draft["text"]):
        lines.append(
            _("As a proposal it could read: ”%(text)s” (you can edit it).", text=draft["text"])
        )
    similar = draft.get("similar")
    if similar and similar.get("supportable"):
        lines.append(
            _(
                "A similar proposal exists already: ”%(text)s” (%(supports)s support it). "
                "You can support it instead.",
                text=similar["text"],
                supports=similar["supports"],
            )
        )
        replies.insert(0, (_("Support that proposal"), f"support:{similar['id']}"))
        replies[1] = (_("Make my own proposal"), "yes")
    elif similar:
        # Support is taken in the proposals and support steps, not while scoring.
        lines.append(
            _(
                "A similar proposal exists already: ”%(text)s”. You can support it in the "
                "proposals step.",
                text=similar["text"],
            )
        )
    lines.append(_("Shall I help you make it a proposal?"))
    return say("\n".join(lines), replies, intent="suggestion")


def _support(state: dict, ctx, proposal_id: str, reminder) -> list[dict]:
    """Support the similar proposal instead of making a new one."""
    similar = state["draft"].get("similar") or {}
    state.update(awaiting=None, draft=None)
    if str(similar.get("id")) != proposal_id or not similar.get("supportable"):
        return [*_offer_gone(), *reminder()]
    try:
        ctx.support_proposal(similar["id"])
    except DomainError as error:
        text = _(
            "The support could not be saved: %(reason)s",
            reason=ctx.error_text(error, proposal=True),
        )
        return [say(text, intent="error"), *reminder()]
    text = _("Thank you! You now support the proposal ”%(text)s”.", text=similar["text"])
    return [say(text, intent="proposal_supported"), *reminder()]


def _offer_gone() -> list[dict]:
    return [say(_("That offer is no longer open."), intent="error")]


def _likely_area(ctx, draft: dict) -> list[str]:
    """Where the suggestion would go, by the search: one sentence, or none."""
    ranking = ctx.index.focus_area_ranking(draft["text"], limit=1)
    if not ranking:
        return []
    return [_("It would go to the focus area %(area)s.", area=ctx.area_title(ranking[0][0]))]


def closed(state: dict, ctx, draft: dict, error: DomainError | None = None) -> list[dict]:
    """Proposals are not taken now (``error``, else the rule's refusal): say where they are
    taken, with the participant's text to keep."""
    state.update(awaiting=None, draft=None)
    error = error or ctx.proposal_refusal
    if error is None or getattr(error, "code", "") == "proposals_closed":
        why = _(
            "Proposals are not taken in this step, so I cannot submit yours now: you can make "
            "it in the proposals step. Write it down so that you have it then:"
        )
    else:
        why = _(
            "Your proposal cannot be submitted now: %(reason)s Write it down so that you have it:",
            reason=ctx.error_text(error, proposal=True),
        )
    return [
        say(
            "\n".join([*_likely_area(ctx, draft), why, *_written(draft)]), intent="proposals_closed"
        )
    ]


def _written(draft: dict) -> list[str]:
    """What the participant wrote for the proposal, to keep."""
    # Their own words, unless they rewrote the chat's wording themselves.
    text = draft["text"] if draft.get("edited") else draft.get("said", draft["text"])
    lines = [_("Proposal: %(text)s", text=text)]
    if draft.get("rationale"):
        lines.append(_("Reason: %(reason)s", reason=draft["rationale"]))
    return lines


def _cancel(state: dict, reminder) -> list[dict]:
    state.update(awaiting=None, draft=None)
    return [say(_("All right, no proposal."), intent="proposal_cancelled"), *reminder()]


def handle(state: dict, ctx, said: Said, *, general, reminder) -> list[dict] | None:
    """A message at one of the proposal's stages. ``general`` handles a message that drops
    the offer; ``reminder`` brings back the open question after the proposal."""
    stage, draft = state["awaiting"], state["draft"]
    if stage != OFFER and not ctx.proposing:
        return _closed_meanwhile(state, ctx, said, reminder)
    if stage == RATIONALE:
        return _rationale(state, ctx, said, reminder)
    if stage == WORDING:
        return _wording(state, ctx, said, reminder)
    if said.cancels:
        return _cancel(state, reminder)
    if stage != OFFER and said.command == intents.HELP:
        return [help_message(), *_again(state, ctx)]
    if stage != OFFER and said.intent.name == intents.CURRENT_STEP:
        return [current_step(ctx), *_again(state, ctx)]
    if stage == OFFER:
        supported = said.picked("support")
        if supported is not None:
            return _support(state, ctx, supported, reminder)
        if (
            said.intent.name == intents.YES
            or _typed_choice(said, _offer_message(ctx, draft)) == "yes"
        ):
            if not ctx.proposing:
                return [*closed(state, ctx, draft), *reminder()]
            return _ask_area(state, ctx)
        # Anything else (a score, a question) drops the offer and is taken as it is.
        state.update(awaiting=None, draft=None)
        return general(state, ctx, said)
    if stage == AREA:
        key = said.picked("area") or _typed_area(state, ctx, said)
        if key != INDICATORS and key not in ctx.area_keys:
            return _ask_area(state, ctx)
        draft["focus_area_key"] = None if key == INDICATORS else key
        return _ask_element(state, ctx)
    if stage == ELEMENT:
        ref = said.picked("ref") or _typed_element(state, ctx, said)
        if ref is None or not ref.startswith(_scope_prefix(draft)):
            return _ask_element(state, ctx)
        draft["target_ref"] = ref
        return _ask_kind(state, ctx)
    if stage == KIND:
        kind = said.picked("kind") or _typed_kind(state, ctx, said)
        if kind not in _offered_kinds(draft):
            return _ask_kind(state, ctx)
        draft["kind"] = kind
        if "rationale" in draft:
            # The kind chosen again after a refusal: the reason given stays.
            state["awaiting"] = CONFIRM
            return [_summary(ctx, draft)]
        return _ask_rationale(state)
    chosen = said.picked("wording") or _typed_choice(said, _summary(ctx, draft))
    if chosen in ("edit", "wording:edit"):
        state["awaiting"] = WORDING
        return [_wording_prompt(draft)]
    if said.intent.name == intents.YES or chosen == "yes":
        return _submit(state, ctx, reminder)
    return [_summary(ctx, draft)]


def _wording_prompt(draft: dict) -> dict:
    return say(
        _(
            "Write the proposal as you want it to read. Now it reads: ”%(text)s”",
            text=draft["text"],
        ),
        [(_("Keep it as it is"), "skip"), (_("Cancel"), "cancel")],
        intent="proposal_wording",
    )


def _wording(state: dict, ctx, said: Said, reminder) -> list[dict]:
    """Whatever is written is the new wording, except the explicit commands on their own."""
    command, draft = said.command, state["draft"]
    if command == intents.CANCEL:
        return _cancel(state, reminder)
    if command == intents.HELP:
        return [help_message(), _wording_prompt(draft)]
    if command not in (intents.SKIP, intents.NO):
        if said.reply or not said.text.strip():
            return [_wording_prompt(draft)]
        draft.update(text=said.text.strip(), edited=True)
    state["awaiting"] = CONFIRM
    return [_summary(ctx, draft)]


def _closed_meanwhile(state: dict, ctx, said: Said, reminder) -> list[dict]:
    """The step changed while the proposal was being made: a cancel cancels; anything else is
    answered with where proposals are taken and the text so far (a rationale being typed
    included), never taken as something else."""
    draft = dict(state["draft"])
    command = said.command
    if said.cancels or command == intents.CANCEL:
        return _cancel(state, reminder)
    typed = said.text.strip()
    if state["awaiting"] == RATIONALE and typed and not said.reply and command is None:
        draft["rationale"] = typed
    return [*closed(state, ctx, draft), *reminder()]


def _rationale(state: dict, ctx, said: Said, reminder) -> list[dict]:
    """Whatever is written is the rationale, except the explicit commands on their own."""
    command, draft = said.command, state["draft"]
    if command == intents.CANCEL:
        return _cancel(state, reminder)
    if command == intents.HELP:
        return [help_message(), *_ask_rationale(state)]
    if command in (intents.SKIP, intents.NO):
        draft["rationale"] = ""
    elif said.reply or not said.text.strip():
        return _ask_rationale(state)
    else:
        draft["rationale"] = said.text.strip()
    state["awaiting"] = CONFIRM
    return [_summary(ctx, draft)]


def _again(state: dict, ctx) -> list[dict]:
    """The open stage's question again."""
    stage = state["awaiting"]
    if stage == AREA:
        return _ask_area(state, ctx)
    if stage == ELEMENT:
        return _ask_element(state, ctx)
    if stage == KIND:
        return _ask_kind(state, ctx)
    if stage == RATIONALE:
        return _ask_rationale(state)
    return [_summary(ctx, state["draft"])]


def _typed_choice(said: Said, message: dict) -> str | None:
    if said.reply:
        return None
    offered = [(reply["label"], reply["value"]) for reply in message["quick_replies"]]
    return match_choice(said.text, offered)


def _typed_area(state: dict, ctx, said: Said) -> str | None:
    """A focus area named by the typed text: by a button's label, else by the search."""
    if said.reply or not said.text.strip():
        return None
    picked = _typed_choice(said, _ask_area(dict(state), ctx)[0])
    if picked is not None:
        return picked.partition(":")[2] if picked.startswith("area:") else None
    text = said.text
    if any(stem in text.lower() for stem in ("mittar", "indicator")):
        return INDICATORS
    if intents.detect(text).name in intents.COMMANDS | {intents.SCORE, intents.HEDGED_SCORE}:
        return None
    ranking = ctx.index.focus_area_ranking(text, limit=1)
    return ranking[0][0] if ranking else None


def _typed_element(state: dict, ctx, said: Said) -> str | None:
    if said.reply or not said.text.strip():
        return None
    picked = _typed_choice(said, _ask_element(dict(state), ctx)[0])
    if picked is not None:
        return picked.partition(":")[2] if picked.startswith("ref:") else None
    if intents.detect(said.text).name in intents.COMMANDS:
        return None
    hits = _scope_hits(ctx, state["draft"], said.text)
    return hits[0].ref if hits else None


def _typed_kind(state: dict, ctx, said: Said) -> str | None:
    picked = _typed_choice(said, _ask_kind(dict(state), ctx)[0])
    return picked.partition(":")[2] if picked and picked.startswith("kind:") else None


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
    state["awaiting"] = AREA
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
    state["awaiting"] = ELEMENT
    draft = state["draft"]
    if _about_indicators(draft):
        return _ask_indicator(draft, ctx)
    key = draft["focus_area_key"]
    hits = _scope_hits(ctx, draft, draft["text"])[:3]
    replies = [
        (
            shorten(f"{element_kind_label(hit.kind)}: {ctx.element_text(hit.ref)}", 70),
            f"ref:{hit.ref}",
        )
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
    replies = [(shorten(ctx.element_text(ref), 60), f"ref:{ref}") for ref in ordered]
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
    state["awaiting"] = KIND
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


def _ask_rationale(state: dict) -> list[dict]:
    state["awaiting"] = RATIONALE
    return [
        say(
            _("Why do you propose this? A sentence or two is enough."),
            [(_("Skip"), "skip")],
            intent="proposal_rationale",
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
        [
            (_("Submit the proposal"), "yes"),
            (_("Edit the wording"), "wording:edit"),
            (_("Cancel"), "cancel"),
        ],
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


def _submit(state: dict, ctx, reminder) -> list[dict]:
    draft = proposal_draft(state["draft"])
    try:
        stored = ctx.submit_proposal(draft)
    except DomainError as error:
        return [*_refused(state, ctx, error), *reminder()]
    state.update(awaiting=None, draft=None)
    return [
        say(
            _("Thank you! Your proposal was submitted."),
            intent="proposal_submitted",
            proposal=stored,
        ),
        *reminder(),
    ]


def _refused(state: dict, ctx, error: DomainError) -> list[dict]:
    """A refused proposal: none of the refusals passes on a second try, so nothing offers one.
    A kind that does not fit the element is chosen again; otherwise the draft ends, shown so
    that the participant keeps what they wrote."""
    reason = _(
        "The proposal could not be submitted: %(reason)s",
        reason=ctx.error_text(error, proposal=True),
    )
    code = getattr(error, "code", "")
    if code == "proposals_closed":
        return closed(state, ctx, state["draft"], error)
    if code == "invalid_target":
        return [say(reason, intent="error"), *_ask_kind(state, ctx)]
    draft = state["draft"]
    state.update(awaiting=None, draft=None)
    return [say("\n".join([reason, *_written(draft)]), intent="error")]

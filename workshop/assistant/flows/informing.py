"""Informing: answers from the strategy's own words, help, the current step and results."""

from __future__ import annotations

from flask_babel import gettext as _

from workshop.assistant.flows.common import say, shorten
from workshop.proposals.labels import ELEMENT_KIND_NAMES

MAX_QUOTES = 3
MAX_SOLUTIONS = 3
QUOTE_LENGTH = 320  # a quoted sentence longer than this is cut at a word
RELATIVE_FLOOR = 0.4  # a hit scoring under this share of the best one is noise, not an answer


def element_kind_label(kind: str) -> str:
    name = ELEMENT_KIND_NAMES.get(kind)
    return str(name) if name is not None else kind


def quote(ctx, hit, question: str = "") -> dict:
    """A found element as the chat quotes it: where it stands and the sentences that answer."""
    doc = ctx.index.doc(hit.ref) or {}
    text = hit.text.get(ctx.locale) or hit.text.get("fi") or ""
    covers = doc.get("covers", {})
    if covers:  # a focus area: what it covers
        sentences = (covers.get(ctx.locale) or covers.get("fi") or [])[:MAX_SOLUTIONS]
    else:
        sentences = ctx.index.sentences(hit.ref, question, ctx.locale) if question else []
    path = doc.get("path", {})
    return {
        "ref": hit.ref,
        "kind": hit.kind,
        "kind_label": element_kind_label(hit.kind),
        "focus_area": hit.focus_area_key,
        "focus_area_title": ctx.area_title(hit.focus_area_key) if hit.focus_area_key else "",
        "where": path.get(ctx.locale) or path.get("fi") or "",
        "text": text,
        "sentences": sentences or [text],
    }


def _quoted(sentences) -> str:
    return shorten(" ".join(sentences), QUOTE_LENGTH)


def _shown(ctx, item: dict, quoted: set[str]) -> dict:
    """One found passage as the chat shows it: ``words`` (the strategy's own, quoted, or an
    indicator's values), ``where_label`` (where it stands, with its kind) and ``line`` (both
    as one line of the message's text). A challenge comes with its solutions not quoted on
    other lines."""
    kind, where = item["kind"], item["where"]
    label = item["kind_label"].lower()
    if kind == "indicator":
        facts = ctx.indicator_line(item["ref"].split("/", 1)[1])
        return {"words": facts, "where_label": item["kind_label"], "line": f"• {facts}"}
    if kind == "challenge":
        solutions = [f"”{s}”" for s in ctx.solutions(item["ref"]) if s not in quoted]
        listed = ", ".join(solutions[:MAX_SOLUTIONS])
        words = _("solutions: %(solutions)s", solutions=listed) if solutions else ""
        line = _("• %(where)s › %(challenge)s (challenge)", where=where, challenge=item["text"])
        return {
            "words": f"{item['text']}: {words}" if words else item["text"],
            "where_label": f"{where} ({label})",
            "line": f"{line}: {words}" if words else line,
        }
    if kind == "measure":
        where = _("Dissemination measures")
    words = ", ".join(f"”{_quoted([sentence])}”" for sentence in item["sentences"])
    kind_note = "" if kind in ("section", "theme") else f" ({label})"
    return {
        "words": words,
        "where_label": f"{where}{kind_note}",
        "line": f"• {where}: {words}{kind_note}",
    }


def _answering(ctx, text: str, prefer: str | None) -> list:
    """The hits worth quoting: at most three, none far weaker than the best, none that
    another one already says (a solution under a quoted challenge, a paragraph twice)."""
    hits = ctx.index.search(text, limit=3 * MAX_QUOTES, prefer=prefer)
    if not hits:
        return []
    chosen = []
    for hit in hits:
        if hit.score < RELATIVE_FLOOR * hits[0].score:
            break
        parent = hit.ref.rsplit("/solution/", 1)[0]
        if any(parent == other.ref or _covered(ctx, hit, other) for other in chosen):
            continue
        chosen.append(hit)
        if len(chosen) == MAX_QUOTES:
            break
    return chosen


def _merged(quotes: list[dict]) -> list[dict]:
    """Paragraphs of one narrative section (or theme) as one line, in the order found."""
    merged: list[dict] = []
    for item in quotes:
        same = next(
            (
                m
                for m in merged
                if item["kind"] in ("section", "theme")
                and (m["kind"], m["where"]) == (item["kind"], item["where"])
            ),
            None,
        )
        if same is None:
            merged.append({**item, "sentences": list(item["sentences"])})
        else:
            same["sentences"].extend(s for s in item["sentences"] if s not in same["sentences"])
    return merged


def _covered(ctx, hit, other) -> bool:
    """Whether ``hit`` is one of the things a quoted focus area ``other`` is said to cover."""
    covers = (ctx.index.doc(other.ref) or {}).get("covers", {})
    return hit.focus_area_key == other.focus_area_key and any(
        hit.text.get(lang) in covers.get(lang, ()) for lang in ("fi", "en")
    )


def answer_question(ctx, text: str, prefer: str | None = None) -> dict:
    """The strategy's own sentences on a question, each with where it stands, or a plain
    "nothing found" with questions that do find something. ``prefer``: the focus area being
    scored, whose passages come first when they answer as well."""
    hits = _answering(ctx, text, prefer)
    if not hits:
        return nothing_found(ctx, prefer)
    quotes = [quote(ctx, hit, text) for hit in hits]
    lines = [_("This is what the strategy says:")]
    corrected = ctx.index.corrections(text)
    if corrected:
        read = ", ".join(f"”{typed}” → ”{meant}”" for typed, meant in corrected)
        lines[0] = _("I read: %(words)s.", words=read) + " " + lines[0]
    quoted = {item["text"] for item in quotes}
    shown = [{**item, **_shown(ctx, item, quoted)} for item in _merged(quotes)]
    lines.extend(item.pop("line") for item in shown)
    return say("\n".join(lines), quotes=shown, intent="question")


def nothing_found(ctx, area_key: str | None = None) -> dict:
    """A plain "nothing found", with two or three questions the strategy does answer."""
    examples = [
        _("What does the strategy say about energy storage?"),
        _("What is the target for R&D expenditure?"),
        _("What does smart specialisation mean?"),
    ]
    if area_key:
        examples[0] = _("What are the challenges of %(area)s?", area=ctx.area_title(area_key))
    return say(
        "\n".join(
            [
                _("I did not find that in the strategy. You could ask, for example:"),
                *(f"• {example}" for example in examples),
            ]
        ),
        intent="question",
        found=[],
    )


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

"""Open answers, their moderation, poll and prioritisation choices, and their results.

The rules of every path (Socket.IO, the assistant, the report): flush, never commit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from workshop.audit.services import record
from workshop.errors import NotFound
from workshop.extensions import db
from workshop.language import lemmas
from workshop.review.models import AgendaStep, Participant, StepKind, StepStatus
from workshop.review.results import min_group_size
from workshop.review.services import ReviewError, step_focus_areas
from workshop.steps.models import ModerationStatus, OpenAnswer, StepChoice
from workshop.text import clean_text

MAX_ANSWER = 280  # a line on the big screen, not an essay
MAX_ANSWERS_PER_PARTICIPANT = 10  # of one open question
CLOUD_WORDS = 40
CLOUD_SIZES = 5
# The reasons a facilitator picks from when hiding a text; "other" comes with its own words.
HIDE_REASONS = ("inappropriate", "personal_data", "off_topic", "duplicate", "other")


def _open_step_of(participant: Participant, step_id: int, kinds) -> AgendaStep:
    """The participant's session's open step ``step_id`` of one of ``kinds``."""
    step = participant.session.open_step if participant.session is not None else None
    if step is None or step.id != step_id or step.status != StepStatus.OPEN:
        raise ReviewError("step_not_open", "This step is not open.")
    if step.kind not in kinds:
        raise ReviewError("wrong_step_kind", "This step does not take this answer.")
    return step


# Open questions ---------------------------------------------------------------------------


def submit_open_answer(
    participant: Participant, step_id: int, text: str, client_id: str
) -> tuple[OpenAnswer, bool]:
    """Add a participant's answer, held for moderation; a resent one is returned as it was."""
    earlier = db.session.scalar(
        select(OpenAnswer).where(
            OpenAnswer.participant_id == participant.id, OpenAnswer.client_id == client_id
        )
    )
    if earlier is not None:
        return earlier, True
    step = _open_step_of(participant, step_id, (StepKind.OPEN_QUESTION,))
    text = clean_text(text, multiline=False)
    if not text:
        raise ReviewError("text_required", "Write your answer.")
    if len(text) > MAX_ANSWER:
        raise ReviewError("too_long", "The answer is too long.")
    given = db.session.scalar(
        select(func.count(OpenAnswer.id)).where(
            OpenAnswer.step_id == step.id, OpenAnswer.participant_id == participant.id
        )
    )
    if given >= MAX_ANSWERS_PER_PARTICIPANT:
        raise ReviewError("too_many_answers", "You have given the most answers this step takes.")
    answer = OpenAnswer(
        step_id=step.id,
        participant_id=participant.id,
        group_id=participant.group_id,
        client_id=client_id,
        text=text,
        lemmas=lemmas.lemmas(text),
        status=ModerationStatus.HELD,
    )
    db.session.add(answer)
    db.session.flush()
    return answer, False


def get_open_answer(step: AgendaStep, answer_id: int) -> OpenAnswer:
    answer = db.session.get(OpenAnswer, answer_id)
    if answer is None or answer.step_id != step.id:
        raise NotFound("No such answer.")
    return answer


def hide_reason(reason: str, other: str = "") -> str:
    """The stored reason of a hide: a key of ``HIDE_REASONS``, or "other: <the words>"."""
    if reason not in HIDE_REASONS:
        raise ReviewError("invalid_reason", "Choose a reason.")
    if reason != "other":
        return reason
    other = clean_text(other, multiline=False)
    if not other:
        raise ReviewError("reason_required", "Say why the text is hidden.")
    if len(other) > 500:
        raise ReviewError("too_long", "The reason is too long.")
    return f"other: {other}"


def moderate_open_answer(answer: OpenAnswer, action: str, user, reason: str = "") -> None:
    """Approve an answer for the big screen, or hide it with a reason; audited either way."""
    if action == "approve":
        answer.status = ModerationStatus.APPROVED
        answer.hidden_reason = ""
    elif action == "hide":
        if not reason:
            raise ReviewError("reason_required", "Choose a reason.")
        answer.status = ModerationStatus.HIDDEN
        answer.hidden_reason = reason
    else:
        raise ReviewError("invalid_action", "Unknown moderation action.")
    answer.moderated_by_id = getattr(user, "id", None)
    db.session.flush()
    record(
        f"open_answer.{action}",
        actor=user,
        subject=f"open_answer:{answer.id}",
        step_id=answer.step_id,
        reason=answer.hidden_reason,
    )


def open_answers(step: AgendaStep, participant: Participant | None = None) -> list[OpenAnswer]:
    """The step's answers, oldest first (only one participant's when given)."""
    query = select(OpenAnswer).where(OpenAnswer.step_id == step.id)
    if participant is not None:
        query = query.where(OpenAnswer.participant_id == participant.id)
    return list(db.session.scalars(query.order_by(OpenAnswer.id)))


def _counts(answers: list[OpenAnswer], exclude: frozenset[str]) -> Counter:
    return Counter(lemma for a in answers for lemma in a.lemmas if lemma not in exclude)


def word_cloud(
    answers: list[OpenAnswer], limit: int = CLOUD_WORDS, exclude: frozenset[str] = frozenset()
) -> list[dict]:
    """The commonest lemmas of ``answers`` (not those of ``exclude``: the question's own
    words), each with its count and a size from 1 to 5."""
    counts = _counts(answers, exclude)
    common = counts.most_common(limit)
    if not common:
        return []
    forms = lemmas.display_forms([answer.text for answer in answers])
    top, low = common[0][1], common[-1][1]
    # Sizes spread over the counts shown; words all as common are all of the middle size.
    middle = (CLOUD_SIZES + 1) // 2
    return [
        {
            "word": forms.get(lemma, lemma),
            "count": count,
            "size": 1 + round((CLOUD_SIZES - 1) * (count - low) / (top - low))
            if top > low
            else middle,
        }
        for lemma, count in sorted(common, key=lambda pair: (-pair[1], pair[0]))
    ]


def grouped_answers(answers: list[OpenAnswer], exclude: frozenset[str] = frozenset()) -> list[dict]:
    """Answers grouped by their commonest shared lemma: answers that name the same thing
    (whatever its inflection) sit together, the largest group first; the rest last."""
    counts = _counts(answers, exclude)
    forms = lemmas.display_forms([answer.text for answer in answers])
    groups: dict[str, list[OpenAnswer]] = {}
    for answer in answers:
        shared = [lemma for lemma in answer.lemmas if counts[lemma] > 1]
        # The commonest; of equally common ones the answer's first (its main word, mostly).
        key = min(
            shared, key=lambda lemma: (-counts[lemma], answer.lemmas.index(lemma)), default=""
        )
        groups.setdefault(key, []).append(answer)
    ordered = sorted(groups.items(), key=lambda item: (item[0] == "", -len(item[1]), item[0]))
    return [
        {
            "word": forms.get(key, key),
            "answers": [{"id": answer.id, "text": answer.text} for answer in group],
        }
        for key, group in ordered
    ]


def open_results(step: AgendaStep) -> dict:
    """What the room may see of an open question: approved answers, grouped and as a cloud."""
    return combined_open_results([step])


def combined_open_results(steps: list[AgendaStep]) -> dict:
    """``open_results`` of the same question asked in several sessions (the report's)."""
    answers = list(
        db.session.scalars(
            select(OpenAnswer)
            .where(OpenAnswer.step_id.in_([step.id for step in steps]))
            .order_by(OpenAnswer.id)
        )
    )
    approved = [answer for answer in answers if answer.status == ModerationStatus.APPROVED]
    # "Mitä strategiasta puuttuu?" answered "... puuttuu": the question's words tell nothing.
    asked = frozenset(lemmas.lemmas(steps[0].config.get("prompt", ""))) if steps else frozenset()
    return {
        "answered": len(answers),
        "approved": len(approved),
        "groups": grouped_answers(approved, asked),
        "cloud": word_cloud(approved, exclude=asked),
        "analyser": lemmas.analyser_name(),
    }


def moderation_queue_item(answer: OpenAnswer) -> dict:
    return {
        "id": answer.id,
        "text": answer.text,
        "status": answer.status,
        "hidden_reason": answer.hidden_reason,
    }


def moderation_queue(step: AgendaStep) -> list[dict]:
    """Every answer of the step with its moderation state, for the console."""
    return [moderation_queue_item(answer) for answer in open_answers(step)]


# Polls and prioritisation -----------------------------------------------------------------


def option_keys(step: AgendaStep) -> list[str]:
    """The keys a participant may choose: the poll's options, or the focus areas offered."""
    if step.kind == StepKind.POLL:
        return [option["key"] for option in step.config.get("options", [])]
    return [area.key for area in step_focus_areas(step)]


def most_choices(step: AgendaStep) -> int:
    if step.kind == StepKind.POLL:
        return len(option_keys(step)) if step.config.get("multiple") else 1
    return int(step.config.get("max_picks", 3))


def submit_choice(participant: Participant, step_id: int, choices: list[str]) -> StepChoice:
    """Record (or replace) a participant's choice; an empty list withdraws it."""
    step = _open_step_of(participant, step_id, (StepKind.POLL, StepKind.PRIORITY))
    known = set(option_keys(step))
    if any(choice not in known for choice in choices) or len(set(choices)) != len(choices):
        raise ReviewError("invalid_choice", "Choose among the options, each once.")
    if len(choices) > most_choices(step):
        raise ReviewError("too_many_choices", "You chose more than this step takes.")
    choice = db.session.scalar(
        select(StepChoice).where(
            StepChoice.step_id == step.id, StepChoice.participant_id == participant.id
        )
    )
    if choice is None:
        choice = StepChoice(
            step_id=step.id, participant_id=participant.id, group_id=participant.group_id
        )
        db.session.add(choice)
    choice.choices = list(choices)
    db.session.flush()
    return choice


def participant_choice(step: AgendaStep, participant: Participant) -> list[str]:
    choice = db.session.scalar(
        select(StepChoice).where(
            StepChoice.step_id == step.id, StepChoice.participant_id == participant.id
        )
    )
    return list(choice.choices) if choice is not None else []


@dataclass(frozen=True)
class Tally:
    key: str
    count: int  # participants who chose it
    points: int  # the Borda points of a ranked prioritisation (else equal to count)
    first: int  # participants who put it first


def _ranked(step: AgendaStep) -> bool:
    return step.kind == StepKind.PRIORITY and bool(step.config.get("ranked"))


def _tallies(steps: list[AgendaStep]) -> tuple[int, list[Tally]]:
    step = steps[0]  # the others ask the same with the same options
    rows = db.session.scalars(
        select(StepChoice.choices).where(StepChoice.step_id.in_([s.id for s in steps]))
    ).all()
    ranked = _ranked(step)
    picks = most_choices(step)
    counts, points, firsts = Counter(), Counter(), Counter()
    respondents = 0
    for choices in rows:
        if not choices:
            continue
        respondents += 1
        firsts[choices[0]] += 1
        for place, key in enumerate(choices):
            counts[key] += 1
            # Borda: with N picks the first is worth N points, the last pick 1 point.
            points[key] += picks - place if ranked else 1
    tallies = [Tally(key, counts[key], points[key], firsts[key]) for key in option_keys(step)]
    return respondents, tallies


def choice_results(step: AgendaStep) -> dict:
    """A poll's counts in option order, or a prioritisation's ranked bars (most points first).

    Below the minimum group size nothing but the number of respondents is given, as with
    scores: a handful of choices would tell who chose what.
    """
    return combined_choice_results([step])


def combined_choice_results(steps: list[AgendaStep]) -> dict:
    """``choice_results`` of the same poll or prioritisation in several sessions."""
    step = steps[0]
    respondents, tallies = _tallies(steps)
    size = min_group_size()
    withheld = respondents < size
    if step.kind == StepKind.PRIORITY:
        tallies.sort(key=lambda t: (-t.points, -t.count, -t.first))
    return {
        "respondents": respondents,
        "min_group_size": size,
        "withheld": withheld,
        "method": "borda"
        if step.kind == StepKind.PRIORITY and step.config.get("ranked")
        else "count",
        "items": []
        if withheld
        else [
            {"key": t.key, "count": t.count, "points": t.points, "first": t.first} for t in tallies
        ],
    }


# Every kind -------------------------------------------------------------------------------


def results_of(step: AgendaStep) -> dict | None:
    """The room's results of a step of one of these kinds (None for the other kinds)."""
    if step.kind == StepKind.OPEN_QUESTION:
        return open_results(step)
    if step.kind in (StepKind.POLL, StepKind.PRIORITY):
        return choice_results(step)
    return None

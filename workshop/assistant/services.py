"""The assistant's services: run the dialogue for a participant, keep its state and messages."""

from __future__ import annotations

import copy
import uuid
from datetime import timedelta
from functools import cached_property

from babel.numbers import format_decimal
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from workshop.assistant import dialogue, intents, proposal_seam
from workshop.assistant.flows.common import shorten
from workshop.assistant.models import Conversation, Message
from workshop.assistant.search import Index, has_index, index_for
from workshop.errors import DomainError
from workshop.extensions import db
from workshop.language.morphology import MorphologyUnavailable
from workshop.models import utcnow
from workshop.proposals.services import ProposalError, proposal_refusal
from workshop.review import participation
from workshop.review.labels import step_kind_name
from workshop.review.models import (
    Answer,
    Participant,
    Question,
    SessionStatus,
    StepKind,
)
from workshop.review.payloads import iso, step_title
from workshop.review.results import removed_participant_ids, step_results
from workshop.review.services import step_focus_areas
from workshop.strategy.models import StrategyVersion, VersionStatus
from workshop.strategy.services import current_version, default_strategy
from workshop.text import clean_text

MAX_MESSAGE_LENGTH = 2000
# A participant of an online window who comes back after this long is greeted back.
RESUME_GREETING = timedelta(minutes=10)
HISTORY_LIMIT = 200


def _current_version():
    """The app's current version, its row only: the index of a version is built once, so the
    whole version is loaded (``current_version``) only when its index is not built yet."""
    strategy = default_strategy()
    version = (
        db.session.scalar(
            select(StrategyVersion).where(
                StrategyVersion.strategy_id == strategy.id,
                StrategyVersion.status == VersionStatus.CURRENT,
            )
        )
        if strategy is not None
        else None
    )
    if version is None or not has_index(version):
        return current_version()
    return version


class Context:
    """What the dialogue sees of the world: the participant's open step, questions and answers,
    the strategy index, and the writes it may make."""

    def __init__(self, participant: Participant | None, version=None, locale: str = "fi"):
        self.participant = participant
        self.locale = participant.locale if participant is not None else locale
        session = participant.session if participant is not None else None
        self.session = session
        self.online = bool(session is not None and session.online)
        live = session is not None and session.status == SessionStatus.OPEN
        self.step = session.open_step if live else None
        self.scoring = self.step is not None and self.step.kind == StepKind.SCORING
        if version is None:
            version = (
                participant.session.review_round.strategy_version
                if session is not None
                else _current_version()
            )
        self.version = version
        self.index: Index = index_for(version)
        self.area_keys = list(self.index.focus_areas)
        self.questions = list(session.review_round.questions) if session is not None else []
        self._areas = step_focus_areas(self.step) if self.scoring else []
        self.answers = self._load_answers() if self.scoring else {}
        last = (
            db.session.scalars(
                select(Message)
                .where(Message.participant_id == participant.id, Message.role == "assistant")
                .order_by(Message.id.desc())
                .limit(1)
            ).first()
            if participant is not None
            else None
        )
        self.has_history = last is not None
        self.last_message = last.data if last is not None else None
        self.idle_for_a_while = last is not None and utcnow() - last.created_at > RESUME_GREETING

    def _load_answers(self) -> dict[tuple[str, str], tuple[int | None, str]]:
        rows = db.session.execute(
            select(Question.key, Answer.focus_area_key, Answer.value, Answer.reason)
            .join(Question, Answer.question_id == Question.id)
            .where(Answer.participant_id == self.participant.id)
        )
        return {(row.key, row.focus_area_key): (row.value, row.reason) for row in rows}

    @property
    def step_title(self) -> str:
        title = step_title(self.step, self.locale) if self.step is not None else ""
        return title or step_kind_name(self.step.kind if self.step else "")

    def cells(self):
        """The (question, focus area) pairs of the open scoring step, area by area."""
        return [(question, area) for area in self._areas for question in self.questions]

    def cell(self, question_key: str, area_key: str):
        return next(
            ((q, a) for q, a in self.cells() if q.key == question_key and a.key == area_key),
            None,
        )

    def progress(self) -> tuple[int, int]:
        cells = self.cells()
        return sum((q.key, a.key) in self.answers for q, a in cells), len(cells)

    def area_title(self, key: str | None) -> str:
        titles = self.index.focus_areas.get(key or "", {})
        return titles.get(self.locale) or titles.get("fi") or (key or "")

    def solutions(self, challenge_ref: str) -> list[str]:
        """The solutions of a challenge, in the participant's language."""
        prefix = challenge_ref + "/solution/"
        return [
            doc["text"].get(self.locale) or doc["text"].get("fi") or ""
            for doc in self.index.docs
            if doc["ref"].startswith(prefix)
        ]

    def indicator_line(self, key: str) -> str:
        """An indicator's baseline, target and latest value with its status, in words."""
        from workshop.evidence.services import format_value, indicator_row, indicator_values
        from workshop.report.labels import status_name
        from workshop.strategy.models import Indicator

        indicator = db.session.scalar(
            select(Indicator).where(Indicator.version_id == self.version.id, Indicator.key == key)
        )
        if indicator is None:
            return self.element_text(f"indicator/{key}")
        # Only this indicator's values (``indicator_rows`` would load the whole version).
        values = indicator_values(self.version.strategy).get(key, [])
        row = indicator_row(indicator, values, self.locale)
        unit = f" {row.unit}" if row.unit else ""
        parts = [
            _(
                "baseline %(value)s (%(year)s)",
                value=row.baseline_text or "–",
                year=row.baseline_year or "–",
            ),
            _(
                "target %(value)s (%(year)s)",
                value=row.target_text or "–",
                year=row.target_year or "–",
            ),
        ]
        if row.latest_value is not None:
            parts.append(
                _(
                    "latest value %(value)s (%(year)s): %(status)s",
                    value=format_value(row.latest_value, self.locale) + unit,
                    year=row.latest_year,
                    status=status_name(row.status).lower(),
                )
            )
        else:
            parts.append(_("no values recorded yet"))
        return _(
            "%(indicator)s (indicator): %(facts)s.", indicator=row.name, facts=", ".join(parts)
        )

    def element_text(self, ref: str) -> str:
        doc = self.index.doc(ref)
        return (doc["text"].get(self.locale) or doc["text"].get("fi") or ref) if doc else ref

    def record(self, question_key: str, area_key: str, value: int | None, reason: str) -> dict:
        """Save a score through the same service as the form; the live results follow."""
        from workshop.review.events import mark_results_changed

        result = participation.submit_answer(
            self.participant,
            submission_id=f"assistant-{uuid.uuid4().hex}",
            step_id=self.step.id,
            question_key=question_key,
            focus_area_key=area_key,
            value=value,
            reason=reason,
        )
        if not result.duplicate:
            mark_results_changed(result.session_id)
        self.answers[(question_key, area_key)] = (value, reason)
        return result.answer

    def others_mean(self, question_key: str, area_key: str) -> tuple[float, int]:
        """The mean and count of the other participants' scores in this session (the removed
        not among them)."""
        removed = removed_participant_ids(self.session.round_id)
        row = db.session.execute(
            select(func.avg(Answer.value), func.count(Answer.value))
            .join(Question, Answer.question_id == Question.id)
            .where(
                Answer.session_id == self.session.id,
                Question.key == question_key,
                Question.round_id == self.session.round_id,
                Answer.focus_area_key == area_key,
                Answer.participant_id.not_in([self.participant.id, *removed]),
                Answer.value.is_not(None),
            )
        ).one()
        return float(row[0] or 0), int(row[1] or 0)

    def results_lines(self) -> list[str] | None:
        """Mean scores of the step whose results are revealed, or None when none are."""
        if self.session is None:
            return None
        from workshop.review.events import results_step

        step = results_step(self.session)
        if step is None or not step.results_shown:
            return None
        results = step_results(step, self.locale)
        titles = {area["key"]: area["title"] for area in results["focus_areas"]}
        questions = {q["key"]: q["text"] for q in results["questions"]}
        lines = []
        for item in results["items"]:
            mean = "–" if item["mean"] is None else format_decimal(item["mean"], "0.0", self.locale)
            label = titles[item["focus_area"]]
            if len(questions) > 1:
                label = f"{label} ({shorten(questions[item['question']], 40)})"
            lines.append(
                _(
                    "• %(area)s: mean %(mean)s, %(count)s answers",
                    area=label,
                    mean=mean,
                    count=item["count"],
                )
            )
        return lines

    @cached_property
    def proposal_refusal(self) -> ProposalError | None:
        """Why the participant's proposal would be refused now (the proposals' own rule)."""
        if self.participant is None:
            return ProposalError("unauthorized", "Proposals can be made only by participants.")
        return proposal_refusal(self.participant)

    @property
    def proposing(self) -> bool:
        return self.proposal_refusal is None

    def similar_proposal(self, text: str) -> dict | None:
        """A published proposal of the round like ``text`` ({id, text, supports}), or None."""
        if self.participant is None:
            return None
        found = proposal_seam.similar_proposal(self.participant, text)
        if found is not None:
            found["supportable"] = proposal_seam.supporting_open(self.participant)
        return found

    def support_proposal(self, proposal_id: int) -> None:
        proposal_seam.support_proposal(self.participant, proposal_id)

    def submit_proposal(self, draft: dict) -> dict:
        if self.participant is None:
            raise ProposalError("unauthorized", "Proposals can be made only by participants.")
        return proposal_seam.submit_proposal(self.participant, draft)

    def error_text(self, error: DomainError, *, proposal: bool = False) -> str:
        """Why a write was refused, for the participant; ``proposal`` for a proposal's."""
        texts = {**error_texts(), **(proposal_error_texts() if proposal else {})}
        return texts.get(getattr(error, "code", ""), _("please try again."))


def unavailable_message() -> dict:
    return dialogue.say(
        _(
            "The assistant cannot answer on this server: its Finnish language library (Voikko) "
            "is not installed. Please tell the facilitator; the rest of the workshop works."
        ),
        intent="unavailable",
    )


def error_texts() -> dict[str, str]:
    """The refusals of answers and proposals by their code, as the chat says them."""
    return {
        "step_closed": _("the step has been closed."),
        "not_in_step": _("this focus area is not scored in the open step."),
        "unknown_step": _("the step is not part of your workshop."),
        "not_scoring": _("this step does not take scores."),
        "unauthorized": _("join the workshop first."),
        "invalid_value": _("the score is not on the scale."),
        "session_closed": _("your workshop is not open any more."),
        "round_closed": _("the review round is closed."),
        "invalid_target": _("this kind of change does not apply to the part you chose."),
        "text_required": _("the proposal needs a text."),
        "too_long": _("the text is too long."),
        "proposals_closed": _(
            "proposals are taken in the proposals step (and while scoring), not in this step."
        ),
        "invalid_kind": _("this kind of change is not known."),
        "merged": _("that proposal was merged into another one; support that one."),
        "not_published": _("that proposal waits for approval."),
        "not_found": _("that proposal is not there any more."),
    }


def proposal_error_texts() -> dict[str, str]:
    """Where a code means something else for a proposal than for an answer."""
    return {"invalid_value": _("only a new target takes a number.")}


# Conversation storage ---------------------------------------------------------------------


def _conversation(participant: Participant) -> Conversation:
    conversation = db.session.get(Conversation, participant.id)
    if conversation is None:
        conversation = Conversation(participant_id=participant.id, state=dialogue.new_state())
        db.session.add(conversation)
    return conversation


def _log(participant: Participant, role: str, text: str, data: dict | None = None) -> Message:
    message = Message(participant_id=participant.id, role=role, text=text, data=data or {})
    db.session.add(message)
    return message


def message_payload(message: Message) -> dict:
    """A stored message as the protocol sends it."""
    return {
        "quick_replies": [],
        "quotes": [],
        "intent": None,
        **message.data,
        "id": message.id,
        "role": message.role,
        "text": message.text,
        "created_at": iso(message.created_at),
    }


def _run(participant: Participant, action, user_text: str | None = None) -> list[dict]:
    """Run a dialogue function on the participant's state; store its messages and the state."""
    conversation = _conversation(participant)
    state = dialogue.load_state(copy.deepcopy(conversation.state or {}))
    with force_locale(participant.locale):
        try:
            context = Context(participant)
        except MorphologyUnavailable:
            # Said plainly in the chat (and logged at start), never a silently worse assistant.
            replies = [unavailable_message()]
        else:
            replies = action(state, context)
    if user_text is not None:
        _log(participant, "user", user_text)
    stored = [
        _log(
            participant,
            "assistant",
            reply["text"],
            {k: v for k, v in reply.items() if k not in ("role", "text")},
        )
        for reply in replies
    ]
    conversation.state = state
    db.session.flush()
    return [message_payload(message) for message in stored]


def handle_message(
    participant: Participant, *, text: str = "", reply: str = "", label: str = ""
) -> list[dict]:
    """The assistant's replies to what the participant typed or the quick reply they chose."""
    text = clean_text(text)[:MAX_MESSAGE_LENGTH]
    reply = clean_text(reply, multiline=False)[:200]
    shown = text or clean_text(label, multiline=False)[:200] or reply
    return _run(
        participant,
        lambda state, context: dialogue.handle(state, context, text=text, reply=reply),
        user_text=shown,
    )


def prompt(participant: Participant, *, visit: bool = False) -> list[dict]:
    """What the assistant says by itself now (a step opened or closed, or a returning visit)."""
    return _run(participant, lambda state, context: dialogue.prompt(state, context, visit=visit))


def history(participant: Participant, limit: int = HISTORY_LIMIT) -> list[dict]:
    """The participant's latest messages, oldest first."""
    messages = db.session.scalars(
        select(Message)
        .where(Message.participant_id == participant.id)
        .order_by(Message.id.desc())
        .limit(limit)
    ).all()
    return [message_payload(message) for message in reversed(messages)]


def state_of(participant: Participant) -> dict:
    """Where the participant's conversation stands (with defaults for missing keys)."""
    conversation = db.session.get(Conversation, participant.id)
    return dialogue.load_state(copy.deepcopy(conversation.state) if conversation else None)


def ask(text: str, locale: str = "fi", version=None) -> dict:
    """What the assistant would answer outside a session: intent, focus areas, elements, reply."""
    text = clean_text(text)[:MAX_MESSAGE_LENGTH]
    with force_locale(locale):
        context = Context(None, version=version, locale=locale)
        intent = intents.understood(text)
        state = dialogue.new_state()
        replies = dialogue.handle(state, context, text=text)
        hits = context.index.search(text, limit=dialogue.MAX_QUOTES)
        return {
            "intent": intent.name,
            "focus_areas": [
                {"key": key, "title": context.area_title(key), "score": score}
                for key, score in context.index.focus_area_ranking(text)
            ],
            "elements": [{**dialogue.quote(context, hit), "score": hit.score} for hit in hits],
            "reply": "\n\n".join(reply["text"] for reply in replies),
        }

"""Every free text of a round, by focus area: reasons, proposals and their rationales, comments
and the suggestions made in the assistant's chat. Never a name or an organisation: a text
carries its stakeholder group's key only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from workshop.extensions import db
from workshop.review.models import Answer, Participant, ReviewRound, StakeholderGroup
from workshop.review.results import removed_participant_ids
from workshop.synthesis.features import detect_lang
from workshop.text import clean_text

KINDS = ("reason", "proposal", "rationale", "comment", "chat")
# Proposals that stakeholders see (held ones wait for approval, hidden ones were taken out;
# a merged proposal's words are still what its author said).
SHOWN_PROPOSALS = ("published", "merged")
MAX_TEXT = 2_000  # characters of one text that themes read: a pasted essay costs no more


@dataclass(frozen=True)
class Text:
    """One free text, as themes read it."""

    id: str
    kind: str
    group: str | None
    focus_area: str
    text: str
    score: float | None = None
    lang: str = "fi"


def make_text(
    kind: str,
    number: int | str,
    group,
    focus_area: str,
    text: str,
    score=None,
    text_id: str | None = None,
) -> Text | None:
    """A ``Text`` from stored values (its id "kind:number", or ``text_id`` where the texts
    come with their own ids), or None when nothing is said (an empty reason)."""
    cleaned = clean_text(text)[:MAX_TEXT]
    if not cleaned:
        return None
    return Text(
        id=text_id or f"{kind}:{number}",
        kind=kind,
        group=group,
        focus_area=focus_area,
        text=cleaned,
        score=None if score is None else float(score),
        lang=detect_lang(cleaned),
    )


def group_keys(round_id: int) -> dict[int, str]:
    """A round's stakeholder groups: id → key."""
    return dict(
        db.session.execute(
            select(StakeholderGroup.id, StakeholderGroup.key).where(
                StakeholderGroup.round_id == round_id
            )
        ).all()
    )


def round_texts(review_round: ReviewRound) -> dict[str, list[Text]]:
    """Focus-area key → the round's texts about it, in a stable order (kind, then id)."""
    groups = group_keys(review_round.id)
    removed = set(removed_participant_ids(review_round.id))
    found: list[Text] = []
    found += _reasons(review_round, groups, removed)
    found += proposal_texts(review_round.id, groups, removed)
    found += _chat_suggestions(review_round, groups, removed)
    by_area: dict[str, list[Text]] = {}
    for text in found:
        by_area.setdefault(text.focus_area, []).append(text)
    order = {kind: position for position, kind in enumerate(KINDS)}
    return {
        key: sorted(texts, key=lambda t: (order[t.kind], int(t.id.split(":")[1])))
        for key, texts in sorted(by_area.items())
    }


def _reasons(review_round, groups, removed) -> list[Text]:
    rows = db.session.execute(
        select(
            Answer.id,
            Answer.participant_id,
            Answer.group_id,
            Answer.focus_area_key,
            Answer.value,
            Answer.reason,
        )
        .join(Participant, Participant.id == Answer.participant_id)
        .where(Participant.round_id == review_round.id, Answer.reason != "")
        .order_by(Answer.id)
    ).all()
    texts = (
        make_text(
            "reason", row.id, groups.get(row.group_id), row.focus_area_key, row.reason, row.value
        )
        for row in rows
        if row.participant_id not in removed
    )
    return [text for text in texts if text is not None]


def proposal_texts(round_id: int, groups, removed, session_id: int | None = None) -> list[Text]:
    """The texts, rationales and comments of a round's shown proposals (of one session when
    ``session_id`` is given), without removed participants' and without hidden or held
    comments."""
    from workshop.proposals.models import Proposal

    query = select(Proposal).where(
        Proposal.round_id == round_id,
        Proposal.status.in_(SHOWN_PROPOSALS),
        Proposal.focus_area_key.is_not(None),
    )
    if session_id is not None:
        query = query.where(Proposal.session_id == session_id)
    proposals = db.session.scalars(query.order_by(Proposal.id)).all()
    texts: list[Text | None] = []
    for proposal in proposals:
        if proposal.participant_id in removed:
            continue
        group = groups.get(proposal.group_id)
        area = proposal.focus_area_key
        texts.append(make_text("proposal", proposal.id, group, area, proposal.text))
        texts.append(make_text("rationale", proposal.id, group, area, proposal.rationale))
        for comment in proposal.comments:
            if comment.hidden or comment.held or comment.participant_id in removed:
                continue
            texts.append(
                make_text("comment", comment.id, groups.get(comment.group_id), area, comment.text)
            )
    return [text for text in texts if text is not None]


def _chat_suggestions(review_round, groups, removed) -> list[Text]:
    """What a participant wrote in the chat that the assistant took for a suggestion: the
    participant's message just before the assistant's offer. Its focus area is the one the
    assistant's search ranks first for it; one that became a proposal is counted there."""
    from workshop.assistant.models import Message

    participants = dict(
        db.session.execute(
            select(Participant.id, Participant.group_id).where(
                Participant.round_id == review_round.id
            )
        ).all()
    )
    if not participants:
        return []
    messages = db.session.scalars(
        select(Message)
        .where(Message.participant_id.in_(list(participants)))
        .order_by(Message.participant_id, Message.id)
    ).all()
    proposed = _proposal_texts(review_round)
    said: list[tuple[int, int, str]] = []
    previous = None
    for message in messages:
        if (
            message.role == "assistant"
            and (message.data or {}).get("intent") == "suggestion"
            and previous is not None
            and previous.role == "user"
            and previous.participant_id == message.participant_id
            and previous.participant_id not in removed
            and clean_text(previous.text).lower() not in proposed
        ):
            said.append((previous.id, previous.participant_id, previous.text))
        previous = message
    if not said:
        return []
    ranking = _area_ranking(review_round)
    texts = []
    for message_id, participant_id, text in said:
        area = ranking(text)
        if area is not None:
            group = groups.get(participants[participant_id])
            texts.append(make_text("chat", message_id, group, area, text))
    return [text for text in texts if text is not None]


def _proposal_texts(review_round) -> set[str]:
    from workshop.proposals.models import Proposal

    rows = db.session.scalars(select(Proposal.text).where(Proposal.round_id == review_round.id))
    return {clean_text(text).lower() for text in rows}


def _area_ranking(review_round):
    """A function from a text to the focus-area key the assistant's search puts first."""
    from workshop.assistant.search import index_for

    try:
        index = index_for(review_round.strategy_version)
    except Exception:  # noqa: BLE001 - no search index (no Voikko): no area for chat texts
        return lambda text: None

    def first(text: str) -> str | None:
        ranked = index.focus_area_ranking(text, limit=1)
        return ranked[0][0] if ranked else None

    return first


def warm_round(round_id: int) -> int:
    """Compute and store the features of every text of a round not seen before; how many were
    new. A job for ``offload.run("workshop.synthesis.collect:warm_round", round_id)`` before a
    page or an export asks for the round's themes, so that no request computes hundreds."""
    from workshop.synthesis.features import warm

    review_round = db.session.get(ReviewRound, round_id)
    if review_round is None:
        return 0
    texts = [text.text for found in round_texts(review_round).values() for text in found]
    new = warm(texts)
    db.session.commit()
    return new

"""The proposal form's similar-proposal check: a phone that joined a session posts the text
being written and gets the round's published proposals like it (workshop/assistant/similar.py).

A POST with the page's CSRF token, not a GET: the text stays out of URLs and access logs.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import select

from workshop.assistant.similar import most_alike
from workshop.extensions import db
from workshop.proposals import services as proposals
from workshop.proposals.models import Proposal, ProposalStatus
from workshop.review.views import this_devices_participant
from workshop.text import clean_text

blueprint = Blueprint("assistant", __name__)

MAX_TEXT = 2000  # as a proposal's text


def similar_to(review_round, text: str, locale: str) -> list[dict]:
    """The round's published proposals like ``text``, most alike first, as the form shows them."""
    published = list(
        db.session.scalars(
            select(Proposal).where(
                Proposal.round_id == review_round.id, Proposal.status == ProposalStatus.PUBLISHED
            )
        )
    )
    by_id = {p.id: p for p in published}
    found = most_alike(text, [(p.id, p.text) for p in published if p.text])
    counts = proposals.tallies(review_round) if found else {}
    return [
        {
            "id": hit.id,
            "text": hit.text,
            "focus_area_title": proposals.target_name(
                review_round, f"focus_area/{by_id[hit.id].focus_area_key}", locale
            )
            if by_id[hit.id].focus_area_key
            else "",
            "supports": counts[hit.id].supports if hit.id in counts else 0,
        }
        for hit in found
    ]


@blueprint.post("/s/<code>/proposals/similar")
def similar_proposals(code: str):
    """``{"text": "..."}`` → ``{"ok": true, "similar": [SIMILAR, ...]}``, each SIMILAR
    ``{id, text, focus_area_title, supports}``; a wrong type gives 400 ``invalid``."""
    session, participant = this_devices_participant(code)
    if participant.removed:
        abort(403)
    data = request.get_json(silent=True)
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return jsonify(ok=False, error="invalid", message="Send the text as a string."), 400
    text = clean_text(text)
    similar = similar_to(session.review_round, text, participant.locale) if text else []
    return jsonify(ok=True, similar=similar)

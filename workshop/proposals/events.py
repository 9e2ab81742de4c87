"""Socket.IO handlers of proposals: participants propose, support and comment; facilitators
moderate. Changes reach every screen as one coalesced ``proposals:update`` per round.

Every event, its payload, acknowledgement and errors are documented in docs/protocol.md.
"""

from __future__ import annotations

from flask import session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import join_room

from workshop.audit.services import record
from workshop.config import SUPPORTED_LOCALES
from workshop.extensions import db, socketio
from workshop.proposals import services
from workshop.proposals.forms import (
    CommentPayload,
    ListPayload,
    ModeratePayload,
    ProposalPayload,
    SupportPayload,
)
from workshop.proposals.models import Comment, Proposal, ProposalStatus
from workshop.proposals.services import KIND_TARGETS, MEASURES_REF, ProposalError
from workshop.realtime import (
    Coalescer,
    NoPayload,
    after_commit,
    participants_room,
    socket_handler,
    staff_room,
    validate_payload,
)
from workshop.review import services as review_services
from workshop.review.events import current_participant, staff_session
from workshop.review.models import ReviewRound, SessionStatus, StepKind
from workshop.review.payloads import iso

LIVE_STEP_KINDS = (StepKind.PROPOSALS, StepKind.SUPPORT)
STAFF_LOCALE = "fi"


# What is sent -----------------------------------------------------------------------------


def _comment_payload(comment: Comment, locale: str, staff: bool) -> dict:
    payload = {
        "id": comment.id,
        "proposal_id": comment.proposal_id,
        "text": comment.text,
        "group": comment.group.key if comment.group else None,
        "group_name": comment.group.tr("name", locale) if comment.group else "",
        "by_facilitator": comment.author_user_id is not None,
        "created_at": iso(comment.created_at),
    }
    if staff:
        payload["hidden"] = comment.hidden
        payload["hidden_reason"] = comment.hidden_reason
        payload["held"] = comment.held
    elif comment.held:
        payload["held"] = True  # only ever sent to its author
    return payload


def proposal_payload(
    proposal: Proposal,
    tally: services.Tally,
    locale: str,
    *,
    staff: bool = False,
    merged: list[Proposal] = (),
    viewer=None,
) -> dict:
    """A proposal as clients show it; staff also see held, hidden and merged details.

    ``viewer``, a participant, also sees their own comments that wait for approval.
    """
    review_round = proposal.review_round
    threads = [proposal, *merged]
    comments = [
        c for p in threads for c in p.comments if staff or services.comment_visible_to(c, viewer)
    ]
    area = proposal.focus_area_key
    payload = {
        "id": proposal.id,
        "kind": proposal.kind,
        "target": proposal.target_ref,
        "target_label": services.target_name(review_round, proposal.target_ref, locale),
        "focus_area": area,
        "focus_area_title": services.element_label(review_round, f"focus_area/{area}", locale)
        if area
        else "",
        "text": proposal.text,
        "original_text": proposal.original_text if proposal.edited else None,
        "rationale": proposal.rationale,
        "target_value": proposal.target_value,
        "group": proposal.group.key if proposal.group else None,
        "group_name": proposal.group.tr("name", locale) if proposal.group else "",
        "by_facilitator": proposal.author_user_id is not None,
        "status": proposal.status,
        "supports": tally.supports,
        "opposes": tally.opposes,
        "merged": [{"id": p.id, "text": p.text} for p in merged],
        "comments": [_comment_payload(c, locale, staff) for c in comments],
        "decision": proposal.decision.outcome if proposal.decision else None,
        "created_at": iso(proposal.created_at),
    }
    if staff:
        payload["hidden_reason"] = proposal.hidden_reason
        payload["merged_into"] = proposal.merged_into_id
    return payload


def round_payloads(review_round: ReviewRound, locale: str, *, staff: bool) -> list[dict]:
    """The round's proposals: for participants the published ones, for staff all of them."""
    proposals = services.list_proposals(review_round)
    counts = services.tallies(review_round)
    merged = services.merged_by_target(proposals)
    return [
        proposal_payload(
            proposal, counts[proposal.id], locale, staff=staff, merged=merged.get(proposal.id, [])
        )
        for proposal in proposals
        if staff or proposal.status == ProposalStatus.PUBLISHED
    ]


def targets_payload(review_round: ReviewRound, locale: str) -> dict:
    """What a proposal can target, for the picker: each element with its scope (its focus
    area, or measures, indicators, themes) and the element kinds each proposal kind takes."""
    elements = []
    for element in services.round_elements(review_round).values():
        if element.kind == "section":
            continue
        if element.kind == "theme":
            scope = "themes"
        elif element.kind in ("measure", "indicator"):
            scope = f"{element.kind}s"
        else:
            scope = f"focus_area/{services.focus_area_of(element.ref)}"
        elements.append(
            {
                "ref": element.ref,
                "kind": element.kind,
                "label": services.element_label(review_round, element.ref, locale),
                "scope": scope,
                "parent": element.parent_ref,
            }
        )
    with force_locale(locale):
        measures_label = _("Measures for spreading innovation (new measure)")
    elements.append(
        {
            "ref": MEASURES_REF,
            "kind": MEASURES_REF,
            "label": measures_label,
            "scope": "measures",
            "parent": None,
        }
    )
    return {
        "elements": elements,
        "kinds": {kind: sorted(kinds) for kind, kinds in KIND_TARGETS.items()},
    }


# Live updates -----------------------------------------------------------------------------


def publish_proposals(round_id: int) -> None:
    """Send the round's proposals to the staff of its open sessions, and to participants of
    sessions whose open step is about proposals (in each room's language)."""
    review_round = db.session.get(ReviewRound, round_id)
    if review_round is None:
        return
    sessions = [s for s in review_round.sessions if s.status == SessionStatus.OPEN]
    if not sessions:
        return
    staff_update = {
        "round_id": round_id,
        "proposals": round_payloads(review_round, STAFF_LOCALE, staff=True),
        "hold": review_round.hold_proposals,
    }
    by_locale: dict[str, dict] = {}
    for workshop_session in sessions:
        socketio.emit("proposals:update", staff_update, to=staff_room(workshop_session.id))
        step = workshop_session.open_step
        if step is None or step.kind not in LIVE_STEP_KINDS:
            continue
        for locale in SUPPORTED_LOCALES:
            if locale not in by_locale:
                by_locale[locale] = {
                    "round_id": round_id,
                    "proposals": round_payloads(review_round, locale, staff=False),
                }
            socketio.emit(
                "proposals:update",
                by_locale[locale],
                to=participants_room(workshop_session.id, locale),
            )


live_proposals = Coalescer(publish_proposals)


def mark_proposals_changed(round_id: int) -> None:
    after_commit(lambda: live_proposals.mark(round_id))
    after_commit(lambda: _mark_themes(round_id))


def _mark_themes(round_id: int) -> None:
    # The live themes of proposal steps (workshop/synthesis/live.py), on their own timer.
    from workshop.synthesis.live import mark_round

    mark_round(round_id)


# Participant events -----------------------------------------------------------------------


@socket_handler
def on_proposal_sync(payload=None):
    """The proposals this participant may see, their own votes, and the targets to pick."""
    participant = current_participant()
    validate_payload(NoPayload, payload)
    review_round = participant.session.review_round
    locale = participant.locale
    counts = services.tallies(review_round)
    proposals = services.list_proposals(review_round)
    visible = [p for p in proposals if services.visible_to_participant(p, participant)]
    merged = services.merged_by_target(proposals)
    return {
        "ok": True,
        "round_id": review_round.id,
        "hold": review_round.hold_proposals,
        "proposals": [
            proposal_payload(
                p, counts[p.id], locale, merged=merged.get(p.id, []), viewer=participant
            )
            for p in visible
        ],
        "mine": [p.id for p in visible if p.participant_id == participant.id],
        "votes": {str(k): v for k, v in services.participant_votes(participant).items()},
        "targets": targets_payload(review_round, locale),
    }


@socket_handler
def on_proposal_create(payload=None):
    """Make a proposal; a resent one (same client_id) is acknowledged again, not stored twice."""
    participant = current_participant()
    form = validate_payload(ProposalPayload, payload)
    review_round = participant.session.review_round
    proposal, duplicate = services.create_proposal(
        review_round,
        services.ProposalInput(
            kind=form.kind.data,
            target_ref=form.target.data,
            text=form.text.data or "",
            rationale=form.rationale.data or "",
            target_value=form.target_value.data,
            client_id=form.client_id.data,
        ),
        participant=participant,
    )
    if not duplicate:
        mark_proposals_changed(review_round.id)
    return {
        "ok": True,
        "duplicate": duplicate,
        "client_id": form.client_id.data,
        "proposal": proposal_payload(proposal, services.tally_of(proposal), participant.locale),
    }


@socket_handler
def on_proposal_support(payload=None):
    """Support (1), oppose (-1) or withdraw (0); the ack carries the new counts."""
    participant = current_participant()
    form = validate_payload(SupportPayload, payload)
    review_round = participant.session.review_round
    proposal = services.get_proposal(form.proposal_id.data, review_round)
    value = services.set_support(proposal, participant, form.value.data)
    mark_proposals_changed(review_round.id)
    tally = services.tally_of(proposal)
    return {
        "ok": True,
        "proposal_id": proposal.id,
        "value": value,
        "supports": tally.supports,
        "opposes": tally.opposes,
    }


@socket_handler
def on_proposal_comment(payload=None):
    """Add a comment to a proposal's thread."""
    participant = current_participant()
    form = validate_payload(CommentPayload, payload)
    review_round = participant.session.review_round
    proposal = services.get_proposal(form.proposal_id.data, review_round)
    comment = services.add_comment(proposal, form.text.data, participant=participant)
    mark_proposals_changed(review_round.id)
    return {"ok": True, "comment": _comment_payload(comment, participant.locale, staff=False)}


# Facilitator events -----------------------------------------------------------------------


def _staff_round(session_id: int) -> ReviewRound:
    return staff_session(session_id).review_round


def _staff_locale() -> str:
    return session.get("locale") if session.get("locale") in SUPPORTED_LOCALES else STAFF_LOCALE


@socket_handler
def on_proposal_list(payload=None):
    """Every proposal of the session's round as staff see it; joins the session's staff room."""
    form = validate_payload(ListPayload, payload)
    review_round = _staff_round(form.session_id.data)
    join_room(staff_room(form.session_id.data))
    open_step = review_services.get_session(form.session_id.data).open_step
    return {
        "ok": True,
        "open_step_kind": open_step.kind if open_step else None,
        "round_id": review_round.id,
        "hold": review_round.hold_proposals,
        "proposals": round_payloads(review_round, _staff_locale(), staff=True),
    }


def moderate(proposal: Proposal, action: str, user, **values) -> None:
    """Apply one moderation action (shared by the Socket.IO event and the HTTP page):
    ``text`` for edit, ``reason`` for hide and hide_comment, ``into`` and ``comment_id``."""
    if action == "edit":
        services.edit_proposal(proposal, values.get("text") or "", user)
    elif action == "approve":
        services.approve(proposal)
    elif action == "hide":
        services.hide(proposal, values.get("reason") or "")
    elif action == "merge":
        if not values.get("into"):
            raise ProposalError("invalid_merge", "Choose the proposal to merge into.")
        target = services.get_proposal(values["into"], proposal.review_round)
        services.merge(proposal, target)
    elif action in ("hide_comment", "approve_comment"):
        comment = next((c for c in proposal.comments if c.id == values.get("comment_id")), None)
        if comment is None:
            raise ProposalError("unknown_comment", "No such comment.")
        if action == "hide_comment":
            services.hide_comment(comment, values.get("reason") or "")
        else:
            services.approve_comment(comment)
    else:
        raise ProposalError("invalid_action", f"Unknown action {action!r}.")
    # Who moderated what is answered for like a removal: ids and the reason, no wording.
    record(
        f"proposal.{action}",
        actor=user,
        subject=f"proposal:{proposal.id}",
        reason=values.get("reason") or "" if action in ("hide", "hide_comment") else "",
        comment_id=values.get("comment_id") if action.endswith("_comment") else None,
    )
    mark_proposals_changed(proposal.round_id)


@socket_handler
def on_proposal_moderate(payload=None):
    """Edit the wording, approve, hide (with a reason), merge, or approve or hide a comment."""
    form = validate_payload(ModeratePayload, payload)
    review_round = _staff_round(form.session_id.data)
    proposal = services.get_proposal(form.proposal_id.data, review_round)
    moderate(
        proposal,
        form.action.data,
        current_user,
        text=form.text.data,
        reason=form.reason.data,
        into=form.into.data,
        comment_id=form.comment_id.data,
    )
    return {
        "ok": True,
        "proposal": proposal_payload(
            proposal, services.tally_of(proposal), _staff_locale(), staff=True
        ),
    }


def register_events() -> None:
    """Attach the handlers to the Socket.IO server (called once from create_app)."""
    socketio.on_event("proposal:sync", on_proposal_sync)
    socketio.on_event("proposal:create", on_proposal_create)
    socketio.on_event("proposal:support", on_proposal_support)
    socketio.on_event("proposal:comment", on_proposal_comment)
    socketio.on_event("proposal:list", on_proposal_list)
    socketio.on_event("proposal:moderate", on_proposal_moderate)

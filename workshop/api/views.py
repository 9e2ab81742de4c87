"""The integrators' API under /api/v1/: reads of rounds, sessions, steps, results, reasons,
proposals, decisions and participation, and the session controls of a facilitator's tool.

Every answer passes the same rules as the pages: the caller (a token's user, or the logged-in
account) must be allowed to run the round (workshop.auth.permissions), results go through
``results_for`` (small groups merged), reasons and proposals name a group only as
``split_groups`` allows. The controls call the console's services and broadcast as it does,
so live clients get the same Socket.IO updates.
"""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from workshop import offload
from workshop.api import payloads
from workshop.api.auth import authenticate
from workshop.api.errors import ApiError, api_locale, message_for
from workshop.api.schemas import MAX_ID, SchemaError, parse_query, validate
from workshop.audit.services import record
from workshop.auth.permissions import can_run_round
from workshop.extensions import csrf, db
from workshop.review import services
from workshop.review.events import broadcast_state
from workshop.review.models import ReviewRound, StepKind, StepStatus, WorkshopSession
from workshop.review.reasons import (
    OTHER_GROUPS,
    REASONS_LIMIT,
    ReasonScope,
)
from workshop.review.results import min_group_size, step_results
from workshop.review.services import ReviewError
from workshop.web import committing

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
# The description is public (it holds no data), so that tools can read it before a token exists.
description_blueprint = Blueprint("api_description", __name__, url_prefix="/api")
# Token callers carry no cookie to forge; cookie callers' writes are checked in ``authenticate``.
csrf.exempt(blueprint)


@blueprint.before_request
def _authenticate():
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and value > MAX_ID:
            raise ApiError(404)  # no row has such an id (and the database would overflow)
    g.api_caller = authenticate()


def _user():
    return g.api_caller.user


def _allowed(review_round: ReviewRound) -> ReviewRound:
    if not can_run_round(_user(), review_round):
        raise ApiError(403)
    return review_round


def _round(round_id: int) -> ReviewRound:
    review_round = db.session.get(ReviewRound, round_id)
    if review_round is None:
        raise ApiError(404)
    return _allowed(review_round)


def _session(session_id: int) -> WorkshopSession:
    session = db.session.get(WorkshopSession, session_id)
    if session is None:
        raise ApiError(404)
    _allowed(session.review_round)
    return session


def _step(session: WorkshopSession, step_id: int):
    try:
        return services.get_step(session, step_id)
    except ReviewError:
        raise ApiError(404) from None


def _query(name: str) -> dict:
    try:
        return parse_query(name, request.args)
    except SchemaError as error:
        raise ApiError(422, fields=error.fields) from None


def _body(schema: str) -> dict:
    """The JSON body, strictly valid against ``schema`` (415, 400 or 422 otherwise)."""
    if request.mimetype != "application/json":
        raise ApiError(415)
    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # nested thousands deep: not a ValueError, so not silenced
        payload = None
    if payload is None:
        raise ApiError(400, "unreadable_json")
    try:
        return validate(schema, payload)
    except SchemaError as error:
        raise ApiError(422, fields=error.fields) from None


def _no_query() -> None:
    _query("")


def ok(**body):
    return jsonify(ok=True, **body)


# Reads ---------------------------------------------------------------------------------------


@blueprint.get("/rounds")
def rounds():
    """The rounds the caller may run, newest first."""
    _no_query()
    runnable = [r for r in services.list_rounds() if can_run_round(_user(), r)]
    return ok(rounds=[payloads.round_summary(r) for r in runnable])


@blueprint.get("/rounds/<int:round_id>")
def round_detail(round_id: int):
    _no_query()
    review_round = _round(round_id)
    locale = api_locale()
    return ok(
        round=payloads.round_summary(review_round),
        description=review_round.description,
        questions=payloads.questions(review_round, locale),
        groups=payloads.groups(review_round, locale),
        sessions=[payloads.session_summary(s) for s in review_round.sessions],
        min_group_size=min_group_size(),
    )


@blueprint.get("/rounds/<int:round_id>/sessions")
def round_sessions(round_id: int):
    _no_query()
    review_round = _round(round_id)
    return ok(sessions=[payloads.session_summary(s) for s in review_round.sessions])


def _session_state(session: WorkshopSession):
    locale = api_locale()
    return ok(
        session=payloads.session_summary(session),
        steps=[payloads.step_item(step, locale) for step in session.steps],
    )


@blueprint.get("/sessions/<int:session_id>")
def session_detail(session_id: int):
    _no_query()
    return _session_state(_session(session_id))


@blueprint.get("/sessions/<int:session_id>/steps")
def session_steps(session_id: int):
    _no_query()
    session = _session(session_id)
    locale = api_locale()
    return ok(steps=[payloads.step_item(step, locale) for step in session.steps])


@blueprint.get("/sessions/<int:session_id>/steps/<int:step_id>/results")
def step_results_view(session_id: int, step_id: int):
    """A scoring step's results in its session, as the console sees them live."""
    _no_query()
    session = _session(session_id)
    step = _step(session, step_id)
    if step.kind != StepKind.SCORING:
        raise ApiError(409, "not_a_scoring_step")
    results = step_results(step, api_locale())
    return ok(round_id=session.round_id, session_id=session.id, **results)


@blueprint.get("/rounds/<int:round_id>/results")
def round_results(round_id: int):
    """The round's results across its sessions (or one ``session``'s), by focus area."""
    query = _query("round_results")
    review_round = _round(round_id)
    session = _round_session(review_round, query.get("session"))
    # Every answer of the round is read: in a worker process, as the exports are.
    results = offload.run(
        "workshop.api.reads:round_results",
        review_round.id,
        session.id if session is not None else None,
        api_locale(),
    )
    return ok(
        round_id=review_round.id,
        session_id=session.id if session is not None else None,
        step_id=None,
        **results,
    )


def _round_session(review_round: ReviewRound, session_id: int | None):
    """The round's session a query names: a well-formed id of no session of it is 404."""
    if session_id is None:
        return None
    for session in review_round.sessions:
        if session.id == session_id:
            return session
    raise ApiError(404, "unknown_session", fields={"session": [message_for("unknown_session")]})


@blueprint.get("/rounds/<int:round_id>/reasons")
def round_reasons(round_id: int):
    """Reasons given with scores, page by page in the order of their ids (``after_id``, the
    previous page's ``next``): an order new answers cannot shift; groups named only as large
    enough."""
    query = _query("round_reasons")
    review_round = _round(round_id)
    session = _round_session(review_round, query.get("session"))
    scope = ReasonScope(review_round.id, session.id if session is not None else None)
    group = query.get("group", "")
    if group and group != OTHER_GROUPS and group not in {g.key for g in review_round.groups}:
        raise ApiError(404, "unknown_group", fields={"group": [message_for("unknown_group")]})
    page = offload.run(
        "workshop.api.reads:round_reasons",
        scope.round_id,
        scope.session_id,
        query.get("focus_area", ""),
        group,
        query.get("limit", REASONS_LIMIT),
        query.get("after_id"),
    )
    if "error" in page:
        # A group of the round too small to be shown alone: not now, maybe with more answers.
        code = page["error"]
        raise ApiError(409, code, fields={"group": [message_for(code)]})
    return ok(
        round_id=review_round.id,
        total=page["total"],
        groups=page["groups"],
        min_group_size=min_group_size(),
        reasons=page["reasons"],
        next=page["next"],
    )


@blueprint.get("/rounds/<int:round_id>/proposals")
def round_proposals(round_id: int):
    _no_query()
    review_round = _round(round_id)
    return ok(round_id=review_round.id, proposals=payloads.proposal_items(review_round))


@blueprint.get("/rounds/<int:round_id>/decisions")
def round_decisions(round_id: int):
    """The council's decisions on the round's proposals."""
    _no_query()
    review_round = _round(round_id)
    decisions = [
        {"proposal_id": p["id"], "proposal_kind": p["kind"], "target": p["target"], **p["decision"]}
        for p in payloads.proposal_items(review_round)
        if p["decision"] is not None
    ]
    return ok(round_id=review_round.id, decisions=decisions)


@blueprint.get("/rounds/<int:round_id>/participation")
def round_participation(round_id: int):
    _no_query()
    review_round = _round(round_id)
    return ok(round_id=review_round.id, **payloads.participation(review_round))


# Session controls ------------------------------------------------------------------------------


def _apply(action, session: WorkshopSession, audit: str, subject: str, **details):
    """Run a console service, broadcast the new state as the console does, audit, answer."""
    try:
        action()
    except ReviewError as error:
        raise ApiError(409, error.code) from None
    broadcast_state(session)
    record(audit, actor=_user(), subject=subject, via="api", **details)
    return _session_state(session)


@blueprint.post("/sessions/<int:session_id>/status")
@committing
def session_status(session_id: int):
    """Open or close a session; its phones, console and projector are told."""
    session = _session(session_id)
    status = _body("SessionStatusChange")["status"]
    return _apply(
        lambda: services.set_session_status(session, status),
        session,
        f"session.{status}",
        f"session:{session.id}",
    )


@blueprint.post("/sessions/<int:session_id>/steps/<int:step_id>/status")
@committing
def step_status(session_id: int, step_id: int):
    """Open a step (closing the one open) or close it."""
    session = _session(session_id)
    step = _step(session, step_id)
    status = _body("StepStatusChange")["status"]
    action = services.open_step if status == StepStatus.OPEN else services.close_step
    return _apply(lambda: action(step), session, f"step.{status}", f"step:{step.id}")


@blueprint.post("/sessions/<int:session_id>/steps/<int:step_id>/reveal")
@committing
def step_reveal(session_id: int, step_id: int):
    """Reveal a step's results to the room (projector and phones), or hide them again."""
    session = _session(session_id)
    step = _step(session, step_id)
    visible = _body("StepReveal")["visible"]
    return _apply(
        lambda: services.set_results_visible(step, visible),
        session,
        "step.reveal",
        f"step:{step.id}",
        visible=visible,
    )


@description_blueprint.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of /api/v1/ (built from the schemas the API validates with)."""
    from workshop.api.openapi import document

    return jsonify(document())

"""HTTP pages of a review: facilitators manage rounds and sessions; participants join."""

from __future__ import annotations

import io

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import SelectChoice

from workshop.audit.services import record
from workshop.auth.permissions import can_run_round
from workshop.config import SUPPORTED_LOCALES
from workshop.extensions import csrf, db
from workshop.i18n import current_locale
from workshop.lan import public_url_for
from workshop.ratelimit import CodeGuard
from workshop.realtime import PayloadError, emit_after_commit, error_ack, validate_payload
from workshop.review import confirmations, participation, services
from workshop.review.defaults import NEW_QUESTION_LABELS
from workshop.review.events import broadcast_state, mark_results_changed, participant_room
from workshop.review.forms import (
    CodeForm,
    ConfirmForm,
    GroupForm,
    JoinForm,
    JoinPayload,
    OnlineWindowForm,
    QuestionForm,
    RemoveParticipantsForm,
    RoundForm,
    SessionForm,
    StatusForm,
    StepForm,
)
from workshop.review.join_limits import joins, pin_misses
from workshop.review.joining import (  # noqa: F401  (TOKEN_COOKIE_DAYS: the privacy notice's)
    TOKEN_COOKIE_DAYS,
    admit_join,
    cookie_name,
    join_retry_after,
    joined_response,
    participant_from_cookie,
)
from workshop.review.labels import step_kind_name, step_kind_names
from workshop.review.models import (
    Participant,
    Question,
    RoundStatus,
    SessionStatus,
    StakeholderGroup,
    StepKind,
)
from workshop.review.results import participant_counts
from workshop.review.services import ReviewError
from workshop.steps.config import step_config
from workshop.strategy import services as strategy_services
from workshop.web import committing, flash_form_errors, render_confirmation, round_staff_required

blueprint = Blueprint("review", __name__, url_prefix="/review")
participant_blueprint = Blueprint("participate", __name__)

# Wrong join codes: a budget per address that a full room's typos do not exhaust, and one
# overall (docs/protocol.md, "Join codes"). Right codes never count.
code_guesses = CodeGuard(name="join-codes")


def staff_only(view):
    """Staff only; on a round's pages only those who may run that round."""
    return round_staff_required(view)


# Facilitator pages ------------------------------------------------------------------------


@blueprint.route("/", methods=["GET", "POST"])
@staff_only
@committing
def rounds():
    """Every review round, and a form to start a new one."""
    form = RoundForm()
    if request.method == "GET":
        form.title.data = _("Annual review %(year)s", year=_this_year())
        form.year.data = _this_year()
    if form.validate_on_submit():
        version = strategy_services.current_version()
        # Holding is checked by default on the form: what the projector shows waits for approval.
        review_round = services.create_round(
            version,
            form.title.data,
            form.year.data,
            form.description.data or "",
            current_user,
            hold_proposals=form.hold_proposals.data,
        )
        flash(_("The round was created with the default groups and questions."), "info")
        return redirect(url_for("review.round_page", round_id=review_round.id))
    status = 400 if form.errors else 200
    return render_template("review/rounds.html", rounds=_runnable_rounds(), form=form), status


def _runnable_rounds():
    return [r for r in services.list_rounds() if can_run_round(current_user, r)]


def _this_year() -> int:
    """The council's year (its time zone), not the server's: they differ on New Year's Eve."""
    from workshop.localtime import to_local
    from workshop.models import utcnow

    return to_local(utcnow()).year


def _review_error(error: ReviewError):
    flash(str(_translate_error(error)), "error")


def _translate_error(error: ReviewError) -> str:
    messages = {
        "group_in_use": _("Participants have joined as this group, so it cannot be removed."),
        "question_answered": _("The question already has answers, so it cannot be removed."),
        "round_closed": _("The round is closed: reopen it before its sessions."),
        "session_not_open": _("Open the session first."),
        "invalid_transition": _("A round or session that has been open cannot return to draft."),
        "step_open": _("Close the step before removing it."),
        "unknown_focus_area": _("Choose focus areas of the strategy."),
        "unknown_code": _("No workshop has this code. Check the code and try again."),
        "not_open": _("This workshop has not been opened yet. Try again when it starts."),
        "closed": _("This workshop has ended."),
        "unknown_group": _("Choose the group you represent."),
        "wrong_pin": _("The PIN is not right. Ask for it in the room: it is said aloud."),
        "pin_locked": _("Too many wrong PINs have been tried. Ask the facilitator in the room."),
        "participant_removed": _(
            "A facilitator removed you from this workshop. Ask them in the room if this is a "
            "mistake."
        ),
        "already_removed": _("The participant has already been removed."),
        "not_removed": _("The participant has not been removed."),
        "invalid_config": _(
            "Check the step: a poll needs two to twelve different options, a prioritisation "
            "1 to 10 picks."
        ),
    }
    return messages.get(error.code, str(error))


@blueprint.route("/rounds/<int:round_id>", methods=["GET", "POST"])
@staff_only
@committing
def round_page(round_id: int):
    """A round: its details, stakeholder groups, questions and sessions."""
    review_round = services.get_round(round_id)
    form = RoundForm(obj=review_round)
    if form.validate_on_submit():
        services.update_round(
            review_round,
            title=form.title.data,
            year=form.year.data,
            description=form.description.data or "",
            hold_proposals=form.hold_proposals.data,
            next_steps=form.next_steps.data or "",
        )
        flash(_("Saved."), "info")
        return redirect(url_for("review.round_page", round_id=round_id))
    return _round_page(review_round, 400 if form.errors else 200, form=form)


def _round_page(review_round, status: int = 200, question_forms=None, **forms):
    """The round page; ``forms`` replace its blank forms, so that a refused form shows what was
    typed with its errors (nothing is lost)."""
    edit_forms = {
        question.id: QuestionForm(
            prefix=f"question-{question.id}", formdata=None, data=_question_texts(question)
        )
        for question in review_round.questions
    }
    edit_forms.update(question_forms or {})
    context = {
        "form": RoundForm(obj=review_round),
        "group_form": GroupForm(prefix="group"),
        "question_form": QuestionForm(prefix="question", data=NEW_QUESTION_LABELS),
        "session_form": SessionForm(prefix="session"),
        "online_form": OnlineWindowForm(prefix="online"),
        **forms,
    }
    page = render_template(
        "review/round.html",
        review_round=review_round,
        question_forms=edit_forms,
        previous=services.previous_round(review_round),
        **context,
    )
    return page, status


def _confirmed() -> bool:
    """The POST carries the confirmation page's explicit yes (and a valid CSRF token)."""
    return ConfirmForm().validate_on_submit()


@blueprint.get("/rounds/<int:round_id>/close")
@staff_only
def confirm_round_close(round_id: int):
    """What closing the round does, and the button that does it."""
    return render_confirmation(confirmations.close_round(services.get_round(round_id)))


@blueprint.post("/rounds/<int:round_id>/status")
@staff_only
@committing
def round_status(round_id: int):
    """Close (after confirmation) or reopen a round; every room of its closed sessions is told."""
    review_round = services.get_round(round_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    if form.status.data == RoundStatus.CLOSED and not _confirmed():
        return render_confirmation(confirmations.close_round(review_round), refused=True)
    try:
        closed = services.set_round_status(review_round, form.status.data)
    except ReviewError as error:
        _review_error(error)
    else:
        for session in closed:
            broadcast_state(session)
        record(f"round.{form.status.data}", actor=current_user, subject=f"round:{round_id}")
        if form.status.data == RoundStatus.CLOSED:
            flash(_("The round is closed; its sessions have ended."), "info")
        else:
            flash(_("The round is open again. Reopen its sessions from their pages."), "info")
    return redirect(url_for("review.round_page", round_id=round_id))


def _question_texts(question: Question) -> dict[str, str]:
    english = (question.translations or {}).get("en", {})
    return {
        "text": question.text,
        "english": english.get("text", ""),
        "low_label": question.low_label or "",
        "high_label": question.high_label or "",
        "low_label_en": english.get("low_label", ""),
        "high_label_en": english.get("high_label", ""),
    }


def _back_to_round(round_id: int, section: str):
    return redirect(url_for("review.round_page", round_id=round_id) + f"#{section}")


def _apply(form, action, invalid_message: str, refused=None):
    """Run ``action(form)`` on a valid form, else say what to change; broken rules are flashed.

    ``refused(form)``, when given, is the response to a refused form (the page again, with what
    was typed); without it the caller goes back to the round.
    """
    if not form.validate_on_submit():
        flash_form_errors(form, invalid_message)
        return refused(form) if refused else None
    try:
        action(form)
    except ReviewError as error:
        _review_error(error)
    return None


def _remove(item, remove, section: str):
    """Delete a group or question of a round (when the rules allow) and go back to the round."""
    round_id = item.round_id
    try:
        remove(item)
    except ReviewError as error:
        _review_error(error)
    else:
        flash(_("Removed."), "info")
    return _back_to_round(round_id, section)


def _get(model, item_id: int):
    item = db.session.get(model, item_id)
    if item is None:
        abort(404)
    return item


@blueprint.post("/rounds/<int:round_id>/groups")
@staff_only
@committing
def add_group(round_id: int):
    review_round = services.get_round(round_id)
    refused = _apply(
        GroupForm(prefix="group"),
        lambda form: services.add_group(review_round, form.name.data, form.english.data or ""),
        _("Give the group a name."),
        lambda form: _round_page(review_round, 400, group_form=form),
    )
    return refused or _back_to_round(round_id, "groups")


@blueprint.post("/groups/<int:group_id>/edit")
@staff_only
@committing
def edit_group(group_id: int):
    group = _get(StakeholderGroup, group_id)
    _apply(
        GroupForm(prefix=f"group-{group_id}"),
        lambda form: services.rename_group(group, form.name.data, form.english.data or ""),
        _("Give the group a name."),
    )
    return _back_to_round(group.round_id, "groups")


@blueprint.route("/groups/<int:group_id>/delete", methods=["GET", "POST"])
@staff_only
@committing
def delete_group(group_id: int):
    """GET: what removing the group does; POST with the confirmation: remove it."""
    group = _get(StakeholderGroup, group_id)
    if request.method == "GET" or not _confirmed():
        page = confirmations.remove_group(group)
        return render_confirmation(page, refused=request.method == "POST")
    return _remove(group, services.remove_group, "groups")


@blueprint.post("/rounds/<int:round_id>/questions")
@staff_only
@committing
def add_question(round_id: int):
    review_round = services.get_round(round_id)
    refused = _apply(
        QuestionForm(prefix="question"),
        lambda form: services.add_question(
            review_round, form.text.data, form.english.data or "", form.scale_labels()
        ),
        _("Write the question."),
        lambda form: _round_page(review_round, 400, question_form=form),
    )
    return refused or _back_to_round(round_id, "questions")


@blueprint.post("/questions/<int:question_id>/edit")
@staff_only
@committing
def edit_question(question_id: int):
    question = _get(Question, question_id)
    refused = _apply(
        QuestionForm(prefix=f"question-{question_id}"),
        lambda form: services.update_question(
            question,
            text=form.text.data,
            english=form.english.data or "",
            labels=form.scale_labels(),
        ),
        _("Write the question."),
        lambda form: _round_page(question.review_round, 400, question_forms={question.id: form}),
    )
    return refused or _back_to_round(question.round_id, "questions")


@blueprint.route("/questions/<int:question_id>/delete", methods=["GET", "POST"])
@staff_only
@committing
def delete_question(question_id: int):
    """GET: what removing the question does; POST with the confirmation: remove it."""
    question = _get(Question, question_id)
    if request.method == "GET" or not _confirmed():
        page = confirmations.remove_question(question)
        return render_confirmation(page, refused=request.method == "POST")
    return _remove(question, services.remove_question, "questions")


@blueprint.post("/rounds/<int:round_id>/sessions")
@staff_only
@committing
def add_session(round_id: int):
    review_round = services.get_round(round_id)
    form = SessionForm(prefix="session")
    if form.validate_on_submit():
        session = services.create_session(
            review_round,
            form.title.data,
            form.location.data or "",
            form.starts_at.data,
            ask_identity=form.ask_identity.data,
        )
        participation.set_join_pin(session, form.require_pin.data)
        return redirect(url_for("review.session_page", session_id=session.id))
    flash_form_errors(form, _("Give the session a name."))
    return _round_page(review_round, 400, session_form=form)


@blueprint.post("/rounds/<int:round_id>/online")
@staff_only
@committing
def add_online_window(round_id: int):
    """Open an online window of the round (the same as `workshop round online`)."""
    review_round = services.get_round(round_id)
    form = OnlineWindowForm(prefix="online")
    if not form.validate_on_submit():
        flash_form_errors(form, _("Give the online window a name."))
        return _back_to_round(round_id, "sessions")
    try:
        session = services.create_online_session(review_round, form.title.data)
    except ReviewError as error:
        _review_error(error)
        return _back_to_round(round_id, "sessions")
    return redirect(url_for("review.session_page", session_id=session.id))


def _step_form(session) -> StepForm:
    form = StepForm(prefix="step")
    form.kind.choices = [SelectChoice(kind.value, step_kind_name(kind)) for kind in StepKind]
    locale = current_locale()
    form.focus_areas.choices = [
        SelectChoice(area.key, area.tr("title", locale))
        for area in session.review_round.strategy_version.focus_areas
    ]
    return form


@blueprint.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@staff_only
@committing
def session_page(session_id: int):
    """A session: its details, join code and agenda."""
    session = services.get_session(session_id)
    form = SessionForm(obj=session)
    if form.validate_on_submit():
        services.update_session(
            session,
            title=form.title.data,
            location=form.location.data or "",
            starts_at=form.starts_at.data,
            ask_identity=form.ask_identity.data,
        )
        participation.set_join_pin(session, form.require_pin.data)
        flash(_("Saved."), "info")
        return redirect(url_for("review.session_page", session_id=session_id))
    if request.method == "GET":
        form.require_pin.data = bool(session.join_pin)
    return render_template(
        "review/session.html",
        session=session,
        review_round=session.review_round,
        form=form,
        step_form=_step_form(session),
        join_url=join_url(session),
    ), (400 if form.errors else 200)


@blueprint.get("/sessions/<int:session_id>/close")
@staff_only
def confirm_session_close(session_id: int):
    """What closing the session does, and the button that does it."""
    session = services.get_session(session_id)
    back_to_console = request.args.get("next") == "console"
    return render_confirmation(confirmations.close_session(session, back_to_console))


@blueprint.post("/sessions/<int:session_id>/status")
@staff_only
@committing
def session_status(session_id: int):
    """Open or reopen a session, or close it after confirmation; its rooms are told."""
    session = services.get_session(session_id)
    form = StatusForm()
    back_to_console = request.form.get("next") == "console"
    if not form.validate_on_submit():
        abort(400)
    if form.status.data == SessionStatus.CLOSED and not _confirmed():
        page = confirmations.close_session(session, back_to_console)
        return render_confirmation(page, refused=True)
    try:
        services.set_session_status(session, form.status.data)
        broadcast_state(session)
        record(f"session.{form.status.data}", actor=current_user, subject=f"session:{session_id}")
    except ReviewError as error:
        _review_error(error)
    else:
        if form.status.data == SessionStatus.CLOSED:
            flash(_("The session is closed; its participants were told."), "info")
    endpoint = "review.console" if back_to_console else "review.session_page"
    return redirect(url_for(endpoint, session_id=session_id))


@blueprint.post("/sessions/<int:session_id>/steps")
@staff_only
@committing
def add_step(session_id: int):
    session = services.get_session(session_id)
    form = _step_form(session)
    if form.validate_on_submit():
        try:
            config = step_config(
                form.kind.data,
                prompt=form.prompt.data or "",
                options=(form.options.data or "").splitlines(),
                multiple=form.multiple.data,
                max_picks=form.max_picks.data,
                ranked=form.ranked.data,
            )
            services.add_step(
                session, form.kind.data, form.title.data or "", form.focus_areas.data, config
            )
        except ReviewError as error:
            _review_error(error)
    else:
        flash(_("Choose the kind of step."), "error")
    return redirect(url_for("review.session_page", session_id=session_id) + "#agenda")


@blueprint.post("/sessions/<int:session_id>/steps/<int:step_id>/<any(up, down, delete):action>")
@staff_only
@committing
def change_step(session_id: int, step_id: int, action: str):
    session = services.get_session(session_id)
    if not FlaskForm().validate_on_submit():  # a form of only the CSRF token
        abort(400)
    try:
        step = services.get_step(session, step_id)
        if action == "delete" and not _confirmed():
            page = confirmations.remove_step(session, step)
            return render_confirmation(page, refused=True)
        if action == "delete":
            services.remove_step(step)
            flash(_("Removed."), "info")
        else:
            services.move_step(step, -1 if action == "up" else 1)
    except ReviewError as error:
        _review_error(error)
    return redirect(url_for("review.session_page", session_id=session_id) + "#agenda")


@blueprint.get("/sessions/<int:session_id>/steps/<int:step_id>/delete")
@staff_only
def confirm_step_delete(session_id: int, step_id: int):
    """What removing the step does, and the button that does it."""
    session = services.get_session(session_id)
    try:
        step = services.get_step(session, step_id)
    except ReviewError:
        abort(404)
    return render_confirmation(confirmations.remove_step(session, step))


@blueprint.get("/sessions/<int:session_id>/console")
@staff_only
def console(session_id: int):
    """The facilitator's live console: agenda controls, timer, live results."""
    session = services.get_session(session_id)
    return render_template(
        "review/console.html",
        session=session,
        review_round=session.review_round,
        join_url=join_url(session),
        join_bursts=joins.bursts(session.id),
        removed_count=participant_counts(session)["removed"],
    )


@blueprint.get("/sessions/<int:session_id>/participants")
@staff_only
def participants(session_id: int):
    """Who joined the session, by group with their join times; remove or restore them."""
    session = services.get_session(session_id)
    return _participants_page(session, _removal_form(session))


def _removal_form(session) -> RemoveParticipantsForm:
    form = RemoveParticipantsForm()
    form.participants.choices = [
        SelectChoice(p.id, str(p.id))
        for p in participation.session_participants(session)
        if not p.removed
    ]
    return form


def _participants_page(session, form, status: int = 200):
    everyone = participation.session_participants(session)
    present = [p for p in everyone if not p.removed]
    by_group = [
        (group, [p for p in present if p.group_id == group.id])
        for group in session.review_round.groups
    ]
    page = render_template(
        "review/participants.html",
        session=session,
        review_round=session.review_round,
        by_group=by_group,
        present=present,
        removed=[p for p in everyone if p.removed],
        form=form,
        join_bursts=joins.bursts(session.id),
        locale=current_locale(),
    )
    return page, status


@blueprint.post("/sessions/<int:session_id>/participants/remove")
@staff_only
@committing
def remove_participants(session_id: int):
    """Remove the chosen participants: their answers leave the live results at once."""
    session = services.get_session(session_id)
    form = _removal_form(session)
    if not form.validate_on_submit():
        flash_form_errors(form, _("Choose who to remove and say why."))
        return _participants_page(session, form, 400)
    for participant_id in form.participants.data:
        participant = db.session.get(Participant, participant_id)
        participation.remove_participant(participant, form.reason.data, actor=current_user)
        emit_after_commit("participant:removed", {}, participant_room(participant_id))
    mark_results_changed(session.id)
    flash(
        ngettext(
            "%(num)d participant removed; their answers no longer count.",
            "%(num)d participants removed; their answers no longer count.",
            len(form.participants.data),
        ),
        "info",
    )
    return redirect(url_for("review.participants", session_id=session_id))


@blueprint.post("/sessions/<int:session_id>/participants/<int:participant_id>/restore")
@staff_only
@committing
def restore_participant(session_id: int, participant_id: int):
    """Undo a removal: the participant's answers count again."""
    session = services.get_session(session_id)
    if not FlaskForm().validate_on_submit():  # a form of only the CSRF token
        abort(400)
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.session_id != session.id:
        abort(404)
    try:
        participation.restore_participant(participant, actor=current_user)
    except ReviewError as error:
        _review_error(error)
    else:
        mark_results_changed(session.id)
        flash(_("The participant is restored; their answers count again."), "info")
    return redirect(url_for("review.participants", session_id=session_id) + "#removed")


@blueprint.get("/sessions/<int:session_id>/projector")
@staff_only
def projector(session_id: int):
    """The big-screen view: join code and QR while people join, then live results."""
    session = services.get_session(session_id)
    return render_template(
        "review/projector.html",
        session=session,
        review_round=session.review_round,
        join_url=join_url(session),
    )


@blueprint.get("/sessions/<int:session_id>/qr.svg")
@staff_only
def qr_code(session_id: int):
    """The join link as a QR code, drawn by the app itself."""
    session = services.get_session(session_id)
    buffer = io.BytesIO()
    segno.make(join_url(session), error="m").save(
        buffer,
        kind="svg",
        scale=10,
        border=2,
        dark="#000",
        light="#fff",
        title=_("QR code for joining %(title)s", title=session.title),
    )
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


def join_url(session) -> str:
    """The session's join link as phones open it (workshop/lan.py)."""
    return public_url_for("participate.join_form", code=session.join_code)


@blueprint.app_template_global()
def live_texts() -> dict:
    """Texts every live page (participant, console, projector) gives its script alike."""
    return {
        "kinds": {str(kind): name for kind, name in step_kind_names().items()},
        "chart": {
            "chartLabel": _("Number of answers per score: {list}"),
            "valueCount": _("{value}: {count}"),
            "noAnswers": _("No scores yet"),
            "withheld": _("Fewer than {size} answers: the result is shown once there are {size}."),
        },
        "timer": {
            "timeLeft": _("Time left"),
            "timeUp": _("Time is up"),
            "oneMinute": _("One minute left"),
        },
    }


blueprint.add_app_template_global(confirmations.step_name, "step_name")
blueprint.add_app_template_global(public_url_for, "public_url_for")


# Participant pages ------------------------------------------------------------------------


def _client_address() -> str:
    return request.remote_addr or "unknown"


CODE_CHECKED_COOKIE = "wp_code"
CODE_ADMITTED = "workshop.code_admitted"
CODE_CHECKED_SECONDS = 600


def _code_checker() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="join-code-checked")


def _checked_on_this_device(code: str) -> bool:
    """Whether this browser was answered this code as right a moment ago (its signed mark)."""
    mark = request.cookies.get(CODE_CHECKED_COOKIE)
    if not mark:
        return False
    try:
        checked = _code_checker().loads(mark, max_age=CODE_CHECKED_SECONDS)
    except BadSignature:
        return False
    return checked == services.normalise_join_code(code)


def find_session_by_typed_code(code: str):
    """The session for a typed code, counting wrong codes against the caller's address.

    A right code marks this browser, so the pages of the join flow that follow (the form, the
    join itself) do not wait in a throttled address's slow lane again: the mark names only a
    code already found.
    """
    if _checked_on_this_device(code):
        return participation.typed_code_session(services.session_by_code(code))
    address = _client_address()
    if not code_guesses.admit(address):
        raise ReviewError("rate_limited", "Too many wrong codes from this network.")
    request.environ[CODE_ADMITTED] = True  # this request's own mark (g may outlive it)
    # A closed session's code is answered (and counted) as unknown: it can never join again.
    session = participation.typed_code_session(services.session_by_code(code))
    if session is None:
        code_guesses.wrong_code(address)
    else:
        code_guesses.right_code(address)
        g.code_checked = session.join_code
    return session


@participant_blueprint.after_request
def _mark_checked_code(response):
    code = g.pop("code_checked", None)
    if code:
        response.set_cookie(
            CODE_CHECKED_COOKIE,
            _code_checker().dumps(code),
            max_age=CODE_CHECKED_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def session_of_this_device(code: str):
    """The session of ``code`` and this device's participant in it (or None).

    A device that joined the session opens its pages without touching the wrong-code budget,
    and sees a closed session's ended page until its code's retention ends; without its token
    the code is a guess like any other (throttled and counted as typed).
    """
    session = participation.device_code_session(services.session_by_code(code))
    participant = participant_from_cookie(session.round_id) if session is not None else None
    if participant is not None and participant.session_id == session.id:
        return session, participant
    return find_session_by_typed_code(code), None


def this_devices_participant(code: str):
    """The session of ``code`` and this device's participant in it, for the fragments and
    JSON a joined phone asks for: 429 when the address guessed too many codes, 404 for no
    such session, 403 for a device that has not joined it."""
    try:
        session, participant = session_of_this_device(code)
    except ReviewError:
        abort(429)
    if session is None:
        abort(404)
    if participant is None:
        abort(403)
    return session, participant


def _retry_after() -> dict:
    return {"Retry-After": str(int(code_guesses.slow_interval) or 1)}


def _rate_limited_page():
    page = render_template("review/join_code.html", form=CodeForm(), rate_limited=True)
    return page, 429, _retry_after()


def _check_join_pin(session, typed: str | None) -> None:
    """Refuse a wrong PIN; wrong PINs count as wrong codes of the caller's address.

    A browser marked for a right code skipped the code guard: the guard then admits the PIN
    here, so a PIN is never guessed faster than a code. Each session also takes at most
    ``pin_misses.limit`` wrong PINs within its window, from all addresses together.
    """
    if not session.join_pin:
        return
    address = _client_address()
    if not request.environ.get(CODE_ADMITTED) and not code_guesses.admit(address):
        raise ReviewError("rate_limited", "Too many wrong codes from this network.")
    # Counted per PIN: when someone has used up the budget, a new PIN (the PIN turned off and
    # on) lets the room join again at once.
    key = f"{session.id}:{session.join_pin}"
    if pin_misses.blocked(key):
        raise ReviewError("pin_locked", "Too many wrong PINs for this workshop.")
    if not participation.pin_matches(session, typed):
        code_guesses.wrong_code(address)
        pin_misses.hit(key)
        raise ReviewError("wrong_pin", "The PIN is not right.")


def _removed_page(session):
    page = render_template("review/removed.html", session=session)
    return page, 403


@participant_blueprint.route("/join", methods=["GET", "POST"])
def join_code():
    """Enter the workshop code shown in the room."""
    form = CodeForm()
    if form.validate_on_submit():
        try:
            session = find_session_by_typed_code(form.code.data)
            participation.check_joinable(session)
        except ReviewError as error:
            if error.code == "rate_limited":
                return _rate_limited_page()
            form.code.errors.append(_translate_error(error))
        else:
            return redirect(url_for("participate.join_form", code=session.join_code))
    return render_template("review/join_code.html", form=form), (400 if form.errors else 200)


@participant_blueprint.route("/j/<code>", methods=["GET", "POST"])
@committing
def join_form(code: str):
    """Choose a stakeholder group (and optionally give organisation and name), then join."""
    try:
        session, joined = session_of_this_device(code)
        if joined is not None and request.method == "GET":
            # This device is in the session (an ended one too): its own page says how it is.
            return redirect(url_for("participate.participant_view", code=session.join_code))
        participation.check_joinable(session)
    except ReviewError as error:
        if error.code == "rate_limited":
            return _rate_limited_page()
        form = CodeForm(data={"code": code})
        form.code.errors = [_translate_error(error)]
        return render_template("review/join_code.html", form=form), 404
    known = participant_from_cookie(session.round_id)
    if known is not None and known.removed:
        return _removed_page(session)
    locale = current_locale()
    form = JoinForm(obj=known) if request.method == "GET" and known else JoinForm()
    if request.method == "GET" and known:
        form.group.data = known.group.key
    form.group.choices = [
        SelectChoice(g.key, g.tr("name", locale)) for g in session.review_round.groups
    ]
    status = 200
    if form.validate_on_submit():
        try:
            _check_join_pin(session, form.pin.data)
            admit_join(session)
        except ReviewError as error:
            if error.code == "rate_limited":
                return _rate_limited_page()
            if error.code == "join_rate_limited":
                page = render_template(
                    "review/join.html",
                    form=form,
                    session=session,
                    known=known,
                    wait_seconds=error.retry_after,
                )
                return page, 429, join_retry_after(error)
            form.pin.errors = [_translate_error(error)]
            status = 429 if error.code == "pin_locked" else 400
        else:
            return _join_and_mark_device(session, form, locale, known)
    elif form.errors:
        status = 400
    return render_template("review/join.html", form=form, session=session, known=known), status


def _join_and_mark_device(session, form, locale: str, known):
    """Join (or move) the participant and give this browser their token."""
    participant = participation.join_session(
        session,
        form.group.data,
        organisation=form.organisation.data or "",
        name=form.name.data or "",
        locale=locale,
        participant=known,
    )
    return joined_response(participant, session)


@participant_blueprint.get("/s/<code>")
@committing
def participant_view(code: str):
    """The participant's live workshop screen (after joining on this device)."""
    try:
        session, participant = session_of_this_device(code)
    except ReviewError:
        return _rate_limited_page()
    if session is None:
        abort(404)
    if participant is None:
        return redirect(url_for("participate.join_form", code=session.join_code))
    if participant.removed:
        return _removed_page(session)
    # The language switch reloads this page: texts from the server follow the new language.
    participation.set_locale(participant, current_locale())
    token = participation.make_token(current_app.config["SECRET_KEY"], participant)
    return render_template(
        "review/participant.html", session=session, participant=participant, token=token
    )


def _json_body():
    """The request's JSON, or ``UNREADABLE`` when it is none (a payload validator refuses it)."""
    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # JSON nested thousands deep: not a ValueError, so not silenced
        return UNREADABLE
    return UNREADABLE if payload is None else payload


UNREADABLE = object()


@participant_blueprint.post("/api/join")
@csrf.exempt
@committing
def api_join():
    """Join as JSON, for clients other than the browser page: returns the participant token."""
    body = _json_body()
    # The refusal's message in the language the client asked for (codes stay the same).
    locale = body.get("locale") if isinstance(body, dict) else None
    locale = locale if locale in SUPPORTED_LOCALES else "fi"
    try:
        form = validate_payload(JoinPayload, body)
        session = find_session_by_typed_code(form.code.data)
        participation.check_joinable(session)
        _check_join_pin(session, form.pin.data)
        admit_join(session)
        participant = participation.join_session(
            session,
            form.group.data,
            organisation=form.organisation.data or "",
            name=form.name.data or "",
            locale=form.locale.data or "fi",
        )
    except PayloadError as error:
        return jsonify(error_ack(error, locale)), 400
    except ReviewError as error:
        return _api_join_refusal(error, locale)
    return jsonify(
        ok=True,
        token=participation.make_token(current_app.config["SECRET_KEY"], participant),
        participant_id=participant.id,
        session_id=session.id,
    )


def _api_join_refusal(error: ReviewError, locale: str):
    status = {
        "rate_limited": 429,
        "join_rate_limited": 429,
        "pin_locked": 429,
        "unknown_code": 404,
        "wrong_pin": 403,
    }.get(error.code, 409)
    headers = {}
    if error.code == "join_rate_limited":
        headers = join_retry_after(error)
    elif status == 429:
        headers = _retry_after()
    return jsonify(error_ack(error, locale)), status, headers


UNKNOWN_LOCALE = _l("Not a supported language (fi or en).")


@participant_blueprint.get("/api/sessions/<code>")
def api_session(code: str):
    """Public facts of a session for a join screen: title, round, status, groups."""
    locale = request.args.get("locale", "fi")
    if locale not in SUPPORTED_LOCALES:
        refusal = PayloadError({"locale": [UNKNOWN_LOCALE]})
        return jsonify(error_ack(refusal, "fi")), 400
    try:
        session = find_session_by_typed_code(code)
    except ReviewError as error:
        return jsonify(error_ack(error, locale)), 429, _retry_after()
    if session is None:
        unknown = ReviewError("unknown_code", "No workshop has this code.")
        return jsonify(error_ack(unknown, locale)), 404
    return jsonify(
        ok=True,
        session={
            "id": session.id,
            "title": session.title,
            "status": session.status,
            "location": session.location,
            "pin_required": bool(session.join_pin),
        },
        round={"id": session.round_id, "title": session.review_round.title},
        groups=[{"key": g.key, "name": g.tr("name", locale)} for g in session.review_round.groups],
    )


# The results pages register on this blueprint (kept apart: this module is large enough).
from workshop.review import results_views  # noqa: E402,F401

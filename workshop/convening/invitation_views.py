"""HTTP pages of invitations: the facilitator's page of a round's invitations, and the
contact's pages reached by their personal link (answer, join, unsubscribe)."""

from __future__ import annotations

from functools import wraps

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from workshop.config import SUPPORTED_LOCALES
from workshop.convening import invitations, reminders, sender
from workshop.convening.invitation_forms import (
    AnswerForm,
    CancelReminderForm,
    EmptyForm,
    InviteForm,
    ReminderForm,
)
from workshop.convening.invitation_models import Invitation, MailMessage, MailStatus, Reminder
from workshop.convening.invitations import InvitationError
from workshop.convening.mail import session_time
from workshop.convening.models import Organisation
from workshop.extensions import csrf, db
from workshop.i18n import current_locale
from workshop.realtime import commit_and_emit
from workshop.review import participation
from workshop.review.joining import (
    admit_join,
    join_retry_after,
    joined_response,
    participant_from_cookie,
)
from workshop.review.models import ReviewRound, SessionStatus
from workshop.review.services import ReviewError
from workshop.web import committing, flash_form_errors, round_staff_required

blueprint = Blueprint("invitations", __name__)


def waking_the_sender(view):
    """After the view's commit, wake the background sender: what it queued goes out now."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        sender.mail_worker.wake()
        return response

    return wrapper


def link_base() -> str | None:
    """Where the links in messages point: the public address (WORKSHOP_PUBLIC_URL, or the one
    `workshop run --lan` detected), else None.

    Never the request's own address: its Host header is the client's to choose (a forged one
    would put an attacker's site into every invitation), and a console opened at localhost
    would send links that open nowhere but on this machine.
    """
    return current_app.config.get("PUBLIC_URL") or None


def _no_public_address(review_round: ReviewRound):
    flash(
        _("Set the public address (WORKSHOP_PUBLIC_URL) first: the links in e-mail point to it."),
        "error",
    )
    return _page(review_round, 400)


def _error_text(error: InvitationError) -> str:
    return {
        "no_session": _("Choose at least one session."),
        "unknown_session": _("The session is not part of this round."),
        "session_closed": _("The session has ended."),
        "unknown_group": _("The round has no such stakeholder group."),
        "no_contacts": _("The chosen groups and organisations have no contacts."),
        "reminder_in_past": _("Choose a time in the future."),
        "reminder_sent": _("The reminder has already been sent."),
        "invalid_answer": _("Answer coming or not coming."),
    }.get(error.code, _("The invitation could not be changed."))


# Errors of the network, not of the message: the server was down or the address wrong.
_UNREACHABLE = frozenset(
    {
        "ConnectionRefusedError",
        "ConnectionResetError",
        "TimeoutError",
        "gaierror",
        "timeout",
        "OSError",
        "SMTPServerDisconnected",
        "SMTPConnectError",
        "SSLError",
        "SSLCertVerificationError",
    }
)


@blueprint.app_template_global("mail_error_text")
def mail_error_text(code: str) -> str:
    """A message's ``last_error`` (an SMTP class and reply code, or the app's own word) as
    the facilitator reads it: what happened, not the library's name for it."""
    name, _space, reply = code.partition(" ")
    temporary = reply[:1] == "4"
    if name == "unsubscribed":
        return _("the contact unsubscribed")
    if name == "interrupted":
        return _("sending was interrupted too many times")
    if name == "SMTPRecipientsRefused":
        if temporary:
            return _("the mail server refused the address for now")
        return _("the mail server refused the address")
    if name == "SMTPAuthenticationError":
        return _("the mail server refused the app's login")
    if name.startswith("SMTP") and reply:
        if temporary:
            return _("the mail server refused the message for now")
        return _("the mail server refused the message")
    if name in _UNREACHABLE:
        return _("the mail server could not be reached")
    return _("the message could not be built")


# The facilitator's page -------------------------------------------------------------------


def _round(round_id: int) -> ReviewRound:
    review_round = db.session.get(ReviewRound, round_id)
    if review_round is None:
        abort(404)
    return review_round


def _invite_form(review_round: ReviewRound, locale: str) -> InviteForm:
    form = InviteForm(prefix="invite")
    form.sessions.choices = [
        SelectChoice(s.id, s.title)
        for s in review_round.sessions
        if s.status != SessionStatus.CLOSED
    ]
    form.groups.choices = [SelectChoice(g.key, g.tr("name", locale)) for g in review_round.groups]
    form.organisations.choices = [
        SelectChoice(organisation.id, organisation.name)
        for organisation in db.session.scalars(select(Organisation).order_by(Organisation.name))
    ]
    return form


def _summary(rows: list[Invitation]) -> dict[str, int]:
    counts = {"invited": len(rows), "coming": 0, "not_coming": 0, "no_answer": 0, "joined": 0}
    for invitation in rows:
        counts[invitation.answer or "no_answer"] += 1
        counts["joined"] += invitation.joined
    return counts


def _by_session(rows: list[Invitation]) -> list[tuple]:
    """(session, its invitations, their counts) in the order the rows come (by session)."""
    grouped: dict[int, list[Invitation]] = {}
    for invitation in rows:
        grouped.setdefault(invitation.session_id, []).append(invitation)
    return [(group[0].session, group, _summary(group)) for group in grouped.values()]


def _page(review_round: ReviewRound, status: int = 200, **forms):
    locale = current_locale()
    rows = invitations.round_invitations(review_round)
    page = render_template(
        "convening/invitations.html",
        review_round=review_round,
        invitations=rows,
        summary=_summary(rows),
        by_session=_by_session(rows),
        failed=sum(
            1 for row in rows if row.last_message and row.last_message.status == MailStatus.FAILED
        ),
        reminders=reminders.round_reminders(review_round),
        group_names={g.key: g.tr("name", locale) for g in review_round.groups},
        invite_form=forms.get("invite_form") or _invite_form(review_round, locale),
        reminder_form=forms.get("reminder_form") or ReminderForm(prefix="reminder"),
        button_form=EmptyForm(),
        smtp_configured=bool(current_app.config.get("SMTP_HOST")),
        public_address=link_base(),
    )
    return page, status


@blueprint.get("/review/rounds/<int:round_id>/invitations")
@round_staff_required
def round_invitations(round_id: int):
    """Who is invited to the round's sessions, their answers and messages; invite, remind."""
    return _page(_round(round_id))


def _back(round_id: int, section: str = ""):
    anchor = f"#{section}" if section else ""
    return redirect(url_for("invitations.round_invitations", round_id=round_id) + anchor)


@blueprint.post("/review/rounds/<int:round_id>/invitations/send")
@round_staff_required
@waking_the_sender
def send(round_id: int):
    """Invite the chosen groups and organisations to the chosen sessions."""
    review_round = _round(round_id)
    form = _invite_form(review_round, current_locale())
    if not form.validate_on_submit():
        flash_form_errors(form, _("Choose the sessions and whom to invite."))
        return _page(review_round, 400, invite_form=form)
    if link_base() is None:
        return _no_public_address(review_round)
    chosen = [s for s in review_round.sessions if s.id in set(form.sessions.data)]
    try:
        result = invitations.invite(
            review_round,
            chosen,
            group_keys=form.groups.data or [],
            organisation_ids=form.organisations.data or [],
            secret_key=current_app.config["SECRET_KEY"],
            link_base=link_base(),
            actor=current_user,
        )
        commit_and_emit()
    except InvitationError as error:
        db.session.rollback()
        flash(_error_text(error), "error")
        return _page(review_round, 400, invite_form=form)
    except IntegrityError:
        # A double click: the other request invited the same contacts between this one's
        # check and its insert (the unique contact and session). Nothing of this one is kept.
        db.session.rollback()
        flash(_("These contacts had been invited already: nothing was sent twice."), "info")
        return _back(round_id, "invited")
    flash(
        ngettext(
            "%(num)d invitation is on its way.",
            "%(num)d invitations are on their way.",
            len(result.created),
        ),
        "success",
    )
    if result.already_invited:
        flash(
            ngettext(
                "%(num)d contact had been invited already.",
                "%(num)d contacts had been invited already.",
                result.already_invited,
            ),
            "info",
        )
    if result.unsubscribed:
        flash(
            ngettext(
                "%(num)d contact has asked for no invitations.",
                "%(num)d contacts have asked for no invitations.",
                result.unsubscribed,
            ),
            "info",
        )
    if result.group_not_in_round:
        flash(
            ngettext(
                "%(num)d contact belongs to a group the round does not have.",
                "%(num)d contacts belong to a group the round does not have.",
                result.group_not_in_round,
            ),
            "info",
        )
    return _back(round_id, "invited")


@blueprint.post("/review/rounds/<int:round_id>/invitations/remind")
@round_staff_required
@waking_the_sender
@committing
def remind_now(round_id: int):
    """Remind now everyone who has not answered (or not joined the online window)."""
    review_round = _round(round_id)
    if not EmptyForm().validate_on_submit():
        flash(_("The form expired: try again."), "error")
        return _back(round_id)
    if link_base() is None:
        return _no_public_address(review_round)
    result = invitations.remind(review_round, link_base=link_base(), actor=current_user)
    flash(
        ngettext(
            "%(num)d reminder is on its way.", "%(num)d reminders are on their way.", result.queued
        ),
        "success",
    )
    if result.recently_reminded:
        flash(
            ngettext(
                "%(num)d contact had a reminder in the last 12 hours and got none now.",
                "%(num)d contacts had a reminder in the last 12 hours and got none now.",
                result.recently_reminded,
            ),
            "info",
        )
    return _back(round_id, "invited")


@blueprint.post("/review/rounds/<int:round_id>/invitations/reminders")
@round_staff_required
@committing
def add_reminder(round_id: int):
    """Set a time when reminders go out by themselves."""
    review_round = _round(round_id)
    form = ReminderForm(prefix="reminder")
    if not form.validate_on_submit():
        flash_form_errors(form, _("Give the time of the reminder."))
        return _page(review_round, 400, reminder_form=form)
    if link_base() is None:
        return _no_public_address(review_round)
    try:
        reminders.schedule_reminder(review_round, form.send_at.data, link_base=link_base())
    except InvitationError as error:
        form.send_at.errors.append(_error_text(error))
        flash(_error_text(error), "error")
        return _page(review_round, 400, reminder_form=form)
    flash(_("The reminder time is set."), "success")
    return _back(round_id, "reminders")


@blueprint.post("/review/rounds/<int:round_id>/invitations/reminders/cancel")
@round_staff_required
@committing
def cancel_reminder(round_id: int):
    """Take back a reminder time that has not come yet."""
    form = CancelReminderForm()
    reminder = db.session.get(Reminder, form.reminder.data) if form.validate_on_submit() else None
    if reminder is None or reminder.round_id != round_id:
        flash(_("No such reminder."), "error")
        return _back(round_id, "reminders")
    try:
        reminders.cancel_reminder(reminder)
    except InvitationError as error:
        flash(_error_text(error), "error")
    else:
        flash(_("The reminder time is removed."), "success")
    return _back(round_id, "reminders")


@blueprint.post("/review/rounds/<int:round_id>/invitations/retry")
@round_staff_required
@waking_the_sender
@committing
def retry_failed(round_id: int):
    """Send the round's failed messages again."""
    if not EmptyForm().validate_on_submit():
        flash(_("The form expired: try again."), "error")
        return _back(round_id)
    failed = db.session.scalars(
        select(MailMessage)
        .join(Invitation, MailMessage.invitation_id == Invitation.id)
        .where(Invitation.round_id == round_id, MailMessage.status == MailStatus.FAILED)
    ).all()
    for message in failed:
        sender.retry_now(message)
    flash(
        ngettext(
            "%(num)d message is tried again.", "%(num)d messages are tried again.", len(failed)
        ),
        "success",
    )
    return _back(round_id, "invited")


# The contact's pages, reached by the personal link ----------------------------------------


def _invitation(token: str) -> Invitation:
    invitation = invitations.invitation_by_token(token)
    if invitation is None:
        abort(404)
    return invitation


def _contact_language(invitation: Invitation) -> None:
    """The pages speak the contact's language until this browser chooses another."""
    if session.get("locale") not in SUPPORTED_LOCALES:
        session["locale"] = invitation.contact.language


def _answer_page(invitation: Invitation, form=None, status: int = 200):
    joinable = invitation.session.status == SessionStatus.OPEN
    page = render_template(
        "convening/answer.html",
        invitation=invitation,
        form=form or AnswerForm(),
        join_form=EmptyForm(prefix="join"),
        joinable=joinable,
        session_time=session_time(invitation.session),
        group_name=next(
            (
                g.tr("name", current_locale())
                for g in invitation.review_round.groups
                if g.key == invitation.contact.organisation.group_key
            ),
            invitation.contact.organisation.group_key,
        ),
    )
    return page, status


@blueprint.route("/i/<token>", methods=["GET", "POST"])
@committing
def answer(token: str):
    """The invitation: its time and place; answer coming or not coming; join when open."""
    invitation = _invitation(token)
    if request.method == "GET":
        _contact_language(invitation)
        return _answer_page(invitation)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _answer_page(invitation, form, 400)
    invitations.set_answer(invitation, form.answer.data)
    flash(
        _("Thank you: you are expected.")
        if form.answer.data == "coming"
        else _("Thank you for letting us know."),
        "success",
    )
    return redirect(url_for("invitations.answer", token=token))


@blueprint.post("/i/<token>/join")
@committing
def join(token: str):
    """Join the invitation's session from the link, group and organisation filled in."""
    invitation = _invitation(token)
    if not EmptyForm(prefix="join").validate_on_submit():
        flash(_("The form expired: try again."), "error")
        return _answer_page(invitation, status=400)
    known = participant_from_cookie(invitation.round_id)
    try:
        if known is not None and known.removed:
            raise ReviewError("participant_removed", "")
        participation.check_joinable(invitation.session)
        admit_join(invitation.session)
        participant = invitations.join_from_invitation(
            invitation, locale=current_locale(), known=known
        )
    except ReviewError as error:
        messages = {
            "not_open": _("The workshop has not been opened yet. Come back when it starts."),
            "closed": _("This workshop has ended."),
            "participant_removed": _("A facilitator removed you from this workshop."),
            "join_rate_limited": _("Many people are joining at once: try again in a moment."),
            "unknown_group": _(
                "The workshop has no group for your organisation: join by its code."
            ),
        }
        flash(messages.get(error.code, _("You could not join.")), "error")
        page, status = _answer_page(
            invitation, status=429 if error.code == "join_rate_limited" else 400
        )
        headers = join_retry_after(error) if error.code == "join_rate_limited" else {}
        return page, status, headers
    return joined_response(participant, invitation.session)


@blueprint.route("/i/<token>/unsubscribe", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients post List-Unsubscribe=One-Click without a page's token
@committing
def unsubscribe(token: str):
    """One click: no more invitations or reminders. A GET only shows the button, since mail
    scanners open links; the POST (the button, or the mail client's own) does it."""
    invitation = _invitation(token)
    if request.method == "POST":
        invitations.unsubscribe(invitation)
    else:
        _contact_language(invitation)
    return render_template(
        "convening/unsubscribe.html",
        invitation=invitation,
        done=not invitation.contact.subscribed,
    )

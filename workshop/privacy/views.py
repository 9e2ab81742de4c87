"""HTTP pages of privacy: the notice, a participant's own data, a round's data for staff."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from workshop.privacy import services
from workshop.privacy.notice import notice_facts
from workshop.review import services as review_services
from workshop.review.forms import ConfirmForm
from workshop.review.services import ReviewError
from workshop.review.views import session_of_this_device, staff_only
from workshop.web import Confirmation, committing, render_confirmation

blueprint = Blueprint("privacy", __name__)


@blueprint.get("/privacy")
def notice():
    """The privacy notice: who controls the data, what is kept, why, for how long, your rights."""
    return render_template("privacy/notice.html", facts=notice_facts(current_app.config))


def _json_download(data: dict, filename: str) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",  # personal data: no copy left in a shared cache
        },
    )


def _confirmed() -> bool:
    return ConfirmForm().validate_on_submit()


# A participant's own data (known by this device's token cookie) ---------------------------


def _this_devices_participant(code: str):
    """The session and this device's participant in it; without the device's token the code
    is a guess like any other (counted and throttled with every other code path)."""
    try:
        session, participant = session_of_this_device(code)
    except ReviewError:  # rate_limited: too many wrong codes from this address
        abort(429)
    if session is None or participant is None:
        abort(404)
    return session, participant


@blueprint.post("/s/<code>/my-data")
@committing
def my_data(code: str):
    """Download, as JSON, everything stored about this device's participant."""
    _session, participant = _this_devices_participant(code)
    if not _valid_post():
        abort(400)
    data = services.export_participant(participant)
    return _json_download(data, f"strategiapaja-my-data-{participant.id}.json")


def _valid_post() -> bool:
    """A POST with a valid CSRF token (the form itself carries nothing else)."""
    return FlaskForm().validate_on_submit()


def _erase_my_data_page(code: str) -> Confirmation:
    return Confirmation(
        title=_("Delete my data?"),
        consequences=[
            _("Your name and organisation are removed, if you gave them."),
            _("Your conversation with the review assistant is deleted."),
            _("Your proposals and comments are no longer linked to you."),
            _(
                "This device continues as the same anonymous participant, so your answers "
                "are never counted twice."
            ),
        ],
        kept=_(
            "Your scores, their reasons, your proposals and comments stay in the review as "
            "anonymous answers of your stakeholder group: they are the review's record."
        ),
        action=url_for("privacy.erase_my_data", code=code),
        button=_("Delete my data"),
        cancel=url_for("participate.participant_view", code=code),
    )


@blueprint.route("/s/<code>/my-data/delete", methods=["GET", "POST"])
@committing
def erase_my_data(code: str):
    """Erase this device's participant's personal data, after the confirmation page's yes."""
    _session, participant = _this_devices_participant(code)
    if request.method == "GET" or not _confirmed():
        return render_confirmation(_erase_my_data_page(code), refused=request.method == "POST")
    services.erase_participant(participant)
    flash(_("Your personal data was deleted. Thank you for taking part."), "info")
    # The device cookie stays: the device is still this (now anonymous) participant, and a
    # new participant in its place would count the same person's answers twice.
    return redirect(url_for("privacy.notice"))


# A round's personal data, for staff -------------------------------------------------------


@blueprint.app_template_global()
def round_privacy(review_round) -> dict:
    """What the round page says of its personal data: whether any is left and when it goes."""
    days = current_app.config["RETENTION_DAYS"]
    return {
        "has_personal_data": services.has_personal_data(review_round),
        "erasure_due": services.erasure_due(review_round, days),
        "retention_days": days,
    }


@blueprint.post("/review/rounds/<int:round_id>/privacy/export")
@staff_only
@committing
def export_round(round_id: int):
    """Download the personal data of every participant of the round (recorded in the audit log)."""
    review_round = review_services.get_round(round_id)
    if not _valid_post():
        abort(400)
    data = services.export_round(review_round, actor=current_user)
    return _json_download(data, f"strategiapaja-round-{round_id}-personal-data.json")


def _erase_round_page(review_round) -> Confirmation:
    cancel = url_for("review.round_page", round_id=review_round.id) + "#privacy"
    if services.open_sessions(review_round):
        return Confirmation(
            title=_("Erase the personal data of “%(title)s”?", title=review_round.title),
            consequences=[
                _(
                    "A session of the round is open: close the sessions first, so no one "
                    "joins again as a new participant and is counted twice."
                )
            ],
            action=url_for("privacy.erase_round", round_id=review_round.id),
            button=_("Erase personal data"),
            cancel=cancel,
            blocked=True,
        )
    count = len(services.round_participants(review_round))
    return Confirmation(
        title=_("Erase the personal data of “%(title)s”?", title=review_round.title),
        consequences=[
            ngettext(
                "The name and organisation of its %(num)d participant are removed.",
                "The names and organisations of its %(num)d participants are removed.",
                count,
            ),
            _("Their conversations with the review assistant are deleted."),
            _("Their proposals and comments are no longer linked to them."),
            _("Their devices continue as the same anonymous participants."),
        ],
        kept=_(
            "The anonymous record stays: scores with their reasons by stakeholder group, "
            "proposals, comments, support and decisions. This cannot be undone."
        ),
        action=url_for("privacy.erase_round", round_id=review_round.id),
        button=_("Erase personal data"),
        cancel=cancel,
    )


@blueprint.route("/review/rounds/<int:round_id>/privacy/erase", methods=["GET", "POST"])
@staff_only
@committing
def erase_round(round_id: int):
    """Erase the round's personal data, after the confirmation page's yes."""
    review_round = review_services.get_round(round_id)
    page = _erase_round_page(review_round)
    if page.blocked and request.method == "POST":  # the page says why; nothing is erased
        return render_confirmation(page)[0], 409
    if request.method == "GET" or page.blocked or not _confirmed():
        return render_confirmation(page, refused=request.method == "POST")
    erasure = services.erase_round(review_round, actor=current_user)
    flash(
        ngettext(
            "The personal data of %(num)d participant was erased.",
            "The personal data of %(num)d participants was erased.",
            erasure.participants,
        ),
        "info",
    )
    return redirect(url_for("review.round_page", round_id=round_id) + "#privacy")

"""A round's hosts: its owner and the co-hosts an admin or the owner adds and removes."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from workshop.auth import services
from workshop.auth.forms import CohostForm
from workshop.auth.permissions import can_manage_hosts
from workshop.review import services as review_services
from workshop.web import committing, round_staff_required

blueprint = Blueprint("hosts", __name__, url_prefix="/review")


def _cohost_form(review_round) -> CohostForm:
    form = CohostForm()
    taken = {review_round.owner_id, *(c.id for c in review_round.cohosts)}
    form.user.choices = [
        SelectChoice(u.id, u.name or u.email) for u in services.facilitators() if u.id not in taken
    ]
    return form


@blueprint.get("/rounds/<int:round_id>/hosts")
@round_staff_required
def hosts(round_id: int):
    """Who runs the round; admins and the owner also get the forms that change it."""
    review_round = review_services.get_round(round_id)
    return render_template(
        "auth/hosts.html",
        review_round=review_round,
        form=_cohost_form(review_round),
        remove_form=CohostForm(formdata=None),
        can_manage=can_manage_hosts(current_user, review_round),
    )


def _managed_round(round_id: int):
    review_round = review_services.get_round(round_id)
    if not can_manage_hosts(current_user, review_round):
        abort(403)
    return review_round


@blueprint.post("/rounds/<int:round_id>/hosts")
@round_staff_required
@committing
def add_host(round_id: int):
    review_round = _managed_round(round_id)
    form = _cohost_form(review_round)
    if form.validate_on_submit():
        services.add_cohost(current_user, review_round, services.get_user(form.user.data))
        flash(_("The co-host was added."), "info")
    else:
        flash(_("Choose a facilitator."), "error")
    return redirect(url_for("hosts.hosts", round_id=round_id))


@blueprint.post("/rounds/<int:round_id>/hosts/<int:user_id>/remove")
@round_staff_required
@committing
def remove_host(round_id: int, user_id: int):
    review_round = _managed_round(round_id)
    if not _csrf_ok():
        abort(400)
    services.remove_cohost(current_user, review_round, services.get_user(user_id))
    flash(_("The co-host was removed."), "info")
    return redirect(url_for("hosts.hosts", round_id=round_id))


def _csrf_ok() -> bool:
    from flask_wtf import FlaskForm

    return FlaskForm().validate_on_submit()

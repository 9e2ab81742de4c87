"""The account's API tokens page: create (the token shown once), list, revoke."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshop.api import services
from workshop.api.forms import TokenForm
from workshop.auth.models import STAFF_ROLES
from workshop.review.forms import ConfirmForm
from workshop.web import Confirmation, committing, render_confirmation, roles_required

blueprint = Blueprint("tokens", __name__, url_prefix="/account/tokens")


def _token_error(code: str) -> str:
    """The service's refusal in the page's language (the form checks most of it first)."""
    messages = {
        "name_required": _("Give the token a name."),
        "name_too_long": _(
            "The name is longer than %(max)s characters.", max=services.NAME_MAX_LENGTH
        ),
        "invalid_scope": _("Choose a scope."),
    }
    return messages.get(code, _("The token could not be created."))


def _page(form: TokenForm, status: int = 200, created: str | None = None):
    user = current_user._get_current_object()
    page = render_template(
        "api/tokens.html", form=form, tokens=services.list_tokens(user), created=created
    )
    # A page with a new token must not stay in any cache.
    return page, status, {"Cache-Control": "no-store"}


@blueprint.route("", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
@committing
def tokens():
    """GET: one's tokens and the form; POST: a new token, shown on the answer only."""
    form = TokenForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return _page(form, 400)
        user = current_user._get_current_object()
        try:
            token, plain = services.create_token(user, form.name.data, form.scope.data, actor=user)
        except services.TokenError as error:
            form.name.errors = [*form.name.errors, _token_error(error.code)]
            return _page(form, 400)
        return _page(TokenForm(formdata=None), 201, created=plain)
    return _page(form)


def _revoke_confirmation(token) -> Confirmation:
    return Confirmation(
        title=_("Revoke the token “%(name)s”?", name=token.name),
        consequences=[
            _("Scripts and tools using this token get 401 from their next request."),
            _("A revoked token cannot be used again; create a new one if needed."),
        ],
        action=url_for("tokens.revoke", token_id=token.id),
        button=_("Revoke the token"),
        cancel=url_for("tokens.tokens"),
    )


@blueprint.route("/<int:token_id>/revoke", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
@committing
def revoke(token_id: int):
    """GET: what revoking does; POST with the confirmation: revoke (one's own tokens only)."""
    user = current_user._get_current_object()
    token = services.user_token(user, token_id)
    if request.method == "GET" or not ConfirmForm().validate_on_submit():
        return render_confirmation(_revoke_confirmation(token), refused=request.method == "POST")
    services.revoke_token(token, actor=user)
    from flask import flash

    flash(_("The token was revoked."), "info")
    return redirect(url_for("tokens.tokens"))

"""Log in and out."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm

from workshop.auth import services
from workshop.auth.forms import LoginForm
from workshop.i18n import _safe_next
from workshop.web import committing

blueprint = Blueprint("auth", __name__)


@blueprint.route("/login", methods=["GET", "POST"])
@committing
def login():
    """The facilitator login page."""
    if current_user.is_authenticated:
        return redirect(url_for("index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("The e-mail address or password is wrong."))
    status = 400 if form.errors else 200
    return render_template(
        "auth/login.html", form=form, no_accounts=services.count_users() == 0
    ), status


@blueprint.post("/logout")
def logout():
    """End the session (a POST with a CSRF token, so no other site can log you out)."""
    form = FlaskForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))

"""Log in and out, change one's password; an admin's page of accounts."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from workshop.auth import services, throttle
from workshop.auth.forms import (
    ActiveForm,
    LoginForm,
    PasswordChangeForm,
    ResetPasswordForm,
    RoleForm,
)
from workshop.auth.labels import ROLE_NAMES, role_choices
from workshop.auth.models import ADMIN_ROLES
from workshop.i18n import _safe_next
from workshop.web import committing, flash_form_errors, roles_required

blueprint = Blueprint("auth", __name__)


def _address() -> str:
    return request.remote_addr or "unknown"


def _login_page(form, status: int, **context):
    page = render_template(
        "auth/login.html", form=form, no_accounts=services.count_users() == 0, **context
    )
    return page, status


@blueprint.route("/login", methods=["GET", "POST"])
@committing
def login():
    """The staff login page; failures are throttled per account and per address."""
    if current_user.is_authenticated:
        return redirect(url_for("index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = services.normalise_email(form.email.data)
        # Refused before the password is hashed: a flood costs no CPU (docs/security.md).
        if throttle.throttled(email, _address()):
            minutes = throttle.WINDOW_SECONDS // 60
            message = _(
                "Too many failed logins. Try again in %(minutes)s minutes.", minutes=minutes
            )
            headers = {"Retry-After": str(throttle.WINDOW_SECONDS)}
            return (*_login_page(form, 429, throttled_message=message), headers)
        user = services.authenticate(email, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        throttle.failed(email, _address())
        if throttle.throttled(email, _address()):
            services.record_lock(email)
        form.password.errors.append(_("The e-mail address or password is wrong."))
    return _login_page(form, 400 if form.errors else 200)


@blueprint.post("/logout")
@committing
def logout():
    """End the session everywhere (a POST with a CSRF token, so no other site can log you out)."""
    form = FlaskForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            services.logout(current_user._get_current_object())
        logout_user()
        flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
@committing
def account():
    """One's own account: change the password (the other sessions end)."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(user, form.current.data, form.new.data)
        except services.AccountError as error:
            form.current.errors.append(_account_error(error))
        else:
            login_user(user)  # this browser goes on, in the new epoch
            flash(_("Your password was changed. Your other sessions have ended."), "info")
            return redirect(url_for("auth.account"))
    status = 400 if form.errors else 200
    return render_template("auth/account.html", form=form, role_names=ROLE_NAMES), status


def _account_error(error: services.AccountError) -> str:
    messages = {
        "wrong_password": _("The current password is wrong."),
        "password_short": _("The password must have at least 10 characters."),
        "self": _("You cannot change or deactivate your own account here."),
        "unknown_role": _("Choose a role."),
    }
    return messages.get(error.code, str(error))


# Admin: accounts ----------------------------------------------------------------------------

admin_only = roles_required(*ADMIN_ROLES)


@blueprint.get("/admin/users")
@admin_only
def users():
    """Every account with its role and state."""
    return render_template("auth/users.html", users=services.list_users(), role_names=ROLE_NAMES)


def _user_page(user, status: int = 200, **forms):
    role_form = forms.get("role_form") or RoleForm(prefix="role", formdata=None, role=user.role)
    role_form.role.choices = role_choices()
    page = render_template(
        "auth/user.html",
        user=user,
        role_names=ROLE_NAMES,
        role_form=role_form,
        reset_form=forms.get("reset_form") or ResetPasswordForm(prefix="reset", formdata=None),
        active_form=forms.get("active_form") or ActiveForm(prefix="active", formdata=None),
    )
    return page, status


@blueprint.get("/admin/users/<int:user_id>")
@admin_only
def user_page(user_id: int):
    return _user_page(services.get_user(user_id))


@blueprint.post("/admin/users/<int:user_id>/role")
@admin_only
@committing
def user_role(user_id: int):
    user = services.get_user(user_id)
    form = RoleForm(prefix="role")
    form.role.choices = role_choices()
    if not form.validate_on_submit():
        flash_form_errors(form, _("Choose a role."))
        return _user_page(user, 400, role_form=form)
    try:
        services.set_role(current_user, user, form.role.data)
    except services.AccountError as error:
        flash(_account_error(error), "error")
        return _user_page(user, 400, role_form=form)
    flash(_("Saved."), "info")
    return redirect(url_for("auth.user_page", user_id=user_id))


@blueprint.post("/admin/users/<int:user_id>/reset")
@admin_only
@committing
def user_reset(user_id: int):
    """Set a new password for the account; its sessions end."""
    user = services.get_user(user_id)
    form = ResetPasswordForm(prefix="reset")
    if not form.validate_on_submit():
        flash_form_errors(form, _("Enter a new password."))
        return _user_page(user, 400, reset_form=form)
    services.reset_password(current_user, user, form.password.data)
    flash(_("The password was reset and the account's sessions ended."), "info")
    return redirect(url_for("auth.user_page", user_id=user_id))


@blueprint.post("/admin/users/<int:user_id>/active")
@admin_only
@committing
def user_active(user_id: int):
    """Deactivate (with the box ticked; the sessions end) or reactivate the account."""
    user = services.get_user(user_id)
    form = ActiveForm(prefix="active")
    wanted = request.form.get("active")
    if not form.validate_on_submit() or wanted not in ("0", "1"):
        abort(400)
    activate = wanted == "1"
    if not activate and not form.confirm.data:
        flash(_("Tick the box to confirm the deactivation."), "error")
        return _user_page(user, 400, active_form=form)
    try:
        services.set_active(current_user, user, activate)
    except services.AccountError as error:
        flash(_account_error(error), "error")
        return _user_page(user, 400)
    if activate:
        flash(_("The account can log in again."), "info")
    else:
        flash(_("The account was deactivated and its sessions ended."), "info")
    return redirect(url_for("auth.user_page", user_id=user_id))

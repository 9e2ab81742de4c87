"""HTTP edge helpers: the one transaction boundary of views, role checks, form errors,
confirmation pages, error pages."""

from dataclasses import dataclass, field
from functools import wraps

from flask import Flask, abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from workshop.errors import NotFound, PermissionDenied
from workshop.realtime import commit_and_emit
from workshop.sqlite_wait import is_lock_timeout


def committing(view):
    """Run the view, commit once, then send the emits it queued.

    On any error the request's session is rolled back at teardown, so nothing half-done is kept.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        commit_and_emit()
        return response

    return wrapper


def flash_form_errors(form, fallback: str) -> None:
    """Say what to change: each invalid field by its label with its message.

    ``fallback`` is said when no field is to blame (an expired form's CSRF token).
    """
    said = False
    for form_field in form:
        for error in form_field.errors:
            if form_field.type in ("CSRFTokenField", "HiddenField"):
                continue
            flash(_("%(field)s: %(error)s", field=form_field.label.text, error=error), "error")
            said = True
    if not said:
        flash(fallback, "error")


# Confirmation pages of destructive actions (each domain builds its own texts) -------------


@dataclass
class Confirmation:
    """A confirmation page: its title, what will happen, and where the yes and the no go."""

    title: str
    consequences: list[str]
    action: str
    button: str
    cancel: str
    kept: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    # A checkbox label when the action asks for a ticked box (``confirm=y``) instead.
    checkbox: str = ""
    # The action is not possible now: the page says why and offers no yes.
    blocked: bool = False
    refused: bool = False


def render_confirmation(confirmation: Confirmation, *, refused: bool = False):
    """The page; ``refused`` when a POST came without its confirm field (nothing changed)."""
    confirmation.refused = refused
    page = render_template("confirm.html", confirm=confirmation)
    return page, (400 if refused else 200)


def roles_required(*roles: str):
    """Allow the view only to a logged-in user holding one of ``roles``."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            from workshop.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def round_staff_required(view):
    """Allow the view only to those who may run the round its URL points at.

    The round is found from the route's arguments (a round, session, group, question,
    proposal or comment id): the one check of every round's pages (workshop.auth.permissions).
    """
    from workshop.auth.models import STAFF_ROLES
    from workshop.auth.permissions import can_run_round, round_of

    @wraps(view)
    def wrapper(*args, **kwargs):
        review_round = round_of(**kwargs)
        if review_round is not None and not can_run_round(current_user, review_round):
            abort(403)
        return view(*args, **kwargs)

    return roles_required(*STAFF_ROLES)(wrapper)


def audited_download(action: str):
    """Record a download when it is served, with the round its URL points at if any (exports
    are GETs, outside ``committing``: the record is committed here)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            from workshop.audit.services import record
            from workshop.extensions import db

            response = view(*args, **kwargs)
            if getattr(response, "status_code", 200) == 200:
                details = {k: v for k, v in kwargs.items() if k != "round_id"}
                if "lang" in request.args:
                    details["lang"] = request.args["lang"]
                subject = f"round:{kwargs['round_id']}" if "round_id" in kwargs else ""
                record(action, actor=current_user, subject=subject, **details)
                db.session.commit()
            return response

        return wrapper

    return decorate


def register_error_handlers(app: Flask) -> None:
    """Friendly, translated error pages; domain errors map to their HTTP status."""

    messages = {
        400: lambda: _("The request could not be understood."),
        403: lambda: _("You do not have permission to see this page."),
        404: lambda: _("The page was not found."),
        413: lambda: _("The file or text sent was too large."),
        500: lambda: _("Something went wrong on our side. Please try again."),
    }

    def render(status: int):
        if request.path.startswith("/api/"):  # JSON for clients, never a page (workshop/api)
            from workshop.api.errors import error_response

            return error_response(status)
        page = render_template("errors/error.html", status=status, message=messages[status]())
        return page, status

    for status in messages:
        app.register_error_handler(status, lambda error, status=status: render(status))
    app.register_error_handler(NotFound, lambda error: render(404))
    app.register_error_handler(PermissionDenied, lambda error: render(403))

    def database_error(error):
        """A lock that outlasted the wait (workshop.sqlite_wait) is "try again", not a crash."""
        if not is_lock_timeout(error):
            raise error
        from workshop.extensions import db

        db.session.rollback()  # the page's own reads (the login) need a usable session
        app.logger.warning("A request waited for the database in vain")
        busy = _("The server is busy. Try again in a moment.")
        if request.path.startswith("/api/"):
            body, status = {"ok": False, "error": "busy", "message": busy}, 503
        else:
            body = render_template("errors/error.html", status=503, message=busy)
            status = 503
        return body, status, {"Retry-After": "2"}

    app.register_error_handler(OperationalError, database_error)

"""JSON errors with stable codes for everything under /api/: never an HTML page, never a
redirect to the login page (docs/api.md, "Errors").

A client branches on ``error`` (the stable code) and may show ``message``, which is in the
language the request's ``Accept-Language`` prefers (Finnish by default).
"""

from __future__ import annotations

from flask import Flask, jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from workshop.config import DEFAULT_LOCALE, SUPPORTED_LOCALES

API_PREFIX = "/api/"

# The code of each status when nothing more precise is known.
STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "busy",
}


def _messages() -> dict[str, str]:
    """Each stable code's message, translated (built per call: gettext needs the locale)."""
    return {
        "bad_request": _("The request could not be understood."),
        "unreadable_json": _("The body is not valid JSON."),
        "unauthenticated": _("Send a valid API token: Authorization: Bearer <token>."),
        "forbidden": _("Your account may not do this."),
        "read_only_token": _("This token may only read. Create a token with write scope."),
        "csrf_failed": _("The CSRF token is missing or wrong."),
        "not_found": _("There is nothing at this address."),
        "method_not_allowed": _("This address does not accept this method."),
        "conflict": _("The request conflicts with the current state."),
        "too_large": _("The request is too large."),
        "unsupported_media_type": _("Send the body as application/json."),
        "invalid": _("The request is not valid; see fields."),
        "rate_limited": _("Too many requests with this token. Try again in a moment."),
        "server_error": _("Something went wrong on our side. Please try again."),
        "busy": _("The server is busy. Try again in a moment."),
        "session_not_open": _("Open the session first."),
        "round_closed": _("The round is closed."),
        "invalid_transition": _("A session that has been open is not a draft."),
        "results_staff_only": _("This step's results are for the facilitators only."),
        "not_a_scoring_step": _("Only a scoring step has results."),
        "group_too_small": _("This group cannot be shown on its own."),
        "unknown_session": _("No session of this round has this id."),
        "unknown_group": _("No group of this round has this key."),
    }


def api_locale() -> str:
    """The language of this request's messages: Accept-Language, else Finnish."""
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or DEFAULT_LOCALE


def message_for(code: str, fallback: str = "") -> str:
    with force_locale(api_locale()):
        return _messages().get(code) or fallback or _messages()["bad_request"]


class ApiError(Exception):
    """An answer other than success: its HTTP status, stable code and (for 422) the fields."""

    def __init__(self, status: int, code: str | None = None, *, fields=None, headers=None):
        super().__init__(code or STATUS_CODES[status])
        self.status = status
        self.code = code or STATUS_CODES[status]
        self.fields = fields
        self.headers = headers or {}


def error_response(status: int, code: str | None = None, *, fields=None, headers=None):
    """The JSON body, status and headers of an error."""
    code = code or STATUS_CODES.get(status, "bad_request")
    body = {"ok": False, "error": code, "message": message_for(code)}
    if fields is not None:
        body["fields"] = fields
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers or {})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="workshop"'
    return response


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def register_api_errors(app: Flask) -> None:
    """Errors raised anywhere under /api/ (unknown addresses and methods too) answer as JSON."""

    app.register_error_handler(
        ApiError,
        lambda error: error_response(
            error.status, error.code, fields=error.fields, headers=error.headers
        ),
    )

    def http_error(error: HTTPException):
        if not is_api_request():
            return error.get_response()
        status = error.code or 500
        headers = {}
        if status == 405 and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        return error_response(status if status in STATUS_CODES else 400, headers=headers)

    app.register_error_handler(HTTPException, http_error)

"""Language choice: Finnish by default, English by the switch in the page header."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, request, session, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from workshop.config import DEFAULT_LOCALE, SUPPORTED_LOCALES

LANGUAGE_NAMES = {"fi": "Suomeksi", "en": "In English"}
# The languages by name in the interface's language ("the text is in Finnish").
CONTENT_LANGUAGE_NAMES = {"fi": _l("Finnish"), "en": _l("English"), "sv": _l("Swedish")}
LOGIN_REQUIRED_MESSAGE = _l("Please log in to see this page.")

blueprint = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The language the user chose in this browser, else Finnish."""
    chosen = session.get("locale")
    return chosen if chosen in SUPPORTED_LOCALES else DEFAULT_LOCALE


def current_locale() -> str:
    """The language of the current request as a plain code ("fi", "en")."""
    return str(get_locale() or DEFAULT_LOCALE)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: a full URL would make the switch an open redirect."""
    if not target:
        return url_for("index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("index")
    return target


@blueprint.get("/language/<code>")
def switch_language(code: str):
    """Remember the chosen language and return to the page the user was on."""
    if code not in SUPPORTED_LOCALES:
        abort(404)
    session["locale"] = code
    return redirect(_safe_next(request.args.get("next")))


def template_context() -> dict:
    locale = current_locale()
    return {
        "current_locale": locale,
        "tr": lambda element, field: element.tr(field, locale),
        "language_names": CONTENT_LANGUAGE_NAMES,
        "language_choices": [
            (code, LANGUAGE_NAMES[code]) for code in SUPPORTED_LOCALES if code != locale
        ],
    }

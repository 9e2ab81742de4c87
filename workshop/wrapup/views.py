"""The wrap-up as an HTML fragment for the phones, the console and the projector.

The pages fetch it when the wrap-up step opens (as they fetch the evidence step's). When the
step opens every phone asks at once: a rendered fragment is kept a few seconds per session,
language and view, so the room's requests cost one rendering.
"""

from __future__ import annotations

import time

from flask import Blueprint, abort, render_template, request
from flask_babel import force_locale

from workshop.i18n import current_locale
from workshop.numbers import format_number
from workshop.review import services as review_services
from workshop.review.labels import step_kind_names
from workshop.review.views import staff_only, this_devices_participant
from workshop.wrapup.services import session_wrapup

blueprint = Blueprint("wrapup", __name__)

VIEWS = ("phone", "console", "projector")
FRAGMENT_SECONDS = 5.0
_fragments: dict[tuple, tuple[float, str]] = {}
MAX_CACHED_FRAGMENTS = 64


def _fragment(session, locale: str, view: str) -> str:
    # created_at too: ids come again after a database is made anew (tests, a restore).
    key = (session.id, session.created_at, locale, view)
    now = time.monotonic()
    cached = _fragments.get(key)
    if cached is not None and now - cached[0] < FRAGMENT_SECONDS:
        return cached[1]
    with force_locale(locale):
        fragment = render_template(
            "wrapup/_wrapup.html",
            wrapup=session_wrapup(session, locale, room=view != "console"),
            view=view,
            locale=locale,
            kind_names=step_kind_names(),
            mean_text=lambda value: format_number(value, "0.0", locale),
            change_text=lambda value: format_number(value, "+0.0;-0.0", locale),
        )
    if len(_fragments) >= MAX_CACHED_FRAGMENTS:
        _fragments.clear()
    _fragments[key] = (now, fragment)
    return fragment


@blueprint.get("/s/<code>/wrapup")
def participant_wrapup(code: str):
    """The wrap-up on a phone that joined the session, in the participant's language."""
    session, participant = this_devices_participant(code)
    return _fragment(session, participant.locale or "fi", "phone")


@blueprint.get("/review/sessions/<int:session_id>/wrapup")
@staff_only
def staff_wrapup(session_id: int):
    """The wrap-up for the console (everything) or, with ``?view=projector``, the room."""
    session = review_services.get_session(session_id)
    view = request.args.get("view", "console")
    if view not in ("console", "projector"):
        abort(400)
    return _fragment(session, current_locale(), view)

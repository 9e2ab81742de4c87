"""The console's live reasons (JSON) with their filters. The round results page, which adds
the other step kinds' results, is composed above this package (workshop/steps/views.py)."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from workshop.i18n import current_locale
from workshop.review import services
from workshop.review.confirmations import step_name
from workshop.review.events import results_step
from workshop.review.forms import ReasonsFilter
from workshop.review.models import StepStatus
from workshop.review.reasons import (
    OTHER_GROUPS,
    ReasonScope,
    group_filter_values,
    group_names,
    list_reasons,
    respondent_split,
)
from workshop.review.results import min_group_size
from workshop.review.services import step_focus_areas
from workshop.review.views import blueprint, staff_only


def group_options(split, names: dict[str, str]) -> list[tuple[str, str]]:
    """The group filter's choices: all groups, then each value the split offers."""
    labels = {**names, OTHER_GROUPS: _("Other groups")}
    return [("", _("All groups"))] + [(v, labels[v]) for v in group_filter_values(split)]


# The console's reasons ----------------------------------------------------------------------


@blueprint.get("/sessions/<int:session_id>/reasons")
@staff_only
def session_reasons(session_id: int):
    """The reasons of the session's open scoring step (else the last closed), newest first.

    The console asks again when results:update says answers changed (throttled there), so the
    answers themselves are never broadcast (docs/protocol.md, "Reasons").
    """
    session = services.get_session(session_id)
    review_round = session.review_round
    locale = current_locale()
    step = results_step(session)
    areas = step_focus_areas(step) if step is not None else []
    scope = ReasonScope(review_round.id, session.id, tuple(area.key for area in areas))
    split = respondent_split(scope)
    names = group_names(review_round, locale)
    form = ReasonsFilter(MultiDict(request.args)).offer(
        focus_area=[("", "")] + [(area.key, area.key) for area in areas],
        group=group_options(split, names),
    )
    if not form.validate():
        return jsonify(error="invalid", messages=form.refusals(), fields=form.errors), 400
    page = list_reasons(scope, focus_area=form.focus_area.data, group=form.group.data)
    return jsonify(
        step_id=step.id if step is not None else None,
        step_title=step_name(step) if step is not None else "",
        step_closed=step is not None and step.status == StepStatus.CLOSED,
        focus_areas=[{"key": a.key, "title": a.tr("title", locale)} for a in areas],
        questions=[
            {"key": q.key, "text": q.tr("text", locale), "min": q.scale_min, "max": q.scale_max}
            for q in review_round.questions
        ],
        groups=[{"value": v, "label": label} for v, label in group_options(page.split, names)],
        min_group_size=min_group_size(),
        total=page.total,
        items=[
            {
                "id": item.id,
                "text": item.text,
                "value": item.value,
                "focus_area": item.focus_area,
                "question": item.question,
                "group": item.group,
            }
            for item in page.items
        ],
    )

"""Staff pages of what participants said: the console's live reasons (JSON) and a round's
results across all its sessions, with their filters."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from workshop.i18n import current_locale
from workshop.review import services
from workshop.review.confirmations import step_name
from workshop.review.events import results_step
from workshop.review.forms import ReasonsFilter, RoundResultsFilter
from workshop.review.labels import step_kind_names
from workshop.review.models import StepStatus
from workshop.review.reasons import (
    OTHER_GROUPS,
    ReasonScope,
    group_filter_values,
    group_names,
    list_reasons,
    respondent_split,
)
from workshop.review.results import min_group_size, results_for
from workshop.review.services import step_focus_areas
from workshop.review.views import blueprint, staff_only
from workshop.steps.summary import summaries

# Reasons the round page shows per focus area and question (the newest; the count says the rest).
REASONS_PER_CELL = 20


def _group_options(split, names: dict[str, str]) -> list[tuple[str, str]]:
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
        group=_group_options(split, names),
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
        groups=[{"value": v, "label": label} for v, label in _group_options(page.split, names)],
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


# A round's results across its sessions --------------------------------------------------------


@blueprint.get("/rounds/<int:round_id>/results")
@staff_only
def round_results(round_id: int):
    """Results of every session of the round together (or of one), by group, with reasons."""
    review_round = services.get_round(round_id)
    locale = current_locale()
    sessions = list(review_round.sessions)
    by_id = {str(s.id): s for s in sessions}
    wanted = request.args.get("session", "")
    session = by_id.get(wanted)
    scope = ReasonScope(review_round.id, session.id if session is not None else None)
    split = respondent_split(scope)
    names = group_names(review_round, locale)
    form = RoundResultsFilter(MultiDict(request.args)).offer(
        session=[("", _("All sessions"))] + [(str(s.id), s.title) for s in sessions],
        group=_group_options(split, names),
    )
    context = {
        "review_round": review_round,
        "form": form,
        "group_names": {**names, OTHER_GROUPS: _("Other groups")},
    }
    if not form.validate():
        return render_template(
            "review/round_results.html", refusals=form.refusals(), **context
        ), 400
    areas = review_round.strategy_version.focus_areas
    results = results_for(review_round, areas, session=session, locale=locale)
    page = list_reasons(scope, group=form.group.data, limit=10_000)
    reasons: dict[tuple[str, str], list] = {}
    for item in page.items:
        reasons.setdefault((item.focus_area, item.question), []).append(item)
    items = {(item["focus_area"], item["question"]): item for item in results["items"]}
    chosen = [session] if session is not None else sessions
    kinds = summaries([step for s in chosen for step in s.steps], locale)
    return render_template(
        "review/round_results.html",
        refusals=[],
        results=results,
        items=items,
        reasons=reasons,
        reasons_per_cell=REASONS_PER_CELL,
        group=form.group.data,
        session=session,
        kinds=kinds,
        kind_names=step_kind_names(),
        **context,
    )

"""The round results page: the scores and reasons of every session (workshop/review) with the
open questions', polls' and prioritisation's results (this package) beside them.

It lives here, above review, so that review never imports the step kinds built on it
(docs/architecture.md, CONVENTIONS: composition sits above the domains).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from workshop.i18n import current_locale
from workshop.review import services as review_services
from workshop.review.forms import RoundResultsFilter
from workshop.review.labels import step_kind_names
from workshop.review.reasons import (
    OTHER_GROUPS,
    ReasonScope,
    group_names,
    list_reasons,
    respondent_split,
)
from workshop.review.results import results_for
from workshop.review.results_views import group_options
from workshop.review.views import staff_only
from workshop.steps.summary import summaries

# Under /review like the rest of a round's pages.
blueprint = Blueprint("steps", __name__, url_prefix="/review")

# Reasons the round page shows per focus area and question (the newest; the count says the rest).
REASONS_PER_CELL = 20


@blueprint.get("/rounds/<int:round_id>/results")
@staff_only
def round_results(round_id: int):
    """Results of every session of the round together (or of one), by group, with reasons."""
    review_round = review_services.get_round(round_id)
    locale = current_locale()
    sessions = list(review_round.sessions)
    by_id = {str(s.id): s for s in sessions}
    session = by_id.get(request.args.get("session", ""))
    scope = ReasonScope(review_round.id, session.id if session is not None else None)
    split = respondent_split(scope)
    names = group_names(review_round, locale)
    form = RoundResultsFilter(MultiDict(request.args)).offer(
        session=[("", _("All sessions"))] + [(str(s.id), s.title) for s in sessions],
        group=group_options(split, names),
    )
    context = {
        "review_round": review_round,
        "form": form,
        "group_names": {**names, OTHER_GROUPS: _("Other groups")},
    }
    if not form.validate():
        return render_template("steps/round_results.html", refusals=form.refusals(), **context), 400
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
        "steps/round_results.html",
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

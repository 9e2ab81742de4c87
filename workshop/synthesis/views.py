"""The synthesis page of a round: per focus area what stakeholders said and the council's
assessment, the round's summary table and text, and the earlier versions of each text."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshop import offload
from workshop.auth.models import COUNCIL_ROLES
from workshop.i18n import current_locale
from workshop.review import services as review_services
from workshop.synthesis import services
from workshop.synthesis.draft import area_draft, summary_draft
from workshop.synthesis.forms import HistoryForm, SynthesisTextForm
from workshop.synthesis.records import ROUND_SUMMARY
from workshop.synthesis.services import SynthesisError
from workshop.web import committing, flash_form_errors, roles_required, round_staff_required

blueprint = Blueprint("synthesis", __name__, url_prefix="/review")

OVERVIEW_JOB = "workshop.synthesis.overview:round_overview_job"


def _overview(review_round, locale: str):
    # Themes are CPU work: in a worker process, so the live rooms are not held meanwhile.
    return offload.run(OVERVIEW_JOB, review_round.id, locale)


def _drafts(overview) -> dict[str, str]:
    """The built-in draft of every scope."""
    drafts = {area.key: area_draft(area, overview) for area in overview.areas}
    drafts[ROUND_SUMMARY] = summary_draft(overview)
    return drafts


def _page(review_round, *, failed: tuple[str, str] | None = None, status: int = 200):
    """The page; ``failed`` is (scope, text) of a save that was refused, shown as typed."""
    locale = current_locale()
    overview = _overview(review_round, locale)
    drafts = _drafts(overview)
    latest = services.latest_texts(review_round)
    texts = {scope: services.current(latest.get(scope), draft) for scope, draft in drafts.items()}
    typed = {}
    if failed is not None:
        typed[failed[0]] = failed[1]
    page = render_template(
        "synthesis/page.html",
        review_round=review_round,
        overview=overview,
        texts=texts,
        typed=typed,
        groups=dict(overview.group_names),
        form=SynthesisTextForm(),
        may_edit=current_user.role in COUNCIL_ROLES,
        summary_scope=ROUND_SUMMARY,
    )
    return page, status


@blueprint.get("/rounds/<int:round_id>/synthesis")
@round_staff_required
def page(round_id: int):
    """The round's synthesis: summary, then every focus area with its assessment."""
    return _page(review_services.get_round(round_id))


@blueprint.post("/rounds/<int:round_id>/synthesis")
@roles_required(*COUNCIL_ROLES)
@committing
def save(round_id: int):
    """Save an assessment or the summary as a new version (the council writes them)."""
    review_round = review_services.get_round(round_id)
    form = SynthesisTextForm()
    scope = form.scope.data or ROUND_SUMMARY
    if not form.validate_on_submit():
        flash_form_errors(form, _("The form expired. Try again."))
        return _page(review_round, failed=(scope, request.form.get("text", "")), status=400)
    overview = _overview(review_round, current_locale())
    area = overview.area(scope)
    if scope != ROUND_SUMMARY and area is None:
        abort(404)
    draft = summary_draft(overview) if area is None else area_draft(area, overview)
    try:
        saved = services.save_text(
            review_round, scope, form.text.data, draft=draft, actor=current_user
        )
    except SynthesisError as error:
        flash(_messages().get(error.code, str(error)), "error")
        return _page(review_round, failed=(scope, form.text.data), status=400)
    if saved is None:
        flash(_("Nothing changed: the text is the same as the saved one."), "info")
    elif saved.is_draft:
        flash(_("Saved. It is still the unedited draft until someone changes it."), "success")
    else:
        flash(_("The text was saved as a new version."), "success")
    anchor = f"area-{scope}" if scope else "summary"
    return redirect(url_for("synthesis.page", round_id=round_id, _anchor=anchor))


def _messages() -> dict[str, str]:
    return {
        "unknown_scope": _("No such focus area in this round."),
        "empty": _("Write the text before saving it."),
        "too_long": _("The text is too long."),
    }


@blueprint.get("/rounds/<int:round_id>/synthesis/history")
@round_staff_required
def history(round_id: int):
    """Every saved version of one assessment (``?scope=<focus area key>``) or of the summary."""
    review_round = review_services.get_round(round_id)
    form = HistoryForm(request.args)
    scope = (form.scope.data or ROUND_SUMMARY) if form.validate() else None
    areas = {area.key: area for area in review_round.strategy_version.focus_areas}
    if scope is None or (scope != ROUND_SUMMARY and scope not in areas):
        abort(404)
    locale = current_locale()
    title = areas[scope].tr("title", locale) if scope else _("Summary of the round")
    return render_template(
        "synthesis/history.html",
        review_round=review_round,
        title=title,
        scope=scope,
        versions=services.versions(review_round, scope),
    )

"""Pages of the Commission's recommendations: the list (staff), adding, editing and removing
(council and admin), and the recommendations a round's review takes into account."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from workshop.auth.models import COUNCIL_ROLES, STAFF_ROLES
from workshop.auth.permissions import can_run_round
from workshop.errors import NotFound
from workshop.i18n import current_locale
from workshop.recommendations import services
from workshop.recommendations.forms import RecommendationForm, RoundLinksForm
from workshop.recommendations.services import RecommendationError
from workshop.review import services as review_services
from workshop.review.forms import ConfirmForm
from workshop.strategy import services as strategy_services
from workshop.web import (
    Confirmation,
    committing,
    flash_form_errors,
    render_confirmation,
    roles_required,
    round_staff_required,
)

blueprint = Blueprint("recommendations", __name__)

council_only = roles_required(*COUNCIL_ROLES)


def _strategy():
    strategy = strategy_services.default_strategy()
    if strategy is None:
        raise NotFound("No strategy has been loaded.")
    return strategy


def _area_titles(strategy, locale: str) -> dict[str, str]:
    """Titles of the current version's focus areas and themes by key, in the strategy's order."""
    version = strategy_services.current_version(strategy)
    titles = {}
    for theme in version.themes:
        titles[theme.key] = theme.tr("title", locale)
        for area in theme.focus_areas:
            titles[area.key] = area.tr("title", locale)
    return titles


def _themes(strategy, locale: str):
    """(theme key, title, [the theme's focus areas as choices]) of the current version, for
    the checkboxes."""
    version = strategy_services.current_version(strategy)
    return [
        (
            theme.key,
            theme.tr("title", locale),
            [SelectChoice(area.key, area.tr("title", locale)) for area in theme.focus_areas],
        )
        for theme in version.themes
    ]


def _with_choices(form: RecommendationForm, strategy, recommendation=None):
    themes = _themes(strategy, current_locale())
    form.focus_areas.choices = [area for _key, _title, areas in themes for area in areas]
    form.themes.choices = [SelectChoice(key, title) for key, title, _areas in themes]
    # Keys of an older version (a recommendation outlives versions) stay choosable.
    for name, keys in (
        ("focus_areas", recommendation.focus_area_keys if recommendation else []),
        ("themes", recommendation.theme_keys if recommendation else []),
    ):
        known = {choice.value for choice in form[name].choices}
        form[name].choices += [SelectChoice(key) for key in keys if key not in known]
    return themes


@blueprint.get("/recommendations/")
@roles_required(*STAFF_ROLES)
def index():
    """Every recommendation of the strategy, newest year first."""
    strategy = _strategy()
    items = services.list_recommendations(strategy)
    return render_template(
        "recommendations/index.html",
        recommendations=items,
        titles=_area_titles(strategy, current_locale()),
        may_edit=current_user.role in COUNCIL_ROLES,
        # Rounds the viewer may open are links; the others are named only.
        runnable={r.id for item in items for r in item.rounds if can_run_round(current_user, r)},
    )


def _form_page(form, strategy, recommendation, status: int):
    themes = _with_choices(form, strategy, recommendation)
    current = {area.value for _key, _title, areas in themes for area in areas}
    page = render_template(
        "recommendations/form.html",
        form=form,
        recommendation=recommendation,
        themes=themes,
        extra_areas=[choice for choice in form.focus_areas.choices if choice.value not in current],
    )
    return page, status


def _save(form, strategy, recommendation, save):
    """Validate and save; on any problem the form again with what was typed and why."""
    _with_choices(form, strategy, recommendation)
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                saved = save(form.to_input())
            except RecommendationError as error:
                flash(str(error), "error")
            else:
                flash(_("The recommendation was saved."), "success")
                return redirect(url_for("recommendations.index", _anchor=f"rec-{saved.id}"))
        else:
            flash_form_errors(form, _("The form expired. Try again."))
        return _form_page(form, strategy, recommendation, 400)
    return _form_page(form, strategy, recommendation, 200)


@blueprint.route("/recommendations/new", methods=["GET", "POST"])
@council_only
@committing
def add():
    """Record a recommendation."""
    strategy = _strategy()
    form = RecommendationForm()
    return _save(
        form,
        strategy,
        None,
        lambda data: services.create_recommendation(strategy, data, actor=current_user),
    )


@blueprint.route("/recommendations/<int:recommendation_id>/edit", methods=["GET", "POST"])
@council_only
@committing
def edit(recommendation_id: int):
    """Change a recommendation."""
    recommendation = services.get_recommendation(recommendation_id)
    data = None
    if request.method == "GET":
        data = {
            "year": recommendation.year,
            "text": recommendation.text,
            "text_en": (recommendation.translations or {}).get("en", {}).get("text", ""),
            "source": recommendation.source,
            "url": recommendation.url,
            "focus_areas": recommendation.focus_area_keys,
            "themes": recommendation.theme_keys,
        }
    form = RecommendationForm(data=data)
    return _save(
        form,
        recommendation.strategy,
        recommendation,
        lambda data: services.update_recommendation(recommendation, data, actor=current_user),
    )


def _removal(recommendation) -> Confirmation:
    lines = [
        _(
            "The recommendation of %(year)s (%(source)s) is removed.",
            year=recommendation.year,
            source=recommendation.source,
        )
    ]
    if recommendation.rounds:
        lines.append(
            _(
                "These rounds no longer take it into account, and their update drafts no longer "
                "show it: %(rounds)s.",
                rounds=", ".join(review_round.title for review_round in recommendation.rounds),
            )
        )
    return Confirmation(
        title=_("Remove the recommendation?"),
        consequences=lines,
        action=url_for("recommendations.delete", recommendation_id=recommendation.id),
        button=_("Remove the recommendation"),
        cancel=url_for("recommendations.index"),
        kept=_("The scores, proposals and decisions of the rounds stay as they are."),
    )


@blueprint.route("/recommendations/<int:recommendation_id>/delete", methods=["GET", "POST"])
@council_only
@committing
def delete(recommendation_id: int):
    """GET: what removing does; POST with the confirmation: remove it."""
    recommendation = services.get_recommendation(recommendation_id)
    if request.method == "GET" or not ConfirmForm().validate_on_submit():
        return render_confirmation(_removal(recommendation), refused=request.method == "POST")
    services.delete_recommendation(recommendation, actor=current_user)
    flash(_("The recommendation was removed."), "success")
    return redirect(url_for("recommendations.index"))


def _links_form(review_round, formdata=None) -> RoundLinksForm:
    available = services.list_recommendations(review_round.strategy_version.strategy)
    linked = [item.id for item in services.round_recommendations(review_round)]
    form = RoundLinksForm(formdata=formdata, data={"recommendations": linked})
    form.recommendations.choices = [SelectChoice(item.id, str(item.id)) for item in available]
    return form


def _round_page(review_round, form, status: int = 200):
    strategy = review_round.strategy_version.strategy
    page = render_template(
        "recommendations/round.html",
        review_round=review_round,
        linked=services.round_recommendations(review_round),
        available=services.list_recommendations(strategy),
        titles=_area_titles(strategy, current_locale()),
        form=form,
        may_edit=current_user.role in COUNCIL_ROLES,
    )
    return page, status


@blueprint.get("/review/rounds/<int:round_id>/recommendations")
@round_staff_required
def for_round(round_id: int):
    """The recommendations the round's review takes into account (the council chooses)."""
    review_round = review_services.get_round(round_id)
    return _round_page(review_round, _links_form(review_round, formdata=None))


@blueprint.post("/review/rounds/<int:round_id>/recommendations")
@council_only
@committing
def link_round(round_id: int):
    """Save which recommendations the round takes into account."""
    review_round = review_services.get_round(round_id)
    form = _links_form(review_round, formdata=request.form)
    if not form.validate_on_submit():
        flash_form_errors(form, _("The form expired. Try again."))
        return _round_page(review_round, form, 400)
    linked = services.set_round_recommendations(
        review_round, form.recommendations.data or [], actor=current_user
    )
    flash(
        ngettext(
            "The round takes %(num)d recommendation into account.",
            "The round takes %(num)d recommendations into account.",
            len(linked),
        ),
        "success",
    )
    return redirect(url_for("recommendations.for_round", round_id=round_id))

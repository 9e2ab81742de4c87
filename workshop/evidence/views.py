"""Evidence pages for staff (indicators, funding, uploads) and the workshop's evidence step."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from workshop import offload
from workshop.errors import NotFound
from workshop.evidence import aggregates, charts, explain, services
from workshop.evidence.forms import DeleteForm, IndicatorValueForm, UploadForm
from workshop.i18n import current_locale
from workshop.strategy import services as strategy_services
from workshop.web import committing, round_staff_required

blueprint = Blueprint("evidence", __name__, url_prefix="/evidence")
# The workshop's evidence step: fragments the participant and projector pages fetch.
live_blueprint = Blueprint("evidence_live", __name__)


@blueprint.app_template_global("trend_chart")
def _trend_chart(row, chart_id: str, locale: str, small: bool = False):
    return charts.trend_chart(row, chart_id, locale, small)


@blueprint.app_template_global("status_reason")
def _status_reason(row, locale: str) -> str:
    return explain.status_reason(row, locale)


@blueprint.app_template_global("status_rules")
def _status_rules() -> list[str]:
    return explain.rules()


@blueprint.app_template_filter("evidence_number")
def _evidence_number(value, locale: str):
    return services.format_value(value, locale)


@blueprint.app_template_filter("euros")
def _euros(cents: int, locale: str):
    return services.format_euros(cents, locale)


@blueprint.app_template_filter("million_euros")
def _million_euros(cents: int, locale: str):
    return services.format_million_euros(cents, locale)


def staff_only(view):
    """Staff only; the projector's evidence only to those who may run its round."""
    return round_staff_required(view)


def _strategy():
    strategy = strategy_services.default_strategy()
    if strategy is None:
        raise NotFound("No strategy has been loaded.")
    return strategy


@blueprint.get("/")
@staff_only
def indicators():
    """Every indicator with its latest value, status and trend."""
    strategy = _strategy()
    return render_template(
        "evidence/indicators.html",
        strategy=strategy,
        version=strategy_services.current_version(strategy),
        rows=services.indicator_rows(strategy, current_locale()),
    )


def _indicator_row(strategy, key: str):
    for row in services.indicator_rows(strategy, current_locale()):
        if row.key == key:
            return row
    raise NotFound(f"No indicator {key!r}.")


@blueprint.route("/indicators/<key>", methods=["GET", "POST"])
@staff_only
@committing
def indicator(key: str):
    """One indicator: its chart, its values, and a form to enter a year's value."""
    strategy = _strategy()
    row = _indicator_row(strategy, key)
    form = IndicatorValueForm()
    if form.validate_on_submit():
        services.set_indicator_value(
            strategy, key, form.year.data, form.number, form.source.data or ""
        )
        flash(_("The value for %(year)s was saved.", year=form.year.data), "success")
        return redirect(url_for("evidence.indicator", key=key))
    values = services.indicator_values(strategy).get(key, [])
    return render_template(
        "evidence/indicator.html",
        strategy=strategy,
        version=strategy_services.current_version(strategy),
        row=row,
        values=values,
        form=form,
        delete_form=DeleteForm(),
    ), (400 if form.errors else 200)


@blueprint.post("/indicators/<key>/values/<int:year>/delete")
@staff_only
@committing
def delete_value(key: str, year: int):
    """Remove one year's value of an indicator."""
    if not DeleteForm().validate_on_submit():
        abort(400)
    services.delete_indicator_value(_strategy(), key, year)
    flash(_("The value for %(year)s was removed.", year=year), "success")
    return redirect(url_for("evidence.indicator", key=key))


def _upload(kind: str, done_endpoint: str):
    """An upload page: import the file, or show every problem and import nothing."""
    strategy = _strategy()
    form = UploadForm()
    problems = []
    status = 200
    if form.validate_on_submit():
        # Parsing and writing thousands of rows: in a worker process, off the live rooms' loop.
        upload = form.file.data
        outcome, detail = offload.run(
            "workshop.evidence.services:import_file",
            kind,
            strategy.id,
            upload.read(),
            upload.filename or "",
        )
        if outcome == "problems":
            problems = detail
        elif outcome == "conflict":
            flash(_("Another import of the same data ran at the same time. Try again."), "error")
            status = 409
        else:
            flash(
                _(
                    "Imported %(total)s rows: %(created)s new, %(updated)s updated, "
                    "%(unchanged)s unchanged.",
                    total=detail.total,
                    created=detail.created,
                    updated=detail.updated,
                    unchanged=detail.unchanged,
                ),
                "success",
            )
            return redirect(url_for(done_endpoint))
    if form.errors or problems:
        status = 400
    return render_template(
        "evidence/upload.html",
        kind=kind,
        form=form,
        problems=problems,
        strategy=strategy,
        version=strategy_services.current_version(strategy),
    ), status


@blueprint.route("/indicators/import", methods=["GET", "POST"])
@staff_only
@committing
def import_indicators():
    """Upload indicator values as CSV."""
    return _upload("indicators", "evidence.indicators")


@blueprint.route("/funding/import", methods=["GET", "POST"])
@staff_only
@committing
def import_funding():
    """Upload funded projects exported from the structural-fund project database."""
    return _upload("funding", "evidence.funding")


@blueprint.get("/funding")
@staff_only
def funding():
    """Structural-fund statistics: by focus area, theme, year, programme; the RDI follow-up."""
    strategy = _strategy()
    return render_template(
        "evidence/funding.html",
        strategy=strategy,
        version=strategy_services.current_version(strategy),
        overview=aggregates.funding_overview(strategy, current_locale()),
        focus_area_names=_focus_area_names(strategy),
    )


def _focus_area_names(strategy):
    """A function giving the titles of focus area keys, in the page's language."""
    locale = current_locale()
    titles = {
        area.key: area.tr("title", locale)
        for area in strategy_services.current_version(strategy).focus_areas
    }
    return lambda keys: [titles.get(key, key) for key in keys]


@blueprint.get("/examples/<any(indicators, funding):kind>.csv")
@staff_only
def example_file(kind: str):
    """The example data file of the demo, as a template for real files."""
    from workshop.evidence.examples import example_file_bytes

    return Response(
        example_file_bytes(kind),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="example-{kind}.csv"'},
    )


# The workshop's evidence step ---------------------------------------------------------------


# When the step opens, every phone in the room asks at once: a fragment takes ~30 ms to render,
# so rendered fragments are kept per process until the evidence changes.
_fragments: dict[tuple, str] = {}
MAX_CACHED_FRAGMENTS = 32


def _evidence_fragment(session, locale: str, projector: bool) -> str:
    strategy = session.review_round.strategy_version.strategy
    key = (strategy.id, locale, projector, services.evidence_stamp(strategy))
    fragment = _fragments.get(key)
    if fragment is None:
        with force_locale(locale):
            fragment = render_template(
                "evidence/_live.html",
                rows=services.indicator_rows(strategy, locale),
                funding=aggregates.funding_by_focus_area(strategy, locale),
                locale=locale,
                projector=projector,
            )
        if len(_fragments) >= MAX_CACHED_FRAGMENTS:
            _fragments.clear()
        _fragments[key] = fragment
    return fragment


@live_blueprint.get("/s/<code>/evidence")
def participant_evidence(code: str):
    """The evidence step as an HTML fragment, in the participant's language."""
    from workshop.review.views import this_devices_participant

    session, participant = this_devices_participant(code)
    return _evidence_fragment(session, participant.locale or "fi", projector=False)


@live_blueprint.get("/review/sessions/<int:session_id>/evidence")
@staff_only
def projector_evidence(session_id: int):
    """The evidence step as an HTML fragment for the projector, in the page's language."""
    from workshop.review import services as review_services

    session = review_services.get_session(session_id)
    return _evidence_fragment(session, current_locale(), projector=True)

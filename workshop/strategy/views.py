"""The read-only strategy browser for facilitators."""

from flask import Blueprint, Response, redirect, render_template, url_for
from flask_login import current_user

from workshop.auth.models import STAFF_ROLES
from workshop.strategy import services
from workshop.strategy.export import version_to_json
from workshop.web import audited_download, roles_required

blueprint = Blueprint("strategy", __name__, url_prefix="/strategy")


@blueprint.get("/")
@roles_required(*STAFF_ROLES)
def overview():
    """The strategy at a glance: vision, themes with their focus areas, measures."""
    version = services.current_version()
    return render_template("strategy/overview.html", version=version, strategy=version.strategy)


@blueprint.get("/focus-areas/<key>")
@roles_required(*STAFF_ROLES)
def focus_area(key: str):
    """One focus area with its sub-themes, challenges and solutions or actions."""
    version = services.current_version()
    area = services.get_focus_area(version, key)
    return render_template(
        "strategy/focus_area.html", version=version, strategy=version.strategy, area=area
    )


@blueprint.get("/indicators")
@roles_required(*STAFF_ROLES)
def indicators():
    """The monitoring indicators with baselines and targets."""
    version = services.current_version()
    return render_template("strategy/indicators.html", version=version, strategy=version.strategy)


@blueprint.get("/about")
@roles_required(*STAFF_ROLES)
def about():
    """The strategy's narrative chapters: smart specialisation, spreading innovation, monitoring."""
    version = services.current_version()
    return render_template("strategy/about.html", version=version, strategy=version.strategy)


@blueprint.get("/versions")
@roles_required(*STAFF_ROLES)
def versions():
    """Every version of the strategy."""
    version = services.current_version()
    return render_template(
        "strategy/versions.html",
        version=version,
        strategy=version.strategy,
        versions=services.list_versions(version.strategy),
    )


@blueprint.get("/export.json")
@roles_required(*STAFF_ROLES)
@audited_download("export.strategy")
def export_json():
    """The current version as a strategy file, for the archive or another installation."""
    version = services.current_version()
    filename = f"strategy-v{version.number}.json"
    return Response(
        version_to_json(version),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def index():
    """The front page: facilitators go to their reviews, everyone else to joining a workshop."""
    if current_user.is_authenticated:
        return redirect(url_for("review.rounds"))
    return redirect(url_for("participate.join_code"))

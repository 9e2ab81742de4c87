"""The admin's audit log page and its CSV export."""

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from workshop import offload
from workshop.audit import services
from workshop.auth.labels import ROLE_NAMES
from workshop.auth.models import ADMIN_ROLES
from workshop.extensions import db
from workshop.web import roles_required

blueprint = Blueprint("audit", __name__, url_prefix="/admin")


def _action_filter() -> str | None:
    action = request.args.get("action", "").strip()
    return action[:60] or None


MAX_PAGE = 100_000


@blueprint.get("/audit")
@roles_required(*ADMIN_ROLES)
def audit_log():
    """The newest events first, filtered by action, a page at a time."""
    action = _action_filter()
    # Clamped: a huge page number would overflow the query's offset.
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    events, more = services.page_of_events(action, page)
    return render_template(
        "audit/log.html",
        events=events,
        action=action,
        actions=services.known_actions(),
        page=max(page, 1),
        more=more,
        role_names=ROLE_NAMES,
    )


@blueprint.get("/audit.csv")
@roles_required(*ADMIN_ROLES)
def audit_export():
    """The whole log (or one action's events) as CSV for a spreadsheet; the export is logged."""
    action = _action_filter()
    body = offload.run("workshop.audit.export:audit_csv", action)
    services.record("export.audit", actor=current_user, action_filter=action or "")
    db.session.commit()
    return Response(
        body,
        mimetype="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="audit-log.csv"',
            "Cache-Control": "no-store",
        },
    )

"""Names of the kinds of agenda step, for the pages, the live views and the assistant."""

from flask_babel import gettext as _

from workshop.review.models import StepKind


def step_kind_names() -> dict[str, str]:
    """The name of each kind of agenda step in the current language."""
    return {
        StepKind.WELCOME: _("Welcome"),
        StepKind.INDICATORS: _("Indicators and funding"),
        StepKind.SCORING: _("Scoring"),
        StepKind.PROPOSALS: _("Proposals"),
        StepKind.SUPPORT: _("Supporting proposals"),
        StepKind.OPEN_QUESTION: _("Open question"),
        StepKind.POLL: _("Poll"),
        StepKind.PRIORITY: _("Prioritisation"),
        StepKind.WRAPUP: _("Wrap-up"),
    }


def step_kind_name(kind: str) -> str:
    return step_kind_names().get(kind, kind)

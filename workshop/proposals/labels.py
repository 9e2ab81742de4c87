"""Names of proposal kinds, statuses, outcomes and changes, for every page and the report."""

from flask_babel import lazy_gettext as _l

from workshop.proposals.models import Outcome, ProposalKind, ProposalStatus

OUTCOME_NAMES = {
    Outcome.ACCEPTED: _l("Accepted"),
    Outcome.ACCEPTED_WITH_CHANGES: _l("Accepted with changes"),
    Outcome.REJECTED: _l("Rejected"),
    Outcome.POSTPONED: _l("Postponed"),
}
# In the order of the strategy's structure (a focus area's description, its challenges and their
# solutions, its actions; the measures, then the indicators; then changes of any element): every
# list of kinds follows it, never the kinds' internal key order.
KIND_NAMES = {
    ProposalKind.DESCRIBE_FOCUS_AREA: _l("Focus area description"),
    ProposalKind.ADD_CHALLENGE: _l("New challenge"),
    ProposalKind.ADD_SOLUTION: _l("New solution"),
    ProposalKind.ADD_ACTION: _l("New action"),
    ProposalKind.ADD_MEASURE: _l("New measure"),
    ProposalKind.CHANGE_TARGET: _l("New indicator target"),
    ProposalKind.REWORD: _l("New wording"),
    ProposalKind.REMOVE: _l("Removal"),
    ProposalKind.FREE: _l("Free proposal"),
}
KIND_ORDER = tuple(str(kind) for kind in KIND_NAMES)
STATUS_NAMES = {
    ProposalStatus.HELD: _l("Waiting for approval"),
    ProposalStatus.PUBLISHED: _l("Published"),
    ProposalStatus.HIDDEN: _l("Hidden"),
    ProposalStatus.MERGED: _l("Merged"),
}
# Kinds of strategy element (strategy/diff.py), as the draft, the diff and the assistant name them.
ELEMENT_KIND_NAMES = {
    "section": _l("Section"),
    "theme": _l("Theme"),
    "focus_area": _l("Focus area"),
    "challenge": _l("Challenge"),
    "solution": _l("Solution"),
    "action": _l("Action"),
    "measure": _l("Measure"),
    "indicator": _l("Indicator"),
}
CHANGE_NAMES = {"added": _l("Added"), "changed": _l("Changed"), "removed": _l("Removed")}

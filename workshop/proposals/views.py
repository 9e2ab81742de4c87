"""Facilitator pages: moderation and council decisions, the draft of the next version, the
comparison of any two versions, exports and publishing."""

from __future__ import annotations

from functools import wraps

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from workshop import offload
from workshop.audit.services import record
from workshop.auth.models import COUNCIL_ROLES
from workshop.errors import DomainError
from workshop.exports.forms import ResultsExportForm
from workshop.extensions import db
from workshop.i18n import current_locale
from workshop.proposals import draft, services
from workshop.proposals.compare import compare
from workshop.proposals.events import mark_proposals_changed, moderate
from workshop.proposals.forms import (
    DecisionForm,
    DecisionsFilter,
    EditForm,
    HideForm,
    MergeForm,
    PublishForm,
)
from workshop.proposals.labels import (
    CHANGE_NAMES,
    ELEMENT_KIND_NAMES,
    KIND_NAMES,
    KIND_ORDER,
    OUTCOME_NAMES,
    STATUS_NAMES,
)
from workshop.proposals.models import Comment, ProposalStatus
from workshop.review import services as review_services
from workshop.review.results import GroupSplit, min_group_size, split_groups
from workshop.strategy import services as strategy_services
from workshop.strategy.export import version_to_dict
from workshop.strategy.models import VersionStatus
from workshop.web import (
    Confirmation,
    audited_download,
    committing,
    render_confirmation,
    roles_required,
    round_staff_required,
)

blueprint = Blueprint("proposals", __name__)


def staff_only(view):
    """Staff only; on a round's pages only those who may run that round."""
    return round_staff_required(view)


def council_only(view):
    """Decisions and publishing: the council (and admins)."""
    return roles_required(*COUNCIL_ROLES)(view)


@blueprint.app_context_processor
def proposal_names():
    return {
        "outcome_names": OUTCOME_NAMES,
        "proposal_kind_names": KIND_NAMES,
        "proposal_kind_order": KIND_ORDER,
        "proposal_status_names": STATUS_NAMES,
        "change_names": CHANGE_NAMES,
        "element_kind_names": ELEMENT_KIND_NAMES,
    }


# Decisions --------------------------------------------------------------------------------


def _decision_form(proposal) -> DecisionForm:
    form = DecisionForm(prefix=f"d{proposal.id}", obj=proposal.decision)
    if proposal.decision is None and not form.is_submitted():
        # The council usually edits the proposal's own wording.
        form.wording.data = proposal.text
    form.outcome.choices = [
        SelectChoice(str(key), str(name)) for key, name in OUTCOME_NAMES.items()
    ]
    return form


# The group filter's values besides the groups: the merged small groups and the facilitators.
OTHER_GROUPS = "other"
STAFF = "staff"
STATUS_FILTERS = (ProposalStatus.HELD, ProposalStatus.PUBLISHED, ProposalStatus.HIDDEN)


def _proposer_split(proposals) -> GroupSplit:
    """Which proposers' groups may be filtered on alone: by how many people of each group
    proposed (the minimum group size rule, as beside reasons)."""
    people: dict[str, set[int]] = {}
    for proposal in proposals:
        if proposal.group is not None:
            people.setdefault(proposal.group.key, set()).add(proposal.participant_id)
    order = [g.key for g in proposals[0].review_round.groups] if proposals else []
    sizes = {key: len(people[key]) for key in order if key in people}
    return split_groups(sizes, min_group_size())


def _filter_choices(review_round, split: GroupSplit, locale: str) -> dict:
    names = {g.key: g.tr("name", locale) for g in review_round.groups}
    groups = [("", _("All groups"))] + [(key, names[key]) for key in split.shown]
    if split.shown and split.merged:
        groups.append((OTHER_GROUPS, _("Other groups")))
    groups.append((STAFF, _("Facilitators")))
    return {
        "area": [("", _("All"))]
        + [(a.key, a.tr("title", locale)) for a in review_round.strategy_version.focus_areas],
        "kind": [("", _("All"))] + [(key, str(name)) for key, name in KIND_NAMES.items()],
        "status": [("", _("All"))] + [(str(s), str(STATUS_NAMES[s])) for s in STATUS_FILTERS],
        "show": [("all", _("All")), ("undecided", _("Not decided yet")), ("decided", _("Decided"))],
        "group": groups,
        "sort": [
            ("support", _("Support")),
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("focus_area", _("Focus area")),
        ],
    }


def _in_group(proposal, group: str, split: GroupSplit) -> bool:
    if group == STAFF:
        return proposal.group is None
    if proposal.group is None:
        return False
    if group == OTHER_GROUPS:
        return proposal.group.key in split.merged
    return proposal.group.key == group


def _listing(review_round, proposals, filters: dict, split: GroupSplit):
    """The proposals the decisions page lists, filtered and sorted, with what each needs."""
    counts = services.tallies(review_round)
    merged = services.merged_by_target(proposals)
    items = [p for p in proposals if p.status != ProposalStatus.MERGED]
    if filters["area"]:
        items = [p for p in items if p.focus_area_key == filters["area"]]
    if filters["kind"]:
        items = [p for p in items if p.kind == filters["kind"]]
    if filters["status"]:
        items = [p for p in items if p.status == filters["status"]]
    if filters["show"] == "undecided":
        items = [p for p in items if p.decision is None]
    elif filters["show"] == "decided":
        items = [p for p in items if p.decision is not None]
    if filters["group"]:
        items = [p for p in items if _in_group(p, filters["group"], split)]
    area_order = {a.key: i for i, a in enumerate(review_round.strategy_version.focus_areas)}
    sort = filters["sort"]
    if sort == "support":
        items.sort(key=lambda p: (-counts[p.id].net, -counts[p.id].supports, p.id))
    elif sort == "focus_area":
        items.sort(
            key=lambda p: (area_order.get(p.focus_area_key, len(area_order)), -counts[p.id].net)
        )
    elif sort == "oldest":
        items.sort(key=lambda p: p.id)
    else:
        items.sort(key=lambda p: -p.id)
    return items, counts, merged


@blueprint.get("/review/rounds/<int:round_id>/decisions")
@staff_only
def decisions(round_id: int):
    """Every proposal of the round across its sessions, one compact row each with its full card
    on demand, to moderate and decide; filtered and sorted by the query string."""
    review_round = review_services.get_round(round_id)
    locale = current_locale()
    proposals = services.list_proposals(review_round)
    split = _proposer_split(proposals)
    choices = _filter_choices(review_round, split, locale)
    form = DecisionsFilter(MultiDict(request.args)).offer(**choices)
    context = {"review_round": review_round, "filters": form, "total": len(proposals)}
    if not form.validate():
        page = render_template("proposals/decisions.html", refusals=form.refusals(), **context)
        return page, 400
    filters = {name: form[name].data for name in choices}
    items, counts, merged = _listing(review_round, proposals, filters, split)
    published = [p for p in proposals if p.status == ProposalStatus.PUBLISHED]
    version = draft.round_draft(review_round)
    build = draft.build_draft_data(review_round)
    return render_template(
        "proposals/decisions.html",
        refusals=[],
        items=items,
        counts=counts,
        merged=merged,
        opened=form.opened.data,
        kept={name: value for name, value in filters.items() if value != form[name].default},
        label=lambda ref: services.element_label(review_round, ref, locale),
        decision_form=_decision_form,
        edit_form=lambda p: EditForm(prefix=f"e{p.id}", data={"text": p.text}),
        hide_form=lambda p: HideForm(prefix=f"h{p.id}"),
        merge_targets=published,
        draft_version=version,
        conflicts=draft.conflicts(version),
        skipped=build.skipped,
        **context,
    )


def _back(review_round, proposal=None):
    """Back to the decisions page with the same filter and sort, at the proposal."""
    names = ("area", "kind", "status", "show", "group", "sort")
    args = {k: request.form.get(f"_{k}") for k in names}
    args = {k: v for k, v in args.items() if v}
    if proposal is None:
        return redirect(url_for("proposals.decisions", round_id=review_round.id, **args))
    # Back at the proposal with its card open (the rows are closed by default).
    url = url_for("proposals.decisions", round_id=review_round.id, opened=proposal.id, **args)
    return redirect(f"{url}#proposal-{proposal.id}")


def _error(error: DomainError) -> None:
    """Nothing of a refused change is kept: roll back, then say why."""
    db.session.rollback()
    flash(translate_error(error), "error")


def translate_error(error: DomainError) -> str:
    messages = {
        "wording_required": _("Give the council's wording when accepting with changes."),
        "reason_required": _("Give a reason."),
        "not_published": _("Only published proposals can be decided; approve it first."),
        "draft_published": _(
            "The next version has been published, so the decisions can no longer be changed."
        ),
        "invalid_merge": _("Choose another published proposal of the same round to merge into."),
        "merged": _("The proposal has already been merged into another."),
        "decided": _("The council has already decided this proposal, so it cannot be merged."),
        "not_held": _("The proposal is not waiting for approval."),
        "too_long": _("The text is too long."),
        "text_required": _("Write the wording."),
        "no_draft": _("No proposal has been accepted yet, so there is no draft."),
    }
    return messages.get(getattr(error, "code", ""), str(error))


@blueprint.post("/review/proposals/<int:proposal_id>/decision")
@council_only
@committing
def decide(proposal_id: int):
    proposal = services.get_proposal(proposal_id)
    form = _decision_form(proposal)
    if form.validate_on_submit():
        try:
            services.decide(
                proposal,
                form.outcome.data,
                form.reason.data,
                current_user,
                wording=form.wording.data or "",
            )
        except DomainError as error:
            _error(error)
        else:
            mark_proposals_changed(proposal.round_id)
            flash(_("Decision saved for proposal %(id)s.", id=proposal.id), "info")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
    return _back(proposal.review_round, proposal)


@blueprint.post("/review/proposals/<int:proposal_id>/<any(edit, approve, hide, merge):action>")
@staff_only
@committing
def moderate_proposal(proposal_id: int, action: str):
    proposal = services.get_proposal(proposal_id)
    form = {
        "edit": lambda: EditForm(prefix=f"e{proposal.id}"),
        "hide": lambda: HideForm(prefix=f"h{proposal.id}"),
        "merge": lambda: MergeForm(prefix=f"m{proposal.id}"),
        "approve": lambda: None,
    }[action]()
    if action == "merge":
        form.into.choices = [
            SelectChoice(p.id, str(p.id)) for p in services.list_proposals(proposal.review_round)
        ]
    if not (_csrf_ok() if form is None else form.validate_on_submit()):
        flash(_("Check the form: something was missing."), "error")
        return _back(proposal.review_round, proposal)
    values = {name: field.data for name, field in (form._fields.items() if form else [])}
    try:
        moderate(proposal, action, current_user, **values)
    except DomainError as error:
        _error(error)
    else:
        flash(_("Saved."), "info")
    return _back(proposal.review_round, proposal)


@blueprint.post("/review/comments/<int:comment_id>/hide")
@staff_only
@committing
def hide_comment(comment_id: int):
    """Hide an abusive comment from participants, with a reason."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        abort(404)
    proposal = comment.proposal
    form = HideForm(prefix=f"c{comment.id}")
    if not form.validate_on_submit():
        flash(_("Give the reason for hiding."), "error")
        return _back(proposal.review_round, proposal)
    try:
        moderate(
            proposal, "hide_comment", current_user, reason=form.reason.data, comment_id=comment.id
        )
    except DomainError as error:
        _error(error)
    else:
        flash(_("Saved."), "info")
    return _back(proposal.review_round, proposal)


def _csrf_ok() -> bool:
    from flask_wtf import FlaskForm

    return FlaskForm().validate_on_submit()


@blueprint.post("/review/rounds/<int:round_id>/hold")
@staff_only
@committing
def hold(round_id: int):
    """Turn pre-moderation of new proposals on or off."""
    review_round = review_services.get_round(round_id)
    if _csrf_ok():
        services.set_hold_proposals(review_round, request.form.get("hold_proposals") == "y")
        mark_proposals_changed(review_round.id)
    return _back(review_round)


def json_unauthenticated_401(view):
    """A request for the JSON file without a login gets 401 as JSON, as a script can read it,
    not a redirect to the HTML login page (the CSV is for people: their browser goes to log
    in)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if kwargs.get("fmt") == "json" and not current_user.is_authenticated:
            response = jsonify(
                ok=False,
                error="unauthenticated",
                message=_("Log in as a facilitator of the round first."),
            )
            response.status_code = 401
            return response
        return view(*args, **kwargs)

    return wrapper


@blueprint.get("/review/rounds/<int:round_id>/proposals.<any(csv, json):fmt>")
@json_unauthenticated_401
@staff_only
@audited_download("export.proposals")
def download(round_id: int, fmt: str):
    """Every proposal of the round as CSV (Excel, Finnish settings) or JSON, labels in the
    requester's language unless ``?lang=`` says otherwise."""
    form = ResultsExportForm(request.args)
    if not form.validate():
        abort(400)
    locale = form.lang.data or current_locale()
    review_round = review_services.get_round(round_id)
    body = offload.run(
        "workshop.proposals.export:round_proposals_export", review_round.id, fmt, locale
    )
    mimetype = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    filename = f"ehdotukset-{review_round.year}-{review_round.id}.{fmt}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# The draft and versions -------------------------------------------------------------------


def _foreign_language(version) -> str | None:
    """The language of the version's texts when it is not the page's, for ``lang`` marks."""
    return version.language if version.language != current_locale() else None


@blueprint.get("/review/rounds/<int:round_id>/draft")
@staff_only
def draft_page(round_id: int):
    """The draft of the next version with every change marked and where it came from."""
    review_round = review_services.get_round(round_id)
    version = draft.round_draft(review_round)
    only_changes = request.args.get("view") == "changes"
    rows = []
    if version is not None:
        rows = compare(
            version_to_dict(review_round.strategy_version),
            version_to_dict(version),
            only_changes=only_changes,
        )
    return render_template(
        "proposals/draft.html",
        review_round=review_round,
        version=version,
        rows=rows,
        only_changes=only_changes,
        text_lang=_foreign_language(review_round.strategy_version),
        provenance=draft.element_changes(version) if version else {},
        conflicts=draft.conflicts(version) if version else {},
    )


def _publish_confirmation(review_round, version) -> Confirmation:
    """What publishing the draft does: which version becomes current, which is archived,
    what becomes final."""
    current = strategy_services.current_version(version.strategy)
    decided = [p for p in services.list_proposals(review_round) if p.decision is not None]
    undecided = [
        p
        for p in services.list_proposals(review_round)
        if p.decision is None and p.status == ProposalStatus.PUBLISHED
    ]
    lines = [
        _(
            "Version %(number)s (this draft) becomes the current version of the strategy: "
            "the strategy pages and the next review rounds use it.",
            number=version.number,
        ),
        _("Version %(number)s, current now, is archived.", number=current.number),
        ngettext(
            "The %(num)d decision of this round becomes final and can no longer be changed.",
            "The %(num)d decisions of this round become final and can no longer be changed.",
            len(decided),
        ),
    ]
    if undecided:
        lines.append(
            ngettext(
                "%(num)d published proposal has no decision; it stays out of this version.",
                "%(num)d published proposals have no decision; they stay out of this version.",
                len(undecided),
            )
        )
    return Confirmation(
        title=_("Publish the draft as version %(number)s?", number=version.number),
        consequences=lines,
        kept=_("Every earlier version is kept and can be compared with the new one."),
        action=url_for("proposals.publish", round_id=review_round.id),
        button=_("Publish as the current version"),
        cancel=url_for("proposals.draft_page", round_id=review_round.id),
        checkbox=str(PublishForm().confirm.label.text),
    )


def _publishable_draft(review_round):
    version = draft.round_draft(review_round)
    if version is None or version.status != VersionStatus.DRAFT:
        return None
    return version


@blueprint.route("/review/rounds/<int:round_id>/draft/publish", methods=["GET", "POST"])
@council_only
@committing
def publish(round_id: int):
    """GET: what publishing does; POST with ``confirm=y``: the draft becomes current."""
    review_round = review_services.get_round(round_id)
    version = _publishable_draft(review_round)
    if version is None:
        flash(translate_error(services.ProposalError("no_draft", "")), "error")
        return redirect(url_for("proposals.draft_page", round_id=round_id))
    form = PublishForm()
    if request.method == "GET" or not form.validate_on_submit():
        page = _publish_confirmation(review_round, version)
        return render_confirmation(page, refused=request.method == "POST")
    try:
        version = draft.publish_draft(review_round)
    except DomainError as error:
        _error(error)
        return redirect(url_for("proposals.draft_page", round_id=round_id))
    record("round.publish", actor=current_user, subject=f"round:{round_id}", version=version.number)
    flash(
        _("Version %(number)s is now the current version of the strategy.", number=version.number),
        "info",
    )
    return redirect(url_for("strategy.versions"))


@blueprint.get("/strategy/diff")
@staff_only
def version_diff():
    """The differences between any two versions of the strategy, drafts included."""
    strategy = strategy_services.current_version().strategy
    versions = strategy_services.list_versions(strategy)
    numbers = [v.number for v in versions]
    try:
        old_number = int(request.args.get("from", ""))
        new_number = int(request.args.get("to", ""))
    except ValueError:
        old_number = numbers[1] if len(numbers) > 1 else numbers[0]
        new_number = numbers[0]
    if old_number not in numbers or new_number not in numbers:
        abort(404)
    old = strategy_services.get_version(strategy, old_number)
    new = strategy_services.get_version(strategy, new_number)
    return render_template(
        "proposals/diff.html",
        versions=versions,
        old=old,
        new=new,
        rows=compare(version_to_dict(old), version_to_dict(new), only_changes=True),
        text_lang=_foreign_language(new),
    )

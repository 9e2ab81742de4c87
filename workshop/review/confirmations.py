"""Confirmation pages of destructive actions: what will happen, in words, before the yes.

Each builder reads the facts (open sessions, participants, answers) and returns a
``Confirmation`` that ``confirm.html`` shows; the POST of the action is refused without its
confirm field, so the page is the one way to the action, with or without JavaScript.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from workshop.i18n import current_locale
from workshop.review import payloads, services
from workshop.review.labels import step_kind_name
from workshop.review.models import Question, ReviewRound, StakeholderGroup, StepStatus
from workshop.web import Confirmation


def step_name(step) -> str:
    """A step's title in the page's language, or its kind's name."""
    return payloads.step_title(step, current_locale()) or step_kind_name(step.kind)


def _names(sessions) -> str:
    return ", ".join(session.title for session in sessions)


def close_round(review_round: ReviewRound) -> Confirmation:
    impact = services.closing_impact(review_round.sessions)
    lines = []
    if impact.open_sessions:
        lines.append(
            ngettext(
                "Closing the round closes its %(num)d open session: %(names)s.",
                "Closing the round closes its %(num)d open sessions: %(names)s.",
                len(impact.open_sessions),
                names=_names(impact.open_sessions),
            )
        )
        lines.append(
            ngettext(
                "%(num)d participant has joined them. Every phone, console and projector "
                "showing them says at once that the workshop has ended.",
                "%(num)d participants have joined them. Every phone, console and projector "
                "showing them says at once that the workshop has ended.",
                impact.participants,
            )
        )
    else:
        lines.append(_("The round has no open sessions."))
    lines.append(_("No more answers, proposals or votes are taken in the round."))
    lines.append(
        _("Reopening the round later does not reopen its sessions: reopen each from its page.")
    )
    return Confirmation(
        title=_("Close the round “%(title)s”?", title=review_round.title),
        consequences=lines,
        kept=_kept(impact.answers),
        action=url_for("review.round_status", round_id=review_round.id),
        fields={"status": "closed"},
        button=_("Close the round"),
        cancel=url_for("review.round_page", round_id=review_round.id),
    )


def _kept(answers: int) -> str:
    return ngettext(
        "%(num)d answer is kept, and so are the proposals and the results.",
        "%(num)d answers are kept, and so are the proposals and the results.",
        answers,
    )


def close_session(session, back_to_console: bool) -> Confirmation:
    impact = services.closing_impact([session])
    step = session.open_step
    lines = [
        ngettext(
            "The session ends for everyone: %(num)d participant has joined, and every phone "
            "showing it says at once that the workshop has ended and offers no more inputs.",
            "The session ends for everyone: %(num)d participants have joined, and every phone "
            "showing it says at once that the workshop has ended and offers no more inputs.",
            impact.participants,
        )
    ]
    if step is not None:
        if step.timer_ends_at is not None:
            lines.append(
                _("The open step “%(step)s” closes and its timer stops.", step=step_name(step))
            )
        else:
            lines.append(_("The open step “%(step)s” closes.", step=step_name(step)))
    lines.append(
        _(
            "Nobody can join with the code %(code)s while the session is closed.",
            code=session.join_code,
        )
    )
    lines.append(_("You can reopen the session later, while the round is open."))
    endpoint = "review.console" if back_to_console else "review.session_page"
    fields = {"status": "closed"}
    if back_to_console:
        fields["next"] = "console"
    return Confirmation(
        title=_("Close the session “%(title)s”?", title=session.title),
        consequences=lines,
        kept=_kept(impact.answers),
        action=url_for("review.session_status", session_id=session.id),
        fields=fields,
        button=_("Close the session"),
        cancel=url_for(endpoint, session_id=session.id),
    )


def remove_group(group: StakeholderGroup) -> Confirmation:
    name = group.tr("name", None)
    used = services.group_participant_count(group)
    cancel = url_for("review.round_page", round_id=group.round_id) + "#groups"
    if used:
        lines = [
            ngettext(
                "%(num)d participant has joined as “%(name)s”, so the group cannot be removed.",
                "%(num)d participants have joined as “%(name)s”, so the group cannot be removed.",
                used,
                name=name,
            )
        ]
    else:
        lines = [
            _("The group “%(name)s” is removed from the round.", name=name),
            _("Participants can no longer choose it when they join. This cannot be undone."),
        ]
    return Confirmation(
        title=_("Remove the group “%(name)s”?", name=name),
        consequences=lines,
        action=url_for("review.delete_group", group_id=group.id),
        button=_("Remove the group"),
        cancel=cancel,
        blocked=bool(used),
    )


def remove_question(question: Question) -> Confirmation:
    answered = services.question_answer_count(question)
    cancel = url_for("review.round_page", round_id=question.round_id) + "#questions"
    if answered:
        lines = [
            ngettext(
                "The question has %(num)d answer, so it cannot be removed.",
                "The question has %(num)d answers, so it cannot be removed.",
                answered,
            )
        ]
    else:
        lines = [
            _("The question “%(text)s” is removed from the round.", text=question.text),
            _("Nobody has answered it yet. This cannot be undone."),
        ]
    return Confirmation(
        title=_("Remove the question?"),
        consequences=lines,
        action=url_for("review.delete_question", question_id=question.id),
        button=_("Remove the question"),
        cancel=cancel,
        blocked=bool(answered),
    )


def remove_step(session, step) -> Confirmation:
    name = step_name(step)
    cancel = url_for("review.session_page", session_id=session.id) + "#agenda"
    if step.status == StepStatus.OPEN:
        lines = [_("The step is open now: close it before removing it.")]
        kept = ""
    else:
        lines = [
            _(
                "The step “%(step)s” is removed from the agenda of “%(session)s”.",
                step=name,
                session=session.title,
            ),
            _("This cannot be undone."),
        ]
        answers = services.step_answer_count(step)
        kept = (
            ngettext(
                "Its %(num)d answer is kept in the results.",
                "Its %(num)d answers are kept in the results.",
                answers,
            )
            if answers
            else ""
        )
    return Confirmation(
        title=_("Remove the step “%(step)s”?", step=name),
        consequences=lines,
        kept=kept,
        action=url_for(
            "review.change_step", session_id=session.id, step_id=step.id, action="delete"
        ),
        button=_("Remove the step"),
        cancel=cancel,
        blocked=step.status == StepStatus.OPEN,
    )

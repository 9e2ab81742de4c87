"""Building invitation and reminder messages: plain text and HTML in the contact's language,
the personal link, the session's time and place, a calendar file, the privacy notice and the
one-click unsubscribe headers (RFC 8058)."""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from flask import current_app, render_template, url_for
from flask_babel import force_locale, format_date, format_time
from flask_babel import gettext as _

from workshop.convening import ics
from workshop.convening.invitation_models import MailKind, MailMessage
from workshop.convening.invitations import token_for
from workshop.models import utcnow
from workshop.privacy.notice import notice_facts
from workshop.text import clean_text

FALLBACK_FROM = "strategiapaja@localhost"


def sender_address(config) -> str:
    return config.get("SMTP_FROM") or FALLBACK_FROM


def _mail_domain(config) -> str:
    _, address = parseaddr(sender_address(config))
    return address.rpartition("@")[2] or "localhost"


def _header_text(value: str) -> str:
    """A name or title fit for a header: no line breaks or control characters (which would
    start a new header), no bidi overrides."""
    return " ".join(clean_text(value or "").split())[:200]


def mail_links(token: str) -> dict[str, str]:
    """The absolute links of a message (inside a request context on the link base)."""
    return {
        "answer": url_for("invitations.answer", token=token, _external=True),
        "unsubscribe": url_for("invitations.unsubscribe", token=token, _external=True),
        "privacy": url_for("privacy.notice", _external=True),
    }


def build_message(message: MailMessage) -> EmailMessage:
    """The message as it goes to the SMTP server, built afresh for each attempt."""
    app = current_app._get_current_object()
    invitation = message.invitation
    token = token_for(invitation, app.config["SECRET_KEY"])
    with app.test_request_context("/", base_url=message.link_base), force_locale(message.language):
        links = mail_links(token)
        context = {
            "invitation": invitation,
            "session": invitation.session,
            "review_round": invitation.review_round,
            "contact": invitation.contact,
            "organisation": invitation.contact.organisation,
            "reminder": message.kind == MailKind.REMINDER,
            "links": links,
            "facts": notice_facts(app.config),
            "language": message.language,
            "group_name": _group_name(invitation, message.language),
            "session_time": session_time(invitation.session),
        }
        subject = _subject(message, invitation)
        text = render_template("convening/mail/invitation.txt", subject=subject, **context)
        html = render_template("convening/mail/invitation.html", subject=subject, **context)
        calendar = _calendar(invitation, links["answer"], app.config)

    email = EmailMessage()
    email["Subject"] = subject
    email["From"] = sender_address(app.config)
    email["To"] = Address(_header_text(invitation.contact.name), addr_spec=message.to_address)
    email["Date"] = format_datetime(utcnow())
    email["Message-ID"] = message.message_id or make_msgid("invitation", _mail_domain(app.config))
    # RFC 8058: a mail client's unsubscribe button posts to the link, no page in between.
    email["List-Unsubscribe"] = f"<{links['unsubscribe']}>"
    email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(text)
    email.add_alternative(html, subtype="html")
    if calendar is not None:
        email.add_attachment(
            calendar.decode("utf-8"),
            subtype="calendar",
            filename="strategiapaja.ics",
            params={"method": "PUBLISH"},
        )
    # Last: setting the content drops the Content-* headers set before it.
    email["Content-Language"] = message.language
    return email


def _group_name(invitation, language: str) -> str:
    key = invitation.contact.organisation.group_key
    group = next((g for g in invitation.review_round.groups if g.key == key), None)
    return group.tr("name", language) if group is not None else key


def session_time(session) -> str:
    """The start in the app's time zone and the message's language (under force_locale)."""
    if session.starts_at is None:
        return ""
    return f"{format_date(session.starts_at, 'full')} {format_time(session.starts_at, 'short')}"


def _subject(message: MailMessage, invitation) -> str:
    title = _header_text(invitation.session.title)
    if message.kind == MailKind.REMINDER:
        return _("Reminder: %(title)s", title=title)
    return _("Invitation: %(title)s", title=title)


def _calendar(invitation, answer_url: str, config) -> bytes | None:
    session = invitation.session
    if session.starts_at is None:
        return None  # an online window without a start: answered at one's own pace
    return ics.session_calendar(
        uid=f"session-{session.id}@{_mail_domain(config)}",
        title=_header_text(f"{invitation.review_round.title}: {session.title}"),
        starts_at=session.starts_at,
        location=clean_text(session.location or ""),
        description=_("Your answer and the way in: %(url)s", url=answer_url),
        url=answer_url,
    )

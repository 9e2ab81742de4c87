"""Sending the outbox through the council's SMTP server, with retries, off the event loop.

Messages wait in the database (``MailMessage``, status ``queued``) and one background worker
per process sends them: a greenlet under gevent (`workshop run`, gunicorn), a thread
otherwise, started with Socket.IO's ``start_background_task`` like the other background
loops. Why not workshop/offload.py: sending is waiting on the network, not using the CPU, and
a patched socket waits cooperatively; a process of the pool would sit idle through a slow
server's timeouts while exports queue behind it, and retries need a schedule that outlives a
request anyway. A view only queues and wakes the worker; a page never waits for SMTP.

Every attempt claims its message with one conditional UPDATE, so several processes sharing a
database never send a message twice; a claim is a lease (``next_attempt_at``), so a message
whose process died mid-send is tried again later. A 4xx reply or a broken connection is
retried with growing delays; a 5xx reply is final. ``last_error`` and the log name the SMTP
code and the error's class, never an address.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import or_, select, update

from workshop.convening.invitation_models import MailMessage, MailStatus
from workshop.extensions import db
from workshop.models import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Seconds to wait after the 1st, 2nd, ... failed attempt (greylisting asks for minutes).
RETRY_DELAYS = (60, 300, 1800, 7200)
# A claimed message is someone's for this long; then another worker may try it again.
LEASE = timedelta(minutes=10)
BATCH = 50
SMTP_TIMEOUT = 30
POLL_SECONDS = 30  # the worker looks for due retries and reminders this often


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    errors: list[str] = field(default_factory=list)


class PermanentFailure(Exception):
    """The server refused for good (a 5xx reply): retrying would be refused again."""


def retry_delay(config, attempts: int) -> timedelta:
    delays = config.get("MAIL_RETRY_DELAYS") or RETRY_DELAYS
    return timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def error_summary(error: BaseException) -> str:
    """The error without personal data: its class and SMTP code (the server's text may quote
    the address, so it is left out)."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
        return f"{name} {','.join(str(code) for code in codes)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{name} {error.smtp_code}"
    return name


def _is_permanent(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


class SmtpConnection:
    """One connection to the council's server for a batch, opened when first needed."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def send(self, email) -> None:
        if self.smtp is None:
            self.smtp = self._open()
        self.smtp.send_message(email)

    def _open(self) -> smtplib.SMTP:
        config = self.config
        context = ssl.create_default_context(cafile=config.get("SMTP_CA_FILE") or None)
        if config["SMTP_SSL"]:
            smtp = smtplib.SMTP_SSL(
                config["SMTP_HOST"], config["SMTP_PORT"], timeout=SMTP_TIMEOUT, context=context
            )
        else:
            smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=SMTP_TIMEOUT)
            if config["SMTP_STARTTLS"]:
                smtp.starttls(context=context)
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD", ""))
        return smtp

    def reset(self) -> None:
        """Drop a connection in an unknown state (the next message opens a new one)."""
        if self.smtp is not None:
            try:
                self.smtp.close()
            finally:
                self.smtp = None

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None


def _due_ids(limit: int) -> list[int]:
    now = utcnow()
    return list(
        db.session.scalars(
            select(MailMessage.id)
            .where(
                or_(
                    MailMessage.status == MailStatus.QUEUED,
                    MailMessage.status == MailStatus.SENDING,  # a lease that ran out
                ),
                MailMessage.next_attempt_at <= now,
            )
            .order_by(MailMessage.id)
            .limit(limit)
        )
    )


def _claim(message_id: int) -> bool:
    """Take the message for one attempt, unless another worker took it first.

    A message whose lease ran out after its last attempt (its process died mid-send) is
    marked failed instead: attempts never go past MAX_ATTEMPTS.
    """
    now = utcnow()
    due = (
        MailMessage.id == message_id,
        MailMessage.status.in_([MailStatus.QUEUED, MailStatus.SENDING]),
        MailMessage.next_attempt_at <= now,
    )
    db.session.execute(
        update(MailMessage)
        .where(*due, MailMessage.attempts >= MAX_ATTEMPTS)
        .values(status=MailStatus.FAILED, last_error="interrupted")
        .execution_options(synchronize_session=False)
    )
    claimed = db.session.execute(
        update(MailMessage)
        .where(*due, MailMessage.attempts < MAX_ATTEMPTS)
        .values(
            status=MailStatus.SENDING,
            attempts=MailMessage.attempts + 1,
            next_attempt_at=now + LEASE,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def deliver_due(config=None, *, limit: int = BATCH) -> DeliveryReport:
    """Send the messages that are due now (in an app context); each result is committed."""
    from flask import current_app

    from workshop.convening.mail import build_message

    config = config or current_app.config
    report = DeliveryReport()
    if not config.get("SMTP_HOST"):
        return report  # no server configured: messages wait
    connection = SmtpConnection(config)
    try:
        for message_id in _due_ids(limit):
            if not _claim(message_id):
                continue
            message = db.session.get(MailMessage, message_id, populate_existing=True)
            if message.invitation is None or not message.invitation.contact.subscribed:
                message.status = MailStatus.CANCELLED
                message.last_error = "unsubscribed"
                report.cancelled += 1
                db.session.commit()
                continue
            # The address now in the register (corrected after a refusal, say) is the one used,
            # and so the one recorded.
            message.to_address = message.invitation.contact.email
            try:
                email = build_message(message)
                connection.send(email)
            except Exception as error:  # any failure is this message's, never the batch's
                connection.reset()
                if not isinstance(error, (smtplib.SMTPException, OSError)):
                    # A bug or bad data, not the server: the session may be unusable, and the
                    # message must not stay "sending" to be claimed again and again.
                    db.session.rollback()
                    message = db.session.get(MailMessage, message_id, populate_existing=True)
                _record_failure(message, error, config, report)
            else:
                message.status = MailStatus.SENT
                message.sent_at = utcnow()
                message.message_id = str(email["Message-ID"]).strip()
                message.last_error = ""
                report.sent += 1
            db.session.commit()
    finally:
        connection.close()
    return report


def _record_failure(message: MailMessage, error: BaseException, config, report) -> None:
    summary = error_summary(error)
    message.last_error = summary
    report.errors.append(summary)
    if _is_permanent(error) or message.attempts >= MAX_ATTEMPTS:
        message.status = MailStatus.FAILED
        report.failed += 1
        log.warning(
            "mail %s failed for good after %s attempts: %s", message.id, message.attempts, summary
        )
    else:
        message.status = MailStatus.QUEUED
        message.next_attempt_at = utcnow() + retry_delay(config, message.attempts)
        report.retrying += 1
        log.info(
            "mail %s attempt %s failed, retried later: %s", message.id, message.attempts, summary
        )


def retry_now(message: MailMessage) -> None:
    """A failed message back into the outbox for a fresh round of attempts."""
    if message.status != MailStatus.FAILED:
        return
    message.status = MailStatus.QUEUED
    message.attempts = 0
    message.next_attempt_at = utcnow()
    db.session.flush()


class MailWorker:
    """The background loop of one process: due messages and due reminders."""

    def __init__(self):
        self._lock = threading.Lock()
        self._running = False
        self._woken = False

    def wanted(self, app) -> bool:
        return bool(app.config.get("MAIL_WORKER") and app.config.get("SMTP_HOST"))

    def wake(self, app=None) -> None:
        """Look at the outbox now (starting the loop if it does not run yet)."""
        from flask import current_app

        from workshop.extensions import socketio

        app = app or current_app._get_current_object()
        if not self.wanted(app):
            return
        with self._lock:
            self._woken = True
            if self._running:
                return
            self._running = True
        socketio.start_background_task(self._run, app)

    def _run(self, app) -> None:
        from workshop.convening.reminders import send_due_reminders
        from workshop.extensions import socketio

        try:
            while self.wanted(app):
                self._woken = False
                with app.app_context():
                    try:
                        send_due_reminders()
                        deliver_due(app.config)
                    except Exception as error:  # the loop must outlive one bad round
                        # The class only: a traceback or a database error's text may quote
                        # bound parameters (addresses).
                        log.error("the mail worker's round failed: %s", type(error).__name__)
                        db.session.rollback()
                    finally:
                        db.session.remove()
                for _ in range(POLL_SECONDS * 10):
                    if self._woken or not self.wanted(app):
                        break
                    socketio.sleep(0.1)
        finally:
            with self._lock:
                self._running = False

    @property
    def running(self) -> bool:
        return self._running


mail_worker = MailWorker()


def register_mail_worker(app) -> None:
    """Start the worker with the first request a server process answers (retries and the
    reminder times go on after a restart); tests and commands start it only by waking it."""
    if app.config.get("TESTING"):
        return

    @app.before_request
    def _start_mail_worker():
        if not mail_worker.running:
            mail_worker.wake(app)

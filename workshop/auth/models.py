"""Facilitator accounts."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow


class Role(StrEnum):
    """What an account may do (docs/security.md, "Accounts and roles").

    Participants have no account: they join sessions by code.
    """

    FACILITATOR = "facilitator"  # runs the rounds it owns or co-hosts
    COUNCIL = "council"  # every round, plus decisions on proposals and publishing
    ADMIN = "admin"  # everything, plus accounts and the audit log


STAFF_ROLES = (Role.FACILITATOR, Role.COUNCIL, Role.ADMIN)
# Roles that act on every round, owned or not.
ALL_ROUNDS_ROLES = (Role.COUNCIL, Role.ADMIN)
COUNCIL_ROLES = (Role.COUNCIL, Role.ADMIN)
ADMIN_ROLES = (Role.ADMIN,)


class User(UserMixin, db.Model):
    """A council or ELY Centre person who runs reviews."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.FACILITATOR)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Raised by logout, password change and deactivation: every session cookie and remember
    # cookie carries the epoch it was issued in, and one of an older epoch no longer loads.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # The id Flask-Login keeps in the session and the remember cookie, set at each login
    # (workshop.auth.services.session_id), so that every login's cookies differ.
    login_id = None

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        from workshop.auth.services import session_id

        return self.login_id or session_id(self)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_council(self) -> bool:
        return self.role in COUNCIL_ROLES

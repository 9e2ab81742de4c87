"""Facilitator accounts."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow


class Role(StrEnum):
    """What an account may do. Participants have no account: they join sessions by code."""

    FACILITATOR = "facilitator"
    ADMIN = "admin"


STAFF_ROLES = (Role.FACILITATOR, Role.ADMIN)


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

    @property
    def is_active(self) -> bool:
        return self.active

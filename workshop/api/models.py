"""Personal API tokens: a facilitator's credential for scripts and integrations."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.auth.models import User
from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow


class Scope(StrEnum):
    """What a token may do beyond its user's role: read only, or also run sessions."""

    READ = "read"
    WRITE = "write"


class ApiToken(db.Model):
    """A token acting as its owner (with the owner's round permissions), within its scope.

    Only a SHA-256 of the token is kept: the token is 256 random bits, so a plain hash is as
    hard to reverse as the token is to guess, and a copy of the database logs nobody in.
    ``prefix`` (the token's first characters) lets the owner tell their tokens apart.
    """

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(10), default=Scope.READ)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

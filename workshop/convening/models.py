"""The stakeholder register: organisations (with their group and sub-region) and contacts.

Invitations, answers and reminders build on these in `invitation_models.py`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow

LANGUAGES = ("fi", "en")


class Organisation(db.Model):
    """An organisation the council convenes: its stakeholder group and sub-region."""

    __tablename__ = "register_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Names are unique so that an import of the same list twice updates, not duplicates.
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # A key of review/defaults.STAKEHOLDER_GROUPS: rounds' groups carry the same keys.
    group_key: Mapped[str] = mapped_column(String(60), index=True)
    # A key of regions.SUB_REGIONS, or regions.WHOLE_REGION.
    sub_region: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="organisation",
        order_by="Contact.name",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Contact(db.Model):
    """A person at an organisation whom invitations go to (personal data: docs/security.md)."""

    __tablename__ = "register_contact"
    __table_args__ = (
        UniqueConstraint("organisation_id", "email"),
        CheckConstraint("language IN ('fi', 'en')", name="contact_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("register_organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    # Stored lower-cased, so the same address typed twice is the same contact.
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(2), default="fi")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Set by the one-click unsubscribe: no invitation or reminder goes to them after it.
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(back_populates="contacts")

    @property
    def subscribed(self) -> bool:
        return self.unsubscribed_at is None

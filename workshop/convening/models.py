"""The stakeholder register: organisations (with their group and sub-region) and contacts.

Invitations, answers and reminders build on these in `invitation_models.py`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, event, select
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


def address_hash(email: str) -> str:
    """SHA-256 of the normalised address: enough to recognise it again, not to read it."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


class UnsubscribedAddress(db.Model):
    """An address that asked for no more invitations, kept as a hash only.

    Unsubscribing is the person's, not one register row's: every contact with the address is
    unsubscribed, and one deleted and added again (or imported again next year) stays so.
    """

    __tablename__ = "unsubscribed_address"

    address_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@event.listens_for(Contact, "before_insert")
@event.listens_for(Contact, "before_update")
def _keep_unsubscribed(mapper, connection, contact: Contact) -> None:
    # Every way a contact is written (the form, the import, an edit of the address) passes here.
    if contact.unsubscribed_at is not None or not contact.email:
        return
    found = connection.scalar(
        select(UnsubscribedAddress.address_hash).where(
            UnsubscribedAddress.address_hash == address_hash(contact.email)
        )
    )
    if found is not None:
        contact.unsubscribed_at = utcnow()

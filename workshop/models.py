"""Column helpers shared by the domain models."""

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Now, timezone-aware in UTC (a callable, so defaults are evaluated per row)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored without zone and always read back as UTC-aware.

    SQLite keeps no zone information; this keeps both databases returning the same values.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Translatable:
    """Mixin for rows whose texts carry translations: ``{"en": {"title": "..."}}``."""

    translations: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)

    # Each model says its texts' primary language through a ``language`` attribute.

    def tr(self, field: str, locale: str | None):
        """The field in ``locale`` when a translation exists, else in the primary language."""
        if locale and locale != self.language:
            value = (self.translations or {}).get(locale, {}).get(field)
            if value:
                return value
        return getattr(self, field)

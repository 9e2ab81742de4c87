"""Local time: what people type and read is in the configured zone; the database keeps UTC.

A facilitator types "09:00" meaning nine o'clock in the room (``WORKSHOP_TIMEZONE``,
Europe/Helsinki by default), in winter (UTC+2) and in summer (UTC+3) alike. Values are
converted here, at the edge, so that services and models only ever see UTC-aware datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField

DEFAULT_TIMEZONE = "Europe/Helsinki"


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped when the clocks go forward (03:00–04:00 in Finland in March)."""


def zone() -> ZoneInfo:
    """The configured time zone of the app (``WORKSHOP_TIMEZONE``).

    Taken from Flask-Babel, which formats every time shown, so that what is typed and what is
    read can never be in two different zones.
    """
    configured = get_timezone()
    return ZoneInfo(str(configured)) if configured is not None else ZoneInfo(DEFAULT_TIMEZONE)


def from_local(wall_clock: datetime, tz: ZoneInfo | None = None) -> datetime:
    """A naive wall-clock time in the configured zone as a UTC-aware datetime.

    A time that occurs twice (the hour after the clocks go back in October) is the first
    one, in summer time: a session planned for that hour starts when it first comes. A time
    that does not exist (the hour skipped in March) is refused rather than moved silently.
    """
    tz = tz or zone()
    local = wall_clock.replace(tzinfo=tz, fold=0)
    round_trip = local.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != wall_clock.replace(tzinfo=None):
        raise NonexistentLocalTime(wall_clock.isoformat())
    return local.astimezone(UTC)


def to_local(moment: datetime, tz: ZoneInfo | None = None) -> datetime:
    """A UTC (or naive-UTC) moment in the configured zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz or zone())


def local_text(moment: datetime | None, tz: ZoneInfo | None = None) -> str:
    """A moment as local ``YYYY-MM-DD HH:MM`` (what Excel in any language reads as a date)."""
    if moment is None:
        return ""
    return to_local(moment, tz).strftime("%Y-%m-%d %H:%M")


class LocalDateTimeField(DateTimeLocalField):
    """A ``datetime-local`` input whose wall-clock value is in the configured zone.

    ``data`` is UTC-aware; the input shows an object's UTC value in local time.
    """

    FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=list(self.FORMATS), **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        if isinstance(self.data, datetime):
            return to_local(self.data).strftime(self.FORMATS[0])
        return ""

    def process_formdata(self, valuelist):
        text = " ".join(valuelist).strip() if valuelist else ""
        self.data = None
        if not text:
            return
        for pattern in self.FORMATS:
            try:
                wall_clock = datetime.strptime(text, pattern)
            except ValueError:
                continue
            try:
                self.data = from_local(wall_clock)
            except NonexistentLocalTime:
                raise ValueError(str(SKIPPED_HOUR_MESSAGE)) from None
            return
        raise ValueError(str(FORMAT_MESSAGE))


SKIPPED_HOUR_MESSAGE = _l(
    "That time does not exist: the clocks go forward an hour that night. Choose a time "
    "before or after the change."
)
FORMAT_MESSAGE = _l("Give the date and time as day, month, year, hours and minutes.")

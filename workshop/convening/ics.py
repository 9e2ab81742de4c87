"""The calendar file (.ics, RFC 5545) attached to an invitation, made with `icalendar`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

# Sessions have a start but no end in the app: a workshop of the annual review is half a day.
DEFAULT_LENGTH = timedelta(hours=3)
PRODUCT_ID = "-//Strategiapaja//Invitations//FI"


def session_calendar(
    *,
    uid: str,
    title: str,
    starts_at: datetime,
    location: str,
    description: str,
    url: str,
    stamp: datetime | None = None,
) -> bytes:
    """One event for a session, published (METHOD:PUBLISH) rather than a meeting request: the
    contact answers from their link, not by a calendar reply the app would never read."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp or datetime.now(UTC))
    start = starts_at if starts_at.tzinfo else starts_at.replace(tzinfo=UTC)
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", start.astimezone(UTC) + DEFAULT_LENGTH)
    event.add("summary", title)
    if location:
        event.add("location", location)
    event.add("description", description)
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()

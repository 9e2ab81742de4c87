"""Local time: what is typed and read is the configured zone's wall clock; UTC is stored."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from workshop.localtime import NonexistentLocalTime, from_local, local_text, to_local

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (datetime(2027, 1, 14, 9, 0), datetime(2027, 1, 14, 7, 0, tzinfo=UTC)),  # winter, +2
        (datetime(2026, 7, 14, 9, 0), datetime(2026, 7, 14, 6, 0, tzinfo=UTC)),  # summer, +3
        # The days the clocks change: 29 March 2026 forward at 03:00, 25 October back at 04:00.
        (datetime(2026, 3, 29, 2, 30), datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),
        (datetime(2026, 3, 29, 9, 0), datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
        (datetime(2026, 10, 25, 9, 0), datetime(2026, 10, 25, 7, 0, tzinfo=UTC)),
        # 03:30 comes twice on 25 October: the first, still in summer time.
        (datetime(2026, 10, 25, 3, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
    ],
)
def test_a_typed_wall_clock_time_is_stored_as_its_utc_instant(typed, stored):
    assert from_local(typed, HELSINKI) == stored
    assert to_local(stored, HELSINKI).replace(tzinfo=None) == typed


def test_the_hour_skipped_in_march_is_refused():
    with pytest.raises(NonexistentLocalTime):
        from_local(datetime(2026, 3, 29, 3, 30), HELSINKI)


def test_local_text_is_the_wall_clock_in_the_zone():
    assert local_text(datetime(2026, 7, 14, 6, 0, tzinfo=UTC), HELSINKI) == "2026-07-14 09:00"
    assert local_text(None, HELSINKI) == ""


def test_the_zone_that_formats_times_is_the_zone_typed_times_are_read_in(app, monkeypatch):
    from flask_babel import format_datetime

    monkeypatch.setattr(app.extensions["babel"], "default_timezone", "America/New_York")
    with app.test_request_context():
        stored = from_local(datetime(2027, 1, 14, 9, 0))
        assert stored == datetime(2027, 1, 14, 14, 0, tzinfo=UTC)
        assert format_datetime(stored, "HH:mm") == "09:00"

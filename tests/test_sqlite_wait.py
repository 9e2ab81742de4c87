"""SQLite waits for a lock held by another process without stopping other greenlets, and
gives up after its timeout with an error the edge answers as ``busy`` (workshop/sqlite_wait.py)."""

import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tests.heartbeat import RESPONSIVE, longest_pause
from tests.lock_holder import locked
from workshop.sqlite_wait import CooperativeConnection, is_lock_timeout


@pytest.fixture
def sqlite_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'locked.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE answer (value INTEGER)"))
    engine.dispose()
    return url


def write(url: str, wait: float) -> float:
    """Insert a row on a new connection that waits ``wait`` s; the seconds it took."""
    engine = create_engine(url, connect_args={"timeout": wait})
    began = time.perf_counter()
    try:
        with engine.begin() as connection:
            assert isinstance(connection.connection.dbapi_connection, CooperativeConnection)
            connection.execute(text("INSERT INTO answer VALUES (1)"))
        return time.perf_counter() - began
    finally:
        engine.dispose()


def test_a_write_waits_for_another_process_lock_without_stalling_others(sqlite_url):
    with locked(sqlite_url, 1.0):
        (took,), pause = longest_pause(lambda: write(sqlite_url, wait=10))
    assert took > 0.7  # it waited for the lock...
    assert pause < RESPONSIVE  # ...while the other greenlets kept running
    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM answer")) == 1
    engine.dispose()


def test_a_lock_held_longer_than_the_wait_is_a_lock_timeout(sqlite_url):
    with locked(sqlite_url, 3.0):
        began = time.perf_counter()
        with pytest.raises(OperationalError) as raised:
            write(sqlite_url, wait=0.5)
        assert 0.4 < time.perf_counter() - began < 1.5
    assert is_lock_timeout(raised.value)


def test_other_errors_are_not_lock_timeouts(sqlite_url):
    engine = create_engine(sqlite_url)
    with pytest.raises(OperationalError) as raised, engine.connect() as connection:
        connection.execute(text("SELECT * FROM no_such_table"))
    engine.dispose()
    assert not is_lock_timeout(raised.value)

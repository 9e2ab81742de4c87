"""Shared fixtures: the app on a migrated database (SQLite, or PostgreSQL when
WORKSHOP_TEST_DATABASE_URL names one), clean tables for every test, clients and factories."""

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from workshop import create_app
from workshop.auth import throttle as login_throttle
from workshop.auth.services import create_user
from workshop.extensions import db, socketio
from workshop.strategy import services as strategy_services
from workshop.strategy.fileformat import parse_strategy_file
from workshop.synthesis import live as live_themes

TEST_PASSWORD = "correct horse battery"


def _reset_postgres_schema(url: str) -> None:
    """Start the PostgreSQL test database empty, so migrations run from the first one."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def database_url(tmp_dir) -> str:
    url = os.environ.get("WORKSHOP_TEST_DATABASE_URL")
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        _reset_postgres_schema(url)
        return url
    return f"sqlite:///{tmp_dir / 'test.sqlite'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application, once per test run, on a database migrated with Alembic."""
    instance = tmp_path_factory.mktemp("instance")
    url = database_url(instance)
    engine_options = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
            "WTF_CSRF_ENABLED": False,
            "SOCKETIO_MESSAGE_QUEUE": None,
            "LIMITS_REDIS_URL": None,  # tests/test_limits.py runs the Redis store itself
            "SERVER_NAME": None,
        },
        instance_path=str(instance),
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def clear_tables() -> None:
    """Delete every row, children first, keeping the schema and Alembic's version table."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(autouse=True)
def fresh_limits():
    """The in-process limits (wrong codes, joins, PINs) start empty for every test: they are
    per process, and one test's joins must not use up the next one's allowance."""
    from workshop.review import join_limits, views

    for limiter in (views.code_guesses, join_limits.joins, join_limits.pin_misses):
        limiter.reset()
    yield


@pytest.fixture(autouse=True)
def app_context(app):
    """Every test runs inside an app context on empty tables."""
    with app.app_context():
        clear_tables()
        login_throttle.reset()  # failed logins of one test do not throttle the next
        # Every test's ids start at 1 again: one test's published themes must not look like
        # the next one's "unchanged" session.
        live_themes.live.forget()
        yield
        db.session.rollback()
        db.session.remove()


@pytest.fixture
def every_group_shown(app, monkeypatch):
    """WORKSHOP_MIN_GROUP_SIZE=1: for tests of the arithmetic of results with a few answers
    (the default of 5 would withhold them); tests/test_min_group_size.py tests the rule."""
    monkeypatch.setitem(app.config, "MIN_GROUP_SIZE", 1)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def socket_client(app, client):
    """A Socket.IO test client that shares the HTTP client's cookies (and so its login)."""
    test_client = socketio.test_client(app, flask_test_client=client)
    yield test_client
    if test_client.is_connected():
        test_client.disconnect()


@pytest.fixture(scope="session")
def builtin_strategy_data():
    """The built-in North Ostrobothnia strategy, parsed once."""
    return parse_strategy_file(strategy_services.builtin_strategy_text())


@pytest.fixture
def strategy_version(builtin_strategy_data):
    """The built-in strategy loaded as the current version."""
    version = strategy_services.load_strategy(builtin_strategy_data)
    db.session.commit()
    return version


@pytest.fixture
def make_user():
    """Factory: an account with the test password."""

    def make(email="fasilitaattori@example.org", role="facilitator", name="Fasilitaattori"):
        user = create_user(email, TEST_PASSWORD, name=name, role=role)
        db.session.commit()
        return user

    return make


@pytest.fixture
def facilitator(make_user):
    return make_user()


@pytest.fixture
def logged_in_client(client, facilitator):
    """An HTTP client logged in as a facilitator."""
    response = client.post("/login", data={"email": facilitator.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def council_client(app, make_user):
    """An HTTP client logged in as a council member (decisions and publishing)."""
    council = make_user("neuvosto@example.org", role="council", name="Neuvosto")
    council_http = app.test_client()
    response = council_http.post("/login", data={"email": council.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return council_http

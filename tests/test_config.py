"""Configuration from the environment."""

from workshop.config import load_config


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKSHOP_SECRET_KEY", raising=False)
    first = load_config(str(tmp_path))["SECRET_KEY"]
    second = load_config(str(tmp_path))["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKSHOP_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = load_config(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'strategiapaja.sqlite'}"
    assert config["SOCKETIO_MESSAGE_QUEUE"] is None
    assert config["LIMITS_REDIS_URL"] is None  # one process keeps its limits in memory


def test_environment_settings_are_used(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_SECRET_KEY", "from-env")
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", "postgres://u@db/strategiapaja")
    monkeypatch.setenv("WORKSHOP_REDIS_URL", "redis://127.0.0.1:6379/0")
    config = load_config(str(tmp_path))
    assert config["SECRET_KEY"] == "from-env"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/strategiapaja"
    assert config["SOCKETIO_MESSAGE_QUEUE"] == "redis://127.0.0.1:6379/0"
    assert config["LIMITS_REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert config["SOCKETIO_CHANNEL"] == "flask-socketio"
    assert not (tmp_path / "secret_key").exists()


def test_a_second_deployment_on_one_redis_names_its_channel(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_REDIS_CHANNEL", "strategiapaja-staging")
    assert load_config(str(tmp_path))["SOCKETIO_CHANNEL"] == "strategiapaja-staging"


def test_join_bursts_default_to_a_room_and_can_be_raised(tmp_path, monkeypatch):
    from workshop.review.join_limits import JoinLimiter

    monkeypatch.delenv("WORKSHOP_JOIN_SESSION_BURST", raising=False)
    assert load_config(str(tmp_path))["JOIN_SESSION_BURST"] == 400
    assert load_config(str(tmp_path))["JOIN_ADDRESS_BURST"] == 60
    monkeypatch.setenv("WORKSHOP_JOIN_SESSION_BURST", "1200")
    monkeypatch.setenv("WORKSHOP_JOIN_ADDRESS_BURST", "1100")
    config = load_config(str(tmp_path))
    limiter = JoinLimiter()
    limiter.configure(config["JOIN_ADDRESS_BURST"], config["JOIN_SESSION_BURST"])
    verdicts = [limiter.admit(1, "192.0.2.1").allowed for _ in range(1101)]
    assert verdicts.count(True) == 1100 and verdicts[-1] is False


def test_database_lock_wait_bounds_sqlite_and_postgresql_alike(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_DATABASE_LOCK_WAIT", "7")
    monkeypatch.delenv("WORKSHOP_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    sqlite = load_config(str(tmp_path))
    assert sqlite["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {"timeout": 7}
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", "postgresql://app@127.0.0.1/strategiapaja")
    postgresql = load_config(str(tmp_path))
    options = postgresql["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"] == {"options": "-c lock_timeout=7000"}


def test_the_api_limit_defaults_to_300_a_minute_and_can_be_set(tmp_path, monkeypatch):
    import pytest

    monkeypatch.delenv("WORKSHOP_API_RATE_LIMIT", raising=False)
    assert load_config(str(tmp_path))["API_RATE_LIMIT"] == 300
    monkeypatch.setenv("WORKSHOP_API_RATE_LIMIT", "1000")
    assert load_config(str(tmp_path))["API_RATE_LIMIT"] == 1000
    monkeypatch.setenv("WORKSHOP_API_RATE_LIMIT", "0")
    with pytest.raises(ValueError, match="at least 1"):
        load_config(str(tmp_path))

"""Settings from the environment, with safe defaults for a one-process local install."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

SUPPORTED_LOCALES = ("fi", "en")
DEFAULT_LOCALE = "fi"
# A stakeholder group with fewer answers is shown only inside "other groups" (docs/security.md).
DEFAULT_MIN_GROUP_SIZE = 5


def _secret_key(instance_path: Path) -> str:
    """Return WORKSHOP_SECRET_KEY, or a key generated once and kept in the instance folder."""
    configured = os.environ.get("WORKSHOP_SECRET_KEY")
    if configured:
        return configured
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    # Written with owner-only permissions: whoever reads it can forge sessions and join tokens.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("WORKSHOP_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance_path / 'strategiapaja.sqlite'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _async_mode() -> str:
    """gevent when the process was started by `workshop run` (which patches it), else threads.

    Left to itself Flask-SocketIO would pick gevent whenever it is installed, also in processes
    (tests, other commands) that were never patched for it.
    """
    try:
        from gevent import monkey
    except ImportError:
        return "threading"
    return "gevent" if monkey.is_module_patched("socket") else "threading"


def _min_group_size() -> int:
    """WORKSHOP_MIN_GROUP_SIZE as a whole number of at least 1 (1 shows every group alone)."""
    raw = os.environ.get("WORKSHOP_MIN_GROUP_SIZE", "").strip()
    if not raw:
        return DEFAULT_MIN_GROUP_SIZE
    try:
        size = int(raw)
    except ValueError:
        raise ValueError(f"WORKSHOP_MIN_GROUP_SIZE must be a whole number, not {raw!r}") from None
    if size < 1:
        raise ValueError("WORKSHOP_MIN_GROUP_SIZE must be at least 1")
    return size


# How long "keep me logged in" lasts (docs/security.md, "Accounts and roles").
REMEMBER_DAYS = 14


def load_config(instance_path: str) -> dict:
    """Build the configuration mapping from environment variables."""
    secure_cookies = os.environ.get("WORKSHOP_SECURE_COOKIES", "0") == "1"
    path = Path(instance_path)
    path.mkdir(parents=True, exist_ok=True)
    database_url = _database_url(path)
    engine_options = {"pool_pre_ping": True}
    if database_url.startswith("sqlite"):
        # SQLite waits for a competing writer instead of failing at once.
        engine_options = {"connect_args": {"timeout": 30}}
    return {
        "SECRET_KEY": _secret_key(path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        "SOCKETIO_MESSAGE_QUEUE": os.environ.get("WORKSHOP_REDIS_URL") or None,
        "SOCKETIO_ASYNC_MODE": _async_mode(),
        "LIVE_RESULTS_INTERVAL": float(os.environ.get("WORKSHOP_LIVE_RESULTS_INTERVAL", "0.2")),
        "MIN_GROUP_SIZE": _min_group_size(),
        "BABEL_DEFAULT_LOCALE": DEFAULT_LOCALE,
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("WORKSHOP_TIMEZONE", "Europe/Helsinki"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_DURATION": timedelta(days=REMEMBER_DAYS),
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        # Trust one proxy's X-Forwarded-For/-Proto (set behind nginx, never when exposed).
        "PROXY_FIX": os.environ.get("WORKSHOP_PROXY_FIX", "0") == "1",
        "WTF_CSRF_TIME_LIMIT": None,
        # The author of the tracked changes in the Word update draft: the council that decides.
        "REPORT_COUNCIL_NAME": os.environ.get("WORKSHOP_COUNCIL_NAME", "Pohjois-Pohjanmaan liitto"),
    }

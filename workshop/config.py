"""Settings from the environment, with safe defaults for a one-process local install."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from workshop.lan import parse_public_url

SUPPORTED_LOCALES = ("fi", "en")
DEFAULT_LOCALE = "fi"
# A stakeholder group with fewer answers is shown only inside "other groups" (docs/security.md).
DEFAULT_MIN_GROUP_SIZE = 5
# Personal data of a round is erased this many days after the round's last activity
# (`workshop privacy purge`, run from cron; docs/security.md, "Personal data").
DEFAULT_RETENTION_DAYS = 365
DEFAULT_CONTROLLER_NAME = "Pohjois-Pohjanmaan liitto"
# The join bursts' defaults (docs/protocol.md, "Joining limits").
SESSION_BURST = 400
ADDRESS_BURST = 60


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


def _whole_number(name: str, default: int, minimum: int) -> int:
    """The environment variable ``name`` as a whole number of at least ``minimum``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        number = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}")
    return number


def _min_group_size() -> int:
    """WORKSHOP_MIN_GROUP_SIZE as a whole number of at least 1 (1 shows every group alone)."""
    return _whole_number("WORKSHOP_MIN_GROUP_SIZE", DEFAULT_MIN_GROUP_SIZE, 1)


def _owner_only_folder(path: Path) -> None:
    """Create the instance folder readable by its owner only: it holds the database and key."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _tighten(path, 0o700)


def _tighten(path: Path, mode: int) -> None:
    """Take group and others' access away from a file or folder of ours (not someone else's)."""
    status = path.stat()
    if status.st_mode & 0o077 and status.st_uid == os.getuid():
        path.chmod(mode)


def sqlite_file(database_url: str) -> Path | None:
    """The file of a SQLite database URL, or None (another database, or one in memory)."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if database_url.startswith(prefix):
            name = database_url.removeprefix(prefix).split("?", 1)[0]
            return Path(name) if name and name != ":memory:" else None
    return None


def secure_database_file(database_url: str) -> None:
    """Create a SQLite database file readable by its owner only, or make an existing one so.

    SQLite gives its journal and write-ahead-log files the database file's permissions, so
    they follow. Other databases keep their files to themselves.
    """
    path = sqlite_file(database_url)
    if path is None:
        return
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    _tighten(path, 0o600)


def protect_personal_data(config) -> None:
    """Settings that keep personal data where it belongs, whatever else was configured.

    The database file is made owner-only, and SQLAlchemy leaves statement parameters (names,
    reasons, chat messages) out of its log lines and error messages, also when someone turns
    the log up to DEBUG.
    """
    secure_database_file(config["SQLALCHEMY_DATABASE_URI"])
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("hide_parameters", True)
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    quiet_database_log()


def quiet_database_log() -> None:
    """Keep SQLAlchemy's statement log at WARNING: at DEBUG it logs every row read, names and
    reasons among them, and a root logger set to DEBUG would otherwise turn it on."""
    import logging

    engine_log = logging.getLogger("sqlalchemy.engine")
    if engine_log.level == logging.NOTSET:
        engine_log.setLevel(logging.WARNING)


# How long "keep me logged in" lasts (docs/security.md, "Accounts and roles").
REMEMBER_DAYS = 14


def load_config(instance_path: str) -> dict:
    """Build the configuration mapping from environment variables."""
    secure_cookies = os.environ.get("WORKSHOP_SECURE_COOKIES", "0") == "1"
    path = Path(instance_path)
    _owner_only_folder(path)
    database_url = _database_url(path)
    # How long a statement waits for a lock held elsewhere (another process, a long
    # transaction) before the participant is told to try again (the ``busy`` ack).
    lock_wait = _whole_number("WORKSHOP_DATABASE_LOCK_WAIT", 5, 1)
    engine_options = {
        "pool_pre_ping": True,
        "connect_args": {"options": f"-c lock_timeout={lock_wait * 1000}"},
    }
    if database_url.startswith("sqlite"):
        # SQLite's own wait would freeze the whole gevent process: workshop.sqlite_wait
        # waits this long cooperatively instead.
        engine_options = {"connect_args": {"timeout": lock_wait}}
    return {
        "SECRET_KEY": _secret_key(path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        # Several processes: Socket.IO's message queue and every shared limit live in Redis.
        "SOCKETIO_MESSAGE_QUEUE": os.environ.get("WORKSHOP_REDIS_URL") or None,
        # Redis's publish/subscribe channels ignore the database number: two deployments on one
        # Redis need channels of their own.
        "SOCKETIO_CHANNEL": os.environ.get("WORKSHOP_REDIS_CHANNEL") or "flask-socketio",
        "LIMITS_REDIS_URL": os.environ.get("WORKSHOP_REDIS_URL") or None,
        "SOCKETIO_ASYNC_MODE": _async_mode(),
        "LIVE_RESULTS_INTERVAL": float(os.environ.get("WORKSHOP_LIVE_RESULTS_INTERVAL", "0.2")),
        "MIN_GROUP_SIZE": _min_group_size(),
        # Requests per minute of one API token (docs/api.md), then 429.
        "API_RATE_LIMIT": _whole_number("WORKSHOP_API_RATE_LIMIT", 300, 1),
        # Themes forming on the console (workshop/synthesis/live.py): on, and how often at most.
        "LIVE_THEMES": os.environ.get("WORKSHOP_LIVE_THEMES", "1") == "1",
        "LIVE_THEMES_INTERVAL": float(os.environ.get("WORKSHOP_LIVE_THEMES_INTERVAL", "1.0")),
        # Where exports, imports and password hashes run (workshop/offload.py): "process"
        # (worker processes, the default of a server) or "inline" (this process).
        "OFFLOAD": os.environ.get("WORKSHOP_OFFLOAD") or None,
        "OFFLOAD_WORKERS": _whole_number("WORKSHOP_OFFLOAD_WORKERS", 2, 1),
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
        # The address in join links and QR codes (workshop/lan.py); `workshop run --lan` sets it.
        "PUBLIC_URL": parse_public_url(os.environ.get("WORKSHOP_PUBLIC_URL", "")),
        "WTF_CSRF_TIME_LIMIT": None,
        # The author of the tracked changes in the Word update draft: the council that decides.
        "REPORT_COUNCIL_NAME": os.environ.get("WORKSHOP_COUNCIL_NAME", "Pohjois-Pohjanmaan liitto"),
        # An optional language model that words the synthesis's assessment drafts
        # (workshop/synthesis/wording.py): an OpenAI-compatible chat-completions URL.
        "LLM_URL": os.environ.get("WORKSHOP_LLM_URL", "").strip(),
        "LLM_MODEL": os.environ.get("WORKSHOP_LLM_MODEL", "").strip(),
        "LLM_API_KEY": os.environ.get("WORKSHOP_LLM_API_KEY", "").strip(),
        # The privacy notice (/privacy): who controls the personal data and how to reach them.
        "CONTROLLER_NAME": os.environ.get("WORKSHOP_CONTROLLER_NAME") or DEFAULT_CONTROLLER_NAME,
        "CONTROLLER_CONTACT": os.environ.get("WORKSHOP_CONTROLLER_CONTACT", ""),
        "DPO_CONTACT": os.environ.get("WORKSHOP_DPO_CONTACT", ""),
        # The controller's own words on the legal basis; empty shows the standard text.
        "PRIVACY_LEGAL_BASIS": os.environ.get("WORKSHOP_PRIVACY_LEGAL_BASIS", ""),
        "RETENTION_DAYS": _whole_number("WORKSHOP_RETENTION_DAYS", DEFAULT_RETENTION_DAYS, 1),
        # Joins one session takes at once, from all addresses and from one address; then they
        # refill at a fixed rate (workshop/review/join_limits.py). Raise them for a bigger room.
        "JOIN_SESSION_BURST": _whole_number("WORKSHOP_JOIN_SESSION_BURST", SESSION_BURST, 1),
        "JOIN_ADDRESS_BURST": _whole_number("WORKSHOP_JOIN_ADDRESS_BURST", ADDRESS_BURST, 1),
        **_smtp_settings(),
    }


def _smtp_settings() -> dict:
    """The council's SMTP server that invitations go through (workshop/convening/sender.py).

    STARTTLS is on unless turned off; WORKSHOP_SMTP_SSL=1 speaks TLS from the first byte
    (port 465) instead. Without WORKSHOP_SMTP_HOST nothing is sent: messages wait queued.
    """
    ssl = os.environ.get("WORKSHOP_SMTP_SSL", "0") == "1"
    return {
        "SMTP_HOST": os.environ.get("WORKSHOP_SMTP_HOST", ""),
        "SMTP_PORT": _whole_number("WORKSHOP_SMTP_PORT", 465 if ssl else 587, 1),
        "SMTP_USER": os.environ.get("WORKSHOP_SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("WORKSHOP_SMTP_PASSWORD", ""),
        "SMTP_SSL": ssl,
        "SMTP_STARTTLS": not ssl and os.environ.get("WORKSHOP_SMTP_STARTTLS", "1") == "1",
        "SMTP_FROM": os.environ.get("WORKSHOP_SMTP_FROM", ""),
        # A CA bundle for a server whose certificate the system does not trust (its own CA).
        "SMTP_CA_FILE": os.environ.get("WORKSHOP_SMTP_CA_FILE", ""),
        # The background sender (a greenlet under gevent, a thread otherwise); off, messages
        # wait for `workshop invitations deliver` or the next command that sends.
        "MAIL_WORKER": os.environ.get("WORKSHOP_MAIL_WORKER", "1") == "1",
    }

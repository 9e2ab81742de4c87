"""Who calls the API: a Bearer token (as its user, within its scope) or, for a browser page of
the app itself, the logged-in session cookie (its writes then need the CSRF token)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from workshop.api import services
from workshop.api.errors import ApiError
from workshop.api.models import ApiToken
from workshop.auth.models import STAFF_ROLES, User
from workshop.extensions import csrf, db
from workshop.ratelimit import RateLimiter

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
RATE_WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Caller:
    """The account a request acts as, and the token it came with (None: the session cookie)."""

    user: User
    token: ApiToken | None

    @property
    def can_write(self) -> bool:
        return self.token is None or self.token.can_write

    @property
    def rate_key(self) -> str:
        return f"token:{self.token.id}" if self.token is not None else f"user:{self.user.id}"


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if not header:
        return None
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401)
    return value.strip()


def _limiter() -> RateLimiter:
    # Built per request from the settings (cheap): the counts live in the shared store by name.
    return RateLimiter(current_app.config["API_RATE_LIMIT"], RATE_WINDOW_SECONDS, name="api-token")


def authenticate() -> Caller:
    """The caller of this request, or ApiError: 401 without a valid credential, 403 for a
    write with a read-only token or without the cookie's CSRF token, 429 over the limit."""
    plain = _bearer()
    if plain is not None:
        token = services.token_for(plain)
        if token is None:
            raise ApiError(401)
        caller = Caller(token.user, token)
    elif getattr(current_user, "is_authenticated", False):
        caller = Caller(current_user._get_current_object(), None)
    else:
        raise ApiError(401)
    if caller.user.role not in STAFF_ROLES:
        raise ApiError(403)
    if not _limiter().acquire(caller.rate_key):
        raise ApiError(429, headers={"Retry-After": str(RATE_WINDOW_SECONDS)})
    if request.method in WRITE_METHODS:
        if not caller.can_write:
            raise ApiError(403, "read_only_token")
        if caller.token is None and current_app.config.get("WTF_CSRF_ENABLED", True):
            try:
                csrf.protect()
            except CSRFError:
                raise ApiError(403, "csrf_failed") from None
    if caller.token is not None and services.mark_used(caller.token):
        db.session.commit()  # its own small write: a read commits nothing else
    return caller

"""Creating, finding and revoking API tokens (the service layer: flush, never commit)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from workshop.api.models import ApiToken, Scope
from workshop.audit.services import record
from workshop.auth.models import User
from workshop.errors import DomainError, NotFound
from workshop.extensions import db
from workshop.models import utcnow
from workshop.text import clean_text

# Tokens say what they are, so a secret scanner (and a person) recognises a leaked one.
TOKEN_PREFIX = "wsp_"
SHOWN_PREFIX_LENGTH = len(TOKEN_PREFIX) + 6
NAME_MAX_LENGTH = 100
# last_used_at is written at most this often per token: a busy script must not turn every
# read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(DomainError):
    """A token could not be made or changed; ``code`` says why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str, scope: str, *, actor) -> tuple[ApiToken, str]:
    """A new token of ``user``; returns it with its only plain copy, to be shown once."""
    if scope not in Scope.__members__.values():
        raise TokenError("invalid_scope", "The scope is read or write.")
    name = clean_text(name or "", multiline=False).strip()
    if not name:
        raise TokenError("name_required", "Give the token a name.")
    if len(name) > NAME_MAX_LENGTH:
        # Refused, not cut: a cut name may no longer say what the token is for.
        raise TokenError("name_too_long", f"The name is longer than {NAME_MAX_LENGTH} characters.")
    if not user.active:
        raise TokenError("inactive_user", "The account is deactivated.")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)  # 256 random bits
    token = ApiToken(
        user=user,
        name=name,
        scope=scope,
        token_hash=hash_token(plain),
        prefix=plain[:SHOWN_PREFIX_LENGTH],
    )
    db.session.add(token)
    db.session.flush()
    record(
        "api_token.create",
        actor=actor,
        subject=f"api_token:{token.id}",
        scope=scope,
        user_id=user.id,
    )
    return token, plain


def revoke_token(token: ApiToken, *, actor) -> None:
    """Stop the token from working at once (it is kept, revoked, for its owner's list)."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    db.session.flush()
    record("api_token.revoke", actor=actor, subject=f"api_token:{token.id}", user_id=token.user_id)


def get_token(token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"Token {token_id} does not exist.")
    return token


def user_token(user: User, token_id: int) -> ApiToken:
    """One of ``user``'s own tokens (another's is as unknown as a missing one)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(f"Token {token_id} does not exist.")
    return token


def list_tokens(user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones too."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(db.session.scalars(query))


def token_for(plain: str) -> ApiToken | None:
    """The live token whose plain text this is, of an active account; else None."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(plain)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    return token


def mark_used(token: ApiToken) -> bool:
    """Note the token's use (at most once per ``LAST_USED_RESOLUTION``); whether it changed."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return False
    token.last_used_at = now
    db.session.flush()
    return True

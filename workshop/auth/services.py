"""Facilitator accounts: creating them, checking passwords, and the sessions that can be ended."""

import secrets

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from workshop.audit.services import record
from workshop.auth.hashing import check as check_password_hash
from workshop.auth.hashing import generate as hash_password
from workshop.auth.models import Role, User
from workshop.errors import DomainError
from workshop.extensions import db
from workshop.models import utcnow
from workshop.realtime import disconnect_user_after_commit

MIN_PASSWORD_LENGTH = 10

# Checked against when the e-mail is unknown, so a wrong address takes as long as a wrong
# password and response times do not reveal which accounts exist.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(DomainError):
    """An account could not be created or changed as asked; ``code`` names the rule."""

    def __init__(self, message: str, code: str = "error"):
        super().__init__(message)
        self.code = code


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
            code="password_short",
        )


def _check_role(role: str) -> None:
    if role not in Role.__members__.values():
        raise AccountError(f"Unknown role {role!r}.", code="unknown_role")


def create_user(email: str, password: str, *, name: str = "", role: str = Role.FACILITATOR) -> User:
    """Create an account; the e-mail must be new and the password long enough (flushes only)."""
    email = normalise_email(email)
    _check_role(role)
    _check_password_rules(password)
    if db.session.scalar(select(User).where(User.email == email)):
        raise AccountError(f"An account for {email} already exists.", code="email_taken")
    user = User(email=email, name=name.strip(), role=role, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    return user


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active account with this e-mail and password, else None; a failure is audited.

    The audit row of a failure names the account by id when it exists, and nothing when it
    does not: the address typed may be anyone's.
    """
    user = find_user(email)
    # Nothing is written before this point: the connection goes back to the pool while the
    # hash is checked in a worker process (seconds when a flood of logins queues there).
    # Holding it, twenty wrong passwords held every pooled connection and the room's answers
    # waited for one (bench/stall.py). The account is read again afterwards.
    password_hash = user.password_hash if user is not None else _DUMMY_HASH
    db.session.rollback()
    if user is None:
        check_password_hash(password_hash, password)
        record("login.failed", reason="unknown_account")
        return None
    if not check_password_hash(password_hash, password):
        record("login.failed", subject=f"user:{user.id}", reason="password")
        return None
    if not user.active:
        record("login.failed", subject=f"user:{user.id}", reason="inactive")
        return None
    user.last_login_at = utcnow()
    session_id(user)  # a new login: new cookies, whatever this object carried before
    record("login", actor=user, subject=f"user:{user.id}")
    return user


def record_lock(email: str) -> None:
    """The failure that started a lock: audited once, not every refused attempt after it."""
    user = find_user(email)
    record("login.locked", subject=f"user:{user.id}" if user is not None else "")


# Sessions -----------------------------------------------------------------------------------


def session_id(user: User) -> str:
    """A new login's id for the session and remember cookies: account, epoch and a nonce.

    The nonce makes each login's remember cookie differ; the epoch lets one change end them all.
    """
    user.login_id = f"{user.id}:{user.session_epoch}:{secrets.token_urlsafe(12)}"
    return user.login_id


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the active account behind a cookie of its current epoch."""
    parts = user_id.split(":")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None  # includes cookies issued before epochs existed
    user = db.session.get(User, int(parts[0]))
    if user is None or not user.active or user.session_epoch != int(parts[1]):
        return None
    user.login_id = user_id
    return user


def end_sessions(user: User) -> None:
    """End every session and remember cookie of the account, on every device."""
    user.session_epoch += 1
    user.login_id = None
    db.session.flush()
    disconnect_user_after_commit(user.id)


def logout(user: User) -> None:
    """Logging out ends the account's sessions everywhere, not only this browser's cookie."""
    end_sessions(user)
    record("logout", actor=user, subject=f"user:{user.id}")


# Changes to accounts ------------------------------------------------------------------------


def change_password(user: User, current: str, new: str) -> None:
    """The user's own change: the current password must be right; other sessions end."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("The current password is wrong.", code="wrong_password")
    _check_password_rules(new)
    user.password_hash = hash_password(new)
    end_sessions(user)
    record("user.password", actor=user, subject=f"user:{user.id}")


def reset_password(admin: User, user: User, new: str) -> None:
    """An admin sets another account's password; that account's sessions end."""
    _check_password_rules(new)
    user.password_hash = hash_password(new)
    end_sessions(user)
    record("user.reset", actor=admin, subject=f"user:{user.id}")


def set_active(admin: User, user: User, active: bool) -> None:
    """Deactivate (ending its sessions) or reactivate an account; no one deactivates oneself."""
    if user.id == admin.id and not active:
        raise AccountError("You cannot deactivate your own account.", code="self")
    if user.active == active:
        return
    user.active = active
    if not active:
        end_sessions(user)
    record(
        "user.deactivate" if not active else "user.activate", actor=admin, subject=f"user:{user.id}"
    )


def set_role(admin: User, user: User, role: str) -> None:
    """Change an account's role; an admin keeps their own (so one admin always remains)."""
    _check_role(role)
    if user.id == admin.id and role != user.role:
        raise AccountError("You cannot change your own role.", code="self")
    if user.role == role:
        return
    record("user.role", actor=admin, subject=f"user:{user.id}", old=user.role, new=role)
    user.role = role
    db.session.flush()
    # Its sockets joined staff rooms under the old role; they reconnect under the new one.
    disconnect_user_after_commit(user.id)


def get_user(user_id: int) -> User:
    from workshop.errors import NotFound

    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"Account {user_id} does not exist.")
    return user


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.email)))


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id)))


# Round hosts --------------------------------------------------------------------------------


def facilitators() -> list[User]:
    """Active facilitators: the accounts that can be made co-hosts."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.FACILITATOR, User.active.is_(True))
            .order_by(User.email)
        )
    )


def add_cohost(actor: User, review_round, user: User) -> None:
    """Make a facilitator a co-host of the round (the owner is one already)."""
    if user.role != Role.FACILITATOR or not user.active:
        raise AccountError("Only active facilitators can be co-hosts.", code="not_facilitator")
    if user.id == review_round.owner_id or user in review_round.cohosts:
        return
    review_round.cohosts.append(user)
    db.session.flush()
    record("round.cohost.add", actor=actor, subject=f"round:{review_round.id}", user_id=user.id)


def remove_cohost(actor: User, review_round, user: User) -> None:
    if user not in review_round.cohosts:
        return
    review_round.cohosts.remove(user)
    db.session.flush()
    # Its sockets may watch this round's sessions; closing them all is simplest (they reconnect).
    disconnect_user_after_commit(user.id)
    record("round.cohost.remove", actor=actor, subject=f"round:{review_round.id}", user_id=user.id)

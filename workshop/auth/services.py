"""Creating facilitator accounts and checking their passwords."""

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from workshop.auth.models import Role, User
from workshop.errors import DomainError
from workshop.extensions import db
from workshop.models import utcnow

MIN_PASSWORD_LENGTH = 10

# Checked against when the e-mail is unknown, so a wrong address takes as long as a wrong
# password and response times do not reveal which accounts exist.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(DomainError):
    """An account could not be created or changed as asked."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(email: str, password: str, *, name: str = "", role: str = Role.FACILITATOR) -> User:
    """Create an account; the e-mail must be new and the password long enough (flushes only)."""
    email = normalise_email(email)
    if role not in Role.__members__.values():
        raise AccountError(f"Unknown role {role!r}.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if db.session.scalar(select(User).where(User.email == email)):
        raise AccountError(f"An account for {email} already exists.")
    user = User(
        email=email, name=name.strip(), role=role, password_hash=generate_password_hash(password)
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active account with this e-mail and password, else None; records the login time."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.active or not check_password_hash(user.password_hash, password):
        return None
    user.last_login_at = utcnow()
    return user


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the account behind a session cookie."""
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id)))

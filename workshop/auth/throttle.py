"""Login throttling: failed logins per account and per address (docs/security.md).

Checked before the password is hashed, so a flood of guesses costs the server a dictionary
look-up each, not a password hash (CPU that would stall every live room of the process).
"""

from workshop.ratelimit import RateLimiter, address_key

WINDOW_SECONDS = 15 * 60
FAILURES_PER_ACCOUNT = 10
FAILURES_PER_ADDRESS = 50

# Keyed by the e-mail as typed (normalised), known account or not, so that the answer does not
# tell which addresses have accounts; the store keeps the keys only as keyed hashes (in memory,
# or in Redis shared by every process) and they are never logged.
account_failures = RateLimiter(FAILURES_PER_ACCOUNT, WINDOW_SECONDS, name="login-account")
address_failures = RateLimiter(FAILURES_PER_ADDRESS, WINDOW_SECONDS, name="login-address")


def throttled(email: str, address: str) -> bool:
    """Whether a login for ``email`` from ``address`` is refused without checking it."""
    return account_failures.blocked(email) or address_failures.blocked(address_key(address))


def failed(email: str, address: str) -> None:
    account_failures.hit(email)
    address_failures.hit(address_key(address))


def reset() -> None:
    account_failures.reset()
    address_failures.reset()

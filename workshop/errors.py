"""Domain exceptions: services raise them, the HTTP and Socket.IO edges translate them."""


class DomainError(Exception):
    """A rule of the domain was broken; the message is safe to show to the user."""

    code = "error"


class NotFound(DomainError):
    """The thing asked for does not exist (or the caller may not know it does)."""

    code = "not_found"


class PermissionDenied(DomainError):
    """The caller's role does not allow this."""

    code = "unauthorized"

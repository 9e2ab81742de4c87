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


class DatabaseBusy(DomainError):
    """The database stayed locked (by another process) longer than the server waits: nothing
    was saved, and the same request may be sent again in a moment."""

    code = "busy"

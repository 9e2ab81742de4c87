"""Security headers on every response: what a browser may load, frame, send and remember.

Why each header is what it is: docs/security.md.
"""

import re

from flask import Flask, Request, Response, request

# What the Socket.IO transport's own responses get: python-engineio answers /socket.io/ before
# Flask sees the request, and its long-polling replies (text/plain, with people's texts in
# them) must never be sniffed into HTML or read by another site's page.
TRANSPORT_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)

# A Host header is the client's to write: only a plain host name or address with an optional
# port goes into the policy, so a forged Host cannot add directives of its own.
_PLAIN_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS = "max-age=31536000"


def content_security_policy(host: str | None) -> str:
    """The policy: our own files only, no inline code or styles, never framed.

    Socket.IO's WebSocket is named by host as well as by 'self': CSP Level 3 lets 'self' match
    ws:/wss: of the same host, but older Safari versions did not, and phones keep old browsers.
    """
    sockets = f" ws://{host} wss://{host}" if host and _PLAIN_HOST.match(host) else ""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            f"connect-src 'self'{sockets}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def security_headers(req: Request, secure: bool) -> dict[str, str]:
    """The headers every response carries; HSTS only where the site is served over HTTPS."""
    headers = {
        "Content-Security-Policy": content_security_policy(req.host),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
    }
    if secure:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def register_security_headers(app: Flask) -> None:
    """Add the headers to every response Flask sends: pages, errors, JSON, files; and the
    transport headers to the Socket.IO responses, which python-engineio sends itself.

    A header a view set itself is kept (setdefault), so one response can relax its own policy.
    """
    # After register_extensions: Flask-SocketIO has put python-engineio around wsgi_app.
    app.wsgi_app = with_transport_headers(app.wsgi_app)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        # WORKSHOP_SECURE_COOKIES=1 is the operator's word that the site is served over HTTPS.
        secure = bool(app.config.get("SESSION_COOKIE_SECURE"))
        for name, value in security_headers(request, secure).items():
            response.headers.setdefault(name, value)
        return response


def with_transport_headers(wsgi_app):
    """Wrap the outermost WSGI app so that responses Flask never saw get TRANSPORT_HEADERS."""

    def app(environ, start_response):
        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            missing = [(n, v) for n, v in TRANSPORT_HEADERS if n.lower() not in present]
            return start_response(status, list(headers) + missing, exc_info)

        return wsgi_app(environ, start)

    return app

"""Where phones reach the app: the public address of join links and QR codes.

A facilitator's laptop at a venue serves on its network address, but the console is often
opened at 127.0.0.1, and a join link built from the console's own address would send every
phone to itself. So join links are built from `WORKSHOP_PUBLIC_URL` when set, or from the
address `workshop run --lan` detected at start, and from the request only otherwise.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app, request, url_for

# An address from TEST-NET-1 (RFC 5737): connecting a UDP socket towards it sends nothing but
# makes the kernel choose the interface, and so the address, that other hosts reach us on.
_PROBE_ADDRESS = ("192.0.2.1", 9)


def parse_public_url(raw: str) -> str | None:
    """`WORKSHOP_PUBLIC_URL` checked: an http(s) URL with a host, no query or fragment.

    Returned without its trailing slash, or None when empty. A wrong value stops the app at
    start with the reason rather than printing wrong QR codes all day.
    """
    raw = raw.strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"WORKSHOP_PUBLIC_URL must be an http:// or https:// address with a host, not {raw!r}"
        )
    if parts.query or parts.fragment:
        raise ValueError("WORKSHOP_PUBLIC_URL must not have a query (?) or a fragment (#)")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError:
        raise ValueError(f"WORKSHOP_PUBLIC_URL has a wrong port: {raw!r}") from None
    return raw.rstrip("/")


def lan_address() -> str | None:
    """This machine's address on its local network (IPv4), or None without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(_PROBE_ADDRESS)
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if ipaddress.ip_address(address).is_loopback else address


def served_address(host: str) -> str | None:
    """The address phones use for a server listening on ``host``, or None if none can.

    A wildcard listens everywhere and is reached on the network address; a loopback address
    only from this machine.
    """
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host  # a host name the facilitator chose
    if ip.is_unspecified:
        return lan_address()
    return None if ip.is_loopback else host


def origin(host: str, port: int) -> str:
    """http://host:port, with an IPv6 address in brackets."""
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


class NoReachableAddress(RuntimeError):
    """Phones were asked for (``--lan``) but this machine has no address they could reach."""


def set_public_url(host: str, port: int, lan: bool) -> str | None:
    """The address join links use for a server on ``host``:``port``, kept in the app's
    ``PUBLIC_URL``: WORKSHOP_PUBLIC_URL when configured, else the address phones reach
    (None on loopback without ``lan``). With ``lan`` and no network address it raises
    NoReachableAddress rather than hand out links no phone can open."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured
    reachable = served_address(host)
    if reachable is None:
        if lan:
            raise NoReachableAddress(
                "This machine has no network address that phones could reach. Connect it to "
                "the venue's network (Wi-Fi or cable) and start again, or set "
                "WORKSHOP_PUBLIC_URL to the address phones use."
            )
        return None
    current_app.config["PUBLIC_URL"] = origin(reachable, port)
    return current_app.config["PUBLIC_URL"]


def public_url_for(endpoint: str, **values) -> str:
    """An absolute URL that phones can open: on the public address when one is known."""
    base = current_app.config.get("PUBLIC_URL")
    if not base:
        return url_for(endpoint, _external=True, **values)
    path = url_for(endpoint, **values)
    # url_for puts the app's mount point (SCRIPT_NAME) first; the public URL names its own.
    path = path.removeprefix(request.script_root) if request else path
    return base + path

"""Lighter pages: static files under content-hashed names, kept for a year and sent gzipped;
HTML pages with an ETag so that a reload costs a 304 (docs/deployment.md, "Static files").

``url_for('static', filename='js/app.js')`` gives ``/static/js/app.3f2a9c41d0.js``: the name
changes whenever the file does, so browsers may keep it for good (``immutable``) and never ask
again. The plain name still works and is revalidated on every use.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
from dataclasses import dataclass
from mimetypes import guess_type
from pathlib import Path

from flask import Flask, Response, abort, g, request, session
from flask.sessions import SecureCookieSessionInterface

HASH_LENGTH = 10
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# A page names a person (a participant's token, a login's CSRF token): a shared cache must
# never keep it, and the browser asks every time (a 304 when nothing changed).
PAGE_CACHE_CONTROL = "private, no-cache"
COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript",
                "application/json", "image/svg+xml", "text/plain"}  # fmt: skip
# Smaller bodies gain nothing worth the encoding's headers and time.
MIN_COMPRESS_BYTES = 1024
GZIP_LEVEL = 6  # dynamic pages: a third of level 9's time for 1-2 % more bytes
_HASHED_NAME = re.compile(
    rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.[A-Za-z0-9]+)$"
)


# Files a page loads together, served as one: each response costs its headers (about 800
# bytes with the security headers) and compresses alone, and the participant page, the one a
# room of phones loads at once, loaded nine. Scripts are concatenated in the order the page
# loaded them; each is its own strict-mode function, so joining them changes nothing.
BUNDLES = {
    "bundles/participant.css": (
        "css/app.css",
        "css/live.css",
        "css/assistant.css",
        "css/steps.css",
    ),
    "bundles/participant.js": (
        "vendor/socket.io.min.js",
        "js/live-common.js",
        "js/proposals.js",
        "js/steps.js",
        "js/participant.js",
        "js/assistant.js",
    ),
}
_SOURCE_MAP = re.compile(rb"^//# sourceMappingURL=.*$", re.MULTILINE)


# Comments that fill whole lines: a bundle leaves them out (a phone's first load is budgeted,
# and they were a fifth of the gzipped scripts). Only whole lines, so that "//" inside a string
# or a URL ("http://") is never touched; the files served alone keep theirs.
_COMMENT_BLOCK = re.compile(rb"^[ \t]*/\*[\s\S]*?\*/[ \t]*\n", re.MULTILINE)
_COMMENT_LINE = re.compile(rb"^[ \t]*//[^\n]*\n", re.MULTILINE)


def _without_comment_lines(part: bytes, script: bool) -> bytes:
    part = _COMMENT_BLOCK.sub(b"", part)
    return _COMMENT_LINE.sub(b"", part) if script else part


def _joined(filename: str, parts: list[bytes]) -> bytes:
    """One file's bytes, or a bundle's: the parts without source-map comments (they would
    name another file's map) and whole-line comments, scripts separated by a semicolon (a part
    without its last one would otherwise run into the next part's opening parenthesis)."""
    if len(parts) == 1:
        return parts[0]
    script = filename.endswith(".js")
    separator = b"\n;\n" if script else b"\n"
    return (
        separator.join(
            _without_comment_lines(_SOURCE_MAP.sub(b"", part), script).rstrip() for part in parts
        )
        + b"\n"
    )


@dataclass(frozen=True)
class Asset:
    """One static file as it is served: its bytes, gzipped bytes, hash and type."""

    body: bytes
    gzipped: bytes
    digest: str
    mimetype: str
    signature: tuple  # (mtime, size) of each source file: a change makes it again

    @property
    def etag(self) -> str:
        return self.digest


class AssetStore:
    """The files of a static folder, read, hashed and gzipped once each (again if changed)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).resolve()
        self._assets: dict[str, Asset] = {}
        self._lock = threading.Lock()

    def _path(self, filename: str) -> Path | None:
        path = (self.folder / filename).resolve()
        if not path.is_relative_to(self.folder) or not path.is_file():
            return None
        return path

    def _sources(self, filename: str) -> list[Path] | None:
        """The files an asset is made of: itself, or a bundle's parts in order."""
        if filename in BUNDLES:
            parts = [self._path(part) for part in BUNDLES[filename]]
            return None if None in parts else parts
        path = self._path(filename)
        return None if path is None else [path]

    def get(self, filename: str) -> Asset | None:
        """The file ``filename`` (relative to the folder, or a bundle's name), or None."""
        sources = self._sources(filename)
        if sources is None:
            return None
        stats = tuple((s.st_mtime_ns, s.st_size) for s in (path.stat() for path in sources))
        asset = self._assets.get(filename)
        if asset is not None and asset.signature == stats:
            return asset
        body = _joined(filename, [path.read_bytes() for path in sources])
        mimetype = guess_type(filename)[0] or "application/octet-stream"
        asset = Asset(
            body=body,
            # Level 9: made once per file and kept, so the smallest size is worth its time.
            gzipped=gzip.compress(body, compresslevel=9, mtime=0),
            digest=hashlib.sha256(body).hexdigest()[:HASH_LENGTH],
            mimetype=mimetype,
            signature=stats,
        )
        with self._lock:
            self._assets[filename] = asset
        return asset

    def hashed_name(self, filename: str) -> str:
        """``css/app.css`` → ``css/app.<hash>.css``; an unknown file keeps its name."""
        asset = self.get(filename)
        if asset is None:
            return filename
        stem, dot, suffix = filename.rpartition(".")
        if not dot or "/" in suffix:
            return f"{filename}.{asset.digest}"
        return f"{stem}.{asset.digest}.{suffix}"

    def resolve(self, requested: str) -> tuple[Asset | None, bool]:
        """The asset a URL's file name names, and whether it was named by its current hash."""
        asset = self.get(requested)
        if asset is not None:
            return asset, False
        match = _HASHED_NAME.match(requested)
        if match is None:
            return None, False
        asset = self.get(match["stem"] + match["suffix"])
        if asset is None:
            return None, False
        return asset, asset.digest == match["hash"]


def accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def serve_static(filename: str) -> Response:
    """The static view: hashed names cached for a year, plain names revalidated; gzipped."""
    from flask import current_app

    store: AssetStore = current_app.extensions["assets"]
    asset, current = store.resolve(filename)
    if asset is None:
        abort(404)
    compressed = (
        accepts_gzip()
        and len(asset.body) >= MIN_COMPRESS_BYTES
        and len(asset.gzipped) < len(asset.body)
    )
    body = asset.gzipped if compressed else asset.body
    response = Response(body, mimetype=asset.mimetype)
    # An older hash (a page from before a deploy) gets today's file, but only for this once.
    response.headers["Cache-Control"] = IMMUTABLE if current else REVALIDATE
    response.vary.add("Accept-Encoding")
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
    # Each encoding is its own representation, with its own tag.
    response.set_etag(asset.etag + ("-gz" if compressed else ""))
    return response.make_conditional(request)


# Pages ------------------------------------------------------------------------------------


def page_etag(response: Response) -> str | None:
    """A tag of what the page shows, or None when the page is not to be tagged.

    The CSRF token signed into a page carries the second it was made, so two renderings of the
    same page differ by it alone. The tag leaves the signed token out and puts in the session's
    raw token instead: a page kept by the browser has a token that still passes as long as
    the session's raw token is the one it was signed from (WTF_CSRF_TIME_LIMIT is None).
    """
    body = response.get_data()
    digest = hashlib.sha256()
    signed = g.get("csrf_token")
    if signed:
        body = body.replace(signed.encode(), b"")
        digest.update(str(session.get("csrf_token", "")).encode())
    # A policy with a nonce would make each rendering differ and a kept page run no script.
    if "nonce-" in response.headers.get("Content-Security-Policy", ""):
        return None
    digest.update(body)
    return digest.hexdigest()[:32]


def _taggable(response: Response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not response.direct_passthrough
        and not response.is_streamed
        and "no-store" not in response.headers.get("Cache-Control", "")
    )


def _compressible(response: Response) -> bool:
    """Whether to gzip a dynamic response.

    Only GETs without a query string: a page that repeats something another site can put in
    its request (a query string, a form's fields) beside a secret (a CSRF or participant token)
    would let a watcher of the encrypted sizes guess the secret byte by byte (BREACH).
    """
    return (
        request.method == "GET"
        and not request.query_string
        and response.status_code in (200, 404)
        and response.mimetype in COMPRESSIBLE
        and "Content-Encoding" not in response.headers
        and not response.direct_passthrough
        and not response.is_streamed
        and accepts_gzip()
    )


def finish_response(response: Response) -> Response:
    """Tag and revalidate HTML pages, then gzip what is worth it."""
    if _taggable(response):
        tag = page_etag(response)
        if tag is not None:
            response.headers.setdefault("Cache-Control", PAGE_CACHE_CONTROL)
            response.vary.add("Cookie")
            response.set_etag(tag, weak=True)
            response.make_conditional(request)
            if response.status_code == 304:
                return response
    if _compressible(response):
        body = response.get_data()
        if len(body) >= MIN_COMPRESS_BYTES:
            response.set_data(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))
            response.headers["Content-Encoding"] = "gzip"
            response.vary.add("Accept-Encoding")
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except that a static file is never said to depend on it.

    Flask-Login looks at the session after every request, which makes Flask add
    ``Vary: Cookie``; on a static file that would make a browser fetch it again whenever the
    session cookie changed, although the file is the same for everyone.
    """

    def save_session(self, app, session, response) -> None:
        if request.endpoint == "static":
            return
        super().save_session(app, session, response)


def register_assets(app: Flask) -> None:
    """Serve static files by hashed names, and make ``url_for('static', ...)`` give them."""
    store = AssetStore(app.static_folder)
    app.extensions["assets"] = store
    app.view_functions["static"] = serve_static
    app.session_interface = SessionInterface()

    @app.url_defaults
    def hashed_static_names(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = store.hashed_name(values["filename"])

    app.after_request(finish_response)

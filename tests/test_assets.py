"""Lighter pages: hashed static names, gzip, cache headers, and pages answered with a 304."""

import gzip
import time
from pathlib import Path

import pytest
from flask import Response, url_for

from tests.review.conftest import (  # noqa: F401 (fixtures)
    make_participant,
    make_round,
    open_session,
    participant,
    review_round,
)
from workshop import assets
from workshop.extensions import db
from workshop.review import participation

STATIC = Path(assets.__file__).parent / "static"
GZIP = {"Accept-Encoding": "gzip, deflate"}


def static_url(app, filename: str) -> str:
    with app.test_request_context():
        return url_for("static", filename=filename)


def test_url_for_static_names_the_file_by_its_content(app):
    digest = assets.hashlib.sha256((STATIC / "js/participant.js").read_bytes()).hexdigest()
    assert static_url(app, "js/participant.js") == f"/static/js/participant.{digest[:10]}.js"
    assert static_url(app, "no/such.js") == "/static/no/such.js"


def test_a_changed_file_gets_a_new_name(tmp_path):
    store = assets.AssetStore(tmp_path)
    (tmp_path / "app.css").write_text("body { color: black }")
    first = store.hashed_name("app.css")
    (tmp_path / "app.css").write_text("body { color: navy }  ")
    second = store.hashed_name("app.css")
    assert first != second and first.startswith("app.") and second.endswith(".css")
    assert store.resolve(second) == (store.get("app.css"), True)
    assert store.resolve(first)[1] is False  # an old name: served, but not for keeps


def test_a_hashed_file_is_kept_for_a_year_and_sent_gzipped(app, client):
    url = static_url(app, "js/participant.js")
    response = client.get(url, headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"  # the same file for every cookie
    assert gzip.decompress(response.data) == (STATIC / "js/participant.js").read_bytes()
    assert len(response.data) < len((STATIC / "js/participant.js").read_bytes()) / 2
    # The security headers are there as on every response.
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers


def test_a_client_without_gzip_gets_the_plain_file(app, client):
    response = client.get(static_url(app, "css/app.css"))
    assert "Content-Encoding" not in response.headers
    assert response.data == (STATIC / "css/app.css").read_bytes()


def test_a_kept_file_is_answered_not_modified(app, client):
    url = static_url(app, "css/live.css")
    tag = client.get(url, headers=GZIP).headers["ETag"]
    again = client.get(url, headers={**GZIP, "If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    # The other encoding is another representation: it is sent in full.
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 200


def test_plain_and_outdated_names_are_revalidated_and_unknown_ones_are_not_found(client):
    plain = client.get("/static/css/app.css")
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == "no-cache"
    outdated = client.get("/static/css/app.0123456789.css")
    assert outdated.status_code == 200 and outdated.headers["Cache-Control"] == "no-cache"
    assert outdated.data == plain.data
    for missing in ("/static/css/none.css", "/static/../config.py", "/static/css/../../cli.py"):
        assert client.get(missing).status_code == 404, missing


def test_the_participant_bundles_are_the_page_files_in_order(app, client):
    script = client.get(static_url(app, "bundles/participant.js")).get_data(as_text=True)
    parts = assets.BUNDLES["bundles/participant.js"]
    positions = [script.index((STATIC / part).read_text().strip()[-200:].split("//#")[0][-80:])
                 for part in parts]  # fmt: skip
    assert positions == sorted(positions)
    assert "sourceMappingURL" not in script and "\n;\n" in script
    styles = client.get(static_url(app, "bundles/participant.css")).get_data(as_text=True)
    sheets = assets.BUNDLES["bundles/participant.css"]
    assert (
        styles
        == "\n".join(
            assets._without_comment_lines((STATIC / sheet).read_bytes(), False).decode().rstrip()
            for sheet in sheets
        )
        + "\n"
    )
    assert "\n/*" not in styles  # comments after a rule stay


def test_a_bundle_leaves_out_whole_line_comments_only():
    script = assets._joined(
        "bundles/x.js",
        [
            b"/* A file's header\n * over lines. */\nconst a = 1; // kept: not a whole line\n",
            b'  // a comment line\nconst url = "http://example.org"; /* inline, kept */\n',
        ],
    ).decode()
    assert script == (
        "const a = 1; // kept: not a whole line\n;\n"
        'const url = "http://example.org"; /* inline, kept */\n'
    )


def test_the_participant_page_loads_one_stylesheet_and_one_script(client, participant, app):  # noqa: F811
    client.set_cookie(
        f"wp_round_{participant.round_id}",
        participation.make_token(app.config["SECRET_KEY"], participant),
    )
    page = client.get(f"/s/{participant.session.join_code}").get_data(as_text=True)
    assert page.count('rel="stylesheet"') == 1 and page.count("<script src=") == 1
    assert static_url(app, "bundles/participant.js") in page


# Pages ------------------------------------------------------------------------------------


@pytest.fixture
def csrf_on(app):
    """Forms with their CSRF token, as in production (the test app turns it off)."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_a_page_is_revalidated_and_answered_not_modified_when_unchanged(client, csrf_on):
    first = client.get("/login", headers=GZIP)
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in first.headers["Vary"]
    tag = first.headers["ETag"]
    assert tag.startswith('W/"')
    # The CSRF token signed into the page differs each second; the tag does not.
    time.sleep(1.1)
    second = client.get("/login", headers=GZIP)
    assert second.headers["ETag"] == tag
    again = client.get("/login", headers={**GZIP, "If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""


def test_the_kept_page_still_has_a_csrf_token_that_passes(client, app, csrf_on):
    """A 304 reuses the page kept from the first load: its form must still be accepted."""
    first = client.get("/login")
    token = first.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1]
    token = token.split('"')[0]
    assert client.get("/login", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    with client.session_transaction() as stored:
        raw = stored["csrf_token"]
    from flask_wtf.csrf import validate_csrf

    with app.test_request_context():
        from flask import session

        session["csrf_token"] = raw
        validate_csrf(token)  # raises if the kept page's token no longer passes


def test_another_session_never_gets_a_304_for_someone_elses_page(app, client, csrf_on):
    tag = client.get("/login").headers["ETag"]
    assert client.get("/login", headers={"If-None-Match": tag}).status_code == 304
    other = app.test_client()
    response = other.get("/login", headers={"If-None-Match": tag})
    assert response.status_code == 200 and response.headers["ETag"] != tag


def test_two_participants_pages_have_their_own_tags(app, make_participant):  # noqa: F811
    tags = []
    for joined in (make_participant(), make_participant(group="kunnat")):
        browser = app.test_client()
        browser.set_cookie(
            f"wp_round_{joined.round_id}",
            participation.make_token(app.config["SECRET_KEY"], joined),
        )
        code = joined.session.join_code
        response = browser.get(f"/s/{code}", headers={"If-None-Match": ", ".join(tags) or "x"})
        assert response.status_code == 200
        tags.append(response.headers["ETag"])
    assert tags[0] != tags[1]


def test_a_changed_page_is_sent_again(client, open_session):  # noqa: F811
    tag = client.get(f"/j/{open_session.join_code}").headers["ETag"]
    open_session.title = "Oulu, iltapäivä"
    db.session.commit()
    response = client.get(f"/j/{open_session.join_code}", headers={"If-None-Match": tag})
    assert response.status_code == 200 and "iltapäivä" in response.get_data(as_text=True)


def test_pages_are_gzipped_only_without_a_query_string(client, csrf_on):
    plain = client.get("/login", headers=GZIP)
    assert plain.headers["Content-Encoding"] == "gzip"
    assert b"csrf_token" in gzip.decompress(plain.data)
    # Something another site can put in the URL beside a secret is never compressed (BREACH).
    assert "Content-Encoding" not in client.get("/login?next=/x", headers=GZIP).headers
    assert "Content-Encoding" not in client.post("/login", data={}, headers=GZIP).headers


def test_small_responses_are_not_compressed(client):
    response = client.get("/static/js/participants.js", headers=GZIP)
    assert len(response.data) < assets.MIN_COMPRESS_BYTES
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"Cache-Control": "no-store"},
        {"Content-Security-Policy": "script-src 'nonce-abc'"},
    ],
)
def test_pages_that_must_not_be_kept_get_no_tag(app, headers):
    with app.test_request_context("/somewhere"):
        response = assets.finish_response(
            Response("<p>" + "x" * 2000 + "</p>", mimetype="text/html", headers=headers)
        )
    assert "ETag" not in response.headers

"""Security headers on every response, and pages with no inline code for the policy to refuse."""

from html.parser import HTMLParser

import pytest
from flask import url_for

from tests.proposals.conftest import open_kind
from tests.recommendations.conftest import recommendation_input
from tests.review.conftest import (  # noqa: F401  (the workshop fixtures, shared)
    make_participant,
    make_round,
    open_session,
    participant,
    review_round,
)
from workshop.api import services as token_services
from workshop.convening import invitations
from workshop.convening import services as convening_services
from workshop.evidence import demo as evidence_demo
from workshop.evidence import views as evidence_views
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.proposals.services import ProposalInput
from workshop.recommendations import services as recommendation_services
from workshop.review import participation
from workshop.review.models import StepKind

EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def directives(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: [sources]}."""
    policy = response.headers.get("Content-Security-Policy", "")
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_secured(response, what: str) -> None:
    for name, value in EVERY_RESPONSE.items():
        assert response.headers.get(name) == value, f"{what}: {name}"
    policy = directives(response)
    for name, sources in POLICY.items():
        assert policy.get(name) == sources, f"{what}: {name} is {policy.get(name)}"
    assert policy["connect-src"][0] == "'self'", what
    assert "camera=()" in response.headers["Permissions-Policy"], what
    assert "microphone=()" in response.headers["Permissions-Policy"], what
    assert "geolocation=()" in response.headers["Permissions-Policy"], what
    assert "Strict-Transport-Security" not in response.headers, what


class InlineCode(HTMLParser):
    """Collects what a strict policy would refuse: inline scripts, handlers, styles."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        inline_script = tag == "script" and "src" not in attributes
        if inline_script and attributes.get("type") != "application/json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            if name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def facilitator(make_user):
    """The logged-in account of these tests is an admin, so that every page is rendered."""
    return make_user(role="admin")


@pytest.fixture
def site(
    app,
    facilitator,
    logged_in_client,
    strategy_version,
    review_round,  # noqa: F811  (the imported fixtures)
    open_session,  # noqa: F811
    participant,  # noqa: F811
):
    """Something behind every page: a proposal, the example evidence, a participant's cookie."""
    evidence_views._fragments.clear()
    evidence_demo.create_demo_evidence(strategy_version.strategy)
    open_kind(open_session, StepKind.PROPOSALS)  # proposals follow the open step
    proposal_services.create_proposal(
        review_round,
        ProposalInput(kind="add_challenge", target_ref="focus_area/energia", text="Vetyosaajat"),
        participant=participant,
    )
    recommendation = recommendation_services.create_recommendation(
        strategy_version.strategy, recommendation_input()
    )
    api_token, _plain = token_services.create_token(facilitator, "Raportit", "read", actor=None)
    organisation = convening_services.create_organisation(
        convening_services.OrganisationInput("Oulu Health", "klusterit", "oulu")
    )
    contact = convening_services.add_contact(
        organisation, convening_services.ContactInput("Aino", "aino@example.org")
    )
    invitations.invite(
        review_round,
        [open_session],
        organisation_ids=[organisation.id],
        secret_key=app.config["SECRET_KEY"],
        link_base="http://localhost",
    )
    invitation_token = invitations.token_for(
        invitations.round_invitations(review_round)[0], app.config["SECRET_KEY"]
    )
    db.session.commit()
    token = participation.make_token(app.config["SECRET_KEY"], participant)
    logged_in_client.set_cookie(f"wp_round_{review_round.id}", token)
    indicator = strategy_version.indicators[0]
    return {
        "values": {
            "session_id": open_session.id,
            "round_id": review_round.id,
            "code": open_session.join_code,
            # The confirmation pages of removals are GET pages too.
            "group_id": review_round.groups[0].id,
            "question_id": review_round.questions[0].id,
            "step_id": open_session.steps[0].id,
            "user_id": facilitator.id,
            "recommendation_id": recommendation.id,
            "organisation_id": organisation.id,
            "contact_id": contact.id,
            "token": invitation_token,
        },
        "by_endpoint": {
            "static": {"filename": "css/app.css"},
            "i18n.switch_language": {"code": "en"},
            "strategy.focus_area": {"key": "energia"},
            "evidence.indicator": {"key": indicator.key},
            "evidence.example_file": {"kind": "funding"},
            "exports.round_results": {"extension": "json"},
            "proposals.download": {"fmt": "csv"},
            "tokens.revoke": {"token_id": api_token.id},
            # Only a scoring step has results (another answers 409).
            "api.step_results_view": {
                "step_id": next(s.id for s in open_session.steps if s.kind == StepKind.SCORING)
            },
        },
    }


def every_get_url(app, site) -> list[str]:
    """A real URL for every GET rule of the app, so that a new route is checked too."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods:
                continue
            values = {
                name: site["values"][name] for name in rule.arguments if name in site["values"]
            } | site["by_endpoint"].get(rule.endpoint, {})
            missing = rule.arguments - values.keys()
            assert not missing, f"give {rule.endpoint} a value for {missing} in the site fixture"
            urls.append(url_for(rule.endpoint, **values))
    return urls


def test_every_get_route_carries_the_security_headers_and_no_inline_code(
    app, logged_in_client, client, site
):
    urls = every_get_url(app, site)
    assert len(urls) > 30
    for url in urls:
        response = logged_in_client.get(url)
        assert response.status_code in (200, 302), url
        assert_secured(response, url)
        if response.mimetype == "text/html":
            assert inline_code(response.get_data(as_text=True)) == [], url
        # The same page as someone without a login or a cookie: a redirect or refusal.
        assert_secured(client.get(url), f"anonymous {url}")


def test_the_pages_that_render_user_content_were_really_rendered(logged_in_client, site):
    """The inline-code check above saw the live pages, the funding bars and the charts."""
    values = site["values"]
    for url, marker in (
        (f"/s/{values['code']}", 'id="live-config"'),
        (f"/review/sessions/{values['session_id']}/console", 'id="agenda"'),
        (f"/review/sessions/{values['session_id']}/projector", "js/projector."),
        ("/evidence/funding", 'class="funding-bars__bar"'),
        (f"/s/{values['code']}/evidence", "<rect width="),
        (f"/review/rounds/{values['round_id']}/decisions", "Vetyosaajat"),
    ):
        response = logged_in_client.get(url)
        assert response.status_code == 200, url
        assert marker in response.get_data(as_text=True), url


def test_downloads_are_attachments_that_are_never_sniffed(logged_in_client, site):
    round_id = site["values"]["round_id"]
    for url in (
        f"/review/rounds/{round_id}/report.docx",
        f"/review/rounds/{round_id}/proposals.csv",
        f"/review/rounds/{round_id}/proposals.json",
        "/strategy/export.json",
        "/evidence/examples/indicators.csv",
    ):
        response = logged_in_client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Disposition"].startswith("attachment;"), url
        assert_secured(response, url)


def test_json_api_and_error_pages_carry_the_headers(client, open_session):  # noqa: F811
    joined = client.post(
        "/api/join", json={"code": open_session.join_code, "group": "klusterit", "locale": "fi"}
    )
    assert joined.status_code == 200 and joined.is_json
    assert_secured(joined, "POST /api/join")
    refused = client.post("/api/join", json=["not", "an", "object"])
    assert refused.status_code == 400
    assert_secured(refused, "refused /api/join")
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert_secured(missing, "404 page")
    login = client.get("/login")
    assert login.status_code == 200
    assert_secured(login, "login page")
    assert inline_code(login.get_data(as_text=True)) == []


def test_a_forged_host_header_cannot_write_into_the_policy(client):
    response = client.get("/login", headers={"Host": "example.org; script-src https://evil.test"})
    policy = response.headers["Content-Security-Policy"]
    assert "evil.test" not in policy
    assert directives(response)["script-src"] == ["'self'"]


def test_the_websocket_of_the_same_host_is_allowed_by_name(client):
    """Older Safari does not let 'self' match ws:/wss:, so the policy names them."""
    response = client.get("/login", headers={"Host": "paja.example.org:8443"})
    assert directives(response)["connect-src"] == [
        "'self'",
        "ws://paja.example.org:8443",
        "wss://paja.example.org:8443",
    ]


def test_hsts_is_sent_only_when_the_site_is_served_over_https(app, client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    secure = client.get("/login")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_the_page_of_an_unexpected_error_carries_the_headers(app, monkeypatch):
    """An exception no handler expected still ends in a page with the headers."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    with app.test_request_context("/review/"):
        response = app.handle_exception(RuntimeError("a bug"))
    assert response.status_code == 500
    assert_secured(response, "500 page")
    assert inline_code(response.get_data(as_text=True)) == []


def test_socket_io_transport_responses_are_never_sniffed(client):
    """python-engineio answers /socket.io/ itself, before Flask's after-request hooks."""
    response = client.get("/socket.io/?EIO=4&transport=polling")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    # Flask's own responses are not given the headers twice.
    assert client.get("/login").headers.getlist("X-Content-Type-Options") == ["nosniff"]

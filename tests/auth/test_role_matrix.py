"""The role matrix: every route and every Socket.IO event, for each kind of caller.

Each route and event has a decision in ROUTES or EVENTS; a new one without a decision fails
``test_every_route_has_a_decision`` / ``test_every_event_has_a_decision``. The callers: nobody
logged in, a facilitator who does not host the round, its owner, a co-host, the council and an
admin (docs/security.md, "Accounts and roles").
"""

import pytest
from flask import g, url_for

from tests.conftest import TEST_PASSWORD
from tests.proposals.conftest import open_kind
from workshop.convening import services as convening_services
from workshop.extensions import db, socketio
from workshop.proposals import services as proposal_services
from workshop.proposals.services import ProposalInput
from workshop.recommendations import services as recommendation_services
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import StepKind

CALLERS = ("anonymous", "outsider", "owner", "cohost", "council", "admin")

PUBLIC = set(CALLERS)
STAFF = PUBLIC - {"anonymous"}
ROUND = {"owner", "cohost", "council", "admin"}
HOST_MANAGERS = {"owner", "admin"}
COUNCIL = {"council", "admin"}
ADMIN = {"admin"}
NOBODY = set()  # participant-only routes and events: no staff caller may act as a participant

ROUTES = {
    "static": PUBLIC,
    "index": PUBLIC,
    "i18n.switch_language": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.account": STAFF,
    "auth.users": ADMIN,
    "auth.user_page": ADMIN,
    "auth.user_role": ADMIN,
    "auth.user_reset": ADMIN,
    "auth.user_active": ADMIN,
    "audit.audit_log": ADMIN,
    "audit.audit_export": ADMIN,
    "hosts.hosts": ROUND,
    "hosts.add_host": HOST_MANAGERS,
    "hosts.remove_host": HOST_MANAGERS,
    "strategy.overview": STAFF,
    "strategy.focus_area": STAFF,
    "strategy.indicators": STAFF,
    "strategy.about": STAFF,
    "strategy.versions": STAFF,
    "strategy.export_json": STAFF,
    "review.rounds": STAFF,
    "review.round_page": ROUND,
    "review.confirm_round_close": ROUND,
    "review.round_status": ROUND,
    "review.add_group": ROUND,
    "review.edit_group": ROUND,
    "review.delete_group": ROUND,
    "review.add_question": ROUND,
    "review.edit_question": ROUND,
    "review.delete_question": ROUND,
    "review.add_session": ROUND,
    "review.add_online_window": ROUND,
    "review.session_page": ROUND,
    "review.confirm_session_close": ROUND,
    "review.session_status": ROUND,
    "review.add_step": ROUND,
    "review.change_step": ROUND,
    "review.confirm_step_delete": ROUND,
    "review.console": ROUND,
    "review.projector": ROUND,
    "review.qr_code": ROUND,
    "review.session_reasons": ROUND,
    "steps.round_results": ROUND,
    "participate.join_code": PUBLIC,
    "participate.join_form": PUBLIC,
    "participate.participant_view": PUBLIC,
    "participate.api_join": PUBLIC,
    "participate.api_session": PUBLIC,
    "evidence.indicators": STAFF,
    "evidence.indicator": STAFF,
    "evidence.delete_value": STAFF,
    "evidence.import_indicators": STAFF,
    "evidence.import_funding": STAFF,
    "evidence.funding": STAFF,
    "evidence.example_file": STAFF,
    "evidence_live.participant_evidence": NOBODY,  # a device that joined the session only
    "evidence_live.projector_evidence": ROUND,
    "wrapup.participant_wrapup": NOBODY,  # a device that joined the session only
    "wrapup.staff_wrapup": ROUND,
    "assistant.similar_proposals": NOBODY,  # a device that joined the session only
    "proposals.decisions": ROUND,
    "proposals.decide": COUNCIL,
    "proposals.moderate_proposal": ROUND,
    "proposals.hide_comment": ROUND,
    "proposals.hold": ROUND,
    "proposals.download": ROUND,
    "proposals.draft_page": ROUND,
    "proposals.publish": COUNCIL,
    "proposals.version_diff": STAFF,
    "report.report": ROUND,
    "review.participants": ROUND,
    "review.remove_participants": ROUND,
    "review.restore_participant": ROUND,
    "privacy.notice": PUBLIC,
    # A device's own data: answered (404) for a caller whose device did not join, refused to none.
    "privacy.my_data": PUBLIC,
    "privacy.erase_my_data": PUBLIC,
    "privacy.export_round": ROUND,
    "privacy.erase_round": ROUND,
    # The council records the Commission's recommendations; every staff member reads them.
    "recommendations.index": STAFF,
    "recommendations.add": COUNCIL,
    "recommendations.edit": COUNCIL,
    "recommendations.delete": COUNCIL,
    "recommendations.for_round": ROUND,
    "recommendations.link_round": COUNCIL,
    # The results as .xlsx, CSV (.zip) or JSON: whoever may see the round's results page.
    "exports.round_results": ROUND,
    # Invitations: the round's staff invite and remind; the contact's pages are reached by the
    # personal link (its token is the authority), so they are public.
    "invitations.round_invitations": ROUND,
    "invitations.send": ROUND,
    "invitations.remind_now": ROUND,
    "invitations.add_reminder": ROUND,
    "invitations.cancel_reminder": ROUND,
    "invitations.retry_failed": ROUND,
    "invitations.answer": PUBLIC,
    "invitations.join": PUBLIC,
    "invitations.unsubscribe": PUBLIC,
    # The stakeholder register: every staff member convenes (docs/security.md, "Accounts and
    # roles"); the export of every contact at once only the council and admins.
    "convening.organisations": STAFF,
    "convening.add_organisation": STAFF,
    "convening.organisation": STAFF,
    "convening.add_contact": STAFF,
    "convening.edit_contact": STAFF,
    "convening.delete_contact": STAFF,
    "convening.delete_organisation": STAFF,
    "convening.import_register": STAFF,
    "convening.example_file": STAFF,
    "convening.export_contacts": COUNCIL,
    # The integrators' API (docs/api.md): a token or the login cookie acts as its account.
    "api.rounds": STAFF,  # each caller's own list: the rounds it may run
    "api.round_detail": ROUND,
    "api.round_sessions": ROUND,
    "api.round_results": ROUND,
    "api.round_reasons": ROUND,
    "api.round_proposals": ROUND,
    "api.round_decisions": ROUND,
    "api.round_participation": ROUND,
    "api.session_detail": ROUND,
    "api.session_steps": ROUND,
    "api.step_results_view": ROUND,
    "api.session_status": ROUND,
    "api.step_status": ROUND,
    "api.step_reveal": ROUND,
    "api_description.openapi_document": PUBLIC,  # the description holds no data
    "tokens.tokens": STAFF,  # one's own tokens
    "tokens.revoke": STAFF,  # one's own tokens only (another's is 404)
    # The round's staff read the synthesis; the council writes the assessments and summary.
    "synthesis.page": ROUND,
    "synthesis.save": COUNCIL,
    "synthesis.history": ROUND,
}

EVENTS = {
    "connect": STAFF,
    "staff:watch": ROUND,
    "step:open": ROUND,
    "step:close": ROUND,
    "step:reveal": ROUND,
    "step:results_mode": ROUND,
    "timer:start": ROUND,
    "timer:stop": ROUND,
    "proposal:list": ROUND,
    "proposal:moderate": ROUND,
    "step:results": ROUND,
    "open:moderate": ROUND,
    "themes:sync": ROUND,
    "participant:sync": NOBODY,
    "answer:submit": NOBODY,
    "proposal:sync": NOBODY,
    "proposal:create": NOBODY,
    "proposal:support": NOBODY,
    "proposal:comment": NOBODY,
    "open:submit": NOBODY,
    "choice:submit": NOBODY,
    "step:mine": NOBODY,
    "assistant:message": NOBODY,
    "assistant:prompt": NOBODY,
    "assistant:history": NOBODY,
}
INTERNAL_EVENTS = {"\x00malformed"}  # the catch-all of unreadable packets, not an event


def _registered_events() -> set[str]:
    return set(socketio.server.handlers["/"]) - INTERNAL_EVENTS


def test_every_route_has_a_decision(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ROUTES), "decide who may use the new route in ROUTES"


def test_every_event_has_a_decision():
    assert _registered_events() == set(EVENTS), "decide who may send the new event in EVENTS"


@pytest.fixture
def world(app, strategy_version, make_user):
    """A round owned by one facilitator with a co-host, and everything its URLs point at."""
    users = {
        "outsider": make_user("ulkopuolinen@example.org"),
        "owner": make_user("omistaja@example.org"),
        "cohost": make_user("toinen@example.org"),
        "council": make_user("neuvosto@example.org", role="council"),
        "admin": make_user("yllapito@example.org", role="admin"),
    }
    review_round = review_services.create_round(
        strategy_version, "Vuosiarviointi 2026", 2026, owner=users["owner"]
    )
    review_round.cohosts.append(users["cohost"])
    session = review_services.create_session(review_round, "Oulu", "Kaupungintalo")
    review_services.set_session_status(session, "open")
    db.session.commit()
    open_kind(session, StepKind.PROPOSALS)
    participant = participation.join_session(session, review_round.groups[0].key, locale="fi")
    proposal, _ = proposal_services.create_proposal(
        review_round,
        ProposalInput(kind="add_challenge", target_ref="focus_area/energia", text="Vety"),
        participant=participant,
    )
    comment = proposal_services.add_comment(proposal, "Hyvä", participant=participant)
    recommendation = recommendation_services.create_recommendation(
        strategy_version.strategy,
        recommendation_services.RecommendationInput(
            2025, "Suositus", "Maaraportti 2025", focus_area_keys=("energia",)
        ),
    )
    organisation = convening_services.create_organisation(
        convening_services.OrganisationInput("Oulu Health", "klusterit", "oulu")
    )
    contact = convening_services.add_contact(
        organisation, convening_services.ContactInput("Aino", "aino@example.org")
    )
    db.session.commit()
    clients = {"anonymous": app.test_client()}
    for name, user in users.items():
        clients[name] = app.test_client()
        response = clients[name].post(
            "/login", data={"email": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
    values = {
        "round_id": review_round.id,
        "session_id": session.id,
        "step_id": session.steps[0].id,
        "group_id": review_round.groups[0].id,
        "question_id": review_round.questions[0].id,
        "proposal_id": proposal.id,
        "comment_id": comment.id,
        "recommendation_id": recommendation.id,
        "organisation_id": organisation.id,
        "contact_id": contact.id,
        "token_id": 999999,  # nobody's: each caller's revoke answers 404, refused only to none
        "participant_id": participant.id,
        # Not a co-host: removing them changes nothing for the callers that follow.
        "user_id": users["outsider"].id,
        "code": session.join_code,
        "key": strategy_version.indicators[0].key,
        "year": 2020,
        "filename": "css/app.css",
        "token": "x" * 43,  # no invitation's: the contact's pages answer 404, never a refusal
    }
    return {"clients": clients, "values": values, "session": session, "proposal": proposal}


def _first_option(rule, name):
    """A value for a converter that takes a fixed list (``any(csv, json)``)."""
    converter = rule._converters[name]
    items = getattr(converter, "items", None)
    return sorted(items)[0] if items else None


def _requests(app, values):
    """(endpoint, method, url) for every rule and method, logout last (it ends the login)."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            arguments = {
                name: values.get(name) or _first_option(rule, name) for name in rule.arguments
            }
            if rule.endpoint == "i18n.switch_language":
                arguments["code"] = "fi"
            url = url_for(rule.endpoint, **arguments)
            for method in sorted(rule.methods & {"GET", "POST"}):
                found.append((rule.endpoint, method, url))
    return sorted(found, key=lambda item: item[0] == "auth.logout")


def _denied(response) -> bool:
    if response.status_code in (401, 403):  # the API answers 401, never a redirect
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and location.startswith("/login")


def test_each_caller_may_use_exactly_the_routes_of_its_role(app, world):
    outcomes = {}
    for endpoint, method, url in _requests(app, world["values"]):
        for caller in CALLERS:
            client = world["clients"][caller]
            response = client.open(url, method=method, data={})
            allowed = not _denied(response)
            expected = caller in ROUTES[endpoint]
            if endpoint in ("auth.login", "auth.logout"):
                # Their answers are the login page or a way to it, for anyone: never a refusal.
                allowed = response.status_code in (200, 302, 400)
            outcomes[(endpoint, method, caller)] = (allowed, expected, response.status_code)
    wrong = {key: value for key, value in outcomes.items() if value[0] != value[1]}
    assert wrong == {}
    assert len(outcomes) == len(CALLERS) * 154  # 154 route-methods: the size in docs/security.md


def _payload(event, world):
    session, proposal = world["session"], world["proposal"]
    step = {"session_id": session.id, "step_id": session.steps[0].id}
    return {
        "staff:watch": {"session_id": session.id},
        "step:open": step,
        "step:close": step,
        "step:reveal": {**step, "visible": True},
        "step:results_mode": {**step, "mode": "live"},
        "timer:start": {**step, "seconds": 60},
        "timer:stop": step,
        "proposal:list": {"session_id": session.id},
        "proposal:moderate": {
            "session_id": session.id,
            "proposal_id": proposal.id,
            "action": "approve",
        },
        # A scoring step has no such results: the round's staff get wrong_step_kind, the
        # others unauthorized, which is all this matrix asks.
        "step:results": step,
        "open:moderate": {**step, "answer_id": 1, "action": "approve"},
        "themes:sync": {"session_id": session.id},
    }.get(event, {})


def _fresh_login():
    """Tests share one app context, so ``g`` outlives a request; in the server each event has
    its own. Forget the account the previous caller's event loaded."""
    g.pop("_login_user", None)


def test_each_caller_may_send_exactly_the_events_of_its_role(app, world):
    outcomes = {}
    for caller in CALLERS:
        _fresh_login()
        socket = socketio.test_client(app, flask_test_client=world["clients"][caller])
        outcomes[("connect", caller)] = (socket.is_connected(), caller in EVENTS["connect"], None)
        if not socket.is_connected():
            for event in set(EVENTS) - {"connect"}:
                outcomes[(event, caller)] = (False, caller in EVENTS[event], "not connected")
            continue
        for event in sorted(set(EVENTS) - {"connect"}):
            _fresh_login()
            ack = socket.emit(event, _payload(event, world), callback=True)
            allowed = not (isinstance(ack, dict) and ack.get("error") == "unauthorized")
            outcomes[(event, caller)] = (allowed, caller in EVENTS[event], ack)
        socket.disconnect()
    wrong = {key: value for key, value in outcomes.items() if value[0] != value[1]}
    assert wrong == {}
    assert len(outcomes) == len(CALLERS) * len(EVENTS)


def test_a_socket_of_a_session_ended_by_logout_is_refused_at_its_next_event(app, world):
    client = world["clients"]["owner"]
    socket = socketio.test_client(app, flask_test_client=client)
    watch = {"session_id": world["session"].id}
    assert socket.emit("staff:watch", watch, callback=True)["ok"] is True
    client.post("/logout")
    _fresh_login()
    assert socket.emit("staff:watch", watch, callback=True)["error"] == "unauthorized"
    socket.disconnect()

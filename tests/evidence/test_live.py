"""The workshop's evidence step: fragments for the participant (in their language) and the
projector, and who may fetch them."""

import pytest

from workshop.evidence import demo, services
from workshop.extensions import db
from workshop.review import participation


@pytest.fixture
def evidence(strategy):
    demo.create_demo_evidence(strategy)
    db.session.commit()


def join(app, client, participant):
    """Give ``client`` the participant's cookie, as joining in the browser does."""
    token = participation.make_token(app.config["SECRET_KEY"], participant)
    client.set_cookie(f"wp_round_{participant.session.round_id}", token)


def test_participant_sees_indicators_and_funding_in_their_language(
    app, client, open_session, make_participant, evidence
):
    participant = make_participant(locale="en")
    join(app, client, participant)
    response = client.get(f"/s/{open_session.join_code}/evidence")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in page  # a fragment
    assert "Number of companies" in page
    assert "Not on track" in page
    assert "Digital services and products" in page
    assert page.count('role="img"') == 7


def test_participant_in_finnish(app, client, open_session, participant, evidence):
    join(app, client, participant)
    page = client.get(f"/s/{open_session.join_code}/evidence").get_data(as_text=True)
    assert "Yrityskanta" in page
    assert "Tavoitteen mukainen" in page
    assert "Digitaaliset palvelut ja tuotteet" in page


def test_fragment_needs_a_participant_of_the_session(client, open_session, evidence):
    assert client.get(f"/s/{open_session.join_code}/evidence").status_code == 403
    assert client.get("/s/XXXXXX/evidence").status_code == 404


def test_projector_fragment_is_for_staff(client, logged_in_client, open_session, evidence):
    url = f"/review/sessions/{open_session.id}/evidence"
    page = logged_in_client.get(url).get_data(as_text=True)
    assert "evidence-step--projector" in page
    assert "Yrityskanta" in page


def test_projector_fragment_refuses_anonymous(app, open_session):
    response = app.test_client().get(f"/review/sessions/{open_session.id}/evidence")
    assert response.status_code == 302


def test_fragment_without_data_says_so(app, client, open_session, participant):
    join(app, client, participant)
    page = client.get(f"/s/{open_session.join_code}/evidence").get_data(as_text=True)
    assert "Ei tietoa" in page
    assert "Rahoitettuja hankkeita ei ole vielä." in page


def test_fragment_shows_a_changed_value_at_once(app, client, open_session, participant, evidence):
    join(app, client, participant)
    url = f"/s/{open_session.join_code}/evidence"
    assert "24\u00a0120" in client.get(url).get_data(as_text=True)
    services.set_indicator_value(
        open_session.review_round.strategy_version.strategy, "yrityskanta", 2025, 25000
    )
    db.session.commit()
    assert "25\u00a0000" in client.get(url).get_data(as_text=True)
    services.delete_indicator_value(
        open_session.review_round.strategy_version.strategy, "yrityskanta", 2025
    )
    db.session.commit()
    assert "25\u00a0000" not in client.get(url).get_data(as_text=True)

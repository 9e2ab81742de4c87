"""A session planned for 09:00 shows 09:00 everywhere a person reads it, winter and summer."""

import io
from datetime import UTC, datetime

import pytest
from docx import Document

from tests.proposals.conftest import open_kind
from workshop.extensions import db
from workshop.proposals import export as proposals_export
from workshop.proposals import services as proposal_services
from workshop.report.services import report_docx
from workshop.review import participation, services
from workshop.review.models import StepKind

CASES = [
    ("2027-01-14T09:00", datetime(2027, 1, 14, 7, 0, tzinfo=UTC), "14.1.2027 9.00"),
    ("2026-07-14T09:00", datetime(2026, 7, 14, 6, 0, tzinfo=UTC), "14.7.2026 9.00"),
]


def _add_session(client, review_round, typed):
    return client.post(
        f"/review/rounds/{review_round.id}/sessions",
        data={"session-title": "Raahe", "session-location": "Raahe", "session-starts_at": typed},
    )


@pytest.mark.parametrize(("typed", "stored", "shown"), CASES)
def test_the_time_typed_is_the_time_shown_on_the_pages(
    logged_in_client, review_round, typed, stored, shown
):
    assert _add_session(logged_in_client, review_round, typed).status_code == 302
    session = review_round.sessions[0]
    assert session.starts_at == stored
    round_page = logged_in_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    assert shown in round_page
    session_page = logged_in_client.get(f"/review/sessions/{session.id}").get_data(as_text=True)
    assert f'value="{typed}"' in session_page


@pytest.mark.parametrize(("typed", "stored", "shown"), CASES)
def test_saving_the_session_form_unchanged_keeps_the_time(
    logged_in_client, review_round, typed, stored, shown
):
    _add_session(logged_in_client, review_round, typed)
    session = review_round.sessions[0]
    logged_in_client.post(
        f"/review/sessions/{session.id}",
        data={"title": "Raahe", "location": "Raahe", "starts_at": typed},
    )
    db.session.expire_all()
    assert session.starts_at == stored


@pytest.mark.parametrize(("typed", "stored", "shown"), CASES)
def test_the_word_draft_shows_the_time_typed(
    app, logged_in_client, review_round, typed, stored, shown
):
    _add_session(logged_in_client, review_round, typed)
    services.set_session_status(review_round.sessions[0], "open")  # a draft was not held
    db.session.commit()
    with app.test_request_context():
        document = Document(io.BytesIO(report_docx(review_round, "fi")))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert shown in cells


def test_an_hour_that_does_not_exist_is_refused_and_what_was_typed_stays(
    logged_in_client, review_round
):
    response = _add_session(logged_in_client, review_round, "2026-03-29T03:30")
    assert response.status_code == 400
    assert review_round.sessions == []
    page = response.get_data(as_text=True)
    assert "kellot siirtyvät" in page
    assert 'value="Raahe"' in page and 'value="2026-03-29T03:30"' in page


def test_a_mistyped_time_says_what_to_type(logged_in_client, review_round):
    response = _add_session(logged_in_client, review_round, "huomenna yhdeksältä")
    assert response.status_code == 400
    assert review_round.sessions == []
    page = response.get_data(as_text=True)
    assert "Alkaa: Anna päivämäärä ja kellonaika" in page


def test_proposal_csv_shows_local_times_and_json_keeps_utc(app, review_round, open_session):
    group = review_round.groups[0]
    open_kind(open_session, StepKind.PROPOSALS)  # proposals follow the open step
    participant = participation.join_session(open_session, group.key)
    area = review_round.strategy_version.focus_areas[0]
    proposal, _repeat = proposal_services.create_proposal(
        review_round,
        proposal_services.ProposalInput(
            kind="free", target_ref=f"focus_area/{area.key}", text="Lisää yhteistyötä"
        ),
        participant=participant,
    )
    proposal_services.decide(proposal, "accepted", "Hyvä", None)
    proposal.decision.decided_at = datetime(2026, 7, 14, 6, 5, tzinfo=UTC)
    db.session.commit()
    # The council's decision time (a proposal's own time is not exported: docs/security.md).
    csv_text = proposals_export.proposals_csv(review_round)
    assert "2026-07-14 09:05" in csv_text
    assert '"decided_at": "2026-07-14T06:05:00Z"' in proposals_export.proposals_json(review_round)

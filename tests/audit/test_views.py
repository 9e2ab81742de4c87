"""The admin's audit log page: newest first, filtered by action, paginated, exported as CSV."""

import csv
import io

import pytest

from tests.conftest import TEST_PASSWORD
from workshop.audit import services
from workshop.audit.models import AuditEvent
from workshop.extensions import db


@pytest.fixture
def admin_client(app, make_user):
    admin = make_user("yllapito@example.org", role="admin")
    http = app.test_client()
    assert (
        http.post("/login", data={"email": admin.email, "password": TEST_PASSWORD}).status_code
        == 302
    )
    http.admin = admin
    return http


def test_the_page_lists_events_newest_first_with_their_actor(admin_client, facilitator):
    services.record("round.publish", actor=facilitator, subject="round:7", version=3)
    services.record("user.reset", actor=admin_client.admin, subject=f"user:{facilitator.id}")
    db.session.commit()
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    rows = page.split("<tbody>")[1]
    assert rows.index(">user.reset<") < rows.index(">round.publish<") < rows.index(">login<")
    assert "round:7" in page and "version: 3" in page and facilitator.email in page
    assert "Tapahtumaloki" in page


def test_the_page_filters_by_action(admin_client, facilitator):
    services.record("round.publish", actor=facilitator, subject="round:7")
    services.record("user.reset", actor=facilitator, subject="user:9")
    db.session.commit()
    page = admin_client.get("/admin/audit?action=user.reset").get_data(as_text=True)
    assert "user:9" in page and "round:7" not in page
    assert '<option value="user.reset" selected>' in page


def test_the_page_is_paginated(admin_client):
    for number in range(services.PAGE_SIZE + 5):
        services.record("session.closed", subject=f"session:{number}")
    db.session.commit()
    first = admin_client.get("/admin/audit?action=session.closed").get_data(as_text=True)
    second = admin_client.get("/admin/audit?action=session.closed&page=2").get_data(as_text=True)
    assert first.count('<th scope="row">session.closed</th>') == services.PAGE_SIZE
    assert second.count('<th scope="row">session.closed</th>') == 5
    assert 'rel="next"' in first and 'rel="next"' not in second and 'rel="prev"' in second
    assert "session:0<" in second and "session:0<" not in first
    assert admin_client.get("/admin/audit?page=-3").status_code == 200


def test_the_export_is_csv_with_formulas_neutralised_and_is_itself_recorded(admin_client):
    services.record("login.failed", subject='=HYPERLINK("http://x")', reason="+1")
    db.session.commit()
    response = admin_client.get("/admin/audit.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment")
    text = response.get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    failed = next(row for row in rows if row["action"] == "login.failed")
    assert failed["subject"] == '\'=HYPERLINK("http://x")'
    assert failed["details"] == '{"reason": "+1"}'
    assert failed["at"].endswith("Z")
    logged = db.session.query(AuditEvent).filter_by(action="export.audit").one()
    assert logged.actor_id == admin_client.admin.id


def test_the_export_takes_the_filter(admin_client, facilitator):
    services.record("round.publish", actor=facilitator, subject="round:7")
    db.session.commit()
    text = admin_client.get("/admin/audit.csv?action=round.publish").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [row["action"] for row in rows] == ["round.publish"]
    assert rows[0]["actor"] == facilitator.email


def test_the_page_speaks_english(admin_client):
    admin_client.get("/language/en")
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Audit log" in page and "Download as CSV" in page


def test_a_huge_page_number_is_the_last_page_not_an_error(admin_client):
    response = admin_client.get("/admin/audit?page=99999999999999999999")
    assert response.status_code == 200

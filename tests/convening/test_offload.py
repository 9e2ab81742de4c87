"""The register's import runs in the server's worker processes like the evidence imports:
its summary and its problems come back from the worker whole."""

import pytest

from tests.convening.conftest import register_rows, workbook
from workshop import offload
from workshop.audit.models import AuditEvent
from workshop.convening.models import Contact
from workshop.extensions import db


@pytest.fixture(scope="module")
def worker_pool(app):
    app.config["OFFLOAD"] = "process"
    offload.start(app)
    app.config["OFFLOAD"] = "inline"
    yield
    offload.shutdown()


@pytest.fixture
def worker_processes(app, worker_pool, monkeypatch):
    monkeypatch.setitem(app.config, "OFFLOAD", "process")


def test_an_import_in_a_worker_commits_its_contacts_with_the_actor(
    facilitator, worker_processes, register_workbook
):
    outcome, summary = offload.run(
        "workshop.convening.services:import_file", register_workbook, "r.xlsx", facilitator.id
    )
    assert outcome == "imported" and summary.contacts.created == 200
    db.session.expire_all()
    assert db.session.query(Contact).count() == 200
    event = db.session.query(AuditEvent).filter_by(action="register.import").one()
    assert event.actor_id == facilitator.id


def test_a_bad_file_in_a_worker_reports_its_problems(facilitator, worker_processes):
    rows = register_rows(contacts=3, organisations=1)
    rows[1] = (*rows[1][:4], "x", *rows[1][5:])
    outcome, problems = offload.run(
        "workshop.convening.services:import_file", workbook(rows), "r.xlsx", facilitator.id
    )
    assert outcome == "problems"
    assert [(p.line, p.code) for p in problems] == [(3, "not_an_email")]
    assert db.session.query(Contact).count() == 0

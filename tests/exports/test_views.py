"""The download route: formats, language, who may download, the audit record, and the work
done in a worker process (workshop/offload.py)."""

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.conftest import TEST_PASSWORD
from workshop import offload
from workshop.audit.models import AuditEvent
from workshop.exports.services import results_file
from workshop.extensions import db


@pytest.fixture
def staff_client(app, scored_round, make_user):
    """A facilitator logged in who owns the scored round."""
    owner = make_user("omistaja@example.org")
    scored_round.owner = owner
    db.session.commit()
    client = app.test_client()
    response = client.post("/login", data={"email": owner.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def url(review_round, extension, **query):
    suffix = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/review/rounds/{review_round.id}/results.{extension}" + (
        f"?{suffix}" if suffix else ""
    )


def sheet_values(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [row for row in sheet.iter_rows(values_only=True) if row[0] != "Viety"]
        for sheet in book.worksheets
    }


def test_each_format_downloads_as_its_file(staff_client, scored_round):
    for extension, mimetype in (
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("zip", "application/zip"),
        ("json", "application/json"),
    ):
        response = staff_client.get(url(scored_round, extension, lang="fi"))
        assert response.status_code == 200, extension
        assert response.mimetype == mimetype
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="tulokset-2026-{scored_round.id}-fi.{extension}"'
        )
        assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(staff_client.get(url(scored_round, "zip")).data))
    assert "04-reasons.csv" in archive.namelist()


def test_the_labels_are_finnish_by_default(staff_client, scored_round):
    assert json.loads(staff_client.get(url(scored_round, "json")).data)["language"] == "fi"


def test_the_labels_follow_the_requesters_language_unless_asked(staff_client, scored_round):
    staff_client.get("/language/en")
    english = json.loads(staff_client.get(url(scored_round, "json")).data)
    assert english["language"] == "en" and english["tables"][0]["title"] == "About"
    asked = json.loads(staff_client.get(url(scored_round, "json", lang="fi")).data)
    assert asked["tables"][0]["title"] == "Tietoja"


def test_an_unknown_language_or_format_is_refused(staff_client, scored_round):
    assert staff_client.get(url(scored_round, "xlsx", lang="sv")).status_code == 400
    assert staff_client.get(url(scored_round, "csv")).status_code == 404
    assert (
        staff_client.get(f"/review/rounds/{scored_round.id + 99}/results.xlsx").status_code == 404
    )


def test_a_facilitator_of_another_round_may_not_download(app, scored_round, make_user):
    outsider = make_user("ulkopuolinen@example.org")
    scored_round.owner = make_user("omistaja@example.org")
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": outsider.email, "password": TEST_PASSWORD})
    assert client.get(url(scored_round, "xlsx")).status_code == 403
    anonymous = app.test_client().get(url(scored_round, "xlsx"))
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_a_download_is_in_the_audit_log(staff_client, scored_round):
    staff_client.get(url(scored_round, "json", lang="en"))
    entry = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "export.results")
    ).one()
    assert entry.subject == f"round:{scored_round.id}"
    assert entry.details == {"extension": "json", "lang": "en"}


def test_the_round_page_links_the_downloads(staff_client, scored_round):
    page = staff_client.get(f"/review/rounds/{scored_round.id}").get_data(as_text=True)
    for extension in ("xlsx", "zip", "json"):
        assert f'href="/review/rounds/{scored_round.id}/results.{extension}"' in page
    assert "Lataa tulokset (Excel)" in page


@pytest.fixture(scope="module")
def worker_pool(app):
    """Real worker processes, as under `workshop run`."""
    app.config["OFFLOAD"] = "process"
    offload.start(app)
    app.config["OFFLOAD"] = "inline"
    yield
    offload.shutdown()


def test_the_download_is_made_in_a_worker_process(
    app, staff_client, scored_round, worker_pool, monkeypatch
):
    """Under a server the workbook is written in a worker process, with its own database
    connection, and is the same workbook as one written here."""
    db.session.commit()
    monkeypatch.setitem(app.config, "OFFLOAD", "process")
    response = staff_client.get(url(scored_round, "xlsx", lang="fi"))
    assert response.status_code == 200
    monkeypatch.setitem(app.config, "OFFLOAD", "inline")
    assert sheet_values(response.data) == sheet_values(results_file(scored_round, "xlsx", "fi"))

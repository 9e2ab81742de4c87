"""Downloading the update draft from the round page, and `workshop export docx`."""

import io

from docx import Document

from workshop.report.views import DOCX_MIMETYPE


def test_facilitator_downloads_the_draft_in_finnish_by_default(logged_in_client, review_round):
    response = logged_in_client.get(f"/review/rounds/{review_round.id}/report.docx")
    assert response.status_code == 200
    assert response.mimetype == DOCX_MIMETYPE
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"-{review_round.id}-fi.docx" in disposition
    headings = [p.text for p in Document(io.BytesIO(response.data)).paragraphs]
    assert "Arviointiprosessi" in headings


def test_english_draft_on_request(logged_in_client, review_round):
    response = logged_in_client.get(f"/review/rounds/{review_round.id}/report.docx?lang=en")
    assert response.status_code == 200
    headings = [p.text for p in Document(io.BytesIO(response.data)).paragraphs]
    assert "The review process" in headings


def test_unknown_language_is_a_bad_request(logged_in_client, review_round):
    response = logged_in_client.get(f"/review/rounds/{review_round.id}/report.docx?lang=xx")
    assert response.status_code == 400


def test_unknown_round_is_not_found(logged_in_client, review_round):
    assert logged_in_client.get("/review/rounds/999999/report.docx").status_code == 404


def test_only_staff_may_download(client, review_round):
    response = client.get(f"/review/rounds/{review_round.id}/report.docx")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_round_page_links_to_both_languages(logged_in_client, review_round):
    page = logged_in_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    assert f"/review/rounds/{review_round.id}/report.docx?lang=fi" in page
    assert f"/review/rounds/{review_round.id}/report.docx?lang=en" in page
    assert "Strategian päivitysluonnos" in page


def test_export_docx_command_writes_the_draft(app, review_round, tmp_path):
    target = tmp_path / "luonnos.docx"
    result = app.test_cli_runner().invoke(
        args=["export", "docx", "latest", "-o", str(target), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "luonnos.docx" in result.output
    assert "The review process" in [p.text for p in Document(str(target)).paragraphs]


def test_export_docx_command_reports_an_unknown_round(app, review_round, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["export", "docx", "12345", "-o", str(tmp_path / "x.docx")]
    )
    assert result.exit_code != 0
    assert "12345" in result.output
    assert not (tmp_path / "x.docx").exists()

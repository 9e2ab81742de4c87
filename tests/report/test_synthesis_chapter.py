"""The draft's synthesis: a summary chapter at the start with the table and the council's
summary, and per focus area the assessment and the themes (counts by group, quotes) in place of
the list of reasons; the unedited draft says it is one."""
# ruff: noqa: F811  (the fixtures come from tests.review.conftest)

import pytest

from workshop.demo import create_demo
from workshop.extensions import db
from workshop.report.data import collect
from workshop.report.services import report_docx
from workshop.report.synthesis import synthesis_report
from workshop.strategy.services import ensure_strategy_loaded
from workshop.synthesis import services
from workshop.synthesis.records import ROUND_SUMMARY

DRAFT_NOTE = "neuvosto ei ole vielä muokannut sitä"


@pytest.fixture
def demo_round(app, make_user):
    ensure_strategy_loaded()
    review_round = create_demo(participants=40, seed=7)
    db.session.commit()
    return review_round


def _paragraphs(doc):
    return [(p.style.name, p.text) for p in doc.document.paragraphs]


def test_the_summary_chapter_comes_first_with_the_table_and_the_marked_draft(demo_round, read_docx):
    doc = read_docx(report_docx(demo_round, "fi"))
    assert doc.headings(1)[:2] == ["Yhteenveto", "Arviointiprosessi"]
    table = next(t for t in doc.document.tables if t.rows[0].cells[0].text == "Painopistealat")
    areas = demo_round.strategy_version.focus_areas
    assert [row.cells[0].text for row in table.rows[1:]] == [a.title for a in areas]
    header = [cell.text for cell in table.rows[0].cells]
    assert header[1:3] == ["K1", "K2"]  # the questions, named in the caption
    assert header[-3:] == ["Tekstit", "Keskeiset teemat", "Ehdotuksia hyväksytty"]
    text = doc.all_text()
    assert text.count(DRAFT_NOTE) == len(areas) + 1  # the summary and every assessment


def test_each_focus_area_has_its_assessment_and_themes_instead_of_the_reasons(
    demo_round, read_docx
):
    doc = read_docx(report_docx(demo_round, "fi"))
    paragraphs = _paragraphs(doc)
    assert not any(text == "Annetut perustelut" for _style, text in paragraphs)
    areas = demo_round.strategy_version.focus_areas
    h4 = doc.headings(4)
    assert h4.count("Arvio") == len(areas)
    assert h4.count("Teemat sidosryhmien teksteissä") == len(areas)
    quotes = [text for style, text in paragraphs if style == "Quote"]
    assert len(quotes) >= len(areas) * 2
    assert "Meikäläinen" not in doc.all_text()


def test_a_saved_assessment_and_summary_replace_the_drafts_with_their_author(
    demo_round, read_docx, make_user
):
    council = make_user("neuvosto@example.org", role="council", name="Neuvoston Jäsen")
    area = demo_round.strategy_version.focus_areas[0]
    services.save_text(demo_round, area.key, "Neuvoston oma arvio.", draft="", actor=council)
    services.save_text(demo_round, ROUND_SUMMARY, "Neuvoston yhteenveto.", draft="", actor=council)
    db.session.commit()
    doc = read_docx(report_docx(demo_round, "fi"))
    text = doc.all_text()
    assert "Neuvoston oma arvio." in text and "Neuvoston yhteenveto." in text
    assert text.count(DRAFT_NOTE) == len(demo_round.strategy_version.focus_areas) - 1
    assert "Kirjoittanut Neuvoston Jäsen" in text
    # The summary is under its heading, before the review process.
    paragraphs = [p for _s, p in _paragraphs(doc)]
    assert paragraphs.index("Neuvoston yhteenveto.") < paragraphs.index("Arviointiprosessi")


def test_the_english_draft_has_the_chapter_in_english(demo_round, read_docx):
    doc = read_docx(report_docx(demo_round, "en"))
    assert doc.headings(1)[0] == "Summary"
    assert "not yet edited by the council" in doc.all_text()


def test_small_groups_are_counted_only_as_other_groups_beside_themes(demo_round, app, monkeypatch):
    report = synthesis_report(demo_round, "fi")
    names = {group.tr("name", "fi") for group in demo_round.groups}
    for area in report.areas.values():
        for theme in area.themes:
            assert {name for name, _n in theme.counts} <= names | {"Muut ryhmät"}
    monkeypatch.setitem(app.config, "MIN_GROUP_SIZE", 1000)  # no group may be shown alone
    strict = synthesis_report(demo_round, "fi")
    assert all(not t.counts for area in strict.areas.values() for t in area.themes)


def test_without_synthesis_data_the_reasons_are_listed_as_before(scored_round, build):
    doc = build(collect(scored_round))
    assert "Yhteenveto" not in doc.headings(1)
    assert "Perustelu 0 alueelle digitaaliset-palvelut" in doc.all_text()

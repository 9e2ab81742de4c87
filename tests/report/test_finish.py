"""The finish of the draft, read from its XML: its own properties, DRAFT in every header,
contents linked to its headings, a true minus sign, tables with fixed widths that hold their
longest words and rows that do not split, headings and labels kept with what follows."""

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from docx import Document

from tests.report.conftest import COUNCIL, NS
from workshop.report.blocks import add_table
from workshop.report.finish import (
    CELL_PADDING_TWIPS,
    finish_tables,
    fit_widths,
    minimum_widths,
    word_width_twips,
)
from workshop.report.labels import format_score, format_value

W = NS["w"]
LONGEST_AREA = "Kansainvälisesti kilpailukykyinen ja kiinnostava sijoittumisympäristö"


def test_properties_are_the_drafts_not_the_templates(report_data, build):
    doc = build(report_data)
    properties = doc.document.core_properties
    assert properties.title == f"Strategian päivitysluonnos: {report_data.round.strategy_name}"
    assert properties.author == properties.last_modified_by == COUNCIL
    assert properties.language == "fi-FI"
    now = datetime.now(UTC).replace(tzinfo=None)
    created = properties.created.replace(tzinfo=None)
    assert now - timedelta(minutes=5) < created <= now + timedelta(seconds=1)
    assert properties.modified == properties.created
    every_property = doc.parts["docProps/core.xml"] + doc.parts["docProps/app.xml"]
    for leftover in (b"python-docx", b"2013-", b"Microsoft Macintosh Word", b"Normal.dotm"):
        assert leftover not in every_property
    assert b"<Application>Strategiapaja</Application>" in doc.parts["docProps/app.xml"]
    english = build(replace(report_data, locale="en"))
    assert english.document.core_properties.language == "en-GB"


def test_every_header_of_every_section_says_draft(report_data, build):
    doc = build(report_data)
    for section in doc.document.sections:
        assert section.different_first_page_header_footer
        for header in (section.header, section.first_page_header):
            assert not header.is_linked_to_previous
            assert header.paragraphs[0].text == "LUONNOS"


def test_the_contents_link_each_entry_to_its_heading(report_data, build):
    doc = build(report_data)
    bookmarks = {
        start.get(f"{{{W}}}name"): start.getparent()
        for start in doc.body.iter(f"{{{W}}}bookmarkStart")
    }
    entries = [
        p
        for p in doc.document.paragraphs
        if "PAGEREF" in "".join(p._p.xpath(".//w:instrText/text()"))
    ]
    assert [p.text.strip() for p in entries[:2]] == [
        "Arviointiprosessi",
        "Tulokset painopisteittäin",
    ]
    # Seven chapters, and each theme of the results chapter.
    assert len(entries) == 7 + len(report_data.base_version_data["themes"])
    for entry in entries:
        name = entry._p.xpath(".//w:instrText/text()")[0].split()[1]
        heading = bookmarks[name]
        assert "".join(heading.xpath(".//w:t/text()", namespaces=NS)) == entry.text.strip()
    # Word updates the fields when the file opens.
    assert b"<w:updateFields" in doc.parts["word/settings.xml"]


def test_numbers_have_a_true_minus_sign_in_both_languages():
    assert format_value(-1234.5, "fi") == "\u22121\xa0234,5"
    assert format_value(-1234.5, "en") == "\u22121,234.5"
    assert format_score(-0.3, "fi", signed=True) == "\u22120,30"
    assert format_score(0.3, "en", signed=True) == "+0.30"


def test_no_number_in_the_draft_has_a_hyphen_for_a_minus(report_data, build):
    negative = {
        key: {**item, "change": -0.42, "previous_mean": 3.5}
        for key, item in report_data.results.items()
    }
    doc = build(replace(report_data, results=negative))
    text = doc.all_text()
    assert "muutos \u22120,42" in text
    assert not re.search(r"(?<![\w\d])-\d", text)


def test_every_table_has_fixed_widths_that_hold_its_longest_words(report_data, build):
    doc = build(report_data)
    tables = doc.body.findall(f".//{{{W}}}tbl")
    assert len(tables) > 10
    for tbl in tables:
        layout = tbl.find(f"{{{W}}}tblPr/{{{W}}}tblLayout")
        assert layout is not None and layout.get(f"{{{W}}}type") == "fixed"
        grid = [int(col.get(f"{{{W}}}w")) for col in tbl.iter(f"{{{W}}}gridCol")]
        assert sum(grid) <= 16 * 567 + 1
        assert all(
            width >= need for width, need in zip(grid, minimum_widths(tbl, len(grid)), strict=True)
        )
        for row in tbl.findall(f"{{{W}}}tr"):
            assert row.find(f"{{{W}}}trPr/{{{W}}}cantSplit") is not None
            widths = [int(w) for w in row.xpath("./w:tc/w:tcPr/w:tcW/@w:w", namespaces=NS)]
            assert widths == grid


def test_a_narrow_column_takes_room_from_the_others_for_the_longest_area_name():
    document = Document()
    rows = [[LONGEST_AREA, "3", "1 386 550 €", "1 911 295 €", "3 297 845 €"]]
    add_table(
        document,
        ["Painopisteala", "Hankkeet", "EU", "Kansallinen", "Yhteensä"],
        rows,
        [2, 3.5, 3.5, 3.5, 3.5],
        font_pt=10,
    )
    finish_tables(document)
    grid = [int(c.get(f"{{{W}}}w")) for c in document.element.body.iter(f"{{{W}}}gridCol")]
    need = word_width_twips("sijoittumisympäristö", 10, False) + CELL_PADDING_TWIPS
    assert grid[0] >= need > 2 * 567
    assert sum(grid) <= round(16 * 567)
    # The room came from the others, each still as wide as its header.
    assert grid[3] >= word_width_twips("Kansallinen", 10, True) + CELL_PADDING_TWIPS


def test_fitting_keeps_wanted_widths_when_the_words_fit():
    assert fit_widths([100, 300], [50, 50], 400) == [100, 300]
    assert fit_widths([100, 300], [200, 50], 400) == [200, 200]
    # Words that cannot all fit share the width by their needs.
    assert fit_widths([100, 100], [300, 100], 200) == [150, 50]


def test_labels_before_lists_and_tables_stay_with_them(report_data, build):
    doc = build(report_data)
    paragraphs = doc.document.paragraphs
    labels = [p for p in paragraphs if p.text == "Annetut perustelut"]
    assert labels and all(p.paragraph_format.keep_with_next for p in labels)
    for level in range(1, 5):
        assert doc.document.styles[f"Heading {level}"].paragraph_format.keep_with_next
    colon = [p for p in paragraphs if p.text.endswith("(miljoonaa euroa):")]
    assert all(p.paragraph_format.keep_with_next for p in colon)

"""The structure of the update draft: front matter, headings, tables, charts, tracked changes
and comments matching the accepted decisions."""

import io
from dataclasses import replace

import pytest
from PIL import Image

from tests.report.conftest import ADDED, COUNCIL, NEW_TARGET, NS, REWORDED, edited_draft, refs
from workshop.report.data import collect
from workshop.strategy.diff import diff_versions

W_DATE = "2026-11-20T12:00:00Z"


def test_title_page_contents_field_and_page_numbers(report_data, build):
    doc = build(report_data)
    title = [p.text for p in doc.document.paragraphs if p.style.name == "Title"]
    assert title == [report_data.round.strategy_name]
    assert "LUONNOS" in doc.all_text()
    assert "Vuosiarviointi 2026" in doc.all_text()
    instructions = doc.body.xpath("//w:instrText/text()", namespaces=NS)
    # Every entry of the contents ends in a PAGEREF field to its heading's bookmark.
    references = [text.split()[1] for text in instructions if text.strip().startswith("PAGEREF")]
    bookmarks = doc.body.xpath("//w:bookmarkStart/@w:name", namespaces=NS)
    assert references and set(references) <= set(bookmarks)
    assert b"updateFields" in doc.parts["word/settings.xml"]
    footers = b"".join(body for name, body in doc.parts.items() if "footer" in name)
    assert b" PAGE " in footers


def test_headings_for_every_theme_and_focus_area(report_data, build):
    doc = build(report_data)
    base = report_data.base_version_data
    assert doc.headings(1) == [
        "Arviointiprosessi",
        "Tulokset painopisteittäin",
        "Seurantaindikaattorit",
        "Rakennerahastotilastot",
        "Suositukset ja toiminnan suunnittelu",
        "Päivitetty strategia",
        "Liite: ehdotukset ja päätökset",
    ]
    themes = [theme["title"] for theme in base["themes"]]
    areas = [area["title"] for theme in base["themes"] for area in theme["focus_areas"]]
    # Once among the results, once in the updated strategy.
    assert all(doc.headings(2).count(title) == 2 for title in themes)
    assert all(doc.headings(3).count(title) == 2 for title in areas)
    questions = [question.text for question in report_data.questions]
    assert doc.headings(4).count(questions[0]) == len(areas)


@pytest.mark.usefixtures("every_group_shown")
def test_every_question_of_every_focus_area_has_a_chart_and_a_group_table(report_data, build):
    doc = build(report_data)
    areas = sum(len(theme["focus_areas"]) for theme in report_data.base_version_data["themes"])
    pictures = doc.body.xpath("//w:drawing//wp:docPr/@descr", namespaces={**NS, "wp": WP})
    assert len(pictures) == areas * len(report_data.questions)
    images = [name for name in doc.parts if name.startswith("word/media/")]
    assert images
    with Image.open(io.BytesIO(doc.parts[images[0]])) as image:
        assert image.format == "PNG"
    group_tables = [
        table
        for table in doc.document.tables
        if table.rows[0].cells[0].text == "Sidosryhmä" and len(table.columns) == 5
    ]
    assert len(group_tables) == areas * len(report_data.questions)
    first = [row.cells[0].text for row in group_tables[0].rows]
    # Municipalities only said "don't know": listed, with no scores.
    assert first == [
        "Sidosryhmä",
        "Klusterit",
        "Kunnat ja alueelliset edustajat",
        "Yritykset ja elinkeinoelämä",
        "Kaikki",
    ]
    assert group_tables[0].rows[-1].cells[1].text == "3"


@pytest.mark.usefixtures("every_group_shown")
def test_participation_counts_groups_and_names_no_one(report_data, build):
    doc = build(report_data)
    participation = next(t for t in doc.document.tables if t.rows[0].cells[0].text == "Sidosryhmä")
    counts = {row.cells[0].text: row.cells[1].text for row in participation.rows[1:]}
    assert counts["Klusterit"] == "2"
    assert counts["Kaikki"] == "4"
    assert "Meikäläinen" not in doc.all_text()


def test_reasons_and_proposals_appear_under_their_focus_area(report_data, build):
    doc = build(report_data)
    text = doc.all_text()
    assert "Perustelu 0 alueelle digitaaliset-palvelut" in text
    proposals = [t for t in doc.document.tables if t.rows[0].cells[1].text == "Ehdotus"]
    assert len(proposals) == 1
    assert [row.cells[0].text for row in proposals[0].rows[1:]] == ["1", "2", "3"]
    assert proposals[0].rows[1].cells[3].text == "Hyväksytty muutoksin"


def test_accepted_changes_are_tracked_insertions_and_deletions(report_data, build):
    doc = build(report_data)
    r = refs(report_data.base_version_data)
    inserted = " ".join(doc.texts("//w:ins"))
    deleted = " ".join(doc.texts("//w:del"))
    assert ADDED in inserted
    assert r["removed_text"] in deleted
    assert NEW_TARGET in inserted and r["old_target"] in deleted
    # A rewording tracks only the words that changed.
    assert REWORDED not in inserted
    assert "palveluissa ja " in doc.texts("//w:ins")
    assert "Hylätty ajatus" not in inserted
    for change in doc.body.xpath("//w:ins | //w:del", namespaces=NS):
        assert change.get(f"{{{NS['w']}}}author") == COUNCIL
        assert change.get(f"{{{NS['w']}}}date") == W_DATE
    # The added solution's paragraph mark is inserted and the removed one's deleted, so
    # accepting or rejecting takes the whole paragraph.
    assert doc.body.xpath("//w:pPr/w:rPr/w:ins", namespaces=NS)
    assert doc.body.xpath("//w:pPr/w:rPr/w:del", namespaces=NS)


def test_every_element_the_diff_finds_is_tracked_and_nothing_else(report_data, build):
    doc = build(report_data)
    diffs = diff_versions(report_data.base_version_data, report_data.draft_version_data)
    assert len(diffs) == 4
    # Each changed element's comment is anchored on its change; four comments, four changes.
    assert len(doc.comments.xpath("//w:comment", namespaces=NS)) == len(diffs)
    unchanged = replace(report_data, draft_version_data=report_data.base_version_data)
    plain = build(unchanged)
    assert plain.body.xpath("//w:ins | //w:del", namespaces=NS) == []
    assert plain.comments is None or not plain.comments.xpath("//w:comment", namespaces=NS)


def test_comments_carry_the_decisions_reasons(report_data, build):
    doc = build(report_data)
    comments = doc.comments.xpath("//w:comment", namespaces=NS)
    texts = ["".join(c.xpath(".//w:t/text()", namespaces=NS)) for c in comments]
    assert any("Tavoite on saavutettu." in text and "Ehdotus 2" in text for text in texts)
    assert any("Selkeämpi muotoilu." in text for text in texts)
    assert all(c.get(f"{{{NS['w']}}}author") == COUNCIL for c in comments)
    assert all(c.get(f"{{{NS['w']}}}date").startswith("2026-11-20T12:00:00") for c in comments)
    ids = {c.get(f"{{{NS['w']}}}id") for c in comments}
    assert set(doc.body.xpath("//w:commentReference/@w:id", namespaces=NS)) == ids
    # Changes within a paragraph have a range; added and removed paragraphs a point comment
    # in the paragraph before them (the removed solution and the added one here).
    ranged = set(doc.body.xpath("//w:commentRangeStart/@w:id", namespaces=NS))
    assert ranged == set(doc.body.xpath("//w:commentRangeEnd/@w:id", namespaces=NS))
    assert len(ranged) == 2 and ranged < ids
    # Nothing of a comment sits in a paragraph that comes or goes whole.
    whole = doc.body.xpath("//w:p[w:pPr/w:rPr/w:ins or w:pPr/w:rPr/w:del]", namespaces=NS)
    assert whole
    for paragraph in whole:
        assert not paragraph.xpath(".//w:commentReference | .//w:commentRangeStart", namespaces=NS)


def test_annex_lists_every_proposal_with_its_decision(report_data, build):
    doc = build(report_data)
    paragraphs = [p.text for p in doc.document.paragraphs]
    annex = paragraphs[paragraphs.index("Liite: ehdotukset ja päätökset") :]
    heads = [text for text in annex if text.startswith("Ehdotus ")]
    assert [head.split(" · ")[0] for head in heads] == [f"Ehdotus {n}" for n in (1, 2, 3, 4, 5)]
    assert heads[4] == "Ehdotus 5 · Vapaa ehdotus · Klusterit · puolesta 12, vastaan 3"
    decision = annex[annex.index(heads[4]) + 3]
    assert decision.startswith("Päätös: Hylätty (20. marraskuuta 2026).")
    assert "Päätöksen perustelu: Ei tarpeen." in decision
    assert "Muut ehdotukset" in doc.headings(2)


def test_indicator_table_shows_latest_values(scored_round, build):
    from workshop.report.data import IndicatorValue

    base = collect(scored_round).base_version_data
    key = base["indicators"][0]["key"]
    values = {
        key: [
            IndicatorValue(2022, 23000, "Tilastokeskus"),
            IndicatorValue(2023, 24000, "Tilastokeskus"),
            IndicatorValue(2024, 24500),
        ]
    }
    doc = build(collect(scored_round, indicator_values=values))
    table = next(t for t in doc.document.tables if t.rows[0].cells[-2].text == "Viimeisimmät arvot")
    # Finnish groups thousands with a no-break space; the latest value comes first, and a
    # source repeated over the years is named once.
    expected = "2024: 24 500\n2023: 24 000\n2022: 23 000\nLähde: Tilastokeskus"
    assert table.rows[1].cells[2].text.replace("\xa0", " ") == expected


def test_english_on_request(scored_round, build):
    doc = build(collect(scored_round, locale="en"))
    assert doc.headings(1)[0] == "The review process"
    assert "DRAFT" in doc.all_text()
    english_theme = scored_round.strategy_version.themes[0].tr("title", "en")
    assert english_theme in doc.headings(2)
    assert b'w:val="en-GB"' in doc.parts["word/styles.xml"]


WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def test_only_accepted_decisions_become_change_notes(report_data):
    from workshop.report.data import notes_from_proposals

    rows = [replace(row, outcome="rejected") for row in report_data.proposals[:2]]
    rows.append(report_data.proposals[2])
    notes = notes_from_proposals(rows, COUNCIL)
    assert list(notes) == [report_data.proposals[2].target_ref]
    assert notes[report_data.proposals[2].target_ref][0].reason == "Tekoäly on nostettu esiin."


def test_english_draft_shows_new_original_wording_where_the_translation_is_stale(
    report_data, build
):
    draft = report_data.draft_version_data
    area = next(
        a for t in draft["themes"] for a in t["focus_areas"] if a["key"] == "digitaaliset-palvelut"
    )
    solution = area["challenges"][0]["solutions"][0]
    assert solution["translations"].get("en", {}).get("text")  # unchanged English text
    doc = build(replace(report_data, locale="en"))
    inserted = doc.texts("//w:ins")
    # The English text is deleted and the council's new Finnish wording inserted.
    assert REWORDED in inserted
    assert solution["translations"]["en"]["text"] in doc.texts("//w:del")


def test_council_named_in_the_settings_authors_the_changes(app, scored_round, build):
    base = collect(scored_round).base_version_data
    app.config["REPORT_COUNCIL_NAME"] = "Lapin liitto"
    try:
        data = collect(scored_round, proposals=[], draft_version_data=edited_draft(base))
    finally:
        app.config["REPORT_COUNCIL_NAME"] = COUNCIL
    doc = build(data)
    authors = set(doc.body.xpath("//w:ins/@w:author | //w:del/@w:author", namespaces=NS))
    assert authors == {"Lapin liitto"}


def test_sessions_held_are_listed_and_one_still_in_preparation_is_not(scored_round):
    from workshop.extensions import db
    from workshop.review import services

    services.create_session(scored_round, "Raahe", "Raahen seudun kehittämisyhtiö")
    db.session.commit()
    sessions = collect(scored_round).sessions
    assert [(s.title, s.location, s.participants) for s in sessions] == [
        ("Oulu", "Oulun kaupungintalo", 4)
    ]

"""The indicators chapter (status and trend charts) and the structural-fund statistics chapter
of the update draft, from indicator values and funded projects stored by the evidence domain."""

import io
from datetime import UTC, date, datetime

import pytest
from PIL import Image

from tests.report.conftest import NS
from workshop.evidence import services
from workshop.evidence.demo import create_demo_evidence, example_file_bytes
from workshop.evidence.models import EvidenceImport, FundedProject, IndicatorValue
from workshop.extensions import db
from workshop.report import sources
from workshop.report.services import report_docx

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
EURO = 100  # cents
# PostgreSQL stores no NUL, so the control characters here are ones both databases keep.
HOSTILE = "Ohjelma B\x01\x07 <b>tuhma</b> \U0001f4a5"


def _indicator(review_round, numeric: bool):
    """The first indicator of the reviewed version with (or without) a numeric target."""
    return next(
        indicator
        for indicator in review_round.strategy_version.indicators
        if (indicator.target_value is not None and indicator.baseline_value is not None) == numeric
    )


def _table(doc, first_header: str):
    return next(t for t in doc.document.tables if t.rows[0].cells[0].text == first_header)


def _rows(table) -> list[list[str]]:
    return [[cell.text.replace("\xa0", " ") for cell in row.cells] for row in table.rows]


def _descriptions(doc) -> list[str]:
    return doc.body.xpath("//w:drawing//wp:docPr/@descr", namespaces={**NS, "wp": WP})


@pytest.fixture
def areas(review_round):
    """The first theme's first two focus areas."""
    theme = review_round.strategy_version.themes[0]
    return theme, theme.focus_areas[0], theme.focus_areas[1]


@pytest.fixture
def funded(review_round, areas):
    """Three projects: one for the first area, one shared by two, one naming no area."""
    _, first, second = areas
    strategy = review_round.strategy_version.strategy
    for code, name, keys, eu, national, start, programme in (
        ("P1", "Hanke yksi", [first.key], 200_000, 100_000, date(2023, 3, 1), "Ohjelma A"),
        (
            "P2",
            "Hanke\x1b kaksi",
            [first.key, second.key],
            2_000_000,
            1_000_000,
            date(2024, 1, 1),
            HOSTILE,
        ),
        ("P3", "Hanke kolme", [], 100_000, 0, None, "Ohjelma A"),
    ):
        db.session.add(
            FundedProject(
                strategy_id=strategy.id,
                code=code,
                name=name,
                organisation="Org <script>\x0b",
                programme=programme,
                eu_funding_cents=eu * EURO,
                national_funding_cents=national * EURO,
                total_cost_cents=(eu + national) * EURO,
                start_date=start,
                focus_area_keys=keys,
            )
        )
    db.session.commit()
    return review_round


def test_indicator_status_follows_the_evidence_rules(review_round):
    indicator = _indicator(review_round, numeric=True)
    strategy = review_round.strategy_version.strategy
    rising = indicator.target_value >= indicator.baseline_value
    # Well beyond the target in the baseline's next year: on track whichever way it points.
    beyond = indicator.target_value * (2 if rising else 0.5)
    db.session.add(
        IndicatorValue(
            strategy_id=strategy.id,
            indicator_key=indicator.key,
            year=indicator.baseline_year + 1,
            value=beyond,
        )
    )
    db.session.commit()

    status = sources.indicator_status(review_round)

    assert status[indicator.key] == "on_track"
    others = [i.key for i in review_round.strategy_version.indicators if i.key != indicator.key]
    assert {status[key] for key in others} == {"no_data"}


def test_indicator_table_has_status_and_every_indicator_with_values_a_trend_chart(
    review_round, read_docx
):
    numeric = _indicator(review_round, numeric=True)
    growth = _indicator(review_round, numeric=False)
    strategy = review_round.strategy_version.strategy
    start = growth.baseline_year or 2022
    below = numeric.baseline_value if numeric.target_value > numeric.baseline_value else 1e9
    for indicator, year, value in (
        (numeric, numeric.baseline_year + 1, below),
        (growth, start + 1, (growth.baseline_value or 0) + 10),
        (growth, start + 2, (growth.baseline_value or 0) + 12),
    ):
        db.session.add(
            IndicatorValue(
                strategy_id=strategy.id, indicator_key=indicator.key, year=year, value=value
            )
        )
    db.session.commit()

    doc = read_docx(report_docx(review_round))

    table = _rows(_table(doc, "Mittari"))
    assert table[0] == ["Mittari", "Lähtötaso ja tavoite", "Viimeisimmät arvot", "Tila"]
    status = {row[0]: row[-1].split("\n")[0] for row in table[1:]}
    assert status[numeric.name] == "Ei tavoitteen mukainen"
    assert status[growth.name] == "Tavoitteen mukainen"
    assert {status[i.name] for i in (review_round.strategy_version.indicators)} - {
        "Ei tavoitteen mukainen",
        "Tavoitteen mukainen",
    } == {"Ei tietoa"}
    trends = [text for text in _descriptions(doc) if text.startswith("Mittarin ")]
    assert len(trends) == 2
    numeric_trend = next(text for text in trends if numeric.name in text)
    assert "Lähtötaso" in numeric_trend and "Tavoite" in numeric_trend
    growth_trend = next(text for text in trends if growth.name in text)
    assert growth_trend.count(";") == 1 and f"{start + 2}: " in growth_trend
    captions = [p.text for p in doc.document.paragraphs if p.style.name == "Caption"]
    assert any(caption.endswith(f". {growth.name}") for caption in captions)


def test_funding_tables_by_focus_area_programme_and_year(funded, areas, read_docx):
    theme, first, second = areas

    doc = read_docx(report_docx(funded))

    assert "Rakennerahastotilastot" in doc.headings(1)
    assert [
        h
        for h in doc.headings(2)
        if h in ("Painopistealoittain", "Rahoitusohjelmittain", "Aloitusvuosittain")
    ] == ["Painopistealoittain", "Rahoitusohjelmittain", "Aloitusvuosittain"]
    by_area = _rows(_table(doc, "Teema ja painopisteala"))
    header = ["Hankkeet", "EU-rahoitus", "Kansallinen rahoitus", "Julkinen rahoitus"]
    assert by_area[0][1:] == header
    rows = {row[0].strip("\u2003"): row[1:] for row in by_area[1:]}
    assert rows[theme.title] == ["2", "2 200 000 €", "1 100 000 €", "3 300 000 €"]
    assert rows[first.title] == ["2", "1 200 000 €", "600 000 €", "1 800 000 €"]
    assert rows[second.title] == ["1", "1 000 000 €", "500 000 €", "1 500 000 €"]
    assert rows["Painopistealaa ei annettu"] == ["1", "100 000 €", "0 €", "100 000 €"]
    assert by_area[-1] == ["Yhteensä", "3", "2 300 000 €", "1 100 000 €", "3 400 000 €"]
    # Areas sit under their theme, indented.
    assert by_area[1][0] == theme.title and by_area[2][0] == "\u2003" + first.title

    programmes = _rows(_table(doc, "Ohjelma"))
    assert programmes[1] == ["Ohjelma B <b>tuhma</b> \U0001f4a5", "1", "2 000 000 €"] + [
        "1 000 000 €",
        "3 000 000 €",
    ]
    assert programmes[2] == ["Ohjelma A", "2", "300 000 €", "100 000 €", "400 000 €"]
    years = _rows(_table(doc, "Vuosi"))
    assert [row[0] for row in years[1:]] == ["2023", "2024", "–", "Yhteensä"]
    assert years[1][4] == "300 000 €"

    follow = _rows(_table(doc, "Painopisteala"))
    assert follow[0][1:] == ["2023", "2024", "Yhteensä", "Tasainen kasvu"]
    lines = {row[0].strip("\u2003"): row[1:] for row in follow[1:]}
    assert lines[first.title] == ["0,3", "1,5", "1,8", "Tavoitteen mukainen"]
    assert lines[second.title] == ["0,0", "1,5", "1,5", "Tavoitteen mukainen"]
    assert follow[-1] == ["Yhteensä", "0,3", "3,0", "3,3", ""]
    # Nothing the projects' names or organisations say reaches the draft.
    assert "<script>" not in doc.all_text() and "Hanke" not in doc.all_text()


def test_funding_bar_chart_with_alt_text(funded, areas, read_docx):
    _, first, _ = areas
    doc = read_docx(report_docx(funded))
    description = next(d for d in _descriptions(doc) if d.startswith("Julkinen rahoitus"))
    assert f"{first.title} 1\xa0800\xa0000\xa0€" in description
    assert "Painopistealaa ei annettu 100\xa0000\xa0€" in description
    captions = [p.text for p in doc.document.paragraphs if p.style.name == "Caption"]
    assert any(c.endswith("Julkinen rahoitus painopistealoittain") for c in captions)
    pictures = [doc.parts[name] for name in doc.parts if name.startswith("word/media/")]
    sizes = set()
    for png in pictures:
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG"
            sizes.add(image.size)
    assert len(sizes) > 1  # score distributions and the funding bars differ in height


def test_no_projects_is_one_sentence_and_no_tables(review_round, read_docx):
    doc = read_docx(report_docx(review_round))
    paragraphs = doc.document.paragraphs
    start = next(
        index
        for index, p in enumerate(paragraphs)
        if p.style.name == "Heading 1" and p.text == "Rakennerahastotilastot"
    )
    assert paragraphs[start + 1].text == "Strategialle ei ole tiedossa rahoitettuja hankkeita."
    assert not [t for t in doc.document.tables if t.rows[0].cells[0].text == "Ohjelma"]
    assert sources.funding_stats(review_round, "fi") is None


def test_english_headings_and_statuses(funded, read_docx):
    doc = read_docx(report_docx(funded, "en"))
    # After the summary, the review process and the results.
    assert doc.headings(1)[3:5] == ["Monitoring indicators", "Structural-fund statistics"]
    assert {"By focus area", "By funding programme", "By start year"} <= set(doc.headings(2))
    assert "RDI funding follow-up by focus area" in doc.headings(2)
    indicators = _rows(_table(doc, "Indicator"))
    assert indicators[0][-1] == "Status"
    assert {row[-1].split("\n")[0] for row in indicators[1:]} == {"No data"}
    assert _rows(_table(doc, "Theme and focus area"))[-1][0] == "Total"


def _paragraphs_after(doc, heading: str, count: int) -> list[str]:
    paragraphs = doc.document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == heading)
    return [p.text.replace("\xa0", " ") for p in paragraphs[start + 1 : start + 1 + count]]


def test_funding_chapter_names_its_file_import_time_and_period(funded, read_docx):
    strategy = funded.strategy_version.strategy
    db.session.add(
        EvidenceImport(
            strategy_id=strategy.id,
            kind="funding",
            file_name="eura-2026-11.csv",
            imported_at=datetime(2026, 11, 30, 22, 15, tzinfo=UTC),
            row_count=3,
        )
    )
    db.session.commit()
    doc = read_docx(report_docx(funded))
    lines = _paragraphs_after(doc, "Rakennerahastotilastot", 2)
    # 22.15 UTC is a quarter past midnight in Helsinki, the next day.
    assert lines == [
        "Hankkeet on tuotu tiedostosta ”eura-2026-11.csv” 1. joulukuuta 2026 klo 0.15.",
        "Hankkeet alkoivat vuosina 2023–2024.",
    ]
    assert "Esimerkkiaineisto" not in doc.all_text()
    english = read_docx(report_docx(funded, "en"))
    assert _paragraphs_after(english, "Structural-fund statistics", 1) == [
        "The projects were imported from the file “eura-2026-11.csv” on December 1, 2026 at "
        "12:15\u202fAM."
    ]


def test_example_data_is_said_plainly_in_both_chapters(funded, read_docx):
    strategy = funded.strategy_version.strategy
    create_demo_evidence(strategy)
    db.session.commit()
    doc = read_docx(report_docx(funded))
    first = _paragraphs_after(doc, "Rakennerahastotilastot", 1)[0]
    assert first == (
        "Esimerkkiaineisto. Tiedosto ”example-funded-projects.csv” on keksittyä "
        "esimerkkiaineistoa eikä tilastotietoa: näistä luvuista ei pidä tehdä johtopäätöksiä."
    )
    assert _paragraphs_after(doc, "Seurantaindikaattorit", 1)[0].startswith(
        "Esimerkkiaineisto. Tiedosto ”example-indicator-values.csv”"
    )
    english = read_docx(report_docx(funded, "en"))
    assert _paragraphs_after(english, "Structural-fund statistics", 1)[0].startswith(
        "Example data. The file “example-funded-projects.csv” holds invented example data"
    )


def test_without_a_record_the_chapter_says_the_file_is_unknown(funded, read_docx):
    doc = read_docx(report_docx(funded))
    assert _paragraphs_after(doc, "Rakennerahastotilastot", 1)[0].startswith(
        "Tiedostoa, josta hankkeet on tuotu, ei ole kirjattu"
    )


def test_indicator_table_says_why_each_status_and_states_the_rules(review_round, read_docx):
    strategy = review_round.strategy_version.strategy
    services.import_indicator_values(strategy, example_file_bytes("indicators"))
    db.session.commit()
    doc = read_docx(report_docx(review_round))
    table = _rows(_table(doc, "Mittari"))
    status = {row[0]: row[-1].split("\n") for row in table[1:]}
    assert status["Yrityskanta"] == [
        "Ei tavoitteen mukainen",
        "Arvo laski vuonna 2022 (23 702 → 23 655), joten tavoite ”kasvaa vuosittain” ei toteudu.",
    ]
    texts = [p.text for p in doc.document.paragraphs]
    rules = texts.index("Näin tila määräytyy:")
    assert texts[rules + 2].startswith("”Kasvaa vuosittain”")

"""Every evidence import is recorded: the file's name, the time, how many rows, and whether it
was the demo's example data; uploads, the CLI and the demo all record theirs. The status
reason and the rules show on the indicator pages."""

import io

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from tests.evidence.conftest import finnish_csv, plain_csv
from workshop.evidence import services
from workshop.evidence.demo import create_demo_evidence
from workshop.evidence.models import EvidenceImport
from workshop.extensions import db
from workshop.models import utcnow

VALUES = plain_csv("indicator,year,value,source", "yrityskanta,2021,23702,Tilastokeskus")


def test_an_import_is_recorded_with_its_file_name_and_time(strategy):
    before = utcnow()
    services.import_indicator_values(strategy, VALUES, file_name="arvot-2026.csv")
    db.session.commit()
    (record,) = services.imports_of(strategy, "indicators")
    assert (record.file_name, record.row_count, record.example) == ("arvot-2026.csv", 1, False)
    assert before <= record.imported_at <= utcnow()
    assert services.imports_of(strategy, "funding") == []


def test_the_example_files_are_recorded_as_example_data_whatever_their_name(
    strategy, example_projects
):
    services.import_projects(strategy, example_projects, file_name="hankkeet.csv")
    create_demo_evidence(strategy)
    db.session.commit()
    funding = services.imports_of(strategy, "funding")
    # Each file name once, the latest import first.
    assert [(r.file_name, r.example) for r in funding] == [
        ("example-funded-projects.csv", True),
        ("hankkeet.csv", True),
    ]
    assert [r.example for r in services.imports_of(strategy, "indicators")] == [True]


def test_a_file_name_is_cut_to_its_last_part_and_cleaned(strategy):
    services.import_indicator_values(
        strategy, VALUES, file_name="C:\\Users\\maija\\Desktop\\arvot\u202e\x07.csv" + "x" * 400
    )
    (record,) = services.imports_of(strategy, "indicators")
    assert record.file_name.startswith("arvot.csv") and len(record.file_name) == 255


def test_an_upload_records_the_uploaded_file_name(logged_in_client, strategy):
    response = logged_in_client.post(
        "/evidence/indicators/import",
        data={"file": (io.BytesIO(VALUES), "../../arvot syksy.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    (record,) = services.imports_of(strategy, "indicators")
    assert record.file_name == "arvot syksy.csv"


def test_a_failed_import_records_nothing(logged_in_client, strategy):
    bad = finnish_csv("indicator;year;value", "tuntematon;2021;1")
    response = logged_in_client.post(
        "/evidence/indicators/import",
        data={"file": (io.BytesIO(bad), "bad.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert db.session.scalars(select(EvidenceImport)).all() == []


def test_the_cli_records_the_file_name(app, strategy, tmp_path):
    path = tmp_path / "arvot.csv"
    path.write_bytes(VALUES)
    result = app.test_cli_runner().invoke(args=["indicators", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert [r.file_name for r in services.imports_of(strategy, "indicators")] == ["arvot.csv"]


def test_indicator_pages_say_why_and_state_the_rules(logged_in_client, strategy, example_values):
    services.import_indicator_values(strategy, example_values)
    db.session.commit()
    listing = logged_in_client.get("/evidence/").get_data(as_text=True)
    assert "Näin tila määräytyy:" in listing
    assert "”Kasvaa vuosittain”: arvon on pitänyt kasvaa joka vuosi" in listing
    reason = "Arvo laski vuonna 2022 (23\xa0702 → 23\xa0655), joten tavoite ”kasvaa vuosittain”"
    assert reason in listing
    page = logged_in_client.get("/evidence/indicators/yrityskanta").get_data(as_text=True)
    assert reason in page


def test_the_migration_records_earlier_example_projects_and_goes_down_and_up(
    strategy, example_projects
):
    services.import_projects(strategy, example_projects)
    db.session.execute(text("DELETE FROM evidence_import"))
    db.session.commit()
    strategy_id = strategy.id
    db.session.remove()
    downgrade(revision="recommendations")  # the revision before this one
    assert "evidence_import" not in inspect(db.engine).get_table_names()
    upgrade()
    (record,) = db.session.scalars(
        select(EvidenceImport).where(EvidenceImport.strategy_id == strategy_id)
    ).all()
    assert (record.file_name, record.example, record.row_count) == (
        "example-funded-projects.csv",
        True,
        30,
    )

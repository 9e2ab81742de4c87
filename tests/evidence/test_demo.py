"""The example data of `workshop demo`: imported through the same path, marked as example."""

from sqlalchemy import func, select

from workshop.evidence import demo
from workshop.evidence.models import FundedProject, IndicatorValue
from workshop.extensions import db


def test_example_data_is_imported_and_marked_as_example(strategy):
    values, projects = demo.create_demo_evidence(strategy)
    assert (values.created, projects.created) == (31, 30)
    stored = db.session.scalars(select(IndicatorValue)).all()
    assert all("Esimerkkiaineisto" in value.source for value in stored)
    codes = db.session.scalars(select(FundedProject.code)).all()
    assert all(code.startswith("ESIM-") for code in codes)


def test_running_the_demo_evidence_again_doubles_nothing(strategy):
    demo.create_demo_evidence(strategy)
    values, projects = demo.create_demo_evidence(strategy)
    assert (values.unchanged, projects.unchanged) == (31, 30)
    assert db.session.scalar(select(func.count(FundedProject.id))) == 30


def test_the_example_project_file_is_a_finnish_spreadsheet_export():
    data = demo.example_file_bytes("funding")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as Excel saves it
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.count(";") == 10


def test_workshop_demo_brings_the_evidence(app, strategy_version):
    result = app.test_cli_runner().invoke(args=["demo", "--participants", "5"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count(IndicatorValue.id))) == 31
    assert db.session.scalar(select(func.count(FundedProject.id))) == 30

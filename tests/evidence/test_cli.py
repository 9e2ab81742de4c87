"""`workshop indicators import` and `workshop funding import`: the same as the upload, with a
non-zero exit and the report on a bad file."""

from sqlalchemy import func, select

from tests.evidence.conftest import PROJECT_HEADER_FI, finnish_csv
from workshop.evidence.models import FundedProject, IndicatorValue
from workshop.extensions import db


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_indicators_import_from_a_file(app, strategy, tmp_path, example_values):
    path = tmp_path / "arvot.csv"
    path.write_bytes(example_values)
    result = app.test_cli_runner().invoke(args=["indicators", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "31 new" in result.output
    again = app.test_cli_runner().invoke(args=["indicators", "import", str(path)])
    assert "0 new, 0 updated, 31 unchanged" in again.output
    db.session.expire_all()
    assert count(IndicatorValue) == 31


def test_funding_import_of_a_windows_1252_export(app, strategy, tmp_path):
    path = tmp_path / "hankkeet.csv"
    path.write_bytes(
        finnish_csv(
            PROJECT_HEADER_FI,
            "A-1;Älykäs ratkaisu;Örkki Oy;EAKR;1 000,50;0;;1.1.2024;;Ylivieska;energia",
            encoding="cp1252",
        )
    )
    result = app.test_cli_runner().invoke(args=["funding", "import", str(path)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    [project] = db.session.scalars(select(FundedProject)).all()
    assert (project.name, project.organisation) == ("Älykäs ratkaisu", "Örkki Oy")


def test_a_bad_file_exits_non_zero_with_every_problem(app, strategy, tmp_path):
    path = tmp_path / "hankkeet.csv"
    path.write_bytes(
        finnish_csv(
            PROJECT_HEADER_FI,
            "A-1;Nimi;Org;EAKR;1;0;;;;Oulu;energia",
            "A-2;Nimi;Org;EAKR;paljon;0;;;;Oulu;energia",
            "A-3;Nimi;Org;EAKR;1;0;;;;Oulu;kuu",
        )
    )
    result = app.test_cli_runner().invoke(args=["funding", "import", str(path)])
    assert result.exit_code == 1
    assert "2 problem(s); nothing was imported." in result.output
    assert "line 3, column EU-rahoitus (€): Not a number: paljon" in result.output
    assert "line 4, column Painopistealat: No focus area of the strategy is called kuu" in (
        result.output
    )
    db.session.expire_all()
    assert count(FundedProject) == 0


def test_import_without_a_strategy_is_refused(app, tmp_path):
    path = tmp_path / "arvot.csv"
    path.write_text("indicator,year,value\nyrityskanta,2021,1\n")
    result = app.test_cli_runner().invoke(args=["indicators", "import", str(path)])
    assert result.exit_code == 1
    assert "No strategy" in result.output

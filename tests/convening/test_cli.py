"""`workshop register import FILE [--dry-run]` and `workshop register export`."""

import stat

from sqlalchemy import func, select

from tests.convening.conftest import register_rows, workbook
from workshop.convening.models import Contact, Organisation
from workshop.extensions import db


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)))


def run(app, *args):
    return app.test_cli_runner().invoke(args=["register", *args])


def test_import_a_workbook_of_200_contacts(app, tmp_path, register_workbook):
    path = tmp_path / "rekisteri.xlsx"
    path.write_bytes(register_workbook)
    result = run(app, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Imported 40 organisations (40 new" in result.output
    assert "200 contacts (200 new, 0 updated, 0 unchanged)" in result.output
    assert (count(Organisation), count(Contact)) == (40, 200)
    again = run(app, "import", str(path))
    assert "200 contacts (0 new, 0 updated, 200 unchanged)" in again.output


def test_a_dry_run_says_what_would_change_and_saves_nothing(app, tmp_path, register_workbook):
    path = tmp_path / "rekisteri.xlsx"
    path.write_bytes(register_workbook)
    result = run(app, "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would import 40 organisations" in result.output
    assert "Dry run: nothing was saved." in result.output
    assert count(Contact) == 0


def test_a_bad_file_prints_every_problem_and_exits_1(app, tmp_path):
    rows = register_rows(contacts=4, organisations=2)
    rows[0] = (*rows[0][:2], "Lappi", *rows[0][3:])
    rows[3] = (*rows[3][:4], "ei@", *rows[3][5:])
    path = tmp_path / "rikki.xlsx"
    path.write_bytes(workbook(rows))
    result = run(app, "import", str(path))
    assert result.exit_code == 1
    assert "2 problem(s); nothing was imported." in result.stderr
    assert "line 2, column Seutukunta: No sub-region is called Lappi" in result.stderr
    assert "line 5, column Sähköposti: Not an e-mail address: ei@" in result.stderr
    assert count(Organisation) == 0


def test_export_writes_an_owner_only_file_that_imports_back(app, tmp_path):
    source = tmp_path / "rekisteri.xlsx"
    source.write_bytes(workbook(register_rows(contacts=12, organisations=3)))
    run(app, "import", str(source))
    output = tmp_path / "vienti.csv"
    result = run(app, "export", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert "Wrote 12 contacts" in result.stderr
    again = run(app, "import", str(output), "--dry-run")
    assert "12 contacts (0 new, 0 updated, 12 unchanged)" in again.output

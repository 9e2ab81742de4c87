"""`workshop export results ROUND --format xlsx|csv|json [--output FILE] [--lang fi|en]`."""

import io
import json
import zipfile

from openpyxl import load_workbook


def test_export_results_in_each_format(app, scored_round, tmp_path):
    runner = app.test_cli_runner()
    workbook = tmp_path / "tulokset.xlsx"
    result = runner.invoke(args=["export", "results", str(scored_round.id), "-o", str(workbook)])
    assert result.exit_code == 0, result.output
    book = load_workbook(workbook)
    assert book.sheetnames[0] == "Tietoja"  # Finnish unless asked

    archive = tmp_path / "tulokset.zip"
    result = runner.invoke(
        args=["export", "results", "latest", "--format", "csv", "--output", str(archive)]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(archive) as files:
        assert "06-participation.csv" in files.namelist()

    result = runner.invoke(
        args=["export", "results", str(scored_round.id), "--format", "json", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout_bytes)
    assert document["language"] == "en" and document["round"]["id"] == scored_round.id


def test_xlsx_to_standard_output_is_the_workbooks_bytes(app, scored_round):
    result = app.test_cli_runner().invoke(args=["export", "results", "latest"])
    assert result.exit_code == 0
    assert load_workbook(io.BytesIO(result.stdout_bytes)).sheetnames[-1] == "Osallistuminen"


def test_an_unknown_round_or_option_is_refused(app, scored_round):
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["export", "results", "9999"])
    assert missing.exit_code != 0 and "9999" in missing.output
    wrong = runner.invoke(args=["export", "results", "latest", "--format", "ods"])
    assert wrong.exit_code == 2
    wrong_language = runner.invoke(args=["export", "results", "latest", "--lang", "sv"])
    assert wrong_language.exit_code == 2

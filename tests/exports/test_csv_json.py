"""The CSV tables (Finnish Excel settings, in a .zip) and the JSON document read back."""

import csv
import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

from tests.exports.conftest import INJECTION
from workshop.exports.results import build_export
from workshop.exports.services import results_file

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "schemas" / "results.schema.json").read_text("utf-8")
)


def csv_tables(review_round, locale="fi") -> dict[str, list[list[str]]]:
    archive = zipfile.ZipFile(io.BytesIO(results_file(review_round, "csv", locale)))
    tables = {}
    for name in archive.namelist():
        raw = archive.read(name)
        assert raw.startswith("\ufeff".encode()), f"{name} has no byte order mark"
        text = raw.decode("utf-8-sig")
        assert "\r\n" in text
        tables[name] = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return tables


def finnish_number(text: str) -> float | None:
    """A cell as Excel set to Finnish reads it: decimal comma, empty is nothing."""
    return float(text.replace(",", ".")) if text else None


def test_one_csv_per_table_in_the_workbooks_order(scored_round):
    export = build_export(scored_round, "fi")
    names = list(csv_tables(scored_round))
    assert names == [
        "01-about.csv",
        "02-scores-edistyminen.csv",
        "03-scores-ajankohtaisuus.csv",
        "04-reasons.csv",
        "05-proposals.csv",
        "06-participation.csv",
    ]
    assert len(names) == len(export.tables)


def test_csv_numbers_parse_back_with_the_decimal_comma(scored_round):
    export = build_export(scored_round, "fi")
    tables = csv_tables(scored_round)
    for name, table in zip(tables, export.tables, strict=True):
        rows = tables[name]
        assert rows[0] == [column.label for column in table.columns]
        assert len(rows) == len(table.rows) + 1
        for parsed, row in zip(rows[1:], table.rows, strict=True):
            for column, text, value in zip(table.columns, parsed, row, strict=True):
                if column.kind == "decimal":
                    assert finnish_number(text) == value
                    assert "." not in text
                elif column.kind == "integer":
                    assert (int(text) if text else None) == value
    scores = tables["02-scores-edistyminen.csv"]
    header = scores[0]
    first = dict(zip(header, scores[1], strict=True))
    assert (first["Keskiarvo"], first["Edellinen keskiarvo"], first["Muutos"]) == (
        "3,62",
        "2,0",
        "1,62",
    )


def test_csv_texts_that_look_like_formulas_are_prefixed(scored_round):
    reasons = csv_tables(scored_round)["04-reasons.csv"]
    texts = [row[-1] for row in reasons[1:]]
    assert "'" + INJECTION in texts and INJECTION not in texts


def test_json_follows_its_schema(scored_round):
    for locale in ("fi", "en"):
        document = json.loads(results_file(scored_round, "json", locale))
        jsonschema.validate(
            document, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        assert document["language"] == locale


def test_the_schema_refuses_what_the_export_must_not_contain(scored_round):
    document = json.loads(results_file(scored_round, "json", "fi"))
    scores = next(t for t in document["tables"] if t["key"].startswith("scores-"))
    scores["rows"][0]["mean"] = "3,62"  # a number as text
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
    document = json.loads(results_file(scored_round, "json", "fi"))
    proposals = next(t for t in document["tables"] if t["key"] == "proposals")
    proposals["rows"][0]["decided_by"] = "Neuvoston Jäsen"  # a name
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


def test_json_keeps_texts_as_typed_and_numbers_as_numbers(scored_round):
    document = json.loads(results_file(scored_round, "json", "en"))
    tables = {table["key"]: table for table in document["tables"]}
    reasons = [row["reason"] for row in tables["reasons"]["rows"]]
    assert INJECTION in reasons  # JSON runs no formulas: the text as the participant typed it
    first = tables["scores-edistyminen"]["rows"][0]
    assert (first["group"], first["answers"], first["mean"], first["change"]) == (
        "all",
        13,
        3.62,
        1.62,
    )
    assert document["previous_round"] == "Vuosiarviointi 2025"
    decided = next(row for row in tables["proposals"]["rows"] if row["decision"])
    assert decided["decision_name"] == "Accepted" and decided["decided_at"].endswith("Z")

"""The minimum group size in every output: no group under it is shown on its own, in any
table of any format (docs/security.md)."""

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from workshop.exports.results import build_export
from workshop.exports.services import results_file


def group_keys(export) -> set[str]:
    """Every group key a table shows a row or a label of."""
    keys = set()
    for table in export.tables:
        columns = [column.key for column in table.columns]
        if "group" in columns:
            keys |= {row[columns.index("group")] for row in table.rows}
    return keys


def group_names_everywhere(review_round) -> str:
    """The text of all three formats together."""
    book = load_workbook(io.BytesIO(results_file(review_round, "xlsx", "fi")))
    cells = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    archive = zipfile.ZipFile(io.BytesIO(results_file(review_round, "csv", "fi")))
    texts = " ".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    document = json.loads(results_file(review_round, "json", "fi"))
    return cells + texts + json.dumps(document, ensure_ascii=False)


def test_small_groups_are_counted_only_as_other_groups(scored_round):
    """Six clusters shown; five companies and two municipalities only together, since the
    municipalities alone would be fewer than five."""
    export = build_export(scored_round, "fi")
    assert group_keys(export) == {"all", "klusterit", "other"}
    everything = group_names_everywhere(scored_round)
    assert "Kunnat" not in everything and "Yritykset" not in everything
    assert "Klusterit" in everything and "Muut ryhmät" in everything
    participation = export.table("participation").records()
    # The session by its total only; by group only for all sessions together.
    assert {(r["group"], r["participants"]) for r in participation if r["session"] == "Oulu"} == {
        ("all", 13),
    }
    assert {
        (r["group"], r["participants"])
        for r in participation
        if r["session"] == "Kaikki tilaisuudet"
    } == {("all", 13), ("klusterit", 6), ("other", 7)}


def test_with_a_larger_minimum_no_group_is_shown_at_all(scored_round, app, monkeypatch):
    monkeypatch.setitem(app.config, "MIN_GROUP_SIZE", 7)  # the clusters (6) are too few now
    export = build_export(scored_round, "fi")
    assert group_keys(export) == {"all", ""}  # "": a reason whose group may not be named
    everything = group_names_everywhere(scored_round)
    for name in ("Klusterit", "Kunnat", "Yritykset", "Muut ryhmät"):
        assert name not in everything
    scores = export.table("scores-edistyminen").records()
    assert all(row["group"] == "all" for row in scores)


def test_below_the_minimum_in_all_only_the_count_is_given(scored_round, app, monkeypatch):
    monkeypatch.setitem(app.config, "MIN_GROUP_SIZE", 14)  # thirteen answered
    export = build_export(scored_round, "en")
    first = export.table("scores-edistyminen").records()[0]
    assert (first["answers"], first["mean"], first["median"], first["spread"]) == (
        13,
        None,
        None,
        None,
    )
    assert [first[f"score_{value}"] for value in range(1, 6)] == [None] * 5
    assert first["change"] is None and first["previous_mean"] is None
    assert first["note"] == "Fewer than 14 answers: not shown."
    book = load_workbook(io.BytesIO(results_file(scored_round, "xlsx", "en")))
    sheet = book[book.sheetnames[1]]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))
    assert row["Mean"] is None and row["Score 5"] is None and row["Answers"] == 13


@pytest.mark.usefixtures("every_group_shown")
def test_with_a_minimum_of_one_every_group_is_shown(scored_round):
    assert group_keys(build_export(scored_round, "fi")) == {
        "all",
        "klusterit",
        "yritykset",
        "kunnat",
    }

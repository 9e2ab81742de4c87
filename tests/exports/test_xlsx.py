"""The workbook: its numbers are the round results page's, it opens in LibreOffice Calc, and
no text in it runs as a formula."""

import csv
import io

from openpyxl import load_workbook

from tests.exports.conftest import INJECTION
from workshop.exports.services import results_file
from workshop.review.results import results_for


def workbook(review_round, locale="fi"):
    return load_workbook(io.BytesIO(results_file(review_round, "xlsx", locale)))


def sheet_records(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_every_figure_of_the_workbook_is_the_results_pages(scored_round):
    """The results page shows ``results_for`` of the round: each sheet of a question has the
    same count, "don't know", mean, median, distribution, previous mean and change for every
    focus area, and each group the page shows alone (and "other groups") with its own."""
    book = workbook(scored_round, "en")
    page = results_for(scored_round, scored_round.strategy_version.focus_areas, locale="en")
    assert book.sheetnames == [
        "About",
        "1 How well has the focus area p",
        "2 How relevant is the focus are",
        "Reasons",
        "Proposals and decisions",
        "Participation",
    ]
    compared = 0
    for number, question in enumerate(page["questions"], start=1):
        sheet = next(book[name] for name in book.sheetnames if name.startswith(f"{number} "))
        rows = {(r["Focus area key"], r["Group key"]): r for r in sheet_records(sheet)}
        for item in (i for i in page["items"] if i["question"] == question["key"]):
            summaries = {"all": item, **item["by_group"]}
            if item["other_groups"]:
                summaries["other"] = item["other_groups"]
            for group, summary in summaries.items():
                row = rows.pop((item["focus_area"], group))
                assert row["Answers"] == summary["count"]
                assert row["Don't know"] == summary["dont_know"]
                assert row["Mean"] == summary["mean"]
                assert row["Median"] == summary["median"]
                assert row["Standard deviation"] == summary["spread"]
                for value in range(question["min"], question["max"] + 1):
                    assert row[f"Score {value}"] == summary["distribution"].get(str(value), 0)
                if group == "all":
                    assert row["Previous mean"] == item["previous_mean"]
                    assert row["Change"] == item["change"]
                compared += 1
        assert rows == {}, "the sheet has rows the page does not show"
    # Two questions × (two scored areas × three rows + the other areas' totals).
    assert compared == sum(len(sheet_records(book[n])) for n in book.sheetnames[1:3])
    first = next(
        r
        for r in sheet_records(book[book.sheetnames[1]])
        if r["Group key"] == "all" and r["Answers"]
    )
    assert (first["Mean"], first["Previous mean"], first["Change"]) == (3.62, 2.0, 1.62)


def test_numbers_are_numbers_and_labels_follow_the_language(scored_round):
    book = workbook(scored_round, "fi")
    assert book.sheetnames[0] == "Tietoja"
    sheet = book[book.sheetnames[1]]
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == [
        "Painopistealan tunnus",
        "Painopisteala",
        "Ryhmän tunnus",
        "Ryhmä",
        "Vastauksia",
        "En osaa sanoa",
    ]
    mean = sheet.cell(row=2, column=7)
    assert mean.data_type == "n" and mean.number_format == "0.00"
    assert sheet.cell(row=2, column=4).value == "Kaikki ryhmät"


def test_a_reason_that_looks_like_a_formula_stays_text(scored_round):
    book = workbook(scored_round)
    reasons = book[book.sheetnames[3]]
    texts = [row[-1] for row in reasons.iter_rows(min_row=2, values_only=True)]
    assert "'" + INJECTION in texts
    assert INJECTION not in texts
    proposal_texts = [
        row[7] for row in book[book.sheetnames[4]].iter_rows(min_row=2, values_only=True)
    ]
    assert "'@SUM(A1:A9) vety" in proposal_texts
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_no_names_organisations_or_facilitators_in_the_workbook(scored_round):
    book = workbook(scored_round)
    everything = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    assert "Maija Meikäläinen" not in everything  # the participants' names
    assert "Yritys Oy" not in everything  # and organisations
    assert "Neuvoston Jäsen" not in everything and "neuvosto@example.org" not in everything
    assert "040 123" not in everything  # a hidden proposal's text
    assert "Henkilötietoja" in everything  # its reason for hiding is kept


def test_the_workbook_opens_in_libreoffice_calc(scored_round, soffice, tmp_path):
    source = tmp_path / "tulokset.xlsx"
    source.write_bytes(results_file(scored_round, "xlsx", "fi"))
    (reasons_csv,) = soffice(source, "csv", sheet=4)
    rows = list(csv.reader(io.StringIO(reasons_csv.read_text("utf-8")), delimiter=";"))
    assert rows[0][-1] == "Perustelu"
    # Calc reads the apostrophe-prefixed cell as the text typed, never as a formula's result.
    assert any(row[-1] in (INJECTION, "'" + INJECTION) for row in rows[1:])
    source_scores = tmp_path / "pisteet.xlsx"
    source_scores.write_bytes(source.read_bytes())
    (scores_csv,) = soffice(source_scores, "csv", sheet=2)
    scores = list(csv.reader(io.StringIO(scores_csv.read_text("utf-8")), delimiter=";"))
    assert scores[1][:5] == [
        scored_round.strategy_version.focus_areas[0].key,
        scored_round.strategy_version.focus_areas[0].title,
        "all",
        "Kaikki ryhmät",
        "13",
    ]
    (pdf,) = soffice(source, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")

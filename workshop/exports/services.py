"""A round's results export in one format: the job a download runs in a worker process."""

from __future__ import annotations

from dataclasses import dataclass

from workshop.exports.csv import write_csv_zip
from workshop.exports.json import write_json
from workshop.exports.results import ResultsExport, build_export
from workshop.exports.xlsx import write_xlsx
from workshop.review.models import ReviewRound


@dataclass(frozen=True)
class Format:
    """How one format is written, served and named."""

    write: object
    extension: str
    mimetype: str


FORMATS = {
    "xlsx": Format(
        write_xlsx,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    # One CSV per table: the tables have different columns (docs/exports.md).
    "csv": Format(write_csv_zip, "zip", "application/zip"),
    "json": Format(write_json, "json", "application/json"),
}
# The file name's first word in each language (ASCII, so every browser keeps it).
FILE_WORDS = {"fi": "tulokset", "en": "results"}


def results_file(review_round: ReviewRound, fmt: str, locale: str) -> bytes:
    """The round's results in ``fmt`` (xlsx, csv or json) with labels in ``locale``."""
    export: ResultsExport = build_export(review_round, locale)
    return FORMATS[fmt].write(export)


def round_results_file(round_id: int, fmt: str, locale: str) -> bytes:
    """``results_file`` of a round by its id: the job the download runs through
    ``workshop.offload``, which reads the round with its own database connection."""
    from workshop.review.services import get_round

    return results_file(get_round(round_id), fmt, locale)


def results_filename(review_round: ReviewRound, fmt: str, locale: str) -> str:
    """A file name with the round's year and id and the language: ``tulokset-2026-3-fi.xlsx``."""
    word = FILE_WORDS.get(locale, FILE_WORDS["fi"])
    return f"{word}-{review_round.year}-{review_round.id}-{locale}.{FORMATS[fmt].extension}"

"""Every reason is exported, however many: the export pages through them."""

from sqlalchemy import func, select

from workshop.exports import results as export_results
from workshop.exports.results import build_export
from workshop.extensions import db
from workshop.review.models import Answer


def test_reasons_beyond_one_page_are_all_exported(scored_round, monkeypatch):
    given = db.session.scalar(
        select(func.count()).where(
            Answer.reason != "", Answer.session_id.in_([s.id for s in scored_round.sessions])
        )
    )
    whole = build_export(scored_round).table("reasons").rows
    monkeypatch.setattr(export_results, "REASONS_PAGE", 2)
    paged = build_export(scored_round).table("reasons").rows
    assert given > 2 * 2  # several pages of two
    assert len(paged) == given
    assert paged == whole  # the same rows in the same order, page size or not


def test_an_exact_multiple_of_the_page_loses_nothing(scored_round, monkeypatch):
    given = len(build_export(scored_round).table("reasons").rows)
    monkeypatch.setattr(export_results, "REASONS_PAGE", given)
    assert len(build_export(scored_round).table("reasons").rows) == given
    monkeypatch.setattr(export_results, "REASONS_PAGE", 1)
    assert len(build_export(scored_round).table("reasons").rows) == given

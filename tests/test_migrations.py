"""Migrations: they build the schema the models describe, and go down and up again."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from workshop.extensions import db


def test_models_and_migrations_agree():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_downgrade_to_nothing_and_upgrade_again():
    db.session.remove()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert "focus_area" in inspect(db.engine).get_table_names()


def test_the_step_kinds_migration_keeps_steps_and_goes_down_and_up():
    """0014 adds agenda_step.config (existing steps get {}) and the answers' tables."""
    db.session.remove()
    downgrade(revision="finish")  # the revision before it
    tables = set(inspect(db.engine).get_table_names())
    assert "open_answer" not in tables and "step_choice" not in tables
    assert "config" not in {c["name"] for c in inspect(db.engine).get_columns("agenda_step")}
    upgrade()
    assert {"open_answer", "step_choice"} <= set(inspect(db.engine).get_table_names())
    assert "config" in {c["name"] for c in inspect(db.engine).get_columns("agenda_step")}


def test_the_room_migration_adds_the_timetable_and_held_comments_and_goes_down_and_up():
    """0015 adds review_round.next_steps ("" for existing rounds) and proposal_comment.held."""
    db.session.remove()
    downgrade(revision="stepkinds")  # the revision before it
    assert "next_steps" not in {c["name"] for c in inspect(db.engine).get_columns("review_round")}
    assert "held" not in {c["name"] for c in inspect(db.engine).get_columns("proposal_comment")}
    upgrade()
    assert "next_steps" in {c["name"] for c in inspect(db.engine).get_columns("review_round")}
    assert "held" in {c["name"] for c in inspect(db.engine).get_columns("proposal_comment")}

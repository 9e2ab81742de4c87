"""`workshop demo` includes the stakeholder register and the round's coverage."""

from sqlalchemy import func, select

from workshop.convening.coverage import round_coverage
from workshop.convening.models import Contact, Organisation
from workshop.demo import create_demo
from workshop.extensions import db


def test_the_demo_has_a_register_of_every_group_and_sub_region(app, strategy_version):
    review_round = create_demo(participants=30, seed=4)
    db.session.commit()
    assert db.session.scalar(select(func.count(Contact.id))) == 200
    groups = set(db.session.scalars(select(Organisation.group_key).distinct()))
    regions = set(db.session.scalars(select(Organisation.sub_region).distinct()))
    assert len(groups) == 6 and len(regions) == 8  # seven seutukunnat and the whole region
    coverage = round_coverage(review_round)
    assert coverage.total.registered == 56 and coverage.total.took_part == 30
    # Every sub-region has organisations to invite: none is missing from the register.
    assert all(row.registered for row in coverage.sub_regions)
    assert coverage.missing_groups == []


def test_running_the_demo_twice_keeps_one_register(app, strategy_version):
    create_demo(participants=6, seed=1)
    create_demo(participants=6, seed=1)
    db.session.commit()
    assert db.session.scalar(select(func.count(Contact.id))) == 200


def test_the_demo_command_reports_the_register(app):
    result = app.test_cli_runner().invoke(args=["demo", "--participants", "12"])
    assert result.exit_code == 0, result.output
    assert "Stakeholder register: 56 organisations, 200 contacts." in result.output

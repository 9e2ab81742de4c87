"""The import commands' shared commit, rollback and conflict handling (workshop/tabular.py)."""

import click
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from workshop.convening.models import Organisation
from workshop.extensions import db
from workshop.tabular import TableImportError, TableProblem, run_import_command


def add_organisation():
    db.session.add(Organisation(name="Oulu Health", group_key="klusterit", sub_region="oulu"))
    db.session.flush()
    return "done"


def organisations() -> int:
    return db.session.scalar(select(func.count(Organisation.id)))


def test_an_import_is_committed_or_with_keep_false_rolled_back(app):
    assert run_import_command("f.csv", add_organisation, keep=False) == "done"
    assert organisations() == 0
    assert run_import_command("f.csv", add_organisation) == "done"
    db.session.expire_all()
    assert organisations() == 1


def test_a_conflict_says_try_again_and_keeps_nothing(app):
    def conflicting():
        add_organisation()
        raise IntegrityError("INSERT", {}, Exception("unique"))

    with pytest.raises(click.ClickException, match="at the same time"):
        run_import_command("f.csv", conflicting, what="register")
    assert organisations() == 0


def test_a_refused_file_prints_its_problems_and_exits_1(app, capsys):
    def refused():
        add_organisation()
        raise TableImportError([TableProblem(2, "email", "required")])

    with pytest.raises(SystemExit) as exited:
        run_import_command("f.csv", refused)
    assert exited.value.code == 1
    assert "f.csv: 1 problem(s); nothing was imported." in capsys.readouterr().err
    assert organisations() == 0

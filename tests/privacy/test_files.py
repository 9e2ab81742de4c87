"""The database, its folder and the secret key are readable by their owner only."""

import os
import sqlite3

from flask_migrate import upgrade

from workshop import create_app
from workshop.config import load_config, secure_database_file


def _mode(path) -> int:
    return path.stat().st_mode & 0o777


def test_the_instance_folder_is_created_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKSHOP_SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    previous = os.umask(0)
    try:
        load_config(str(instance))
    finally:
        os.umask(previous)
    assert _mode(instance) == 0o700
    assert _mode(instance / "secret_key") == 0o600


def test_an_existing_open_instance_folder_is_closed(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)
    load_config(str(instance))
    assert _mode(instance) == 0o700


def test_the_sqlite_database_is_created_owner_only_and_stays_so_after_upgrade(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("WORKSHOP_SECRET_KEY", "k")
    monkeypatch.delenv("WORKSHOP_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    instance = tmp_path / "instance"
    previous = os.umask(0)  # the most permissive umask: the modes do not rely on it
    try:
        app = create_app({"TESTING": True}, instance_path=str(instance))
    finally:
        os.umask(previous)
    database = instance / "strategiapaja.sqlite"
    assert _mode(database) == 0o600
    with app.app_context():
        upgrade()
        from workshop.extensions import db

        db.engine.dispose()
    assert _mode(database) == 0o600
    tables = sqlite3.connect(database).execute("select name from sqlite_master").fetchall()
    assert ("participant",) in tables


def test_a_world_readable_database_file_is_made_owner_only(tmp_path):
    database = tmp_path / "old.sqlite"
    database.write_bytes(b"")
    database.chmod(0o644)
    secure_database_file(f"sqlite:///{database}")
    assert _mode(database) == 0o600


def test_other_databases_are_left_alone(tmp_path):
    secure_database_file("postgresql+psycopg://u@db/strategiapaja")
    secure_database_file("sqlite://")
    secure_database_file("sqlite:///:memory:")
    assert list(tmp_path.iterdir()) == []

"""The database, its folder and the secret key are readable by their owner only."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

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


def test_the_sqlite_database_is_created_owner_only_and_stays_so_after_upgrade(tmp_path):
    instance = tmp_path / "instance"
    # In a process of its own: a second app in this one would rebind the shared Socket.IO
    # server away from the test app. The most permissive umask: the modes do not rely on it.
    script = (
        "import os, sys; os.umask(0)\n"
        "from flask_migrate import upgrade\n"
        "from workshop import create_app\n"
        "app = create_app({'TESTING': True}, instance_path=sys.argv[1])\n"
        "database = os.path.join(sys.argv[1], 'strategiapaja.sqlite')\n"
        "print(oct(os.stat(database).st_mode & 0o777))\n"
        "with app.app_context():\n"
        "    upgrade()\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("WORKSHOP_DATABASE_URL", "DATABASE_URL")
    }
    env["WORKSHOP_SECRET_KEY"] = "k"
    created = subprocess.run(
        [sys.executable, "-c", script, str(instance)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert created.stdout.strip().splitlines()[0] == "0o600"
    database = instance / "strategiapaja.sqlite"
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

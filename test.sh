#!/usr/bin/env bash
# Runs the whole test suite (unit, HTTP, Socket.IO, migrations, real headless Chromium),
# creating what it needs first. With WORKSHOP_TEST_DATABASE_URL set it runs on that database
# (PostgreSQL) instead of SQLite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh dev
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        echo "Installing Chromium for the browser tests ..."
        apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "The browser tests need Debian's chromium and chromium-driver:" >&2
        echo "    sudo apt-get install chromium chromium-driver" >&2
        exit 1
    fi
fi
exec .venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# Runs the whole test suite (unit, HTTP, Socket.IO, migrations, real headless Chromium),
# creating what it needs first. With WORKSHOP_TEST_DATABASE_URL set it runs on that database
# (PostgreSQL) instead of SQLite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh dev
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
# The Word draft's tests convert it with LibreOffice headless and accept and reject its
# tracked changes through Python-UNO: the full Writer (the -nogui build crashes on comments)
# and the system Python's uno module.
dpkg -s libreoffice-writer >/dev/null 2>&1 || missing+=(libreoffice-writer)
/usr/bin/python3 -c "import uno" 2>/dev/null || missing+=(python3-uno)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        echo "Installing ${missing[*]} for the browser and document tests ..."
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "The browser and document tests need Debian's ${missing[*]}:" >&2
        echo "    sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi
exec .venv/bin/python -m pytest "$@"

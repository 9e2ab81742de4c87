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
# The results workbook is opened with LibreOffice Calc in tests/exports/.
dpkg -s libreoffice-calc >/dev/null 2>&1 || missing+=(libreoffice-calc)
/usr/bin/python3 -c "import uno" 2>/dev/null || missing+=(python3-uno)
# The topology test runs Debian's nginx in front of gunicorn processes (tests/topology/).
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        echo "Installing ${missing[*]} for the browser, document and topology tests ..."
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "The browser, document and topology tests need Debian's ${missing[*]}:" >&2
        echo "    sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi
# The limit and topology tests use a real Redis (databases 1 and 2, flushed by the tests).
redis_url=${WORKSHOP_TEST_REDIS_URL:-redis://127.0.0.1:6379/1}
if ! .venv/bin/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).ping()" \
    "$redis_url" 2>/dev/null; then
    echo "The limit and topology tests need Redis at $redis_url (.ci/run starts it):" >&2
    echo "    sudo apt-get install redis-server   (or set WORKSHOP_TEST_REDIS_URL)" >&2
    exit 1
fi
exec .venv/bin/python -m pytest "$@"

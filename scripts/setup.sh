#!/usr/bin/env bash
# Shared set-up of run.sh and test.sh: the virtualenv, Python and npm packages, translations.
# Idempotent and quick when nothing changed. Usage: scripts/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Strategiapaja needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtualenv in .venv ..."
    "$PYTHON" -m venv .venv
fi

extras=""
[ "${1:-}" = "dev" ] && extras="[dev]"
stamp=".venv/.installed${extras}"
# Reinstall only when the project's dependencies changed since the last install.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "Installing Python packages ..."
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${extras}"
    touch "$stamp"
fi

# The assistant's Finnish morphology (Voikko): Debian packages, used through the pip binding.
if ! dpkg -s libvoikko1 voikko-fi >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing libvoikko1 and voikko-fi (Finnish morphology for the assistant) ..."
        apt-get install -y -qq libvoikko1 voikko-fi >/dev/null \
            || { apt-get update -qq && apt-get install -y -qq libvoikko1 voikko-fi >/dev/null; }
    elif ! .venv/bin/python -c 'import libvoikko; libvoikko.Voikko("fi")' 2>/dev/null; then
        echo "Note: the review assistant needs Voikko, the Finnish morphology library:" >&2
        echo "    sudo apt-get install libvoikko1 voikko-fi" >&2
        echo "(elsewhere: libvoikko with its Finnish dictionary, voikko-fi). Without it the" >&2
        echo "app runs, but the assistant says in the chat that it cannot answer." >&2
    fi
fi

if [ -f package-lock.json ]; then
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        if ! command -v npm >/dev/null; then
            echo "npm is needed for the front-end packages (Debian: apt-get install npm)." >&2
            exit 1
        fi
        echo "Installing npm packages ..."
        npm ci --no-audit --no-fund --loglevel=error
    fi
fi

.venv/bin/pybabel -q compile -d workshop/translations

# Front-end packages are served by the app itself (no CDN): copy the built files it serves.
mkdir -p workshop/static/vendor
cp node_modules/socket.io-client/dist/socket.io.min.js workshop/static/vendor/socket.io.min.js

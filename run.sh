#!/usr/bin/env bash
# Runs Strategiapaja on http://127.0.0.1:5000 with its embedded default database (SQLite in
# instance/), creating what it needs first. Settings: see "Configuration" in README.md.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
.venv/bin/workshop db upgrade
exec .venv/bin/workshop run "$@"

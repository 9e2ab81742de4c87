#!/usr/bin/env bash
# Interface translations. `scripts/i18n.sh update` extracts the strings from the code and
# merges them into the Finnish catalogue (then translate the new ones in
# workshop/translations/fi/LC_MESSAGES/messages.po); `scripts/i18n.sh compile` builds the .mo.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
    update)
        .venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location \
            --sort-output --omit-header -o workshop/translations/messages.pot .
        .venv/bin/pybabel update -i workshop/translations/messages.pot -d workshop/translations \
            --no-fuzzy-matching --width 100
        ;;
    compile)
        .venv/bin/pybabel compile -d workshop/translations
        ;;
    *)
        echo "usage: $0 update|compile" >&2
        exit 2
        ;;
esac

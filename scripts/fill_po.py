"""Fill Finnish translations into the catalogue from a JSON object {msgid: msgstr}.

Usage: .venv/bin/python scripts/fill_po.py FILE.json  (then scripts/i18n.sh compile)
Reports the msgids still untranslated, so a translator sees what is left.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "workshop/translations/fi/LC_MESSAGES/messages.po"


def main() -> int:
    texts = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")) if len(sys.argv) > 1 else {}
    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle, locale="fi")
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in texts:
            message.string = texts[key]
            message.flags.discard("fuzzy")
    with CATALOGUE.open("wb") as handle:
        write_po(handle, catalog, width=100)
    missing = [m.id for m in catalog if m.id and (not m.string or "fuzzy" in m.flags)]
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

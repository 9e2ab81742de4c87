"""Every interface string is translated to Finnish, and the catalogue matches the code."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "workshop" / "translations" / "fi" / "LC_MESSAGES" / "messages.po"


def _ids(catalog) -> set[str]:
    return {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalog
        if message.id
    }


def test_every_message_has_a_finnish_translation():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="fi")
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            "fuzzy" in message.flags
            or not (message.string if isinstance(message.string, str) else all(message.string))
        )
    ]
    assert untranslated == []


def test_the_finnish_catalogue_covers_every_string_in_the_code(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(template),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as handle:
        in_code = _ids(read_po(handle))
    with CATALOG.open("rb") as handle:
        translated = _ids(read_po(handle, locale="fi"))
    assert in_code - translated == set(), "run scripts/i18n.sh update and translate"

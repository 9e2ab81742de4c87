"""The sub-regions (seutukunnat) of North Ostrobothnia and the register's stakeholder groups."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workshop.review.defaults import STAKEHOLDER_GROUPS

# The seven seutukunnat of Pohjois-Pohjanmaa (Statistics Finland's classification).
# Keys are stored; the names are shown. The names are place names, the same in both languages.
SUB_REGIONS: list[tuple[str, str]] = [
    ("oulu", "Oulu"),
    ("oulunkaari", "Oulunkaari"),
    ("koillismaa", "Koillismaa"),
    ("raahe", "Raahe"),
    ("haapavesi-siikalatva", "Haapavesi–Siikalatva"),
    ("nivala-haapajarvi", "Nivala–Haapajärvi"),
    ("ylivieska", "Ylivieska"),
]
SUB_REGION_KEYS = [key for key, _name in SUB_REGIONS]
SUB_REGION_NAMES = dict(SUB_REGIONS)

# An organisation that serves the whole region (the council, the university) has no one
# sub-region: it is kept apart rather than forced into Oulu's count.
WHOLE_REGION = "koko-maakunta"
WHOLE_REGION_LABEL = _l("Whole region")

# The groups a register organisation belongs to: the seed's groups that every new round gets.
GROUP_KEYS = [key for key, _fi, _en in STAKEHOLDER_GROUPS]


def group_name(key: str, locale: str | None) -> str:
    """A register group's name in the locale (Finnish unless English is asked for)."""
    for group_key, finnish, english in STAKEHOLDER_GROUPS:
        if group_key == key:
            return english if locale == "en" else finnish
    return key


def sub_region_name(key: str | None) -> str:
    """A sub-region's shown name."""
    if key == WHOLE_REGION or not key:
        return str(WHOLE_REGION_LABEL)
    return SUB_REGION_NAMES.get(key, key)

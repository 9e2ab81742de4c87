"""Reading a stakeholder register from .xlsx or CSV: one contact a row, every problem reported.

A row names an organisation, its stakeholder group and sub-region, and one contact (name,
e-mail, role, language). An organisation's rows must agree on its group and sub-region; a row
without name and e-mail registers the organisation alone. docs/register-import.md is the
reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from workshop.convening.regions import SUB_REGIONS, WHOLE_REGION
from workshop.review.defaults import STAKEHOLDER_GROUPS
from workshop.tabular import (
    RowReader,
    TableImportError,
    add_problem_messages,
    columns,
    normalise_name,
    read_table,
    read_workbook,
)

NAME_LENGTH = 200
EMAIL_LENGTH = 254
XLSX_MAGIC = b"PK\x03\x04"

REGISTER_COLUMNS = columns(
    ("organisation", True, ["organisation", "organisaatio", "organization", "yhteisö"]),
    ("group", True, ["stakeholder group", "sidosryhmä", "group", "ryhmä"]),
    ("sub_region", True, ["sub-region", "seutukunta", "sub region", "subregion", "alue"]),
    ("name", False, ["name", "nimi", "contact", "yhteyshenkilö", "contact name"]),
    ("email", False, ["e-mail", "sähköposti", "email", "e-mail address", "sähköpostiosoite"]),
    ("role", False, ["role", "rooli", "title", "tehtävä", "titteli"]),
    ("language", False, ["language", "kieli", "preferred language", "asiointikieli"]),
)

add_problem_messages(
    {
        "unknown_group": lambda p: _(
            "No stakeholder group is called %(value)s (use one of: %(known)s).", **p
        ),
        "unknown_sub_region": lambda p: _(
            "No sub-region is called %(value)s (use one of: %(known)s).", **p
        ),
        "unknown_language": lambda p: _("The language must be fi or en: %(value)s", **p),
        "not_an_email": lambda p: _("Not an e-mail address: %(value)s", **p),
        "name_without_email": lambda p: _("A contact needs an e-mail address."),
        "email_without_name": lambda p: _("A contact needs a name."),
        "conflicting_organisation": lambda p: _(
            "The organisation has another group or sub-region on line %(other)s.", **p
        ),
        "duplicate_contact": lambda p: _(
            "The same organisation and e-mail address are already on line %(other)s.", **p
        ),
    }
)

LANGUAGE_NAMES = {
    "fi": "fi",
    "suomi": "fi",
    "finnish": "fi",
    "fin": "fi",
    "en": "en",
    "englanti": "en",
    "english": "en",
    "eng": "en",
}


@dataclass(frozen=True)
class RegisterRow:
    """One row of a register file: an organisation and, unless both are empty, a contact."""

    line: int
    organisation: str
    group_key: str
    sub_region: str
    name: str
    email: str
    role: str
    language: str

    @property
    def has_contact(self) -> bool:
        return bool(self.email)


def _spelling(name: str) -> str:
    """A group or sub-region as matched: case, dashes and the word "seutukunta" ignored."""
    name = normalise_name(name).replace("\u2013", "-").replace("\u2014", "-")
    name = re.sub(r"\s*-\s*", "-", name)
    return re.sub(r"\s+(seutukunta|sub-region)$", "", name)


def group_lookup() -> dict[str, str]:
    """Group keys by every name they go by: key, Finnish name, English name."""
    lookup = {}
    for key, finnish, english in STAKEHOLDER_GROUPS:
        for name in (key, finnish, english):
            lookup[_spelling(name)] = key
    return lookup


def sub_region_lookup() -> dict[str, str]:
    """Sub-region keys by key, name and the names of the whole region."""
    lookup = {_spelling(key): key for key, _name in SUB_REGIONS}
    lookup.update({_spelling(name): key for key, name in SUB_REGIONS})
    for name in (WHOLE_REGION, "koko maakunta", "whole region", "pohjois-pohjanmaa", "maakunta"):
        lookup[_spelling(name)] = WHOLE_REGION
    return lookup


def normalise_email(address: str) -> str | None:
    """The address as stored (lower case), or None when it is not one."""
    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return None
    return checked.normalized.lower()


def _row(reader: RowReader, groups: dict[str, str], regions: dict[str, str]) -> RegisterRow | None:
    organisation = reader.text("organisation", NAME_LENGTH, required=True)
    group_text = reader.text("group", NAME_LENGTH, required=True)
    group_key = groups.get(_spelling(group_text)) if group_text else None
    if group_text and group_key is None:
        known = ", ".join(finnish for _key, finnish, _english in STAKEHOLDER_GROUPS)
        reader.problem("group", "unknown_group", value=group_text, known=known)
    region_text = reader.text("sub_region", NAME_LENGTH, required=True)
    sub_region = regions.get(_spelling(region_text)) if region_text else None
    if region_text and sub_region is None:
        known = ", ".join([name for _key, name in SUB_REGIONS] + ["Koko maakunta"])
        reader.problem("sub_region", "unknown_sub_region", value=region_text, known=known)
    name = reader.text("name", NAME_LENGTH)
    email_text = reader.text("email", EMAIL_LENGTH)
    role = reader.text("role", NAME_LENGTH)
    language_text = reader.raw("language")
    language = LANGUAGE_NAMES.get(language_text.casefold()) if language_text else "fi"
    if language is None:
        reader.problem("language", "unknown_language", value=language_text)
    email = ""
    if email_text:
        email = normalise_email(email_text) or ""
        if not email:
            reader.problem("email", "not_an_email", value=email_text)
            return None
        if not name:
            reader.problem("name", "email_without_name")
            return None
    elif name:
        reader.problem("email", "name_without_email")
        return None
    fields = (organisation, group_key, sub_region, name, role, language)
    if any(value is None for value in fields):
        return None
    return RegisterRow(
        reader.line, organisation, group_key, sub_region, name or "", email, role or "", language
    )


def read_register(data: bytes, file_name: str = "") -> list[RegisterRow]:
    """The rows of a register file (.xlsx or CSV), or TableImportError with every problem."""
    is_workbook = data.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx")
    table = (read_workbook if is_workbook else read_table)(data, REGISTER_COLUMNS)
    groups, regions = group_lookup(), sub_region_lookup()
    problems = table.problems
    rows: list[RegisterRow] = []
    organisations: dict[str, RegisterRow] = {}
    contacts: dict[tuple[str, str], int] = {}
    for line, raw in table.rows:
        reader = RowReader(line, raw, table.headers, problems)
        row = _row(reader, groups, regions)
        if row is None:
            continue
        key = normalise_name(row.organisation)
        first = organisations.setdefault(key, row)
        if (first.group_key, first.sub_region) != (row.group_key, row.sub_region):
            reader.problem("organisation", "conflicting_organisation", other=first.line)
            continue
        if row.has_contact:
            if (key, row.email) in contacts:
                reader.problem("email", "duplicate_contact", other=contacts[key, row.email])
                continue
            contacts[key, row.email] = line
        rows.append(row)
    if problems:
        raise TableImportError(sorted(problems, key=lambda problem: problem.line))
    return rows

"""Importing the register from .xlsx and `;` CSV: every bad row reported, nothing of a bad
file imported, the same file twice changes nothing."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from tests.convening.conftest import HEADER_EN, finnish_csv, register_rows, workbook
from workshop.convening import services
from workshop.convening.models import Contact, Organisation
from workshop.extensions import db
from workshop.tabular import TableImportError


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def problems_of(data: bytes, file_name: str) -> list[tuple[int, str, str]]:
    with pytest.raises(TableImportError) as raised:
        services.import_register(data, file_name)
    db.session.rollback()
    return [(p.line, p.column, p.code) for p in raised.value.problems]


def test_a_workbook_of_200_contacts_is_imported(app, register_workbook):
    summary = services.import_register(register_workbook, "rekisteri.xlsx")
    db.session.commit()
    assert (summary.organisations.created, summary.contacts.created) == (40, 200)
    assert (count(Organisation), count(Contact)) == (40, 200)
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == "Organisaatio 02 Oy")
    )
    # Organisation 2: the third group, the third sub-region.
    assert (organisation.group_key, organisation.sub_region) == (
        "tutkimus-ja-koulutus",
        "koillismaa",
    )
    assert len(organisation.contacts) == 5
    english = db.session.scalar(select(Contact).where(Contact.email == "henkilo000@org00.example"))
    assert (english.name, english.role, english.language) == ("Henkilö 000", "Asiantuntija", "en")


def test_the_same_workbook_again_changes_nothing_and_a_changed_row_updates(app):
    rows = register_rows(contacts=20, organisations=4)
    services.import_register(workbook(rows), "a.xlsx")
    db.session.commit()
    rows[0] = rows[0][:5] + ("Johtaja", "fi")
    summary = services.import_register(workbook(rows), "a.xlsx")
    db.session.commit()
    assert summary.organisations.unchanged == 4
    assert (summary.contacts.updated, summary.contacts.unchanged) == (1, 19)
    assert count(Contact) == 20


def test_a_bad_workbook_reports_every_bad_row_and_imports_nothing(app):
    rows = register_rows(contacts=10, organisations=5)
    rows[1] = ("Org X", "Lobbarit", *rows[1][2:])  # unknown group
    rows[2] = (*rows[2][:2], "Lappi", *rows[2][3:])  # unknown sub-region
    rows[3] = (*rows[3][:4], "ei-osoite", *rows[3][5:])  # not an e-mail address
    rows[4] = (*rows[4][:3], "", *rows[4][4:])  # an address without a name
    rows[6] = (*rows[6][:6], "sv")  # a language the app does not speak
    rows[5] = (rows[5][0], "Kehittämisyhtiöt", *rows[5][2:])  # the organisation's other group
    rows[8] = rows[0]  # the same contact twice
    problems = problems_of(workbook(rows), "bad.xlsx")
    # Line 1 is the header: row i of the list is line i + 2.
    assert problems == [
        (3, "Sidosryhmä", "unknown_group"),
        (4, "Seutukunta", "unknown_sub_region"),
        (5, "Sähköposti", "not_an_email"),
        (6, "Nimi", "email_without_name"),
        (7, "Organisaatio", "conflicting_organisation"),
        (8, "Kieli", "unknown_language"),
        (10, "Sähköposti", "duplicate_contact"),
    ]
    assert (count(Organisation), count(Contact)) == (0, 0)


def test_problems_are_said_in_the_reader_s_language(app):
    rows = [("Org", "Lobbarit", "Oulu", "A", "a@b.example", "", "fi")]
    with pytest.raises(TableImportError) as raised:
        services.import_register(workbook(rows), "x.xlsx")
    [problem] = raised.value.problems
    with force_locale("fi"):
        assert "Sidosryhmää Lobbarit ei ole" in problem.message()
    with force_locale("en"):
        assert str(problem).startswith("line 2, column Sidosryhmä: No stakeholder group")


def test_a_workbook_with_english_headers_numbers_and_blank_rows_above(app):
    rows = [("Oulun Yritys Oy", "clusters", "KOILLISMAA seutukunta", "Ann Lee", "Ann@Oulu.Example",
             2026, "English"), ("", "", "", "", "", "", "")]  # fmt: skip
    services.import_register(workbook(rows, HEADER_EN, blank_rows_above=2), "en.xlsx")
    db.session.commit()
    [contact] = db.session.scalars(select(Contact)).all()
    assert (contact.email, contact.role, contact.language) == ("ann@oulu.example", "2026", "en")
    assert (contact.organisation.group_key, contact.organisation.sub_region) == (
        "klusterit",
        "koillismaa",
    )


def test_a_missing_column_is_reported_on_the_header_line(app):
    data = workbook([("Org", "Klusterit", "x@y.example")], ["Organisaatio", "Ryhmä", "Sähköposti"])
    assert problems_of(data, "x.xlsx") == [(1, "", "missing_column")]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_a_finnish_csv_in_each_encoding(app, encoding):
    data = (
        finnish_csv(
            "Organisaatio;Sidosryhmä;Seutukunta;Nimi;Sähköposti;Rooli;Kieli",
            "Kärsämäen kunta;Kunnat ja alueelliset edustajat;Nivala–Haapajärvi;Äijä Öljynen;"
            "aija@karsamaki.example;Elinkeinoasiamies;",
            "Pohjois-Pohjanmaan liitto;kunnat;Koko maakunta;;;;",
            encoding=encoding if encoding != "cp1252" else "cp1252",
        )
        if encoding != "cp1252"
        else finnish_csv(
            "Organisaatio;Sidosryhmä;Seutukunta;Nimi;Sähköposti;Rooli;Kieli",
            "Kärsämäen kunta;Kunnat ja alueelliset edustajat;Nivala-Haapajärvi;Äijä Öljynen;"
            "aija@karsamaki.example;Elinkeinoasiamies;",
            "Pohjois-Pohjanmaan liitto;kunnat;Koko maakunta;;;;",
            encoding="cp1252",
        )
    )
    summary = services.import_register(data, "rekisteri.csv")
    db.session.commit()
    assert (summary.organisations.created, summary.contacts.created) == (2, 1)
    contact = db.session.scalar(select(Contact))
    assert (contact.name, contact.organisation.name) == ("Äijä Öljynen", "Kärsämäen kunta")
    assert contact.organisation.sub_region == "nivala-haapajarvi"
    council = db.session.scalar(select(Organisation).where(Organisation.name.like("Pohjois%")))
    assert council.sub_region == "koko-maakunta" and council.contacts == []


def test_a_file_that_is_neither_a_workbook_nor_text(app):
    assert problems_of(b"PK\x03\x04 not really a zip", "x.xlsx") == [(0, "", "not_a_workbook")]
    assert problems_of(b"\x81\x8d\x8f\x90\x9d", "x.csv") == [(0, "", "encoding")]


def test_hostile_text_in_cells_is_cleaned(app):
    rows = [
        ("Org\u202eevil", "Klusterit", "Oulu", "Nimi\u200b\u2066 <b>x</b>", "a@b.example", "", "fi")
    ]
    services.import_register(workbook(rows), "x.xlsx")
    db.session.commit()
    contact = db.session.scalar(select(Contact))
    assert "\u202e" not in contact.organisation.name and "\u2066" not in contact.name
    assert contact.name.endswith("<b>x</b>")  # kept as text; templates escape it


def test_an_export_imports_back_as_it_was_with_formula_characters(app):
    """The export puts an apostrophe before = + - @ (an address may start with them too), so
    no spreadsheet runs them; the import takes that one apostrophe off again."""
    from workshop.convening import services as register_services
    from workshop.convening.models import Contact, Organisation
    from workshop.convening.services import ContactInput, OrganisationInput
    from workshop.extensions import db as database

    organisation = register_services.create_organisation(
        OrganisationInput("-Foo ry", "klusterit", "oulu")
    )
    register_services.add_contact(
        organisation, ContactInput("-Foo", "=cmd@x.example", "+Johtaja", "fi")
    )
    register_services.add_contact(organisation, ContactInput("O'Brien", "ob@x.example", "", "en"))
    database.session.commit()
    exported = register_services.contacts_csv()
    assert ";'=cmd@x.example;" in exported and "'-Foo ry;" in exported
    for contact in database.session.scalars(database.select(Contact)):
        database.session.delete(contact)
    database.session.delete(database.session.get(Organisation, organisation.id))
    database.session.commit()
    register_services.import_register(exported.encode("utf-8"), "rekisteri.csv")
    database.session.commit()
    (again,) = database.session.scalars(database.select(Organisation)).all()
    assert again.name == "-Foo ry"
    assert sorted((c.name, c.email, c.role) for c in again.contacts) == [
        ("-Foo", "=cmd@x.example", "+Johtaja"),
        ("O'Brien", "ob@x.example", ""),
    ]

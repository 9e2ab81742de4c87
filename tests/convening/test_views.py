"""The register's pages: import (a 200-contact workbook and a bad one), list, add, edit,
delete, export; validation keeps what was typed; the purpose and legal basis are stated."""

import io
import re

from sqlalchemy import func, select

from tests.conftest import TEST_PASSWORD
from tests.convening.conftest import register_rows, workbook
from workshop.audit.models import AuditEvent
from workshop.convening import services
from workshop.convening.models import Contact, Organisation
from workshop.extensions import db


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def upload(client, data: bytes, name: str):
    return client.post(
        "/register/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def make_organisation(name="Oulu Health", group="klusterit", region="oulu"):
    organisation = services.create_organisation(services.OrganisationInput(name, group, region))
    db.session.commit()
    return organisation


def test_a_facilitator_imports_200_contacts_from_a_workbook(logged_in_client, register_workbook):
    response = upload(logged_in_client, register_workbook, "rekisteri.xlsx")
    assert response.status_code == 302
    page = logged_in_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tuotiin 40 organisaatiota (40 uutta) ja 200 yhteyshenkilöä" in page
    assert "40 organisaatiota · 200 yhteyshenkilöä" in page
    assert (count(Organisation), count(Contact)) == (40, 200)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "register.import"))
    assert event.details["contacts_created"] == 200
    assert "Henkilö" not in str(event.details) and "@" not in str(event.details)


def test_a_bad_workbook_shows_each_bad_row_and_imports_nothing(logged_in_client):
    rows = register_rows(contacts=6, organisations=3)
    rows[1] = ("Org X", "Lobbarit", *rows[1][2:])
    rows[4] = (*rows[4][:4], "rikki@", *rows[4][5:])
    response = upload(logged_in_client, workbook(rows), "rikki.xlsx")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Tiedostossa on 2 ongelmaa. Mitään ei tuotu." in page
    cells = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td>", page)
    assert cells == [("3", "Sidosryhmä"), ("6", "Sähköposti")]
    assert count(Organisation) == 0


def test_an_upload_of_another_kind_of_file_is_refused(logged_in_client):
    response = upload(logged_in_client, b"%PDF-1.4", "lista.pdf")
    assert response.status_code == 400
    assert count(Organisation) == 0


def test_the_list_filters_by_group_and_sub_region(logged_in_client):
    make_organisation("Oulu Health", "klusterit", "oulu")
    make_organisation("Kuusamon kaupunki", "kunnat", "koillismaa")
    page = logged_in_client.get("/register/?region=koillismaa").get_data(as_text=True)
    assert "Kuusamon kaupunki" in page and "Oulu Health" not in page
    page = logged_in_client.get("/register/?group=klusterit").get_data(as_text=True)
    assert "Oulu Health" in page and "Kuusamon kaupunki" not in page
    assert logged_in_client.get("/register/?group=nonsense").status_code == 400


def test_the_pages_state_the_purpose_and_the_legal_basis(logged_in_client):
    for url in ("/register/", "/register/import", "/register/organisations/new"):
        page = logged_in_client.get(url).get_data(as_text=True)
        assert "Rekisterin käyttötarkoitus ja oikeusperuste" in page
        assert "6 artiklan 1 kohdan e alakohta" in page


def test_adding_and_editing_an_organisation_and_its_contacts(logged_in_client):
    response = logged_in_client.post(
        "/register/organisations/new",
        data={"name": "Raahen Konepaja Oy", "group_key": "yritykset", "sub_region": "raahe"},
    )
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    url = f"/register/organisations/{organisation.id}"
    response = logged_in_client.post(
        f"{url}/contacts",
        data={
            "contact-name": "Liisa Rautio",
            "contact-email": "Liisa.Rautio@Konepaja.example",
            "contact-role": "Toimitusjohtaja",
            "contact-language": "en",
        },
    )
    assert response.status_code == 302
    contact = db.session.scalar(select(Contact))
    assert (contact.email, contact.language) == ("liisa.rautio@konepaja.example", "en")
    response = logged_in_client.post(
        f"/register/contacts/{contact.id}",
        data={
            "name": "Liisa Rautio",
            "email": "liisa@konepaja.example",
            "role": "",
            "language": "fi",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (contact.email, contact.role, contact.language) == ("liisa@konepaja.example", "", "fi")
    response = logged_in_client.post(
        url, data={"name": "Raahen Konepaja Oyj", "group_key": "yritykset", "sub_region": "raahe"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert organisation.name == "Raahen Konepaja Oyj"
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {
        "register.organisation.create",
        "register.organisation.update",
        "register.contact.create",
        "register.contact.update",
    } <= actions


def test_a_refused_contact_keeps_what_was_typed_and_says_why(logged_in_client):
    organisation = make_organisation()
    response = logged_in_client.post(
        f"/register/organisations/{organisation.id}/contacts",
        data={"contact-name": "Äijä <b>", "contact-email": "ei osoite", "contact-language": "sv"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="Äijä &lt;b&gt;"' in page and 'value="ei osoite"' in page
    assert "Anna kelvollinen sähköpostiosoite." in page
    assert count(Contact) == 0


def test_the_same_address_twice_in_one_organisation_is_refused(logged_in_client):
    organisation = make_organisation()
    services.add_contact(organisation, services.ContactInput("A", "a@x.example"))
    db.session.commit()
    response = logged_in_client.post(
        f"/register/organisations/{organisation.id}/contacts",
        data={"contact-name": "B", "contact-email": "A@x.example", "contact-language": "fi"},
    )
    assert response.status_code == 400
    assert "Organisaatiolla on jo yhteyshenkilö tällä osoitteella." in response.get_data(
        as_text=True
    )
    assert count(Contact) == 1


def test_deleting_a_contact_asks_first_and_then_deletes_it(logged_in_client):
    organisation = make_organisation()
    contact = services.add_contact(organisation, services.ContactInput("A", "a@x.example"))
    db.session.commit()
    url = f"/register/contacts/{contact.id}/delete"
    assert "Poista yhteyshenkilö" in logged_in_client.get(url).get_data(as_text=True)
    assert logged_in_client.post(url, data={}).status_code == 400  # no yes: nothing deleted
    assert count(Contact) == 1
    assert logged_in_client.post(url, data={"confirm": "yes"}).status_code == 302
    assert count(Contact) == 0
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "register.contact.delete")
    )
    assert event.subject == f"contact:{contact.id}"


def test_deleting_an_organisation_deletes_its_contacts(logged_in_client):
    organisation = make_organisation()
    services.add_contact(organisation, services.ContactInput("A", "a@x.example"))
    db.session.commit()
    url = f"/register/organisations/{organisation.id}/delete"
    assert logged_in_client.post(url, data={"confirm": "yes"}).status_code == 302
    assert (count(Organisation), count(Contact)) == (0, 0)


def test_the_council_exports_every_contact_and_a_facilitator_may_not(
    app, logged_in_client, make_user
):
    organisation = make_organisation()
    services.add_contact(
        organisation, services.ContactInput("=HYPERLINK(1)", "a@x.example", "Johtaja", "en")
    )
    db.session.commit()
    assert logged_in_client.get("/register/contacts.csv").status_code == 403
    council = make_user("neuvosto@example.org", role="council")
    client = app.test_client()
    client.post("/login", data={"email": council.email, "password": TEST_PASSWORD})
    response = client.get("/register/contacts.csv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufefforganisation;stakeholder group;sub-region;name;e-mail")
    assert "Oulu Health;klusterit;oulu;'=HYPERLINK(1);a@x.example;Johtaja;en;" in text
    assert db.session.scalar(
        select(AuditEvent.details).where(AuditEvent.action == "register.export")
    ) == {"contacts": 1}


def test_the_example_workbook_imports_as_it_is(logged_in_client):
    from workshop.convening.demo import example_workbook

    response = logged_in_client.get("/register/example.xlsx")
    assert response.status_code == 200
    # Built once: the second download is the same bytes object, not a new workbook.
    assert example_workbook() is example_workbook()
    assert logged_in_client.get("/register/example.xlsx").data == response.data
    assert upload(logged_in_client, response.data, "esimerkki.xlsx").status_code == 302
    assert (count(Organisation), count(Contact)) == (56, 200)


def test_the_pages_answer_in_english(logged_in_client):
    organisation = make_organisation()
    logged_in_client.get("/language/en")
    page = logged_in_client.get(f"/register/organisations/{organisation.id}").get_data(as_text=True)
    assert "Clusters · Oulu" in page and "Add a contact" in page


def test_the_privacy_notice_lists_the_register(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert 'id="register"' in page
    assert "Sidosryhmärekisteri: kutsuttavat yhteyshenkilöt" in page
    assert "nimi, sähköpostiosoite, rooli, kutsujen kieli" in page


def test_a_100_kb_name_and_control_characters_are_refused_or_cleaned(logged_in_client):
    organisation = make_organisation()
    url = f"/register/organisations/{organisation.id}/contacts"
    response = logged_in_client.post(
        url,
        data={
            "contact-name": "x" * 100_000,
            "contact-email": "a@x.example",
            "contact-language": "fi",
        },
    )
    assert response.status_code == 400 and count(Contact) == 0
    response = logged_in_client.post(
        url,
        data={
            "contact-name": "Aino\u202e\x00 😀",
            "contact-email": "a@x.example",
            "contact-language": "fi",
        },
    )
    assert response.status_code == 302
    contact = db.session.scalar(select(Contact))
    assert "\u202e" not in contact.name and "\x00" not in contact.name
    assert contact.name.startswith("Aino") and "😀" in contact.name


def test_a_language_or_group_outside_the_choices_is_refused(logged_in_client):
    response = logged_in_client.post(
        "/register/organisations/new",
        data={"name": "Org", "group_key": "lobbarit", "sub_region": "lappi"},
    )
    assert response.status_code == 400 and count(Organisation) == 0

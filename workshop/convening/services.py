"""Keeping the stakeholder register: organisations, contacts, import and export (the service
layer: flush, never commit; every change is an audit event with ids, never names)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from workshop.audit import services as audit
from workshop.convening.models import LANGUAGES, Contact, Organisation
from workshop.convening.regions import GROUP_KEYS, SUB_REGION_KEYS, WHOLE_REGION
from workshop.convening.register_import import RegisterRow, normalise_email, read_register
from workshop.errors import DomainError, NotFound
from workshop.exports.cells import neutralised
from workshop.extensions import db
from workshop.tabular import ImportSummary, TableImportError, normalise_name
from workshop.text import clean_text


class RegisterError(DomainError):
    """A change the register's rules refuse; ``code`` says which rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class OrganisationInput:
    """An organisation's fields as a form or a file gives them."""

    name: str
    group_key: str
    sub_region: str


@dataclass(frozen=True)
class ContactInput:
    """A contact's fields as a form or a file gives them."""

    name: str
    email: str
    role: str = ""
    language: str = "fi"


@dataclass(frozen=True)
class RegisterImportSummary:
    """What an import changed, for organisations and for contacts."""

    organisations: ImportSummary
    contacts: ImportSummary


# Reading ----------------------------------------------------------------------------------


def list_organisations(group_key: str | None = None, sub_region: str | None = None):
    """Organisations by name, optionally of one group or sub-region, with their contacts."""
    query = select(Organisation).order_by(func.lower(Organisation.name))
    if group_key:
        query = query.where(Organisation.group_key == group_key)
    if sub_region:
        query = query.where(Organisation.sub_region == sub_region)
    return list(db.session.scalars(query))


def get_organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(f"No organisation {organisation_id}.")
    return organisation


def get_contact(contact_id: int) -> Contact:
    contact = db.session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"No contact {contact_id}.")
    return contact


def contact_count() -> int:
    return db.session.scalar(select(func.count(Contact.id))) or 0


def _find_organisation(name: str) -> Organisation | None:
    """The organisation of this name, case and spacing ignored (a register is hundreds of
    rows: comparing them all is simpler than a normalised column kept in step)."""
    wanted = normalise_name(name)
    return next(
        (o for o in db.session.scalars(select(Organisation)) if normalise_name(o.name) == wanted),
        None,
    )


# Organisations ----------------------------------------------------------------------------


def _checked_organisation(data: OrganisationInput) -> OrganisationInput:
    name = clean_text(data.name, multiline=False)
    if not name:
        raise RegisterError("name_required")
    if data.group_key not in GROUP_KEYS:
        raise RegisterError("unknown_group")
    if data.sub_region not in (*SUB_REGION_KEYS, WHOLE_REGION):
        raise RegisterError("unknown_sub_region")
    return OrganisationInput(name[:200], data.group_key, data.sub_region)


def create_organisation(data: OrganisationInput, *, actor=None) -> Organisation:
    """Add an organisation; its name must not be in the register yet."""
    data = _checked_organisation(data)
    if _find_organisation(data.name) is not None:
        raise RegisterError("duplicate_organisation")
    organisation = Organisation(
        name=data.name, group_key=data.group_key, sub_region=data.sub_region
    )
    db.session.add(organisation)
    db.session.flush()
    audit.record("register.organisation.create", actor=actor, subject=_subject(organisation))
    return organisation


def update_organisation(
    organisation: Organisation, data: OrganisationInput, *, actor=None
) -> Organisation:
    """Change an organisation's name, group or sub-region."""
    data = _checked_organisation(data)
    other = _find_organisation(data.name)
    if other is not None and other.id != organisation.id:
        raise RegisterError("duplicate_organisation")
    changed = _assign(
        organisation, name=data.name, group_key=data.group_key, sub_region=data.sub_region
    )
    if changed:
        db.session.flush()
        audit.record(
            "register.organisation.update",
            actor=actor,
            subject=_subject(organisation),
            fields=",".join(changed),
        )
    return organisation


def delete_organisation(organisation: Organisation, *, actor=None) -> None:
    """Remove an organisation with its contacts."""
    contacts = len(organisation.contacts)
    audit.record(
        "register.organisation.delete",
        actor=actor,
        subject=_subject(organisation),
        contacts=contacts,
    )
    db.session.delete(organisation)
    db.session.flush()


# Contacts ---------------------------------------------------------------------------------


def _checked_contact(data: ContactInput) -> ContactInput:
    name = clean_text(data.name, multiline=False)
    if not name:
        raise RegisterError("name_required")
    email = normalise_email(clean_text(data.email, multiline=False))
    if email is None:
        raise RegisterError("invalid_email")
    if data.language not in LANGUAGES:
        raise RegisterError("unknown_language")
    return ContactInput(
        name[:200], email, clean_text(data.role, multiline=False)[:200], data.language
    )


def _same_email(organisation: Organisation, email: str, but: Contact | None = None) -> bool:
    return any(c.email == email and c is not but for c in organisation.contacts)


def add_contact(organisation: Organisation, data: ContactInput, *, actor=None) -> Contact:
    """Add a contact to an organisation; the same address twice in one organisation is refused."""
    data = _checked_contact(data)
    if _same_email(organisation, data.email):
        raise RegisterError("duplicate_contact")
    contact = Contact(
        organisation=organisation,
        name=data.name,
        email=data.email,
        role=data.role,
        language=data.language,
    )
    db.session.add(contact)
    db.session.flush()
    audit.record("register.contact.create", actor=actor, subject=_subject(contact))
    return contact


def update_contact(contact: Contact, data: ContactInput, *, actor=None) -> Contact:
    """Change a contact's name, address, role or language."""
    data = _checked_contact(data)
    if _same_email(contact.organisation, data.email, but=contact):
        raise RegisterError("duplicate_contact")
    changed = _assign(
        contact, name=data.name, email=data.email, role=data.role, language=data.language
    )
    if changed:
        db.session.flush()
        audit.record(
            "register.contact.update",
            actor=actor,
            subject=_subject(contact),
            fields=",".join(changed),
        )
    return contact


def delete_contact(contact: Contact, *, actor=None) -> None:
    """Remove a contact: the register keeps nothing of them (the audit event keeps the id)."""
    audit.record("register.contact.delete", actor=actor, subject=_subject(contact))
    organisation = contact.organisation
    organisation.contacts.remove(contact)
    db.session.delete(contact)
    db.session.flush()


def _assign(row, **values) -> list[str]:
    """Set the values that differ; the names of the fields changed."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return changed


def _subject(row) -> str:
    kind = "organisation" if isinstance(row, Organisation) else "contact"
    return f"{kind}:{row.id}"


# Import -----------------------------------------------------------------------------------


def import_register(data: bytes, file_name: str = "", *, actor=None) -> RegisterImportSummary:
    """Import a register file (.xlsx or CSV): organisations by name and their contacts by
    e-mail address are added or updated, nothing is removed. A file with any problem raises
    TableImportError and changes nothing."""
    rows = read_register(data, file_name)
    existing = {normalise_name(o.name): o for o in db.session.scalars(select(Organisation))}
    organisation_counts = {"created": 0, "updated": 0, "unchanged": 0}
    contact_counts = {"created": 0, "updated": 0, "unchanged": 0}
    seen_organisations: set[str] = set()
    for row in rows:
        key = normalise_name(row.organisation)
        organisation = existing.get(key)
        if key not in seen_organisations:
            seen_organisations.add(key)
            if organisation is None:
                organisation = Organisation(
                    name=row.organisation, group_key=row.group_key, sub_region=row.sub_region
                )
                db.session.add(organisation)
                existing[key] = organisation
                organisation_counts["created"] += 1
            elif _assign(organisation, group_key=row.group_key, sub_region=row.sub_region):
                organisation_counts["updated"] += 1
            else:
                organisation_counts["unchanged"] += 1
        if row.has_contact:
            contact_counts[_import_contact(organisation, row)] += 1
    db.session.flush()
    summary = RegisterImportSummary(
        ImportSummary(**organisation_counts), ImportSummary(**contact_counts)
    )
    audit.record(
        "register.import",
        actor=actor,
        file_type="xlsx" if file_name.lower().endswith(".xlsx") else "csv",
        organisations_created=summary.organisations.created,
        organisations_updated=summary.organisations.updated,
        contacts_created=summary.contacts.created,
        contacts_updated=summary.contacts.updated,
    )
    return summary


def _import_contact(organisation: Organisation, row: RegisterRow) -> str:
    contact = next((c for c in organisation.contacts if c.email == row.email), None)
    if contact is None:
        organisation.contacts.append(
            Contact(name=row.name, email=row.email, role=row.role, language=row.language)
        )
        return "created"
    if _assign(contact, name=row.name, role=row.role, language=row.language):
        return "updated"
    return "unchanged"


def import_file(data: bytes, file_name: str, actor_id: int | None) -> tuple[str, object]:
    """Import an uploaded register file and commit it: the job the upload page runs in a worker
    process (``workshop.offload``). Returns ``("imported", RegisterImportSummary)``,
    ``("problems", [TableProblem, ...])`` (nothing imported) or ``("conflict", None)``."""
    from workshop.auth.models import User

    actor = db.session.get(User, actor_id) if actor_id else None
    try:
        summary = import_register(data, file_name, actor=actor)
        db.session.commit()
    except TableImportError as error:
        db.session.rollback()
        return "problems", error.problems
    except IntegrityError:
        db.session.rollback()
        return "conflict", None
    return "imported", summary


# Export -----------------------------------------------------------------------------------

EXPORT_HEADER = [
    "organisation",
    "stakeholder group",
    "sub-region",
    "name",
    "e-mail",
    "role",
    "language",
    "unsubscribed",
]


def contacts_csv(*, actor=None) -> str:
    """Every contact as `;`-separated CSV with a BOM (Excel in Finnish settings opens it as
    is), in the import's columns, so an exported file imports back unchanged."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    count = 0
    for organisation in list_organisations():
        if not organisation.contacts:
            writer.writerow(
                [
                    neutralised(organisation.name),
                    organisation.group_key,
                    organisation.sub_region,
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
        for contact in organisation.contacts:
            count += 1
            writer.writerow(
                [
                    neutralised(organisation.name),
                    organisation.group_key,
                    organisation.sub_region,
                    neutralised(contact.name),
                    # = + - are valid in an address's local part: neutralised too.
                    neutralised(contact.email),
                    neutralised(contact.role),
                    contact.language,
                    contact.unsubscribed_at.date().isoformat() if contact.unsubscribed_at else "",
                ]
            )
    audit.record("register.export", actor=actor, contacts=count)
    return out.getvalue()

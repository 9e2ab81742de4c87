"""The register's pages: organisations and their contacts, import, export (staff; the export
of every contact for the council and admins, docs/security.md "Accounts and roles")."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from workshop import offload
from workshop.auth.models import STAFF_ROLES
from workshop.convening import coverage, services
from workshop.convening.demo import example_workbook
from workshop.convening.forms import (
    ContactForm,
    DeleteForm,
    FilterForm,
    OrganisationForm,
    RegisterUploadForm,
)
from workshop.convening.regions import group_name, sub_region_name
from workshop.convening.services import ContactInput, OrganisationInput, RegisterError
from workshop.i18n import current_locale
from workshop.web import Confirmation, committing, render_confirmation, roles_required

blueprint = Blueprint("convening", __name__, url_prefix="/register")

staff_only = roles_required(*STAFF_ROLES)
council_only = roles_required("council", "admin")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blueprint.app_template_global("register_group_name")
def _group_name(key: str) -> str:
    return group_name(key, current_locale())


@blueprint.app_template_global("register_sub_region_name")
def _sub_region_name(key: str) -> str:
    return sub_region_name(key)


@blueprint.app_template_global("round_coverage")
def _round_coverage(review_round):
    """The round page's coverage table (staff: exact counts, as the console's)."""
    return coverage.round_coverage(review_round, current_locale())


def _error_message(error: RegisterError) -> str:
    messages = {
        "duplicate_organisation": _("An organisation of that name is already in the register."),
        "duplicate_contact": _("The organisation already has a contact with that address."),
        "name_required": _("Give the name."),
        "invalid_email": _("Enter a valid e-mail address."),
        "unknown_group": _("Choose a group."),
        "unknown_sub_region": _("Choose a sub-region."),
        "unknown_language": _("Choose Finnish or English."),
    }
    return messages.get(error.code, str(error))


def _organisation_input(form: OrganisationForm) -> OrganisationInput:
    return OrganisationInput(form.name.data, form.group_key.data, form.sub_region.data)


def _contact_input(form: ContactForm) -> ContactInput:
    return ContactInput(form.name.data, form.email.data, form.role.data or "", form.language.data)


# The list ---------------------------------------------------------------------------------


@blueprint.get("/")
@staff_only
def organisations():
    """Every organisation with its group, sub-region and number of contacts; a filter."""
    locale = current_locale()
    filters = FilterForm(request.args).with_choices(locale)
    valid = filters.validate()
    group = filters.group.data if valid else None
    region = filters.region.data if valid else None
    rows = services.list_organisations(group or None, region or None)
    return render_template(
        "convening/organisations.html",
        organisations=rows,
        filters=filters,
        contact_total=sum(len(o.contacts) for o in rows),
        can_export=current_user.role in ("council", "admin"),
    ), (200 if valid else 400)


@blueprint.route("/organisations/new", methods=["GET", "POST"])
@staff_only
@committing
def add_organisation():
    """A new organisation; its contacts are added on its page."""
    form = OrganisationForm().with_choices(current_locale())
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(
                _organisation_input(form), actor=current_user
            )
        except RegisterError as error:
            form.name.errors.append(_error_message(error))
        else:
            flash(_("The organisation was added. Add its contacts below."), "success")
            return redirect(url_for("convening.organisation", organisation_id=organisation.id))
    return render_template("convening/organisation_new.html", form=form), (
        400 if form.errors else 200
    )


@blueprint.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@staff_only
@committing
def organisation(organisation_id: int):
    """An organisation: its details to edit, its contacts and a form to add one."""
    organisation = services.get_organisation(organisation_id)
    form = OrganisationForm(obj=organisation).with_choices(current_locale())
    if form.validate_on_submit():
        try:
            services.update_organisation(
                organisation, _organisation_input(form), actor=current_user
            )
        except RegisterError as error:
            form.name.errors.append(_error_message(error))
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("convening.organisation", organisation_id=organisation_id))
    return _organisation_page(organisation, form=form)


def _organisation_page(organisation, *, form=None, contact_form=None):
    form = form or OrganisationForm(obj=organisation, formdata=None).with_choices(current_locale())
    contact_form = contact_form or ContactForm(formdata=None, prefix="contact")
    status = 400 if (form.errors or contact_form.errors) else 200
    return render_template(
        "convening/organisation.html",
        organisation=organisation,
        form=form,
        contact_form=contact_form,
    ), status


@blueprint.post("/organisations/<int:organisation_id>/contacts")
@staff_only
@committing
def add_contact(organisation_id: int):
    """Add a contact to the organisation."""
    organisation = services.get_organisation(organisation_id)
    form = ContactForm(prefix="contact")
    if form.validate_on_submit():
        try:
            services.add_contact(organisation, _contact_input(form), actor=current_user)
        except RegisterError as error:
            form.email.errors.append(_error_message(error))
        else:
            flash(_("The contact was added."), "success")
            return redirect(
                url_for("convening.organisation", organisation_id=organisation_id) + "#contacts"
            )
    return _organisation_page(organisation, contact_form=form)


@blueprint.route("/contacts/<int:contact_id>", methods=["GET", "POST"])
@staff_only
@committing
def edit_contact(contact_id: int):
    """A contact's name, address, role and language."""
    contact = services.get_contact(contact_id)
    form = ContactForm(obj=contact)
    if form.validate_on_submit():
        try:
            services.update_contact(contact, _contact_input(form), actor=current_user)
        except RegisterError as error:
            form.email.errors.append(_error_message(error))
        else:
            flash(_("Saved."), "success")
            return redirect(
                url_for("convening.organisation", organisation_id=contact.organisation_id)
                + "#contacts"
            )
    return render_template("convening/contact.html", contact=contact, form=form), (
        400 if form.errors else 200
    )


# Deleting ---------------------------------------------------------------------------------


def _confirmed() -> bool:
    return request.method == "POST" and DeleteForm().validate_on_submit()


@blueprint.route("/contacts/<int:contact_id>/delete", methods=["GET", "POST"])
@staff_only
@committing
def delete_contact(contact_id: int):
    """Delete a contact, after the confirmation page's yes."""
    contact = services.get_contact(contact_id)
    organisation_id = contact.organisation_id
    back = url_for("convening.organisation", organisation_id=organisation_id)
    if not _confirmed():
        return render_confirmation(
            Confirmation(
                title=_("Delete the contact %(name)s?", name=contact.name),
                consequences=[
                    _("The contact's name, e-mail address and role are deleted from the register."),
                    _("No invitation or reminder is sent to them any more."),
                ],
                kept=_("The audit log keeps that a contact was deleted, without the name."),
                action=url_for("convening.delete_contact", contact_id=contact_id),
                button=_("Delete the contact"),
                cancel=back,
            ),
            refused=request.method == "POST",
        )
    services.delete_contact(contact, actor=current_user)
    flash(_("The contact was deleted."), "success")
    return redirect(back + "#contacts")


@blueprint.route("/organisations/<int:organisation_id>/delete", methods=["GET", "POST"])
@staff_only
@committing
def delete_organisation(organisation_id: int):
    """Delete an organisation with its contacts, after the confirmation page's yes."""
    organisation = services.get_organisation(organisation_id)
    if not _confirmed():
        count = len(organisation.contacts)
        return render_confirmation(
            Confirmation(
                title=_("Delete %(name)s from the register?", name=organisation.name),
                consequences=[
                    ngettext(
                        "Its %(num)d contact is deleted with it.",
                        "Its %(num)d contacts are deleted with it.",
                        count,
                    ),
                    _("Coverage counts of rounds no longer include the organisation."),
                ],
                action=url_for("convening.delete_organisation", organisation_id=organisation_id),
                button=_("Delete the organisation"),
                cancel=url_for("convening.organisation", organisation_id=organisation_id),
            ),
            refused=request.method == "POST",
        )
    services.delete_organisation(organisation, actor=current_user)
    flash(_("The organisation was deleted."), "success")
    return redirect(url_for("convening.organisations"))


# Import and export ------------------------------------------------------------------------


@blueprint.route("/import", methods=["GET", "POST"])
@staff_only
@committing
def import_register():
    """Upload a register as .xlsx or CSV: imported whole, or every problem shown."""
    form = RegisterUploadForm()
    problems = []
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        # Parsing a workbook of thousands of rows: in a worker process, off the live rooms' loop.
        outcome, detail = offload.run(
            "workshop.convening.services:import_file",
            upload.read(),
            upload.filename or "",
            current_user.id,
        )
        if outcome == "problems":
            problems = detail
        elif outcome == "conflict":
            flash(_("Another import ran at the same time. Try again."), "error")
            status = 409
        else:
            flash(
                _(
                    "Imported %(organisations)s organisations (%(new_organisations)s new) and "
                    "%(contacts)s contacts (%(new_contacts)s new, %(updated)s updated).",
                    organisations=detail.organisations.total,
                    new_organisations=detail.organisations.created,
                    contacts=detail.contacts.total,
                    new_contacts=detail.contacts.created,
                    updated=detail.contacts.updated,
                ),
                "success",
            )
            return redirect(url_for("convening.organisations"))
    if form.errors or problems:
        status = 400
    return render_template("convening/import.html", form=form, problems=problems), status


@blueprint.get("/example.xlsx")
@staff_only
def example_file():
    """An example register workbook (the demo's invented contacts)."""
    return Response(
        example_workbook(),
        mimetype=XLSX_TYPE,
        headers={
            "Content-Disposition": 'attachment; filename="sidosryhmarekisteri-esimerkki.xlsx"'
        },
    )


@blueprint.get("/contacts.csv")
@council_only
@committing
def export_contacts():
    """Every contact as `;` CSV (the import's columns): recorded in the audit log."""
    return Response(
        services.contacts_csv(actor=current_user),
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="sidosryhmarekisteri.csv"',
            # Personal data: no browser or proxy cache keeps a copy.
            "Cache-Control": "no-store",
        },
    )

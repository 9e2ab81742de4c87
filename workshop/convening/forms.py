"""Forms of the register: an organisation, a contact, a file to import, the filter."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, Email, InputRequired, Length, Optional

from workshop.convening.regions import GROUP_KEYS, SUB_REGIONS, WHOLE_REGION, WHOLE_REGION_LABEL
from workshop.review.defaults import STAKEHOLDER_GROUPS
from workshop.text import clean_text


def _line(value):
    return clean_text(value, multiline=False) if isinstance(value, str) else value


def group_choices(locale: str | None) -> list[SelectChoice]:
    return [
        SelectChoice(key, english if locale == "en" else finnish)
        for key, finnish, english in STAKEHOLDER_GROUPS
    ]


def sub_region_choices() -> list[SelectChoice]:
    return [
        *(SelectChoice(key, name) for key, name in SUB_REGIONS),
        SelectChoice(WHOLE_REGION, str(WHOLE_REGION_LABEL)),
    ]


class OrganisationForm(FlaskForm):
    """An organisation: its name, stakeholder group and sub-region."""

    name = StringField(
        _l("Name of the organisation"),
        filters=[_line],
        validators=[InputRequired(_l("Give the organisation's name.")), Length(max=200)],
    )
    group_key = SelectField(
        _l("Stakeholder group"), validators=[AnyOf(GROUP_KEYS, _l("Choose a group."))]
    )
    sub_region = SelectField(
        _l("Sub-region"),
        validators=[
            AnyOf([choice.value for choice in sub_region_choices()], _l("Choose a sub-region."))
        ],
        description=_l(
            "The seutukunta where the organisation works; the whole region for those that "
            "serve all of it."
        ),
    )

    def with_choices(self, locale: str | None):
        self.group_key.choices = group_choices(locale)
        self.sub_region.choices = sub_region_choices()
        return self


class ContactForm(FlaskForm):
    """A contact person: name, e-mail address, role, the language invitations are sent in."""

    name = StringField(
        _l("Name"),
        filters=[_line],
        validators=[InputRequired(_l("Give the contact's name.")), Length(max=200)],
    )
    email = EmailField(
        _l("E-mail address"),
        filters=[_line],
        validators=[
            InputRequired(_l("Give the e-mail address.")),
            Length(max=254),
            Email(_l("Enter a valid e-mail address.")),
        ],
    )
    role = StringField(_l("Role"), filters=[_line], validators=[Optional(), Length(max=200)])
    language = SelectField(
        _l("Language of invitations"),
        choices=[SelectChoice("fi", _l("Finnish")), SelectChoice("en", _l("English"))],
        validators=[AnyOf(["fi", "en"], _l("Choose Finnish or English."))],
    )


class RegisterUploadForm(FlaskForm):
    """A register file to import: an Excel workbook or a CSV file."""

    file = FileField(
        _l("Excel or CSV file"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["xlsx", "csv", "txt"], _l("Choose an .xlsx or .csv file.")),
        ],
    )


class FilterForm(FlaskForm):
    """The list's filter by group and sub-region (a GET form: no CSRF)."""

    class Meta:
        csrf = False

    group = SelectField(_l("Stakeholder group"), validators=[Optional()])
    region = SelectField(_l("Sub-region"), validators=[Optional()])

    def with_choices(self, locale: str | None):
        self.group.choices = [SelectChoice("", _l("All groups")), *group_choices(locale)]
        self.region.choices = [SelectChoice("", _l("All sub-regions")), *sub_region_choices()]
        return self


class DeleteForm(FlaskForm):
    """The explicit yes of a deletion's confirmation page."""

    confirm = StringField(validators=[AnyOf(["yes"])])

"""Forms of the evidence pages: one year's indicator value, CSV uploads."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import IntegerField, StringField, ValidationError
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from workshop.evidence.csvimport import parse_decimal
from workshop.text import clean_text


def _line(value):
    return clean_text(value, multiline=False) if isinstance(value, str) else value


class IndicatorValueForm(FlaskForm):
    """A value of an indicator for a year; a value already stored for the year is replaced."""

    year = IntegerField(
        _l("Year"),
        validators=[InputRequired(_l("Give the year.")), NumberRange(min=1900, max=2100)],
    )
    value = StringField(
        _l("Value"),
        filters=[_line],
        validators=[InputRequired(_l("Give the value.")), Length(max=40)],
        description=_l("A decimal comma or point both work: 24,2 or 24.2."),
    )
    source = StringField(_l("Source"), filters=[_line], validators=[Optional(), Length(max=300)])

    def validate_value(self, field):
        number = parse_decimal(field.data or "")
        if number is None:
            raise ValidationError(_l("Give a number, such as 24,2."))
        self.number = float(number)


class DeleteForm(FlaskForm):
    """A button that removes something (the form carries only the CSRF token)."""


class UploadForm(FlaskForm):
    """A CSV file to import."""

    file = FileField(
        _l("CSV file"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["csv", "txt"], _l("Choose a .csv file.")),
        ],
    )

"""The token page's form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from workshop.api.models import Scope
from workshop.api.services import NAME_MAX_LENGTH
from workshop.text import clean_text


class TokenForm(FlaskForm):
    """A new token: what it is for, and whether it may also run sessions."""

    name = StringField(
        _l("Name (what the token is for)"),
        validators=[
            DataRequired(_l("Give the token a name.")),
            Length(
                max=NAME_MAX_LENGTH,
                message=_l("The name is longer than %(max)s characters."),
            ),
        ],
        filters=[lambda value: clean_text(value, multiline=False) if value else value],
    )
    scope = RadioField(
        _l("Scope"),
        choices=[
            SelectChoice(Scope.READ.value, _l("Read only: rounds, results, reasons, proposals")),
            SelectChoice(
                Scope.WRITE.value, _l("Read and write: also open and close sessions and steps")
            ),
        ],
        default=Scope.READ.value,
        validators=[InputRequired(_l("Choose a scope."))],
    )

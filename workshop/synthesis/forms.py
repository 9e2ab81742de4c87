"""Forms of the synthesis page: saving an assessment or the round's summary, and choosing whose
versions to read."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from workshop.synthesis.services import MAX_TEXT


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class SynthesisTextForm(FlaskForm):
    """One assessment (``scope`` a focus area key) or the summary (``scope`` empty). Which
    scopes exist is the service's rule."""

    scope = StringField(filters=[_stripped], validators=[Length(max=120)])
    text = TextAreaField(
        _l("Assessment"),
        validators=[
            InputRequired(_l("Write the text before saving it.")),
            Length(max=MAX_TEXT, message=_l("The text is too long.")),
        ],
    )


class HistoryForm(Form):
    """Which scope's earlier versions to show (a query string, no CSRF)."""

    scope = StringField(filters=[_stripped], validators=[Length(max=120)])

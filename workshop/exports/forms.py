"""The results download's options."""

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional

from workshop.config import SUPPORTED_LOCALES


class ResultsExportForm(FlaskForm):
    """``?lang=fi|en`` of the download link (a GET form, so no CSRF token); left out, the
    requester's own language."""

    class Meta:
        csrf = False

    lang = SelectField(choices=list(SUPPORTED_LOCALES), validators=[Optional()], default="")

"""The update draft's download options."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from workshop.config import DEFAULT_LOCALE, SUPPORTED_LOCALES


class ReportForm(FlaskForm):
    """``?lang=fi|en`` of the download link (a GET form, so no CSRF token)."""

    class Meta:
        csrf = False

    lang = SelectField(
        _l("Language"),
        choices=list(SUPPORTED_LOCALES),
        default=DEFAULT_LOCALE,
    )

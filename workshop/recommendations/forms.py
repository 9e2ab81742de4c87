"""Forms of a recommendation: the page's form and the same fields for a row of a JSON import;
the form that links recommendations to a round."""

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from workshop.recommendations.services import RecommendationInput
from workshop.text import clean_text

TEXT_LIMIT = 4000


def _line(value):
    return clean_text(value, multiline=False) if isinstance(value, str) else value


def _paragraphs(value):
    return clean_text(value) if isinstance(value, str) else value


def _web_address(form, field) -> None:
    """An http(s) address with a host: no javascript:, data: or mailto: links in the pages."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in field.data:
        raise ValidationError(_l("Give a web address that starts with https:// or http://."))


def _at_least_one(form, field) -> None:
    if not field.data:
        raise ValidationError(_l("Choose at least one focus area."))


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes. Which keys exist is the service's rule (both the page and
    the import pass through it), so the field itself accepts any text."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)


class RecommendationFields(Form):
    """The fields of a recommendation (a JSON import row is validated with this form alone)."""

    year = IntegerField(
        _l("Year"),
        validators=[InputRequired(_l("Give the year.")), NumberRange(min=2000, max=2100)],
        description=_l("The year of the report whose recommendation this is."),
    )
    text = TextAreaField(
        _l("Recommendation in Finnish"),
        filters=[_paragraphs],
        validators=[InputRequired(_l("Write the recommendation.")), Length(max=TEXT_LIMIT)],
    )
    text_en = TextAreaField(
        _l("Recommendation in English"),
        filters=[_paragraphs],
        validators=[Optional(), Length(max=TEXT_LIMIT)],
    )
    source = StringField(
        _l("Source"),
        filters=[_line],
        validators=[InputRequired(_l("Name the document.")), Length(max=300)],
        description=_l("For example: Euroopan komission maaraportti 2025 – Suomi."),
    )
    url = StringField(
        _l("Web address of the source"),
        filters=[_line],
        validators=[Optional(), Length(max=500), _web_address],
    )
    focus_areas = CheckboxesField(_l("Focus areas"), validators=[_at_least_one])
    themes = CheckboxesField(_l("Themes (optional)"))

    def to_input(self) -> RecommendationInput:
        """The validated values as the service takes them."""
        return RecommendationInput(
            year=self.year.data,
            text=self.text.data,
            source=self.source.data,
            text_en=self.text_en.data or "",
            url=self.url.data or "",
            focus_area_keys=tuple(self.focus_areas.data or ()),
            theme_keys=tuple(self.themes.data or ()),
        )


class RecommendationForm(FlaskForm, RecommendationFields):
    """Add or edit a recommendation on its page."""


class RoundLinksForm(FlaskForm):
    """The recommendations a round's review takes into account."""

    recommendations = SelectMultipleField(
        _l("Recommendations in force"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class DeleteForm(FlaskForm):
    """The confirmation page's yes (its CSRF token and the explicit confirm field)."""

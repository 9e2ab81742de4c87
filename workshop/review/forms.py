"""Forms for rounds, sessions and joining, and the Socket.IO payload forms."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from workshop.localtime import LocalDateTimeField
from workshop.realtime import KeyRequired
from workshop.review.models import ResultsMode
from workshop.text import clean_text


def _line(value):
    return clean_text(value, multiline=False) if isinstance(value, str) else value


def _paragraph(value):
    return clean_text(value) if isinstance(value, str) else value


# HTTP forms -------------------------------------------------------------------------------


class RoundForm(FlaskForm):
    title = StringField(
        _l("Title"),
        filters=[_line],
        validators=[DataRequired(_l("Give the round a title.")), Length(max=200)],
    )
    year = IntegerField(
        _l("Year"),
        validators=[InputRequired(_l("Give the year.")), NumberRange(min=2000, max=2100)],
    )
    description = TextAreaField(
        _l("Description"), filters=[_paragraph], validators=[Optional(), Length(max=5000)]
    )
    # On for a new round: text shown on the projector waits for a facilitator (issue 18).
    hold_proposals = BooleanField(
        _l("Hold new proposals for approval before others see them"), default=True
    )
    # The council's timetable, one step a line: every session's wrap-up shows it.
    next_steps = TextAreaField(
        _l("What happens next (one step a line)"),
        filters=[_paragraph],
        validators=[Optional(), Length(max=2000)],
    )


class SessionForm(FlaskForm):
    title = StringField(
        _l("Name"),
        filters=[_line],
        validators=[DataRequired(_l("Give the session a name.")), Length(max=200)],
    )
    location = StringField(_l("Place"), filters=[_line], validators=[Optional(), Length(max=200)])
    # Typed and shown in the configured zone (a session planned for 09:00 starts at nine).
    starts_at = LocalDateTimeField(_l("Starts"), validators=[Optional()])
    # Off by default: no output needs them (docs/security.md, "Personal data").
    ask_identity = BooleanField(_l("Ask for name and organisation"))
    require_pin = BooleanField(
        _l("Ask for a PIN when joining (said aloud in the room, shown on the console only)")
    )


class OnlineWindowForm(FlaskForm):
    """An online window: participants answer at their own pace, guided by the assistant."""

    title = StringField(
        _l("Name"),
        default="Verkkoarviointi",
        filters=[_line],
        validators=[DataRequired(_l("Give the online window a name.")), Length(max=200)],
    )


class GroupForm(FlaskForm):
    name = StringField(
        _l("Name in Finnish"),
        filters=[_line],
        validators=[DataRequired(_l("Give the group a name.")), Length(max=200)],
    )
    english = StringField(
        _l("Name in English"), filters=[_line], validators=[Optional(), Length(max=200)]
    )


class QuestionForm(FlaskForm):
    text = StringField(
        _l("Question in Finnish"),
        filters=[_line],
        validators=[DataRequired(_l("Write the question.")), Length(max=500)],
    )
    english = StringField(
        _l("Question in English"), filters=[_line], validators=[Optional(), Length(max=500)]
    )
    low_label = StringField(
        _l("Meaning of 1 in Finnish"), filters=[_line], validators=[Optional(), Length(max=100)]
    )
    high_label = StringField(
        _l("Meaning of 5 in Finnish"), filters=[_line], validators=[Optional(), Length(max=100)]
    )
    low_label_en = StringField(
        _l("Meaning of 1 in English"), filters=[_line], validators=[Optional(), Length(max=100)]
    )
    high_label_en = StringField(
        _l("Meaning of 5 in English"), filters=[_line], validators=[Optional(), Length(max=100)]
    )

    def scale_labels(self) -> dict[str, str]:
        return {
            name: getattr(self, name).data or ""
            for name in ("low_label", "high_label", "low_label_en", "high_label_en")
        }


class StepForm(FlaskForm):
    kind = SelectField(_l("Kind of step"), validators=[DataRequired()])
    title = StringField(_l("Title"), filters=[_line], validators=[Optional(), Length(max=200)])
    focus_areas = SelectMultipleField(_l("Focus areas to score"), validators=[Optional()])
    # Open question, poll and prioritisation (workshop/steps/config.py checks them again).
    prompt = StringField(
        _l("Question to the room"), filters=[_line], validators=[Optional(), Length(max=300)]
    )
    options = TextAreaField(
        _l("Options of the poll, one a line"),
        filters=[_paragraph],
        validators=[Optional(), Length(max=2000)],
    )
    multiple = BooleanField(_l("Several options may be chosen"))
    max_picks = IntegerField(
        _l("Focus areas each participant picks at most"),
        default=3,
        validators=[Optional(), NumberRange(min=1, max=10)],
    )
    ranked = BooleanField(_l("Picks are ranked: the first pick counts most"))


class StatusForm(FlaskForm):
    status = SelectField(
        choices=[SelectChoice(status) for status in ("draft", "open", "closed")],
        validators=[DataRequired()],
    )


class ConfirmForm(FlaskForm):
    """The explicit yes of a confirmation page: a destructive POST without it changes nothing."""

    confirm = HiddenField(validators=[AnyOf(["yes"])])


class CodeForm(FlaskForm):
    code = StringField(
        _l("Workshop code"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[DataRequired(_l("Enter the code shown in the workshop.")), Length(max=32)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class JoinForm(FlaskForm):
    group = RadioField(
        _l("I represent"), validators=[DataRequired(_l("Choose the group you represent."))]
    )
    organisation = StringField(
        _l("Organisation (optional)"),
        filters=[_line],
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "organization"},
    )
    name = StringField(
        _l("Name (optional)"),
        filters=[_line],
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    # Asked only when the session requires it (the view checks it against the session).
    pin = StringField(
        _l("PIN said in the room"),
        filters=[_line],
        validators=[Optional(), Length(max=8)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class RemoveParticipantsForm(FlaskForm):
    """Remove the chosen participants of a session, with the reason for the audit log."""

    participants = SelectMultipleField(
        _l("Participants"), coerce=int, validators=[DataRequired(_l("Choose who to remove."))]
    )
    reason = StringField(
        _l("Reason (recorded in the audit log)"),
        filters=[_line],
        validators=[DataRequired(_l("Say why they are removed.")), Length(max=500)],
    )


# Socket.IO and JSON payloads (no CSRF: the socket is authenticated by its token or login) ----
# Each field also fixes the JSON type its key takes (realtime.json_type): an IntegerField takes
# an integer, never "4", 4.0 or true.


class JoinPayload(Form):
    code = StringField(validators=[DataRequired(), Length(max=32)])
    group = StringField(validators=[DataRequired(), Length(max=60)])
    organisation = StringField(filters=[_line], validators=[Optional(), Length(max=200)])
    name = StringField(filters=[_line], validators=[Optional(), Length(max=200)])
    locale = StringField(validators=[Optional(), Regexp(r"^(fi|en)$")])
    pin = StringField(validators=[Optional(), Length(max=8)])


class AnswerPayload(Form):
    # Whatever is wrong with the score is the documented ``invalid_value``.
    error_codes = {"value": "invalid_value"}

    submission_id = StringField(
        validators=[DataRequired(), Length(min=8, max=64), Regexp(r"^[A-Za-z0-9_-]+$")]
    )
    step_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    question = StringField(validators=[DataRequired(), Length(max=60)])
    focus_area = StringField(validators=[DataRequired(), Length(max=120)])
    # null is "en osaa sanoa" (don't know); a missing key is not (the client lost it).
    value = IntegerField(validators=[KeyRequired(), Optional(), NumberRange(min=0, max=100)])
    reason = TextAreaField(filters=[_paragraph], validators=[Optional(), Length(max=2000)])


class WatchPayload(Form):
    session_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])


class StepPayload(Form):
    session_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    step_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])


class RevealPayload(StepPayload):
    # Explicit: a BooleanField alone would read a missing key as "hide the results".
    visible = BooleanField(validators=[KeyRequired()])


class ResultsModePayload(StepPayload):
    mode = StringField(validators=[InputRequired(), AnyOf([mode.value for mode in ResultsMode])])


class TimerPayload(StepPayload):
    seconds = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=4 * 60 * 60)])


# Query-string filters (GET: no CSRF; every value must be one offered, never coerced) ----------


class FilterForm(Form):
    """A filter of a GET page or endpoint: each select's choices are set per request, and a value
    not among them is refused by ``SelectField``'s own choice check."""

    def __init__(self, formdata, **kwargs):
        super().__init__(formdata, **kwargs)
        self._formdata = formdata

    def offer(self, **choices: list[tuple[str, str]]) -> "FilterForm":
        """Set each select's choices from (value, label) pairs."""
        for name, options in choices.items():
            self[name].choices = [SelectChoice(value, label) for value, label in options]
        return self

    def refusals(self) -> list[str]:
        """What was wrong, said per filter with the value given (never replaced by another)."""
        messages = []
        for name in self.errors:
            label = self[name].label.text
            values = self._formdata.getlist(name)
            if len(values) > 1:
                messages.append(_("%(field)s: give one value only.", field=label))
            else:
                messages.append(
                    _(
                        "%(field)s: “%(value)s” is not one of the choices. Choose from the list.",
                        field=label,
                        value=(values[0] if values else "")[:60],
                    )
                )
        return messages

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            # A filter given twice would silently be read as its first value.
            if len(self._formdata.getlist(field.name)) > 1:
                field.errors = [*field.errors, "repeated"]
                valid = False
        return valid


class ReasonsFilter(FilterForm):
    focus_area = SelectField(_l("Focus area"), default="")
    group = SelectField(_l("Stakeholder group"), default="")


class RoundResultsFilter(FilterForm):
    session = SelectField(_l("Session"), default="")
    group = SelectField(_l("Stakeholder group"), default="")

"""Payload forms of the open-question, poll and prioritisation events (docs/protocol.md)."""

from wtforms import Form, IntegerField, SelectMultipleField, StringField
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from workshop.realtime import KeyRequired
from workshop.review.forms import StepPayload
from workshop.steps.services import HIDE_REASONS


class OpenAnswerPayload(Form):
    step_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    client_id = StringField(validators=[DataRequired(), Length(min=8, max=64)])
    # Checked again by the service after cleaning (workshop.text.clean_text).
    text = StringField(validators=[DataRequired(), Length(max=2000)])


def _few_short_keys(form, field):
    if len(field.data or []) > 20 or any(len(key) > 120 for key in field.data or []):
        raise ValidationError("Too many or too long choices.")


class ChoicePayload(Form):
    step_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    # The option keys in the participant's order; the service checks them against the step.
    # Required: a lost key must not read as "withdraw my choice" (an empty list does that).
    choices = SelectMultipleField(
        validate_choice=False, validators=[KeyRequired(), _few_short_keys]
    )


class MinePayload(Form):
    step_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])


class OpenModeratePayload(StepPayload):
    answer_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    action = StringField(validators=[DataRequired(), AnyOf(["approve", "hide"])])
    reason = StringField(validators=[Optional(), AnyOf(list(HIDE_REASONS))])
    other = StringField(validators=[Optional(), Length(max=500)])

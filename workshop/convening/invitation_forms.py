"""Forms of the invitations: choosing whom to invite, reminder times, the contact's answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectMultipleField, StringField
from wtforms.validators import AnyOf, DataRequired, InputRequired, NumberRange, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from workshop.api.schemas import MAX_ID
from workshop.convening.invitation_models import Answer
from workshop.localtime import LocalDateTimeField


class CheckboxList(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class InviteForm(FlaskForm):
    """The round's sessions to invite to, and whole groups or single organisations."""

    sessions = CheckboxList(
        _l("Sessions"), coerce=int, validators=[DataRequired(_l("Choose at least one session."))]
    )
    groups = CheckboxList(_l("Whole stakeholder groups"))
    organisations = CheckboxList(_l("Single organisations"), coerce=int)

    def validate_organisations(self, field):
        if not self.groups.data and not field.data:
            raise ValidationError(_l("Choose a group or an organisation to invite."))


class ReminderForm(FlaskForm):
    send_at = LocalDateTimeField(
        _l("Send a reminder at"), validators=[DataRequired(_l("Give the time of the reminder."))]
    )


class CancelReminderForm(FlaskForm):
    # Bounded: an id past the database's integer would fail the lookup with a 500.
    reminder = IntegerField(validators=[InputRequired(), NumberRange(1, MAX_ID)])


class AnswerForm(FlaskForm):
    """Coming or not coming: the button pressed."""

    answer = StringField(
        validators=[
            AnyOf([Answer.COMING.value, Answer.NOT_COMING.value], _l("Answer coming or not."))
        ]
    )


class EmptyForm(FlaskForm):
    """A button with its CSRF token and nothing else."""

    nothing = HiddenField()

"""Forms of the decisions and moderation pages, and the Socket.IO payload forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    Form,
    IntegerField,
    RadioField,
    SelectField,
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

from workshop.proposals.models import ProposalKind
from workshop.review.forms import FilterForm
from workshop.text import clean_text


def _paragraph(value):
    return clean_text(value) if isinstance(value, str) else value


# HTTP forms -------------------------------------------------------------------------------


class DecisionForm(FlaskForm):
    outcome = RadioField(_l("Decision"), validators=[DataRequired(_l("Choose the decision."))])
    wording = TextAreaField(
        _l("The council's wording (when accepted with changes)"),
        filters=[_paragraph],
        validators=[Optional(), Length(max=2000)],
    )
    reason = TextAreaField(
        _l("Reason"),
        filters=[_paragraph],
        validators=[DataRequired(_l("Give the reason for the decision.")), Length(max=2000)],
    )


class EditForm(FlaskForm):
    text = TextAreaField(
        _l("Wording"),
        filters=[_paragraph],
        validators=[DataRequired(_l("Write the wording.")), Length(max=2000)],
    )


class HideForm(FlaskForm):
    reason = StringField(
        _l("Reason for hiding"),
        filters=[_paragraph],
        validators=[DataRequired(_l("Give the reason for hiding.")), Length(max=2000)],
    )


class MergeForm(FlaskForm):
    into = SelectField(_l("Merge into"), coerce=int, validators=[InputRequired()])


class HoldForm(FlaskForm):
    hold_proposals = BooleanField(_l("Hold new proposals for approval before others see them"))


class PublishForm(FlaskForm):
    confirm = BooleanField(
        _l("I confirm: publish the draft as the current version of the strategy"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


# Socket.IO payloads (no CSRF: the socket is authenticated by its token or login) ----------
# Each field also fixes the JSON type its key takes (realtime.json_type).


class ProposalPayload(Form):
    client_id = StringField(
        validators=[DataRequired(), Length(min=8, max=64), Regexp(r"^[A-Za-z0-9_-]+$")]
    )
    kind = StringField(validators=[DataRequired(), AnyOf([k.value for k in ProposalKind])])
    target = StringField(validators=[DataRequired(), Length(max=400)])
    text = TextAreaField(validators=[Optional(), Length(max=2000)])
    rationale = TextAreaField(validators=[Optional(), Length(max=4000)])
    target_value = FloatField(validators=[Optional(), NumberRange(min=-1e12, max=1e12)])


class SupportPayload(Form):
    error_codes = {"value": "invalid_value"}  # as the service's own refusal of the value

    proposal_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    value = IntegerField(validators=[InputRequired(), AnyOf([-1, 0, 1])])


class CommentPayload(Form):
    proposal_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    text = TextAreaField(validators=[DataRequired(), Length(max=2000)])


class ListPayload(Form):
    session_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])


class ModeratePayload(Form):
    session_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    proposal_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    action = StringField(
        validators=[
            DataRequired(),
            AnyOf(["edit", "approve", "hide", "merge", "hide_comment", "approve_comment"]),
        ]
    )
    text = TextAreaField(validators=[Optional(), Length(max=2000)])
    reason = TextAreaField(validators=[Optional(), Length(max=2000)])
    into = IntegerField(validators=[Optional(), NumberRange(min=1)])
    comment_id = IntegerField(validators=[Optional(), NumberRange(min=1)])


class DecisionsFilter(FilterForm):
    """The decisions page's query string: each value one of those offered (set per request)."""

    area = SelectField(_l("Focus area"), default="")
    kind = SelectField(_l("Kind"), default="")
    status = SelectField(_l("Status"), default="")
    show = SelectField(_l("Decision"), default="all")
    group = SelectField(_l("Proposer's group"), default="")
    sort = SelectField(_l("Sort by"), default="support")
    opened = IntegerField(validators=[Optional(), NumberRange(min=1)])

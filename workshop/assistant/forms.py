"""Payload forms of the assistant's Socket.IO events."""

from wtforms import BooleanField, Form, StringField, TextAreaField
from wtforms.validators import Length, Optional, Regexp

# A chat message may be long (a reason, a proposal); the service cleans and clips it.
MAX_TEXT = 4000


class MessagePayload(Form):
    """``assistant:message``: typed ``text``, or a quick reply's ``reply`` value (and label)."""

    text = TextAreaField(validators=[Optional(), Length(max=MAX_TEXT)])
    reply = StringField(validators=[Optional(), Length(max=200), Regexp(r"^[\w:|/.-]+$")])
    label = StringField(validators=[Optional(), Length(max=200)])


class PromptPayload(Form):
    """``assistant:prompt``: ``visit`` is true on a page load (resume greeting)."""

    visit = BooleanField()

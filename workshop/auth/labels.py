"""The names of roles as the pages show them."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from workshop.auth.models import Role

ROLE_NAMES = {
    Role.FACILITATOR: _l("Facilitator"),
    Role.COUNCIL: _l("Council"),
    Role.ADMIN: _l("Administrator"),
}


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(role.value, str(name)) for role, name in ROLE_NAMES.items()]

"""The register's pages: organisations and contacts, import, export."""

from __future__ import annotations

from flask import Blueprint

import workshop.convening.models  # noqa: F401  (the register's tables are part of the schema)

blueprint = Blueprint("convening", __name__, url_prefix="/register")

"""The facts the privacy notice states, from settings (docs/security.md, "Personal data")."""

from __future__ import annotations

from dataclasses import dataclass

from workshop.review.views import TOKEN_COOKIE_DAYS


@dataclass(frozen=True)
class NoticeFacts:
    """Who controls the data and the figures the notice quotes."""

    controller_name: str
    controller_contact: str
    dpo_contact: str
    # The controller's own words on the legal basis; empty shows the standard text.
    legal_basis: str
    retention_days: int
    min_group_size: int
    cookie_days: int


def notice_facts(config) -> NoticeFacts:
    """The notice's facts from the app's configuration."""
    return NoticeFacts(
        controller_name=config["CONTROLLER_NAME"],
        controller_contact=config["CONTROLLER_CONTACT"],
        dpo_contact=config["DPO_CONTACT"],
        legal_basis=config["PRIVACY_LEGAL_BASIS"],
        retention_days=config["RETENTION_DAYS"],
        min_group_size=config["MIN_GROUP_SIZE"],
        cookie_days=TOKEN_COOKIE_DAYS,
    )

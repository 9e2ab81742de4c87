"""What the API leaves out so that a session and a group cannot single someone out: no time
on a reason, no time on a proposal, no name of who decided (docs/security.md, "What the API
and the exports leave out")."""

import json

from tests.api.conftest import bearer
from workshop.api.schemas import SCHEMAS

TIMES_OF_PEOPLE = {"updated_at", "created_at", "decided_by"}


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_reasons_carry_no_time(client, world):
    body = client.get(
        f"/api/v1/rounds/{world['round'].id}/reasons", headers=bearer(world["tokens"]["read"])
    ).get_json()
    assert body["reasons"]
    assert not _keys(body["reasons"]) & TIMES_OF_PEOPLE


def test_proposals_and_decisions_carry_no_time_of_proposing_nor_a_name(client, world):
    headers = bearer(world["tokens"]["read"])
    for what in ("proposals", "decisions"):
        response = client.get(f"/api/v1/rounds/{world['round'].id}/{what}", headers=headers)
        body = response.get_json()
        assert body[what], what
        assert not _keys(body[what]) & TIMES_OF_PEOPLE, what
        text = json.dumps(body, ensure_ascii=False)
        assert "neuvosto@example.org" not in text  # the council member who decided
    decision = client.get(
        f"/api/v1/rounds/{world['round'].id}/decisions", headers=headers
    ).get_json()["decisions"][0]
    assert decision["decided_at"]  # when the council decided stays: no participant's time


def test_the_schemas_refuse_those_fields():
    for name in ("Reason", "Proposal", "Decision"):
        assert not set(SCHEMAS[name]["properties"]) & TIMES_OF_PEOPLE, name
        assert SCHEMAS[name]["additionalProperties"] is False

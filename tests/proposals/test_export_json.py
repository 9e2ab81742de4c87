"""The proposals export (proposals.json, proposals.csv, `workshop export proposals`): JSON by
its schema with keys, localized labels and null for nothing, nobody's name, no time of
proposing; group names in the language asked; 401 as JSON without a login."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from workshop.extensions import db
from workshop.proposals import services
from workshop.proposals.export import proposals_csv, proposals_json

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "schemas" / "proposals.schema.json").read_text("utf-8")
)


@pytest.fixture
def decided(propose, participant, review_round, make_user, every_group_shown):
    """A decided proposal of a cluster participant, a hidden one, one without a rationale."""
    council = make_user("neuvosto@example.org", role="council", name="Neuvoston Jäsen")
    accepted = propose(participant, text="Vety", rationale="Perustelu")
    services.decide(accepted, "accepted", "Hyvä ajatus", council)
    hidden = propose(participant, text="Soita 040 123", rationale="")
    services.hide(hidden, "Henkilötietoja")
    plain = propose(participant, text="Ilman perustelua", rationale="")
    db.session.commit()
    return {"accepted": accepted, "hidden": hidden, "plain": plain, "council": council}


def _by_id(document):
    return {p["id"]: p for p in document["proposals"]}


def test_json_follows_its_schema_with_keys_labels_and_nulls(review_round, decided):
    document = json.loads(proposals_json(review_round, "fi"))
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    by_id = _by_id(document)
    accepted = by_id[decided["accepted"].id]
    group = decided["accepted"].group
    assert accepted["group"] == group.key and accepted["group_label"] == group.tr("name", "fi")
    assert accepted["kind"] == "add_challenge" and accepted["kind_label"] == "Uusi haaste"
    assert accepted["decision"]["outcome"] == "accepted"
    assert accepted["decision"]["outcome_label"] == "Hyväksytty"
    plain = by_id[decided["plain"].id]
    assert plain["rationale"] is None and plain["decision"] is None  # never ""
    assert plain["hidden_reason"] is None and plain["merged_into"] is None
    assert by_id[decided["hidden"].id]["hidden_reason"] == "Henkilötietoja"


def test_the_schema_refuses_what_the_export_must_not_contain(review_round, decided):
    document = json.loads(proposals_json(review_round, "fi"))
    for field, value in (("decided_by", "Neuvoston Jäsen"), ("created_at", "2026-01-01T00:00Z")):
        broken = json.loads(json.dumps(document))
        target = broken["proposals"][0]
        (target["decision"] if field == "decided_by" else target)[field] = value
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, SCHEMA)
    empty = json.loads(json.dumps(document))
    empty["proposals"][0]["rationale"] = ""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(empty, SCHEMA)


def test_no_name_of_who_decided_and_no_time_of_proposing(review_round, decided):
    for text in (proposals_json(review_round, "fi"), proposals_csv(review_round, "fi")):
        assert "Neuvoston Jäsen" not in text and "neuvosto@example.org" not in text
        assert "created_at" not in text and "decided_by" not in text


def test_group_names_in_the_language_asked(review_round, decided):
    group = decided["accepted"].group
    english, finnish = group.tr("name", "en"), group.tr("name", "fi")
    assert english != finnish
    document = json.loads(proposals_json(review_round, "en"))
    jsonschema.validate(document, SCHEMA)
    accepted = _by_id(document)[decided["accepted"].id]
    assert accepted["group_label"] == english and accepted["kind_label"] == "New challenge"
    assert document["language"] == "en"
    rows = list(
        csv.DictReader(
            io.StringIO(proposals_csv(review_round, "en").removeprefix("\ufeff")), delimiter=";"
        )
    )
    row = next(r for r in rows if r["id"] == str(decided["accepted"].id))
    assert row["group"] == english and row["group_key"] == group.key


def test_the_download_answers_in_the_language_asked(logged_in_client, review_round, decided):
    url = f"/review/rounds/{review_round.id}/proposals.json"
    document = json.loads(logged_in_client.get(url + "?lang=en").get_data())
    jsonschema.validate(document, SCHEMA)
    group = decided["accepted"].group
    assert _by_id(document)[decided["accepted"].id]["group_label"] == group.tr("name", "en")
    assert logged_in_client.get(url + "?lang=sv").status_code == 400


def test_without_a_login_the_json_is_401_json_and_the_csv_goes_to_log_in(client, review_round):
    response = client.get(f"/review/rounds/{review_round.id}/proposals.json")
    assert response.status_code == 401 and response.is_json
    body = response.get_json()
    assert body["ok"] is False and body["error"] == "unauthenticated" and body["message"]
    page = client.get(f"/review/rounds/{review_round.id}/proposals.csv")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")

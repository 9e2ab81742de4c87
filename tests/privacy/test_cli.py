"""`workshop privacy export|erase|purge`."""

import json
from datetime import timedelta

from tests.privacy.conftest import NAME
from workshop.audit import services as audit
from workshop.extensions import db
from workshop.models import utcnow
from workshop.review import services as review_services
from workshop.review.models import Participant


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["privacy", *args])


def test_export_writes_the_rounds_personal_data_to_an_owner_only_file(
    app, rich_participant, tmp_path
):
    output = tmp_path / "round.json"
    result = _run(app, "export", str(rich_participant.round_id), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert "1 participants" in result.output
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["participants"][0]["participant"]["name"] == NAME
    assert output.stat().st_mode & 0o777 == 0o600
    assert audit.recent()[0].action == "privacy.export"


def test_erase_is_refused_while_a_session_of_the_round_is_open(app, rich_participant):
    result = _run(app, "erase", str(rich_participant.round_id), "--yes")
    assert result.exit_code == 1 and "close the sessions first" in result.output
    db.session.expire_all()
    assert db.session.get(Participant, rich_participant.id).name == NAME


def test_erase_asks_then_removes_names_and_keeps_the_record(app, rich_participant):
    round_id = str(rich_participant.round_id)
    review_services.set_round_status(rich_participant.session.review_round, "closed")
    db.session.commit()
    refused = app.test_cli_runner().invoke(args=["privacy", "erase", round_id], input="n\n")
    assert refused.exit_code == 1
    db.session.expire_all()
    assert db.session.get(Participant, rich_participant.id).name == NAME
    result = _run(app, "erase", round_id, "--yes")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Participant, rich_participant.id).name == ""
    assert audit.recent()[0].action == "privacy.erase"


def test_erase_of_an_unknown_round_says_so(app, review_round):
    result = _run(app, "erase", "99999", "--yes")
    assert result.exit_code != 0


def test_purge_erases_rounds_past_the_retention_setting(app, rich_participant, monkeypatch):
    review_round = rich_participant.session.review_round
    review_services.set_round_status(review_round, "closed")
    db.session.commit()
    assert "Nothing to erase" in _run(app, "purge").output
    # Closed longer ago than the retention period: the round's last activity moved back.
    monkeypatch.setitem(app.config, "RETENTION_DAYS", 30)
    monkeypatch.setattr("workshop.privacy.services.utcnow", lambda: utcnow() + timedelta(days=31))
    result = _run(app, "purge")
    assert result.exit_code == 0, result.output
    assert f"round {review_round.id}: erased the personal data of 1 participants" in result.output
    db.session.expire_all()
    assert db.session.get(Participant, rich_participant.id).erased_at is not None

"""`workshop demo` makes proposals and decisions; `workshop export proposals` and
`workshop strategy export --version draft` write them out."""

import csv
import io
import json

import pytest

from workshop.demo import create_demo
from workshop.extensions import db
from workshop.proposals import draft, services
from workshop.proposals.models import Outcome, ProposalKind, ProposalStatus


@pytest.fixture
def demo_round(strategy_version):
    review_round = create_demo(participants=40, seed=7)
    db.session.commit()
    return review_round


def test_the_demo_has_proposals_supports_comments_moderation_and_decisions(demo_round):
    proposals = services.list_proposals(demo_round)
    assert {p.kind for p in proposals} == set(ProposalKind)
    assert len({p.group_id for p in proposals}) >= 5
    statuses = {p.status for p in proposals}
    assert {ProposalStatus.MERGED, ProposalStatus.HIDDEN, ProposalStatus.PUBLISHED} <= statuses
    assert sum(len(p.comments) for p in proposals) > 0
    counts = services.tallies(demo_round)
    assert sum(t.supports for t in counts.values()) > 20
    outcomes = {p.decision.outcome for p in proposals if p.decision}
    assert outcomes == set(Outcome)
    version = draft.round_draft(demo_round)
    assert version is not None and len(draft.element_changes(version)) == 5


def test_export_proposals_as_csv_and_json(app, demo_round, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export", "proposals", "latest", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output.removeprefix("\ufeff")), delimiter=";"))
    assert len(rows) == len(services.list_proposals(demo_round))
    assert {"target", "kind", "supports", "opposes", "decision", "reason"} <= set(rows[0])
    target = tmp_path / "ehdotukset.json"
    result = runner.invoke(
        args=["export", "proposals", str(demo_round.id), "--format", "json", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text("utf-8"))
    assert document["round"]["id"] == demo_round.id
    accepted = [
        p for p in document["proposals"] if p["decision"] and p["decision"]["outcome"] == "accepted"
    ]
    assert accepted and accepted[0]["decision"]["reason"]
    missing = runner.invoke(args=["export", "proposals", "9999"])
    assert missing.exit_code != 0 and "does not exist" in missing.output


def test_strategy_export_of_the_draft(app, demo_round):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["strategy", "export", "--version", "draft"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["version"]["status"] == "draft"
    assert any(m["text"].startswith("Pk-yritysten datatalouden") for m in data["measures"])


def test_strategy_export_without_a_draft_says_so(app, strategy_version):
    result = app.test_cli_runner().invoke(args=["strategy", "export", "--version", "draft"])
    assert result.exit_code != 0 and "no draft" in result.output

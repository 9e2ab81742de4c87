"""Participation cannot be subtracted: by session only totals, by group only for the round,
the same in the results exports and the API (docs/security.md, "Counts of participants by
group")."""

from tests.exports.conftest import held_session
from workshop.api.payloads import participation as api_participation
from workshop.exports.results import build_export
from workshop.extensions import db
from workshop.review import participation


def test_a_merged_groups_count_in_a_session_cannot_be_worked_out(scored_round):
    """Oulu: six clusters, five companies, two municipalities (merged there). Raahe: five
    municipalities (alone there, were it split). Round-wide the municipalities are seven:
    with Raahe split by group, 7 − 5 would give Oulu's two municipalities."""
    raahe = held_session(scored_round, "Raahe")
    for _ in range(5):
        participation.join_session(raahe, "kunnat", locale="fi")
    db.session.commit()

    rows = build_export(scored_round, "en").table("participation").records()
    per_session = [r for r in rows if r["session"] != "All sessions"]
    assert {(r["session"], r["group"], r["participants"]) for r in per_session} == {
        ("Oulu", "all", 13),
        ("Raahe", "all", 5),
    }
    whole = {(r["group"], r["participants"]) for r in rows if r["session"] == "All sessions"}
    assert ("kunnat", 7) in whole and ("all", 18) in whole

    api = api_participation(scored_round)
    assert api["round"]["by_group"]["kunnat"] == 7
    by_session = {s["title"]: s for s in api["sessions"]}
    assert by_session["Raahe"] == {"session_id": raahe.id, "title": "Raahe", "total": 5}
    assert all(set(s) == {"session_id", "title", "total"} for s in api["sessions"])
    # The one rule: the export's figures are the API's.
    assert {r["session"]: r["participants"] for r in per_session} == {
        s["title"]: s["total"] for s in api["sessions"]
    }

"""Themes forming live on the console (workshop/synthesis/live.py): which texts, the payload,
the minimum group size, coalescing, staff only, and the recompute in the process pool."""

import json
import time
import uuid

import pytest

from tests.heartbeat import RESPONSIVE, longest_pause
from tests.test_offload import worker_pool, worker_processes  # noqa: F401
from workshop.extensions import db
from workshop.review import participation, services
from workshop.review.models import StepKind, WorkshopSession
from workshop.synthesis import live as live_module
from workshop.synthesis.live import live, live_step, session_themes, shown_counts
from workshop.synthesis.models import TextFeature

WIND = [
    "Tuulivoiman luvitus kestää aivan liian kauan",
    "Kaavoitus jarruttaa tuulipuistoja, lupaprosessit ovat hitaita",
    "Tuulivoimaloiden lupaprosessi venyy vuosiin",
    "Permitting of wind farms takes years",
]
SKILLS = [
    "Osaavasta työvoimasta on pulaa, yritykset eivät löydä tekijöitä",
    "Ammattitaitoisia työntekijöitä ei saada rekrytoitua alueelle",
    "Työvoimapula hidastaa yritysten kasvua",
    "Osaajapula on suurin este kasvulle",
]
NAME, ORGANISATION = "Maija Meikäläinen", "Kuusamon Kone Oy"


def received(client, name):
    return [message["args"][0] for message in client.get_received() if message["name"] == name]


def join(session, group):
    participant = participation.join_session(
        session, group, organisation=ORGANISATION, name=NAME, locale="fi"
    )
    db.session.commit()
    return participant


def answer(participant, step, area, reason, value=3, question="edistyminen"):
    (result,) = participation.submit_answers(
        [
            participation.AnswerInput(
                participant_id=participant.id,
                submission_id=uuid.uuid4().hex,
                step_id=step.id,
                question_key=question,
                focus_area_key=area,
                value=value,
                reason=reason,
            )
        ]
    )
    assert result.error is None
    db.session.commit()


def first_area(step):
    return services.step_focus_areas(step)[0].key


@pytest.fixture(autouse=True)
def fresh_live_themes():
    live.forget()
    yield
    live.forget()


@pytest.fixture
def reasons_given(open_session, scoring_step):
    """Eight reasons on one focus area, about two matters, from two groups of five."""
    area = first_area(scoring_step)
    texts = WIND + SKILLS
    groups = ["klusterit", "yritykset"] * 5
    for index, group in enumerate(groups):
        participant = join(open_session, group)
        # Everyone scores (five respondents a group); eight give a reason.
        reason = texts[index] if index < len(texts) else ""
        answer(participant, scoring_step, area, reason, value=2 + index % 3)
    return area


def test_the_live_step_is_the_open_scoring_or_proposal_step_else_the_last_scoring(
    open_session,
):
    steps = {step.kind: step for step in reversed(open_session.steps)}
    assert live_step(open_session) is None
    services.open_step(steps[StepKind.SCORING])
    db.session.commit()
    assert live_step(open_session) == steps[StepKind.SCORING]
    services.open_step(steps[StepKind.PROPOSALS])  # opening one closes the other
    db.session.commit()
    assert live_step(open_session) == steps[StepKind.PROPOSALS]
    services.close_step(steps[StepKind.PROPOSALS])
    db.session.commit()
    assert live_step(open_session) == steps[StepKind.SCORING]


def test_the_payload_groups_the_reasons_by_meaning_with_quotes_and_no_names(
    open_session, scoring_step, reasons_given
):
    payload = session_themes(open_session.id)
    assert payload["step_id"] == scoring_step.id and payload["texts"] == 8
    (area,) = payload["areas"]
    assert area["key"] == reasons_given and area["texts"] == 8
    assert area["themes"], "eight reasons about two matters make at least one theme"
    for theme in area["themes"]:
        assert 1 <= len(theme["quotes"]) <= 2
        assert all(quote in WIND + SKILLS for quote in theme["quotes"])
        assert theme["size"] >= 2 and sum(theme["by_group"].values()) == theme["size"]
        assert 2 <= theme["mean_score"] <= 4
    sizes = sum(theme["size"] for theme in area["themes"]) + area["unassigned"]
    assert sizes == 8
    # The wind reasons meet in one theme (Finnish and English).
    wind = next(t for t in area["themes"] if any("uuli" in q for q in t["quotes"]))
    assert wind["size"] >= 3
    flat = json.dumps(payload, ensure_ascii=False)
    assert NAME not in flat and ORGANISATION not in flat


def test_groups_under_the_minimum_size_are_never_counted_alone(
    app, open_session, scoring_step, reasons_given, monkeypatch
):
    monkeypatch.setitem(app.config, "MIN_GROUP_SIZE", 5)
    lone = join(open_session, "kunnat")  # one person: never named
    answer(lone, scoring_step, reasons_given, "Tuulivoiman lupien käsittely on hidasta")
    payload = session_themes(open_session.id)
    assert payload["min_group_size"] == 5
    keys = {key for area in payload["areas"] for t in area["themes"] for key in t["by_group"]}
    assert "kunnat" not in keys
    # Five and five and one: "other groups" must reach five too, so one group of five joins
    # the lone one, and only the other is named.
    assert keys <= {"klusterit", "yritykset", "other"} and len(keys - {"other"}) <= 1


def test_shown_counts_merge_small_groups_and_name_none_when_none_may_be():
    from workshop.review.results import GroupSplit

    split = GroupSplit(shown=("a", "b"), merged=("c", "d"))
    assert shown_counts({"a": 3, "c": 1, "d": 2}, split) == {"a": 3, "other": 3}
    assert shown_counts({"a": 3, "c": 1}, GroupSplit(shown=(), merged=("a", "c"))) == {}


def test_a_proposal_steps_texts_are_its_proposals_rationales_and_comments(
    open_session, every_group_shown
):
    from workshop.proposals.models import Comment, Proposal

    steps = {step.kind: step for step in reversed(open_session.steps)}
    services.open_step(steps[StepKind.PROPOSALS])
    participant = join(open_session, "klusterit")
    area = open_session.review_round.strategy_version.focus_areas[0].key
    proposal = Proposal(
        round_id=open_session.round_id,
        session_id=open_session.id,
        participant_id=participant.id,
        group_id=participant.group_id,
        kind="new_measure",
        target_ref=f"focus_area:{area}",
        focus_area_key=area,
        text=WIND[0],
        original_text=WIND[0],
        rationale=WIND[1],
    )
    db.session.add(proposal)
    db.session.flush()
    db.session.add_all(
        [
            Comment(proposal_id=proposal.id, participant_id=participant.id, text=WIND[2]),
            Comment(proposal_id=proposal.id, text="Piilotettu", hidden=True),
        ]
    )
    db.session.commit()
    payload = session_themes(open_session.id)
    assert payload["step_kind"] == StepKind.PROPOSALS
    (found,) = payload["areas"]
    assert found["key"] == area and found["texts"] == 3  # the hidden comment is left out


def test_many_reasons_make_one_recompute_not_one_each(
    app, open_session, scoring_step, make_participant, connect_participant, staff_socket
):
    monkeypatch_interval = live_module.coalescer.interval
    live_module.coalescer.interval = 0.4
    try:
        ack = staff_socket.emit("themes:sync", {"session_id": open_session.id}, callback=True)
        assert ack["ok"] is True and ack["themes"]["texts"] == 0
        assert ack["labels"]["groups"]["klusterit"] == "Klusterit"
        before = live.recomputes
        areas = [a.key for a in services.step_focus_areas(scoring_step)][:3]
        clients = [connect_participant(make_participant()) for _ in range(5)]
        for client_index, client in enumerate(clients):
            for area in areas:
                reason = (WIND + SKILLS)[(client_index + len(area)) % 8]
                payload = {
                    "submission_id": uuid.uuid4().hex,
                    "step_id": scoring_step.id,
                    "question": "edistyminen",
                    "focus_area": area,
                    "value": 3,
                    "reason": reason,
                }
                assert client.emit("answer:submit", payload, callback=True)["ok"] is True
        deadline = time.monotonic() + 10
        updates = []
        while time.monotonic() < deadline and not (updates and updates[-1]["texts"] == 15):
            time.sleep(0.05)
            updates += received(staff_socket, "themes:update")
        assert updates and updates[-1]["texts"] == 15
        # Fifteen reasons, a handful of recomputes at most (one per interval).
        assert 1 <= live.recomputes - before <= 4
        assert len(updates) == live.recomputes - before
        # Nothing changed since: no further recompute, however often it is marked.
        done = live.recomputes
        live_module.mark_session(open_session.id)
        time.sleep(0.6)
        assert live.recomputes == done and received(staff_socket, "themes:update") == []
        # Participants never get themes.
        for client in clients:
            assert received(client, "themes:update") == []
    finally:
        live_module.coalescer.interval = monkeypatch_interval


def test_live_themes_can_be_turned_off(app, open_session, scoring_step, monkeypatch):
    monkeypatch.setitem(app.config, "LIVE_THEMES", False)
    live_module.coalescer._take()  # what earlier tests left marked
    live_module.mark_session(open_session.id)
    assert open_session.id not in live_module.coalescer._take()
    monkeypatch.setitem(app.config, "LIVE_THEMES", True)
    live_module.mark_session(open_session.id)
    assert open_session.id in live_module.coalescer._take()


def test_themes_sync_is_for_the_rounds_staff_only(
    open_session, scoring_step, make_participant, connect_participant
):
    client = connect_participant(make_participant())
    ack = client.emit("themes:sync", {"session_id": open_session.id}, callback=True)
    assert ack["ok"] is False and ack["error"] == "unauthorized"


@pytest.mark.parametrize(
    "payload", [None, {"session_id": "1"}, {"session_id": True}, {"session_id": 1, "x": 1}]
)
def test_themes_sync_refuses_wrong_payloads(open_session, staff_socket, payload):
    ack = staff_socket.emit("themes:sync", payload, callback=True)
    assert ack["ok"] is False and ack["error"] == "invalid"


def test_the_recompute_runs_in_the_pool_and_keeps_each_texts_features(
    open_session,
    scoring_step,
    reasons_given,
    worker_processes,  # noqa: F811
):
    session_id = open_session.id
    db.session.commit()
    inline = session_themes(session_id)
    db.session.query(TextFeature).delete()
    db.session.commit()
    from workshop.synthesis import features

    features.forget_cache()

    (offloaded,), pause = longest_pause(lambda: live.current(session_id))
    assert offloaded.pop("as_of") >= inline.pop("as_of")
    assert offloaded == inline
    assert pause < RESPONSIVE, "the recompute held the event loop"
    assert live.recomputes == 1
    # The worker kept the features of the texts it saw for the first time, once each.
    db.session.expire_all()
    assert db.session.query(TextFeature).count() == 8
    assert live.current(session_id) is None  # unchanged texts: no second recompute
    assert live.recomputes == 1
    assert db.session.get(WorkshopSession, session_id) is not None


def test_a_proposal_change_marks_the_sessions_whose_proposal_step_is_open(open_session):
    live_module.coalescer._take()
    live_module.mark_round(open_session.round_id)
    assert live_module.coalescer._take() == set()  # no proposal step open
    steps = {step.kind: step for step in open_session.steps}
    services.open_step(steps[StepKind.PROPOSALS])
    db.session.commit()
    live_module.mark_round(open_session.round_id)
    assert live_module.coalescer._take() == {open_session.id}

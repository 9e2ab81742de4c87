"""Socket.IO events of proposals: wiring, validation, roles, resend and live updates."""

import uuid

import pytest

from tests.proposals.conftest import SOLUTION
from workshop.extensions import db
from workshop.proposals import events, services
from workshop.review import services as review_services
from workshop.review.models import StepKind


def received(client, name):
    return [m["args"][0] for m in client.get_received() if m["name"] == name]


def proposal_message(**values):
    payload = {
        "client_id": uuid.uuid4().hex,
        "kind": "add_challenge",
        "target": "focus_area/energia",
        "text": "Vetytalouden osaajat",
        "rationale": "Pula osaajista",
    }
    payload.update(values)
    return payload


@pytest.fixture
def proposals_step(open_session):
    step = next(s for s in open_session.steps if s.kind == StepKind.PROPOSALS)
    review_services.open_step(step)
    db.session.commit()
    return step


def test_sync_gives_visible_proposals_votes_and_the_targets_to_pick(
    proposals_step, participant, connect_participant, propose
):
    proposal = propose(participant)
    services.set_support(proposal, participant, 1)
    db.session.commit()
    ack = connect_participant(participant).emit("proposal:sync", {}, callback=True)
    assert ack["ok"] is True
    assert [p["id"] for p in ack["proposals"]] == [proposal.id]
    assert ack["mine"] == [proposal.id] and ack["votes"] == {str(proposal.id): 1}
    elements = {e["ref"]: e for e in ack["targets"]["elements"]}
    assert elements[SOLUTION]["scope"] == "focus_area/energia"
    assert elements["measures"]["kind"] == "measures"
    assert ack["targets"]["kinds"]["add_solution"] == ["challenge"]
    assert ack["proposals"][0]["focus_area_title"] == "Energian tuotanto ja varastointi"


def test_an_english_participant_gets_english_target_labels(
    proposals_step, make_participant, connect_participant, propose
):
    english = make_participant(locale="en")
    propose(english, kind="reword", target=SOLUTION, text="New words")
    ack = connect_participant(english).emit("proposal:sync", {}, callback=True)
    assert ack["proposals"][0]["group_name"] == "Clusters"
    assert ack["proposals"][0]["focus_area_title"] == "Energy production and storage"


def test_create_is_acknowledged_after_commit_and_a_resend_is_not_stored_twice(
    proposals_step, participant, connect_participant, review_round
):
    client = connect_participant(participant)
    message = proposal_message(text="  Uusi 🚀 haaste \x00 ")
    first = client.emit("proposal:create", message, callback=True)
    again = client.emit("proposal:create", message, callback=True)
    assert first["ok"] and not first["duplicate"] and again["duplicate"]
    assert first["proposal"]["text"] == "Uusi 🚀 haaste"
    assert first["proposal"]["id"] == again["proposal"]["id"]
    assert len(services.list_proposals(review_round)) == 1


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"kind": "bogus"}, "invalid"),
        ({"client_id": "x"}, "invalid"),
        ({"target": "focus_area/ei-ole"}, "invalid_target"),
        ({"text": ""}, "text_required"),
        ({"text": "x" * 100_000}, "invalid"),
        ({"target_value": "abc"}, "invalid"),
    ],
)
def test_bad_proposals_get_a_clear_error_and_store_nothing(
    change, error, proposals_step, participant, connect_participant, review_round
):
    ack = connect_participant(participant).emit(
        "proposal:create", proposal_message(**change), callback=True
    )
    assert ack["ok"] is False and ack["error"] == error
    assert services.list_proposals(review_round) == []


def test_support_and_comment_events_return_the_new_state(
    proposals_step, participant, make_participant, connect_participant, propose
):
    proposal = propose(participant)
    other = connect_participant(make_participant())
    ack = other.emit("proposal:support", {"proposal_id": proposal.id, "value": 1}, callback=True)
    assert (ack["supports"], ack["opposes"]) == (1, 0)
    ack = other.emit("proposal:support", {"proposal_id": proposal.id, "value": -1}, callback=True)
    assert (ack["supports"], ack["opposes"]) == (0, 1)
    ack = other.emit("proposal:support", {"proposal_id": proposal.id, "value": 0}, callback=True)
    assert (ack["supports"], ack["opposes"]) == (0, 0)
    bad = other.emit("proposal:support", {"proposal_id": proposal.id, "value": 5}, callback=True)
    assert bad["error"] == "invalid_value"  # the code the service gives a wrong value
    comment = other.emit(
        "proposal:comment", {"proposal_id": proposal.id, "text": "<b>Hyvä</b>"}, callback=True
    )
    assert comment["ok"] and comment["comment"]["text"] == "<b>Hyvä</b>"
    missing = other.emit("proposal:support", {"proposal_id": 999999, "value": 1}, callback=True)
    assert missing["error"] == "not_found"


def test_participants_cannot_moderate_and_strangers_cannot_connect(
    open_session, participant, connect_participant, propose, app
):
    from workshop.extensions import socketio

    proposal = propose(participant)
    ack = connect_participant(participant).emit(
        "proposal:moderate",
        {"session_id": open_session.id, "proposal_id": proposal.id, "action": "approve"},
        callback=True,
    )
    assert ack["error"] == "unauthorized"
    stranger = socketio.test_client(app)
    assert not stranger.is_connected()


def test_staff_moderate_over_the_socket(open_session, staff_socket, participant, propose):
    first, second = propose(participant, text="A"), propose(participant, text="B")
    session_id = open_session.id
    listing = staff_socket.emit("proposal:list", {"session_id": session_id}, callback=True)
    assert [p["id"] for p in listing["proposals"]] == [first.id, second.id]
    ack = staff_socket.emit(
        "proposal:moderate",
        {"session_id": session_id, "proposal_id": second.id, "action": "merge", "into": first.id},
        callback=True,
    )
    assert ack["ok"] and ack["proposal"]["status"] == "merged"
    ack = staff_socket.emit(
        "proposal:moderate",
        {"session_id": session_id, "proposal_id": first.id, "action": "hide", "reason": ""},
        callback=True,
    )
    assert ack["error"] == "reason_required"
    ack = staff_socket.emit(
        "proposal:moderate",
        {"session_id": session_id, "proposal_id": first.id, "action": "edit", "text": "A2"},
        callback=True,
    )
    assert ack["proposal"]["text"] == "A2" and ack["proposal"]["original_text"] == "A"


def test_held_proposals_reach_only_staff_and_their_author_until_approved(
    proposals_step,
    open_session,
    review_round,
    participant,
    make_participant,
    connect_participant,
    staff_socket,
):
    services.set_hold_proposals(review_round, True)
    db.session.commit()
    staff_socket.emit("proposal:list", {"session_id": open_session.id}, callback=True)
    author = connect_participant(participant)
    other = connect_participant(make_participant())
    ack = author.emit("proposal:create", proposal_message(), callback=True)
    assert ack["proposal"]["status"] == "held"
    events.live_proposals.flush()
    staff_update = received(staff_socket, "proposals:update")[-1]
    assert staff_update["proposals"][0]["status"] == "held"
    assert received(other, "proposals:update")[-1]["proposals"] == []
    assert [p["id"] for p in author.emit("proposal:sync", {}, callback=True)["proposals"]] == [
        ack["proposal"]["id"]
    ]
    assert other.emit("proposal:sync", {}, callback=True)["proposals"] == []
    staff_socket.emit(
        "proposal:moderate",
        {"session_id": open_session.id, "proposal_id": ack["proposal"]["id"], "action": "approve"},
        callback=True,
    )
    events.live_proposals.flush()
    assert len(received(other, "proposals:update")[-1]["proposals"]) == 1


def test_live_updates_reach_participants_only_in_a_proposal_step(
    open_session, participant, connect_participant, propose, staff_socket
):
    staff_socket.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    # A proposal made while scoring (the assistant takes them) does not reach the phones,
    # whose screens show the scoring step.
    review_services.open_step(next(s for s in open_session.steps if s.kind == StepKind.SCORING))
    db.session.commit()
    client = connect_participant(participant)
    client.get_received()
    client.emit("proposal:create", proposal_message(), callback=True)
    events.live_proposals.flush()
    assert received(client, "proposals:update") == []
    assert received(staff_socket, "proposals:update")
    step = next(s for s in open_session.steps if s.kind == StepKind.SUPPORT)
    review_services.open_step(step)
    db.session.commit()
    client.emit("proposal:create", proposal_message(text="Toinen"), callback=True)
    events.live_proposals.flush()
    update = received(client, "proposals:update")[-1]
    assert [p["text"] for p in update["proposals"]] == ["Vetytalouden osaajat", "Toinen"]


def test_the_staff_list_says_which_step_is_open(open_session, staff_socket, proposals_step):
    ack = staff_socket.emit("proposal:list", {"session_id": open_session.id}, callback=True)
    assert ack["open_step_kind"] == "proposals"

"""The agenda editor adds the new step kinds; a new round holds text for approval by default;
proposal moderation is audited."""

from workshop.audit.models import AuditEvent
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.review import services as review_services
from workshop.review.models import ReviewRound, StepKind


def test_a_new_round_holds_proposals_unless_the_box_is_cleared(logged_in_client, strategy_version):
    page = logged_in_client.get("/review/").get_data(as_text=True)
    assert '<input checked id="hold_proposals" name="hold_proposals"' in page
    logged_in_client.post("/review/", data={"title": "A", "year": "2026", "hold_proposals": "y"})
    logged_in_client.post("/review/", data={"title": "B", "year": "2026"})
    held = {r.title: r.hold_proposals for r in db.session.query(ReviewRound)}
    assert held == {"A": True, "B": False}


def test_the_agenda_editor_adds_a_poll_and_a_prioritisation(logged_in_client, review_round):
    session = review_services.create_session(review_round, "Oulu")
    db.session.commit()
    url = f"/review/sessions/{session.id}/steps"
    assert "Kyselyn vaihtoehdot" in logged_in_client.get(f"/review/sessions/{session.id}").text
    logged_in_client.post(
        url,
        data={
            "step-kind": "poll",
            "step-prompt": "Kumpi?",
            "step-options": "Tämä\r\n\r\nTuo\r\n",
            "step-multiple": "y",
        },
    )
    logged_in_client.post(
        url,
        data={
            "step-kind": "priority",
            "step-prompt": "Mihin panostetaan?",
            "step-max_picks": "2",
            "step-ranked": "y",
            "step-focus_areas": ["energia", "bio-ja-kiertotalous"],
        },
    )
    db.session.expire_all()
    poll, priority = session.steps[-2:]
    assert (poll.kind, poll.config) == (
        StepKind.POLL,
        {
            "prompt": "Kumpi?",
            "options": [{"key": "1", "text": "Tämä"}, {"key": "2", "text": "Tuo"}],
            "multiple": True,
        },
    )
    assert priority.config == {"prompt": "Mihin panostetaan?", "max_picks": 2, "ranked": True}
    assert priority.focus_area_keys == ["energia", "bio-ja-kiertotalous"]


def test_a_poll_with_one_option_is_refused_with_a_message(logged_in_client, review_round):
    session = review_services.create_session(review_round, "Oulu")
    db.session.commit()
    count = len(session.steps)
    response = logged_in_client.post(
        f"/review/sessions/{session.id}/steps",
        data={"step-kind": "poll", "step-prompt": "?", "step-options": "Vain yksi"},
        follow_redirects=True,
    )
    assert "kyselyssä on oltava 2–12 eri vaihtoehtoa" in response.text
    db.session.expire_all()
    assert len(session.steps) == count


def test_proposal_moderation_over_the_socket_is_audited(
    open_session, staff_socket, participant, facilitator
):
    proposals_step = next(s for s in open_session.steps if s.kind == StepKind.PROPOSALS)
    review_services.open_step(proposals_step)
    proposal, _ = proposal_services.create_proposal(
        open_session.review_round,
        proposal_services.ProposalInput(
            kind="add_challenge", target_ref="focus_area/energia", text="Osaajapula"
        ),
        participant=participant,
    )
    db.session.commit()
    ack = staff_socket.emit(
        "proposal:moderate",
        {
            "session_id": open_session.id,
            "proposal_id": proposal.id,
            "action": "hide",
            "reason": "Asiaton",
        },
        callback=True,
    )
    assert ack["ok"]
    event = db.session.query(AuditEvent).filter_by(action="proposal.hide").one()
    assert event.subject == f"proposal:{proposal.id}" and event.actor_id == facilitator.id
    assert event.details["reason"] == "Asiaton"

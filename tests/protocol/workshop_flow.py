"""A whole workshop over the Flask-SocketIO test clients, recording every event both ways.

Every client event the role matrix knows is sent at least once with a valid payload (and some
with invalid ones); every event the server emits, to whatever room, is recorded from
python-socketio's ``Server.emit`` (so an event no test client listens to is seen too).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from workshop.extensions import db, socketio
from workshop.proposals import events as proposal_events
from workshop.proposals.services import round_elements
from workshop.review import events as review_events
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import StepKind
from workshop.steps import events as step_events
from workshop.steps.config import step_config
from workshop.synthesis import live


@dataclass
class Sent:
    event: str
    payload: object
    ack: object
    accepted: bool  # the flow expects the server to accept it (else: an error ack)


@dataclass
class Emitted:
    event: str
    data: object
    room: str


@dataclass
class Recording:
    sent: list[Sent] = field(default_factory=list)
    emitted: list[Emitted] = field(default_factory=list)
    connect_auth: list = field(default_factory=list)

    def send(self, client, event, payload, accepted=True):
        ack = client.emit(event, payload, callback=True)
        self.sent.append(Sent(event, payload, ack, accepted))
        assert (isinstance(ack, dict) and ack.get("ok") is True) == accepted, (event, payload, ack)
        return ack


def record_emits(monkeypatch, recording: Recording) -> None:
    """Record every emit of the server (the payload as JSON would carry it)."""
    original = socketio.server.emit

    def emit(event, data=None, *args, to=None, room=None, **kwargs):
        recording.emitted.append(Emitted(event, data, to or room))
        return original(event, data, *args, to=to, room=room, **kwargs)

    monkeypatch.setattr(socketio.server, "emit", emit)


def _flush() -> None:
    """Publish what the coalescers hold now instead of waiting for their interval."""
    for coalescer in (
        review_events.live_results,
        proposal_events.live_proposals,
        step_events.live_step_results,
        live.coalescer,
    ):
        coalescer.flush()


def _first_indicator(session) -> str:
    elements = round_elements(session.review_round).values()
    return next(e.ref for e in elements if e.kind == "indicator").split("/", 1)[1]


def run_workshop(app, recording, session, staff, staff_http, connect_participant):
    """Run a whole session: scores, proposals, the new step kinds, the chat, a removal, the end."""
    people = [
        participation.join_session(session, group, organisation="Org", locale=locale)
        for group, locale in (("klusterit", "fi"), ("klusterit", "en"), ("kunnat", "fi"))
    ]
    db.session.commit()
    # Every test's database starts its ids at 1, so a fingerprint an earlier test published for
    # "session 1" would silence this one's themes.
    live.live.forget()
    phones = []
    for person in people:
        token = participation.make_token(app.config["SECRET_KEY"], person)
        recording.connect_auth.append({"token": token})
        phones.append(connect_participant(person))
    phone, english, third = phones
    send = recording.send
    sid = session.id

    # Scores ------------------------------------------------------------------------------
    send(staff, "staff:watch", {"session_id": sid})
    send(staff, "staff:watch", {"session_id": "3"}, accepted=False)
    scoring = next(s for s in session.steps if s.kind == StepKind.SCORING)
    step_ref = {"session_id": sid, "step_id": scoring.id}
    send(phone, "participant:sync", {})
    send(staff, "step:open", step_ref)
    send(staff, "step:results_mode", {**step_ref, "mode": "live"})
    send(staff, "timer:start", {**step_ref, "seconds": 300})
    send(staff, "timer:start", {**step_ref, "seconds": 0}, accepted=False)
    area = review_services.step_focus_areas(scoring)[0].key
    for index, client in enumerate(phones):
        answer = {
            "submission_id": uuid.uuid4().hex,
            "step_id": scoring.id,
            "question": "edistyminen",
            "focus_area": area,
            "value": 3 + index % 3,
            "reason": "Vetyhankkeet etenevät" if index == 0 else "",
        }
        send(client, "answer:submit", answer)
        if index == 0:
            send(client, "answer:submit", answer)  # a resend: a duplicate
            send(client, "answer:submit", {**answer, "value": "4"}, accepted=False)
            send(
                client,
                "answer:submit",
                {**answer, "focus_area": "nowhere", "submission_id": uuid.uuid4().hex},
                accepted=False,
            )
    send(
        english,
        "answer:submit",
        {
            "submission_id": "x" * 8,
            "step_id": scoring.id,
            "question": "edistyminen",
            "focus_area": area,
            "value": None,
        },
    )
    send(staff, "step:reveal", {**step_ref, "visible": "true"}, accepted=False)
    send(staff, "step:reveal", {**step_ref, "visible": True})
    _flush()
    send(staff, "themes:sync", {"session_id": sid})
    send(staff, "themes:sync", {"session_id": sid, "step_id": 1}, accepted=False)
    send(phone, "participant:sync", None)
    send(phone, "participant:sync", [], accepted=False)
    send(staff, "timer:stop", step_ref)
    send(staff, "step:close", step_ref)

    # Proposals -----------------------------------------------------------------------------
    proposals_step = next(s for s in session.steps if s.kind == StepKind.PROPOSALS)
    send(staff, "step:open", {"session_id": sid, "step_id": proposals_step.id})
    send(staff, "proposal:list", {"session_id": sid})
    send(phone, "proposal:sync", {})
    created = send(
        phone,
        "proposal:create",
        {
            "client_id": uuid.uuid4().hex,
            "kind": "add_challenge",
            "target": "focus_area/energia",
            "text": "Vetytalouden osaajapula",
            "rationale": "Yritykset eivät löydä osaajia",
        },
    )
    proposal_id = created["proposal"]["id"]
    send(
        phone,
        "proposal:create",
        {"client_id": "short", "kind": "free", "target": "x"},
        accepted=False,
    )
    send(english, "proposal:support", {"proposal_id": proposal_id, "value": 1})
    send(third, "proposal:support", {"proposal_id": proposal_id, "value": 2}, accepted=False)
    send(third, "proposal:support", {"proposal_id": proposal_id, "value": True}, accepted=False)
    comment = send(
        english, "proposal:comment", {"proposal_id": proposal_id, "text": "Samaa mieltä"}
    )
    send(
        staff,
        "proposal:moderate",
        {
            "session_id": sid,
            "proposal_id": proposal_id,
            "action": "edit",
            "text": "Vetytalouden osaajien puute",
        },
    )
    send(
        staff,
        "proposal:moderate",
        {
            "session_id": sid,
            "proposal_id": proposal_id,
            "action": "hide_comment",
            "comment_id": comment["comment"]["id"],
            "reason": "Asiaton",
        },
    )
    # A comment held for approval: its author sees it (with ``held``), a facilitator approves
    # it once; approving it again is refused.
    session.review_round.hold_proposals = True
    db.session.commit()
    held = send(third, "proposal:comment", {"proposal_id": proposal_id, "text": "Entä vety?"})
    assert held["comment"]["held"] is True
    send(third, "proposal:sync", None)
    approve_comment = {
        "session_id": sid,
        "proposal_id": proposal_id,
        "action": "approve_comment",
        "comment_id": held["comment"]["id"],
    }
    send(staff, "proposal:moderate", approve_comment)
    send(staff, "proposal:moderate", approve_comment, accepted=False)  # not held any more
    session.review_round.hold_proposals = False
    db.session.commit()
    duplicate = send(
        english,
        "proposal:create",
        {
            "client_id": uuid.uuid4().hex,
            "kind": "change_target",
            "target": "indicator/" + _first_indicator(session),
            "text": "Tavoitteeksi 1200 yritystä",
            "target_value": 1200.5,
        },
    )["proposal"]["id"]
    moderate = {"session_id": sid, "proposal_id": duplicate}
    send(staff, "proposal:moderate", {**moderate, "action": "hide", "reason": "Kaksoiskappale"})
    send(staff, "proposal:moderate", {**moderate, "action": "approve"})
    send(staff, "proposal:moderate", {**moderate, "action": "merge", "into": proposal_id})
    send(
        staff,
        "proposal:moderate",
        {**moderate, "action": "merge", "into": proposal_id},
        accepted=False,
    )  # merged already
    send(staff, "proposal:list", {"session_id": sid})  # now with a merged one and a hidden comment
    _flush()
    send(english, "proposal:sync", None)

    # Open questions, polls, prioritisation -----------------------------------------------
    question = review_services.add_step(
        session,
        StepKind.OPEN_QUESTION,
        "",
        None,
        step_config(StepKind.OPEN_QUESTION, prompt="Mitä strategiasta puuttuu?"),
    )
    poll = review_services.add_step(
        session,
        StepKind.POLL,
        "",
        None,
        step_config(StepKind.POLL, prompt="Onko strategia ajan tasalla?", options=["Kyllä", "Ei"]),
    )
    priority = review_services.add_step(
        session,
        StepKind.PRIORITY,
        "",
        ["energia", "terveys-ja-hyvinvointi"],
        step_config(StepKind.PRIORITY, prompt="Mikä ensin?", max_picks=2, ranked=True),
    )
    db.session.commit()
    question_ref = {"session_id": sid, "step_id": question.id}
    send(staff, "step:open", question_ref)
    answered = send(
        phone,
        "open:submit",
        {"step_id": question.id, "client_id": uuid.uuid4().hex, "text": "Kiertotaloutta"},
    )
    send(
        english,
        "open:submit",
        {"step_id": question.id, "client_id": "c" * 8, "text": ""},
        accepted=False,
    )
    send(
        staff,
        "open:moderate",
        {**question_ref, "answer_id": answered["answer"]["id"], "action": "approve"},
    )
    send(staff, "step:reveal", {**question_ref, "visible": True})
    _flush()
    send(phone, "step:mine", {"step_id": question.id})
    send(staff, "step:results", question_ref)
    for step, choices in ((poll, ["1"]), (priority, ["energia", "terveys-ja-hyvinvointi"])):
        ref = {"session_id": sid, "step_id": step.id}
        send(staff, "step:open", ref)
        send(staff, "step:results_mode", {**ref, "mode": "live"})
        for client in phones:
            send(client, "choice:submit", {"step_id": step.id, "choices": choices})
        send(phone, "choice:submit", {"step_id": step.id, "choices": ["nothing"]}, accepted=False)
        _flush()
        send(english, "step:mine", {"step_id": step.id})
        send(staff, "step:results", ref)
    send(staff, "step:results", step_ref, accepted=False)  # a scoring step has no such results

    # The assistant -----------------------------------------------------------------------
    send(staff, "step:open", step_ref)
    send(phone, "assistant:history", {})
    send(phone, "assistant:prompt", {"visit": True})
    send(phone, "assistant:message", {"text": "4, koska vetyhankkeet etenevät"})
    send(phone, "assistant:message", {"reply": "skip", "label": "Ohita"})
    send(english, "assistant:message", {"text": "", "reply": None}, accepted=False)

    # Removal and the end -----------------------------------------------------------------
    response = staff_http.post(
        f"/review/sessions/{sid}/participants/remove",
        data={"participants": [people[2].id], "reason": "Ei paikalla"},
    )
    assert response.status_code == 302, response.status_code
    _flush()
    send(third, "participant:sync", {}, accepted=False)  # removed: refused
    response = staff_http.post(
        f"/review/sessions/{sid}/status", data={"status": "closed", "confirm": "yes"}
    )
    assert response.status_code == 302, response.status_code
    _flush()
    send(
        phone,
        "answer:submit",
        {
            "submission_id": uuid.uuid4().hex,
            "step_id": scoring.id,
            "question": "edistyminen",
            "focus_area": area,
            "value": 2,
        },
        accepted=False,
    )

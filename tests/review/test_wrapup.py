"""The wrap-up step shows what the session produced across its steps and what happens next,
on the phones, the console and the projector, in Finnish and English."""

import re
import uuid

import pytest

from tests.review.conftest import scoring_steps
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.review import participation, services
from workshop.review.models import ResultsMode, StepKind
from workshop.steps import services as step_services
from workshop.steps.config import step_config
from workshop.steps.models import ModerationStatus
from workshop.wrapup.services import next_steps_text, session_wrapup


def score(participant, step, area_key, value):
    participation.submit_answer(
        participant,
        submission_id=uuid.uuid4().hex,
        step_id=step.id,
        question_key="edistyminen",
        focus_area_key=area_key,
        value=value,
    )


def add_step(session, kind, **config):
    step = services.add_step(
        session, kind, "", config.pop("areas", None), step_config(kind, **config)
    )
    db.session.flush()
    return step


def run_session(review_round, values, *, poll_mode=ResultsMode.REVEAL):
    """A session: one scoring step with ``values`` on its first area, a poll, an open
    question, proposals supported; every step run and closed, then the wrap-up opened."""
    session = services.create_session(review_round, "Oulu")
    services.set_session_status(session, "open")
    poll = add_step(session, StepKind.POLL, prompt="Kumpi?", options=["Tämä", "Tuo"])
    question = add_step(session, StepKind.OPEN_QUESTION, prompt="Mitä strategiasta puuttuu?")
    poll.results_mode = poll_mode
    step = scoring_steps(session)[0]
    area = services.step_focus_areas(step)[0]
    people = [participation.join_session(session, "klusterit") for _ in values]
    services.open_step(step)
    for person, value in zip(people, values, strict=True):
        score(person, step, area.key, value)
    services.close_step(step)
    services.open_step(poll)
    for n, person in enumerate(people):
        step_services.submit_choice(person, poll.id, ["2" if n else "1"])
    services.close_step(poll)
    services.open_step(question)
    for text in ("Vetytalouden osaajia", "vetytalous puuttuu", "Kulttuuri ja matkailu"):
        answer, _ = step_services.submit_open_answer(people[0], question.id, text, uuid.uuid4().hex)
        step_services.moderate_open_answer(answer, "approve", None)
    services.close_step(question)
    wrapup = next(s for s in session.steps if s.kind == StepKind.WRAPUP)
    services.open_step(wrapup)
    db.session.commit()
    return session, area, people


@pytest.fixture
def last_year(make_round):
    earlier = make_round("Vuosiarviointi 2025", 2025)
    run_session(earlier, [2, 3])
    return earlier


@pytest.mark.usefixtures("every_group_shown")
def test_the_wrapup_gathers_scores_with_change_proposals_kinds_and_next_steps(
    last_year, make_round, facilitator
):
    review_round = make_round()
    review_round.next_steps = "Joulukuu: liitto kokoaa tulokset\n\nHelmikuu: maakuntahallitus"
    session, area, people = run_session(review_round, [4, 4])
    liked, other = (
        proposal_services.create_proposal(
            review_round,
            proposal_services.ProposalInput(
                kind="add_challenge", target_ref=f"focus_area/{area.key}", text=text
            ),
            user=facilitator,
        )[0]
        for text in ("Osaajapula", "Toinen")
    )
    wrapup_step = session.open_step
    support_step = next(s for s in session.steps if s.kind == StepKind.SUPPORT)
    services.open_step(support_step)
    proposal_services.set_support(liked, people[0], 1)
    proposal_services.set_support(liked, people[1], 1)
    services.open_step(wrapup_step)
    db.session.commit()

    wrapup = session_wrapup(session, "fi", room=True)

    assert wrapup.previous_round == "Vuosiarviointi 2025"
    (scores,) = wrapup.areas
    progress = next(cell for cell in scores.cells if cell["question"] == "edistyminen")
    assert (scores.title, progress["mean"], progress["change"]) == (area.title, 4.0, 1.5)
    assert [(p.text, p.supports) for p in wrapup.proposals] == [("Osaajapula", 2)]
    assert wrapup.proposal_count == 2
    poll, question = wrapup.kinds
    assert [(i["key"], i["count"]) for i in poll.results["items"]] == [("1", 1), ("2", 1)]
    assert poll.labels == {"1": "Tämä", "2": "Tuo"} and poll.status == "closed"
    assert question.results["approved"] == 3
    assert question.results["cloud"][0]["word"].lower().startswith("vetytalou")
    assert wrapup.next_steps == ("Joulukuu: liitto kokoaa tulokset", "Helmikuu: maakuntahallitus")


@pytest.mark.usefixtures("every_group_shown")
def test_a_step_kept_to_staff_stays_off_the_rooms_wrapup(review_round):
    session, _, _ = run_session(review_round, [3], poll_mode=ResultsMode.STAFF)
    room = session_wrapup(session, "fi", room=True)
    console = session_wrapup(session, "fi", room=False)
    assert [k.kind for k in room.kinds] == [StepKind.OPEN_QUESTION]
    assert [k.kind for k in console.kinds] == [StepKind.POLL, StepKind.OPEN_QUESTION]


def test_the_wrapup_keeps_small_groups_withheld(review_round):
    """The default minimum group size (5): two scores and two poll answers are withheld."""
    session, _, _ = run_session(review_round, [4, 5])
    wrapup = session_wrapup(session, "fi", room=True)
    assert all(cell["mean"] is None for cell in wrapup.areas[0].cells)
    assert wrapup.areas[0].cells[0]["withheld"] is True
    assert wrapup.kinds[0].results["withheld"] is True


def test_next_steps_are_the_lines_of_the_setting():
    assert next_steps_text("  a \r\n\n b\n") == ("a", "b")
    assert next_steps_text("") == ()


@pytest.mark.usefixtures("every_group_shown")
def test_the_projector_console_and_phone_fragments_in_both_languages(
    app, logged_in_client, client, last_year, make_round
):
    review_round = make_round()
    review_round.next_steps = "Joulukuu: liitto kokoaa tulokset"
    session, area, people = run_session(review_round, [4, 4])
    url = f"/review/sessions/{session.id}/wrapup"

    projector = logged_in_client.get(f"{url}?view=projector").get_data(as_text=True)
    assert "Tulokset painopistealoittain" in projector and area.title in projector
    assert "4,0" in projector and "(+1,5)" in projector
    assert "Joulukuu: liitto kokoaa tulokset" in projector
    assert "Mitä seuraavaksi" in projector and "Kumpi?" in projector
    assert logged_in_client.get(f"{url}?view=other").status_code == 400
    # A phone that joined the session gets its own language's fragment; others get nothing.
    assert client.get(f"/s/{session.join_code}/wrapup").status_code in (403, 404, 429)
    token = participation.make_token(app.config["SECRET_KEY"], people[0])
    client.set_cookie(f"wp_round_{review_round.id}", token)
    phone = client.get(f"/s/{session.join_code}/wrapup")
    assert phone.status_code == 200
    assert "Eniten tuetut ehdotukset" in phone.text
    assert not re.search(r"<script", phone.text)
    # In English for a participant who joined in English: English numbers too.
    people[1].locale = "en"
    db.session.commit()
    client.set_cookie(
        f"wp_round_{review_round.id}", participation.make_token(app.config["SECRET_KEY"], people[1])
    )
    english = client.get(f"/s/{session.join_code}/wrapup").text
    assert "Scores by focus area" in english and "What happens next" in english
    assert "4.0" in english and "(+1.5)" in english and "Best supported proposals" in english


def _question(session):
    return next(s for s in session.steps if s.kind == StepKind.OPEN_QUESTION)


@pytest.mark.usefixtures("every_group_shown")
def test_the_round_settings_form_saves_the_timetable(logged_in_client, review_round):
    response = logged_in_client.post(
        f"/review/rounds/{review_round.id}",
        data={
            "title": review_round.title,
            "year": "2026",
            "next_steps": "Joulukuu: tulokset\u202e\nHelmikuu: päätös",
            "hold_proposals": "y",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert review_round.next_steps == "Joulukuu: tulokset\nHelmikuu: päätös"
    page = logged_in_client.get(f"/review/rounds/{review_round.id}").text
    assert "Mitä seuraavaksi (yksi vaihe riville)" in page
    too_long = logged_in_client.post(
        f"/review/rounds/{review_round.id}",
        data={"title": review_round.title, "year": "2026", "next_steps": "x" * 2001},
    )
    assert too_long.status_code == 400
    db.session.expire_all()
    assert review_round.next_steps == "Joulukuu: tulokset\nHelmikuu: päätös"


def test_a_hidden_open_answer_never_reaches_the_wrapup(review_round, every_group_shown):
    session, _, people = run_session(review_round, [3])
    question = _question(session)
    answer = step_services.open_answers(question)[0]
    step_services.moderate_open_answer(answer, "hide", None, "inappropriate")
    db.session.commit()
    wrapup = session_wrapup(session, "fi", room=True)
    texts = [a["text"] for g in wrapup.kinds[1].results["groups"] for a in g["answers"]]
    assert answer.text not in texts and answer.status == ModerationStatus.HIDDEN

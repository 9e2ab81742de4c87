"""Dialogues with the assistant: following a live step, reasons, changing an answer, the
online walk-through with resume, proposals, questions, help and the fallback."""

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.proposals.conftest import open_kind
from workshop.assistant import services
from workshop.assistant.models import Message
from workshop.extensions import db
from workshop.proposals.models import Proposal
from workshop.proposals.services import ProposalError
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import Answer, StepKind

from .conftest import scoring_steps


def say(participant, text="", reply=""):
    messages = services.handle_message(participant, text=text, reply=reply)
    db.session.commit()
    return messages


def prompt(participant, visit=False):
    messages = services.prompt(participant, visit=visit)
    db.session.commit()
    return messages


def answers(participant):
    return {
        (a.question.key, a.focus_area_key): (a.value, a.reason)
        for a in db.session.scalars(select(Answer).where(Answer.participant_id == participant.id))
    }


def test_opened_step_asks_its_first_question_with_quick_replies(participant, scoring_step):
    messages = prompt(participant)
    assert messages[0]["intent"] == "step"
    question = messages[-1]
    assert question["intent"] == "ask"
    assert "Digitaaliset palvelut ja tuotteet (1/3)" in question["text"]
    assert "Kuinka hyvin painopisteala on edistynyt?" in question["text"]
    values = [reply["value"] for reply in question["quick_replies"]]
    assert values == ["score:1", "score:2", "score:3", "score:4", "score:5", "dont_know"]
    assert question["quick_replies"][-1]["label"] == "En osaa sanoa"
    # Asking again changes nothing: the step was already introduced.
    assert prompt(participant) == []


def test_a_score_is_recorded_like_the_form_and_the_next_question_follows(participant, scoring_step):
    prompt(participant)
    messages = say(participant, reply="score:3")
    assert messages[0]["intent"] == "recorded"
    assert messages[0]["answer"]["value"] == 3
    assert "Ajankohtai" in messages[1]["text"] or "ajankohtainen" in messages[1]["text"]
    assert answers(participant)[("edistyminen", "digitaaliset-palvelut")] == (3, "")
    # Typed answers work too, and "en osaa sanoa" is a don't know.
    say(participant, text="en osaa sanoa")
    assert answers(participant)[("ajankohtaisuus", "digitaaliset-palvelut")] == (None, "")


def test_an_extreme_score_asks_for_a_reason_and_saves_it(participant, scoring_step):
    prompt(participant)
    messages = say(participant, text="5")
    assert messages[-1]["intent"] == "ask_reason"
    assert [r["value"] for r in messages[-1]["quick_replies"]] == ["skip"]
    messages = say(participant, text="Paljon uusia palveluita <b>käytössä</b> 🎉")
    assert messages[0]["intent"] == "recorded"
    assert answers(participant)[("edistyminen", "digitaaliset-palvelut")] == (
        5,
        "Paljon uusia palveluita <b>käytössä</b> 🎉",
    )
    assert messages[-1]["intent"] == "ask"


def test_a_score_far_from_the_others_asks_for_a_reason(make_participant, participant, scoring_step):
    for _ in range(3):
        other = make_participant()
        participation.submit_answer(
            other,
            submission_id=f"other-{other.id}-x",
            step_id=scoring_step.id,
            question_key="edistyminen",
            focus_area_key="digitaaliset-palvelut",
            value=4,
        )
    db.session.commit()
    prompt(participant)
    assert say(participant, text="2")[-1]["intent"] == "ask_reason"
    assert say(participant, reply="skip")[0]["text"] == "Selvä, ilman perustelua."


def test_a_score_with_its_reason_in_one_message(participant, scoring_step):
    prompt(participant)
    messages = say(participant, text="1, koska mitään ei ole tapahtunut")
    assert messages[0]["intent"] == "recorded"
    assert answers(participant)[("edistyminen", "digitaaliset-palvelut")] == (
        1,
        "koska mitään ei ole tapahtunut",
    )


def test_a_score_off_the_scale_is_refused_and_asked_again(participant, scoring_step):
    prompt(participant)
    messages = say(participant, text="9")
    assert messages[0]["intent"] == "invalid"
    assert messages[1]["intent"] == "ask"
    assert answers(participant) == {}


def test_changing_an_answer(participant, scoring_step):
    prompt(participant)
    say(participant, text="3")
    say(participant, text="4")
    messages = say(participant, text="haluan muuttaa vastaustani")
    assert messages[-1]["intent"] == "change"
    choices = [r["value"] for r in messages[-1]["quick_replies"]]
    assert "cell:edistyminen|digitaaliset-palvelut" in choices
    messages = say(participant, reply="cell:edistyminen|digitaaliset-palvelut")
    # The chosen answer is named with its question and value; its new value is asked.
    assert messages[0]["intent"] == "change_value"
    assert "Kuinka hyvin painopisteala on edistynyt?" in messages[0]["text"]
    assert "3" in messages[0]["text"]
    messages = say(participant, text="2")
    assert "3 → 2" in messages[0]["text"]
    assert answers(participant)[("edistyminen", "digitaaliset-palvelut")] == (2, "")
    assert answers(participant)[("ajankohtaisuus", "digitaaliset-palvelut")] == (4, "")
    # Then the walk-through continues where it was.
    assert prompt(participant) == []
    assert say(participant, text="mikä vaihe")[-1]["focus_area"] == "terveys-ja-hyvinvointi"


def test_the_form_and_the_chat_write_the_same_answers(participant, scoring_step):
    participation.submit_answer(
        participant,
        submission_id="form-answer-1",
        step_id=scoring_step.id,
        question_key="edistyminen",
        focus_area_key="digitaaliset-palvelut",
        value=2,
    )
    db.session.commit()
    question = prompt(participant)[-1]
    # The chat skips what the form already answered.
    assert question["question"] == "ajankohtaisuus"
    assert question["focus_area"] == "digitaaliset-palvelut"


def test_a_closed_step_is_announced_and_scores_are_then_refused(participant, scoring_step):
    prompt(participant)
    review_services.close_step(scoring_step)
    db.session.commit()
    messages = prompt(participant)
    assert messages[0]["intent"] == "step"
    assert say(participant, text="4")[0]["intent"] == "no_step"


def test_the_next_step_brings_its_own_questions(participant, open_session, scoring_step):
    prompt(participant)
    review_services.open_step(scoring_steps(open_session)[1])
    db.session.commit()
    messages = prompt(participant)
    assert messages[-1]["intent"] == "ask"
    assert messages[-1]["focus_area"] == "energia"


def test_online_window_walks_through_every_area_and_resumes(review_round):
    session = review_services.create_online_session(review_round, "Verkkoarviointi")
    db.session.commit()
    participant = participation.join_session(session, "klusterit", locale="fi")
    db.session.commit()
    messages = prompt(participant, visit=True)
    assert "verkkoarviointi" in messages[0]["text"].lower()
    assert "(1/10)" in messages[-1]["text"]
    for _ in range(4):
        say(participant, text="3")
    assert "(3/10)" in services.history(participant)[-1]["text"]
    # A reload at once shows the open question from the history: nothing new is said.
    assert prompt(participant, visit=True) == []
    # A visit after a pause greets the participant back and asks the same open question.
    for message in db.session.scalars(select(Message)):
        message.created_at -= timedelta(hours=20)
    db.session.commit()
    messages = prompt(participant, visit=True)
    assert messages[0]["intent"] == "resume"
    assert "4/20" in messages[0]["text"]
    assert messages[-1]["question"] == "edistyminen"
    assert messages[-1]["focus_area"] == "uudistuva-teollisuus"
    for _ in range(16):
        say(participant, text="3")
    assert services.history(participant)[-1]["intent"] == "done"
    assert len(answers(participant)) == 20


def test_conversation_survives_a_reload(participant, scoring_step):
    prompt(participant)
    say(participant, text="4")
    history = services.history(participant)
    assert [m["role"] for m in history] == [
        "assistant",
        "assistant",
        "user",
        "assistant",
        "assistant",
    ]
    assert history[2]["text"] == "4"
    db.session.expunge_all()
    assert services.state_of(participant)["cursor"] == ["ajankohtaisuus", "digitaaliset-palvelut"]


def test_proposal_by_conversation_is_submitted_only_after_confirmation(participant, scoring_step):
    prompt(participant)
    messages = say(participant, text="Pitäisi lisätä vetytalouden osaamiskeskus Ouluun")
    assert messages[-1]["intent"] == "suggestion"
    messages = say(participant, reply="yes")
    areas = [r["value"] for r in messages[-1]["quick_replies"]]
    assert messages[-1]["intent"] == "proposal_area"
    assert "area:energia" in areas[:3]
    messages = say(participant, reply="area:energia")
    assert messages[-1]["intent"] == "proposal_element"
    refs = [r["value"] for r in messages[-1]["quick_replies"]]
    assert refs[0] == "ref:focus_area/energia/challenge/energia.h2/solution/energia.h2.r2"
    messages = say(participant, reply=refs[0])
    kinds = [r["value"] for r in messages[-1]["quick_replies"]]
    assert kinds[0] == "kind:add_solution"
    messages = say(participant, reply="kind:add_solution")
    assert messages[-1]["intent"] == "proposal_rationale"
    messages = say(participant, text="Osaaminen kannattaa koota yhteen.")
    summary = messages[-1]
    assert summary["intent"] == "proposal_confirm"
    # A new solution goes under the challenge of the solution pointed at: the summary says so.
    assert "Koskee: Tuotetun energian varastointi" in summary["text"]
    assert db.session.scalars(select(Proposal)).all() == []
    messages = say(participant, reply="yes")
    assert messages[0]["intent"] == "proposal_submitted"
    stored = db.session.scalars(select(Proposal)).one()
    # A new solution is attached to the challenge of the solution the participant pointed at.
    assert (stored.kind, stored.target_ref, stored.focus_area_key) == (
        "add_solution",
        "focus_area/energia/challenge/energia.h2",
        "energia",
    )
    assert stored.participant_id == participant.id and stored.status == "published"
    # The chat's cleaned wording, shown at the offer and the summary ("you can edit it").
    assert stored.text == "Lisätään vetytalouden osaamiskeskus Ouluun"
    assert stored.rationale == "Osaaminen kannattaa koota yhteen."
    # Back to the open question.
    assert messages[-1]["intent"] == "ask"


def test_a_new_action_is_proposed_for_a_focus_area_that_lists_actions(participant, scoring_step):
    prompt(participant)
    say(participant, text="Pitäisi lisätä toimenpide: matkailukohteiden saavutettavuuskartoitus")
    messages = say(participant, reply="yes")
    assert messages[-1]["intent"] == "proposal_area"
    messages = say(participant, reply="area:innovatiivinen-matkailu")
    refs = [r["value"] for r in messages[-1]["quick_replies"]]
    assert "ref:focus_area/innovatiivinen-matkailu" in refs  # the whole focus area
    messages = say(participant, reply="ref:focus_area/innovatiivinen-matkailu")
    kinds = [r["value"] for r in messages[-1]["quick_replies"]]
    assert kinds[0] == "kind:add_action"
    say(participant, reply="kind:add_action")
    say(participant, text="Kaikkien pitää päästä mukaan.")
    messages = say(participant, reply="yes")
    assert messages[0]["intent"] == "proposal_submitted"
    stored = db.session.scalars(select(Proposal)).one()
    assert (stored.kind, stored.target_ref) == ("add_action", "focus_area/innovatiivinen-matkailu")


def test_a_new_indicator_target_is_proposed_by_conversation(participant, scoring_step):
    prompt(participant)
    say(participant, text="Ehdotan että T&K-menojen tavoitetta pitäisi nostaa 1,5 miljardiin")
    messages = say(participant, reply="yes")
    assert "area:indicators" in [r["value"] for r in messages[-1]["quick_replies"]]
    messages = say(participant, reply="area:indicators")
    assert messages[-1]["intent"] == "proposal_element"
    refs = [r["value"] for r in messages[-1]["quick_replies"]]
    assert refs[0] == "ref:indicator/tk-menot"  # the likeliest first
    assert all(ref.startswith("ref:indicator/") for ref in refs if ref != "cancel")
    messages = say(participant, reply=refs[0])
    kinds = [r["value"] for r in messages[-1]["quick_replies"]]
    assert kinds == ["kind:change_target", "kind:remove", "cancel"]
    say(participant, reply="kind:change_target")
    summary = say(participant, text="Kunnianhimoa tarvitaan.")[-1]
    assert summary["intent"] == "proposal_confirm"
    assert "Strategian osa: Mittarit" in summary["text"]
    messages = say(participant, reply="yes")
    assert messages[0]["intent"] == "proposal_submitted"
    stored = db.session.scalars(select(Proposal)).one()
    assert (stored.kind, stored.target_ref, stored.focus_area_key) == (
        "change_target",
        "indicator/tk-menot",
        None,
    )


def test_a_proposal_can_be_cancelled(participant, scoring_step):
    say(participant, text="Matkailussa pitäisi huomioida saavutettavuus")
    say(participant, reply="yes")
    messages = say(participant, reply="cancel")
    assert messages[0]["intent"] == "proposal_cancelled"
    assert db.session.scalars(select(Proposal)).all() == []


def test_a_failing_seam_is_reported_politely(participant, scoring_step, monkeypatch):
    from workshop.assistant import proposal_seam

    def refuse(participant, draft):
        raise ProposalError("session_closed", "Your workshop is not open.")

    monkeypatch.setattr(proposal_seam, "submit_proposal", refuse)
    say(participant, text="Pitäisi lisätä vetytalouden osaamiskeskus")
    say(participant, reply="yes")
    say(participant, reply="area:energia")
    say(participant, reply="ref:focus_area/energia")
    say(participant, reply="kind:add_challenge")
    say(participant, reply="skip")
    messages = say(participant, reply="yes")
    assert messages[0]["intent"] == "error"
    assert "työpajasi ei ole enää auki" in messages[0]["text"]


def test_questions_are_answered_from_the_strategy(participant):
    messages = say(participant, text="Mitä strategia sanoo energian varastoinnista?")
    assert messages[0]["intent"] == "question"
    assert messages[0]["quotes"][0]["focus_area"] == "energia"
    assert "Tuotetun energian varastointi" in messages[0]["text"]
    assert "Energian tuotanto ja varastointi" in messages[0]["text"]


def test_questions_in_english_are_answered_in_english(make_participant):
    participant = make_participant(locale="en")
    messages = say(participant, text="What are the challenges in health?")
    assert messages[0]["quotes"][0]["focus_area"] == "terveys-ja-hyvinvointi"
    assert "Health and well-being sector" in messages[0]["text"]
    assert messages[0]["text"].startswith("This is what the strategy says")


def test_nothing_found_is_said_plainly(participant):
    messages = say(participant, text="Mitä strategia sanoo pizzan hinnasta?")
    assert messages[0]["quotes"] == []
    assert "En löytänyt" in messages[0]["text"]


def test_help_current_step_results_and_fallback(participant, scoring_step, every_group_shown):
    assert say(participant, text="apua")[0]["intent"] == "help"
    messages = say(participant, text="missä mennään?")
    assert messages[0]["intent"] == "step"
    assert "0/6" in messages[0]["text"]
    assert say(participant, text="näytä tulokset")[0]["intent"] == "results"
    assert "ei ole vielä näytetty" in say(participant, text="näytä tulokset")[0]["text"]
    say(participant, text="4")
    review_services.set_results_visible(scoring_step, True)
    db.session.commit()
    messages = say(participant, text="näytä tulokset")
    assert "Digitaaliset palvelut ja tuotteet" in messages[0]["text"]
    assert "4,0" in messages[0]["text"]  # the Finnish way
    # Whatever is not a score, a command or a suggestion is answered as a question.
    nonsense = say(participant, text="blaa blaa")[0]
    assert nonsense["intent"] == "question"
    assert nonsense["quotes"] == []


def test_hostile_text_is_kept_as_text(participant, scoring_step):
    text = "\x00\x07<script>alert(1)</script>" + "ä" * 100_000
    messages = say(participant, text=text)
    assert messages
    stored = db.session.scalars(select(Message).where(Message.role == "user")).one()
    assert "\x00" not in stored.text
    assert len(stored.text) <= services.MAX_MESSAGE_LENGTH


def test_answering_the_question_instead_drops_the_proposal_offer(participant, scoring_step):
    prompt(participant)
    assert say(participant, text="Matkailua pitäisi kehittää")[-1]["intent"] == "suggestion"
    messages = say(participant, text="3")
    assert messages[0]["intent"] == "recorded"
    assert services.state_of(participant)["draft"] is None


def test_every_ordinary_sentence_is_stored_as_the_reason_asked(participant, scoring_step):
    from workshop.assistant.models import Conversation

    from .test_intents import ordinary_messages

    prompt(participant)
    say(participant, text="5")
    asked_reason = services.state_of(participant)
    assert asked_reason["awaiting"] == "reason"
    cell = ("edistyminen", "digitaaliset-palvelut")
    for _kind, _language, text in ordinary_messages():
        db.session.get(Conversation, participant.id).state = asked_reason
        db.session.commit()
        messages = say(participant, text=text)
        assert answers(participant)[cell] == (5, text), text
        # The reason went on the answer asked; the next question follows, never "all done".
        assert messages[-1]["intent"] == "ask", text
        assert services.state_of(participant)["cursor"] == ["ajankohtaisuus", cell[1]]
    assert len(answers(participant)) == 1


def test_skipped_questions_are_not_called_answered(participant, scoring_step):
    prompt(participant)
    say(participant, text="3")
    for _ in range(5):
        messages = say(participant, text="ohita")
    assert messages[-1]["intent"] == "skipped"
    assert "1/6" in messages[-1]["text"]
    assert [r["value"] for r in messages[-1]["quick_replies"]] == ["unskip"]
    # A score now asks the open question rather than claiming everything is answered.
    assert say(participant, text="4")[-1]["intent"] == "skipped"
    messages = say(participant, reply="unskip")
    assert (messages[-1]["question"], messages[-1]["focus_area"]) == (
        "ajankohtaisuus",
        "digitaaliset-palvelut",
    )
    assert len(answers(participant)) == 1


def test_states_stored_by_older_versions_do_not_break_the_chat(participant, scoring_step):
    from workshop.assistant.models import Conversation

    prompt(participant)
    step_id = services.state_of(participant)["step_id"]
    old_states = [
        {},
        {"step_id": step_id, "awaiting": "reason"},
        {"step_id": step_id, "awaiting": "reason", "pending": {"q": "edistyminen"}},
        {"step_id": step_id, "awaiting": "change", "cursor": ["edistyminen", "energia"]},
        {"step_id": step_id, "awaiting": "element", "draft": {"text": "Pitäisi"}},
        {"step_id": step_id, "awaiting": "somewhere", "cursor": "x", "skipped": None},
        {"step_id": step_id, "cursor": None, "awaiting": None},
    ]
    for old in old_states:
        db.session.get(Conversation, participant.id).state = old
        db.session.commit()
        messages = say(participant, text="4")
        assert messages, old
        assert messages[-1]["intent"] in ("ask", "change", "proposal_area", "step"), old
        assert services.state_of(participant)["skipped"] == []
        for answer in db.session.scalars(select(Answer)):
            db.session.delete(answer)
        db.session.commit()


def codes_create_proposal_raises() -> set[str]:
    """The codes of every ProposalError that ``create_proposal`` and the module's helpers it
    calls (transitively) raise or return, read from their source."""
    import ast
    import inspect

    from workshop.proposals import services as proposal_services

    tree = ast.parse(inspect.getsource(proposal_services))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    codes, todo, seen = set(), ["create_proposal"], set()
    while todo:
        name = todo.pop()
        seen.add(name)
        for node in ast.walk(functions[name]):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            if node.func.id == "ProposalError":
                codes.add(node.args[0].value)
            elif node.func.id in functions and node.func.id not in seen:
                todo.append(node.func.id)
    return codes


def test_every_refusal_of_a_proposal_has_a_text_in_the_chat(app):
    codes = codes_create_proposal_raises()
    assert {"proposals_closed", "invalid_target", "session_closed"} <= codes
    with force_locale("fi"):
        texts = {**services.error_texts(), **services.proposal_error_texts()}
        assert codes - set(texts) == set()
        assert (
            services.proposal_error_texts()["invalid_value"]
            != services.error_texts()["invalid_value"]
        )


@pytest.mark.parametrize("kind", [StepKind.WELCOME, StepKind.INDICATORS, StepKind.WRAPUP])
def test_no_proposal_is_offered_in_a_step_that_takes_none(participant, open_session, kind):
    open_kind(open_session, kind)
    text = "Pitäisi lisätä vetytalouden osaamiskeskus Ouluun"
    messages = say(participant, text=text)
    assert [m["intent"] for m in messages] == ["proposals_closed"]
    # Where proposals are taken, and the text to keep; no button that could only fail.
    assert "ehdotusvaiheessa" in messages[0]["text"]
    assert text in messages[0]["text"]
    assert messages[0]["quick_replies"] == []
    assert services.state_of(participant)["draft"] is None
    assert say(participant, text="kyllä")[0]["intent"] == "fallback"
    assert db.session.scalars(select(Proposal)).all() == []


@pytest.mark.parametrize(
    "kind",
    [StepKind.WELCOME, StepKind.INDICATORS, StepKind.SCORING, StepKind.PROPOSALS, StepKind.WRAPUP],
)
def test_the_chat_asks_the_proposals_own_rule(review_round, participant, open_session, kind):
    from workshop.proposals import services as proposal_services

    open_kind(open_session, kind)
    idea = proposal_services.ProposalInput(
        kind="add_challenge", target_ref="focus_area/energia", text="Vetyosaajat"
    )
    try:
        proposal_services.create_proposal(review_round, idea, participant=participant)
        taken = True
    except ProposalError as refused:
        assert refused.code == "proposals_closed"
        taken = False
    db.session.rollback()
    assert proposal_services.proposing_open(participant) is taken
    offered = say(participant, text="Pitäisi lisätä vetyosaajat")[-1]["intent"]
    assert offered == ("suggestion" if taken else "proposals_closed")


def test_a_kind_that_does_not_fit_is_chosen_again_never_retried(participant, scoring_step):
    say(participant, text="Energia-alan kuvauksen sanamuotoa pitäisi selkeyttää")
    say(participant, reply="yes")
    say(participant, reply="area:energia")
    say(participant, reply="ref:focus_area/energia")
    say(participant, reply="kind:reword")  # a rewording needs a challenge, solution or action
    say(participant, reply="skip")
    messages = say(participant, reply="yes")
    assert messages[0]["intent"] == "error"
    assert "ei sovi valitsemaasi kohtaan" in messages[0]["text"]
    assert messages[0]["quick_replies"] == []
    assert messages[-1]["intent"] == "proposal_kind"
    assert db.session.scalars(select(Proposal)).all() == []
    assert say(participant, reply="kind:describe_focus_area")[-1]["intent"] == "proposal_confirm"
    messages = say(participant, reply="yes")
    assert messages[0]["intent"] == "proposal_submitted"
    assert db.session.scalars(select(Proposal)).one().kind == "describe_focus_area"


def test_a_proposal_whose_workshop_closes_meanwhile_ends_with_its_text(
    participant, open_session, scoring_step
):
    say(participant, text="Pitäisi lisätä vetytalouden osaamiskeskus")
    say(participant, reply="yes")
    say(participant, reply="area:energia")
    say(participant, reply="ref:focus_area/energia")
    say(participant, reply="kind:add_challenge")
    say(participant, text="Osaajia tarvitaan.")
    review_services.set_session_status(open_session, "closed")
    db.session.commit()
    messages = say(participant, reply="yes")
    assert messages[0]["intent"] == "proposals_closed"
    assert "työpajasi ei ole enää auki" in messages[0]["text"]
    assert "Pitäisi lisätä vetytalouden osaamiskeskus" in messages[0]["text"]
    assert "Osaajia tarvitaan." in messages[0]["text"]
    assert all(m["quick_replies"] == [] for m in messages)
    assert services.state_of(participant)["draft"] is None


def test_a_replacement_asked_when_the_step_closes_is_not_taken_as_anything_else(
    participant, scoring_step
):
    prompt(participant)
    participation.submit_answer(
        participant,
        submission_id="form-1",
        step_id=scoring_step.id,
        question_key="edistyminen",
        focus_area_key="digitaaliset-palvelut",
        value=2,
    )
    db.session.commit()
    assert say(participant, text="4")[-1]["intent"] == "replace"
    review_services.close_step(scoring_step)
    db.session.commit()
    messages = say(participant, text="kyllä")
    assert [m["intent"] for m in messages] == ["step_closed"]
    assert "ei muutettu" in messages[0]["text"]
    assert answers(participant) == {("edistyminen", "digitaaliset-palvelut"): (2, "")}
    assert services.state_of(participant)["awaiting"] is None


def test_a_reason_long_after_the_step_closed_is_read_as_usual(participant, scoring_step):
    from workshop.assistant.models import Conversation

    prompt(participant)
    say(participant, text="5")
    review_services.close_step(scoring_step)
    db.session.commit()
    assert [m["intent"] for m in prompt(participant)] == ["step_closed", "step"]
    assert services.state_of(participant)["interrupted"] == "reason"
    for message in db.session.scalars(select(Message)):
        message.created_at -= timedelta(hours=1)
    db.session.commit()
    messages = say(participant, text="Mitä strategia sanoo energian varastoinnista?")
    assert messages[0]["intent"] == "question"
    assert db.session.get(Conversation, participant.id).state["interrupted"] is None


def test_a_number_off_the_scale_that_begins_a_sentence_is_a_sentence(participant, scoring_step):
    prompt(participant)
    messages = say(participant, text="10 vuotta sitten alalla oli enemmän yrityksiä")
    assert messages[0]["intent"] == "question"  # answered as a question: nothing is stored
    assert services.state_of(participant)["awaiting"] is None
    assert answers(participant) == {}

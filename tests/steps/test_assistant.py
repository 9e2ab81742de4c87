"""The chat assistant asks the open question and the single-choice poll."""

from flask_babel import force_locale

from workshop.assistant import services as assistant
from workshop.extensions import db
from workshop.review.models import StepKind
from workshop.steps import services
from workshop.steps.models import ModerationStatus


def prompt(participant):
    with force_locale("fi"):
        messages = assistant.prompt(participant)
    db.session.commit()
    return messages


def say(participant, text="", reply=""):
    with force_locale("fi"):
        messages = assistant.handle_message(participant, text=text, reply=reply)
    db.session.commit()
    return messages


def test_the_assistant_asks_the_open_question_and_saves_answers_held(question_step, participant):
    asked = prompt(participant)
    assert "Mitä strategiasta puuttuu?" in asked[-1]["text"]
    reply = say(participant, "Kiertotalouden osaajia")
    assert "Kiertotalouden osaajia" in reply[-1]["text"] and "hyväksynyt" in reply[-1]["text"]
    say(participant, "Vetytaloutta")
    given = services.open_answers(question_step, participant)
    assert [a.text for a in given] == ["Kiertotalouden osaajia", "Vetytaloutta"]
    assert {a.status for a in given} == {ModerationStatus.HELD}
    assert "Kiitos" in say(participant, "valmis")[-1]["text"]
    # Done: the next message is no answer any more.
    say(participant, "mitä strategia sanoo vedystä?")
    assert len(services.open_answers(question_step, participant)) == 2


def test_a_too_long_answer_in_the_chat_is_refused_with_the_reason(question_step, participant):
    prompt(participant)
    reply = say(participant, "x" * 300)
    assert reply[-1]["text"].startswith("Ei tallennettu")
    assert services.open_answers(question_step, participant) == []


def test_the_assistant_offers_a_single_choice_polls_options(poll_step, participant):
    asked = prompt(participant)[-1]
    assert [r["label"] for r in asked["quick_replies"]] == ["Kyllä", "Ei", "En osaa sanoa"]
    say(participant, reply=asked["quick_replies"][1]["value"])
    assert services.participant_choice(poll_step, participant) == ["2"]


def test_a_prioritisation_is_pointed_to_the_form(add_open_step, participant):
    add_open_step(StepKind.PRIORITY, max_picks=2)
    assert "lomakkeella" in prompt(participant)[-1]["text"]

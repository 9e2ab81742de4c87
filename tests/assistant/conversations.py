"""Scripted whole conversations with the assistant, in Finnish and English, that check the
database after every message. Each runs on a chat: in the test process (``ServiceChat``) or
through a real HTTP and Socket.IO server (``SocketChat``), as the participant page talks."""

from __future__ import annotations

import uuid

import requests
import socketio
from sqlalchemy import select

from workshop.assistant import services
from workshop.extensions import db
from workshop.proposals.models import Proposal
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import Answer, Participant, StepKind

PROGRESS, RELEVANCE = "edistyminen", "ajankohtaisuus"
DIGITAL, HEALTH = "digitaaliset-palvelut", "terveys-ja-hyvinvointi"


class ServiceChat:
    """The chat through the assistant's services, committed after every message."""

    def __init__(self, session, group="klusterit", locale="fi"):
        self.participant = participation.join_session(session, group, locale=locale)
        db.session.commit()
        self.participant_id = self.participant.id

    def prompt(self, visit=False) -> list[dict]:
        messages = services.prompt(self.participant, visit=visit)
        db.session.commit()
        return messages

    def send(self, text="", reply="", label="") -> list[dict]:
        messages = services.handle_message(self.participant, text=text, reply=reply, label=label)
        db.session.commit()
        return messages

    def form_answer(self, step, question, area, value, reason="") -> None:
        """An answer given in the form tab ("Lomake"), through the form's own service."""
        participation.submit_answer(
            self.participant,
            submission_id=uuid.uuid4().hex,
            step_id=step.id,
            question_key=question,
            focus_area_key=area,
            value=value,
            reason=reason,
        )
        db.session.commit()

    def close(self) -> None:
        pass


class SocketChat:
    """The chat as the participant page has it: joined with ``POST /api/join``, connected to
    Socket.IO with the token, sending the page's ``assistant:*`` and ``answer:submit`` events."""

    TIMEOUT = 15

    def __init__(self, base_url, session, group="klusterit", locale="fi"):
        joined = requests.post(
            f"{base_url}/api/join",
            json={"code": session.join_code, "group": group, "locale": locale},
            timeout=self.TIMEOUT,
        ).json()
        assert joined["ok"], joined
        self.participant_id = joined["participant_id"]
        self.client = socketio.Client(reconnection=False)
        self.client.connect(base_url, auth={"token": joined["token"]}, wait_timeout=self.TIMEOUT)

    def _call(self, event, payload) -> dict:
        ack = self.client.call(event, payload, timeout=self.TIMEOUT)
        assert ack["ok"], ack
        db.session.expire_all()  # the server wrote in its own transaction
        return ack

    def prompt(self, visit=False) -> list[dict]:
        return self._call("assistant:prompt", {"visit": visit})["messages"]

    def send(self, text="", reply="", label="") -> list[dict]:
        payload = {"text": text} if text else {"reply": reply, "label": label or reply}
        return self._call("assistant:message", payload)["messages"]

    def form_answer(self, step, question, area, value, reason="") -> None:
        self._call(
            "answer:submit",
            {
                "submission_id": uuid.uuid4().hex,
                "step_id": step.id,
                "question": question,
                "focus_area": area,
                "value": value,
                "reason": reason,
            },
        )

    def close(self) -> None:
        self.client.disconnect()


def answers(chat) -> dict[tuple[str, str], tuple[int | None, str]]:
    """The chat participant's Answer rows: (question, focus area) → (value, reason)."""
    db.session.expire_all()
    rows = db.session.scalars(select(Answer).where(Answer.participant_id == chat.participant_id))
    return {(a.question.key, a.focus_area_key): (a.value, a.reason) for a in rows}


def proposals(chat) -> list[tuple]:
    """The chat participant's Proposal rows: (kind, target, focus area, text, rationale)."""
    db.session.expire_all()
    rows = db.session.scalars(
        select(Proposal).where(Proposal.participant_id == chat.participant_id)
    )
    return [(p.kind, p.target_ref, p.focus_area_key, p.text, p.rationale) for p in rows]


def asked(messages) -> tuple[str, str] | None:
    """The question the last message asks, as (question, focus area)."""
    last = messages[-1]
    return (last["question"], last["focus_area"]) if last.get("intent") == "ask" else None


def values(message) -> list[str]:
    return [reply["value"] for reply in message["quick_replies"]]


def intents_of(messages) -> list[str]:
    return [message["intent"] for message in messages]


def facilitator_opens(step, kind=None) -> None:
    """The facilitator opens ``step`` (or the session's first step of ``kind``) on the console."""
    if kind is not None:
        step = next(other for other in step.session.steps if other.kind == kind)
    review_services.open_step(step)
    db.session.commit()


def facilitator_closes(step) -> None:
    review_services.close_step(step)
    db.session.commit()


# The conversations ----------------------------------------------------------------------


def reasons_with_ordinary_words_are_kept(chat, step):
    """Reasons with "muutama", "ohjelmisto", "tuloksia", "apua" are reasons, on the answer
    asked, and the walk-through goes on where it was."""
    assert asked(chat.prompt()) == (PROGRESS, DIGITAL)
    assert chat.send("5")[-1]["intent"] == "ask_reason"
    assert answers(chat) == {(PROGRESS, DIGITAL): (5, "")}
    reason = "Muutama ohjelmistoyritys kasvoi, tuloksia näkyy maakuntaohjelman hankkeissa."
    messages = chat.send(reason)
    assert answers(chat) == {(PROGRESS, DIGITAL): (5, reason)}
    assert asked(messages) == (RELEVANCE, DIGITAL)
    assert chat.send("1")[-1]["intent"] == "ask_reason"
    messages = chat.send("Tulokset.")
    assert answers(chat)[(RELEVANCE, DIGITAL)] == (1, "Tulokset.")
    assert asked(messages) == (PROGRESS, HEALTH)
    # A score on its own while a reason is asked is a new score for the same question.
    assert chat.send("5")[-1]["intent"] == "ask_reason"
    assert chat.send("4")[-1]["intent"] == "ask"
    assert answers(chat)[(PROGRESS, HEALTH)] == (4, "")
    assert chat.send("1")[-1]["intent"] == "ask_reason"
    messages = chat.send("ohita")
    assert answers(chat)[(RELEVANCE, HEALTH)] == (1, "")
    assert len(answers(chat)) == 4
    assert asked(messages) == (PROGRESS, "uudistuva-teollisuus")
    assert "4/6" in chat.send("missä mennään?")[0]["text"]


def a_change_writes_only_the_chosen_answer(chat, step):
    """A change names the question and the old and new value, and writes that answer only;
    a number typed instead of a choice is not taken as one."""
    chat.prompt()
    chat.send("3")
    assert asked(chat.send("4")) == (PROGRESS, HEALTH)
    messages = chat.send("muuta")
    assert messages[-1]["intent"] == "change"
    assert values(messages[-1]) == [
        f"cell:{PROGRESS}|{DIGITAL}",
        f"cell:{RELEVANCE}|{DIGITAL}",
        "cancel",
    ]
    messages = chat.send("2")
    assert messages[-1]["intent"] == "change"
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, ""), (RELEVANCE, DIGITAL): (4, "")}
    messages = chat.send("ajankohtainen")
    assert messages[-1]["intent"] == "change_value"
    assert "Kuinka ajankohtainen painopisteala on edelleen?" in messages[-1]["text"]
    assert "on nyt 4" in messages[-1]["text"]
    messages = chat.send("2")
    assert "4 → 2" in messages[0]["text"]
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, ""), (RELEVANCE, DIGITAL): (2, "")}
    # The walk-through goes on at the question it had reached.
    assert asked(messages) == (PROGRESS, HEALTH)
    messages = chat.send("haluan muuttaa vastaustani")
    chat.send(reply=f"cell:{PROGRESS}|{DIGITAL}")
    messages = chat.send("peru")
    assert messages[0]["intent"] == "cancelled"
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, ""), (RELEVANCE, DIGITAL): (2, "")}
    assert asked(messages) == (PROGRESS, HEALTH)


def hedged_scores_are_confirmed_first(chat, step):
    """ "3,5", "kolme ja puoli", "ehkä 2", "3 tai 4" store nothing until a number is chosen."""
    chat.prompt()
    messages = chat.send("3,5")
    assert messages[-1]["intent"] == "confirm_score"
    assert values(messages[-1]) == ["score:3", "score:4", "cancel"]
    assert answers(chat) == {}
    messages = chat.send(reply="score:4", label="4")
    assert answers(chat) == {(PROGRESS, DIGITAL): (4, "")}
    assert asked(messages) == (RELEVANCE, DIGITAL)
    assert chat.send("kolme ja puoli, koska kehitys on hidasta")[-1]["intent"] == "confirm_score"
    messages = chat.send("peru")
    assert len(answers(chat)) == 1
    assert asked(messages) == (RELEVANCE, DIGITAL)
    assert chat.send("ehkä 2")[-1]["intent"] == "confirm_score"
    chat.send("kyllä")
    assert answers(chat)[(RELEVANCE, DIGITAL)] == (2, "")
    chat.send("3 tai 4 koska hoitajia puuttuu")
    assert chat.send("jotain siltä väliltä")[-1]["intent"] == "confirm_score"
    assert len(answers(chat)) == 2
    messages = chat.send("4")
    assert answers(chat)[(PROGRESS, HEALTH)] == (4, "koska hoitajia puuttuu")
    assert asked(messages) == (RELEVANCE, HEALTH)


def the_form_answer_is_shown_before_it_is_replaced(chat, step):
    """An answer given in the form is shown, and replaced only after a yes."""
    assert asked(chat.prompt()) == (PROGRESS, DIGITAL)
    chat.form_answer(step, PROGRESS, DIGITAL, 2, "lomakkeelta")
    messages = chat.send("4")
    assert messages[-1]["intent"] == "replace"
    assert "2 (lomakkeelta)" in messages[-1]["text"]
    assert answers(chat) == {(PROGRESS, DIGITAL): (2, "lomakkeelta")}
    messages = chat.send("kyllä")
    assert "2 → 4" in messages[0]["text"]
    assert answers(chat) == {(PROGRESS, DIGITAL): (4, "lomakkeelta")}
    assert asked(messages) == (RELEVANCE, DIGITAL)
    chat.form_answer(step, RELEVANCE, DIGITAL, 3)
    assert chat.send("5")[-1]["intent"] == "replace"
    messages = chat.send(reply="no", label="Pidä 3")
    assert messages[0]["intent"] == "kept"
    assert answers(chat)[(RELEVANCE, DIGITAL)] == (3, "")
    assert asked(messages) == (PROGRESS, HEALTH)


def a_proposal_is_made_with_typed_choices(chat, step):
    """At every step that offers buttons, typed words are matched to the buttons' labels, or
    the buttons come again; the proposal is stored only after the confirmation."""
    chat.prompt()
    text = "Pitäisi lisätä vetytalouden osaamiskeskus Ouluun"
    assert chat.send(text)[-1]["intent"] == "suggestion"
    assert chat.send("kyllä")[-1]["intent"] == "proposal_area"
    assert chat.send("12")[-1]["intent"] == "proposal_area"
    messages = chat.send("energia")
    assert messages[-1]["intent"] == "proposal_element"
    assert "Energian tuotanto ja varastointi" in messages[-1]["text"]
    assert chat.send("koko painopisteala")[-1]["intent"] == "proposal_kind"
    assert chat.send("jotain")[-1]["intent"] == "proposal_kind"
    assert chat.send("uusi haaste")[-1]["intent"] == "proposal_rationale"
    rationale = "Muutama tutkimusryhmä tekee jo tätä, ja tuloksia on."
    assert chat.send(rationale)[-1]["intent"] == "proposal_confirm"
    assert proposals(chat) == []
    messages = chat.send("joo")
    assert messages[0]["intent"] == "proposal_submitted"
    # The chat's cleaned wording of "Pitäisi lisätä ...", shown at the offer and the summary.
    cleaned = "Lisätään vetytalouden osaamiskeskus Ouluun"
    assert proposals(chat) == [
        ("add_challenge", "focus_area/energia", "energia", cleaned, rationale)
    ]
    assert answers(chat) == {}
    assert asked(messages) == (PROGRESS, DIGITAL)


def an_english_conversation(chat, step):
    """In English: an ordinary reason, a hedged score, a change of the chosen answer."""
    assert asked(chat.prompt()) == (PROGRESS, DIGITAL)
    assert chat.send("1")[-1]["intent"] == "ask_reason"
    reason = "Climate change makes this urgent; a help desk for results-based funding would help."
    messages = chat.send(reason)
    assert answers(chat) == {(PROGRESS, DIGITAL): (1, reason)}
    assert asked(messages) == (RELEVANCE, DIGITAL)
    messages = chat.send("about 4")
    assert messages[-1]["intent"] == "confirm_score"
    assert "Shall I record 4" in messages[-1]["text"]
    assert len(answers(chat)) == 1
    chat.send("yes")
    assert answers(chat)[(RELEVANCE, DIGITAL)] == (4, "")
    messages = chat.send("change")
    assert messages[-1]["intent"] == "change"
    messages = chat.send("progressed")
    assert messages[-1]["intent"] == "change_value"
    assert "How well has the focus area progressed?" in messages[-1]["text"]
    assert "is now 1" in messages[-1]["text"]
    assert chat.send("3.5")[-1]["intent"] == "confirm_score"
    assert answers(chat)[(PROGRESS, DIGITAL)] == (1, reason)
    messages = chat.send("3")
    assert "1 → 3" in messages[0]["text"]
    # The value changes; the reason given before stays, as in the form.
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, reason), (RELEVANCE, DIGITAL): (4, "")}
    assert asked(messages) == (PROGRESS, HEALTH)
    messages = chat.send("What does the strategy say about software?")
    assert messages[0]["intent"] == "question"
    assert asked(messages) == (PROGRESS, HEALTH)


def a_proposal_about_answers_stays_a_proposal(chat, step):
    """ "Maakunnan pitäisi muuttaa vastaustaan ..." proposes: the stored score stays, the next
    number answers the open question, and the proposal is stored; a participant who writes
    "minun pitäisi muuttaa vastaustani" gets the change one tap away."""
    assert asked(chat.prompt()) == (PROGRESS, DIGITAL)
    chat.send("3")
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, "")}
    text = "Maakunnan pitäisi muuttaa vastaustaan ilmastokriisiin nopeammin"
    messages = chat.send(text)
    assert messages[-1]["intent"] == "suggestion"
    assert values(messages[-1]) == ["yes", "no"]
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, "")}
    # A number drops the offer and answers the question asked, not the stored answer.
    messages = chat.send("4")
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, ""), (RELEVANCE, DIGITAL): (4, "")}
    assert asked(messages) == (PROGRESS, HEALTH)
    assert proposals(chat) == []
    assert chat.send(text)[-1]["intent"] == "suggestion"
    assert chat.send("kyllä")[-1]["intent"] == "proposal_area"
    assert chat.send(reply="area:energia")[-1]["intent"] == "proposal_element"
    assert chat.send(reply="ref:focus_area/energia")[-1]["intent"] == "proposal_kind"
    assert chat.send(reply="kind:add_challenge")[-1]["intent"] == "proposal_rationale"
    rationale = "Vastaukset ilmastokriisiin ovat hitaita."
    assert chat.send(rationale)[-1]["intent"] == "proposal_confirm"
    assert proposals(chat) == []
    messages = chat.send("kyllä")
    assert messages[0]["intent"] == "proposal_submitted"
    assert proposals(chat) == [("add_challenge", "focus_area/energia", "energia", text, rationale)]
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, ""), (RELEVANCE, DIGITAL): (4, "")}
    assert asked(messages) == (PROGRESS, HEALTH)
    messages = chat.send("Minun pitäisi muuttaa vastaustani")
    assert values(messages[-1]) == ["yes", "change", "no"]
    messages = chat.send(reply="change", label="Ei, muutan vastaustani")
    assert messages[-1]["intent"] == "change"
    assert chat.send("peru")[0]["intent"] == "cancelled"
    assert answers(chat) == {(PROGRESS, DIGITAL): (3, ""), (RELEVANCE, DIGITAL): (4, "")}
    assert len(proposals(chat)) == 1


def a_sentence_that_begins_with_a_digit_is_confirmed_first(chat, step):
    """ "3 uutta yritystä ..." is stored only once the participant says 3 is the score (with
    the sentence as its reason); "10 vuotta ..." is off the scale, so it is a sentence; "4 –
    hyvä" and "4 koska ..." are plain scores."""
    assert asked(chat.prompt()) == (PROGRESS, DIGITAL)
    text = "3 uutta yritystä aloitti viime vuonna, mutta en osaa arvioida"
    messages = chat.send(text)
    assert messages[-1]["intent"] == "confirm_score"
    assert values(messages[-1]) == ["score:3", "cancel"]
    assert answers(chat) == {}
    messages = chat.send("ei")
    assert messages[0]["intent"] == "cancelled"
    assert answers(chat) == {}
    assert asked(messages) == (PROGRESS, DIGITAL)
    messages = chat.send("10 vuotta sitten alalla oli enemmän yrityksiä")
    assert messages[0]["intent"] == "question"  # answered as a question: nothing is stored
    assert answers(chat) == {}
    messages = chat.send("2 hanketta käynnistyi Oulussa")
    assert messages[-1]["intent"] == "confirm_score"
    assert answers(chat) == {}
    messages = chat.send(reply="score:2", label="2")
    assert answers(chat) == {(PROGRESS, DIGITAL): (2, "2 hanketta käynnistyi Oulussa")}
    assert asked(messages) == (RELEVANCE, DIGITAL)
    messages = chat.send("4 – hyvä kehitys")
    assert messages[0]["intent"] == "recorded"
    assert answers(chat)[(RELEVANCE, DIGITAL)] == (4, "hyvä kehitys")
    assert asked(messages) == (PROGRESS, HEALTH)
    messages = chat.send("5G-verkot kattavat jo maakunnan")
    assert messages[0]["intent"] == "question"
    messages = chat.send("4 koska hoitajia puuttuu")
    assert answers(chat)[(PROGRESS, HEALTH)] == (4, "koska hoitajia puuttuu")
    assert len(answers(chat)) == 3


def no_proposal_is_walked_through_in_a_step_that_takes_none(chat, step):
    """In the indicators step a suggestion is not offered as a proposal: the chat says where
    proposals are taken and shows the text; a proposal whose step changes before it is
    submitted is not offered again to fail; in the proposals step it is stored."""
    chat.prompt()
    facilitator_opens(step, StepKind.INDICATORS)
    assert intents_of(chat.prompt()) == ["step"]
    text = "The strategy should add a hydrogen competence centre in Oulu"
    messages = chat.send(text)
    assert intents_of(messages) == ["proposals_closed"]
    assert text in messages[0]["text"]
    assert values(messages[0]) == []
    assert proposals(chat) == []
    facilitator_opens(step)
    assert asked(chat.prompt()) == (PROGRESS, DIGITAL)
    assert chat.send(text)[-1]["intent"] == "suggestion"
    assert chat.send("yes")[-1]["intent"] == "proposal_area"
    chat.send(reply="area:energia")
    chat.send(reply="ref:focus_area/energia")
    chat.send(reply="kind:add_challenge")
    rationale = "Research groups already work on this."
    assert chat.send(rationale)[-1]["intent"] == "proposal_confirm"
    assert proposals(chat) == []
    facilitator_opens(step, StepKind.INDICATORS)
    chat.prompt()
    messages = chat.send("yes")
    assert messages[0]["intent"] == "proposals_closed"
    assert text in messages[0]["text"] and rationale in messages[0]["text"]
    assert all(values(message) == [] for message in messages)
    assert proposals(chat) == []
    assert chat.send("yes")[0]["intent"] == "fallback"
    assert proposals(chat) == []
    facilitator_opens(step, StepKind.PROPOSALS)
    chat.prompt()
    assert chat.send(text)[-1]["intent"] == "suggestion"
    chat.send("yes")
    chat.send(reply="area:energia")
    chat.send(reply="ref:focus_area/energia")
    chat.send(reply="kind:add_challenge")
    chat.send(rationale)
    assert chat.send("yes")[0]["intent"] == "proposal_submitted"
    # Stored in the chat's cleaned wording of "The strategy should add ...".
    cleaned = "Add a hydrogen competence centre in Oulu"
    assert proposals(chat) == [
        ("add_challenge", "focus_area/energia", "energia", cleaned, rationale)
    ]
    assert answers(chat) == {}


def a_reason_typed_as_the_step_closes_is_not_lost_silently(chat, step):
    """A reason, a hedged score's confirmation or a change typed after the step closed is
    answered with what was not saved, never taken as a proposal, a question or a score."""
    assert asked(chat.prompt()) == (PROGRESS, DIGITAL)
    assert chat.send("5")[-1]["intent"] == "ask_reason"
    assert answers(chat) == {(PROGRESS, DIGITAL): (5, "")}
    facilitator_closes(step)
    # The reason arrives before the page has asked the assistant what changed.
    messages = chat.send("Ohjelmistoyrityksiä pitäisi tukea enemmän")
    assert intents_of(messages) == ["step_closed"]
    assert answers(chat) == {(PROGRESS, DIGITAL): (5, "")}
    assert proposals(chat) == []
    assert intents_of(chat.prompt()) == ["step"]
    facilitator_opens(step)
    assert asked(chat.prompt()) == (RELEVANCE, DIGITAL)
    assert chat.send("1")[-1]["intent"] == "ask_reason"
    facilitator_closes(step)
    # The page followed the step first: the closing says it, and so does the late reason.
    assert intents_of(chat.prompt()) == ["step_closed", "step"]
    messages = chat.send("Muutama hanke, mutta mitä strategia sanoo tästä?")
    assert intents_of(messages) == ["step_closed"]
    assert answers(chat) == {(PROGRESS, DIGITAL): (5, ""), (RELEVANCE, DIGITAL): (1, "")}
    facilitator_opens(step)
    assert asked(chat.prompt()) == (PROGRESS, HEALTH)
    assert chat.send("3,5")[-1]["intent"] == "confirm_score"
    facilitator_closes(step)
    assert intents_of(chat.prompt()) == ["step_closed", "step"]
    assert intents_of(chat.send("4")) == ["step_closed"]
    assert len(answers(chat)) == 2
    facilitator_opens(step)
    chat.prompt()
    chat.send("muuta vastaustani")
    assert chat.send(reply=f"cell:{PROGRESS}|{DIGITAL}")[-1]["intent"] == "change_value"
    facilitator_opens(step, StepKind.PROPOSALS)
    assert intents_of(chat.prompt()) == ["step_closed", "step"]
    assert intents_of(chat.send("2")) == ["step_closed"]
    assert answers(chat) == {(PROGRESS, DIGITAL): (5, ""), (RELEVANCE, DIGITAL): (1, "")}
    # Only the next message was meant for the closed stage.
    assert chat.send("Pitäisi lisätä vetytalouden osaamiskeskus")[-1]["intent"] == "suggestion"


CONVERSATIONS = [
    (reasons_with_ordinary_words_are_kept, "fi"),
    (a_change_writes_only_the_chosen_answer, "fi"),
    (hedged_scores_are_confirmed_first, "fi"),
    (the_form_answer_is_shown_before_it_is_replaced, "fi"),
    (a_proposal_is_made_with_typed_choices, "fi"),
    (an_english_conversation, "en"),
    (a_proposal_about_answers_stays_a_proposal, "fi"),
    (a_sentence_that_begins_with_a_digit_is_confirmed_first, "fi"),
    (no_proposal_is_walked_through_in_a_step_that_takes_none, "en"),
    (a_reason_typed_as_the_step_closes_is_not_lost_silently, "fi"),
]


def participant_of(chat) -> Participant:
    return db.session.get(Participant, chat.participant_id)
